package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Line is one line of text laid out as a widget.Label lays out its text,
// with the label's inner padding and height, and drawn as a single canvas
// text. With Truncate set it has no minimum width and a text wider than
// the line is cut with an ellipsis.
//
// Table cells, list rows and status lines change on every live frame. A
// label builds rich text for each new text and, to truncate, shapes it
// once per halving of its length; a Line measures a new text once, or
// twice when it has to cut it.
type Line struct {
	widget.BaseWidget
	Text      string
	Alignment fyne.TextAlign
	TextStyle fyne.TextStyle
	Truncate  bool
	// Color names the text's colour in the theme; "" = the foreground.
	Color fyne.ThemeColorName
	// SizeName names the text's size in the theme; "" = the text size.
	SizeName fyne.ThemeSizeName

	text *canvas.Text
	cut  cutCache
}

// NewLine makes a line showing text.
func NewLine(text string) *Line {
	l := &Line{Text: text, text: canvas.NewText("", nil)}
	l.ExtendBaseWidget(l)
	return l
}

// SetText shows text.
func (l *Line) SetText(text string) {
	if text != l.Text {
		l.Text = text
		l.Refresh()
	}
}

// Shown is the text as drawn: the text, or its start and an ellipsis.
func (l *Line) Shown() string { return l.text.Text }

func (l *Line) textSize() float32 {
	if l.SizeName == "" {
		return theme.TextSize()
	}
	return theme.Size(l.SizeName)
}

func (l *Line) CreateRenderer() fyne.WidgetRenderer {
	r := &lineRenderer{l: l}
	r.sync()
	return r
}

type lineRenderer struct{ l *Line }

// sync copies the line's fields to its text.
func (r *lineRenderer) sync() {
	l, t := r.l, r.l.text
	t.TextSize = l.textSize()
	t.TextStyle = l.TextStyle
	t.Alignment = l.Alignment
	name := l.Color
	if name == "" {
		name = theme.ColorNameForeground
	}
	t.Color = theme.Color(name)
	if !l.Truncate {
		t.Text = l.Text
	}
}

func (r *lineRenderer) Layout(size fyne.Size) {
	l, t, inner := r.l, r.l.text, theme.InnerPadding()
	h := t.MinSize().Height
	w := max(0, size.Width-2*inner)
	t.Move(fyne.NewPos(inner, (size.Height-h)/2))
	t.Resize(fyne.NewSize(w, h))
	if l.Truncate {
		if cut := l.cut.fit(l.Text, w, t.TextSize, t.TextStyle); cut != t.Text {
			t.Text = cut
			t.Refresh()
		}
	}
}

func (r *lineRenderer) MinSize() fyne.Size {
	l, inner := r.l, theme.InnerPadding()
	style, size := l.TextStyle, l.textSize()
	h := fyne.MeasureText("M", size, style).Height // a line's height, whatever its text
	if l.Truncate {
		return fyne.NewSize(2*inner, h+2*inner)
	}
	return fyne.NewSize(fyne.MeasureText(l.Text, size, style).Width+2*inner, h+2*inner)
}

func (r *lineRenderer) Refresh() {
	r.sync()
	r.Layout(r.l.Size())
	r.l.text.Refresh()
}

func (r *lineRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.l.text} }

func (r *lineRenderer) Destroy() {}

// cutCache remembers the last text cut to a width, so that a line laid
// out again with the same text measures nothing.
type cutCache struct {
	text, cut string
	width     float32
	valid     bool
}

func (c *cutCache) fit(text string, width, size float32, style fyne.TextStyle) string {
	if c.valid && c.text == text && c.width == width {
		return c.cut
	}
	c.text, c.width, c.valid = text, width, true
	c.cut = FitText(text, width, size, style)
	return c.cut
}

// FitText cuts text to width with an ellipsis. For a monospace face the
// cut is worked out from the width of one character and then checked, so
// a long text is measured once or twice rather than once per halving; the
// halving is what is left when the check fails (a wide fallback glyph) and
// for other faces.
func FitText(text string, width, size float32, style fyne.TextStyle) string {
	if text == "" || width <= 0 {
		return text
	}
	const ell = "…"
	measure := func(s string) float32 { return fyne.MeasureText(s, size, style).Width }
	runes := []rune(text)
	if style.Monospace {
		cw := measure("0")
		if float32(len(runes))*cw <= width && measure(text) <= width {
			return text
		}
		if k := int((width - measure(ell)) / cw); cw > 0 && k > 0 && k < len(runes) {
			if cut := string(runes[:k]) + ell; measure(cut) <= width {
				return cut
			}
		}
	} else if measure(text) <= width {
		return text
	}
	lo, hi := 0, len(runes) // runes[:lo]+ell fits; runes[:hi]+ell does not, or hi is all of them
	for lo < hi-1 {
		mid := (lo + hi) / 2
		if measure(string(runes[:mid])+ell) <= width {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == 0 && measure(ell) > width {
		return ""
	}
	return string(runes[:lo]) + ell
}
