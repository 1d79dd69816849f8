package script

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/variable"
)

// startDemo runs the built-in feeds on loopback for one test.
func startDemo(t testing.TB) *demo.Server {
	t.Helper()
	s, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newProject writes a project folder with the page script src and one
// variable "Quotes" of page Main bound to a service at url.
func newProject(t testing.TB, url, src string, edit func(*project.Variable)) (*project.Project, *project.Variable) {
	t.Helper()
	svc, err := project.NewService("feed", url)
	if err != nil {
		t.Fatal(err)
	}
	v := project.NewVariable("Quotes", svc, project.OwnerPage, "Main")
	v.Strategy, v.DataLimit = project.StrategyAppend, 100
	if edit != nil {
		edit(v)
	}
	p := &project.Project{Dir: t.TempDir(), HomePage: "Main"}
	if err := p.AddService(svc); err != nil {
		t.Fatal(err)
	}
	if err := p.AddVariable(v); err != nil {
		t.Fatal(err)
	}
	if src != "" {
		file := ScriptFile(p, v)
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return p, v
}

// runVariable loads the project's scripts and makes the variable with its
// handlers; both are closed when the test ends.
func runVariable(t testing.TB, p *project.Project, pv *project.Variable, opts Options) *variable.Variable {
	t.Helper()
	scripts := ForProject(p, opts)
	t.Cleanup(scripts.Close)
	h, err := scripts.Handlers(pv)
	if err != nil {
		t.Fatal(err)
	}
	v, err := variable.New(p, pv, variable.Options{Handlers: h, Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// waitFor waits until cond holds, woken by the variable's notifications.
// The long bound only stops a broken test from hanging the run.
func waitFor(t testing.TB, v *variable.Variable, what string, cond func() bool) {
	t.Helper()
	wake := make(chan struct{}, 1)
	poke := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	defer v.Subscribe(poke)()
	defer v.Dataset().Subscribe(poke)()
	giveUp := time.After(60 * time.Second)
	for !cond() {
		select {
		case <-wake:
		case <-time.After(20 * time.Millisecond):
		case <-giveUp:
			t.Fatalf("gave up waiting for %s; state %v, stats %+v", what, v.State(), v.Stats())
		}
	}
}

func records(v *variable.Variable) []string {
	var out []string
	for _, r := range v.Dataset().Records(0, v.Dataset().Len()) {
		out = append(out, string(r.JSON))
	}
	return out
}

const echoScript = `/* the page script */
Page.onReady = function () {};

Page.QuotesonOpen = function (variable, evt) {
    console.log("open", variable.name, evt.type);
};

Page.QuotesonBeforeMessageSend = function (variable, data) {
    if (data.cancel) {
        return false;
    }
    if (data.wrap) {
        return {wrapped: data.wrap};
    }
    if (data === "shout") {
        return "SHOUT";
    }
};

Page.QuotesonMessageReceive = function (variable, data, options) {
    if (data.symbol === "DROP") {
        return false;
    }
    if (data.boom) {
        throw new Error("boom");
    }
    if (data.spin) {
        for (var i = 0; ; i++) {
            data.n = i;
        }
    }
    if (data.ping) {
        variable.send({pong: variable.dataSet.length});
        return;
    }
    if (data.price !== undefined) {
        data.price = data.price * 2;
        return data;
    }
};

Page.QuotesonClose = function (variable, evt) {
    console.log("close", evt.code, evt.wasClean);
};
`

// TestEventsThroughARealVariable drives every kind of handler result over a
// real connection to the echo feed.
func TestEventsThroughARealVariable(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/echo"), echoScript, nil)
	lb := &logBook{}
	v := runVariable(t, p, pv, Options{Log: lb.log, Timeout: 50 * time.Millisecond})
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	send := func(msg string) {
		t.Helper()
		if err := v.Send([]byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	send(`{"cancel":true}`)                // vetoed by onBeforeMessageSend
	send(`{"wrap":"w"}`)                   // replaced by onBeforeMessageSend
	send(`shout`)                          // replaced by a string
	send(`{"symbol":"DROP"}`)              // dropped by onMessageReceive
	send(`{"symbol":"ACME","price":1.25}`) // replaced by onMessageReceive
	send(`{"boom":true}`)                  // handler throws: kept as it came
	send(`{"spin":true}`)                  // handler times out: kept as it came
	send(`{"ping":1}`)                     // handler sends {"pong": n}
	send(`{"plain":  true}`)               // no change
	waitFor(t, v, "the pong", func() bool { return strings.Contains(strings.Join(records(v), " "), "pong") })
	send(`{"last":true}`)
	waitFor(t, v, "the last echo", func() bool { return strings.Contains(strings.Join(records(v), " "), "last") })

	want := []string{
		`{"wrapped":"w"}`,
		`"SHOUT"`,
		`{"symbol":"ACME","price":2.5}`,
		`{"boom":true}`,
		`{"spin":true}`,
		`{"ping":1}`,
		`{"plain":  true}`,
		`{"pong":5}`, // five records before the ping
		`{"last":true}`,
	}
	if got := records(v); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("dataset:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	// The interrupt names the line of the loop it stopped in: its header
	// (28) or its body (29), depending on where the time ran out.
	wantLog := regexp.MustCompile(`^Main\.js: open Quotes open
Main\.js line 25: Page\.QuotesonMessageReceive threw Error: boom
Main\.js line 2[89]: Page\.QuotesonMessageReceive ran longer than 50ms and was stopped
Main\.js: close 1000 true$`)
	if got := lb.text(); !wantLog.MatchString(got) {
		t.Fatalf("console:\n%s\nwant:\n%s", got, wantLog)
	}
}

func TestBeforeOpenAndBeforeCloseVeto(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/echo"), `
var allowOpen = false, allowClose = false;
Page.QuotesonBeforeOpen = function (variable) {
    var ok = allowOpen;
    allowOpen = true;
    return ok;
};
Page.QuotesonBeforeClose = function (variable, evt) {
    if (!allowClose) {
        allowClose = true;
        return false;
    }
};
`, nil)
	v := runVariable(t, p, pv, Options{})
	if err := v.Open(context.Background()); !errors.Is(err, variable.ErrCanceled) || v.State() != variable.Closed {
		t.Fatalf("first Open = %v, state %v; want it vetoed", err, v.State())
	}
	if err := v.Open(context.Background()); err != nil {
		t.Fatalf("second Open = %v", err)
	}
	if err := v.Close(); !errors.Is(err, variable.ErrCanceled) || v.State() != variable.Open {
		t.Fatalf("first Close = %v, state %v; want it vetoed", err, v.State())
	}
	if err := v.Close(); err != nil || v.State() != variable.Closed {
		t.Fatalf("second Close = %v, state %v", err, v.State())
	}
}

func TestOnErrorGetsTheFailure(t *testing.T) {
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such feed", http.StatusNotFound)
	}))
	defer refuse.Close()
	url := "ws" + strings.TrimPrefix(refuse.URL, "http") + "/feeds/missing"
	p, pv := newProject(t, url, `
Page.QuotesonError = function (variable, evt) {
    console.error(variable.name, evt.type, evt.message.indexOf("404") >= 0 ? "404" : evt.message);
};
`, nil)
	lb := &logBook{}
	v := runVariable(t, p, pv, Options{Log: lb.log})
	if err := v.Open(context.Background()); err == nil {
		t.Fatal("Open of a refused upgrade succeeded")
	}
	if got := lb.text(); got != "Main.js: error: Quotes error 404" {
		t.Fatalf("console = %q", got)
	}
}

func TestSyntaxErrorLeavesTheVariableWorking(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/echo"), "Page.QuotesonMessageReceive = function (variable, data) {\n    return false\n}}\n", nil)
	lb := &logBook{}
	v := runVariable(t, p, pv, Options{Log: lb.log})
	if got := lb.text(); got != "Main.js line 3: syntax error: Unexpected token }" {
		t.Fatalf("report = %q", got)
	}
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	v.Send([]byte(`{"a":1}`))
	waitFor(t, v, "the echo", func() bool { return v.Dataset().Len() == 1 })
	if got := records(v); got[0] != `{"a":1}` {
		t.Fatalf("dataset = %q", got)
	}
}

func TestAppVariableUsesAppJS(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/burst?count=5&size=64"), `
App.QuotesonMessageReceive = function (variable, data) {
    if (data.seq % 2 === 1) {
        return false;
    }
    return {seq: data.seq, count: App.Variables.Quotes.dataSet.length};
};
`, func(pv *project.Variable) { pv.Owner, pv.Page = project.OwnerApp, "" })
	if got := ScriptFile(p, pv); got != filepath.Join(p.Dir, "src", "main", "webapp", "app.js") {
		t.Fatalf("script of an App variable = %s", got)
	}
	v := runVariable(t, p, pv, Options{})
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the burst", func() bool { return v.State() == variable.Closed })
	want := `{"seq":0,"count":0} {"seq":2,"count":1} {"seq":4,"count":2}`
	if got := strings.Join(records(v), " "); got != want {
		t.Fatalf("dataset = %s, want %s", got, want)
	}
}

func TestReloadTakesEffectWithoutRebinding(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/echo"), `Page.QuotesonMessageReceive = function () { return {v: 1}; };`, nil)
	scripts := ForProject(p, Options{})
	defer scripts.Close()
	h, err := scripts.Handlers(pv)
	if err != nil {
		t.Fatal(err)
	}
	v, err := variable.New(p, pv, variable.Options{Handlers: h})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	v.Send([]byte(`{}`))
	waitFor(t, v, "the first echo", func() bool { return v.Dataset().Len() == 1 })
	if err := os.WriteFile(ScriptFile(p, pv), []byte(`Page.QuotesonMessageReceive = function () { return {v: 2}; };`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := scripts.Reload(pv); err != nil {
		t.Fatal(err)
	}
	v.Send([]byte(`{}`))
	waitFor(t, v, "the second echo", func() bool { return v.Dataset().Len() == 2 })
	if got := strings.Join(records(v), " "); got != `{"v":1} {"v":2}` {
		t.Fatalf("dataset = %s", got)
	}
}

func TestUnreadableScriptIsAnError(t *testing.T) {
	p, pv := newProject(t, "ws://127.0.0.1:1/x", "", nil)
	// A folder where the script should be cannot be read as a file.
	if err := os.MkdirAll(ScriptFile(p, pv), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := ForProject(p, Options{}).Handlers(pv)
	if err == nil || !strings.HasPrefix(err.Error(), "read script "+ScriptFile(p, pv)+":") {
		t.Fatalf("Handlers = %v", err)
	}
}

// TestConsoleReachesTheVariableConsole checks that console.* inside a
// handler, and a handler that throws, show in the console of the variable
// whose event runs, as well as in Log; top-level output goes to Log only.
func TestConsoleReachesTheVariableConsole(t *testing.T) {
	srv := startDemo(t)
	const src = `console.log("loading");
Page.QuotesonMessageReceive = function (variable, data) {
    if (data.boom) {
        throw new Error("boom");
    }
    console.log("got", data.symbol, {n: 1});
    console.warn("careful");
    console.error("bad", data.symbol);
};
`
	p, pv := newProject(t, srv.URL("/echo"), src, nil)
	lb := &logBook{}
	v := runVariable(t, p, pv, Options{Log: lb.log})
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, msg := range []string{`{"symbol":"ACME"}`, `{"boom":true}`} {
		if err := v.Send([]byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, v, "both echoes", func() bool { return v.Dataset().Len() == 2 })

	var got []string
	for _, e := range v.Console(100) {
		if e.Dir == variable.Info || e.Dir == variable.Error {
			if strings.HasPrefix(e.Text, "Main.js") {
				got = append(got, e.Dir.String()+" "+e.Text)
				if !e.Note {
					t.Errorf("%q is not marked as a note", e.Text)
				}
			}
		}
	}
	want := []string{
		`info Main.js: got ACME {"n":1}`,
		`info Main.js: warning: careful`,
		`error Main.js: error: bad ACME`,
		`error Main.js line 4: Page.QuotesonMessageReceive threw Error: boom`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("variable console:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	logged := strings.Join(lb.all(), "\n")
	for _, line := range append([]string{"Main.js: loading"}, `Main.js: got ACME {"n":1}`, "Main.js: error: bad ACME") {
		if !strings.Contains(logged, line) {
			t.Errorf("Log lacks %q:\n%s", line, logged)
		}
	}
	if v.Stats().LastError != "" {
		t.Errorf("script output became the variable's last error: %q", v.Stats().LastError)
	}
}

// errorNotes lists the Error notes on v's console that the script made.
func errorNotes(v *variable.Variable) []string {
	var out []string
	for _, e := range v.Console(100) {
		if e.Dir == variable.Error && e.Note {
			out = append(out, e.Text)
		}
	}
	return out
}

// TestLoadErrorIsNotedOnTheVariableConsole runs a variable on a loopback
// echo whose page script throws at load, then reloads the script with a
// syntax error and then fixed: each problem shows once on the variable's
// console, the reloaded one at once, without waiting for an event.
func TestLoadErrorIsNotedOnTheVariableConsole(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/echo"), `Page.QuotesonMessageReceive = function () { return {v: 1}; };
var cfg;
Page.limit = cfg.limit;
`, nil)
	lb := &logBook{}
	reg := NewRegistry(Options{Log: lb.log})
	t.Cleanup(func() { reg.Forget(p) })
	if err := reg.Err(p, pv); err != nil {
		t.Fatalf("Err before the script loaded = %v", err)
	}
	v, err := variable.New(p, pv, variable.Options{Handlers: reg.Handlers(p, pv), Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	const thrown = "Main.js line 3: TypeError: Cannot read property 'limit' of undefined"
	if err := reg.Err(p, pv); err == nil || err.Error() != thrown {
		t.Fatalf("Err = %v, want %q", err, thrown)
	}
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := v.Send([]byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, v, "both echoes", func() bool { return v.Dataset().Len() == 2 })
	if got := errorNotes(v); strings.Join(got, "\n") != thrown {
		t.Fatalf("console errors after the first events:\n%s\nwant once:\n%s", strings.Join(got, "\n"), thrown)
	}
	if got := strings.Join(records(v), " "); got != `{"v":1} {"v":1}` {
		t.Fatalf("the functions defined before the failure did not run: dataset = %s", got)
	}

	if err := os.WriteFile(ScriptFile(p, pv), []byte("Page.QuotesonMessageReceive = function () {\n    return {v: 2};\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reg.Reload(p, pv)
	const syntax = "Main.js line 3: syntax error: Unexpected end of input"
	if got := errorNotes(v); strings.Join(got, "\n") != thrown+"\n"+syntax {
		t.Fatalf("console errors right after the reload:\n%s\nwant:\n%s\n%s", strings.Join(got, "\n"), thrown, syntax)
	}
	if err := reg.Err(p, pv); err == nil || err.Error() != syntax {
		t.Fatalf("Err after the reload = %v, want %q", err, syntax)
	}

	if err := os.WriteFile(ScriptFile(p, pv), []byte("Page.QuotesonMessageReceive = function () { return {v: 3}; };\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	reg.Reload(p, pv)
	if err := reg.Err(p, pv); err != nil {
		t.Fatalf("Err after the fix = %v", err)
	}
	if err := v.Send([]byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the third echo", func() bool { return v.Dataset().Len() == 3 })
	if got := errorNotes(v); len(got) != 2 {
		t.Fatalf("console errors after the fix:\n%s\nwant only the two problems", strings.Join(got, "\n"))
	}
	if got := strings.Join(records(v), " "); got != `{"v":1} {"v":1} {"v":3}` {
		t.Fatalf("dataset = %s", got)
	}
	if n := strings.Count(lb.text(), thrown); n != 1 {
		t.Errorf("Log has the load error %d times, want once:\n%s", n, lb.text())
	}
}

// TestLogSkipsNotes is the studio's setting: what reaches the variable's
// console — the load error, a handler's output and its failure — is kept
// out of Log, which gets only the top-level output.
func TestLogSkipsNotes(t *testing.T) {
	srv := startDemo(t)
	const src = `console.log("loading");
Page.QuotesonMessageReceive = function (variable, data) {
    console.log("got", data.symbol);
    throw new Error("boom");
};
notDefined();
`
	p, pv := newProject(t, srv.URL("/echo"), src, nil)
	lb := &logBook{}
	v := runVariable(t, p, pv, Options{Log: lb.log, LogSkipsNotes: true})
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := v.Send([]byte(`{"symbol":"ACME"}`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the echo", func() bool { return v.Dataset().Len() == 1 })

	var got []string
	for _, e := range v.Console(100) {
		if e.Note {
			got = append(got, e.Dir.String()+" "+e.Text)
		}
	}
	want := []string{
		"error Main.js line 6: ReferenceError: notDefined is not defined",
		"info Main.js: got ACME",
		"error Main.js line 4: Page.QuotesonMessageReceive threw Error: boom",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("variable console:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := lb.text(); got != "Main.js: loading" {
		t.Errorf("Log = %q, want only the top-level line", got)
	}
}

// TestUnreadableScriptIsNotedOnTheConsole: the registry runs the variable
// without handlers and its console says why the script did not load.
func TestUnreadableScriptIsNotedOnTheConsole(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/echo"), "", nil)
	// A folder where the script should be cannot be read as a file.
	if err := os.MkdirAll(ScriptFile(p, pv), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, skip := range []bool{false, true} {
		lb := &logBook{}
		reg := NewRegistry(Options{Log: lb.log, LogSkipsNotes: skip})
		v, err := variable.New(p, pv, variable.Options{Handlers: reg.Handlers(p, pv), Env: func(string) string { return "" }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { v.Close() })
		if err := v.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := v.Send([]byte(`{"a":1}`)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, v, "the echo", func() bool { return v.Dataset().Len() == 1 })
		want := "read script " + ScriptFile(p, pv) + ": "
		if got := errorNotes(v); len(got) != 1 || !strings.HasPrefix(got[0], want) {
			t.Errorf("LogSkipsNotes %v: console errors %q, want one starting %q", skip, got, want)
		}
		if logged := lb.text(); skip != (logged == "") {
			t.Errorf("LogSkipsNotes %v: Log = %q", skip, logged)
		}
	}
}
