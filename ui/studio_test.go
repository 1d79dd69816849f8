package ui

import (
	"image"
	"image/draw"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/gorilla/websocket"

	"wsstudio/project"
	"wsstudio/widgets"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC // chart axes and console times in the goldens
	os.Exit(m.Run())
}

// quoteMessages are what the fixed feed sends, in order.
var quoteMessages = []string{
	`{"symbol":"ACME","price":12.5,"change":0.1,"volume":100,"time":1764000000000}`,
	`{"symbol":"ACME","price":12.9,"change":0.4,"volume":180,"time":1764000001000}`,
	`{"symbol":"ACME","price":12.2,"change":-0.7,"volume":90,"time":1764000002000}`,
	`{"symbol":"ACME","price":13.1,"change":0.9,"volume":240,"time":1764000003000}`,
	`{"symbol":"ACME","price":13.4,"change":0.3,"volume":160,"time":1764000004000}`,
}

// fixedFeed is a real WebSocket server on loopback that sends the quote
// messages on every connection, then echoes what it receives.
func fixedFeed(t *testing.T) string {
	t.Helper()
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for _, m := range quoteMessages {
			if err := c.WriteMessage(websocket.TextMessage, []byte(m)); err != nil {
				return
			}
		}
		for {
			mt, b, err := c.ReadMessage()
			if err != nil {
				return
			}
			if err := c.WriteMessage(mt, b); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// quotesProject is a project with a ticker service on addr, a variable
// Quotes (append, limit 50) and a chart and a table bound to it.
func quotesProject(t *testing.T, addr string) *project.Project {
	t.Helper()
	svc := &project.Service{
		ID: "ticker", Title: "ticker", Type: project.ServiceTypeWebSocket,
		Endpoint: "ws://" + addr + "/ticker?symbols=ACME", Scheme: "ws", Host: addr, RelativePath: "/ticker",
		QueryParams:    []project.Param{{Name: "symbols", Value: "ACME", Type: "string"}},
		Headers:        []project.Param{{Name: "Authorization", Value: "Bearer s3cr3t-token", Type: "string"}},
		SampleRequest:  `{"subscribe":["ACME"]}`,
		SampleResponse: quoteMessages[0],
		Response: project.Definitions{{Name: "RootResponse", Properties: []project.Property{
			{Name: "symbol", Type: "string"},
			{Name: "price", Type: "number", Format: "double"},
			{Name: "change", Type: "number", Format: "double"},
			{Name: "volume", Type: "integer", Format: "int32"},
			{Name: "time", Type: "integer", Format: "int64"},
		}}},
	}
	p := &project.Project{Dir: t.TempDir(), DisplayName: "Quotes", HomePage: "Main",
		Services: []*project.Service{svc}, Pages: []*project.Page{{Name: "Main"}}}
	v := NewVariable("Quotes", svc, project.OwnerPage, "Main")
	v.Strategy = project.StrategyAppend
	v.DataLimit = 50
	p.Variables = []*project.Variable{v}
	chart := project.DefaultWidget(project.KindChart, "quotesChart", v, svc.Response)
	chart.Page, chart.Title, chart.Height = "Main", "ACME", 170
	chart.YKeys = []string{"price"}
	table := project.DefaultWidget(project.KindTable, "quotesTable", v, svc.Response)
	table.Page, table.Height = "Main", 250
	p.Pages[0].Widgets = []*project.Widget{chart, table}
	return p
}

type harness struct {
	s *Studio
	q *Queue
	w fyne.Window
}

func newHarness(t *testing.T, p *project.Project, opts Options) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	q := &Queue{}
	opts.Do = q.Do
	opts.SoftwarePainter = true // Fyne's test driver paints in software
	if opts.Location == nil {
		opts.Location = time.UTC // goldens show the same times in every time zone
	}
	w := a.NewWindow("")
	w.Resize(fyne.NewSize(1280, 800))
	// Fyne stamps a new widget renderer's expiry from a clock it moves
	// only when it paints; after a minute of tests without a picture that
	// clock is so old that the next capture throws the new renderers away
	// and draws text without its widgets. A capture first moves it on.
	w.Canvas().Capture()
	s := New(a, w, opts)
	s.Load(p)
	t.Cleanup(func() {
		s.Shutdown()
		if !s.Wait(10 * time.Second) {
			t.Error("the studio's variable goroutines did not finish after Shutdown")
		}
		q.Drain()
	})
	return &harness{s: s, q: q, w: w}
}

// waitFor pumps the UI queue until cond holds; the test fails after a
// generous bound so that a broken feed does not hang the run.
func (h *harness) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 1000; i++ {
		h.q.Drain()
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("gave up waiting for %s", what)
}

func (h *harness) dataLen(name string) int {
	v := h.s.proj.Variable(name)
	rv := h.s.runtime(v)
	if rv == nil || rv.Dataset() == nil {
		return -1
	}
	return rv.Dataset().Len()
}

// freeze stops live updates and fixes the times shown, for a golden.
func (h *harness) freeze() {
	// let coalesced redraws already scheduled land, then stop following
	for i := 0; i < 5; i++ {
		time.Sleep(30 * time.Millisecond)
		h.q.Drain()
	}
	h.s.FreezeLive()
	h.q.Drain()
	h.s.console.refresh()
}

func fixedStamps(t *testing.T) {
	oldStamp, oldRate := stamp, formatRate
	stamp = func(time.Time) string { return "12:00:00.000" }
	formatRate = func(float64) string { return "0.0 msg/s" }
	t.Cleanup(func() { stamp, formatRate = oldStamp, oldRate })
}

func TestLiveProjectRendersData(t *testing.T) {
	fixedStamps(t)
	addr := fixedFeed(t)
	p := quotesProject(t, addr)
	// newest first: the table stays at its top, so the picture is stable
	p.Variables[0].Strategy = project.StrategyPrepend
	h := newHarness(t, p, Options{})
	h.waitFor(t, "five quotes", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
	h.waitFor(t, "the chart to draw them", func() bool { return chartPoints(h) == len(quoteMessages) })
	h.s.Select(VariableNode("Quotes"))
	h.freeze()
	if got := len(h.s.console.entries); got < len(quoteMessages) {
		t.Fatalf("console shows %d entries, want at least %d", got, len(quoteMessages))
	}
	// the info lines name the feed's random port: show the quotes only
	h.s.console.filter.SetText("price")
	test.AssertImageMatches(t, "example_with_data.png", h.w.Canvas().Capture())
}

func chartPoints(h *harness) int {
	for _, c := range h.s.page.cards {
		if ch, ok := c.live.(*widgets.LiveChart); ok {
			return ch.Points()
		}
	}
	return -1
}

func TestConsoleShowsMessagesPrettyPrinted(t *testing.T) {
	fixedStamps(t)
	addr := fixedFeed(t)
	h := newHarness(t, quotesProject(t, addr), Options{})
	h.waitFor(t, "five quotes", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
	h.s.Select(VariableNode("Quotes"))
	c := h.s.console
	h.waitFor(t, "the console", func() bool { c.refresh(); return countDir(c, "↓ in") == len(quoteMessages) })

	// a sent message comes back from the echo and shows as out and in
	test.Type(c.editor, `{"ping":1}`)
	test.Tap(c.sendB)
	h.waitFor(t, "the echo", func() bool { c.refresh(); return countDir(c, "↑ out") == 1 && countDir(c, "↓ in") == 6 })

	// the filter keeps matching rows only
	test.Type(c.filter, "ping")
	if n := len(c.entries); n != 2 {
		t.Fatalf("filter %q keeps %d entries, want 2 (out and echo)", "ping", n)
	}
	c.filter.SetText("")
	// selecting the first message pretty-prints it
	for i, e := range c.entries {
		if dirMark(e.Dir) == "↓ in" {
			c.list.Select(i)
			break
		}
	}
	want := "{\n  \"symbol\": \"ACME\",\n  \"price\": 12.5,"
	if !strings.HasPrefix(c.detail.Text, want) {
		t.Fatalf("detail = %q, want it to start with %q", c.detail.Text, want)
	}
	h.freeze()
	c.filter.SetText("price") // the info lines name the feed's random port
	// the console alone: the table above scrolls to its newest row on its own time
	test.AssertImageMatches(t, "console_messages.png", captureObject(h.w, c.box))

	// clear empties the list
	test.Tap(clearButton(t, c))
	if len(c.entries) != 0 {
		t.Fatalf("after Clear the console shows %d entries", len(c.entries))
	}
}

// captureObject cuts an object's area out of a capture of the window.
func captureObject(w fyne.Window, o fyne.CanvasObject) image.Image {
	img := w.Canvas().Capture()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	sz := o.Size()
	r := image.Rect(int(pos.X), int(pos.Y), int(pos.X+sz.Width), int(pos.Y+sz.Height))
	out := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(out, out.Bounds(), img, r.Min, draw.Src)
	return out
}

func countDir(c *console, mark string) int {
	n := 0
	for _, e := range c.entries {
		if dirMark(e.Dir) == mark {
			n++
		}
	}
	return n
}

func clearButton(t *testing.T, c *console) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(c.box, func(o fyne.CanvasObject) {
		if b, ok := o.(*tipButton); ok && b.Text == "Clear" {
			found = &b.Button
		}
	})
	if found == nil {
		t.Fatal("no Clear button in the console")
	}
	return found
}

// walk visits every object under o.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	for _, x := range test.LaidOutObjects(o) {
		fn(x)
	}
}

