package script

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// logBook collects what an engine reports.
type logBook struct {
	mu    sync.Mutex
	lines []string
}

func (l *logBook) log(s string) {
	l.mu.Lock()
	l.lines = append(l.lines, s)
	l.mu.Unlock()
}

func (l *logBook) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

func (l *logBook) text() string { return strings.Join(l.all(), "\n") }

func load(t *testing.T, src string) (*Engine, *logBook) {
	t.Helper()
	lb := &logBook{}
	e := Load("Main.js", "Page", []byte(src), Options{Log: lb.log})
	t.Cleanup(e.Close)
	return e, lb
}

func TestEngineHandlersOnTheirOwn(t *testing.T) {
	e, lb := load(t, `
Page.QuotesonBeforeOpen = function (variable) { console.log("before open", variable.name); return false; };
Page.QuotesonOpen = function (variable, evt) { console.log(evt.type); };
Page.QuotesonBeforeMessageSend = function (variable, data) {
    if (data.cancel) { return false; }
    if (typeof data === "string") { return data.toUpperCase(); }
    return {wrapped: data};
};
Page.QuotesonMessageReceive = function (variable, data, options) {
    if (data.drop) { return false; }
    if (data.keep) { return undefined; }
    if (data.mutate) { data.seen = true; return; }
    data.price = data.price * 2;
    return data;
};
Page.QuotesonError = function (variable, evt) { console.error(evt.type, evt.message); };
Page.QuotesonBeforeClose = function (variable, evt) { return false; };
Page.QuotesonClose = function (variable, evt) { console.warn(evt.code, evt.reason, evt.wasClean); };
`)
	if err := e.Err(); err != nil {
		t.Fatal(err)
	}
	h := e.Handlers("Quotes")
	if h.BeforeOpen(nil) {
		t.Error("onBeforeOpen returning false did not veto")
	}
	h.Open(nil)

	tests := []struct {
		in, want string
		ok       bool
	}{
		{`{"cancel":true}`, "", false},
		{`hello`, "HELLO", true},
		{`{"a":1}`, `{"wrapped":{"a":1}}`, true},
	}
	for _, tt := range tests {
		got, ok := h.BeforeMessageSend(nil, []byte(tt.in))
		if string(got) != tt.want || ok != tt.ok {
			t.Errorf("BeforeMessageSend(%s) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}

	recv := []struct {
		in, want string
		drop     bool
	}{
		{`{"symbol":"ACME","price":1.5}`, `{"symbol":"ACME","price":3}`, false},
		{`{"drop":true}`, "", true},
		{`{"keep":true,  "x": 1}`, "", false},
		{`{"mutate":true}`, `{"mutate":true,"seen":true}`, false},
	}
	for _, tt := range recv {
		got, drop := h.MessageReceive(nil, []byte(tt.in))
		if string(got) != tt.want || drop != tt.drop {
			t.Errorf("MessageReceive(%s) = %q, %v; want %q, %v", tt.in, got, drop, tt.want, tt.drop)
		}
	}
	h.Error(nil, errors.New("dial 127.0.0.1:1: connection refused"))
	if h.BeforeClose(nil) {
		t.Error("onBeforeClose returning false did not veto")
	}
	h.Close(nil, 1000, "bye")

	want := []string{
		"Main.js: before open Quotes",
		"Main.js: open",
		"Main.js: error: error dial 127.0.0.1:1: connection refused",
		"Main.js: warning: 1000 bye true",
	}
	if got := lb.all(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("console:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEngineNoHandlersChangesNothing(t *testing.T) {
	e, lb := load(t, `Page.OtheronMessageReceive = function () { return false; };`)
	h := e.Handlers("Quotes")
	if !h.BeforeOpen(nil) || !h.BeforeClose(nil) {
		t.Error("a variable without handlers was vetoed")
	}
	if got, ok := h.BeforeMessageSend(nil, []byte(`{}`)); got != nil || !ok {
		t.Errorf("BeforeMessageSend = %q, %v", got, ok)
	}
	if got, drop := h.MessageReceive(nil, []byte(`{}`)); got != nil || drop {
		t.Errorf("MessageReceive = %q, %v", got, drop)
	}
	if len(lb.all()) != 0 {
		t.Errorf("unexpected reports: %q", lb.all())
	}
}

func TestEngineThrowIsReportedWithNameAndLine(t *testing.T) {
	e, lb := load(t, "Page.onReady = function () {};\n"+
		"Page.QuotesonMessageReceive = function (variable, data) {\n"+
		"    var x = data.price;\n"+
		"    return missing.value + x;\n"+
		"};\n"+
		"Page.QuotesonBeforeOpen = function () { throw \"no\"; };\n")
	h := e.Handlers("Quotes")
	got, drop := h.MessageReceive(nil, []byte(`{"price":1}`))
	if got != nil || drop {
		t.Errorf("a throwing handler changed the message: %q, %v", got, drop)
	}
	if !h.BeforeOpen(nil) {
		t.Error("a throwing onBeforeOpen vetoed the open")
	}
	want := []string{
		"Main.js line 4: Page.QuotesonMessageReceive threw ReferenceError: missing is not defined",
		"Main.js line 6: Page.QuotesonBeforeOpen threw no",
	}
	if lb.text() != strings.Join(want, "\n") {
		t.Errorf("reports:\n%s\nwant:\n%s", lb.text(), strings.Join(want, "\n"))
	}
}

func TestEngineTimeoutInterrupts(t *testing.T) {
	lb := &logBook{}
	e := Load("Main.js", "Page", []byte("Page.QuotesonMessageReceive = function (variable, data) {\n"+
		"    while (true) {\n"+
		"        data.n = (data.n || 0) + 1;\n"+
		"    }\n"+
		"};\n"+
		"Page.QuotesonBeforeMessageSend = function () { return \"after\"; };\n"),
		Options{Log: lb.log, Timeout: 20 * time.Millisecond})
	defer e.Close()
	h := e.Handlers("Quotes")
	got, drop := h.MessageReceive(nil, []byte(`{"a":1}`))
	if got != nil || drop {
		t.Errorf("an interrupted handler changed the message: %q, %v", got, drop)
	}
	if want := "Main.js line 3: Page.QuotesonMessageReceive ran longer than 20ms and was stopped"; lb.text() != want {
		t.Fatalf("report = %q, want %q", lb.text(), want)
	}
	// The runtime works after an interrupt: the next call is not cut short.
	if got, ok := h.BeforeMessageSend(nil, []byte("x")); string(got) != "after" || !ok {
		t.Errorf("after a timeout BeforeMessageSend = %q, %v", got, ok)
	}
}

func TestEngineSyntaxErrorReportedAndHarmless(t *testing.T) {
	e, lb := load(t, "Page.QuotesonOpen = function () {\n  console.log('x';\n};\n")
	var se *SyntaxError
	if !errors.As(e.Err(), &se) || se.Line != 2 {
		t.Fatalf("Err = %v, want a syntax error on line 2", e.Err())
	}
	if got := lb.text(); got != "Main.js line 2: syntax error: Unexpected token ;" {
		t.Errorf("report = %q", got)
	}
	h := e.Handlers("Quotes")
	if !h.BeforeOpen(nil) {
		t.Error("a script that does not parse vetoed an open")
	}
	if got, drop := h.MessageReceive(nil, []byte(`{"a":1}`)); got != nil || drop {
		t.Errorf("MessageReceive = %q, %v", got, drop)
	}
}

func TestEngineTopLevelErrorsKeepEarlierFunctions(t *testing.T) {
	e, lb := load(t, "Page.QuotesonMessageReceive = function () { return 7; };\n"+
		"Page.Widgets.chart.show = true;\n"+
		"Page.QuotesonOpen = function () {};\n")
	if !e.Has("Page.QuotesonMessageReceive") || e.Has("Page.QuotesonOpen") {
		t.Errorf("functions after a top-level error: receive %v, open %v", e.Has("Page.QuotesonMessageReceive"), e.Has("Page.QuotesonOpen"))
	}
	if want := "Main.js line 2: TypeError: Cannot convert undefined or null to object"; !strings.HasPrefix(lb.text(), want) {
		t.Errorf("report = %q, want %q", lb.text(), want)
	}
	if got, _ := e.Handlers("Quotes").MessageReceive(nil, []byte(`1`)); string(got) != "7" {
		t.Errorf("MessageReceive = %q, want 7", got)
	}
}

func TestEngineWaveMakerGlobals(t *testing.T) {
	e, lb := load(t, `var DialogService = App.getDependency('DialogService');
Page.QonMessageReceive = function (variable, data) {
    return {same: Page.App === App, vars: typeof Page.Variables, widgets: typeof Page.Widgets, dep: typeof DialogService};
};
`)
	got, _ := e.Handlers("Q").MessageReceive(nil, []byte(`{}`))
	if want := `{"same":true,"vars":"object","widgets":"object","dep":"object"}`; string(got) != want || lb.text() != "" {
		t.Fatalf("MessageReceive = %s (reports %q), want %s", got, lb.text(), want)
	}
}

func TestEngineTopLevelLoopIsStopped(t *testing.T) {
	lb := &logBook{}
	e := Load("app.js", "App", []byte("App.QonOpen = function () {};\nvar i = 0;\nwhile (true) {\n    i++;\n}\n"), Options{Log: lb.log, Timeout: 10 * time.Millisecond})
	defer e.Close()
	// The line is where the interrupt caught the loop: one of its lines.
	if !regexp.MustCompile(`^app\.js line [2-5]: the script's top-level code ran longer than 10ms and was stopped$`).MatchString(lb.text()) {
		t.Errorf("report = %q", lb.text())
	}
	if !e.Has("App.QonOpen") {
		t.Error("App.QonOpen defined before the loop is missing")
	}
}

func TestEngineReturnValuesThatAreNotJSON(t *testing.T) {
	e, lb := load(t, `
Page.AonMessageReceive = function () { return function () {}; };
Page.BonMessageReceive = function () { var o = {}; o.self = o; return o; };
Page.ConMessageReceive = function () { return null; };
Page.DonMessageReceive = function (v, data) { return "text"; };
`)
	for _, tt := range []struct{ v, want string }{{"A", ""}, {"B", ""}, {"C", "null"}, {"D", `"text"`}} {
		got, drop := e.Handlers(tt.v).MessageReceive(nil, []byte(`{}`))
		if string(got) != tt.want || drop {
			t.Errorf("%s: MessageReceive = %q, %v; want %q", tt.v, got, drop, tt.want)
		}
	}
	text := lb.text()
	if !strings.Contains(text, "Page.AonMessageReceive returned a value that is not JSON") ||
		!strings.Contains(text, "Page.BonMessageReceive threw TypeError") {
		t.Errorf("reports = %q", text)
	}
}

func TestEngineClosedDoesNothing(t *testing.T) {
	e := Load("Main.js", "Page", []byte(`Page.QonBeforeOpen = function () { return false; };`), Options{})
	e.Close()
	e.Close()
	if !e.Handlers("Q").BeforeOpen(nil) {
		t.Error("a closed engine vetoed an open")
	}
}

func TestEngineConcurrentCalls(t *testing.T) {
	e, _ := load(t, `var n = 0; Page.QonMessageReceive = function (v, d) { n++; return {n: d.i}; };`)
	h := e.Handlers("Q")
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				got, _ := h.MessageReceive(nil, []byte(fmt.Sprintf(`{"i":%d}`, i)))
				if want := fmt.Sprintf(`{"n":%d}`, i); string(got) != want {
					t.Errorf("got %s, want %s", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestEngineSurvivesAnInternalPanic(t *testing.T) {
	e, lb := load(t, `Page.QonMessageReceive = function () { return 1; };`)
	e.do(func() { panic("broken invariant") })
	if want := "Main.js: internal error in the script engine: broken invariant"; lb.text() != want {
		t.Fatalf("report = %q, want %q", lb.text(), want)
	}
	if got, _ := e.Handlers("Q").MessageReceive(nil, []byte(`0`)); string(got) != "1" {
		t.Fatalf("after the panic MessageReceive = %q", got)
	}
}
