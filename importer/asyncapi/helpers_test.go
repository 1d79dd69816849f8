package asyncapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"wsstudio/project"
)

// defsText lists definitions one property a line, "Def.prop type/format",
// "Def.prop ->Ref", "Def.prop [] string" or "Def.prop [] ->Ref list", so a
// test can state the whole tree compactly.
func defsText(defs project.Definitions) []string {
	var out []string
	var prop func(p *project.Property) string
	prop = func(p *project.Property) string {
		switch {
		case p.Ref != "":
			return "->" + p.Ref
		case p.Type == "array":
			s := "[] string"
			if p.Items != nil {
				s = "[] " + prop(p.Items)
			}
			if p.IsList {
				s += " list"
			}
			return s
		case p.Format != "":
			return p.Type + "/" + p.Format
		}
		return p.Type
	}
	for _, d := range defs {
		if len(d.Properties) == 0 {
			out = append(out, d.Name+" {}")
		}
		for i := range d.Properties {
			out = append(out, d.Name+"."+d.Properties[i].Name+" "+prop(&d.Properties[i]))
		}
	}
	return out
}

// compact rewrites JSON without spaces, so samples compare by content.
func compact(s string) string {
	var b bytes.Buffer
	if json.Compact(&b, []byte(s)) != nil {
		return s
	}
	return b.String()
}

// checkService compares a service field by field with want; Request and
// Response are compared as defsText.
func checkService(t *testing.T, got *project.Service, want *project.Service) {
	t.Helper()
	eq := func(name string, g, w any) {
		t.Helper()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("service %s: %s\n got %#v\nwant %#v", want.ID, name, g, w)
		}
	}
	eq("ID", got.ID, want.ID)
	eq("Title", got.Title, want.Title)
	eq("Endpoint", got.Endpoint, want.Endpoint)
	eq("Scheme", got.Scheme, want.Scheme)
	eq("Host", got.Host, want.Host)
	eq("BasePath", got.BasePath, want.BasePath)
	eq("RelativePath", got.RelativePath, want.RelativePath)
	eq("QueryParams", nonNil(got.QueryParams), nonNil(want.QueryParams))
	eq("PathParams", nonNil(got.PathParams), nonNil(want.PathParams))
	eq("Headers", nonNil(got.Headers), nonNil(want.Headers))
	eq("Subprotocols", strings.Join(got.Subprotocols, ","), strings.Join(want.Subprotocols, ","))
	eq("SampleRequest", compact(got.SampleRequest), compact(want.SampleRequest))
	eq("SampleResponse", compact(got.SampleResponse), compact(want.SampleResponse))
	eq("Request", defsText(got.Request), defsText(want.Request))
	eq("Response", defsText(got.Response), defsText(want.Response))
}

func nonNil(p []project.Param) []project.Param {
	if p == nil {
		return []project.Param{}
	}
	return p
}

func dump(s Service) string {
	return fmt.Sprintf("%s %s q=%v p=%v h=%v sub=%v\nreq=%s\nresp=%s\n%q\n%q\nenums=%v", s.ID, s.Endpoint, s.QueryParams, s.PathParams, s.Headers, s.Subprotocols,
		strings.Join(defsText(s.Request), "\n    "), strings.Join(defsText(s.Response), "\n    "), s.SampleRequest, s.SampleResponse, s.Enums)
}
