package frame

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestXMLGolden converts every testdata/xml/*.xml and compares with the
// .json beside it.
func TestXMLGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/xml/*.xml")
	if len(files) == 0 {
		t.Fatal("no golden inputs in testdata/xml")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := xmlToJSON(raw)
			if !ok {
				t.Fatalf("%s was not accepted as XML", f)
			}
			if !json.Valid(got) {
				t.Fatalf("output is not JSON: %s", got)
			}
			golden := strings.TrimSuffix(f, ".xml") + ".json"
			if *update {
				os.WriteFile(golden, append(got, '\n'), 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(got)+"\n" != string(want) {
				t.Errorf("xmlToJSON(%s)\n got %s\nwant %s", f, got, want)
			}
		})
	}
}

func TestXMLShapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<a/>`, `{"a":""}`},
		{`<a>x</a>`, `{"a":"x"}`},
		{`<a id="1"/>`, `{"a":{"@id":"1"}}`},
		{`<a id="1">x</a>`, `{"a":{"@id":"1","#text":"x"}}`},
		{`<a><b>1</b><b>2</b><c>3</c><b>4</b></a>`, `{"a":{"b":["1","2","4"],"c":"3"}}`},
		{`<a> <b>1</b> </a>`, `{"a":{"b":"1"}}`},
		{`<a>t<b>1</b></a>`, `{"a":{"b":"1","#text":"t"}}`},
		{`<?xml version="1.0"?><!-- c --><a>"q" &amp; \</a>`, `{"a":"\"q\" & \\"}`},
		{`<a><![CDATA[<x>]]></a>`, `{"a":"<x>"}`},
		{`<x:a xmlns:x="urn:x"><x:b>1</x:b></x:a>`, `{"a":{"b":"1"}}`},
		{"<a>\t\n</a>", `{"a":"\t\n"}`},
	}
	for _, tt := range tests {
		got, ok := xmlToJSON([]byte(tt.in))
		if !ok || string(got) != tt.want {
			t.Errorf("xmlToJSON(%q) = %s, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
}

func TestXMLRejects(t *testing.T) {
	for _, in := range []string{
		``, `hello`, `<a>`, `<a></b>`, `<a/><b/>`, `<a/>trailing`, `x<a/>`,
		`<a>&nope;</a>`, "<a>\xff</a>", strings.Repeat("<a>", maxXMLDepth+1) + strings.Repeat("</a>", maxXMLDepth+1),
	} {
		if got, ok := xmlToJSON([]byte(in)); ok {
			t.Errorf("xmlToJSON(%.40q) accepted: %s", in, got)
		}
	}
}

func FuzzXMLToJSON(f *testing.F) {
	for _, s := range []string{`<a/>`, `<a b="1"><c>2</c><c>3</c>t</a>`, `<x:a xmlns:x="u">&lt;</x:a>`, `<a><![CDATA[x]]></a>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		out, ok := xmlToJSON(raw)
		if ok && !json.Valid(out) {
			t.Fatalf("xmlToJSON(%q) produced invalid JSON %q", raw, out)
		}
	})
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `<a/>`, `text`, "\xff\x00"} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, raw []byte, binary bool) {
		k, doc := Classify(raw, binary)
		if !json.Valid(doc) {
			t.Fatalf("Classify(%q) JSON %q is not valid", raw, doc)
		}
		if binary != (k == Binary) {
			t.Fatalf("Classify(%q, %v) = %v", raw, binary, k)
		}
	})
}
