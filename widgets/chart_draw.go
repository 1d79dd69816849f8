package widgets

import (
	"image"
	"image/color"
	"math"
	"sort"
)

// canvasImg is an RGBA picture the chart draws its plot into, with a
// coverage mask for anti-aliased strokes.
type canvasImg struct {
	img  *image.NRGBA
	mask []uint8
	w, h int
}

func (c *canvasImg) reset(w, h int) {
	if c.img == nil || c.w != w || c.h != h {
		c.img = image.NewNRGBA(image.Rect(0, 0, w, h))
		c.mask = make([]uint8, w*h)
		c.w, c.h = w, h
		return
	}
	clear(c.img.Pix)
}

// blend paints col over pixel (x, y) with coverage a (0…1).
func (c *canvasImg) blend(x, y int, col color.NRGBA, a float64) {
	if x < 0 || y < 0 || x >= c.w || y >= c.h || a <= 0 {
		return
	}
	sa := float64(col.A) / 255 * math.Min(a, 1)
	i := y*c.img.Stride + x*4
	p := c.img.Pix[i : i+4 : i+4]
	da := float64(p[3]) / 255
	oa := sa + da*(1-sa)
	if oa <= 0 {
		return
	}
	mix := func(s uint8, d uint8) uint8 {
		v := (float64(s)*sa + float64(d)*da*(1-sa)) / oa
		return uint8(math.Min(v+0.5, 255))
	}
	p[0], p[1], p[2] = mix(col.R, p[0]), mix(col.G, p[1]), mix(col.B, p[2])
	p[3] = uint8(math.Min(oa*255+0.5, 255))
}

// hline draws a crisp one-pixel horizontal line.
func (c *canvasImg) hline(x0, x1, y int, col color.NRGBA) {
	for x := max(x0, 0); x <= min(x1, c.w-1); x++ {
		c.blend(x, y, col, 1)
	}
}

// vline draws a crisp one-pixel vertical line.
func (c *canvasImg) vline(x, y0, y1 int, col color.NRGBA) {
	for y := max(y0, 0); y <= min(y1, c.h-1); y++ {
		c.blend(x, y, col, 1)
	}
}

// rect fills [x0,x1)×[y0,y1) with anti-aliased edges.
func (c *canvasImg) rect(x0, y0, x1, y1 float64, col color.NRGBA) {
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	for y := max(int(math.Floor(y0)), 0); y < min(int(math.Ceil(y1)), c.h); y++ {
		cy := math.Min(float64(y+1), y1) - math.Max(float64(y), y0)
		for x := max(int(math.Floor(x0)), 0); x < min(int(math.Ceil(x1)), c.w); x++ {
			cx := math.Min(float64(x+1), x1) - math.Max(float64(x), x0)
			c.blend(x, y, col, cx*cy)
		}
	}
}

// stroke draws a polyline of the given width (pixels) anti-aliased. The
// segments are first rendered into the coverage mask (taking the maximum,
// so joins do not darken), then the mask is painted in col.
func (c *canvasImg) stroke(pts []float64, width float64, col color.NRGBA) {
	if len(pts) < 2 {
		return
	}
	clear(c.mask)
	hw := width / 2
	if len(pts) == 2 { // a single point: a dot
		c.segment(pts[0], pts[1], pts[0], pts[1], hw+0.5)
	}
	for i := 0; i+3 < len(pts); i += 2 {
		c.segment(pts[i], pts[i+1], pts[i+2], pts[i+3], hw)
	}
	c.composite(pts, width, col)
}

// composite paints the mask in col over the bounding box of pts.
func (c *canvasImg) composite(pts []float64, width float64, col color.NRGBA) {
	minX, minY, maxX, maxY := c.w, c.h, -1, -1
	for i := 0; i+1 < len(pts); i += 2 {
		minX = min(minX, int(pts[i]-width-1))
		maxX = max(maxX, int(pts[i]+width+1))
		minY = min(minY, int(pts[i+1]-width-1))
		maxY = max(maxY, int(pts[i+1]+width+1))
	}
	minX, minY = max(minX, 0), max(minY, 0)
	maxX, maxY = min(maxX, c.w-1), min(maxY, c.h-1)
	for y := minY; y <= maxY; y++ {
		row := c.mask[y*c.w : (y+1)*c.w]
		for x := minX; x <= maxX; x++ {
			switch m := row[x]; {
			case m == 255 && col.A == 255:
				i := y*c.img.Stride + x*4
				c.img.Pix[i], c.img.Pix[i+1], c.img.Pix[i+2], c.img.Pix[i+3] = col.R, col.G, col.B, 255
			case m != 0:
				c.blend(x, y, col, float64(m)/255)
			}
		}
	}
}

