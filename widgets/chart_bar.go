package widgets

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
)

// Bar charts: one layout for both orientations. A column chart (ChartColumn)
// stands its bars on the x axis, categories along x and values up the y
// axis; a bar chart (ChartBar) lays them along the y axis, categories down
// the left and values along x. Both put one slot per record on the category
// axis (bucketed when more records than fit, 3 units a slot, each bucket
// showing its value of largest magnitude), one bar per series in a slot,
// and label the category axis with the records' x values.

// barAxes is what differs between the two orientations: which screen axis
// carries the categories, and how a bar and the labels are placed.
type barAxes struct {
	horizontal bool // ChartBar: categories on y, values on x
}

// valueTicks is how many value ticks fit a value axis of length l: one per
// 36 units up the screen, one per 64 across it (labels are wider than high).
func (a barAxes) valueTicks(l float32) int {
	if a.horizontal {
		return max(2, int(l/64)+1)
	}
	return max(2, int(l/36)+1)
}

// rightPad is the margin right of the plot: a bar chart's last value label
// is centred under the plot's right edge and needs a little more room.
func (a barAxes) rightPad() float32 {
	if a.horizontal {
		return 8
	}
	return 4
}

// bar is the rectangle of a bar from cat0 to cat1 along the category axis
// and from base to v along the value axis, all in screen units.
func (a barAxes) bar(cat0, cat1, base, v float64, col color.NRGBA) barScene {
	if a.horizontal {
		return barScene{base, cat0, v, cat1, col}
	}
	return barScene{cat0, v, cat1, base, col}
}

// buildBars lays out a column or bar chart under top: legend, value axis,
// category axis and the bars.
func (c *LiveChart) buildBars(sc *chartScene, size fyne.Size, top float32, pal []color.NRGBA, fg, muted color.Color, small float32) {
	const pad = 8
	ax := barAxes{horizontal: c.typ == ChartBar}
	d := &c.data
	n := d.rows
	top += c.legend(size, top, pal, fg, small) + 8
	vlo, vhi := 0.0, 0.0 // bars stand on zero
	for _, ys := range d.ys {
		for _, y := range ys {
			if !math.IsNaN(y) {
				vlo, vhi = math.Min(vlo, y), math.Max(vhi, y)
			}
		}
	}
	labelH := fyne.MeasureText("0", small, fyne.TextStyle{}).Height
	timeAxis := d.timeAxis()
	y0 := top
	y1 := max(size.Height-pad-labelH-6, y0+20)
	plotH := y1 - y0

	// the labels left of the plot set where it starts: the value labels of
	// a column chart, the category labels of a bar chart
	var vt []float64
	var vlabels []string
	var cats []barCategory
	var labelW float32
	var slots, every int
	var slotLen float64
	if ax.horizontal {
		slots, slotLen = barSlots(n, plotH)
		every = max(1, int(math.Ceil(float64(labelH+2)/slotLen)))
		cats = c.barCategories(n, slots, every, timeAxis)
		for _, cl := range cats {
			labelW = max(labelW, fyne.MeasureText(cl.text, small, fyne.TextStyle{}).Width)
		}
	} else {
		vt, vlo, vhi = valueAxis(vlo, vhi, ax.valueTicks(plotH), true)
		vlabels = tickLabels(vt)
		for _, l := range vlabels {
			labelW = max(labelW, fyne.MeasureText(l, small, fyne.TextStyle{}).Width)
		}
	}
	x0 := pad + labelW + 8
	x1 := max(size.Width-pad-ax.rightPad(), x0+20)
	plotW := x1 - x0
	if ax.horizontal {
		vt, vlo, vhi = valueAxis(vlo, vhi, ax.valueTicks(plotW), true)
		vlabels = tickLabels(vt)
	} else {
		slots, slotLen = barSlots(n, plotW)
		sample := "00:00:00"
		if !timeAxis {
			sample = "000000"
		}
		lw := fyne.MeasureText(sample, small, fyne.TextStyle{}).Width + 16
		every = max(1, int(math.Ceil(float64(lw)/slotLen)))
		cats = c.barCategories(n, slots, every, timeAxis)
	}
	sc.x0, sc.y0, sc.x1, sc.y1, sc.plot, sc.hbars = x0, y0, x1, y1, true, ax.horizontal

	// the value axis: grid lines and labels
	// cat0 is where the category axis starts, vPos where a value lies
	cat0 := float64(x0)
	vPos := func(v float64) float64 { return float64(y1) - (v-vlo)/(vhi-vlo)*float64(plotH) }
	if ax.horizontal {
		cat0 = float64(y0)
		vPos = func(v float64) float64 { return float64(x0) + (v-vlo)/(vhi-vlo)*float64(plotW) }
		sc.baseX = float32(vPos(0))
	}
	for i, t := range vt {
		p := float32(vPos(t))
		l := c.text(vlabels[i], small, muted, false)
		ls := l.MinSize()
		if ax.horizontal {
			sc.vLines = append(sc.vLines, p)
			l.Move(fyne.NewPos(min(max(p-ls.Width/2, 0), size.Width-ls.Width), y1+5))
			continue
		}
		sc.hGrid = append(sc.hGrid, p)
		l.Alignment = fyne.TextAlignTrailing
		l.Move(fyne.NewPos(x0-8-labelW, p-ls.Height/2))
		l.Resize(fyne.NewSize(labelW, ls.Height))
	}
	if !ax.horizontal {
		per := float64(n) / float64(slots)
		c.hover.indexAt = func(px float32) int {
			sl := min(max(int(float64(px-x0)/slotLen), 0), slots-1)
			return min(int(float64(sl)*per), n-1)
		}
		c.hover.xAt = func(i int) float32 {
			return float32(float64(x0) + (math.Floor(float64(i)/per)+0.5)*slotLen)
		}
	}

	// the bars, then the category labels
	c.placeBars(sc, ax, n, slots, slotLen, cat0, vPos, pal)
	for _, cl := range cats {
		at := float32(cat0 + (float64(cl.slot)+0.5)*slotLen)
		l := c.text(cl.text, small, muted, false)
		ls := l.MinSize()
		if ax.horizontal {
			l.Alignment = fyne.TextAlignTrailing
			l.Move(fyne.NewPos(pad, at-ls.Height/2))
			l.Resize(fyne.NewSize(labelW, ls.Height))
			continue
		}
		sc.vGrid = append(sc.vGrid, at)
		l.Move(fyne.NewPos(at-ls.Width/2, y1+5))
	}
}

