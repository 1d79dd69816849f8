package project

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
)

// A service the user edited is written by patching each of its files as
// read, not by writing them anew: a value that did not change keeps its
// bytes, a changed one is replaced where it stands, new members go after
// their siblings in the file's style, and members the studio does not know
// (written by WaveMaker or by hand) stay where they are. Only in objects
// that are maps of the user's names (headers, query parameters, paths,
// definitions, properties) does a member missing from the new document go.

// jnode is one JSON value of a document with its byte span.
type jnode struct {
	start, end int
	kind       byte // '{', '[', or 0 for a scalar
	members    []jmember
	elems      []*jnode
}

type jmember struct {
	key   string
	start int // the key's opening quote
	val   *jnode
}

// jsonScanner parses a document that json.Valid accepted.
type jsonScanner struct {
	data  []byte
	depth int
}

func (s *jsonScanner) space(i int) int {
	for i < len(s.data) && isJSONSpace(s.data[i]) {
		i++
	}
	return i
}

func (s *jsonScanner) value(i int) (*jnode, int, error) {
	i = s.space(i)
	if i >= len(s.data) {
		return nil, i, fmt.Errorf("unexpected end")
	}
	if s.depth > 10000 {
		return nil, i, fmt.Errorf("nested too deeply")
	}
	n := &jnode{start: i}
	switch c := s.data[i]; c {
	case '{':
		s.depth++
		n.kind = '{'
		i = s.space(i + 1)
		for i < len(s.data) && s.data[i] != '}' {
			if s.data[i] == ',' {
				i = s.space(i + 1)
				continue
			}
			ks := i
			ke := skipString(s.data, i)
			var key string
			if err := json.Unmarshal(s.data[ks:ke+1], &key); err != nil {
				return nil, i, err
			}
			i = s.space(ke + 1)
			if i >= len(s.data) || s.data[i] != ':' {
				return nil, i, fmt.Errorf("expected ':'")
			}
			v, j, err := s.value(i + 1)
			if err != nil {
				return nil, j, err
			}
			n.members = append(n.members, jmember{key: key, start: ks, val: v})
			i = s.space(j)
		}
		s.depth--
		n.end = i + 1
	case '[':
		s.depth++
		n.kind = '['
		i = s.space(i + 1)
		for i < len(s.data) && s.data[i] != ']' {
			if s.data[i] == ',' {
				i = s.space(i + 1)
				continue
			}
			v, j, err := s.value(i)
			if err != nil {
				return nil, j, err
			}
			n.elems = append(n.elems, v)
			i = s.space(j)
		}
		s.depth--
		n.end = i + 1
	case '"':
		n.end = skipString(s.data, i) + 1
	default:
		j := i
		for j < len(s.data) && !isJSONSpace(s.data[j]) && s.data[j] != ',' && s.data[j] != '}' && s.data[j] != ']' {
			j++
		}
		n.end = j
	}
	if n.end > len(s.data) {
		return nil, i, fmt.Errorf("unexpected end")
	}
	return n, n.end, nil
}

// mapKeys are the objects whose members are the user's names.
var mapKeys = map[string]bool{"headers": true, "queryParams": true, "paths": true, "definitions": true, "properties": true}

// schemaKeys are the members of a property's schema that the studio
// writes whenever they apply: one missing from the new value no longer
// applies (a property that became a $ref has no "type" any more) and goes,
// wherever it stands.
var schemaKeys = map[string]bool{"type": true, "format": true, "$ref": true, "items": true, "x-WM-IS_LIST": true}

type jedit struct {
	start, end int
	text       []byte
}

// patchJSON returns old with want's values, keeping every byte it can;
// mapTop says the document itself is a map of names.
func patchJSON(old []byte, want any, st jsonStyle, mapTop bool) ([]byte, error) {
	if !json.Valid(old) {
		return nil, fmt.Errorf("not JSON")
	}
	sc := &jsonScanner{data: old}
	root, _, err := sc.value(0)
	if err != nil {
		return nil, err
	}
	var edits []jedit
	patchNode(old, root, want, st, mapTop, &edits)
	if len(edits) == 0 {
		return old, nil
	}
	// By position; an insertion before a removal that starts where it does.
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end-edits[i].start < edits[j].end-edits[j].start
	})
	var out bytes.Buffer
	prev := 0
	for _, e := range edits {
		out.Write(old[prev:e.start])
		out.Write(e.text)
		prev = e.end
	}
	out.Write(old[prev:])
	return out.Bytes(), nil
}

