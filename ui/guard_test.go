package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
	"wsstudio/variable"
)

// TestAPanicInACallbackIsCaughtLoggedAndShown: the project stays open,
// the log file has the panic with its stack, the window shows an error.
func TestAPanicInACallbackIsCaughtLoggedAndShown(t *testing.T) {
	log := filepath.Join(t.TempDir(), "data", "wsstudio.log")
	p := quotesProject(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true, LogFile: log})
	h.s.guard("testing the guard", func() { var m map[string]int; m["x"] = 1 })()
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatalf("no log file: %v", err)
	}
	if !strings.Contains(string(b), "testing the guard") || !strings.Contains(string(b), "assignment to entry in nil map") ||
		!strings.Contains(string(b), "guard_test.go") {
		t.Fatalf("the log lacks the panic or its stack:\n%s", b)
	}
	if h.s.Project() != p {
		t.Fatal("the project was let go")
	}
	shown := false
	walk(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "testing the guard") && strings.Contains(l.Text, log) {
			shown = true
		}
	})
	if !shown {
		t.Fatal("no error dialog names what failed and where it was logged")
	}
}

// TestEveryMenuItemAndShortcutOpensAndCancels: each item of every menu,
// and each shortcut, runs without a panic reaching the test; a dialog it
// opens closes with Escape. Save needs a project: without one it is off.
func TestEveryMenuItemAndShortcutOpensAndCancels(t *testing.T) {
	log := filepath.Join(t.TempDir(), "wsstudio.log")
	p := projectOnDisk(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true, LogFile: log})
	var items []*fyne.MenuItem
	var collect func(m *fyne.Menu)
	collect = func(m *fyne.Menu) {
		for _, it := range m.Items {
			if it.ChildMenu != nil {
				collect(it.ChildMenu)
			} else if it.Action != nil && !it.IsSeparator && !it.IsQuit {
				items = append(items, it)
			}
		}
	}
	for _, m := range h.s.menu.main.Items {
		collect(m)
	}
	for _, it := range items {
		if it.Label == "Close Project" || strings.HasPrefix(it.Label, "/") {
			continue // they let the project go; tested elsewhere
		}
		it.Action()
		for i := 0; i < 4 && len(h.s.dialogs) > 0; i++ {
			h.s.dismissTop()
		}
		if top := h.w.Canvas().Overlays().Top(); top != nil && len(h.s.dialogs) == 0 {
			// the import wizard closes itself on Escape
			if ok := h.w.Canvas().OnTypedKey(); ok != nil {
				ok(&fyne.KeyEvent{Name: fyne.KeyEscape})
			}
		}
		if h.s.Project() != p {
			t.Fatalf("%s let the project go", it.Label)
		}
	}
	if b, err := os.ReadFile(log); err == nil {
		t.Fatalf("a menu item panicked:\n%s", b)
	}
	// the shortcuts, as the window dispatches them
	sc := shortcuts(t, h.w.Canvas())
	for _, s := range []fyne.Shortcut{scNew, scOpen, scSaveAs, scImport} {
		sc.TypedShortcut(s)
		if h.w.Canvas().Overlays().Top() == nil {
			t.Fatalf("%s opened nothing", s.ShortcutName())
		}
		if len(h.s.dialogs) > 0 {
			h.s.dismissTop()
		} else if k := h.w.Canvas().OnTypedKey(); k != nil {
			k(&fyne.KeyEvent{Name: fyne.KeyEscape})
		}
		if top := h.w.Canvas().Overlays().Top(); top != nil {
			t.Fatalf("Escape left %T open after %s", top, s.ShortcutName())
		}
	}
	if b, err := os.ReadFile(log); err == nil {
		t.Fatalf("a shortcut panicked:\n%s", b)
	}
	// no project: Save and Save As are off, in the menu and the toolbar
	h.s.Load(nil)
	if !h.s.menu.save.Disabled || !h.s.menu.saveAs.Disabled || !h.s.bar.save.Disabled() {
		t.Fatal("Save stays enabled with no project")
	}
}

