package asyncapi

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"wsstudio/importer"
	"wsstudio/project"
)

// exportProject is a project with services of every shape the studio
// makes: query, path parameters, headers with a secret, subprotocols,
// nested and clashing request definitions, a top-level array, a single
// value, a field widened to any value, and a text sample.
func exportProject(t *testing.T) *project.Project {
	t.Helper()
	p, err := project.Create(t.TempDir(), "Market Board")
	if err != nil {
		t.Fatal(err)
	}
	specs := []importer.Spec{
		{ID: "ticker", URL: "wss://quotes.example.com/feeds/ticker?symbols=ACME,GLOBEX&interval=500ms",
			Headers:       []project.Param{{Name: "Authorization", Value: "Bearer s3cr3t-value"}, {Name: "X-Client", Value: "studio"}},
			Subprotocols:  []string{"quotes.v2", "quotes.v1"},
			SampleRequest: `{"subscribe":["ACME"],"bid":{"limit":1.5}}`,
			SampleResponse: `{"symbol": "ACME", "price": 101.50, "change": -0.25, "volume": 1200, "time": 1717171717171,
				"bid": {"price": 101.25, "size": 3}, "tags": ["a"], "book": [{"p": 1.5, "q": 2}]}`},
		{ID: "sensors", URL: "ws://127.0.0.1:8765/sites/{site}/sensors?token=t0ps3cr3t",
			PathParams:     []project.Param{{Name: "site", Value: "lab-1"}},
			SampleResponse: `{"site":"lab-1","time":1717171717171,"readings":[{"sensor":"s1","cm":12.5,"ok":true}]}`},
		{ID: "list", URL: "ws://127.0.0.1:8765/list", SampleResponse: `[{"a":1,"b":"x"},{"a":2,"b":3}]`}, // b is widened
		{ID: "count", URL: "ws://127.0.0.1:8765/count", SampleResponse: `42`},
		{ID: "echo", URL: "ws://127.0.0.1:8765/echo", SampleResponse: "hello there", SampleRequest: "hello there"},
		{ID: "empty", URL: "wss://quotes.example.com/feeds/empty"},
	}
	for _, s := range specs {
		svc, err := importer.Build(s, nil)
		if err != nil {
			t.Fatalf("build %s: %v", s.ID, err)
		}
		if err := importer.Commit(p, importer.Plan{Service: svc}); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.SetProfile("deployment", "websocket.sensors.host", "sensors.example.com:443"); err != nil {
		t.Fatal(err)
	}
	if err := p.SetProfile("deployment", "websocket.sensors.scheme", "wss"); err != nil {
		t.Fatal(err)
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	reopened, err := project.Open(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return reopened
}

func exportBytes(t *testing.T, p *project.Project, profile, format string) []byte {
	t.Helper()
	doc, err := Export(p, profile)
	if err != nil {
		t.Fatal(err)
	}
	data, err := Marshal(doc, format)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestExportValidatesAgainstTheOfficialSchema(t *testing.T) {
	p := exportProject(t)
	for _, profile := range []string{"", "deployment"} {
		data := exportBytes(t, p, profile, "json")
		if err := validate(t, data); err != nil {
			t.Fatalf("profile %q: the export is not valid AsyncAPI 3.0: %v\n%s", profile, err, data)
		}
	}
	// A document that is not valid is refused, so the check can fail.
	bad := strings.Replace(string(exportBytes(t, p, "", "json")), `"action": "send"`, `"action": "publish"`, 1)
	if err := validate(t, []byte(bad)); err == nil {
		t.Fatal("an operation with action publish passed the official schema")
	}
}

// Documents written by others, imported and exported again, validate too.
func TestReexportOfTestDocumentsValidates(t *testing.T) {
	for _, f := range []string{"testdata/market-3.0.yaml", "testdata/chat-2.6.json", "testdata/demo-feeds.yaml"} {
		svcs, _ := services(t, f, Options{})
		p, err := project.Create(t.TempDir(), "Reexport")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range svcs {
			if _, err := importer.Add(p, importer.Plan{Service: s.Service}); err != nil {
				t.Fatal(err)
			}
		}
		data := exportBytes(t, p, "", "json")
		if err := validate(t, data); err != nil {
			t.Errorf("%s: the export is not valid AsyncAPI 3.0: %v", f, err)
		}
		again, _, err := mustParse(t, data, f).Services(Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != len(svcs) {
			t.Fatalf("%s: %d services back, want %d", f, len(again), len(svcs))
		}
		byID := map[string]*project.Service{}
		for _, s := range again {
			byID[s.ID] = s.Service
		}
		for _, s := range svcs {
			got := byID[s.ID]
			if got == nil {
				t.Fatalf("%s: service %s missing", f, s.ID)
			}
			checkService(t, got, wantBack(s.Service))
		}
	}
}

func mustParse(t *testing.T, data []byte, name string) *Document {
	t.Helper()
	d, err := Parse(data, name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

// import(export(project)) gives back the same services: endpoints,
// parameters, headers, subprotocols, samples and metadata. Secret values
// are the one thing left out.
func TestExportImportRoundTrip(t *testing.T) {
	p := exportProject(t)
	for _, format := range []string{"yaml", "json"} {
		data := exportBytes(t, p, "", format)
		for _, secret := range []string{"s3cr3t-value", "t0ps3cr3t"} {
			if strings.Contains(string(data), secret) {
				t.Errorf("%s export shows the secret %q", format, secret)
			}
		}
		svcs, warnings, err := mustParse(t, data, "export."+format).Services(Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) != 0 {
			t.Errorf("%s: warnings %q", format, warnings)
		}
		var orig []*project.Service
		for _, s := range p.Services {
			orig = append(orig, s)
		}
		if len(svcs) != len(orig) {
			t.Fatalf("%s: %d services back, want %d", format, len(svcs), len(orig))
		}
		byID := map[string]*project.Service{}
		for _, s := range svcs {
			byID[s.ID] = s.Service
		}
		for _, o := range orig {
			got := byID[o.ID]
			if got == nil {
				t.Fatalf("%s: service %s missing", format, o.ID)
			}
			checkService(t, got, wantBack(o))
			u1, err1 := p.ResolveURL(o, "", nil, func(string) string { return "" })
			u2, err2 := p.ResolveURL(got, "", nil, func(string) string { return "" })
			if o.ID != "sensors" && (err1 != nil || err2 != nil || u1 != u2) {
				t.Errorf("%s: %s resolves to %s (%v), was %s (%v)", format, o.ID, u2, err2, u1, err1)
			}
		}
	}
	// YAML and JSON say the same.
	var y, j any
	if err := yaml.Unmarshal(exportBytes(t, p, "", "yaml"), &y); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(exportBytes(t, p, "", "json"), &j); err != nil {
		t.Fatal(err)
	}
	yj, _ := json.Marshal(y)
	var y2 any
	_ = json.Unmarshal(yj, &y2)
	if !reflect.DeepEqual(y2, j) {
		t.Error("the YAML and JSON exports differ")
	}
}

// wantBack is what importing the export of o gives: the effective query
// (nil means the endpoint's own), secrets without their values, and the
// endpoint written from its parts.
func wantBack(o *project.Service) *project.Service {
	want := *o
	ep, _ := project.SplitEndpoint(o.Endpoint)
	if want.QueryParams == nil {
		want.QueryParams = ep.Query
	}
	want.QueryParams = blankSecrets(want.QueryParams)
	want.Headers = blankSecrets(want.Headers)
	want.Endpoint = o.Scheme + "://" + o.Host + o.BasePath + o.RelativePath
	return &want
}

func blankSecrets(ps []project.Param) []project.Param {
	out := make([]project.Param, len(ps))
	for i, p := range ps {
		if project.IsSecret(p.Name) {
			p.Value = ""
		}
		out[i] = p
	}
	return out
}

func TestExportServersFollowTheProfile(t *testing.T) {
	p := exportProject(t)
	for _, c := range []struct {
		profile string
		servers string
	}{
		{"", "server_127_0_0_1_8765=ws://127.0.0.1:8765 quotes_example_com=wss://quotes.example.com"},
		{"deployment", "server_127_0_0_1_8765=ws://127.0.0.1:8765 quotes_example_com=wss://quotes.example.com sensors_example_com_443=wss://sensors.example.com:443"},
	} {
		doc, err := Export(p, c.profile)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range doc.Get("servers").(Object) {
			s := m.Value.(Object)
			got = append(got, m.Key+"="+s.Get("protocol").(string)+"://"+s.Get("host").(string))
		}
		if g := strings.Join(got, " "); g != c.servers {
			t.Errorf("profile %q: servers %s\nwant %s", c.profile, g, c.servers)
		}
	}
	if _, err := Export(p, "staging"); err == nil || err.Error() != `the project has no profile "staging"; its profiles are deployment, development` {
		t.Errorf("unknown profile: %v", err)
	}
}

func TestExportOperations(t *testing.T) {
	doc, err := Export(exportProject(t), "")
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, m := range doc.Get("operations").(Object) {
		ops = append(ops, m.Key+":"+m.Value.(Object).Get("action").(string))
	}
	// Every service sends; the studio sends only where there is a request.
	want := "send_count:send send_echo:send receive_echo:receive send_empty:send send_list:send send_sensors:send send_ticker:send receive_ticker:receive"
	if g := strings.Join(ops, " "); g != want {
		t.Errorf("operations %s\nwant %s", g, want)
	}
}
