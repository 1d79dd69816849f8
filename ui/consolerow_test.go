package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestConsoleRowLaysOutAsLabels: a row is as high as a label, its columns
// start where the labels they replace started, and the message is cut to
// the row's width and shown whole again when the row is widened.
func TestConsoleRowLaysOutAsLabels(t *testing.T) {
	test.NewTempApp(t)
	r := newConsoleRow()
	msg := `{"symbol":"ACME","price":12.5,"change":0.3,"volume":160,"time":1764000000000}`
	r.set("12:00:00.000", "↓ JSON", "77 B", msg, false)
	mono := widget.NewLabelWithStyle("12:00:00.000", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	if got, want := r.MinSize().Height, mono.MinSize().Height; got != want {
		t.Errorf("row height %.1f, want a monospace label's %.1f", got, want)
	}
	r.Resize(fyne.NewSize(500, r.MinSize().Height))
	got := r.texts()
	if got[0] != "12:00:00.000" || got[1] != "↓ JSON" || got[2] != "77 B" {
		t.Fatalf("columns %q", got[:3])
	}
	if !strings.HasSuffix(got[3], "…") || !strings.HasPrefix(msg, strings.TrimSuffix(got[3], "…")) {
		t.Fatalf("a long message in a 500 wide row shows as %q, want it cut with an ellipsis", got[3])
	}
	x, _ := consoleRowColumns(500)
	if p := r.cols[3].Position().X; p != x[3] || x[3] <= x[2] || x[2] <= x[1] || x[1] <= x[0] {
		t.Fatalf("columns start at %v, message at %.1f", x, p)
	}
	r.Resize(fyne.NewSize(2000, r.MinSize().Height))
	if got := r.texts()[3]; got != msg {
		t.Fatalf("widened, the message shows as %q, want it whole", got)
	}
}
