package project

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestNewService(t *testing.T) {
	s, err := NewService("rooms", " wss://chat.example.com/v1/rooms/{room}/feed?symbols=ACME&lang=en ")
	if err != nil {
		t.Fatal(err)
	}
	want := &Service{
		ID: "rooms", Title: "rooms", Type: ServiceTypeWebSocket,
		Endpoint: "wss://chat.example.com/v1/rooms/{room}/feed?symbols=ACME&lang=en",
		Scheme:   "wss", Host: "chat.example.com", BasePath: "/v1/rooms/{room}", RelativePath: "/feed",
		QueryParams: []Param{{Name: "symbols", Value: "ACME", Type: "string"}, {Name: "lang", Value: "en", Type: "string"}},
		PathParams:  []Param{{Name: "room", Type: "string", Required: true}},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("NewService:\n got %+v\nwant %+v", s, want)
	}
	for _, c := range []struct{ id, endpoint, msg string }{
		{"../x", "ws://localhost/", "service id"},
		{"feed", "http://localhost/", "must start with ws:// or wss://"},
		{"feed", "ws:///x", "has no host"},
	} {
		if _, err := NewService(c.id, c.endpoint); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("NewService(%q, %q) = %v; want an error with %q", c.id, c.endpoint, err, c.msg)
		}
	}
}

// A service built by hand without QueryParams used to lose the endpoint's
// query: the variable connected without ?symbols=ACME.
func TestAddServiceKeepsTheEndpointQuery(t *testing.T) {
	p := &Project{Dir: t.TempDir(), HomePage: "Main", Profiles: []*Profile{{Name: DefaultProfile}}}
	s := &Service{ID: "ticker", Endpoint: "wss://quotes.example.com/feeds/ticker?symbols=ACME&depth=5"}
	if err := p.AddService(s); err != nil {
		t.Fatal(err)
	}
	got, err := p.ResolveURL(s, "", nil, func(string) string { return "" })
	if want := "wss://quotes.example.com/feeds/ticker?symbols=ACME&depth=5"; err != nil || got != want {
		t.Errorf("ResolveURL = %q, %v; want %q", got, err, want)
	}
	if len(s.QueryParams) != 2 || s.QueryParams[0].Name != "symbols" {
		t.Errorf("query parameters after AddService: %+v", s.QueryParams)
	}
	// The query reaches the files on disk.
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(p.Dir, "services/ticker/designtime/ticker_connection_settings.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"queryParams": {`) || !strings.Contains(string(data), `"symbols": "ACME"`) {
		t.Errorf("connection settings lack the query:\n%s", data)
	}
	// An empty, non-nil list is the user's choice of no query at all.
	s.QueryParams = []Param{}
	if got, _ := p.ResolveURL(s, "", nil, nil); got != "wss://quotes.example.com/feeds/ticker" {
		t.Errorf("without query parameters: %q", got)
	}
	// ResolveURL alone, on a service that never went through AddService.
	bare := &Service{ID: "bare", Endpoint: "ws://127.0.0.1:8765/rooms/{room}?symbols=ACME"}
	got, err = (*Project)(nil).ResolveURL(bare, "", []Binding{{Target: "room", Value: "lobby"}}, func(string) string { return "" })
	if want := "ws://127.0.0.1:8765/rooms/lobby?symbols=ACME"; err != nil || got != want {
		t.Errorf("bare service: %q, %v; want %q", got, err, want)
	}

}

func TestNewVariable(t *testing.T) {
	s, err := NewService("ticker", "wss://quotes.example.com/feeds/ticker?symbols=ACME&token=")
	if err != nil {
		t.Fatal(err)
	}
	s.SampleRequest = `{"subscribe":"ACME"}`
	before := time.Now().UnixMilli()
	v := NewVariable("Quotes", s, OwnerPage, "Main")
	after := time.Now().UnixMilli()
	m := regexp.MustCompile(`^wm-Quotes-wm\.WebSocketVariable-(\d+)$`).FindStringSubmatch(v.ID)
	if m == nil {
		t.Fatalf("_id %q", v.ID)
	}
	if ms := mustAtoi(t, m[1]); ms < before || ms > after {
		t.Errorf("_id time %d is not between %d and %d", ms, before, after)
	}
	v.ID = ""
	want := &Variable{
		Name: "Quotes", Owner: OwnerPage, Page: "Main", Service: "ticker",
		OperationID: "ticker_WebSocketServiceVirtualController-invoke", Type: "ticker.RootResponse",
		StartUpdate: true, Strategy: StrategyRefresh, DataLimit: 20,
		DataBinding: []Binding{
			{Target: "symbols", Value: "ACME", Type: "string"},
			{Target: "RequestBody", Value: `{"subscribe":"ACME"}`, Type: "object"},
		},
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("NewVariable:\n got %+v\nwant %+v", v, want)
	}
	if app := NewVariable("Quotes", s, OwnerApp, "Main"); app.Page != "" || app.Owner != OwnerApp {
		t.Errorf("App variable: owner %q page %q", app.Owner, app.Page)
	}

	p := &Project{Dir: t.TempDir(), HomePage: "Main"}
	if err := p.AddService(s); err != nil {
		t.Fatal(err)
	}
	if err := p.AddVariable(v); err != nil {
		t.Fatal(err)
	}
	got, err := p.ResolveURL(s, "", v.DataBinding, func(string) string { return "" })
	if want := "wss://quotes.example.com/feeds/ticker?symbols=ACME"; err != nil || got != want {
		t.Errorf("ResolveURL = %q, %v; want %q", got, err, want)
	}
}

func mustAtoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSplitEndpointErrorsMaskSecrets(t *testing.T) {
	for _, raw := range []string{
		"http://h/x?token=s3cret",
		"ws://h/x?api_key=s3cret&a=%zz",
		"ws://h/x?api_key=s3cret%zz",
	} {
		_, err := SplitEndpoint(raw)
		if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), Masked) {
			t.Errorf("SplitEndpoint(%q) = %v; want an error with the secret masked", raw, err)
		}
	}
}
