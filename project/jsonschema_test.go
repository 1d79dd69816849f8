package project

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// quoteDefs is a RootResponse with a nested object, an array of objects
// (x-WM-IS_LIST), an array of primitives and the three number formats.
func quoteDefs() Definitions {
	return Definitions{
		{Name: "RootResponse", Properties: []Property{
			{Name: "symbol", Type: "string"},
			{Name: "price", Type: "number", Format: "double"},
			{Name: "volume", Type: "integer", Format: "int64"},
			{Name: "lot", Type: "integer", Format: "int32"},
			{Name: "open", Type: "boolean"},
			{Name: "meta", Ref: "meta"},
			{Name: "trades", Type: "array", IsList: true, Items: &Property{Ref: "trades"}},
			{Name: "tags", Type: "array", Items: &Property{Type: "string"}},
		}},
		{Name: "meta", Properties: []Property{{Name: "venue", Type: "string"}}},
		{Name: "trades", Properties: []Property{{Name: "qty", Type: "integer", Format: "int32"}, {Name: "meta", Ref: "meta"}}},
	}
}

func compileSchema(t testing.TB, doc map[string]any) *jsonschema.Schema {
	t.Helper()
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("root.json", v); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("root.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v\n%s", err, raw)
	}
	return s
}

// TestJSONSchemaValidates: the document compiles with a JSON Schema
// library and tells conforming messages from drifted ones.
func TestJSONSchemaValidates(t *testing.T) {
	s := compileSchema(t, quoteDefs().JSONSchema("RootResponse"))
	for _, tc := range []struct {
		msg string
		ok  bool
	}{
		{`{"symbol":"ACME","price":12.5,"volume":9000000000,"lot":100,"open":true,"meta":{"venue":"X"},"trades":[{"qty":1,"meta":{"venue":"Y"}}],"tags":["a"]}`, true},
		{`{"symbol":"ACME"}`, true},                      // nothing is required
		{`{"symbol":"ACME","extra":{"a":1}}`, true},      // added fields are allowed
		{`{"price":12,"meta":null,"symbol":null}`, true}, // an integer is a number; null is accepted
		{`{"price":"12.5"}`, false},
		{`{"lot":1.5}`, false},
		{`{"meta":"X"}`, false},
		{`{"meta":{"venue":7}}`, false},
		{`{"trades":[{"qty":"1"}]}`, false},
		{`{"trades":{"qty":1}}`, false},
		{`{"tags":[1]}`, false},
		{`{"open":"yes"}`, false},
		{`[1,2]`, false},
	} {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(tc.msg))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(v); (err == nil) != tc.ok {
			t.Errorf("%s: conforms %v, want %v (%v)", tc.msg, err == nil, tc.ok, err)
		}
	}
}

// TestJSONSchemaShape: the root's document as written, with nested
// definitions under $defs and the formats kept.
func TestJSONSchemaShape(t *testing.T) {
	raw, err := json.Marshal(quoteDefs().JSONSchema("RootResponse"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"$defs":{"meta":{"properties":{"venue":{"type":["string","null"]}},"title":"meta","type":["object","null"]},` +
		`"trades":{"properties":{"meta":{"$ref":"#/$defs/meta"},"qty":{"format":"int32","type":["integer","null"]}},"title":"trades","type":["object","null"]}},` +
		`"$schema":"https://json-schema.org/draft/2020-12/schema",` +
		`"properties":{"lot":{"format":"int32","type":["integer","null"]},"meta":{"$ref":"#/$defs/meta"},"open":{"type":["boolean","null"]},` +
		`"price":{"format":"double","type":["number","null"]},"symbol":{"type":["string","null"]},` +
		`"tags":{"items":{"type":["string","null"]},"type":["array","null"]},` +
		`"trades":{"items":{"$ref":"#/$defs/trades"},"type":["array","null"]},` +
		`"volume":{"format":"int64","type":["integer","null"]}},"title":"RootResponse","type":["object","null"]}`
	if string(raw) != want {
		t.Fatalf("schema\n%s\nwant\n%s", raw, want)
	}
	if Definitions(nil).JSONSchema("RootResponse") != nil {
		t.Fatal("a tree without the root has a schema")
	}
}

// TestSchemaInPlace: without Ref, definitions are written where they are
// used, and one that refers to itself stops as an open object.
func TestSchemaInPlace(t *testing.T) {
	d := Definitions{
		{Name: "RootResponse", Properties: []Property{{Name: "node", Ref: "node"}}},
		{Name: "node", Properties: []Property{{Name: "next", Ref: "node"}, {Name: "gone", Ref: "missing"}}},
	}
	s := d.DefinitionSchema(d[0], SchemaOptions{})
	raw, _ := json.Marshal(s.Map())
	want := `{"properties":{"node":{"properties":{"gone":{"type":"object"},"next":{"type":"object"}},"title":"node","type":"object"}},"title":"RootResponse","type":"object"}`
	if string(raw) != want {
		t.Fatalf("schema\n%s\nwant\n%s", raw, want)
	}
}
