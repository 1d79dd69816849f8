package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/widgets"
)

// consoleRow is one line of the console's list: the time, the direction
// and kind, the size and the message, in the monospace face, laid out as
// the three labels and the truncated label it replaces were.
//
// Its columns are widgets.Line, not labels: while a feed is live the list
// fills every visible row again on each frame, and four labels per row,
// each laying out rich text and shaping its message over and over to find
// where to cut it, were most of what the console cost a frame.
type consoleRow struct {
	widget.BaseWidget
	cols [4]*widgets.Line // time, mark, size, message
}

// consoleColumns are the widest texts of the first three columns.
var consoleColumns = [3]string{"00:00:00.000", "↑ binary", "999.9 KB"}

func newConsoleRow() *consoleRow {
	r := &consoleRow{}
	for i := range r.cols {
		r.cols[i] = widgets.NewLine("")
		r.cols[i].TextStyle = fyne.TextStyle{Monospace: true}
	}
	r.cols[2].Alignment = fyne.TextAlignTrailing
	r.cols[3].Truncate = true
	r.ExtendBaseWidget(r)
	return r
}

// set shows an entry's columns; an error's message is in the error colour.
func (r *consoleRow) set(stamp, mark, size, message string, danger bool) {
	col := fyne.ThemeColorName("")
	if danger {
		col = theme.ColorNameError
	}
	if r.cols[3].Color != col {
		r.cols[3].Color = col
		r.cols[3].Refresh()
	}
	for i, t := range []string{stamp, mark, size, message} {
		r.cols[i].SetText(t)
	}
}

// texts are the row's columns as drawn, the message cut to fit.
func (r *consoleRow) texts() []string {
	out := make([]string, len(r.cols))
	for i, c := range r.cols {
		out[i] = c.Shown()
	}
	return out
}

func (r *consoleRow) CreateRenderer() fyne.WidgetRenderer {
	return &consoleRowRenderer{r: r}
}

type consoleRowRenderer struct{ r *consoleRow }

// consoleRowColumns are the x and width of each column in a row of width
// w: three labels in a row, then the message, a padding apart.
func consoleRowColumns(w float32) (x, width [4]float32) {
	inner, pad := theme.InnerPadding(), theme.Padding()
	style := fyne.TextStyle{Monospace: true}
	at := float32(0)
	for i, s := range consoleColumns {
		x[i], width[i] = at, fyne.MeasureText(s, theme.TextSize(), style).Width+2*inner
		at += width[i] + pad
	}
	x[3], width[3] = at, max(0, w-at)
	return x, width
}

func (c *consoleRowRenderer) Layout(size fyne.Size) {
	x, width := consoleRowColumns(size.Width)
	for i, l := range c.r.cols {
		l.Move(fyne.NewPos(x[i], 0))
		l.Resize(fyne.NewSize(width[i], size.Height))
	}
}

func (c *consoleRowRenderer) MinSize() fyne.Size {
	x, _ := consoleRowColumns(0)
	return fyne.NewSize(x[3]+c.r.cols[3].MinSize().Width, c.r.cols[0].MinSize().Height)
}

func (c *consoleRowRenderer) Refresh() {
	for _, l := range c.r.cols {
		l.Refresh()
	}
}

func (c *consoleRowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{c.r.cols[0], c.r.cols[1], c.r.cols[2], c.r.cols[3]}
}

func (c *consoleRowRenderer) Destroy() {}