// barSlots is how many slots a category axis of length l holds for n
// records (3 units a slot at least), and each slot's length.
func barSlots(n int, l float32) (slots int, slotLen float64) {
	slots = min(n, max(int(l/3), 1))
	return slots, float64(l) / float64(slots)
}

// barCategory is the label of a slot on the category axis.
type barCategory struct {
	slot int
	text string
}

// barCategories labels every every-th of slots slots with the x of its
// first record; a record with no x gets no label.
func (c *LiveChart) barCategories(n, slots, every int, timeAxis bool) []barCategory {
	d := &c.data
	per := float64(n) / float64(slots)
	var cats []barCategory
	for sl := 0; sl < slots; sl += every {
		i := min(int(float64(sl)*per), n-1)
		x := d.x(i)
		if math.IsNaN(x) {
			continue
		}
		s := oneLine(d.xLabel(i), 16)
		if timeAxis {
			s = timeLabel(x, 1000, c.Location)
		}
		cats = append(cats, barCategory{sl, s})
	}
	return cats
}

// placeBars puts one bar per series in each slot, the slots slotLen apart
// from cat0 along the category axis; a slot's group of bars takes 78% of
// it (all of it when slots are thin).
func (c *LiveChart) placeBars(sc *chartScene, ax barAxes, n, slots int, slotLen, cat0 float64, vPos func(float64) float64, pal []color.NRGBA) {
	d := &c.data
	per := float64(n) / float64(slots)
	groupLen := slotLen * 0.78
	if slotLen < 6 {
		groupLen = slotLen
	}
	barLen := groupLen / float64(len(d.ys))
	inset := math.Min(barLen*0.08, 1)
	base := vPos(0)
	for sl := range slots {
		from, to := int(float64(sl)*per), int(float64(sl+1)*per)
		g := cat0 + float64(sl)*slotLen + (slotLen-groupLen)/2
		for s, ys := range d.ys {
			best := slotPeak(ys, from, to)
			if math.IsNaN(best) {
				continue
			}
			b := g + float64(s)*barLen
			sc.bars = append(sc.bars, ax.bar(b+inset, b+barLen-inset, base, vPos(best), pal[s%len(pal)]))
		}
	}
}

// tickLabels are the labels of value ticks, to the precision of their step.
func tickLabels(ticks []float64) []string {
	step := 1.0
	if len(ticks) > 1 {
		step = ticks[1] - ticks[0]
	}
	labels := make([]string, len(ticks))
	for i, t := range ticks {
		labels[i] = tickLabel(t, step)
	}
	return labels
}

// slotPeak is the value of largest magnitude among ys[from:to] (NaN gaps
// skipped): what a bar drawn for several records in one slot shows.
func slotPeak(ys []float64, from, to int) float64 {
	best := math.NaN()
	for i := from; i < to && i < len(ys); i++ {
		if y := ys[i]; !math.IsNaN(y) && (math.IsNaN(best) || math.Abs(y) > math.Abs(best)) {
			best = y
		}
	}
	return best
}
