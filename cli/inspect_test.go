package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"wsstudio/project"
)

const fixture = "../project/testdata/market"

func inspectJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append([]string{"inspect"}, args...), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	return m
}

func keys(m any) []string {
	var ks []string
	for k := range m.(map[string]any) {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func find(list any, key, value string) map[string]any {
	for _, x := range list.([]any) {
		if m := x.(map[string]any); m[key] == value {
			return m
		}
	}
	return nil
}

func TestInspectKeys(t *testing.T) {
	m := inspectJSON(t, fixture)
	if want := []string{"homePage", "name", "profiles", "services", "variables", "widgets"}; !reflect.DeepEqual(keys(m), want) {
		t.Errorf("top-level keys %v", keys(m))
	}
	if m["name"] != "Market Board" {
		t.Errorf("name %v", m["name"])
	}
	tk := find(m["services"], "id", "ticker")
	for _, k := range []string{"id", "type", "readOnly", "endpoint", "scheme", "host", "basePath", "path", "queryParams", "pathParams", "headers", "request", "response"} {
		if _, ok := tk[k]; !ok {
			t.Errorf("service key %s missing", k)
		}
	}
	if tk["host"] != "quotes.example.com:443" || tk["basePath"] != "/feeds" || tk["path"] != "/ticker" || tk["readOnly"] != false {
		t.Errorf("ticker %v", tk)
	}
	if w := find(m["services"], "id", "weather"); w["readOnly"] != true || w["type"] != "RestService" {
		t.Errorf("weather %v", w)
	}
	se := find(m["services"], "id", "sensors")
	f := se["response"].(map[string]any)["fields"].([]any)[2].(map[string]any)
	if f["path"] != "readings[].cm" || f["type"] != "number" || f["format"] != "double" {
		t.Errorf("field %v", f)
	}
	q := find(m["variables"], "name", "Quotes")
	for _, k := range []string{"name", "owner", "page", "service", "dataUpdateStrategy", "dataLimit", "startUpdate", "dataBinding"} {
		if _, ok := q[k]; !ok {
			t.Errorf("variable key %s missing", k)
		}
	}
	if q["dataLimit"] != 100.0 || q["dataUpdateStrategy"] != "append" || q["page"] != "Main" {
		t.Errorf("Quotes %v", q)
	}
	c := find(m["widgets"], "name", "quotesChart")
	if c["kind"] != "chart" || c["chartType"] != "Line" || c["x"] != "time" || !reflect.DeepEqual(c["y"], []any{"price", "volume"}) || c["variable"] != "Quotes" {
		t.Errorf("quotesChart %v", c)
	}
	tb := find(m["widgets"], "name", "quotesTable")
	if cols := tb["columns"].([]any); len(cols) != 3 || cols[2].(map[string]any)["type"] != "long" {
		t.Errorf("quotesTable columns %v", tb["columns"])
	}
	if sc := find(m["widgets"], "name", "sensorsChart"); sc["bindPath"] != "readings" || sc["page"] != "Dashboard" {
		t.Errorf("sensorsChart %v", sc)
	}
	dep := m["profiles"].(map[string]any)["deployment"].(map[string]any)
	if dep["websocket.ticker.basepath"] != "/feeds/live" || dep["app.greeting"] != "Grüße aus München" {
		t.Errorf("deployment %v", dep)
	}
}

func TestInspectMasksSecrets(t *testing.T) {
	var out, errb bytes.Buffer
	run([]string{"inspect", fixture}, &out, &errb)
	if strings.Contains(out.String(), "abc123") || strings.Contains(out.String(), "abc=123") {
		t.Errorf("a secret is visible:\n%s", out.String())
	}
	m := inspectJSON(t, fixture)
	h := find(m["services"], "id", "ticker")["headers"].([]any)[0].(map[string]any)
	if h["name"] != "Authorization" || h["value"] != "••••" {
		t.Errorf("header %v", h)
	}
	if v := m["profiles"].(map[string]any)["deployment"].(map[string]any)["weather.api.key"]; v != "••••" {
		t.Errorf("profile secret %v", v)
	}
	shown := inspectJSON(t, "--show-secrets", fixture)
	h = find(shown["services"], "id", "ticker")["headers"].([]any)[0].(map[string]any)
	if h["value"] != "Bearer abc123" {
		t.Errorf("--show-secrets header %v", h)
	}
	if v := shown["profiles"].(map[string]any)["deployment"].(map[string]any)["weather.api.key"]; v != "abc=123" {
		t.Errorf("--show-secrets profile %v", v)
	}
}

func TestInspectBadInput(t *testing.T) {
	notProject := t.TempDir()
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "missing the project folder"},
		{[]string{notProject}, "is not a WaveMaker project: no .wmproject.properties"},
		{[]string{filepath.Join(notProject, "nope")}, "does not exist"},
		{[]string{file}, "is not a folder"},
		{[]string{fixture, "--bogus"}, "unknown flag --bogus"},
	} {
		var out, errb bytes.Buffer
		code := run(append([]string{"inspect"}, c.args...), &out, &errb)
		msg := errb.String()
		if code != 2 || !strings.Contains(msg, c.want) || strings.Count(strings.TrimSpace(msg), "\n") > 0 || out.Len() > 0 {
			t.Errorf("inspect %v: exit %d, stderr %q, want 2 and %q", c.args, code, msg, c.want)
		}
	}
}

