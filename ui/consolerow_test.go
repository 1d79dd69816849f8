package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestFitTextCutsToWidth: a text that fits is left whole; one that does
// not is cut with an ellipsis to the longest start that fits, in the
// monospace face (where the cut is worked out) and the plain one (where it
// is searched for), and a wide glyph in a monospace text is measured.
func TestFitTextCutsToWidth(t *testing.T) {
	test.NewTempApp(t)
	size := theme.TextSize()
	mono, plain := fyne.TextStyle{Monospace: true}, fyne.TextStyle{}
	long := `{"symbol":"ACME","price":12.5,"change":0.3,"volume":160,"time":1764000000000}`
	for _, tc := range []struct {
		name  string
		text  string
		style fyne.TextStyle
		width float32
	}{
		{"mono fits", "short", mono, 400},
		{"mono cut", long, mono, 200},
		{"mono wide glyphs", "価格価格価格価格価格価格価格価格価格価格", mono, 120},
		{"plain fits", "Quotes: open · 3.3 msg/s", plain, 400},
		{"plain cut", "Quotes: open · 3.3 msg/s · in 86 (2.8 KB) · out 0 (0 B) · dataset 60", plain, 180},
		{"too narrow for anything", long, mono, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fitText(tc.text, tc.width, size, tc.style)
			w := fyne.MeasureText(got, size, tc.style).Width
			if w > tc.width {
				t.Fatalf("fitText gave %q, %.1f wide, over the %.0f asked for", got, w, tc.width)
			}
			if fyne.MeasureText(tc.text, size, tc.style).Width <= tc.width {
				if got != tc.text {
					t.Fatalf("a text that fits came back as %q", got)
				}
				return
			}
			if got == "" {
				if fyne.MeasureText("…", size, tc.style).Width <= tc.width {
					t.Fatal("nothing shown where an ellipsis fits")
				}
				return
			}
			head := strings.TrimSuffix(got, "…")
			if head == got || !strings.HasPrefix(tc.text, head) {
				t.Fatalf("fitText gave %q: not a start of the text and an ellipsis", got)
			}
			// one rune more would not have fitted
			n := utf8.RuneCountInString(head)
			more := string([]rune(tc.text)[:n+1]) + "…"
			if fyne.MeasureText(more, size, tc.style).Width <= tc.width {
				t.Fatalf("fitText gave %q, but %q fits too", got, more)
			}
		})
	}
}

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
	if got, want := newLineLabel().MinSize().Height, widget.NewLabel("x").MinSize().Height; got != want {
		t.Errorf("status line height %.1f, want a label's %.1f", got, want)
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
