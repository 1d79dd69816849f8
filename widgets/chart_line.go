package widgets

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
)

// Line, area and bubble charts: values against an x axis of times,
// numbers, arrival order or categories, one series per y key (or per group
// and y key). A series with more points than the plot has pixel columns is
// decimated to the minimum and maximum of each column.

// buildXY lays out a line, area or bubble chart under top: legend, value
// axis, x axis (time, number, index or category) and the series, decimated
// to the plot's width.
func (c *LiveChart) buildXY(sc *chartScene, size fyne.Size, top float32, pal []color.NRGBA, fg, muted color.Color, small float32) {
	const pad = 8
	d := &c.data
	n := d.rows
	top += c.legend(size, top, pal, fg, small) + 8

	// x range
	timeAxis := d.timeAxis()
	indexAxis := d.xKey == "" || d.categorical()
	xlo, xhi := math.Inf(1), math.Inf(-1)
	if indexAxis {
		xlo, xhi = 0, float64(n-1)
	} else {
		for _, x := range d.xs {
			if !math.IsNaN(x) {
				xlo, xhi = math.Min(xlo, x), math.Max(xhi, x)
			}
		}
	}

	// points to draw, decimated for about the plot's width in pixels; the
	// minimum and maximum of each column survive, so the value range of
	// the picked points is the range of the whole series
	ylo, yhi := math.Inf(1), math.Inf(-1)
	cols := max(int((size.Width-2*pad-56)*c.scale()), 1)
	picks := make([][]int, len(d.ys))
	for s := range d.ys {
		picks[s] = c.pick(s, xlo, xhi, cols, indexAxis)
		for _, i := range picks[s] {
			y := d.ys[s][i]
			ylo, yhi = math.Min(ylo, y), math.Max(yhi, y)
		}
	}

	labelH := fyne.MeasureText("0", small, fyne.TextStyle{}).Height
	y0 := top
	y1 := size.Height - pad - labelH - 6
	plotH := y1 - y0
	if plotH < 20 {
		y1, plotH = y0+20, 20
	}
	yt, ylo, yhi := valueAxis(ylo, yhi, max(2, int(plotH/36)+1), c.typ == ChartArea)
	labels := tickLabels(yt)
	var labelW float32
	for _, l := range labels {
		labelW = max(labelW, fyne.MeasureText(l, small, fyne.TextStyle{}).Width)
	}
	x0 := pad + labelW + 8
	x1 := size.Width - pad - 4
	if x1-x0 < 20 {
		x1 = x0 + 20
	}
	plotW := x1 - x0
	sc.x0, sc.y0, sc.x1, sc.y1, sc.plot = x0, y0, x1, y1, true
	yPos := func(y float64) float64 { return float64(y1) - (y-ylo)/(yhi-ylo)*float64(plotH) }
	for i, t := range yt {
		py := float32(yPos(t))
		sc.hGrid = append(sc.hGrid, py)
		l := c.text(labels[i], small, muted, false)
		l.Alignment = fyne.TextAlignTrailing
		ls := l.MinSize()
		l.Move(fyne.NewPos(x0-8-labelW, py-ls.Height/2))
		l.Resize(fyne.NewSize(labelW, ls.Height))
	}

	if xhi <= xlo {
		d := 1.0
		if timeAxis {
			d = 1000 // one instant: a second either side, not a millisecond
		}
		xlo, xhi = xlo-d, xhi+d
	}
	xPos := func(x float64) float64 { return float64(x0) + (x-xlo)/(xhi-xlo)*float64(plotW) }
	c.hover.indexAt = func(px float32) int {
		return d.nearestIndex(xlo + float64(px-x0)/float64(plotW)*(xhi-xlo))
	}
	c.hover.xAt = func(i int) float32 { return float32(xPos(d.x(i))) }

	// x ticks
	if timeAxis {
		c.timeXTicks(sc, size, xlo, xhi, x0, plotW, y1, muted, small)
	} else {
		c.numberXTicks(sc, size, xlo, xhi, xPos, plotW, indexAxis, y1, muted, small)
	}

	// series
	base := yPos(math.Max(ylo, math.Min(0, yhi)))
	if ylo > 0 || yhi < 0 {
		base = float64(y1)
	}
	for s, idx := range picks {
		pts := make([]float64, 0, 2*len(idx))
		ys := d.ys[s]
		for _, i := range idx {
			pts = append(pts, xPos(d.x(i)), yPos(ys[i]))
		}
		sc.series = append(sc.series, seriesScene{
			pts: pts, col: pal[s%len(pal)], fill: c.typ == ChartArea, base: base,
			dense: len(ys) > 2*len(idx) || len(idx) > int(plotW),
			dots:  c.typ == ChartBubble,
		})
	}
}

