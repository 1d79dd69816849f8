package project

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// Adding a member to any JSON object file keeps every byte before the last
// member's end and from the closing brace on, and the result reads back as
// the object plus the member, whatever style the file is written in.
func FuzzSpliceAddMember(f *testing.F) {
	for _, s := range []string{
		"{ }", "{}\n", "{\n  \"a\" : 1\n}", "{\"a\":1,\"b\":[1,2]}", "{\r\n\t\"a\": {\r\n\t\t\"b\": []\r\n\t}\r\n}\r\n",
		"{\n  \"x\" : [ {\n    \"y\" : { }\n  } ]\n}",
	} {
		f.Add([]byte(s), "New", "v")
	}
	f.Fuzz(func(t *testing.T, data []byte, key, value string) {
		if !utf8.ValidString(key) || !utf8.ValidString(value) {
			return // JSON strings hold text
		}
		o, err := parseObject("f.json", data)
		if err != nil {
			return
		}
		var before map[string]json.RawMessage
		if json.Unmarshal(data, &before) != nil {
			return
		}
		if _, dup := before[key]; dup {
			return
		}
		st := detectStyle(data)
		entry := obj{{"value", value}, {"list", arr{value, obj{}}}, {"empty", arr{}}}
		out := spliceObject(o, nil, nil, []spliceEntry{{key: key, value: encodeStyled(entry, st.unit, st)}}, st)
		var after map[string]json.RawMessage
		if err := json.Unmarshal(out, &after); err != nil {
			t.Fatalf("result is not JSON: %v\n%s", err, out)
		}
		var got struct {
			Value string `json:"value"`
			List  []any  `json:"list"`
		}
		if err := json.Unmarshal(after[key], &got); err != nil || got.Value != value || len(got.List) != 2 {
			t.Fatalf("added member reads back as %s", after[key])
		}
		delete(after, key)
		if len(after) != len(before) {
			t.Fatalf("members %d, want %d", len(after), len(before))
		}
		for k, v := range before {
			if !bytes.Equal(after[k], v) {
				t.Fatalf("member %q changed", k)
			}
		}
		end := lastEnd(o)
		if len(o.members) > 0 && !bytes.HasPrefix(out, data[:end]) {
			t.Fatalf("prefix changed:\n%s\n%s", data, out)
		}
		if !bytes.HasSuffix(out, data[o.close:]) {
			t.Fatalf("suffix changed:\n%s\n%s", data, out)
		}
		if len(o.members) > 0 && !bytes.HasSuffix(out, data[end:]) && st.sep != "" {
			// The bytes after the last member (its white space, the brace and
			// what follows) stay.
			t.Fatalf("tail changed:\n%q\n%q", data, out)
		}
	})
}

// The style detector reports the separator a Jackson or studio file uses,
// and a document written in a detected style is detected as that style.
func FuzzDetectStyle(f *testing.F) {
	f.Add([]byte("{\n  \"a\" : [ 1 ],\n  \"b\" : { }\n}"))
	f.Add([]byte("{\n    \"a\": [\n        1\n    ],\n    \"b\": {}\n}\n"))
	f.Add([]byte(`{"a":[],"b":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		st := detectStyle(data) // must not panic on any input
		if strings.Trim(st.sep, " \t") != ":" && st.sep != ": " {
			t.Fatalf("separator %q", st.sep)
		}
		if strings.Trim(st.unit, " \t") != "" {
			t.Fatalf("indentation %q", st.unit)
		}
		if st.compact || st.unit == "" || strings.ContainsAny(st.sep, "\r\n") {
			return
		}
		doc := documentStyled(obj{{"k", arr{1, obj{{"x", arr{}}}}}, {"e", obj{}}}, st)
		again := detectStyle(doc)
		if again.sep != st.sep || again.unit != st.unit || again.emptyArr != st.emptyArr || again.emptyObj != st.emptyObj ||
			again.inline != st.inline || again.finalNL != st.finalNL || again.nl != st.nl {
			t.Fatalf("style %+v wrote a document detected as %+v:\n%s", st, again, doc)
		}
	})
}

// Setting or deleting one key of any .properties file reads back as the
// expected map, and every line of another key is left as it was.
func FuzzPropertiesEdit(f *testing.F) {
	f.Add([]byte("# c\n\na=1\nb : 2\\\n  3\nc 4"), "b", "x:y", false)
	f.Add([]byte("a=1\r\n! c\r\nwebsocket.e.host=h\\:1"), "new.key", "v", false)
	f.Add([]byte("a=1\nb=2\n"), "b", "", true)
	f.Fuzz(func(t *testing.T, data []byte, key, value string, del bool) {
		old, err := ParseProperties("p", data)
		if err != nil || key == "" || !utf8.ValidString(key) || !utf8.ValidString(value) {
			return
		}
		want := cloneMap(old)
		if del {
			delete(want, key)
		} else {
			want[key] = value
		}
		pf := parsePropLines(data)
		out := pf.edit(old, want, nil)
		got, err := ParseProperties("p", out)
		if err != nil {
			t.Fatalf("edited file does not read: %v\n%q", err, out)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("read back %v, want %v\nfrom %q\nto   %q", got, want, data, out)
		}
		// The lines of other keys keep their bytes.
		for _, l := range pf.lines {
			if l.key == key {
				continue
			}
			line := strings.TrimRight(string(data[l.start:l.end]), "\r\n")
			if !bytes.Contains(out, []byte(line)) {
				t.Fatalf("line %q of key %q was changed:\n%q", line, l.key, out)
			}
		}
		if _, had := old[key]; !del && !had && len(data) > 0 && !bytes.HasPrefix(out, bytes.TrimRight(data, "\r\n")) {
			t.Fatalf("appending changed the file before its end:\n%q\n%q", data, out)
		}
		if !del && old[key] == value && !bytes.Equal(out, data) {
			if _, had := old[key]; had {
				t.Fatalf("an unchanged value rewrote the file")
			}
		}
	})
}

// The servicedef.xml reader never panics, and reads back the attributes of
// any <service> element written with them.
func FuzzServiceDef(f *testing.F) {
	f.Add([]byte(`<service id="a" type="WebSocketService" springFile="a.spring.xml"/>`), "ws", "WebSocketService", "ws.spring.xml")
	f.Add([]byte(`<?xml version="1.0"?><x/>`), "", "", "")
	f.Fuzz(func(t *testing.T, data []byte, id, typ, spring string) {
		parseServiceDef("servicedef.xml", data) // any input: an error or a result, no panic
		if !utf8.ValidString(id) || !utf8.ValidString(typ) || !utf8.ValidString(spring) {
			return
		}
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<service xmlns="http://www.wavemaker.com/namespaces/ServiceDefinitions/1.0" id="`)
		xmlEscapeAttr(&b, id)
		b.WriteString(`" type="`)
		xmlEscapeAttr(&b, typ)
		b.WriteString(`" springFile="`)
		xmlEscapeAttr(&b, spring)
		b.WriteString(`"><operation name="invoke"/></service>`)
		def, err := parseServiceDef("servicedef.xml", b.Bytes())
		if err != nil {
			if !validXMLText(id + typ + spring) {
				return
			}
			t.Fatalf("%v\n%s", err, b.Bytes())
		}
		if def.ID != id || def.Type != typ || def.SpringFile != spring {
			t.Fatalf("read %+v from %s", def, b.Bytes())
		}
		// Retagging with the values it has changes nothing; with others,
		// it reads back as them.
		if !bytes.Equal(retagServiceDef(b.Bytes(), id, spring), b.Bytes()) {
			t.Fatalf("retag with the same values changed the file")
		}
		re := retagServiceDef(b.Bytes(), "renamed", "renamed.spring.xml")
		if d2, err := parseServiceDef("servicedef.xml", re); err != nil || d2.ID != "renamed" || d2.SpringFile != "renamed.spring.xml" || d2.Type != typ {
			t.Fatalf("retagged %+v %v:\n%s", d2, err, re)
		}
	})
}

