package ui

import (
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
)

// deadAddr is a loopback address nothing listens on.
func deadAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestProfileSwitchReconnectsToTheProfilesHost(t *testing.T) {
	live := fixedFeed(t)
	p := quotesProject(t, deadAddr(t))
	p.Profiles = []*project.Profile{
		{Name: "development", Values: map[string]string{}},
		{Name: "qa", Values: map[string]string{"websocket.ticker.host": live, "websocket.ticker.scheme": "ws"}},
	}
	h := newHarness(t, p, Options{})
	h.waitFor(t, "the dial to the dead host to fail", func() bool {
		rv := h.s.runtime(p.Variables[0])
		return rv != nil && rv.Stats().LastError != ""
	})
	if n := h.dataLen("Quotes"); n != 0 {
		t.Fatalf("data from a dead host: %d records", n)
	}
	if !reflect.DeepEqual(h.s.bar.profile.Options, []string{"development", "qa"}) {
		t.Fatalf("profile choices = %v", h.s.bar.profile.Options)
	}
	h.s.bar.profile.SetSelected("qa")
	if h.s.Profile() != "qa" {
		t.Fatalf("active profile = %q", h.s.Profile())
	}
	h.waitFor(t, "quotes from the qa host", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
	h.waitFor(t, "the canvas to follow the new dataset", func() bool { return chartPoints(h) == len(quoteMessages) })
}

func TestAddVariableFromTheToolbarConnectsIt(t *testing.T) {
	p := quotesProject(t, fixedFeed(t))
	p.Variables, p.Pages[0].Widgets = nil, nil
	h := newHarness(t, p, Options{})
	var varB *tipButton
	walk(h.s.bar.box, func(o fyne.CanvasObject) {
		if b, ok := o.(*tipButton); ok && b.Text == "Variable" {
			varB = b
		}
	})
	test.Tap(varB)
	var name *widget.Entry
	walk(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && name == nil {
			name = e
		}
	})
	if name == nil || name.Text != "TickerFeed" {
		t.Fatalf("name entry = %v, want the suggestion TickerFeed", name)
	}
	name.SetText("")
	test.Type(name, "Ticks")
	test.Tap(topDialogButtons(t, h.w)["Add"])
	v := p.Variable("Ticks")
	if v == nil || v.Service != "ticker" || !v.StartUpdate || v.Strategy != project.StrategyRefresh || v.DataLimit != 20 {
		t.Fatalf("added variable = %+v", v)
	}
	if h.s.selected != VariableNode("Ticks") || h.s.console.current != v {
		t.Fatalf("selection %q, console on %v", h.s.selected, h.s.console.current)
	}
	h.waitFor(t, "the new variable's data", func() bool { return h.dataLen("Ticks") == 1 })

	// a chart for it lands on the page, bound to it, with keys from the metadata
	w, err := h.s.AddWidget(project.KindChart, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w.Variable != "Ticks" || w.XKey != "time" || len(w.YKeys) == 0 || w.Name != "ticksChart" {
		t.Fatalf("new chart = %+v", w)
	}
	h.waitFor(t, "the chart to draw", func() bool { return chartPoints(h) == 1 })
}

func TestDeleteAsksFirst(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	w := findWidget(h.s.proj, "Main", "quotesTable")
	h.s.deleteWidget(w)
	test.Tap(topDialogButtons(t, h.w)["No"])
	if findWidget(h.s.proj, "Main", "quotesTable") == nil {
		t.Fatal("the widget went without a yes")
	}
	h.s.deleteWidget(w)
	test.Tap(topDialogButtons(t, h.w)["Yes"])
	if findWidget(h.s.proj, "Main", "quotesTable") != nil || len(h.s.page.cards) != 1 {
		t.Fatalf("after yes: widget still there or canvas shows %d cards", len(h.s.page.cards))
	}
	h.s.deleteVariable(h.s.proj.Variable("Quotes"))
	test.Tap(topDialogButtons(t, h.w)["Yes"])
	if h.s.proj.Variable("Quotes") != nil {
		t.Fatal("the variable is still there")
	}
	if !h.s.Modified() {
		t.Fatal("deletes did not mark the project modified")
	}
}

func TestShortcutsSaveAndPromptBeforeNew(t *testing.T) {
	p := projectOnDisk(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
	sc := shortcuts(t, h.w.Canvas())
	h.s.SetStrategy(p.Variable("Quotes"), project.StrategyRefresh)
	sc.TypedShortcut(scSave)
	if h.s.Modified() {
		t.Fatal("Ctrl+S did not save")
	}
	b, err := os.ReadFile(filepath.Join(p.Dir, "src/main/webapp/pages/Main/Main.variables.json"))
	if err != nil || !strings.Contains(string(b), `"dataUpdateStrategy": "refresh"`) {
		t.Fatalf("saved variables: %s (%v)", b, err)
	}
	// with unsaved changes, Ctrl+N and Ctrl+O ask first
	h.s.SetStrategy(p.Variable("Quotes"), project.StrategyAppend)
	for _, s := range []fyne.Shortcut{scNew, scOpen} {
		sc.TypedShortcut(s)
		btns := topDialogButtons(t, h.w)
		if btns["Save"] == nil || btns["Don't Save"] == nil || btns["Cancel"] == nil {
			t.Fatalf("%s: the prompt offers %v", s.ShortcutName(), keysOf(btns))
		}
		test.Tap(btns["Cancel"])
		if h.s.Project() != p || !h.s.Modified() {
			t.Fatalf("%s: Cancel lost the project or its changes", s.ShortcutName())
		}
	}
	// Save in the prompt saves, then goes on
	h.s.confirmDiscard("closing the project", func() { h.s.Load(nil) })
	test.Tap(topDialogButtons(t, h.w)["Save"])
	if h.s.Project() != nil {
		t.Fatal("Save in the prompt did not go on")
	}
	b, _ = os.ReadFile(filepath.Join(p.Dir, "src/main/webapp/pages/Main/Main.variables.json"))
	if !strings.Contains(string(b), `"dataUpdateStrategy": "append"`) {
		t.Fatalf("Save in the prompt did not save: %s", b)
	}
}

// shortcuts reaches the shortcut handler of a canvas; the test driver's
// canvas wraps the software canvas that holds it.
func shortcuts(t *testing.T, c fyne.Canvas) fyne.Shortcutable {
	t.Helper()
	if sc, ok := c.(fyne.Shortcutable); ok {
		return sc
	}
	v := reflect.ValueOf(c)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if f := v.FieldByName("WindowlessCanvas"); f.IsValid() {
		if sc, ok := f.Interface().(fyne.Shortcutable); ok {
			return sc
		}
	}
	t.Fatal("the canvas takes no shortcuts")
	return nil
}

func keysOf(m map[string]*widget.Button) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestSaveAsKeepsFilesTheStudioDoesNotOwn(t *testing.T) {
	p := projectOnDisk(t, "127.0.0.1:1")
	mine := filepath.Join(p.Dir, "src/main/java/Hello.java")
	os.MkdirAll(filepath.Dir(mine), 0o755)
	os.WriteFile(mine, []byte("class Hello {}\n"), 0o644)
	h := newHarness(t, p, Options{NoAutoConnect: true})
	dst := filepath.Join(t.TempDir(), "copy")
	if err := h.s.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dst, "src/main/java/Hello.java")); err != nil || string(b) != "class Hello {}\n" {
		t.Fatalf("the Java file did not follow: %q %v", b, err)
	}
	q, err := project.Open(dst)
	if err != nil || q.Variable("Quotes") == nil || len(q.Page("Main").Widgets) != 2 {
		t.Fatalf("the copy does not open as the same project: %v", err)
	}
	if err := h.s.SaveAs(filepath.Join(dst, "inner")); err == nil {
		t.Fatal("saving a project into its own folder was allowed")
	}
	if got := Recent(h.s.app.Preferences()); len(got) == 0 || got[0] != dst {
		t.Fatalf("recent projects = %v, want %s first", got, dst)
	}
	// the last project is the first recent one, written once: a second
	// preferences write close behind the first is what let Fyne's watcher
	// read the file half-written
	if got := LastProject(h.s.app.Preferences()); got != dst {
		t.Errorf("last project = %q, want %s", got, dst)
	}
	if old := h.s.app.Preferences().String(prefLastProject); old != "" {
		t.Errorf("the last project was written under a key of its own too: %q", old)
	}
}

