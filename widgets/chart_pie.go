package widgets

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
)

// Pie and donut charts: one slice per series, sized by its latest
// positive value, with a legend of names, values and shares.

// buildPie lays out a pie or donut chart under top.
func (c *LiveChart) buildPie(sc *chartScene, size fyne.Size, top float32, pal []color.NRGBA, fg color.Color, small float32) {
	const pad = 8
	d := &c.data
	last := d.rows - 1
	var vals []float64
	var idx []int
	total := 0.0
	for s, ys := range d.ys {
		y := ys[last]
		if d.grouped() { // each group's latest value, not only the last record's
			for j := last; j >= 0 && math.IsNaN(y); j-- {
				y = ys[j]
			}
		}
		if !math.IsNaN(y) && y > 0 {
			vals = append(vals, y)
			idx = append(idx, s)
			total += y
		}
	}
	if total <= 0 {
		t := c.text("The latest values are not positive: nothing to show as slices", small, fg, false)
		ms := t.MinSize()
		t.Move(fyne.NewPos((size.Width-ms.Width)/2, top+(size.Height-top-ms.Height)/2))
		c.message = t.Text
		return
	}
	// legend on the right: swatch, name, value and share
	var legendW, rowH float32
	names := make([]string, len(vals))
	for i, s := range idx {
		names[i] = fmt.Sprintf("%s  %s  (%.1f%%)", c.data.seriesName(s), formatNumber(vals[i]), vals[i]/total*100)
		ms := fyne.MeasureText(names[i], small, fyne.TextStyle{})
		legendW, rowH = max(legendW, ms.Width), max(rowH, ms.Height+6)
	}
	legendW += 16
	areaW := size.Width - 2*pad - legendW - 16
	areaH := size.Height - top - pad
	r := math.Max(float64(min(areaW, areaH))/2-4, 8)
	cx := float64(pad) + float64(areaW)/2
	cy := float64(top) + float64(areaH)/2
	lx := float32(cx+r) + 24
	ly := float32(cy) - rowH*float32(len(vals))/2
	fracs := make([]float64, len(vals))
	cols := make([]color.NRGBA, len(vals))
	for i, s := range idx {
		fracs[i] = vals[i] / total
		cols[i] = pal[s%len(pal)]
		t := c.text(names[i], small, fg, false)
		ts := t.MinSize()
		y := ly + float32(i)*rowH
		t.Move(fyne.NewPos(lx+16, y))
		c.swatchRect(cols[i], fyne.NewPos(lx, y+(ts.Height-10)/2), fyne.NewSize(10, 10))
	}
	inner := 0.0
	if c.typ == ChartDonut {
		inner = r * 0.58
	}
	sc.pie = &pieScene{cx: cx, cy: cy, r: r, inner: inner, fracs: fracs, cols: cols}
}