func patchNode(data []byte, n *jnode, want any, st jsonStyle, isMap bool, edits *[]jedit) {
	indent := lineIndent(data, n.start)
	replace := func() {
		*edits = append(*edits, jedit{n.start, n.end, encodeStyled(want, indent, st)})
	}
	switch w := want.(type) {
	case obj:
		if n.kind != '{' || len(n.members) == 0 {
			if n.kind == '{' && len(w) == 0 {
				return // an empty object stays as written
			}
			replace()
			return
		}
		idx := map[string]int{}
		for i, m := range w {
			idx[m.k] = i
		}
		seen := map[string]bool{}
		kept := 0
		stays := func(key string) bool {
			_, ok := idx[key]
			return ok || !isMap && !schemaKeys[key]
		}
		for _, m := range n.members {
			if stays(m.key) {
				kept++
			}
		}
		if kept == 0 {
			if len(w) == 0 {
				*edits = append(*edits, jedit{n.start, n.end, []byte(st.emptyObj)})
			} else {
				replace()
			}
			return
		}
		lastKept := -1
		for i, m := range n.members {
			j, ok := idx[m.key]
			if seen[m.key] {
				ok = false // a repeated key: the first one is patched
			}
			if ok {
				seen[m.key] = true
				patchNode(data, m.val, w[j].v, st, mapKeys[m.key], edits)
				lastKept = i
				continue
			}
			if _, known := idx[m.key]; !isMap && (known || !schemaKeys[m.key]) {
				lastKept = i // a repeated key, or a member the studio does not own
				continue
			}
			// Remove the member with the separator before it; before the
			// first kept member, with the separator after it.
			if lastKept >= 0 {
				*edits = append(*edits, jedit{n.members[i-1].val.end, m.val.end, nil})
			} else {
				*edits = append(*edits, jedit{m.start, n.members[i+1].start, nil})
			}
		}
		var add bytes.Buffer
		memberIndent := indent + st.unit
		if len(n.members) > 0 {
			memberIndent = lineIndent(data, n.members[0].start)
		}
		for _, m := range w {
			if seen[m.k] {
				continue
			}
			if !st.compact || lastKept >= 0 || add.Len() > 0 {
				add.WriteByte(',')
			}
			if !st.compact {
				add.WriteString(st.nl)
				add.WriteString(memberIndent)
			}
			writeString(&add, m.k)
			add.WriteString(st.sep)
			writeJSON(&add, m.v, memberIndent, st)
		}
		if add.Len() == 0 {
			return
		}
		at := n.members[lastKept].val.end
		*edits = append(*edits, jedit{at, at, add.Bytes()})
	case arr:
		if n.kind != '[' || len(n.elems) != len(w) {
			if n.kind == '[' && len(w) == 0 && len(n.elems) == 0 {
				return
			}
			replace()
			return
		}
		for i, e := range n.elems {
			patchNode(data, e, w[i], st, false, edits)
		}
	case []string:
		a := make(arr, len(w))
		for i, s := range w {
			a[i] = s
		}
		patchNode(data, n, a, st, isMap, edits)
	default:
		if n.kind != 0 {
			replace()
			return
		}
		var have any
		if json.Unmarshal(data[n.start:n.end], &have) != nil {
			replace()
			return
		}
		var norm any
		raw, err := json.Marshal(jsonValue(want))
		if err == nil && json.Unmarshal(raw, &norm) == nil && reflect.DeepEqual(have, norm) {
			return
		}
		replace()
	}
}

// jsonValue turns a scalar of the writer into what encoding/json takes.
func jsonValue(v any) any {
	if r, ok := v.(rawJSON); ok {
		return json.RawMessage(r)
	}
	return v
}