func TestTreeListsServicesFieldsVariablesAndWidgets(t *testing.T) {
	p := quotesProject(t, "127.0.0.1:1")
	p.Services = append(p.Services, &project.Service{ID: "weather", Type: "RestService", ReadOnly: true})
	app := NewVariable("Clock", p.Services[0], project.OwnerApp, "")
	p.Variables = append(p.Variables, app)
	h := newHarness(t, p, Options{NoAutoConnect: true})
	tr := h.s.tree
	for _, tc := range []struct {
		node string
		want []string
	}{
		{"", []string{nodeAPIs, nodeVars, "page:Main"}},
		{nodeAPIs, []string{"svc:ticker", "svc:weather"}},
		{nodeVars, []string{"var:Clock", "var:Quotes"}}, // App variables first
		{"svc:ticker", []string{"op:ticker"}},
		{"svc:weather", nil},
		{"op:ticker", []string{"defs:ticker:response"}},
		{"page:Main", []string{"wid:Main:quotesChart", "wid:Main:quotesTable"}},
	} {
		if got := tr.children(tc.node); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("children(%q) = %v, want %v", tc.node, got, tc.want)
		}
	}
	fields := tr.children("defs:ticker:response")
	if len(fields) != 5 {
		t.Fatalf("response fields = %v", fields)
	}
	text, detail, _, _ := tr.describe(fields[1])
	if text != "price" || detail != "number (double)" {
		t.Errorf("field row = %q %q", text, detail)
	}
	if _, detail, _, _ := tr.describe("svc:weather"); detail != "RestService, read-only" {
		t.Errorf("read-only service row detail = %q", detail)
	}
	if tr.isBranch("svc:weather") {
		t.Error("a read-only service is a branch")
	}
	h.s.Select(ServiceNode("ticker"))
	if h.s.console.current != h.s.proj.Variable("Clock") {
		t.Errorf("with the ticker service selected the console follows %v", h.s.console.current)
	}
	h.s.Select("svc:weather")
	var del *widget.Button
	walk(h.s.props, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Delete service" {
			del = b
		}
	})
	if del == nil || !del.Disabled() {
		t.Error("a read-only service can be deleted from its panel")
	}
}