func TestStrategyChangeShowsOnCanvasAtOnce(t *testing.T) {
	addr := fixedFeed(t)
	h := newHarness(t, quotesProject(t, addr), Options{})
	h.waitFor(t, "the chart to draw five quotes", func() bool { return chartPoints(h) == len(quoteMessages) })
	h.s.Select(VariableNode("Quotes"))
	vp := currentVariablePanel(t, h)
	vp.strategy.SetSelected("Refresh data on new message")
	h.q.Drain()
	if got := h.s.proj.Variable("Quotes").Strategy; got != project.StrategyRefresh {
		t.Fatalf("model strategy = %q, want refresh", got)
	}
	if !vp.limit.Disabled() {
		t.Error("the data limit stays editable under refresh, where it means nothing")
	}
	if got := h.dataLen("Quotes"); got != 1 {
		t.Fatalf("dataset holds %d records after the switch to refresh, want 1", got)
	}
	h.waitFor(t, "the chart to show one point", func() bool { return chartPoints(h) == 1 })
	if !h.s.Modified() || !strings.HasSuffix(strings.Split(h.w.Title(), " — ")[0], "*") {
		t.Fatalf("after a change: modified=%v title=%q, want modified and a * mark", h.s.Modified(), h.w.Title())
	}
}

func currentVariablePanel(t *testing.T, h *harness) *variablePanel {
	t.Helper()
	v := h.s.selectedVariable()
	if v == nil {
		t.Fatal("no variable selected")
	}
	vp := newVariablePanel(h.s, v)
	h.s.props.Objects = []fyne.CanvasObject{vp.object()}
	h.s.props.Refresh()
	return vp
}

