package importer

import (
	"strings"
	"testing"

	"wsstudio/project"
)

// fieldsOf is defs flattened, one "path type format" per field.
func fieldsOf(defs project.Definitions) string {
	var b strings.Builder
	for _, f := range defs.Fields() {
		b.WriteString(f.Path + " " + f.Type + " " + f.Format + "\n")
	}
	return b.String()
}

func TestWiden(t *testing.T) {
	const sample = `{"seq":0,"symbol":"ACME","price":12.5,"big":5000000000,"ok":true,"quote":{"bid":12.25},"trades":[{"qty":1}],"tags":["a"]}`
	defs, err := Infer([]byte(sample), "RootResponse")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		messages []string
		changed  map[string]string // path → "type format" after widening; the rest stays
	}{
		{"a conforming message changes nothing", []string{sample}, nil},
		{"no message changes nothing", nil, nil},
		{"a string price widens to string", []string{`{"price":"12.5"}`}, map[string]string{"price": "string widened"}},
		{"an integer seq and a fraction give a double", []string{`{"seq":1.5}`}, map[string]string{"seq": "number double"}},
		{"an object that became a string", []string{`{"quote":"n/a"}`}, map[string]string{"quote": "string widened", "quote.bid": ""}},
		{"a nested item field", []string{`{"trades":[{"qty":"2"}]}`}, map[string]string{"trades[].qty": "string widened"}},
		{"two messages widen two fields", []string{`{"price":"1"}`, `{"ok":1}`}, map[string]string{"price": "string widened", "ok": "string widened"}},
		{"a new field is added", []string{`{"venue":"X"}`}, map[string]string{"venue": "string "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msgs := make([][]byte, len(tc.messages))
			for i, m := range tc.messages {
				msgs[i] = []byte(m)
			}
			got, err := Widen(defs, msgs...)
			if err != nil {
				t.Fatal(err)
			}
			if got[0].Name != "RootResponse" {
				t.Fatalf("root is %q, want RootResponse", got[0].Name)
			}
			want := map[string]string{}
			var order []string
			for _, f := range defs.Fields() {
				want[f.Path] = f.Type + " " + f.Format
				order = append(order, f.Path)
			}
			for p, v := range tc.changed {
				if _, ok := want[p]; !ok {
					order = append(order, p)
				}
				want[p] = v
			}
			var wb strings.Builder
			for _, p := range order {
				if want[p] != "" {
					wb.WriteString(p + " " + want[p] + "\n")
				}
			}
			if g := fieldsOf(got); g != wb.String() {
				t.Fatalf("widened fields:\n%s\nwant:\n%s", g, wb.String())
			}
		})
	}
	if fieldsOf(defs) != fieldsOf(mustInferDefs(t, sample)) {
		t.Fatal("Widen changed the definitions it was given")
	}
}

func TestWidenBadInput(t *testing.T) {
	defs := mustInferDefs(t, `{"a":1}`)
	if _, err := Widen(defs, []byte(`{"a":`)); err == nil || !strings.Contains(err.Error(), "message 1") {
		t.Fatalf("a message cut short: err = %v, want one naming message 1", err)
	}
	if _, err := Widen(nil, []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "no root definition") {
		t.Fatalf("no definitions: err = %v", err)
	}
	broken := project.Definitions{{Name: "RootResponse", Properties: []project.Property{{Name: "q", Ref: "gone"}}}}
	if _, err := Widen(broken, []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "gone") {
		t.Fatalf("a missing definition: err = %v, want one naming it", err)
	}
}

func mustInferDefs(t *testing.T, sample string) project.Definitions {
	t.Helper()
	d, err := Infer([]byte(sample), "RootResponse")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestWidenKeepsWidened: a field widened once stays widened when the
// metadata is widened again, whatever the new messages hold there, and a
// string field that was never widened is not marked.
func TestWidenKeepsWidened(t *testing.T) {
	defs := mustInferDefs(t, `{"price":12.5,"symbol":"ACME","tags":["a"]}`)
	once, err := Widen(defs, []byte(`{"price":"n/a","tags":[1]}`))
	if err != nil {
		t.Fatal(err)
	}
	const want = "price string widened\nsymbol string \ntags array \ntags[] string widened\n"
	if got := fieldsOf(once); got != want {
		t.Fatalf("after one widening:\n%s\nwant:\n%s", got, want)
	}
	for _, msg := range []string{`{"price":13}`, `{"price":"x","tags":["b"]}`, `{"price":{"v":1}}`} {
		again, err := Widen(once, []byte(msg))
		if err != nil {
			t.Fatal(err)
		}
		if got := fieldsOf(again); got != want {
			t.Errorf("widened again with %s:\n%s\nwant:\n%s", msg, got, want)
		}
	}
}