func TestWidgetPanelEditsThroughTheKindRegistry(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	h.s.Select(WidgetNode("Main", "quotesChart"))
	w := h.s.selectedWidget()
	wp := newWidgetPanel(h.s, w)
	wp.picks["chartType"].SetSelected("Area")
	if w.ChartType != "Area" {
		t.Fatalf("chart type = %q", w.ChartType)
	}
	wp.checks["y"].SetSelected([]string{"volume", "price"})
	if !reflect.DeepEqual(w.YKeys, []string{"price", "volume"}) {
		t.Fatalf("y keys = %v, want metadata order", w.YKeys)
	}
	wp.texts["height"].SetText("")
	test.Type(wp.texts["height"], "12ab")
	if !wp.errors.Hidden {
		t.Fatal("the height was applied while it was still being typed")
	}
	wp.texts["height"].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if wp.errors.Hidden || !strings.Contains(wp.errors.Text, "12ab") {
		t.Fatalf("a bad height shows no error: %q", wp.errors.Text)
	}
	// table columns from the metadata, in metadata order, captions kept
	h.s.Select(WidgetNode("Main", "quotesTable"))
	tw := h.s.selectedWidget()
	tp := newWidgetPanel(h.s, tw)
	tw.Columns[0].Caption = "Ticker"
	tp.checks["columns"].SetSelected([]string{"time", "symbol"})
	want := []project.Column{{Binding: "symbol", Caption: "Ticker", Type: "string"}, {Binding: "time", Caption: "Time", Type: "long"}}
	if !reflect.DeepEqual(tw.Columns, want) {
		t.Fatalf("columns = %+v, want %+v", tw.Columns, want)
	}
	if !h.s.Modified() {
		t.Fatal("widget edits did not mark the project modified")
	}
}

