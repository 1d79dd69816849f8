package widgets

import (
	"fmt"
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
			got := FitText(tc.text, tc.width, size, tc.style)
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

// TestLineLaysOutAsALabel: a line is as big as a label with the same
// text, draws its text where the label draws it, and with Truncate cuts a
// long text to its width and shows it whole again when widened.
func TestLineLaysOutAsALabel(t *testing.T) {
	test.NewTempApp(t)
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Monospace: true}} {
		l, lbl := NewLine("2025-11-24 16:00:04.000"), widget.NewLabelWithStyle("2025-11-24 16:00:04.000", fyne.TextAlignLeading, style)
		l.TextStyle = style
		if got, want := l.MinSize(), lbl.MinSize(); got != want {
			t.Errorf("style %+v: line min size %v, want the label's %v", style, got, want)
		}
		l.Resize(l.MinSize())
		if got, want := l.text.Position(), (fyne.Position{X: theme.InnerPadding(), Y: theme.InnerPadding()}); got != want {
			t.Errorf("style %+v: text at %v, want %v as in a label", style, got, want)
		}
	}
	long := "Quotes: open · 3.3 msg/s · in 86 (2.8 KB) · out 0 (0 B) · dataset 60"
	l := NewLine(long)
	l.Truncate = true
	if w := l.MinSize().Width; w != 2*theme.InnerPadding() {
		t.Errorf("a truncating line asks for %.1f of width, want only its padding", w)
	}
	l.Resize(fyne.NewSize(200, l.MinSize().Height))
	if got := l.Shown(); !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Fatalf("in 200 wide the line shows %q, want its start and an ellipsis", got)
	}
	l.Resize(fyne.NewSize(2000, l.MinSize().Height))
	if got := l.Shown(); got != long {
		t.Fatalf("widened, the line shows %q, want it whole", got)
	}
	l.SetText("short")
	if got := l.Shown(); got != "short" {
		t.Fatalf("after SetText the line shows %q", got)
	}
}

// The cost of showing a new text, a Line against the widget.Label it
// replaces, in a window so that both have their renderers: a table cell
// (no truncation) and a status line or list title (cut to its width).
// Compare the pairs in one run: LineCell/LabelCell, LineCut/LabelCut.
func BenchmarkLineCell(b *testing.B)  { benchSetText(b, false, false) }
func BenchmarkLabelCell(b *testing.B) { benchSetText(b, true, false) }
func BenchmarkLineCut(b *testing.B)   { benchSetText(b, false, true) }
func BenchmarkLabelCut(b *testing.B)  { benchSetText(b, true, true) }

func benchSetText(b *testing.B, label, cut bool) {
	test.NewTempApp(b)
	texts := make([]string, 4096)
	for i := range texts {
		if cut {
			texts[i] = fmt.Sprintf("Quotes: open · %.1f msg/s · in %d (%.1f KB) · out 0 (0 B) · dataset %d", float64(i%97)/10, i, float64(i)/3, i%500)
		} else {
			texts[i] = fmt.Sprintf("%.2f", 100+float64(i)/7)
		}
	}
	var set func(string)
	var obj fyne.CanvasObject
	if label {
		l := widget.NewLabel("")
		if cut {
			l.Truncation = fyne.TextTruncateEllipsis
		}
		set, obj = l.SetText, l
	} else {
		l := NewLine("")
		l.Truncate = cut
		set, obj = l.SetText, l
	}
	w := test.NewWindow(obj)
	defer w.Close()
	w.Resize(fyne.NewSize(240, 40))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		set(texts[i%len(texts)])
	}
}
