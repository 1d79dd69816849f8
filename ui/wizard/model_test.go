package wizard

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"wsstudio/importer"
	"wsstudio/project"
)

func TestWithQuery(t *testing.T) {
	tests := []struct {
		raw  string
		ps   []project.Param
		want string
	}{
		{"wss://h/feeds/ticker?symbols=ACME", []project.Param{{Name: "symbols", Value: "ACME,GLOBEX"}},
			"wss://h/feeds/ticker?symbols=ACME,GLOBEX"},
		{"wss://h/rooms/{room}", []project.Param{{Name: "a", Value: "1"}, {Name: "b", Value: ""}},
			"wss://h/rooms/{room}?a=1&b="},
		{"wss://h/x?a=1#frag", nil, "wss://h/x#frag"},
		{"wss://h/x", []project.Param{{Name: "q", Value: "a&b=c d#e%"}}, "wss://h/x?q=a%26b%3Dc%20d%23e%25"},
		{"wss://h/x", []project.Param{{Name: " ", Value: "dropped"}, {Name: "k", Value: "v"}}, "wss://h/x?k=v"},
	}
	for _, tt := range tests {
		if got := withQuery(tt.raw, tt.ps); got != tt.want {
			t.Errorf("withQuery(%q, %v) = %q, want %q", tt.raw, tt.ps, got, tt.want)
		}
	}
}

// FuzzWithQuery checks that a query written from the table reads back as
// the same names and values, and that the rest of the URL is untouched.
func FuzzWithQuery(f *testing.F) {
	f.Add("wss://h/feeds/ticker?x=1", "symbols", "ACME,GLOBEX")
	f.Add("ws://127.0.0.1:8765/echo#top", "a b", "c&d=e")
	f.Add("", "%", "+")
	f.Fuzz(func(t *testing.T, raw, name, value string) {
		if strings.TrimSpace(name) == "" {
			return
		}
		got := withQuery(raw, []project.Param{{Name: name, Value: value}})
		base := raw
		if i := strings.IndexAny(base, "?#"); i >= 0 {
			base = base[:i]
		}
		if !strings.HasPrefix(got, base+"?") {
			t.Fatalf("withQuery(%q) = %q: lost the URL before the query", raw, got)
		}
		q := strings.TrimPrefix(got, base+"?")
		if i := strings.IndexByte(q, '#'); i >= 0 {
			q = q[:i]
		}
		vals, err := url.ParseQuery(q)
		if err != nil {
			t.Fatalf("query %q of %q does not parse: %v", q, got, err)
		}
		if len(vals) != 1 || len(vals[name]) != 1 || vals[name][0] != value {
			t.Fatalf("query %q reads back as %v, want %q=%q", q, vals, name, value)
		}
	})
}

func TestJSONStatus(t *testing.T) {
	tests := []struct {
		in     string
		ok     bool
		prefix string
	}{
		{"", true, "Empty"},
		{`{"a":1}`, true, "Valid JSON."},
		{" [1,2] ", true, "Valid JSON."},
		{"{\n  \"a\": 1,\n}", false, "Not valid JSON (line 3, column 1:"},
		{`{"a":1} {"b":2}`, false, "Not valid JSON (line 1, column 9: invalid character '{' after top-level value"},
		{"null}", false, "Not valid JSON (line 1, column 5:"},
		{"hello", false, "Not valid JSON (line 1, column 1:"},
	}
	for _, tt := range tests {
		msg, ok := jsonStatus(tt.in)
		if ok != tt.ok || !strings.HasPrefix(msg, tt.prefix) {
			t.Errorf("jsonStatus(%q) = %q, %v; want prefix %q, %v", tt.in, msg, ok, tt.prefix, tt.ok)
		}
	}
}

func FuzzJSONStatus(f *testing.F) {
	f.Add(`{"a":[1,2,{"b":null}]}`)
	f.Add("{\n\"a\":")
	f.Add("\xff")
	f.Fuzz(func(t *testing.T, s string) {
		msg, ok := jsonStatus(s)
		if msg == "" {
			t.Fatalf("jsonStatus(%q) gave no message", s)
		}
		if p, err := pretty(s); ok && strings.TrimSpace(s) != "" && err != nil {
			t.Fatalf("valid %q did not pretty-print: %v", s, err)
		} else if err == nil {
			if _, ok2 := jsonStatus(p); !ok2 {
				t.Fatalf("pretty(%q) = %q is not valid JSON", s, p)
			}
		}
	})
}