func TestRecordKeysAndArrayPaths(t *testing.T) {
	fs := []project.Field{
		{Path: "site", Type: "string"},
		{Path: "time", Type: "integer", Format: "int64"},
		{Path: "readings", Type: "array"},
		{Path: "readings[].sensor", Type: "string"},
		{Path: "readings[].cm", Type: "number", Format: "double"},
		{Path: "meta", Type: "object"},
		{Path: "meta.unit", Type: "string"},
	}
	if got := arrayPaths(fs); !reflect.DeepEqual(got, []string{"readings"}) {
		t.Errorf("arrayPaths = %v", got)
	}
	if got := keyNames(recordKeys(fs, "")); !reflect.DeepEqual(got, []string{"site", "time", "meta.unit"}) {
		t.Errorf("record keys = %v", got)
	}
	if got := keyNames(recordKeys(fs, "readings")); !reflect.DeepEqual(got, []string{"sensor", "cm"}) {
		t.Errorf("keys under readings = %v", got)
	}
	if got := keyNames(numeric(recordKeys(fs, "readings"))); !reflect.DeepEqual(got, []string{"cm"}) {
		t.Errorf("numeric keys = %v", got)
	}
}

func TestStrategyLabelsAreWaveMakers(t *testing.T) {
	for _, tc := range []struct{ value, label string }{
		{"refresh", "Refresh data on new message"},
		{"append", "Add new message as last record"},
		{"prepend", "Add new message as first record"},
		{"", "Refresh data on new message"},
	} {
		if got := StrategyLabel(tc.value); got != tc.label {
			t.Errorf("StrategyLabel(%q) = %q", tc.value, got)
		}
		if tc.value != "" && strategyOf(tc.label) != tc.value {
			t.Errorf("strategyOf(%q) = %q", tc.label, strategyOf(tc.label))
		}
	}
}

func TestAboutShowsTheVersion(t *testing.T) {
	h := newHarness(t, nil, Options{})
	h.s.about()
	var texts []string
	walk(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	})
	m := h.s.app.Metadata()
	if !strings.Contains(strings.Join(texts, "\n"), "Version "+m.Version) {
		t.Fatalf("about dialog says %q, want version %s", texts, m.Version)
	}
}

func TestEditProfileReconnects(t *testing.T) {
	live := fixedFeed(t)
	p := quotesProject(t, deadAddr(t))
	p.Profiles = []*project.Profile{{Name: "qa", Values: map[string]string{
		"websocket.ticker.host": deadAddr(t), "websocket.ticker.scheme": "ws"}}}
	h := newHarness(t, p, Options{Profile: "qa"})
	h.waitFor(t, "the dial to the dead host to fail", func() bool {
		rv := h.s.runtime(p.Variables[0])
		return rv != nil && rv.Stats().LastError != ""
	})
	h.s.editProfile()
	var host *widget.Entry
	walk(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && host == nil {
			host = e // keys are sorted: websocket.ticker.host comes first
		}
	})
	host.SetText("")
	test.Type(host, live)
	test.Tap(topDialogButtons(t, h.w)["Apply"])
	if got := p.Profile("qa").Values["websocket.ticker.host"]; got != live {
		t.Fatalf("profile host = %q, want %q", got, live)
	}
	if !h.s.Modified() {
		t.Fatal("a profile edit did not mark the project modified")
	}
	h.waitFor(t, "quotes from the edited host", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
}

