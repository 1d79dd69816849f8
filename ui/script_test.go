package ui

import (
	"os"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wsstudio/ui/scriptedit"
	"wsstudio/variable"
	"wsstudio/variable/script"
)

// TestSavingAHandlerLeavesTheProjectUnmodified edits a handler through the
// real script editor in the variable panel: the script is written at once,
// so the project must not ask to be saved for it.
func TestSavingAHandlerLeavesTheProjectUnmodified(t *testing.T) {
	p := projectOnDisk(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true, EventsSection: scriptedit.Editor{}.EventsSection})
	h.s.Select(VariableNode("Quotes"))
	var edit *widget.Button
	walk(h.s.props, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Edit" && edit == nil {
			edit = b // onBeforeOpen, the first event
		}
	})
	if edit == nil {
		t.Fatal("the variable panel has no Edit button for its events")
	}
	test.Tap(edit)
	var save *widget.Button
	walk(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Save" {
			save = b
		}
	})
	if save == nil {
		t.Fatal("Edit opened no editor with a Save button")
	}
	test.Tap(save)

	v := p.Variable("Quotes")
	src, err := os.ReadFile(script.ScriptFile(p, v))
	if err != nil {
		t.Fatal(err)
	}
	if name := script.HandlerName(script.Owner(v), v.Name, script.OnBeforeOpen); !strings.Contains(string(src), name) {
		t.Fatalf("the script on disk lacks %s:\n%s", name, src)
	}
	if h.s.Modified() || strings.HasSuffix(strings.Split(h.w.Title(), " — ")[0], "*") {
		t.Fatalf("saving a handler marked the project modified (title %q)", h.w.Title())
	}
	if got := h.s.console.status.Text; !strings.Contains(got, "Page script saved") {
		t.Errorf("console status = %q, want a note that the script was saved", got)
	}
}

// TestPageScriptConsoleOutputShowsInTheConsole runs a page script through
// the studio's handler hook: its console.log and console.error lines show
// in the console panel of the variable whose event ran them.
func TestPageScriptConsoleOutputShowsInTheConsole(t *testing.T) {
	p := projectOnDisk(t, fixedFeed(t))
	v := p.Variable("Quotes")
	src := script.HandlerName(script.Owner(v), v.Name, script.OnMessageReceive) +
		` = function (variable, data) {
    console.log("price " + data.price);
    if (data.price < 12.4) { console.error("cheap " + data.symbol); }
};
`
	if err := script.Save(p, v, []byte(src)); err != nil {
		t.Fatal(err)
	}
	var logged []string
	reg := script.NewRegistry(script.Options{Log: func(s string) { logged = append(logged, s) }})
	h := newHarness(t, p, Options{Handlers: reg.Handlers})
	h.s.Select(VariableNode("Quotes"))
	h.waitFor(t, "the script's lines in the console", func() bool {
		h.s.console.refresh()
		return consoleHas(h.s.console, variable.Info, "price 12.2") && consoleHas(h.s.console, variable.Error, "cheap ACME")
	})
	for _, l := range logged {
		if strings.Contains(l, "threw") || strings.Contains(l, "error in") {
			t.Errorf("the script reported a problem: %s", l)
		}
	}
	// the lines are what the panel's list draws
	n := h.s.console.list.Length()
	found := false
	for i := 0; i < n; i++ {
		row := h.s.console.list.CreateItem()
		h.s.console.list.UpdateItem(i, row)
		if strings.Contains(strings.Join(row.(*consoleRow).texts(), " "), "price 12.9") {
			found = true
		}
	}
	if !found {
		t.Errorf("no console row shows the script's line \"price 12.9\" among %d rows", n)
	}
}

func consoleHas(c *console, dir variable.Direction, text string) bool {
	for _, e := range c.entries {
		if e.Dir == dir && strings.Contains(entryPreview(e), text) {
			return true
		}
	}
	return false
}

// TestPageScriptLoadErrorShowsInTheConsole runs a page script whose
// top-level code throws, through the studio's handler hook: the error, with
// the file and line, is a row of the console panel of the variable bound to
// the script; saving the script with a syntax error adds that one at once.
// As in the studio, the log skips what the console shows.
func TestPageScriptLoadErrorShowsInTheConsole(t *testing.T) {
	p := projectOnDisk(t, fixedFeed(t))
	v := p.Variable("Quotes")
	src := script.HandlerName(script.Owner(v), v.Name, script.OnMessageReceive) +
		" = function (variable, data) {};\nPage.Widgets.chart.title = \"Quotes\";\n"
	if err := script.Save(p, v, []byte(src)); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var logged []string
	reg := script.NewRegistry(script.Options{LogSkipsNotes: true, Log: func(s string) {
		mu.Lock()
		logged = append(logged, s)
		mu.Unlock()
	}})
	t.Cleanup(func() { reg.Forget(p) })
	h := newHarness(t, p, Options{Handlers: reg.Handlers})
	h.s.Select(VariableNode("Quotes"))
	const thrown = "Main.js line 2: TypeError: Cannot convert undefined or null to object"
	h.waitFor(t, "the load error in the console", func() bool {
		h.s.console.refresh()
		return consoleHas(h.s.console, variable.Error, thrown)
	})
	if !consoleRowShows(h.s.console, thrown) {
		t.Errorf("no console row shows %q", thrown)
	}

	if err := script.Save(p, v, []byte(src+"Page.QuotesonOpen = function () {\n")); err != nil {
		t.Fatal(err)
	}
	reg.Reload(p, v) // what the script editor's Saved hook does
	const syntax = "Main.js line 4: syntax error: Unexpected end of input"
	h.s.console.refresh()
	if !consoleHas(h.s.console, variable.Error, syntax) || !consoleRowShows(h.s.console, syntax) {
		t.Errorf("the console does not show %q after the reload", syntax)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(logged) > 0 {
		t.Errorf("what the console shows also went to the log (stderr in the studio):\n%s", strings.Join(logged, "\n"))
	}
}

// consoleRowShows reports whether a row the console's list draws has a
// label with text.
func consoleRowShows(c *console, text string) bool {
	found := false
	for i := 0; i < c.list.Length(); i++ {
		row := c.list.CreateItem()
		c.list.UpdateItem(i, row)
		if strings.Contains(strings.Join(row.(*consoleRow).texts(), " "), text) {
			found = true
		}
	}
	return found
}
