package wizard

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/demo"
	"wsstudio/importer"
	"wsstudio/project"
	"wsstudio/wire"
)

// harness runs a wizard over a test window. Background work reaches the UI
// through q, which the test goroutine drains: the same single UI goroutine
// as in the studio, and no data race between the test and the views.
type harness struct {
	t   *testing.T
	win fyne.Window
	p   *project.Project
	w   *wizard
	q   chan func()

	finished bool
	svc      *project.Service
	v        *project.Variable
	edits    []reported
}

// reported is one OnEdit call.
type reported struct {
	label         string
	before, after *project.State
}

func newHarness(t *testing.T, p *project.Project, o Options, cfg config) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.LightTheme())
	win := test.NewWindow(widget.NewLabel("WebSocket Studio"))
	win.Resize(fyne.NewSize(1000, 720))
	t.Cleanup(win.Close)
	h := &harness{t: t, win: win, p: p, q: make(chan func(), 4096)}
	cfg.do = func(f func()) { h.q <- f }
	if cfg.window == 0 {
		cfg.window = 600 * time.Millisecond
	}
	userEdit := o.OnEdit
	o.OnEdit = func(label string, before, after *project.State) {
		h.edits = append(h.edits, reported{label, before, after})
		if userEdit != nil {
			userEdit(label, before, after)
		}
	}
	user := o.OnFinish
	o.OnFinish = func(s *project.Service, v *project.Variable) {
		h.finished, h.svc, h.v = true, s, v
		if user != nil {
			user(s, v)
		}
	}
	h.w = show(win, p, o, cfg)
	t.Cleanup(h.w.cancelTest)
	return h
}

// drainUntil runs UI work posted from the background until cond holds.
func (h *harness) drainUntil(cond func() bool) {
	h.t.Helper()
	for !cond() {
		f := <-h.q
		f()
	}
}

func (h *harness) runTest() {
	h.t.Helper()
	if h.w.tv.run.Disabled() {
		h.t.Fatalf("Run test is disabled for %q", h.w.m.url)
	}
	test.Tap(h.w.tv.run)
	if !h.w.m.testing {
		h.t.Fatal("tapping Run test did not start a test")
	}
	h.drainUntil(func() bool { return !h.w.m.testing })
}

func (h *harness) next(want step) {
	h.t.Helper()
	test.Tap(h.w.nextBtn)
	if h.w.m.step != want {
		h.t.Fatalf("after Next: step %v, want %v (status: %q)", h.w.m.step, want, h.w.status.text())
	}
}

// back taps Back until the wizard is at step want.
func (h *harness) back(want step) {
	h.t.Helper()
	for i := 0; h.w.m.step != want && i < int(stepCount); i++ {
		test.Tap(h.w.backBtn)
	}
	if h.w.m.step != want {
		h.t.Fatalf("Back did not reach %v: at %v", want, h.w.m.step)
	}
}

// finish taps Finish and expects the final panel.
func (h *harness) finish() {
	h.t.Helper()
	test.Tap(h.w.nextBtn)
	if !h.w.finishing {
		h.t.Fatalf("Finish failed: %q", h.w.status.text())
	}
}

func newProject(t *testing.T) *project.Project {
	t.Helper()
	p, err := project.Create(filepath.Join(t.TempDir(), "studio"), "Studio")
	if err != nil {
		t.Fatalf("create project: %v", err)
	}
	return p
}