func TestCreateProjectMakesAFolderAndOpensIt(t *testing.T) {
	h := newHarness(t, nil, Options{})
	parent := t.TempDir()
	if err := h.s.CreateProject(parent, "Trades"); err != nil {
		t.Fatal(err)
	}
	p := h.s.Project()
	if p == nil || p.Dir != filepath.Join(parent, "Trades") || p.DisplayName != "Trades" {
		t.Fatalf("project = %+v", p)
	}
	if _, err := os.Stat(filepath.Join(parent, "Trades", ".wmproject.properties")); err != nil {
		t.Fatalf("no project file: %v", err)
	}
	if h.w.Title() != "Trades — "+AppName || h.s.Modified() {
		t.Fatalf("title %q, modified %v", h.w.Title(), h.s.Modified())
	}
	for _, bad := range []string{"", "a/b", ".."} {
		if err := h.s.CreateProject(parent, bad); err == nil {
			t.Errorf("name %q accepted", bad)
		}
	}
	if err := h.s.CreateProject(parent, "Trades"); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("creating over a project: %v", err)
	}
}

// twoVarProject is the quotes project with a second variable on the same
// feed, so that "some open" can be told from "all open".
func twoVarProject(t *testing.T, addr string) *project.Project {
	p := quotesProject(t, addr)
	v2 := NewVariable("Quotes2", p.Services[0], project.OwnerPage, "Main")
	p.Variables = append(p.Variables, v2)
	return p
}

func TestConnectButtonActsOnAllAndShowsAMixedState(t *testing.T) {
	p := twoVarProject(t, fixedFeed(t))
	h := newHarness(t, p, Options{})
	v1, v2 := p.Variables[0], p.Variables[1]
	h.waitFor(t, "both connections", func() bool { return h.s.IsOpen(v1) && h.s.IsOpen(v2) && h.dataLen("Quotes") > 0 })
	h.s.bar.refreshConnect()
	if h.s.bar.connect.Text != "Disconnect" {
		t.Fatalf("button says %q with every variable open", h.s.bar.connect.Text)
	}
	// one variable closed from its own panel: the toolbar says so
	h.s.Select(VariableNode("Quotes2"))
	vp := currentVariablePanel(t, h)
	if vp.conn.Text != "Close" {
		t.Fatalf("the panel's button says %q on an open variable", vp.conn.Text)
	}
	test.Tap(vp.conn)
	h.waitFor(t, "the close", func() bool { return !h.s.IsOpen(v2) })
	if !h.s.IsOpen(v1) {
		t.Fatal("closing Quotes2 closed Quotes as well")
	}
	h.s.refreshStatus()
	if got := h.s.bar.connect.Text; got != "Connect (1/2)" {
		t.Fatalf("button says %q with one of two open, want Connect (1/2)", got)
	}
	if vp.conn.Text != "Open" {
		t.Fatalf("the panel's button says %q on a closed variable", vp.conn.Text)
	}
	if h.dataLen("Quotes") == 0 {
		t.Fatal("the dataset was dropped")
	}
	// the toolbar opens the rest, then closes all
	test.Tap(h.s.bar.connect)
	h.waitFor(t, "the reconnection", func() bool { return h.s.IsOpen(v2) })
	h.s.refreshStatus()
	test.Tap(h.s.bar.connect)
	h.waitFor(t, "every close", func() bool { return !h.s.IsOpen(v1) && !h.s.IsOpen(v2) })
	h.s.refreshStatus()
	if got := h.s.bar.connect.Text; got != "Connect" {
		t.Fatalf("button says %q with none open", got)
	}
	// the tree's context menu opens one variable
	m := h.s.contextMenu(VariableNode("Quotes"))
	if m == nil || m.Items[0].Label != "Open" || m.Items[0].Disabled {
		t.Fatalf("context menu of a closed variable: %+v", m)
	}
	m.Items[0].Action()
	h.waitFor(t, "the open from the menu", func() bool { return h.s.IsOpen(v1) })
	if h.s.IsOpen(v2) {
		t.Fatal("Open in one variable's menu opened another")
	}
}

func TestReorderFromTheCanvas(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	table := findWidget(h.s.proj, "Main", "quotesTable")
	if err := h.s.MoveWidget(table, -1); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range h.s.page.cards {
		order = append(order, c.w.Name)
	}
	if !reflect.DeepEqual(order, []string{"quotesTable", "quotesChart"}) {
		t.Fatalf("canvas order = %v", order)
	}
	if got := h.s.tree.children("page:Main"); !reflect.DeepEqual(got, []string{"wid:Main:quotesTable", "wid:Main:quotesChart"}) {
		t.Fatalf("tree order = %v", got)
	}
	// moving past either end does nothing
	if err := h.s.MoveWidget(table, -1); err != nil || h.s.page.cards[0].w != table {
		t.Fatalf("moving the first widget up: %v", err)
	}
}