// discs draws an anti-aliased disc of radius r at each point; overlapping
// discs do not darken each other.
func (c *canvasImg) discs(pts []float64, r float64, col color.NRGBA) {
	clear(c.mask)
	for i := 0; i+1 < len(pts); i += 2 {
		cx, cy := pts[i], pts[i+1]
		for y := max(int(cy-r-1), 0); y <= min(int(cy+r+1), c.h-1); y++ {
			for x := max(int(cx-r-1), 0); x <= min(int(cx+r+1), c.w-1); x++ {
				dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
				a := r + 0.5 - math.Sqrt(dx*dx+dy*dy)
				if a <= 0 {
					continue
				}
				v := uint8(math.Min(a, 1) * 255)
				if i := y*c.w + x; c.mask[i] < v {
					c.mask[i] = v
				}
			}
		}
	}
	c.composite(pts, r+1, col)
}

// strokeColumns draws a decimated polyline, about two points per pixel
// column, as one vertical run per column: the column's points and the
// joint from the previous column. Drawn as segments, each column would
// be painted twice over its whole height.
func (c *canvasImg) strokeColumns(pts []float64, width float64, col color.NRGBA) {
	if len(pts) < 2 {
		return
	}
	clear(c.mask)
	hw := width / 2
	prevX, prevY := math.NaN(), math.NaN()
	for i := 0; i+1 < len(pts); {
		x, px := pts[i], math.Floor(pts[i])
		lo, hi := pts[i+1], pts[i+1]
		j := i + 2
		for ; j+1 < len(pts) && math.Floor(pts[j]) == px; j += 2 {
			lo, hi = math.Min(lo, pts[j+1]), math.Max(hi, pts[j+1])
		}
		from := x
		if !math.IsNaN(prevX) {
			if x-prevX <= 2.5 { // neighbours: one run from the previous column
				lo, hi = math.Min(lo, prevY), math.Max(hi, prevY)
				from = prevX
			} else {
				c.segment(prevX, prevY, x, pts[i+1], hw)
			}
		}
		c.vrun(from, x, lo, hi, hw)
		prevX, prevY = pts[j-2], pts[j-1]
		i = j
	}
	c.composite(pts, width, col)
}

// vrun adds to the mask a run from (xa, lo) to (xb, hi) widened by hw on
// every side, with anti-aliased edges. The horizontal coverage of its few
// columns is worked out once; full rows then only copy it.
func (c *canvasImg) vrun(xa, xb, lo, hi, hw float64) {
	top, bottom := lo-hw, hi+hw
	left, right := xa-hw, xb+hw
	x0, x1 := max(int(math.Floor(left)), 0), min(int(math.Ceil(right)), c.w-1)
	if x1 < x0 {
		return
	}
	var buf [16]float64
	cov := buf[:0]
	for px := x0; px <= x1; px++ {
		cov = append(cov, math.Max(0, math.Min(1, math.Min(float64(px+1), right)-math.Max(float64(px), left))))
	}
	var full [16]uint8
	fullCov := full[:0]
	if len(cov) > len(full) { // a very wide run (large scale)
		fullCov = make([]uint8, 0, len(cov))
	}
	fullCov = fullCov[:len(cov)]
	for k, a := range cov {
		fullCov[k] = uint8(a * 255)
	}
	y0, y1 := max(int(math.Floor(top)), 0), min(int(math.Ceil(bottom)), c.h-1)
	for py := y0; py <= y1; py++ {
		row := c.mask[py*c.w+x0 : py*c.w+x1+1]
		cy := math.Min(float64(py+1), bottom) - math.Max(float64(py), top)
		if cy >= 1 {
			for k, v := range fullCov {
				if row[k] < v {
					row[k] = v
				}
			}
			continue
		}
		if cy <= 0 {
			continue
		}
		for k, a := range cov {
			if v := uint8(a * cy * 255); row[k] < v {
				row[k] = v
			}
		}
	}
}