func TestPretty(t *testing.T) {
	got, err := pretty(` {"a":1,"b":[true,null]} `)
	want := "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    null\n  ]\n}"
	if err != nil || got != want {
		t.Fatalf("pretty = %q, %v; want %q", got, err, want)
	}
	if got, err := pretty("not json"); err == nil || got != "not json" {
		t.Fatalf("pretty(not json) = %q, %v; want it unchanged and an error", got, err)
	}
}

func TestMergeParams(t *testing.T) {
	got := mergeParams(
		[]project.Param{{Name: "room"}, {Name: "user"}},
		[]project.Param{{Name: "user", Value: "ann"}, {Name: "gone", Value: "x"}})
	want := []project.Param{{Name: "room", Type: "string"}, {Name: "user", Value: "ann", Type: "string"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("mergeParams = %+v, want %+v", got, want)
	}
}

func TestSecretsMasked(t *testing.T) {
	for name, want := range map[string]string{"Authorization": "••••", "api_key": "••••", "symbols": "v"} {
		if got := project.MaskValue(name, "v"); got != want {
			t.Errorf("project.MaskValue(%q) = %q, want %q", name, got, want)
		}
	}
	p := &project.Project{}
	m := newModel(p, nil)
	m.url = "wss://h/x?token=abc&symbols=ACME"
	m.query = []project.Param{{Name: "token", Value: "abc"}, {Name: "symbols", Value: "ACME"}}
	m.headers = []project.Param{{Name: "Authorization", Value: "Bearer abc"}}
	got := targetText(m)
	if strings.Contains(got, "abc") || !strings.Contains(got, "symbols=ACME") || !strings.Contains(got, "Authorization: ••••") {
		t.Fatalf("test target %q: secrets must be masked and the rest kept", got)
	}
}

func TestNameChecks(t *testing.T) {
	p := &project.Project{Services: []*project.Service{{ID: "ticker", Type: project.ServiceTypeWebSocket}}}
	m := newModel(p, nil)
	for name, wantErr := range map[string]string{
		"ticker":  "already exists",
		"ticker2": "",
		"9lives":  "start with a letter",
		"a-b":     "not allowed",
		"":        "empty",
	} {
		m.name = name
		err := m.nameErr()
		if wantErr == "" && err != nil || wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)) {
			t.Errorf("nameErr(%q) = %v, want %q", name, err, wantErr)
		}
	}
	if got := m.uniqueName("ticker"); got != "ticker2" {
		t.Errorf("uniqueName(ticker) = %q, want ticker2", got)
	}
	// Editing a service may keep its own name.
	m = newModel(p, p.Services[0])
	m.name = "ticker"
	if err := m.nameErr(); err != nil {
		t.Errorf("editing ticker: nameErr = %v, want nil", err)
	}
}

