package asyncapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"wsstudio/importer"
	"wsstudio/project"
)

// FuzzRead feeds arbitrary bytes to the document reader. It must never
// panic; every error is a *DocumentError; and every service it returns has
// a valid id (unique in the import), a ws:// or wss:// URL the endpoint
// parser accepts, definitions whose $refs all resolve, and survives an
// export and a second import with the same id and URL.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	const head = "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nservers: {s: {host: h.example.com, protocol: wss}}\n"
	f.Add([]byte(head + "channels:\n  a: {$ref: '#/channels/a'}\n"))
	f.Add([]byte(head + "channels: {c: {address: /c/{x}, messages: {m: {payload: {$ref: '#/components/schemas/n'}}}}}\ncomponents: {schemas: {n: {type: object, properties: {n: {$ref: '#/components/schemas/n'}}}}}\n"))
	f.Add([]byte(head + "x: &a [*a]\nchannels: {c: {address: /c, messages: {m: {payload: &p {type: array, items: *p}}}}}\n"))
	f.Add([]byte(`{"asyncapi":"2.6.0","info":{},"servers":{"s":{"url":"{h}","protocol":"ws","variables":{"h":{"default":"x.test"}}}},"channels":{"/{a}/{b}":{"subscribe":{"message":{"payload":{"oneOf":[{"type":"integer"},{"type":"object","properties":{"a":{}}}]}}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data, "fuzz")
		if err != nil {
			var de *DocumentError
			if !errors.As(err, &de) {
				t.Fatalf("Parse error %T %v is not a *DocumentError", err, err)
			}
			return
		}
		svcs, _, err := d.Services(Options{})
		if err != nil {
			var de *DocumentError
			if !errors.As(err, &de) {
				t.Fatalf("Services error %T %v is not a *DocumentError", err, err)
			}
			return
		}
		ids := map[string]bool{}
		p := &project.Project{Dir: "fuzz"}
		for _, s := range svcs {
			checkFuzzService(t, s.Service)
			if ids[s.ID] {
				t.Fatalf("id %s twice", s.ID)
			}
			ids[s.ID] = true
			p.Services = append(p.Services, s.Service)
		}
		doc, err := Export(p, "")
		if err != nil {
			t.Fatalf("export of imported services: %v", err)
		}
		out, err := Marshal(doc, "json")
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(out, "export")
		if err != nil {
			t.Fatalf("the export does not read back: %v\n%s", err, out)
		}
		again, _, err := back.Services(Options{})
		if err != nil {
			t.Fatalf("the export does not import: %v\n%s", err, out)
		}
		if len(again) != len(svcs) {
			t.Fatalf("%d services back, want %d", len(again), len(svcs))
		}
		for i, s := range again {
			if s.ID != svcs[i].ID || s.Scheme != svcs[i].Scheme || s.Host != svcs[i].Host || s.BasePath+s.RelativePath != svcs[i].BasePath+svcs[i].RelativePath {
				t.Fatalf("service %d came back as %s %s, was %s %s", i, s.ID, s.Endpoint, svcs[i].ID, svcs[i].Endpoint)
			}
		}
	})
}

func checkFuzzService(t *testing.T, s *project.Service) {
	t.Helper()
	if err := project.ValidIdentifier(s.ID); err != nil {
		t.Fatalf("service id: %v", err)
	}
	ep, err := importer.ParseEndpoint(s.Endpoint)
	if err != nil {
		t.Fatalf("service %s: %v", s.ID, err)
	}
	if ep.Scheme != "ws" && ep.Scheme != "wss" || s.Scheme != ep.Scheme {
		t.Fatalf("service %s: scheme %q", s.ID, s.Scheme)
	}
	if len(s.Response) == 0 || s.Response[0].Name != "RootResponse" {
		t.Fatalf("service %s: no RootResponse first", s.ID)
	}
	if s.Request != nil && s.Request[0].Name != "RootRequest" {
		t.Fatalf("service %s: request starts with %s", s.ID, s.Request[0].Name)
	}
	names := map[string]bool{}
	for _, defs := range []project.Definitions{s.Response, s.Request} {
		for _, d := range defs {
			if names[d.Name] {
				t.Fatalf("service %s: definition %s twice", s.ID, d.Name)
			}
			names[d.Name] = true
		}
	}
	var check func(p *project.Property)
	check = func(p *project.Property) {
		if p.Ref != "" && !names[p.Ref] {
			t.Fatalf("service %s: $ref to missing definition %s", s.ID, p.Ref)
		}
		if p.Items != nil {
			check(p.Items)
		}
	}
	for _, defs := range []project.Definitions{s.Response, s.Request} {
		for _, d := range defs {
			for i := range d.Properties {
				check(&d.Properties[i])
			}
		}
	}
}

// FuzzDecodeJSON checks the JSON reader against encoding/json: valid JSON
// reads, comes back out as the same value, and invalid JSON is refused.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,2.5,-0.1e3,"x\u00e9\n",true,false,null,{"b":{}}]}`, `{"a":1,}`, `{"a":"\ud800"}`, `[1]`, `{"a" 1}`, "{\"a\":\"\xff\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := decodeJSON(data)
		if !json.Valid(data) {
			if err == nil {
				t.Fatalf("invalid JSON %q was read", data)
			}
			return
		}
		if err != nil {
			if bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) > maxJSONDepth {
				return
			}
			t.Fatalf("valid JSON %q refused: %v", data, err)
		}
		work := 0
		out, err := appendJSON(nil, n, 0, &work)
		if err != nil {
			return // too large or deep to write back
		}
		var a, b any
		if err := json.Unmarshal(data, &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out, &b); err != nil {
			t.Fatalf("written back %q is not JSON: %v", out, err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%q came back as %q", data, out)
		}
	})
}