// segment adds a thick line from (x0,y0) to (x1,y1) to the mask. It walks
// the major axis and, across it, only the few pixels the line covers, so
// the work is proportional to the segment's length times its width. The
// distance to the line is the distance along the minor axis times the
// cosine of the slope: exact inside the segment, without a square root.
func (c *canvasImg) segment(x0, y0, x1, y1, hw float64) {
	dx, dy := x1-x0, y1-y0
	steep := math.Abs(dy) > math.Abs(dx)
	if steep { // walk y: swap the axes
		x0, y0, x1, y1, dx, dy = y0, x0, y1, x1, dy, dx
	}
	if x1 < x0 {
		x0, y0, x1, y1 = x1, y1, x0, y0
		dx, dy = -dx, -dy
	}
	slope, cos := 0.0, 1.0
	if dx != 0 {
		slope = dy / dx
		cos = math.Abs(dx) / math.Hypot(dx, dy)
	}
	ext := hw/cos + 1
	lim0, lim1 := c.w, c.h
	if steep {
		lim0, lim1 = c.h, c.w
	}
	for p := max(int(math.Floor(x0-hw)), 0); p <= min(int(math.Ceil(x1+hw)), lim0-1); p++ {
		fp := float64(p) + 0.5
		fx := math.Max(x0, math.Min(x1, fp))
		qc := y0 + (fx-x0)*slope
		capDist := math.Abs(fp - fx) // beyond an end: the cap
		for q := max(int(math.Floor(qc-ext)), 0); q <= min(int(math.Ceil(qc+ext)), lim1-1); q++ {
			d := math.Abs(float64(q)+0.5-qc) * cos
			if capDist > 0 {
				d = math.Hypot(d, capDist)
			}
			a := hw + 0.5 - d
			if a <= 0 {
				continue
			}
			v := uint8(255)
			if a < 1 {
				v = uint8(a * 255)
			}
			i := q*c.w + p
			if steep {
				i = p*c.w + q
			}
			if c.mask[i] < v {
				c.mask[i] = v
			}
		}
	}
}

// fillUnder fills the area between a polyline (x non-decreasing) and the
// horizontal line y = base.
func (c *canvasImg) fillUnder(pts []float64, base float64, col color.NRGBA) {
	if len(pts) < 4 {
		return
	}
	top := make([]float64, c.w)
	for i := range top {
		top[i] = math.NaN()
	}
	set := func(x int, y float64) {
		if x < 0 || x >= c.w {
			return
		}
		if math.IsNaN(top[x]) || math.Abs(y-base) > math.Abs(top[x]-base) {
			top[x] = y
		}
	}
	for i := 0; i+3 < len(pts); i += 2 {
		x0, y0, x1, y1 := pts[i], pts[i+1], pts[i+2], pts[i+3]
		if x1 < x0 {
			x0, y0, x1, y1 = x1, y1, x0, y0
		}
		for px := int(math.Ceil(x0 - 0.5)); float64(px)+0.5 <= x1; px++ {
			t := 0.0
			if x1 > x0 {
				t = (float64(px) + 0.5 - x0) / (x1 - x0)
			}
			set(px, y0+t*(y1-y0))
		}
	}
	for x, y := range top {
		if math.IsNaN(y) {
			continue
		}
		lo, hi := math.Min(y, base), math.Max(y, base)
		c.rect(float64(x), lo, float64(x+1), hi, col)
	}
}

// pie draws slices (fractions of the whole, in order, clockwise from 12
// o'clock) as a pie, or a donut when inner > 0, with gap-coloured
// separators.
func (c *canvasImg) pie(cx, cy, r, inner float64, fracs []float64, cols []color.NRGBA) {
	if len(fracs) == 0 || r <= 0 {
		return
	}
	ends := make([]float64, len(fracs))
	sum := 0.0
	for i, f := range fracs {
		sum += f
		ends[i] = sum * 2 * math.Pi
	}
	for y := max(int(cy-r-1), 0); y <= min(int(cy+r+1), c.h-1); y++ {
		for x := max(int(cx-r-1), 0); x <= min(int(cx+r+1), c.w-1); x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			d := math.Sqrt(dx*dx + dy*dy)
			a := math.Min(r+0.5-d, 1)
			if inner > 0 {
				a = math.Min(a, d-inner+0.5)
			}
			if a <= 0 {
				continue
			}
			ang := math.Atan2(dx, -dy) // 0 at 12 o'clock, clockwise
			if ang < 0 {
				ang += 2 * math.Pi
			}
			i := sort.SearchFloat64s(ends, ang)
			if i >= len(cols) {
				i = len(cols) - 1
			}
			c.blend(x, y, cols[i], a)
		}
	}
}

// erase makes pixels under the mask transparent again (used for the gaps
// between pie slices).
func (c *canvasImg) spokes(cx, cy, r float64, fracs []float64, width float64) {
	if len(fracs) < 2 {
		return
	}
	clear(c.mask)
	sum := 0.0
	for _, f := range fracs {
		sum += f
		ang := sum * 2 * math.Pi
		c.segment(cx, cy, cx+math.Sin(ang)*(r+2), cy-math.Cos(ang)*(r+2), width/2)
	}
	for i, m := range c.mask {
		if m == 0 {
			continue
		}
		p := c.img.Pix[(i/c.w)*c.img.Stride+(i%c.w)*4:]
		p[3] = uint8(float64(p[3]) * (1 - float64(m)/255))
	}
}