// timeXTicks puts the grid lines and labels of an epoch-ms x axis from xlo
// to xhi under a plot starting at x0, plotW wide: round wall-clock steps
// in the chart's zone, about one label every tickPitch units. A label
// pushed inside the window at an edge is left out if it would then touch
// its neighbour; its grid line stays.
func (c *LiveChart) timeXTicks(sc *chartScene, size fyne.Size, xlo, xhi float64, x0, plotW, y1 float32, muted color.Color, small float32) {
	measure := func(s string) float64 { return float64(fyne.MeasureText(s, small, fyne.TextStyle{}).Width) }
	ts := timeTicks(xlo, xhi, float64(plotW), measure, c.Location)
	prev := float32(math.Inf(-1))
	for _, t := range ts.ticks {
		px := x0 + float32((t-xlo)/(xhi-xlo)*float64(plotW))
		sc.vGrid = append(sc.vGrid, px)
		s := ts.label(t)
		w := float32(measure(s))
		lx := min(max(px-w/2, 0), size.Width-w)
		if lx < prev+tickGap/2 {
			continue
		}
		prev = lx + w
		c.text(s, small, muted, false).Move(fyne.NewPos(lx, y1+5))
	}
}

// numberXTicks puts the grid lines and labels of a numeric, index or
// category x axis from xlo to xhi.
func (c *LiveChart) numberXTicks(sc *chartScene, size fyne.Size, xlo, xhi float64, xPos func(float64) float64, plotW float32, indexAxis bool, y1 float32, muted color.Color, small float32) {
	d := &c.data
	n := d.rows
	sample := "MMMMMM"
	if !d.categorical() {
		sample = tickLabel(xhi, niceStep((xhi-xlo)/5)) + "00"
	}
	want := max(2, int(plotW/(fyne.MeasureText(sample, small, fyne.TextStyle{}).Width+40)))
	var xt []float64
	var xstep float64
	all, _, _ := niceTicks(xlo, xhi, want)
	if len(all) > 1 {
		xstep = all[1] - all[0]
	}
	if indexAxis && xstep < 1 {
		xstep = 1
		all = nil
		for v := xlo; v <= xhi; v++ {
			all = append(all, v)
		}
	}
	for _, t := range all {
		if t >= xlo-xstep*1e-9 && t <= xhi+xstep*1e-9 {
			xt = append(xt, t)
		}
	}
	for _, t := range xt {
		px := float32(xPos(t))
		sc.vGrid = append(sc.vGrid, px)
		s := tickLabel(t, xstep)
		if d.categorical() {
			s = oneLine(d.xLabel(min(max(int(t), 0), n-1)), 16)
		}
		l := c.text(s, small, muted, false)
		ls := l.MinSize()
		lx := min(max(px-ls.Width/2, 0), size.Width-ls.Width)
		l.Move(fyne.NewPos(lx, y1+5))
	}
}

// pick returns the indices of the points of series s to draw, in arrival
// order: every point with a numeric x and y when there are at most two per
// pixel column, otherwise the minimum and the maximum of each column.
func (c *LiveChart) pick(s int, xlo, xhi float64, cols int, indexAxis bool) []int {
	d := &c.data
	ys, xs := d.ys[s], d.xs
	n := len(ys)
	if n <= 2*cols {
		idx := make([]int, 0, n)
		for i, y := range ys {
			if math.IsNaN(y) || (!indexAxis && math.IsNaN(xs[i])) {
				continue
			}
			idx = append(idx, i)
		}
		return idx
	}
	if cap(c.bMin) < cols {
		c.bMin, c.bMax = make([]float64, cols), make([]float64, cols)
		c.bMinI, c.bMaxI = make([]int, cols), make([]int, cols)
	}
	bMin, bMax, bMinI, bMaxI := c.bMin[:cols], c.bMax[:cols], c.bMinI[:cols], c.bMaxI[:cols]
	for i := range bMinI {
		bMinI[i], bMaxI[i] = -1, -1
	}
	k := 0.0
	if xhi > xlo {
		k = float64(cols-1) / (xhi - xlo)
	}
	for i, y := range ys {
		if math.IsNaN(y) {
			continue
		}
		x := float64(i)
		if !indexAxis {
			if x = xs[i]; math.IsNaN(x) {
				continue
			}
		}
		col := int((x-xlo)*k + 0.5)
		if col < 0 || col >= cols {
			continue
		}
		if bMinI[col] < 0 {
			bMin[col], bMax[col], bMinI[col], bMaxI[col] = y, y, i, i
			continue
		}
		if y < bMin[col] {
			bMin[col], bMinI[col] = y, i
		}
		if y > bMax[col] {
			bMax[col], bMaxI[col] = y, i
		}
	}
	idx := make([]int, 0, 2*cols)
	for col := range cols {
		a, b := bMinI[col], bMaxI[col]
		if a < 0 {
			continue
		}
		if a > b {
			a, b = b, a
		}
		idx = append(idx, a)
		if b != a {
			idx = append(idx, b)
		}
	}
	return idx
}
