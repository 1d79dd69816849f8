package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"wsstudio/project"
)

var update = flag.Bool("update", false, "rewrite golden files")

// render writes definitions compactly: "Root{a:integer/int32 b:@b}; b{…}".
func render(defs project.Definitions) string {
	var parts []string
	for _, d := range defs {
		var props []string
		for _, p := range d.Properties {
			props = append(props, p.Name+":"+prop(p))
		}
		parts = append(parts, d.Name+"{"+strings.Join(props, " ")+"}")
	}
	return strings.Join(parts, "; ")
}

func prop(p project.Property) string {
	switch {
	case p.Ref != "":
		return "@" + p.Ref
	case p.Type == "array":
		s := "[" + prop(*p.Items) + "]"
		if p.IsList {
			s += "list"
		}
		return s
	case p.Format != "":
		return p.Type + "/" + p.Format
	}
	return p.Type
}

func TestInferRules(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"int32", `{"a":1,"b":-2147483648,"c":2147483647}`, "R{a:integer/int32 b:integer/int32 c:integer/int32}"},
		{"int64", `{"t":1764000000000,"n":-2147483649,"m":9223372036854775807}`, "R{t:integer/int64 n:integer/int64 m:integer/int64}"},
		{"double", `{"p":12.5,"e":1e3,"z":0.0,"big":9223372036854775808,"neg":-1.5E-3}`, "R{p:number/double e:number/double z:number/double big:number/double neg:number/double}"},
		{"boolean and string", `{"ok":true,"no":false,"s":"x","u":"\u00e9\n"}`, "R{ok:boolean no:boolean s:string u:string}"},
		{"nested", `{"quote":{"symbol":"A","px":{"bid":1.5,"ask":2}}}`, "R{quote:@quote}; quote{symbol:string px:@px}; px{bid:number/double ask:integer/int32}"},
		{"array of objects", `{"readings":[{"sensor":"s1","cm":12.3,"ok":true}]}`, "R{readings:[@readings]list}; readings{sensor:string cm:number/double ok:boolean}"},
		{"array of primitives", `{"tags":["a","b"],"n":[1,2,3]}`, "R{tags:[string] n:[integer/int32]}"},
		{"empty array and object", `{"a":[],"o":{}}`, "R{a:[string] o:@o}; o{}"},
		{"top-level array", `[{"id":1},{"id":2,"name":"x"}]`, "R{items:[@RItem]list}; RItem{id:integer/int32 name:string}"},
		{"top-level primitive array", `[1,2.5]`, "R{items:[number/double]}"},
		{"top-level scalar", `42`, "R{value:integer/int32}"},
		{"top-level null", `null`, "R{}"},
		{"null typed by other items", `[{"v":null},{"v":3}]`, "R{items:[@RItem]list}; RItem{v:integer/int32}"},
		{"null alone", `{"v":null,"w":[null,null]}`, "R{v:string w:[string]}"},
		{"widen int32 to int64", `[{"v":1},{"v":1764000000000}]`, "R{items:[@RItem]list}; RItem{v:integer/int64}"},
		{"widen int64 to double", `[1764000000000, 1, 0.5]`, "R{items:[number/double]}"},
		{"disagree becomes a widened string", `[{"v":1},{"v":"one"}]`, "R{items:[@RItem]list}; RItem{v:string/widened}"},
		{"object versus number", `[{"v":{"a":1}},{"v":2}]`, "R{items:[@RItem]list}; RItem{v:string/widened}"},
		{"bool versus number", `[true, 1]`, "R{items:[string/widened]}"},
		{"array versus object", `{"x":[{"a":[1]},{"a":{"b":1}},{"a":[2]}]}`, "R{x:[@x]list}; x{a:string/widened}"},
		{"fields merged across items", `{"l":[{"a":1},{"b":"x"},{"a":2,"c":{"d":true}}]}`, "R{l:[@l]list}; l{a:integer/int32 b:string c:@c}; c{d:boolean}"},
		{"arrays of arrays", `{"m":[[1,2],[3]],"o":[[{"a":1}]]}`, "R{m:[[integer/int32]] o:[[@o]list]}; o{a:integer/int32}"},
		{"duplicate names", `{"a":{"data":{"x":1}},"b":{"data":{"y":2}}}`, "R{a:@a b:@b}; a{data:@data}; data{x:integer/int32}; b{data:@data2}; data2{y:integer/int32}"},
		{"unsafe key names", `{"my-key":{"x":1},"":{"y":1},"9lives":{"z":1},"RootResponse":{"w":1}}`,
			"R{my-key:@my_key :@Object 9lives:@_9lives RootResponse:@RootResponse2}; my_key{x:integer/int32}; Object{y:integer/int32}; _9lives{z:integer/int32}; RootResponse2{w:integer/int32}"},
		{"escaped key", `{"a\"b":1,"\u0063":2}`, `R{a"b:integer/int32 c:integer/int32}`},
		{"whitespace", " \n{ \"a\" : [ 1 , 2 ] }\t", "R{a:[integer/int32]}"},
		{"not JSON", `hello there`, "R{}"},
		{"broken JSON", `{"a":1,}`, "R{}"},
		{"trailing garbage", `{"a":1} x`, "R{}"},
		{"empty", ``, "R{}"},
		{"xml", `<quote symbol="ACME"><price>12.5</price><volume>300</volume></quote>`, "R{quote:@quote}; quote{@symbol:string price:string volume:string}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defs, err := Infer([]byte(tc.in), "R")
			if err != nil {
				t.Fatal(err)
			}
			if got := render(defs); got != tc.want {
				t.Errorf("Infer(%s)\n got  %s\n want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestInferDeepNesting(t *testing.T) {
	for _, open := range []string{"[", `{"a":`} {
		deep := strings.Repeat(open, 100_000)
		_, err := Infer([]byte(deep), "RootResponse")
		var de *depthError
		if !errors.As(err, &de) {
			t.Fatalf("100,000 levels of %s: %v", open, err)
		}
		if want := "The sample nests objects and arrays deeper than 1000 levels (at byte"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("error %q", err)
		}
	}
	// MaxDepth itself is fine.
	ok := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if _, err := Infer([]byte(ok), "RootResponse"); err != nil {
		t.Fatalf("%d levels: %v", MaxDepth, err)
	}
}

// TestInferManySameNames: thousands of nested objects under the same key
// get distinct names without a quadratic search.
func TestInferManySameNames(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	const n = 20000
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":{"data":{"x":1}}`, i)
	}
	b.WriteString(`,"data2":{"y":2}}`)
	defs, err := Infer([]byte(b.String()), "RootResponse")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range defs {
		if seen[d.Name] {
			t.Fatalf("name %s twice", d.Name)
		}
		seen[d.Name] = true
	}
	if len(defs) != 1+2*n+1 || !seen["data"] || !seen["data20000"] || !seen["data2"] {
		t.Fatalf("%d definitions", len(defs))
	}
}

