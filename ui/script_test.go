package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wsstudio/ui/scriptedit"
	"wsstudio/variable/script"
)

// TestSavingAHandlerLeavesTheProjectUnmodified edits a handler through the
// real script editor in the variable panel: the script is written at once,
// so the project must not ask to be saved for it.
func TestSavingAHandlerLeavesTheProjectUnmodified(t *testing.T) {
	old := EventsSection
	EventsSection = scriptedit.EventsSection
	t.Cleanup(func() { EventsSection = old })

	p := projectOnDisk(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
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
