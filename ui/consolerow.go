package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// consoleRow is one line of the console's list: the time, the direction
// and kind, the size and the message, in the monospace face, laid out as
// three labels and a truncated label would be.
//
// It draws four texts and nothing else. While a feed is live the list
// fills every visible row again on each frame, and four labels per row,
// each laying out rich text and shaping its message over and over to find
// where to cut it, were most of what the console cost a frame.
type consoleRow struct {
	widget.BaseWidget
	cols    [4]*canvas.Text // time, mark, size, message
	message string          // the message uncut
	danger  bool
	cut     cutCache
}

// consoleColumns are the widest texts of the first three columns.
var consoleColumns = [3]string{"00:00:00.000", "↑ binary", "999.9 KB"}

func newConsoleRow() *consoleRow {
	r := &consoleRow{}
	for i := range r.cols {
		r.cols[i] = canvas.NewText("", theme.Color(theme.ColorNameForeground))
		r.cols[i].TextStyle = fyne.TextStyle{Monospace: true}
		r.cols[i].TextSize = theme.TextSize()
	}
	r.cols[2].Alignment = fyne.TextAlignTrailing
	r.ExtendBaseWidget(r)
	return r
}

// set shows an entry's columns; an error's message is in the error colour.
func (r *consoleRow) set(stamp, mark, size, message string, danger bool) {
	changed := false
	for i, t := range []string{stamp, mark, size} {
		if r.cols[i].Text != t {
			r.cols[i].Text = t
			changed = true
		}
	}
	if message != r.message || danger != r.danger {
		r.message, r.danger = message, danger
		changed = true
	}
	if changed {
		r.Refresh()
	}
}

// texts are the row's columns as drawn, the message cut to fit.
func (r *consoleRow) texts() []string {
	return []string{r.cols[0].Text, r.cols[1].Text, r.cols[2].Text, r.cols[3].Text}
}

func (r *consoleRow) CreateRenderer() fyne.WidgetRenderer {
	return &consoleRowRenderer{r: r}
}

type consoleRowRenderer struct{ r *consoleRow }

// columns are the x and width of each text in a row of width w.
func consoleRowColumns(w float32) (x, width [4]float32) {
	inner, pad := theme.InnerPadding(), theme.Padding()
	style := fyne.TextStyle{Monospace: true}
	at := float32(0)
	for i, s := range consoleColumns {
		tw := fyne.MeasureText(s, theme.TextSize(), style).Width
		x[i], width[i] = at+inner, tw
		at += tw + 2*inner + pad
	}
	x[3] = at + inner
	width[3] = max(0, w-x[3]-inner)
	return x, width
}

func (c *consoleRowRenderer) Layout(size fyne.Size) {
	r := c.r
	x, width := consoleRowColumns(size.Width)
	h := r.cols[0].MinSize().Height
	for i, t := range r.cols {
		t.Move(fyne.NewPos(x[i], (size.Height-h)/2))
		t.Resize(fyne.NewSize(width[i], h))
	}
	msg := r.cut.fit(r.message, width[3], r.cols[3].TextSize, r.cols[3].TextStyle)
	if msg != r.cols[3].Text {
		r.cols[3].Text = msg
		r.cols[3].Refresh()
	}
}

func (c *consoleRowRenderer) MinSize() fyne.Size {
	inner := theme.InnerPadding()
	x, _ := consoleRowColumns(0)
	return fyne.NewSize(x[3]+inner, c.r.cols[0].MinSize().Height+2*inner)
}

func (c *consoleRowRenderer) Refresh() {
	r := c.r
	fg := theme.Color(theme.ColorNameForeground)
	for _, t := range r.cols[:3] {
		t.Color = fg
	}
	if r.danger {
		r.cols[3].Color = theme.Color(theme.ColorNameError)
	} else {
		r.cols[3].Color = fg
	}
	c.Layout(r.Size())
	for _, t := range r.cols {
		t.Refresh()
	}
}

func (c *consoleRowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{c.r.cols[0], c.r.cols[1], c.r.cols[2], c.r.cols[3]}
}

func (c *consoleRowRenderer) Destroy() {}

// cutCache remembers the last text cut to a width, so that a row laid out
// again with the same message measures nothing.
type cutCache struct {
	text, cut string
	width     float32
}

// fit is text, or as much of it as fits width followed by "…".
func (c *cutCache) fit(text string, width, size float32, style fyne.TextStyle) string {
	if c.text == text && c.width == width && c.cut != "" {
		return c.cut
	}
	c.text, c.width = text, width
	c.cut = fitText(text, width, size, style)
	return c.cut
}

// fitText cuts text to width with an ellipsis. For a monospace face the
// cut is worked out from the width of one character and then checked, so
// a long message is measured once or twice rather than once per halving;
// the halving is what is left when the check fails (a wide fallback glyph)
// and for other faces.
func fitText(text string, width, size float32, style fyne.TextStyle) string {
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

// lineLabel is a one-line label cut to its width with an ellipsis, drawn
// as a single text: the console's status line, which changes with every
// message a live variable counts.
type lineLabel struct {
	widget.BaseWidget
	Text string
	text *canvas.Text
	cut  cutCache
}

func newLineLabel() *lineLabel {
	l := &lineLabel{text: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	l.text.TextSize = theme.TextSize()
	l.ExtendBaseWidget(l)
	return l
}

// SetText shows text, cut to the label's width.
func (l *lineLabel) SetText(text string) {
	if text != l.Text {
		l.Text = text
		l.Refresh()
	}
}

func (l *lineLabel) CreateRenderer() fyne.WidgetRenderer { return &lineLabelRenderer{l: l} }

type lineLabelRenderer struct{ l *lineLabel }

func (r *lineLabelRenderer) Layout(size fyne.Size) {
	t, inner := r.l.text, theme.InnerPadding()
	h := t.MinSize().Height
	t.Move(fyne.NewPos(inner, (size.Height-h)/2))
	w := max(0, size.Width-2*inner)
	t.Resize(fyne.NewSize(w, h))
	if cut := r.l.cut.fit(r.l.Text, w, t.TextSize, t.TextStyle); cut != t.Text {
		t.Text = cut
		t.Refresh()
	}
}

// MinSize is one line high and, like a truncating label, no width.
func (r *lineLabelRenderer) MinSize() fyne.Size {
	return fyne.NewSize(2*theme.InnerPadding(), r.l.text.MinSize().Height+2*theme.InnerPadding())
}

func (r *lineLabelRenderer) Refresh() {
	r.l.text.Color = theme.Color(theme.ColorNameForeground)
	r.Layout(r.l.Size())
	r.l.text.Refresh()
}

func (r *lineLabelRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.l.text} }

func (r *lineLabelRenderer) Destroy() {}