func startDemo(t *testing.T, tls bool) *demo.Server {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", tls)
	if err != nil {
		t.Fatalf("start demo server: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// readJSON reads a project file into a generic value.
func readJSON(t *testing.T, p *project.Project, rel string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(p.Dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("read %s: %v", rel, err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s is not JSON: %v\n%s", rel, err, b)
	}
	return v
}

// folder reads every file under the project folder, for "nothing was
// written" checks.
func folder(t *testing.T, p *project.Project) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(p.Dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(p.Dir, path)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameFolder fails unless the folder holds exactly what was read before.
func sameFolder(t *testing.T, p *project.Project, before map[string]string, when string) {
	t.Helper()
	after := folder(t, p)
	for f, b := range after {
		if old, ok := before[f]; !ok {
			t.Errorf("%s: %s was written", when, f)
		} else if old != b {
			t.Errorf("%s: %s was changed", when, f)
		}
	}
	for f := range before {
		if _, ok := after[f]; !ok {
			t.Errorf("%s: %s was removed", when, f)
		}
	}
}

// appendType types s at the end of what the entry holds.
func appendType(e *keyEntry, s string) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	test.Type(e, s)
}

func retype(e *keyEntry, s string) {
	e.SetText("")
	test.Type(e, s)
}

// TestImportTickerEndToEnd drives every step against the demo ticker and
// checks the files written.
func TestImportTickerEndToEnd(t *testing.T) {
	srv := startDemo(t, false)
	p := newProject(t)
	h := newHarness(t, p, Options{Demo: srv}, config{})
	w := h.w

	if !w.nextBtn.Disabled() {
		t.Error("Next must be disabled before a URL is entered")
	}
	test.Type(w.ep.url, srv.URL("/ticker?symbols=ACME&interval=40ms"))
	if w.m.urlErr != nil {
		t.Fatalf("demo URL rejected: %v", w.m.urlErr)
	}
	if w.ep.name.Text == "" {
		t.Error("no service name was suggested from the host")
	}
	if got := w.ep.query.rows; len(got) != 2 || got[0].Name != "symbols" || got[0].Value != "ACME" || got[1].Name != "interval" {
		t.Fatalf("query table from the URL = %+v", got)
	}
	// Editing the table rewrites the URL.
	appendType(w.ep.query.entries[0][1], ",GLOBEX")
	if want := srv.URL("/ticker?symbols=ACME,GLOBEX&interval=40ms"); w.ep.url.Text != want {
		t.Fatalf("URL after editing the query table = %q, want %q", w.ep.url.Text, want)
	}
	retype(w.ep.name, "quotes")
	if w.nextBtn.Disabled() {
		t.Fatalf("Next disabled on a valid endpoint: %q", w.ep.nameNote.text())
	}

	h.next(stepTest)
	h.runTest()
	if w.m.testErr != nil {
		t.Fatalf("test failed: %v", w.m.testErr)
	}
	if len(w.m.messages) < 2 || w.m.picked != 0 {
		t.Fatalf("test saw %d messages, picked %d; want at least 2, the first picked", len(w.m.messages), w.m.picked)
	}
	if !strings.Contains(w.tv.result.text(), "received") || len(w.tv.list.Objects) != len(w.m.messages) {
		t.Fatalf("result %q with %d rows for %d messages", w.tv.result.text(), len(w.tv.list.Objects), len(w.m.messages))
	}
	test.Tap(w.tv.rows[1])
	picked := string(w.m.messages[1].Data)
	if w.m.picked != 1 || w.m.sampleResponse != picked {
		t.Fatalf("tapping row 2 picked %d", w.m.picked)
	}

	h.next(stepSamples)
	if w.sv.response.Text != picked {
		t.Fatalf("sample response editor = %q, want the picked message %q", w.sv.response.Text, picked)
	}
	if !treeHas(w.sv.tree, "price", "number", "double") || !treeHas(w.sv.tree, "symbol", "string", "") {
		t.Fatalf("metadata tree lacks price/symbol: %v", treeText(w.sv.tree))
	}
	test.Tap(w.sv.prettyResp)
	if !strings.Contains(w.sv.response.Text, "\n  \"price\": ") {
		t.Fatalf("pretty-print gave %q", w.sv.response.Text)
	}

	// Back and forth keeps what was entered and received.
	test.Tap(w.backBtn)
	if w.m.step != stepTest || len(w.tv.list.Objects) != len(w.m.messages) || w.m.picked != 1 {
		t.Fatalf("Back from Samples: step %v, %d rows, picked %d", w.m.step, len(w.tv.list.Objects), w.m.picked)
	}
	h.next(stepSamples)
	if !strings.Contains(w.sv.response.Text, "\n  \"price\": ") {
		t.Fatalf("the pretty-printed sample was lost going Back and Next: %q", w.sv.response.Text)
	}

	h.next(stepReview)
	if w.nextBtn.Text != "Finish" {
		t.Fatalf("last step button reads %q", w.nextBtn.Text)
	}
	onDisk := folder(t, p)
	test.Tap(w.nextBtn)
	if !w.finishing {
		t.Fatalf("Finish failed: %q", w.status.text())
	}
	// Finish changes the model only, and says so to the studio.
	sameFolder(t, p, onDisk, "after Finish")
	if p.Service("quotes") == nil {
		t.Fatal("after Finish the service is not in the project model")
	}
	if len(h.edits) != 1 || h.edits[0].label != "Import service quotes" {
		t.Fatalf("edits reported after Finish: %+v", h.edits)
	}

	// The variable offered after Finish.
	retype(w.fv.name, "Quotes")
	w.fv.strategy.SetSelected(strategyLabels[project.StrategyAppend])
	retype(w.fv.limit, "50")
	test.Tap(w.nextBtn)
	if !h.finished || h.svc == nil || h.svc.ID != "quotes" || h.v == nil || h.v.Name != "Quotes" {
		t.Fatalf("OnFinish(%v, %v) finished=%v; error %q", h.svc, h.v, h.finished, w.fv.errNote.text())
	}
	if w.popup.Visible() {
		t.Error("the wizard is still open after creating the variable")
	}
	sameFolder(t, p, onDisk, "after creating the variable")
	if len(h.edits) != 2 || h.edits[1].label != "Add variable Quotes" || p.Variable("Quotes") == nil {
		t.Fatalf("edits reported after the variable: %+v", h.edits)
	}

	// The snapshots undo and redo each edit.
	p.Restore(h.edits[1].before)
	if p.Variable("Quotes") != nil || p.Service("quotes") == nil {
		t.Fatal("undoing the variable did not take only the variable out")
	}
	p.Restore(h.edits[0].before)
	if p.Service("quotes") != nil {
		t.Fatal("undoing the import left the service in the model")
	}
	p.Restore(h.edits[1].after)
	if p.Variable("Quotes") == nil || p.Service("quotes") == nil {
		t.Fatal("redoing both edits did not bring them back")
	}

	// Save writes what the wizard made.
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	for _, f := range p.NewServiceFiles("quotes") {
		if _, err := os.Stat(filepath.Join(p.Dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("after Finish: %v", err)
		}
	}
	cs := readJSON(t, p, "services/quotes/designtime/quotes_connection_settings.json")
	if got := cs["endpointAddress"]; got != srv.URL("/ticker?symbols=ACME,GLOBEX&interval=40ms") {
		t.Errorf("endpointAddress = %v", got)
	}
	if q, _ := cs["queryParams"].(map[string]any); q["symbols"] != "ACME,GLOBEX" {
		t.Errorf("queryParams = %v", cs["queryParams"])
	}
	resp, _ := cs["sampleWebSocketResponse"].(map[string]any)
	var want, got any
	_ = json.Unmarshal([]byte(picked), &want)
	if body, _ := resp["responseBody"].(string); json.Unmarshal([]byte(body), &got) != nil || !jsonEqual(got, want) {
		t.Errorf("sampleWebSocketResponse.responseBody = %v, want %s", resp["responseBody"], picked)
	}

	vars := readJSON(t, p, "src/main/webapp/pages/Main/Main.variables.json")
	q, _ := vars["Quotes"].(map[string]any)
	if q["service"] != "quotes" || q["dataUpdateStrategy"] != "append" || q["dataLimit"] != float64(50) || q["category"] != "wm.WebSocketVariable" {
		t.Errorf("Main.variables.json Quotes = %v", q)
	}
}

// TestInsecureEndpoint: ws:// to a remote host warns, cannot be tested, and
// proceeds with hand-typed samples.
func TestInsecureEndpoint(t *testing.T) {
	p := newProject(t)
	h := newHarness(t, p, Options{}, config{})
	w := h.w
	test.Type(w.ep.url, "ws://quotes.example.com/feeds/ticker?symbols=ACME")
	if !w.m.insecure() || !w.ep.insecure.Visible() || !strings.Contains(w.ep.warnNote.text(), "not encrypted") && w.m.ep.Warning == "" {
		t.Fatalf("insecure warning not shown (visible=%v, %q)", w.ep.insecure.Visible(), w.ep.warnNote.text())
	}
	if !w.nextBtn.Disabled() {
		t.Error("Next must be disabled for an insecure endpoint")
	}
	w.tv.refresh()
	if !w.tv.run.Disabled() {
		t.Error("Test must be disabled for an insecure endpoint")
	}
	test.Tap(w.ep.proceed)
	if w.m.step != stepSamples {
		t.Fatalf("Proceed without Test went to %v (status %q)", w.m.step, w.status.text())
	}
	test.Type(w.sv.request, `{"subscribe":"ACME"}`)
	test.Type(w.sv.response, `{"symbol":"ACME","price":12.5,"time":1764000000000}`)
	if !treeHas(w.sv.tree, "time", "integer", "int64") {
		t.Fatalf("tree = %v", treeText(w.sv.tree))
	}
	h.next(stepReview)
	test.Tap(w.nextBtn)
	if !w.finishing {
		t.Fatalf("Finish failed: %q", w.status.text())
	}
	id := w.m.saved.ID
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	cs := readJSON(t, p, "services/"+id+"/designtime/"+id+"_connection_settings.json")
	if cs["endpointAddress"] != "ws://quotes.example.com/feeds/ticker?symbols=ACME" || cs["sampleRequestBody"] != `{"subscribe":"ACME"}` {
		t.Errorf("connection settings = %v", cs)
	}
	test.Tap(w.cancelBtn) // "Not now": no variable
	if !h.finished || h.v != nil || h.svc.ID != id {
		t.Fatalf("OnFinish(%v, %v)", h.svc, h.v)
	}
}

// TestTestFailures shows each failure class of the connection test.
func TestTestFailures(t *testing.T) {
	srv := startDemo(t, false)
	tlsSrv := startDemo(t, true)

	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()

	// A server that accepts connections and never answers the handshake.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { silent.Close() })
	go func() {
		var held []net.Conn
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()

	tests := []struct {
		name    string
		url     string
		class   wire.Class
		says    string
		tryNext string
	}{
		{"refused", "ws://" + closedAddr + "/feed", wire.Refused, "refused", "port"},
		{"401", srv.URL("/secure/ticker"), wire.HTTPStatus, "401", "Headers"},
		{"tls", tlsSrv.URL("/echo"), wire.TLSUnknownAuthority, "authority", "Protocol & TLS"},
		{"timeout", "ws://" + silent.Addr().String() + "/feed", wire.Timeout, "No answer", "run the test again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// only the silent server needs a short limit; the others answer,
			// and a TLS handshake on a loaded machine may take a while
			limit := 30 * time.Second
			if tt.class == wire.Timeout {
				limit = 300 * time.Millisecond
			}
			h := newHarness(t, newProject(t), Options{Demo: srv}, config{handshakeTimeout: limit})
			w := h.w
			test.Type(w.ep.url, tt.url)
			h.next(stepTest)
			h.runTest()
			var we *wire.Error
			if !errors.As(w.m.testErr, &we) || we.Class != tt.class {
				t.Fatalf("test error = %v, want a wire.Error of class %v", w.m.testErr, tt.class)
			}
			if got := w.tv.result.text(); !strings.Contains(got, tt.says) || w.tv.result.label.Importance != widget.DangerImportance {
				t.Errorf("shown %q, want it to say %q", got, tt.says)
			}
			if got := w.tv.tryNext.text(); !strings.Contains(got, tt.tryNext) {
				t.Errorf("try next %q, want it to mention %q", got, tt.tryNext)
			}
			if w.nextBtn.Disabled() {
				t.Error("Next must stay possible after a failed test (samples can be typed)")
			}
		})
	}

	t.Run("tls-with-ca", func(t *testing.T) {
		h := newHarness(t, newProject(t), Options{Demo: srv}, config{})
		w := h.w
		test.Type(w.ep.url, tlsSrv.URL("/echo"))
		test.Type(w.ep.caFile, tlsSrv.CAFile)
		h.next(stepTest)
		h.runTest()
		if w.m.testErr != nil || w.m.result == nil {
			t.Fatalf("trusting the demo CA: %v", w.m.testErr)
		}
	})
}

// TestEditService reopens a saved service, re-tests and saves: the API id
// is kept and bound variables keep working.
func TestEditService(t *testing.T) {
	srv := startDemo(t, false)
	p := newProject(t)

	h := newHarness(t, p, Options{Demo: srv}, config{})
	h.w.ep.quick.SetSelected("echo")
	if h.w.ep.url.Text != srv.URL("/echo") || h.w.ep.name.Text != "echo" || h.w.m.sampleRequest == "" {
		t.Fatalf("quick start echo: url %q name %q request %q", h.w.ep.url.Text, h.w.ep.name.Text, h.w.m.sampleRequest)
	}
	h.next(stepTest)
	h.runTest()
	if len(h.w.m.messages) == 0 || string(h.w.m.messages[0].Data) != h.w.m.sampleRequest {
		t.Fatalf("echo test: %v, messages %d", h.w.m.testErr, len(h.w.m.messages))
	}
	h.next(stepSamples)
	h.next(stepReview)
	test.Tap(h.w.nextBtn)
	test.Tap(h.w.nextBtn) // create the offered variable with its defaults
	if h.v == nil {
		t.Fatalf("no variable: %q", h.w.fv.errNote.text())
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	before := p.Service("echo")
	apiID := before.APIID
	varName := h.v.Name

	e := newHarness(t, p, Options{Existing: before, Demo: srv}, config{})
	w := e.w
	if w.ep.url.Text != srv.URL("/echo") || w.ep.name.Text != "echo" || !strings.HasPrefix(w.title.Text, "Edit service echo") {
		t.Fatalf("edit wizard not pre-filled: url %q name %q title %q", w.ep.url.Text, w.ep.name.Text, w.title.Text)
	}
	test.Tap(w.ep.query.add)
	test.Type(w.ep.query.entries[0][0], "room")
	test.Type(w.ep.query.entries[0][1], "lobby")
	if w.ep.url.Text != srv.URL("/echo?room=lobby") {
		t.Fatalf("URL after adding a query row = %q", w.ep.url.Text)
	}
	e.next(stepTest)
	e.runTest()
	e.next(stepSamples)
	retype(w.sv.response, `{"text":"hello","n":1}`)
	e.next(stepReview)
	test.Tap(w.nextBtn)
	if !w.finishing {
		t.Fatalf("saving the edit failed: %q", w.status.text())
	}
	if n := len(e.edits); n != 1 || e.edits[0].label != "Edit service echo" {
		t.Fatalf("edits reported for the edit: %+v", e.edits)
	}
	test.Tap(w.cancelBtn)
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	after := p.Service("echo")
	if after == nil || after.APIID != apiID || after.Endpoint != srv.URL("/echo?room=lobby") {
		t.Fatalf("after edit: %+v (API id was %s)", after, apiID)
	}
	if v := p.Variable(varName); v == nil || v.Service != "echo" {
		t.Fatalf("variable %s no longer bound to echo: %+v", varName, v)
	}
	cs := readJSON(t, p, "services/echo/designtime/echo_connection_settings.json")
	resp, _ := cs["sampleWebSocketResponse"].(map[string]any)
	if resp["responseBody"] != `{"text":"hello","n":1}` {
		t.Errorf("responseBody after edit = %v", resp["responseBody"])
	}
	re, err := project.Open(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if s := re.Service("echo"); s == nil || s.APIID != apiID {
		t.Fatalf("reopened project: API id %v, want %s", s, apiID)
	}
}

// TestKeyboard: Enter is Next, Escape cancels and stops a running test.
func TestKeyboard(t *testing.T) {
	srv := startDemo(t, false)
	h := newHarness(t, newProject(t), Options{Demo: srv}, config{})
	w := h.w
	test.Type(w.ep.url, srv.URL("/ticker?interval=5s"))
	w.ep.url.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if w.m.step != stepTest {
		t.Fatalf("Enter in the URL field: step %v, want Test", w.m.step)
	}
	test.Tap(w.tv.run)
	if !w.m.testing {
		t.Fatal("test did not start")
	}
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.popup.Visible() || w.m.testing || h.finished {
		t.Fatalf("Escape: popup visible %v, testing %v, finished %v", w.popup.Visible(), w.m.testing, h.finished)
	}

	h2 := newHarness(t, newProject(t), Options{Demo: srv}, config{})
	test.Type(h2.w.ep.name, "x")
	h2.w.ep.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h2.w.popup.Visible() {
		t.Fatal("Escape in an entry did not cancel the wizard")
	}
}

// treeHas reports a row of the metadata tree with those three columns.
func treeHas(tree *fyne.Container, name, typ, format string) bool {
	for _, row := range treeText(tree) {
		if row == name+"|"+typ+"|"+format {
			return true
		}
	}
	return false
}

func treeText(tree *fyne.Container) []string {
	var out []string
	for _, o := range tree.Objects {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 3 {
			continue
		}
		var cols []string
		for _, l := range c.Objects {
			if lbl, ok := l.(*widget.Label); ok {
				cols = append(cols, lbl.Text)
			}
		}
		out = append(out, strings.Join(cols, "|"))
	}
	return out
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestCancelAndRerun: Cancel test stops listening at once, and a second
// run is not confused by reports of the first.
func TestCancelAndRerun(t *testing.T) {
	srv := startDemo(t, false)
	h := newHarness(t, newProject(t), Options{Demo: srv}, config{window: 30 * time.Second})
	w := h.w
	test.Type(w.ep.url, srv.URL("/randomnumber?interval=20ms"))
	h.next(stepTest)
	test.Tap(w.tv.run)
	if !w.m.testing || !w.tv.progress.Visible() || !w.tv.stop.Visible() || w.tv.run.Visible() {
		t.Fatal("a running test shows progress and Cancel test, not Run test")
	}
	h.drainUntil(func() bool { return len(w.m.messages) >= 2 })
	if !strings.Contains(w.tv.elapsed.Text, "messages") {
		t.Errorf("elapsed line = %q", w.tv.elapsed.Text)
	}
	test.Tap(w.tv.stop)
	if w.m.testing || !strings.Contains(w.tv.result.text(), "cancelled") || !w.tv.run.Visible() || w.tv.progress.Visible() {
		t.Fatalf("after Cancel test: testing %v, result %q", w.m.testing, w.tv.result.text())
	}
	kept := len(w.m.messages)

	w.m.window = 300 * time.Millisecond
	h.runTest()
	if w.m.testErr != nil || w.m.result == nil {
		t.Fatalf("second run: %v", w.m.testErr)
	}
	if kept == 0 || len(w.m.messages) == 0 {
		t.Fatalf("messages: %d kept after cancel, %d in the second run", kept, len(w.m.messages))
	}
	for _, m := range w.m.messages {
		if m.Time.Before(w.m.testStarted) {
			t.Fatalf("a message of the cancelled run (%v) leaked into the second (started %v)", m.Time, w.m.testStarted)
		}
	}
}

// TestQuickStartStartsDemo: with no demo server given, choosing a feed
// starts one on loopback and fills the endpoint from the feed.
func TestQuickStartStartsDemo(t *testing.T) {
	t.Cleanup(func() {
		demoMu.Lock()
		defer demoMu.Unlock()
		if demoSrv != nil {
			demoSrv.Close()
			demoSrv = nil
		}
	})
	h := newHarness(t, newProject(t), Options{}, config{})
	w := h.w
	w.ep.quick.SetSelected("ticker")
	if w.demo == nil || !strings.HasPrefix(w.ep.url.Text, "ws://127.0.0.1:") || !strings.Contains(w.ep.url.Text, "/ticker?symbols=") {
		t.Fatalf("quick start ticker: URL %q", w.ep.url.Text)
	}
	if w.ep.name.Text != "ticker" || w.m.sampleRequest == "" || !strings.Contains(w.ep.quickNote.text(), "quotes") {
		t.Fatalf("name %q, sample request %q, note %q", w.ep.name.Text, w.m.sampleRequest, w.ep.quickNote.text())
	}
	h.next(stepTest)
	h.runTest()
	if w.m.testErr != nil || len(w.m.messages) == 0 {
		t.Fatalf("testing the lazily started demo: %v, %d messages", w.m.testErr, len(w.m.messages))
	}
}

// TestEndpointChecks: a bad URL, a clashing name and an unreadable CA file
// are each said in words, and Next stays off until they are fixed.
func TestEndpointChecks(t *testing.T) {
	p := newProject(t)
	p.Services = append(p.Services, &project.Service{ID: "quotes", Type: project.ServiceTypeWebSocket})
	h := newHarness(t, p, Options{}, config{})
	w := h.w

	test.Type(w.ep.url, "https://quotes.example.com/feed")
	if w.m.urlErr == nil || w.ep.urlNote.text() != w.m.urlErr.Error() || w.ep.urlNote.label.Importance != widget.DangerImportance {
		t.Fatalf("https URL: note %q, error %v", w.ep.urlNote.text(), w.m.urlErr)
	}
	retype(w.ep.url, "wss://quotes.example.com/feed")
	if w.ep.name.Text != "quotes2" {
		t.Errorf("suggested name %q, want quotes2 (quotes is taken)", w.ep.name.Text)
	}
	retype(w.ep.name, "quotes")
	if !strings.Contains(w.ep.nameNote.text(), "already exists") || !w.nextBtn.Disabled() {
		t.Fatalf("clashing name: note %q, Next disabled %v", w.ep.nameNote.text(), w.nextBtn.Disabled())
	}
	retype(w.ep.name, "quotes_eu")
	bad := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(bad, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	test.Type(w.ep.caFile, bad)
	if !strings.Contains(w.ep.caNote.text(), "holds no PEM certificate") || !w.nextBtn.Disabled() ||
		!strings.Contains(w.status.text(), "holds no PEM certificate") {
		t.Fatalf("bad CA file: note %q, status %q, Next disabled %v", w.ep.caNote.text(), w.status.text(), w.nextBtn.Disabled())
	}
	retype(w.ep.caFile, "")
	if w.nextBtn.Disabled() || w.status.text() != "" {
		t.Fatalf("after clearing the CA file: Next disabled %v, status %q", w.nextBtn.Disabled(), w.status.text())
	}
	test.Tap(w.ep.headers.add)
	test.Type(w.ep.headers.entries[0][0], "X-Api-Key")
	if !w.ep.headers.entries[0][1].Password {
		t.Error("the value of a header named like a key must be hidden")
	}
}

// TestFinishError: when the service cannot go into the model (here the
// service being edited was taken out of the project while the wizard was
// open) the error is shown, the wizard stays on Review, the model is as it
// was, no edit is reported and nothing is written.
func TestFinishError(t *testing.T) {
	p := newProject(t)
	svc, err := importer.Build(importer.Spec{ID: "rooms", URL: "wss://chat.example.com/rooms"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AddService(svc); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, p, Options{Existing: svc}, config{})
	w := h.w
	retype(w.ep.name, "lobby")
	h.next(stepTest)
	h.next(stepSamples)
	h.next(stepReview)
	p.Services = nil // undone in the window meanwhile
	onDisk := folder(t, p)
	test.Tap(w.nextBtn)
	if w.finishing || w.m.step != stepReview {
		t.Fatal("Finish went on although the service could not be put into the project")
	}
	if got := w.status.text(); !strings.Contains(got, "rename service rooms to lobby") || w.status.label.Importance != widget.DangerImportance {
		t.Fatalf("status = %q, want the rename error", got)
	}
	if len(p.Services) != 0 {
		t.Fatalf("the model changed after a failed Finish: %d services", len(p.Services))
	}
	if h.finished || len(h.edits) != 0 {
		t.Fatalf("after a failed Finish: OnFinish called %v, edits %+v", h.finished, h.edits)
	}
	sameFolder(t, p, onDisk, "after a failed Finish")
}

// TestBackAndChangeURL: a test passed for one feed, then Back and another
// URL: the Test step is empty again and not ticked, and the sample picked
// from the first feed does not follow to the other service.
func TestBackAndChangeURL(t *testing.T) {
	srv := startDemo(t, false)
	h := newHarness(t, newProject(t), Options{Demo: srv}, config{})
	w := h.w
	test.Type(w.ep.url, srv.URL("/ticker?interval=40ms"))
	h.next(stepTest)
	h.runTest()
	if !w.m.testPassed() || len(w.tv.list.Objects) == 0 || w.m.sampleResponse == "" {
		t.Fatalf("ticker test: %v, %d rows", w.m.testErr, len(w.tv.list.Objects))
	}
	h.next(stepSamples)
	if w.stepMark(stepTest) != markDone {
		t.Fatal("a passed test is not ticked")
	}
	h.back(stepEndpoint)
	retype(w.ep.url, srv.URL("/heartrate"))
	if w.stepMark(stepTest) == markDone {
		t.Fatal("the Test step stays ticked for a URL that was not tested")
	}
	h.next(stepTest)
	if len(w.m.messages) != 0 || len(w.tv.list.Objects) != 0 || w.tv.result.text() != "" || w.m.picked != -1 {
		t.Fatalf("the old test shows for the new URL: %d messages, %d rows, result %q", len(w.m.messages), len(w.tv.list.Objects), w.tv.result.text())
	}
	h.next(stepSamples)
	if w.sv.response.Text != "" || w.m.sampleResponse != "" {
		t.Fatalf("the ticker's sample followed to the heart rate feed: %q", w.sv.response.Text)
	}
	h.next(stepReview)
	if !treeTextHas(w.rv.summary, "Not run") {
		t.Fatal("Review does not say the test was not run")
	}
}

// watchedWindow is a test window whose canvas notes every Focus call
// made while the wizard's pop-up is not on it: the calls a real window
// refuses with "Failed to focus object which is not part of the canvas"
// on stderr.
type watchedWindow struct {
	fyne.Window
	c *watchedCanvas
}

func (w *watchedWindow) Canvas() fyne.Canvas { return w.c }

type watchedCanvas struct {
	fyne.Canvas
	early []string
}

func (c *watchedCanvas) Focus(f fyne.Focusable) {
	if c.Overlays().Top() == nil {
		c.early = append(c.early, fmt.Sprintf("%T", f))
	}
	c.Canvas.Focus(f)
}

// TestFocusOnlyOnCanvas: the wizard focuses its fields only once its
// pop-up is on the canvas, opening and finishing alike, and the URL field
// has the focus when it opens.
func TestFocusOnlyOnCanvas(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.LightTheme())
	base := test.NewWindow(widget.NewLabel("WebSocket Studio"))
	base.Resize(fyne.NewSize(1000, 720))
	t.Cleanup(base.Close)
	win := &watchedWindow{Window: base, c: &watchedCanvas{Canvas: base.Canvas()}}
	w := show(win, newProject(t), Options{}, config{do: func(f func()) { f() }})
	if len(win.c.early) > 0 {
		t.Fatalf("focused %v before the wizard was on the canvas", win.c.early)
	}
	if f := base.Canvas().Focused(); f != w.ep.url {
		t.Fatalf("focused %T after opening, want the URL field", f)
	}
	test.Type(w.ep.url, "wss://quotes.example.com/x")
	for _, want := range []step{stepTest, stepSamples, stepReview} {
		w.enter()
		if w.m.step != want {
			t.Fatalf("step %v, want %v: %q", w.m.step, want, w.status.text())
		}
	}
	w.enter() // Finish
	if !w.finishing || base.Canvas().Focused() != w.fv.name {
		t.Fatalf("after Finish: finishing %v, focused %T", w.finishing, base.Canvas().Focused())
	}
	w.cancel()
	if len(win.c.early) > 0 {
		t.Fatalf("focused %v while the wizard was not on the canvas", win.c.early)
	}
}

// treeTextHas reports a label holding s anywhere under o.
func treeTextHas(o fyne.CanvasObject, s string) bool {
	switch x := o.(type) {
	case *widget.Label:
		return strings.Contains(x.Text, s)
	case *fyne.Container:
		for _, c := range x.Objects {
			if treeTextHas(c, s) {
				return true
			}
		}
	}
	return false
}