func TestDataLimitTrimsLive(t *testing.T) {
	addr := fixedFeed(t)
	h := newHarness(t, quotesProject(t, addr), Options{})
	h.waitFor(t, "five quotes", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
	h.s.Select(VariableNode("Quotes"))
	vp := currentVariablePanel(t, h)
	vp.limit.SetText("")
	test.Type(vp.limit, "3")
	h.q.Drain()
	if got := h.dataLen("Quotes"); got != len(quoteMessages) {
		t.Fatalf("the limit was applied while typed: dataset holds %d records", got)
	}
	vp.limit.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.q.Drain()
	if got := h.dataLen("Quotes"); got != 3 {
		t.Fatalf("dataset holds %d records after data limit 3, want 3", got)
	}
	if got := h.s.proj.Variable("Quotes").DataLimit; got != 3 {
		t.Fatalf("model data limit = %d, want 3", got)
	}
}

func TestUnsavedChangesPrompt(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	h.s.SetBinding(h.s.proj.Variable("Quotes"), "symbols", "GLOBEX")
	if !h.s.Modified() {
		t.Fatal("a binding change did not mark the project modified")
	}
	closed := false
	h.s.confirmDiscard("closing the project", func() { closed = true })
	d := topDialogButtons(t, h.w)
	test.Tap(d["Cancel"])
	if closed || h.s.Project() == nil {
		t.Fatal("Cancel went on without saving")
	}
	h.s.closeProject()
	d = topDialogButtons(t, h.w)
	test.Tap(d["Don't Save"])
	if h.s.Project() != nil {
		t.Fatal("Don't Save did not close the project")
	}
	if h.w.Title() != AppName {
		t.Fatalf("title without a project = %q", h.w.Title())
	}
}

// topDialogButtons returns the buttons of the top overlay by label.
func topDialogButtons(t *testing.T, w fyne.Window) map[string]*widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is showing")
	}
	out := map[string]*widget.Button{}
	walk(top, func(o fyne.CanvasObject) {
		switch b := o.(type) {
		case *widget.Button:
			out[b.Text] = b
		case *escButton:
			out[b.Text] = &b.Button
		case *tipButton:
			out[b.Text] = &b.Button
		}
	})
	return out
}

func TestSecretsMaskedInPanels(t *testing.T) {
	p := quotesProject(t, "127.0.0.1:1")
	svc := p.Services[0]
	svc.Endpoint += "&token=abc123"
	svc.QueryParams = append(svc.QueryParams, project.Param{Name: "token", Value: "abc123", Type: "string"})
	p.Variables[0].DataBinding = append(p.Variables[0].DataBinding, project.Binding{Target: "token", Value: "abc123"})
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.s.Select(ServiceNode("ticker"))
	var texts []string
	walk(h.s.props, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	})
	all := strings.Join(texts, "\n")
	for _, secret := range []string{"s3cr3t", "abc123"} {
		if strings.Contains(all, secret) {
			t.Errorf("the service panel shows %q in clear", secret)
		}
	}
	if !strings.Contains(all, "••••") {
		t.Error("the secrets are not shown masked")
	}
	h.s.Select(VariableNode("Quotes"))
	vp := currentVariablePanel(t, h)
	if e := vp.bindings["token"]; e == nil || !e.Password {
		t.Error("the token binding is not a password entry")
	}
	if e := vp.bindings["symbols"]; e == nil || e.Password {
		t.Error("a plain binding is hidden")
	}
}

