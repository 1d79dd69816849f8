package project

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The studio writes JSON with its own small writer so that keys come out in
// the order WaveMaker uses (and properties in sample order), pretty-printed
// with two spaces, the same bytes on every save.

// obj is a JSON object with ordered members.
type obj []member

type member struct {
	k string
	v any // string, bool, int, int64, nil, obj, arr, []string, rawJSON
}

// arr is a JSON array.
type arr []any

// rawJSON is a value kept exactly as it was read.
type rawJSON []byte

func (o obj) add(k string, v any) obj { return append(o, member{k, v}) }

// jsonStyle is how a JSON file is laid out, so that an entry added to an
// existing file looks like its neighbours.
type jsonStyle struct {
	sep      string // between a key and its value: ": " or " : "
	unit     string // one level of indentation
	nl       string // line ending: "\n" or "\r\n"
	emptyArr string // "[]" or "[ ]"
	emptyObj string // "{}" or "{ }"
	inline   bool   // arrays on one line, Jackson style: [ "a", "b" ] and [ {…}, {…} ]
	compact  bool   // everything on one line: {"a":1,"b":[2]}
	finalNL  bool   // the file ends with a line ending
}

// studioStyle is the studio's own layout, used where a project shows none.
var studioStyle = jsonStyle{sep: ": ", unit: "  ", nl: "\n", emptyArr: "[]", emptyObj: "{}", finalNL: true}

// jacksonStyle is the layout of Jackson's default pretty printer, which
// WaveMaker writes.
var jacksonStyle = jsonStyle{sep: " : ", unit: "  ", nl: "\n", emptyArr: "[ ]", emptyObj: "{ }", inline: true}

// detectStyle reads the layout of a JSON document: the first key-value
// separator, the indentation of the first nested line, the first empty
// array and object, whether the first non-empty array starts its elements
// on the same line, and the end of the file. What the document does not
// show follows the style its separator suggests (Jackson's for " : ").
func detectStyle(data []byte) jsonStyle {
	st := studioStyle
	var haveSep, haveArr, haveObj, haveInline, haveUnit bool
	var inline bool
	depth := 0
	sawNL := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch c {
		case '"':
			i = skipString(data, i)
			continue
		case '\n':
			if depth > 0 {
				sawNL = true
			}
			if !haveUnit && depth > 0 {
				j := i + 1
				for j < len(data) && (data[j] == ' ' || data[j] == '\t') {
					j++
				}
				if j > i+1 && j < len(data) && data[j] != '\n' && data[j] != '\r' {
					unit := string(data[i+1 : j])
					if depth > 1 && len(unit)%depth == 0 {
						unit = unit[:len(unit)/depth]
					}
					st.unit, haveUnit = unit, true
				}
			}
		case ':':
			if !haveSep {
				a := i
				for a > 0 && isJSONSpace(data[a-1]) {
					a--
				}
				b := i + 1
				for b < len(data) && (data[b] == ' ' || data[b] == '\t') {
					b++
				}
				st.sep, haveSep = string(data[a:b]), true
			}
		case '[', '{':
			depth++
			j := i + 1
			for j < len(data) && isJSONSpace(data[j]) {
				j++
			}
			closeWith := byte(']')
			if c == '{' {
				closeWith = '}'
			}
			if j < len(data) && data[j] == closeWith {
				empty := string(c) + string(closeWith)
				if j > i+1 && !bytes.ContainsAny(data[i+1:j], "\r\n") {
					empty = string(c) + " " + string(closeWith)
				}
				if c == '[' && !haveArr {
					st.emptyArr, haveArr = empty, true
				}
				if c == '{' && !haveObj {
					st.emptyObj, haveObj = empty, true
				}
			} else if c == '[' && !haveInline && j < len(data) {
				inline, haveInline = !bytes.ContainsAny(data[i+1:j], "\n"), true
			}
		case ']', '}':
			depth--
		}
	}
	jackson := strings.HasPrefix(st.sep, " ")
	if !haveArr && jackson {
		st.emptyArr = jacksonStyle.emptyArr
	}
	if !haveObj && jackson {
		st.emptyObj = jacksonStyle.emptyObj
	}
	st.inline = jackson
	if haveInline {
		st.inline = inline
	}
	if !haveSep {
		st.sep = studioStyle.sep
		if haveArr && st.emptyArr == "[ ]" || haveObj && st.emptyObj == "{ }" {
			st.sep = jacksonStyle.sep
		}
	}
	if bytes.Contains(data, []byte("\r\n")) {
		st.nl = "\r\n"
	}
	trimmed := bytes.TrimSpace(data)
	st.compact = !sawNL && len(trimmed) > 2 && !bytes.Equal(trimmed, []byte(st.emptyObj)) && !bytes.Equal(trimmed, []byte(st.emptyArr))
	if st.compact {
		st.unit = ""
	}
	st.finalNL = bytes.HasSuffix(data, []byte("\n"))
	return st
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// skipString returns the offset of the closing quote of the string that
// opens at i (or the end of data).
func skipString(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return len(data)
}