func TestImportButtonOpensTheWizard(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	var imp *tipButton
	walk(h.s.bar.box, func(o fyne.CanvasObject) {
		if b, ok := o.(*tipButton); ok && b.Text == "Import Service" {
			imp = b
		}
	})
	test.Tap(imp)
	if h.w.Canvas().Overlays().Top() == nil {
		t.Fatal("Import Service showed nothing")
	}
	// what the wizard hands back lands in the project, selected and running
	svc := &project.Service{ID: "echo", Title: "echo", Type: project.ServiceTypeWebSocket,
		Endpoint: "ws://127.0.0.1:1/echo", Scheme: "ws", Host: "127.0.0.1:1", RelativePath: "/echo"}
	v := NewVariable("Echo", svc, project.OwnerPage, "Main")
	h.s.imported(svc, v)
	if h.s.proj.Service("echo") == nil || h.s.proj.Variable("Echo") == nil {
		t.Fatal("the imported service or its variable is missing")
	}
	if h.s.selected != VariableNode("Echo") || h.s.runtime(v) == nil || !h.s.Modified() {
		t.Fatalf("selected %q, running %v, modified %v", h.s.selected, h.s.runtime(v) != nil, h.s.Modified())
	}
}

func TestTappingACardSelectsItsWidget(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	test.Tap(h.s.page.cards[1].title)
	if w := h.s.selectedWidget(); w == nil || w.Name != "quotesTable" {
		t.Fatalf("selected %v after tapping the table's card", w)
	}
	shown := false
	walk(h.s.props, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Text == "Table widget" {
			shown = true
		}
	})
	if !shown {
		t.Fatal("the property pane does not show the table's panel")
	}
}

func TestUnloadIsCalledOnceForEachProjectLetGo(t *testing.T) {
	var unloaded []string
	a, b := quotesProject(t, "127.0.0.1:1"), quotesProject(t, "127.0.0.1:1")
	a.DisplayName, b.DisplayName = "A", "B"
	h := newHarness(t, a, Options{NoAutoConnect: true, OnUnload: func(p *project.Project) { unloaded = append(unloaded, p.DisplayName) }})
	h.s.Load(b)
	h.s.Shutdown()
	h.s.Shutdown()
	if !reflect.DeepEqual(unloaded, []string{"A", "B"}) {
		t.Fatalf("unloaded %v, want [A B]", unloaded)
	}
}

func TestClosingTheWindowAsksAboutUnsavedChanges(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	h.s.SetStrategy(h.s.proj.Variable("Quotes"), project.StrategyPrepend)
	h.s.requestClose()
	test.Tap(topDialogButtons(t, h.w)["Cancel"])
	if h.s.closing.Load() {
		t.Fatal("Cancel closed the window")
	}
	h.s.requestClose()
	test.Tap(topDialogButtons(t, h.w)["Don't Save"])
	if !h.s.closing.Load() {
		t.Fatal("Don't Save did not close the window")
	}
}

func TestGeneratedFilesViewerShowsTheServiceFolder(t *testing.T) {
	p := projectOnDisk(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
	sp := newServicePanel(h.s, p.Service("ticker"))
	if sp.tree == nil {
		t.Fatal("no file tree for a saved service")
	}
	if !contains(sp.tree.children[""], "designtime") || !contains(sp.tree.children[""], "src") {
		t.Fatalf("service folder root = %v", sp.tree.children[""])
	}
	i, ok := sp.tree.index["designtime/service-info.json"]
	if !ok {
		t.Fatalf("no service-info.json in %v", sp.tree.index)
	}
	sp.view(i)
	if !strings.Contains(sp.viewer.Text, `"WebSocketService"`) || !sp.viewer.Disabled() {
		t.Fatalf("viewer (read-only %v) shows %q", sp.viewer.Disabled(), sp.viewer.Text)
	}
}