func TestPanelsGolden(t *testing.T) {
	for _, tc := range []struct{ name, node string }{
		{"panel_service.png", ServiceNode("ticker")},
		{"panel_variable.png", VariableNode("Quotes")},
		{"panel_widget_chart.png", WidgetNode("Main", "quotesChart")},
		{"panel_widget_table.png", WidgetNode("Main", "quotesTable")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
			h.s.Select(tc.node)
			test.AssertImageMatches(t, tc.name, h.w.Canvas().Capture())
		})
	}
}

func TestEmptyProjectGolden(t *testing.T) {
	p := &project.Project{Dir: "/projects/empty", DisplayName: "Empty", HomePage: "Main", Pages: []*project.Page{{Name: "Main"}}}
	h := newHarness(t, p, Options{})
	test.AssertImageMatches(t, "empty_project.png", h.w.Canvas().Capture())
	h.s.Load(nil)
	test.AssertImageMatches(t, "no_project.png", h.w.Canvas().Capture())
}

// projectOnDisk creates a real project folder with the quotes service.
func projectOnDisk(t *testing.T, addr string) *project.Project {
	t.Helper()
	mem := quotesProject(t, addr)
	dir := filepath.Join(t.TempDir(), "quotes")
	p, err := project.Create(dir, "Quotes")
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if err := p.AddService(mem.Services[0]); err != nil {
		t.Fatalf("add service: %v", err)
	}
	v := mem.Variables[0]
	if err := p.AddVariable(v); err != nil {
		t.Fatalf("add variable: %v", err)
	}
	for _, w := range mem.Pages[0].Widgets {
		w.Page = p.HomePage
		if err := p.AddWidget(w); err != nil {
			t.Fatalf("add widget: %v", err)
		}
	}
	if err := p.Save(); err != nil {
		t.Fatalf("save: %v", err)
	}
	return p
}

func TestAddTableThenSaveWritesMarkup(t *testing.T) {
	p := projectOnDisk(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.s.Select(VariableNode("Quotes"))
	test.Tap(h.s.bar.table)
	w := h.s.selectedWidget()
	if w == nil || w.Kind != project.KindTable || w.Variable != "Quotes" {
		t.Fatalf("after Table the selection is %+v, want a table bound to Quotes", w)
	}
	if len(h.s.page.cards) != 3 {
		t.Fatalf("canvas shows %d widgets, want 3", len(h.s.page.cards))
	}
	test.Tap(h.s.bar.save)
	if h.s.Modified() {
		t.Fatal("still modified after Save")
	}
	html, err := os.ReadFile(filepath.Join(p.Dir, "src/main/webapp/pages", p.HomePage, p.HomePage+".html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`name="` + w.Name + `"`, `dataset="bind:Variables.Quotes.dataSet"`, `binding="price"`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("page markup lacks %s:\n%s", want, html)
		}
	}
}

func TestRenameVariableBindingsFollow(t *testing.T) {
	p := projectOnDisk(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.s.Select(VariableNode("Quotes"))
	vp := currentVariablePanel(t, h)
	vp.name.SetText("")
	test.Type(vp.name, "Prices")
	vp.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if p.Variable("Prices") == nil || p.Variable("Quotes") != nil {
		t.Fatalf("rename did not take: %v", names(p))
	}
	for _, w := range p.Page(p.HomePage).Widgets {
		if w.Variable != "Prices" {
			t.Errorf("widget %s still bound to %q", w.Name, w.Variable)
		}
	}
	if h.s.selected != VariableNode("Prices") {
		t.Errorf("selection = %q after rename", h.s.selected)
	}
	if err := h.s.Save(); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(filepath.Join(p.Dir, "src/main/webapp/pages", p.HomePage, p.HomePage+".html"))
	if strings.Contains(string(html), "Variables.Quotes.") || !strings.Contains(string(html), "Variables.Prices.dataSet") {
		t.Errorf("page markup after rename:\n%s", html)
	}
}

func names(p *project.Project) []string {
	var out []string
	for _, v := range p.Variables {
		out = append(out, v.Name)
	}
	return out
}

func TestQueueRunsWorkQueuedWhileDraining(t *testing.T) {
	q := &Queue{}
	var got []int
	q.Do(func() { got = append(got, 1); q.Do(func() { got = append(got, 2) }) })
	if n := q.Drain(); n != 2 || len(got) != 2 || got[1] != 2 {
		t.Fatalf("Drain ran %d, got %v", n, got)
	}
}
