package widgets

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
)

// The chart shows, under the pointer, a vertical guide and a tooltip with
// the x value and every series' value of the nearest point.

var _ desktop.Hoverable = (*LiveChart)(nil)

// chartHover is the pointer state and the objects that show it.
type chartHover struct {
	on    bool
	pos   fyne.Position
	index int // the point shown, -1 = none

	// indexAt maps a pointer x to the nearest point; set by the layout of
	// charts that have an x axis, nil otherwise.
	indexAt func(x float32) int
	xAt     func(i int) float32 // where point i sits

	guide *canvas.Line
	box   *canvas.Rectangle
	lines []*canvas.Text
	marks []*canvas.Rectangle // series colour before each value line
	n     int
}

// MouseIn implements desktop.Hoverable.
func (c *LiveChart) MouseIn(e *desktop.MouseEvent) { c.MouseMoved(e) }

// MouseMoved implements desktop.Hoverable.
func (c *LiveChart) MouseMoved(e *desktop.MouseEvent) {
	c.hover.on, c.hover.pos = true, e.Position
	c.placeHover()
	c.refreshHover()
}

// MouseOut implements desktop.Hoverable.
func (c *LiveChart) MouseOut() {
	c.hover.on = false
	c.placeHover()
	c.refreshHover()
}

// HoverText is the tooltip's lines ("" when none is shown).
func (c *LiveChart) HoverText() []string {
	var out []string
	for _, t := range c.hover.lines[:c.hover.n] {
		out = append(out, t.Text)
	}
	return out
}

// refreshHover repaints the guide and tooltip without rebuilding the
// chart: the object list changes and the canvas repaints the widget.
func (c *LiveChart) refreshHover() {
	c.finishObjects()
	for _, o := range c.objects[1:] {
		if o == c.hover.guide || o == c.hover.box {
			o.Refresh()
		}
	}
	for k, t := range c.hover.lines[:c.hover.n] {
		t.Refresh()
		c.hover.marks[k].Refresh()
	}
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil {
		cv.Refresh(c)
	}
}

// placeHover lays out the guide and tooltip for the pointer position, or
// hides them.
func (c *LiveChart) placeHover() {
	h := &c.hover
	if h.guide == nil {
		h.guide = canvas.NewLine(color.Transparent)
		h.box = canvas.NewRectangle(color.Transparent)
	}
	h.n, h.index = 0, -1
	sc := c.scene
	d := &c.data
	if !h.on || h.indexAt == nil || sc == nil || !sc.plot || c.message != "" ||
		h.pos.X < sc.x0 || h.pos.X > sc.x1 || h.pos.Y < sc.y0 || h.pos.Y > sc.y1 {
		return
	}
	i := h.indexAt(h.pos.X)
	if i < 0 || i >= d.rows {
		return
	}
	h.index = i
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	small := th.Size(theme.SizeNameCaptionText)
	pal := palette(variantOf(th, v))

	line := func(s string, mark color.Color, bold bool) {
		if h.n == len(h.lines) {
			h.lines = append(h.lines, canvas.NewText("", fg))
			r := canvas.NewRectangle(color.Transparent)
			r.CornerRadius = 2
			h.marks = append(h.marks, r)
		}
		t := h.lines[h.n]
		h.marks[h.n].FillColor = mark
		h.n++
		t.Text, t.Color, t.TextSize, t.TextStyle = s, fg, small, fyne.TextStyle{Bold: bold}
		t.Resize(t.MinSize())
	}
	line(c.xText(i), color.Transparent, true)
	for s := range d.seriesCount() {
		val := "–"
		if y := d.ys[s][i]; !math.IsNaN(y) {
			val = formatNumber(y)
		} else if d.grouped() {
			continue // the record belongs to another group
		}
		line(fmt.Sprintf("%s  %s", d.seriesName(s), val), pal[s%len(pal)], false)
	}

	x := h.xAt(i)
	h.guide.StrokeColor = withAlpha(nrgba(fg), 0x70)
	h.guide.StrokeWidth = 1
	h.guide.Position1 = fyne.NewPos(x, sc.y0)
	h.guide.Position2 = fyne.NewPos(x, sc.y1)

	const pad, markW = 6, 14
	var w, ht float32
	for _, t := range h.lines[:h.n] {
		ms := t.MinSize()
		w, ht = max(w, ms.Width+markW), ht+ms.Height
	}
	w, ht = w+2*pad, ht+2*pad
	bx := x + 12
	if bx+w > sc.size.Width {
		bx = x - 12 - w
	}
	by := min(max(h.pos.Y-ht/2, sc.y0), sc.y1-ht)
	h.box.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	h.box.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	h.box.StrokeWidth = 1
	h.box.CornerRadius = 4
	h.box.Move(fyne.NewPos(bx, by))
	h.box.Resize(fyne.NewSize(w, ht))
	y := by + pad
	for k, t := range h.lines[:h.n] {
		ms := t.MinSize()
		if k == 0 {
			t.Move(fyne.NewPos(bx+pad, y))
		} else {
			t.Move(fyne.NewPos(bx+pad+markW, y))
			h.marks[k].Move(fyne.NewPos(bx+pad, y+(ms.Height-8)/2))
			h.marks[k].Resize(fyne.NewSize(8, 8))
		}
		y += ms.Height
	}
}

// xText is the x of point i as the tooltip shows it.
func (c *LiveChart) xText(i int) string {
	d := &c.data
	switch {
	case d.xKey == "":
		return fmt.Sprintf("#%d", i+1)
	case d.categorical():
		return d.xText[i]
	case d.timeAxis():
		return timeLabel(d.xs[i], 1, c.Location)
	}
	return fmt.Sprintf("%s = %s", c.xKey, formatNumber(d.xs[i]))
}

// nearestIndex finds the point whose x is nearest to xv.
func (d *chartData) nearestIndex(xv float64) int {
	if d.xKey == "" || d.categorical() {
		return min(max(int(math.Round(xv)), 0), d.rows-1)
	}
	best, bestD := -1, math.Inf(1)
	for i, x := range d.xs {
		if dd := math.Abs(x - xv); dd < bestD {
			best, bestD = i, dd
		}
	}
	return best
}