func TestInspectMasksBoundSecrets(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	p, err := project.Create(dir, "Secrets")
	if err != nil {
		t.Fatal(err)
	}
	s := &project.Service{ID: "feed", Endpoint: "wss://feed.example.com/live?api_key=k3y&room=lobby",
		QueryParams: []project.Param{{Name: "api_key", Value: "k3y"}, {Name: "room", Value: "lobby"}},
		Headers:     []project.Param{{Name: "Cookie", Value: "sid=42"}, {Name: "X-Client", Value: "studio"}}}
	if err := p.AddService(s); err != nil {
		t.Fatal(err)
	}
	v := &project.Variable{Name: "Feed", Service: "feed", StartUpdate: true,
		DataBinding: []project.Binding{{Target: "api_key", Value: "b0und"}, {Target: "room", Value: "hall"}}}
	if err := p.AddVariable(v); err != nil {
		t.Fatal(err)
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"inspect", dir}, &out, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	for _, secret := range []string{"k3y", "b0und", "sid=42"} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("%s is visible:\n%s", secret, out.String())
		}
	}
	for _, shown := range []string{`"hall"`, `"lobby"`, `"studio"`, "api_key=••••&room=lobby"} {
		if !strings.Contains(out.String(), shown) {
			t.Errorf("%s is missing:\n%s", shown, out.String())
		}
	}
}

// TestInspectTellsTheTruth: samples as stored, profile values as stored,
// and masking of secret values only: not of settings named after a token.
func TestInspectTellsTheTruth(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	p, err := project.Create(dir, "Truth")
	if err != nil {
		t.Fatal(err)
	}
	s, err := project.NewService("feed", "wss://feed.example.com:8443/live")
	if err != nil {
		t.Fatal(err)
	}
	s.SampleRequest = `{"subscribe":"ACME","password":"pw-SECRET"}`
	s.SampleResponse = `{"symbol":"ACME","price":1.5}`
	s.Subprotocols = []string{"feed.v2"}
	if err := p.AddService(s); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"security.general.tokenService.enabled": "true",
		"security.tokenValiditySeconds":         "3600",
		"oauth.accessTokenUrl":                  "https://login.example.com/token",
		"oauth.clientSecret":                    "cs-SECRET",
		"weather.apikey":                        "ak-SECRET",
	} {
		if err := p.SetProfile("deployment", k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	m := inspectJSON(t, dir)
	svc := find(m["services"], "id", "feed")
	if svc["sampleResponse"] != `{"symbol":"ACME","price":1.5}` || svc["sampleRequest"] != `{"subscribe":"ACME","password":"••••"}` {
		t.Errorf("samples %q, %q", svc["sampleRequest"], svc["sampleResponse"])
	}
	if subs := svc["subprotocols"].([]any); len(subs) != 1 || subs[0] != "••••" {
		t.Errorf("subprotocols %v", subs)
	}
	dep := m["profiles"].(map[string]any)["deployment"].(map[string]any)
	for k, want := range map[string]string{
		"security.general.tokenService.enabled": "true",
		"security.tokenValiditySeconds":         "3600",
		"oauth.accessTokenUrl":                  "https://login.example.com/token",
		"oauth.clientSecret":                    "••••",
		"weather.apikey":                        "••••",
		"websocket.feed.host":                   "feed.example.com:8443",
		"websocket.feed.scheme":                 "wss",
	} {
		if dep[k] != want {
			t.Errorf("deployment %s = %v, want %q", k, dep[k], want)
		}
	}
	shown := inspectJSON(t, dir, "--show-secrets")
	svc = find(shown["services"], "id", "feed")
	if subs := svc["subprotocols"].([]any); subs[0] != "feed.v2" || !strings.Contains(svc["sampleRequest"].(string), "pw-SECRET") {
		t.Errorf("--show-secrets: %v", svc)
	}
}