func xmlEscapeAttr(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("&quot;")
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '\t', '\n', '\r':
			b.WriteString("&#" + string(rune('0'+r/10)) + string(rune('0'+r%10)) + ";")
		default:
			b.WriteRune(r)
		}
	}
}

// validXMLText reports whether s holds only characters XML allows.
func validXMLText(s string) bool {
	for _, r := range s {
		if r == 0xFFFD || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0xD800 && r < 0xE000 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
	}
	return true
}

// toTree turns a parsed document back into the writer's values, members in
// file order, scalars as their raw bytes.
func toTree(data []byte, n *jnode) any {
	switch n.kind {
	case '{':
		o := obj{}
		for _, m := range n.members {
			o = append(o, member{m.key, toTree(data, m.val)})
		}
		return o
	case '[':
		a := arr{}
		for _, e := range n.elems {
			a = append(a, toTree(data, e))
		}
		return a
	}
	return rawJSON(data[n.start:n.end])
}

func hasDupKeys(n *jnode) bool {
	seen := map[string]bool{}
	for _, m := range n.members {
		if seen[m.key] || hasDupKeys(m.val) {
			return true
		}
		seen[m.key] = true
	}
	for _, e := range n.elems {
		if hasDupKeys(e) {
			return true
		}
	}
	return false
}

// Patching a document with its own values changes no byte; patching it with
// one member set reads back as the document with that member set, and the
// bytes before the member stay.
func FuzzPatchJSON(f *testing.F) {
	f.Add([]byte("{\n  \"a\" : [ 1, { \"b\" : { } } ],\n  \"headers\" : { \"x\" : \"1\" }\n}"), "a", "v")
	f.Add([]byte(`{"x":{"y":[]},"z":null}`), "new", "")
	f.Add([]byte("{ }"), "k", "v")
	f.Fuzz(func(t *testing.T, data []byte, key, value string) {
		if !json.Valid(data) || !utf8.ValidString(key) || !utf8.ValidString(value) {
			return
		}
		sc := &jsonScanner{data: data}
		root, _, err := sc.value(0)
		if err != nil || root.kind != '{' || hasDupKeys(root) {
			return
		}
		st := detectStyle(data)
		same, err := patchJSON(data, toTree(data, root), st, false)
		if err != nil || !bytes.Equal(same, data) {
			t.Fatalf("patching with the same values changed the document (%v):\n%q\n%q", err, data, same)
		}
		want := toTree(data, root).(obj)
		found := false
		for i := range want {
			if want[i].k == key {
				want[i].v, found = value, true
			}
		}
		if !found {
			want = append(want, member{key, value})
		}
		out, err := patchJSON(data, want, st, false)
		if err != nil {
			t.Fatal(err)
		}
		var got, exp map[string]any
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("patched document is not JSON: %v\n%q", err, out)
		}
		json.Unmarshal(data, &exp)
		exp[key] = value
		if !reflect.DeepEqual(got, exp) {
			t.Fatalf("patched document reads %v, want %v\n%q", got, exp, out)
		}
		for _, m := range root.members {
			if m.key == key {
				if !bytes.HasPrefix(out, data[:m.val.start]) {
					t.Fatalf("bytes before the member changed:\n%q\n%q", data, out)
				}
			}
		}
	})
}