func TestNewVariable(t *testing.T) {
	p := &project.Project{HomePage: "Main", Variables: []*project.Variable{{Name: "Ticker"}}}
	m := newModel(p, nil)
	m.saved = &project.Service{ID: "ticker", QueryParams: []project.Param{{Name: "symbols", Value: "ACME", Type: "string"}},
		SampleRequest: `{"subscribe":"ACME"}`}
	if got := m.variableName("ticker"); got != "Ticker1" {
		t.Fatalf("variableName = %q, want Ticker1 (Ticker is taken)", got)
	}
	now := time.UnixMilli(1764000000000)
	v, err := m.newVariable(variableChoice{Name: "Quotes", Strategy: project.StrategyAppend, Limit: "100"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if v.ID != "wm-Quotes-wm.WebSocketVariable-1764000000000" || v.Service != "ticker" || v.Page != "Main" ||
		v.OperationID != "ticker_WebSocketServiceVirtualController-invoke" || v.Type != "ticker.RootResponse" ||
		v.DataLimit != 100 || v.Strategy != "append" || !v.StartUpdate || v.Owner != project.OwnerPage {
		t.Fatalf("variable = %+v", v)
	}
	wantB := []project.Binding{{Target: "symbols", Value: "ACME", Type: "string"}, {Target: "RequestBody", Value: `{"subscribe":"ACME"}`, Type: "object"}}
	if len(v.DataBinding) != 2 || v.DataBinding[0] != wantB[0] || v.DataBinding[1] != wantB[1] {
		t.Fatalf("dataBinding = %+v, want %+v", v.DataBinding, wantB)
	}
	for _, c := range []struct {
		choice variableChoice
		want   string
	}{
		{variableChoice{Name: "Ticker", Strategy: "refresh"}, "already exists"},
		{variableChoice{Name: "a b", Strategy: "refresh"}, "not allowed"},
		{variableChoice{Name: "V", Strategy: "merge"}, `update strategy "merge"`},
		{variableChoice{Name: "V", Strategy: "append", Limit: "-1"}, `record limit "-1"`},
	} {
		if _, err := m.newVariable(c.choice, now); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("newVariable(%+v) = %v, want an error with %q", c.choice, err, c.want)
		}
	}
}

func TestNavigation(t *testing.T) {
	m := newModel(&project.Project{}, nil)
	if _, err := m.next(); err == nil || !strings.Contains(err.Error(), "enter the WebSocket URL") {
		t.Fatalf("next with no URL = %v", err)
	}
	m.step = stepTest
	m.testing = true
	if _, err := m.next(); err == nil {
		t.Fatal("next while testing must be refused")
	}
	m.testing = false
	if s, err := m.next(); s != stepSamples || err != nil {
		t.Fatalf("next from Test = %v, %v", s, err)
	}
	m.step = stepSamples
	if s := m.back(); s != stepTest {
		t.Fatalf("back from Samples = %v, want Test", s)
	}
	m.skipTest = true
	if s := m.back(); s != stepEndpoint {
		t.Fatalf("back from Samples after skipping the test = %v, want Endpoint", s)
	}
}

// TestSecretQueryInURL: editing a service whose URL holds a token shows
// the token masked in the URL field, yet tests and saves the real value.
func TestSecretQueryInURL(t *testing.T) {
	svc := &project.Service{ID: "rooms", Type: project.ServiceTypeWebSocket,
		Endpoint:    "wss://chat.example.com/rooms?user=guest&token=abc123",
		QueryParams: []project.Param{{Name: "user", Value: "guest"}, {Name: "token", Value: "abc123"}}}
	m := newModel(&project.Project{Services: []*project.Service{svc}}, svc)
	if strings.Contains(m.url, "abc123") || !strings.Contains(m.url, "token="+project.Masked) {
		t.Fatalf("URL field shows %q", m.url)
	}
	// The user edits the URL around the masked value.
	m.setURL(strings.Replace(m.url, "user=guest", "user=ann", 1))
	if got := m.spec().URL; got != "wss://chat.example.com/rooms?user=ann&token=abc123" {
		t.Fatalf("spec URL after editing the field = %q", got)
	}
	// The user edits the table: the field stays masked.
	m.setQuery([]project.Param{{Name: "user", Value: "bob"}, {Name: "token", Value: "xyz"}})
	if strings.Contains(m.url, "xyz") || m.testOptions().URL != "wss://chat.example.com/rooms?user=bob&token=xyz" {
		t.Fatalf("field %q, test URL %q", m.url, m.testOptions().URL)
	}
}

// testedModel is a model whose endpoint was tested with two messages.
func testedModel(t *testing.T, url string, t0 time.Time) *model {
	t.Helper()
	m := newModel(&project.Project{}, nil)
	m.setURL(url)
	if m.urlErr != nil {
		t.Fatal(m.urlErr)
	}
	gen := m.beginTest(t0)
	for i := 0; i < 2; i++ {
		m.addMessage(gen, importer.Message{Time: t0, Data: []byte(`{"price":1}`)})
	}
	m.endTest(gen, &importer.TestResult{Elapsed: time.Second}, nil, t0.Add(3*time.Second))
	if !m.testPassed() {
		t.Fatal("a test that ended without an error does not count as passed")
	}
	return m
}

// TestEndpointChangeDropsTest: any change to what the test connected to —
// URL, query, headers, subprotocols, TLS — makes the result stale: the
// messages, the error and the pick go, and the Test step is no longer
// done. The sample request does not count (it is not the endpoint).
func TestEndpointChangeDropsTest(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	const url = "wss://quotes.example.com/feeds/ticker?symbols=ACME"
	for name, change := range map[string]func(m *model){
		"url":         func(m *model) { m.setURL("wss://other.example.com/feeds/ticker?symbols=ACME") },
		"path":        func(m *model) { m.setURL("wss://quotes.example.com/feeds/trades?symbols=ACME") },
		"query":       func(m *model) { m.setQuery([]project.Param{{Name: "symbols", Value: "GLOBEX"}}) },
		"header":      func(m *model) { m.headers = []project.Param{{Name: "Authorization", Value: "Bearer x"}} },
		"subprotocol": func(m *model) { m.subproto = "quotes.v2" },
		"ca file":     func(m *model) { m.tls.CAFile = "/etc/ca.pem" },
		"skip verify": func(m *model) { m.tls.InsecureSkipVerify = true },
	} {
		t.Run(name, func(t *testing.T) {
			m := testedModel(t, url, t0)
			change(m)
			if m.testPassed() {
				t.Fatal("the test still counts as passed for another endpoint")
			}
			m.dropStaleTest()
			if m.result != nil || m.testErr != nil || len(m.messages) != 0 || m.picked != -1 {
				t.Fatalf("stale test kept: result %v, error %v, %d messages, picked %d", m.result, m.testErr, len(m.messages), m.picked)
			}
			if got := m.testCounter(t0.Add(time.Minute)); got != "0.0 s · 0 messages" {
				t.Fatalf("counter after the test was dropped = %q", got)
			}
		})
	}
	t.Run("same endpoint retyped", func(t *testing.T) {
		m := testedModel(t, url, t0)
		m.setURL(url + "X")
		if m.testPassed() {
			t.Fatal("the test counts as passed for another URL")
		}
		m.setURL(url)
		m.dropStaleTest()
		if !m.testPassed() || len(m.messages) != 2 {
			t.Fatalf("typing a character and deleting it again dropped the test: passed %v, %d messages", m.testPassed(), len(m.messages))
		}
	})
	t.Run("sample request", func(t *testing.T) {
		m := testedModel(t, url, t0)
		m.sampleRequest = `{"subscribe":"ACME"}`
		m.dropStaleTest()
		if !m.testPassed() || len(m.messages) != 2 {
			t.Fatal("typing a sample request dropped the test of the same endpoint")
		}
	})
	t.Run("failed or cancelled", func(t *testing.T) {
		m := newModel(&project.Project{}, nil)
		m.setURL(url)
		gen := m.beginTest(t0)
		m.endTest(gen, &importer.TestResult{}, errors.New("closed by the server"), t0.Add(time.Second))
		if m.testPassed() {
			t.Fatal("a test that ended with an error counts as passed")
		}
		m.beginTest(t0)
		m.cancelTest(t0.Add(time.Second))
		if m.testPassed() {
			t.Fatal("a cancelled test counts as passed")
		}
		m.beginTest(t0)
		if m.testPassed() {
			t.Fatal("a running test counts as passed")
		}
	})
}

// TestCounterAgrees: the counter shown while the test runs and the one
// after it ends are the same numbers from the same place: the messages the
// model holds and the time from start to now, or to the end.
func TestCounterAgrees(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	m := newModel(&project.Project{}, nil)
	m.setURL("wss://quotes.example.com/ticker")
	gen := m.beginTest(t0)
	var msgs []importer.Message
	for i := 0; i < 7; i++ {
		msg := importer.Message{Time: t0, Data: []byte(strconv.Itoa(i))}
		msgs = append(msgs, msg)
		m.addMessage(gen, msg)
	}
	if got := m.testCounter(t0.Add(4800 * time.Millisecond)); got != "4.8 s · 7 messages" {
		t.Fatalf("while running: %q", got)
	}
	// The importer's own elapsed time (without the handshake) is not what
	// the user watched; the model's clock is.
	m.endTest(gen, &importer.TestResult{Messages: msgs, Elapsed: 3 * time.Second}, nil, t0.Add(4900*time.Millisecond))
	if got := m.testCounter(t0.Add(time.Hour)); got != "4.9 s · 7 messages" {
		t.Fatalf("after the end: %q", got)
	}
}

// TestSamplesFollowService: samples belong to the service they were
// entered for. Another host or path clears them; the query, the scheme or
// typing through other URLs on the way back to the same service keep them.
func TestSamplesFollowService(t *testing.T) {
	m := newModel(&project.Project{}, nil)
	m.setURL("wss://quotes.example.com/feeds/ticker?symbols=ACME")
	m.sampleRequest, m.sampleResponse = `{"subscribe":"ACME"}`, `{"price":12.5}`
	m.setQuery([]project.Param{{Name: "symbols", Value: "GLOBEX"}})
	m.setURL("ws://quotes.example.com/feeds/ticker?symbols=GLOBEX")
	if m.sampleRequest == "" || m.sampleResponse == "" {
		t.Fatal("changing the query or the scheme cleared the samples of the same service")
	}
	m.setURL("wss://chat.example.com/rooms")
	if m.sampleRequest != "" || m.sampleResponse != "" {
		t.Fatalf("another service kept the samples: %q %q", m.sampleRequest, m.sampleResponse)
	}
	m.sampleResponse = `{"text":"hi"}`
	m.setURL("wss://quotes.example.com/feeds/ticke")
	m.setURL("wss://quotes.example.com/feeds/ticker")
	if m.sampleRequest != `{"subscribe":"ACME"}` || m.sampleResponse != `{"price":12.5}` {
		t.Fatalf("back on the first service: %q %q", m.sampleRequest, m.sampleResponse)
	}
	m.setURL("wss://chat.example.com/rooms")
	if m.sampleResponse != `{"text":"hi"}` {
		t.Fatalf("back on the second service: %q", m.sampleResponse)
	}

	// Editing a service starts with its saved samples as its own.
	svc := &project.Service{ID: "q", Type: project.ServiceTypeWebSocket, Endpoint: "wss://quotes.example.com/ticker", SampleResponse: `{"p":1}`}
	e := newModel(&project.Project{Services: []*project.Service{svc}}, svc)
	e.setURL("wss://quotes.example.com/ticker?x=1")
	if e.sampleResponse != `{"p":1}` {
		t.Fatal("adding a query to an edited service cleared its sample")
	}
	e.setURL("wss://other.example.com/ticker")
	if e.sampleResponse != "" {
		t.Fatal("another host kept the edited service's sample")
	}
}

// TestURLSentences: the URL note says exactly what is wrong with the
// shapes people type.
func TestURLSentences(t *testing.T) {
	for in, want := range map[string]string{
		"htp:/x":                     `The URL "htp:/x" starts with the unknown scheme "htp" and is missing the // after it: start it with wss:// (or ws:// for a server without TLS), such as "wss://x".`,
		"ws:/x":                      `The URL "ws:/x" is missing the // after ws:, write "ws://x".`,
		"quotes.example.com/feed":    `The URL "quotes.example.com/feed" has no scheme: start it with wss:// (or ws:// for a server without TLS).`,
		"wss:///feed":                `The URL "wss:///feed" has no host: write one after wss://, such as wss://quotes.example.com/feed.`,
		"wss://q.example.com:70000/": `The URL "wss://q.example.com:70000/" has a bad port "70000": use a number from 1 to 65535.`,
		"wss://q.example.com/a b":    `The URL "wss://q.example.com/a b" contains a space: remove it, or write it as %20 inside a value.`,
	} {
		m := newModel(&project.Project{}, nil)
		m.setURL(in)
		if err := m.endpointErr(); err == nil || err.Error() != want {
			t.Errorf("%q:\n got  %v\n want %s", in, err, want)
		}
	}
}