func TestInferRootName(t *testing.T) {
	if _, err := Infer([]byte(`{}`), ""); err == nil {
		t.Fatal("empty root name accepted")
	}
}

// TestInferGolden checks the demo feeds' shapes against testdata.
func TestInferGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/samples/*.json")
	if len(files) == 0 {
		t.Fatal("no samples")
	}
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		defs, err := Infer(in, "RootResponse")
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		got := []byte(strings.ReplaceAll(render(defs), "; ", "\n") + "\n")
		golden := filepath.Join("testdata", "infer", strings.TrimSuffix(filepath.Base(f), ".json")+".golden")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			os.WriteFile(golden, got, 0o644)
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: inferred definitions differ from %s:\n%s", f, golden, got)
		}
	}
}

func FuzzInfer(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `[{"a":null},{"a":1.5}]`, `{"a":{"b":[[1],[2]]}}`, `<a><b>1</b></a>`, `"x"`, `[`, `{"a":[{"b":{}},1]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		defs, err := Infer(b, "RootResponse")
		if err != nil {
			var de *depthError
			if !errors.As(err, &de) {
				t.Fatalf("Infer(%q): unexpected error %v", b, err)
			}
			return
		}
		if len(defs) == 0 || defs[0].Name != "RootResponse" {
			t.Fatalf("Infer(%q) root %v", b, defs)
		}
		// Every reference resolves, every name is unique.
		names := map[string]bool{}
		for _, d := range defs {
			if names[d.Name] {
				t.Fatalf("Infer(%q): definition %s twice", b, d.Name)
			}
			names[d.Name] = true
		}
		var check func(p project.Property)
		check = func(p project.Property) {
			if p.Ref != "" && !names[p.Ref] {
				t.Fatalf("Infer(%q): dangling $ref %s", b, p.Ref)
			}
			if p.Type == "array" {
				if p.Items == nil {
					t.Fatalf("Infer(%q): array without items", b)
				}
				check(*p.Items)
			}
		}
		for _, d := range defs {
			for _, p := range d.Properties {
				check(p)
			}
		}
		// Valid JSON objects yield their top-level keys as properties.
		if r := gjson.ParseBytes(b); gjson.ValidBytes(b) && r.IsObject() {
			keys := map[string]bool{}
			r.ForEach(func(k, _ gjson.Result) bool { keys[k.String()] = true; return true })
			if len(keys) != len(defs[0].Properties) {
				t.Fatalf("Infer(%q): %d keys, %d properties", b, len(keys), len(defs[0].Properties))
			}
		}
	})
}

// sample1MB is a ticker-like array of quotes with nested readings, ~1 MB.
func sample1MB() []byte {
	var b bytes.Buffer
	b.WriteString(`{"feed":"quotes","items":[`)
	for i := 0; b.Len() < 1<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"symbol":"SYM%d","price":%d.%02d,"change":-0.25,"volume":%d,"time":17640000%05d,"open":true,"tags":["a","b"],"book":{"bid":[{"px":1.5,"qty":10}],"ask":[{"px":1.6,"qty":null}]},"note":"escaped \"text\" \u00e9"}`,
			i, 100+i%50, i%100, i*7, i%100000)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

func BenchmarkInfer1MB(b *testing.B) {
	data := sample1MB()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Infer(data, "RootResponse"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValid1MB is the baseline: only validating the same bytes.
func BenchmarkValid1MB(b *testing.B) {
	data := sample1MB()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if !gjson.ValidBytes(data) {
			b.Fatal("invalid")
		}
	}
}

// BenchmarkJSONValid1MB is a second baseline: encoding/json's validator.
func BenchmarkJSONValid1MB(b *testing.B) {
	data := sample1MB()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if !json.Valid(data) {
			b.Fatal("invalid")
		}
	}
}