// encodeJSON renders v pretty-printed in the studio's style, each nested
// line prefixed with indent (the indentation of the line v starts on), no
// trailing newline.
func encodeJSON(v any, indent string) []byte {
	return encodeStyled(v, indent, studioStyle)
}

// encodeStyled renders v in style st, each nested line prefixed with indent.
func encodeStyled(v any, indent string, st jsonStyle) []byte {
	var b bytes.Buffer
	writeJSON(&b, v, indent, st)
	return b.Bytes()
}

// document renders v as a whole file in the studio's style.
func document(v any) []byte { return documentStyled(v, studioStyle) }

// documentStyled renders v as a whole file in style st.
func documentStyled(v any, st jsonStyle) []byte {
	b := encodeStyled(v, "", st)
	if st.finalNL {
		b = append(b, st.nl...)
	}
	return b
}

func writeJSON(b *bytes.Buffer, v any, indent string, st jsonStyle) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		writeString(b, x)
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case rawJSON:
		b.Write(x)
	case []string:
		a := make(arr, len(x))
		for i, s := range x {
			a[i] = s
		}
		writeJSON(b, a, indent, st)
	case arr:
		if len(x) == 0 {
			b.WriteString(st.emptyArr)
			return
		}
		if st.compact || st.inline {
			open, sep, end := "[ ", ", ", " ]"
			if st.compact {
				open, sep, end = "[", ",", "]"
			}
			b.WriteString(open)
			for i, e := range x {
				if i > 0 {
					b.WriteString(sep)
				}
				writeJSON(b, e, indent, st)
			}
			b.WriteString(end)
			return
		}
		b.WriteString("[")
		b.WriteString(st.nl)
		in := indent + st.unit
		for i, e := range x {
			b.WriteString(in)
			writeJSON(b, e, in, st)
			if i < len(x)-1 {
				b.WriteByte(',')
			}
			b.WriteString(st.nl)
		}
		b.WriteString(indent)
		b.WriteByte(']')
	case obj:
		if len(x) == 0 {
			b.WriteString(st.emptyObj)
			return
		}
		b.WriteString("{")
		in := indent + st.unit
		for i, m := range x {
			if !st.compact {
				b.WriteString(st.nl)
				b.WriteString(in)
			}
			writeString(b, m.k)
			b.WriteString(st.sep)
			writeJSON(b, m.v, in, st)
			if i < len(x)-1 {
				b.WriteByte(',')
			}
		}
		if !st.compact {
			b.WriteString(st.nl)
			b.WriteString(indent)
		}
		b.WriteByte('}')
	default:
		panic(fmt.Sprintf("project: cannot write %T as JSON", v))
	}
}

// writeString writes a JSON string without HTML escaping, so that "<" and
// "&" stay readable in the files.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // cannot fail for a string
	b.Truncate(b.Len() - 1)
}

// checkJSON returns an error naming the file and the line when data is not
// valid JSON.
func checkJSON(name string, data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v any
	err := json.Unmarshal(data, &v)
	if se, ok := err.(*json.SyntaxError); ok {
		line, col := lineCol(data, int(se.Offset))
		return fmt.Errorf("%s:%d:%d: malformed JSON: %s", name, line, col, se.Error())
	}
	if err == nil {
		return fmt.Errorf("%s: malformed JSON", name)
	}
	return fmt.Errorf("%s: malformed JSON: %v", name, err)
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// jsonMember is one member of a top-level JSON object with its byte span.
type jsonMember struct {
	key        string
	start, end int // [start, end): from the key's opening quote to the end of the value
	value      []byte
}

// jsonObject is a JSON object file split into its members, for splicing.
type jsonObject struct {
	raw     []byte
	open    int // offset just after "{"
	close   int // offset of the final "}"
	members []jsonMember
}

// parseObject splits valid JSON data holding an object into its members.
func parseObject(name string, data []byte) (*jsonObject, error) {
	if err := checkJSON(name, data); err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(data))
	tok, err := d.Token()
	if delim, ok := tok.(json.Delim); err != nil || !ok || delim != '{' {
		return nil, fmt.Errorf("%s: expected a JSON object", name)
	}
	o := &jsonObject{raw: data, open: int(d.InputOffset())}
	prev := o.open
	for d.More() {
		start := skipSep(data, prev)
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		end := int(d.InputOffset())
		o.members = append(o.members, jsonMember{key: key, start: start, end: end, value: data[end-len(raw) : end]})
		prev = end
	}
	if _, err := d.Token(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	o.close = int(d.InputOffset()) - 1
	return o, nil
}

// skipSep skips white space and one comma from off.
func skipSep(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
			continue
		}
		break
	}
	return off
}

// lineIndent is the white space at the start of the line holding off.
func lineIndent(data []byte, off int) string {
	ls := bytes.LastIndexByte(data[:off], '\n') + 1
	i := ls
	for i < off && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	return string(data[ls:i])
}