func TestShortcutsAddWidgetsAndSaveSaysSo(t *testing.T) {
	p := projectOnDisk(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
	sc := shortcuts(t, h.w.Canvas())
	for _, c := range []struct {
		s    fyne.Shortcut
		kind string
	}{{scChart, project.KindChart}, {scTable, project.KindTable}, {scList, project.KindList}} {
		sc.TypedShortcut(c.s)
		if w := h.s.selectedWidget(); w == nil || w.Kind != c.kind {
			t.Fatalf("%s selected %v, want a new %s", c.s.ShortcutName(), w, c.kind)
		}
	}
	if got := h.s.UndoName(); !strings.HasPrefix(got, "Add list") {
		t.Fatalf("undo would %q", got)
	}
	sc.TypedShortcut(scUndo)
	if h.s.selectedWidget() != nil && h.s.selectedWidget().Kind == project.KindList {
		t.Fatal("Ctrl+Z left the list")
	}
	sc.TypedShortcut(scRedo)
	sc.TypedShortcut(scSave)
	if h.s.Modified() || !strings.HasPrefix(h.s.Notice(), "Saved ") {
		t.Fatalf("after Ctrl+S: modified %v, status line %q", h.s.Modified(), h.s.Notice())
	}
	// the shortcut list names every one of them
	h.s.showShortcuts()
	var text []string
	walk(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			text = append(text, l.Text)
		}
	})
	all := strings.Join(text, "\n")
	for _, want := range []string{"Ctrl+Shift+1", "Ctrl+Shift+2", "Ctrl+Shift+3", "Ctrl+I", "Ctrl+Z", "Ctrl+Enter"} {
		if !strings.Contains(all, want) {
			t.Errorf("the shortcut list lacks %q", want)
		}
	}
}

func TestCtrlEnterSendsFromTheConsole(t *testing.T) {
	h := newHarness(t, quotesProject(t, fixedFeed(t)), Options{})
	v := h.s.proj.Variable("Quotes")
	h.waitFor(t, "the connection", func() bool { return h.s.IsOpen(v) && h.dataLen("Quotes") > 0 })
	h.s.console.editor.SetText(`{"ping":1}`)
	h.s.console.editor.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	h.waitFor(t, "the message out", func() bool { return consoleHas(h.s.console, variable.Out, `{"ping":1}`) })
	if strings.Contains(h.s.console.editor.Text, "\n") {
		t.Fatal("Ctrl+Enter also typed a new line")
	}
}

// TestDeleteKeyAsksThenUndoBringsItBack: Delete with a widget selected
// asks; Escape keeps it; Delete again and Enter on the focused Yes
// removes it; Ctrl+Z brings it back.
func TestDeleteKeyAsksThenUndoBringsItBack(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	h.s.Select(WidgetNode("Main", "quotesTable"))
	key := h.w.Canvas().OnTypedKey()
	key(&fyne.KeyEvent{Name: fyne.KeyDelete})
	yes, ok := h.w.Canvas().Focused().(*escButton)
	if !ok || yes.Text != "Yes" {
		t.Fatalf("Delete did not ask (focus on %T)", h.w.Canvas().Focused())
	}
	yes.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if findWidget(h.s.proj, "Main", "quotesTable") == nil || h.w.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape deleted the widget or left the question open")
	}
	key(&fyne.KeyEvent{Name: fyne.KeyDelete})
	h.w.Canvas().Focused().(*escButton).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if findWidget(h.s.proj, "Main", "quotesTable") != nil {
		t.Fatal("Yes did not delete the widget")
	}
	shortcuts(t, h.w.Canvas()).TypedShortcut(scUndo)
	if findWidget(h.s.proj, "Main", "quotesTable") == nil || len(h.s.page.cards) != 2 {
		t.Fatal("Ctrl+Z did not bring the widget back")
	}
}
