package scriptedit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"wsstudio/project"
	"wsstudio/variable/script"
)

const pageScript = `/* perform any action on widgets/variables within this block */
Page.onReady = function() {
};

Page.QuotesonOpen = function (variable, evt) {
    console.log("open");
};

Page.QuotesonMessageReceive = function (variable, data, options) {
    data.price = data.price / 100;
    return data;
};
`

// fixture is a project folder with page Main, its script src (none when
// empty) and the variable Quotes, shown in a test window.
type fixture struct {
	p     *project.Project
	v     *project.Variable
	win   fyne.Window
	s     *section
	file  string
	saves int
	saved *project.Variable // the variable Editor.Saved was last called with
}

func newFixture(t *testing.T, src string) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.LightTheme())
	f := &fixture{}
	f.p = &project.Project{Dir: t.TempDir(), HomePage: "Main", Pages: []*project.Page{{Name: "Main"}}}
	f.v = &project.Variable{Name: "Quotes", Owner: project.OwnerPage, Page: "Main", Service: "ticker"}
	f.p.Variables = []*project.Variable{f.v}
	f.file = script.ScriptFile(f.p, f.v)
	if src != "" {
		if err := os.MkdirAll(filepath.Dir(f.file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f.file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f.win = test.NewTempWindow(t, nil)
	ed := Editor{Saved: func(_ *project.Project, v *project.Variable) { f.saved = v }}
	f.s = newSection(ed, f.win, f.p, f.v, func() { f.saves++ })
	f.win.SetContent(f.s.box)
	f.win.Resize(fyne.NewSize(420, 420))
	return f
}

func (f *fixture) statuses() string {
	var out []string
	for i, ev := range script.Events {
		out = append(out, string(ev)+"="+f.s.status[i].Text)
	}
	return strings.Join(out, " ")
}

func eventIndex(ev script.Event) int {
	for i, e := range script.Events {
		if e == ev {
			return i
		}
	}
	panic(ev)
}

func TestEventsSectionGolden(t *testing.T) {
	f := newFixture(t, pageScript)
	want := "onBeforeOpen=— onOpen=defined onBeforeMessageSend=— onMessageReceive=defined onError=— onBeforeClose=— onClose=—"
	if got := f.statuses(); got != want {
		t.Fatalf("statuses = %s", got)
	}
	if got := f.s.file.Text; got != "Handlers in src/main/webapp/pages/Main/Main.js" {
		t.Errorf("file label = %q", got)
	}
	test.AssertImageMatches(t, "events_section.png", f.win.Canvas().Capture())
}

func TestEditExistingHandlerKeepsTheRest(t *testing.T) {
	f := newFixture(t, pageScript)
	f.win.Resize(fyne.NewSize(800, 560))
	test.Tap(f.s.edit[eventIndex(script.OnMessageReceive)])
	ed := f.s.editor
	if ed == nil {
		t.Fatal("Edit opened no editor")
	}
	if want := "function (variable, data, options) {\n    data.price = data.price / 100;\n    return data;\n}"; ed.code.Text != want {
		t.Fatalf("editor text = %q, want %q", ed.code.Text, want)
	}
	if !ed.code.TextStyle.Monospace {
		t.Error("the editor is not monospace")
	}
	test.AssertImageMatches(t, "editor.png", f.win.Canvas().Capture())

	ed.code.SetText("function (variable, data, options) {\n    return false;\n}")
	ed.code.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault})
	got, err := os.ReadFile(f.file)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(pageScript, "function (variable, data, options) {\n    data.price = data.price / 100;\n    return data;\n}",
		"function (variable, data, options) {\n    return false;\n}", 1)
	if string(got) != want {
		t.Fatalf("script after save:\n%s\nwant:\n%s", got, want)
	}
	if f.s.editor != nil || f.saves != 1 {
		t.Errorf("after save: editor open %v, %d saves", f.s.editor != nil, f.saves)
	}
}

func TestEditMissingHandlerStartsFromTemplate(t *testing.T) {
	f := newFixture(t, "")

	test.Tap(f.s.edit[eventIndex(script.OnClose)])
	ed := f.s.editor
	if ed.code.Text != script.Template(script.OnClose) {
		t.Fatalf("editor text = %q, want the template", ed.code.Text)
	}
	test.Tap(ed.save)
	got, err := os.ReadFile(f.file)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Page.QuotesonClose = " + script.Template(script.OnClose) + ";\n"; string(got) != want {
		t.Fatalf("new script = %q, want %q", got, want)
	}
	if f.saved != f.v {
		t.Error("Saved was not called with the variable")
	}
	if got := f.s.status[eventIndex(script.OnClose)].Text; got != "defined" {
		t.Errorf("onClose status after save = %q", got)
	}
}

func TestEditRefusesCodeThatDoesNotParse(t *testing.T) {
	f := newFixture(t, pageScript)
	test.Tap(f.s.edit[eventIndex(script.OnOpen)])
	ed := f.s.editor
	ed.code.SetText("function (variable, evt) {\n    console.log(\"open\";\n}")
	test.Tap(ed.save)
	if f.s.editor == nil {
		t.Fatal("the editor closed on code that does not parse")
	}
	if want := "Page.QuotesonOpen line 2: syntax error: Unexpected token ;"; ed.problem.Text != want || !ed.problem.Visible() {
		t.Fatalf("editor problem = %q (visible %v), want %q", ed.problem.Text, ed.problem.Visible(), want)
	}
	if got, _ := os.ReadFile(f.file); string(got) != pageScript {
		t.Fatalf("the script changed:\n%s", got)
	}
	test.Tap(ed.cancel)
	if f.s.editor != nil || f.saves != 0 {
		t.Errorf("after cancel: editor open %v, %d saves", f.s.editor != nil, f.saves)
	}
}

func TestBrokenScriptIsShown(t *testing.T) {
	f := newFixture(t, "Page.QuotesonOpen = function () {\n")
	if !f.s.problem.Visible() || f.s.problem.Text != "Main.js line 2: syntax error: Unexpected end of input" {
		t.Fatalf("problem = %q (visible %v)", f.s.problem.Text, f.s.problem.Visible())
	}
	test.AssertImageMatches(t, "events_section_broken.png", f.win.Canvas().Capture())
	test.Tap(f.s.edit[eventIndex(script.OnOpen)])
	ed := f.s.editor
	test.Tap(ed.save)
	if !strings.HasPrefix(ed.problem.Text, "the script cannot be edited until it parses: script line 2") {
		t.Fatalf("editor problem = %q", ed.problem.Text)
	}
}

func TestAppVariableEditsAppJS(t *testing.T) {
	f := newFixture(t, "")
	f.v.Owner, f.v.Page = project.OwnerApp, ""
	f.s.refresh()
	if got := f.s.file.Text; got != "Handlers in src/main/webapp/app.js" {
		t.Fatalf("file label = %q", got)
	}
	test.Tap(f.s.edit[eventIndex(script.OnError)])
	test.Tap(f.s.editor.save)
	got, err := os.ReadFile(filepath.Join(f.p.Dir, "src", "main", "webapp", "app.js"))
	if err != nil || !strings.HasPrefix(string(got), "App.QuotesonError = function (variable, evt) {") {
		t.Fatalf("app.js = %q, %v", got, err)
	}
}
