package widgets

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/tidwall/gjson"

	"wsstudio/variable/dataset"
)

// Chart types, as LiveChart.Type reports them.
const (
	ChartLine   = "Line"
	ChartArea   = "Area"
	ChartBar    = "Bar"
	ChartColumn = "Column"
	ChartPie    = "Pie"
	ChartDonut  = "Donut"
	ChartBubble = "Bubble"
)

// LiveChart draws a dataset as a line, area, bar (horizontal), column,
// bubble (a disc per point), pie or donut chart. Axes, grid and series are
// painted into one raster; labels, title and legend are text objects in the
// theme's colours. Series with more points than the plot has pixel columns
// are decimated to the minimum and maximum of each column, so 100,000
// points draw as fast as 1,000.
//
// This file holds what every chart shares (data, legend, the raster and
// its renderer); each family lays itself out in a file of its own:
// chart_line.go (line, area, bubble), chart_bar.go (column and bar, one
// layout for both orientations) and chart_pie.go (pie, donut).
type LiveChart struct {
	widget.BaseWidget
	refresher

	// Location is the time zone of a time axis (nil = local time). Set it
	// before the widget is shown.
	Location *time.Location

	typ      string
	title    string
	height   float32 // preferred height; 0 = none
	bindPath string
	xKey     string
	yConf    []string // configured y keys
	yKeys    []string // shown: configured, or the numeric fields of the data
	groupBy  string   // one series per value of this field, "" = per y key

	data chartData

	mu     sync.Mutex // guards scene, read by the raster generator
	scene  *chartScene
	pic    canvasImg
	raster *canvas.Raster

	texts   []*canvas.Text
	nTexts  int
	swatch  []*canvas.Rectangle
	nSwatch int
	objects []fyne.CanvasObject
	built   fyne.Size
	message string

	hover chartHover

	// decimation buffers, reused between redraws
	bMin, bMax []float64
	bMinI      []int
	bMaxI      []int
}

var _ Live = (*LiveChart)(nil)

// chartScene is what the raster paints, in Fyne units; it is rebuilt on
// each redraw and never changed afterwards.
type chartScene struct {
	size      fyne.Size
	grid      color.NRGBA
	axis      color.NRGBA
	hGrid     []float32 // y of horizontal grid lines
	vGrid     []float32 // x of vertical tick marks
	vLines    []float32 // x of vertical grid lines (horizontal bars)
	baseX     float32   // x of the value axis of horizontal bars
	hbars     bool
	x0, y0    float32 // plot area
	x1, y1    float32
	plot      bool
	series    []seriesScene
	bars      []barScene
	pie       *pieScene
	lineWidth float32
}

type seriesScene struct {
	pts   []float64 // x, y pairs in Fyne units
	col   color.NRGBA
	fill  bool
	base  float64
	dense bool // decimated: about two points per pixel column
	dots  bool // a bubble chart: a disc per point, no line
}

type barScene struct {
	x0, y0, x1, y1 float64
	col            color.NRGBA
}

type pieScene struct {
	cx, cy, r, inner float64
	fracs            []float64
	cols             []color.NRGBA
}

// NewLiveChart makes a chart bound to src with p's chart type, binding
// path, x key and y keys.
func NewLiveChart(src dataset.Source, p Props) *LiveChart {
	return NewLiveChartWith(src, p, Options{})
}

// NewLiveChartWith is NewLiveChart with options, in place before the first
// redraw is scheduled.
func NewLiveChartWith(src dataset.Source, p Props, o Options) *LiveChart {
	c := &LiveChart{}
	c.ExtendBaseWidget(c)
	c.refresher.init(c.redraw, o)
	c.Location = o.Location
	c.raster = canvas.NewRaster(c.paint)
	c.raster.ScaleMode = canvas.ImageScaleFastest
	c.applyProps(p)
	c.bind(src)
	return c
}

// SetSource implements Live.
func (c *LiveChart) SetSource(src dataset.Source) {
	c.yKeys = c.yConf
	c.data.valid = false
	c.bind(src)
}

// Apply implements Live: chart type, title, binding path, x and y keys.
func (c *LiveChart) Apply(p Props) {
	c.applyProps(p)
	c.invalidate()
}

func (c *LiveChart) applyProps(p Props) {
	c.groupBy = strings.TrimSpace(p.GroupBy)
	c.typ = normalizeChartType(p.ChartType)
	c.title = p.Title
	c.height = p.Height
	c.bindPath = normalizePath(p.BindPath)
	c.xKey = strings.TrimSpace(p.XKey)
	c.yConf = nil
	for _, k := range p.YKeys {
		for _, part := range strings.Split(k, ",") {
			if part = strings.TrimSpace(part); part != "" {
				c.yConf = append(c.yConf, part)
			}
		}
	}
	c.yKeys = c.yConf
	c.data.valid = false
}

// normalizeChartType maps WaveMaker's chart type names onto the types drawn
// here; anything unknown is drawn as a line chart.
func normalizeChartType(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "area", "stacked area":
		return ChartArea
	case "bar", "horizontal bar":
		return ChartBar
	case "column", "stacked column":
		return ChartColumn
	case "pie":
		return ChartPie
	case "donut", "doughnut":
		return ChartDonut
	case "bubble", "scatter":
		return ChartBubble
	}
	return ChartLine
}

// Type is the chart type drawn.
func (c *LiveChart) Type() string { return c.typ }

// YKeys are the y keys plotted: the configured ones, or the numeric fields
// found in the data.
func (c *LiveChart) YKeys() []string { return append([]string(nil), c.yKeys...) }

// Points is the number of rows the chart holds (plotted or not).
func (c *LiveChart) Points() int { return c.data.rows }

// Message is the state shown instead of a plot ("" while plotting).
func (c *LiveChart) Message() string { return c.message }

// redraw reads what changed in the source and rebuilds the picture.
func (c *LiveChart) redraw() {
	c.snapshot()
	c.Refresh() // the renderer rebuilds the picture
}

// snapshot brings the points up to date with the source.
func (c *LiveChart) snapshot() {
	src := c.Source()
	if len(c.yKeys) == 0 && src != nil {
		c.yKeys = c.guessYKeys(src)
	}
	c.data.configure(c.bindPath, c.xKey, c.yKeys, c.groupBy)
	c.data.sync(src)

}

// guessYKeys picks the numeric fields of the latest row, x key excluded; a
// row that is itself a number is plotted as "value".
func (c *LiveChart) guessYKeys(src dataset.Source) []string {
	var recs []dataset.Record
	if n := src.Len(); n > 0 {
		if src.Strategy() == dataset.Prepend {
			recs = src.Records(0, 1)
		} else {
			recs = src.Records(n-1, 1)
		}
	}
	if len(recs) == 0 {
		return nil
	}
	v := recs[0].Get(c.bindPath)
	if v.IsArray() {
		arr := v.Array()
		if len(arr) == 0 {
			return nil
		}
		v = arr[len(arr)-1]
	}
	if v.Type == gjson.Number {
		return []string{""}
	}
	var keys []string
	v.ForEach(func(k, val gjson.Result) bool {
		if val.Type == gjson.Number && k.Str != c.xKey {
			if f := val.Float(); !(f >= minEpochMS && f < maxEpochMS && looksLikeTimeKey(k.Str)) {
				keys = append(keys, escapePath(k.Str))
			}
		}
		return len(keys) < len(palette(theme.VariantLight))
	})
	return keys
}

func seriesName(k string) string {
	if k == "" || k == "@this" {
		return "value"
	}
	return strings.ReplaceAll(k, `\`, "")
}

// palette is a set of series colours that read well on the theme's
// background; dark themes get lighter tones.
func palette(v fyne.ThemeVariant) []color.NRGBA {
	if v == theme.VariantDark {
		return []color.NRGBA{
			{0x5B, 0x9B, 0xF8, 0xff}, {0xFF, 0xA6, 0x4D, 0xff}, {0x5E, 0xD0, 0x8A, 0xff},
			{0xF2, 0x6D, 0x6D, 0xff}, {0xB9, 0x8C, 0xF2, 0xff}, {0x4F, 0xD1, 0xD9, 0xff},
			{0xF2, 0xD1, 0x4B, 0xff}, {0xF0, 0x8C, 0xC8, 0xff},
		}
	}
	return []color.NRGBA{
		{0x1F, 0x6F, 0xD1, 0xff}, {0xE8, 0x7A, 0x10, 0xff}, {0x2E, 0x9E, 0x5B, 0xff},
		{0xD6, 0x3B, 0x3B, 0xff}, {0x84, 0x5E, 0xC9, 0xff}, {0x13, 0x9C, 0xA6, 0xff},
		{0xB8, 0x95, 0x00, 0xff}, {0xC7, 0x4B, 0x95, 0xff},
	}
}

// variantOf tells by the background whether a theme is dark, so that a
// custom theme that ignores the variant still gets a fitting palette.
func variantOf(th fyne.Theme, v fyne.ThemeVariant) fyne.ThemeVariant {
	r, g, b, _ := th.Color(theme.ColorNameBackground, v).RGBA()
	if 0.299*float64(r)+0.587*float64(g)+0.114*float64(b) < 0x8000 {
		return theme.VariantDark
	}
	return theme.VariantLight
}

func nrgba(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = uint8(uint16(c.A) * uint16(a) / 255)
	return c
}

// text returns the next pooled text object, reset.
func (c *LiveChart) text(s string, size float32, col color.Color, bold bool) *canvas.Text {
	if c.nTexts == len(c.texts) {
		c.texts = append(c.texts, canvas.NewText("", col))
	}
	t := c.texts[c.nTexts]
	c.nTexts++
	t.Text, t.TextSize, t.Color = s, size, col
	t.TextStyle = fyne.TextStyle{Bold: bold}
	t.Alignment = fyne.TextAlignLeading
	t.Resize(t.MinSize())
	return t
}

func (c *LiveChart) swatchRect(col color.Color, pos fyne.Position, size fyne.Size) {
	if c.nSwatch == len(c.swatch) {
		r := canvas.NewRectangle(col)
		r.CornerRadius = 2
		c.swatch = append(c.swatch, r)
	}
	r := c.swatch[c.nSwatch]
	c.nSwatch++
	r.FillColor = col
	r.Move(pos)
	r.Resize(size)
}

func (c *LiveChart) scale() float32 {
	if a := fyne.CurrentApp(); a != nil {
		if cv := a.Driver().CanvasForObject(c); cv != nil && cv.Scale() > 0 {
			return cv.Scale()
		}
	}
	return 1
}

// build lays the chart out for size: text objects, legend and the scene
// the raster paints.
func (c *LiveChart) build(size fyne.Size) {
	c.built = size
	c.nTexts, c.nSwatch = 0, 0
	c.hover.indexAt, c.hover.xAt = nil, nil
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	muted := th.Color(theme.ColorNamePlaceHolder, v)
	textSize := th.Size(theme.SizeNameText)
	small := th.Size(theme.SizeNameCaptionText)
	sc := &chartScene{
		size:      size,
		grid:      nrgba(th.Color(theme.ColorNameSeparator, v)),
		axis:      withAlpha(nrgba(th.Color(theme.ColorNameForeground, v)), 0x60),
		lineWidth: 2,
	}
	pal := palette(variantOf(th, v))
	const pad = 8

	top := float32(pad)
	if c.title != "" {
		t := c.text(c.title, textSize, fg, true)
		t.Move(fyne.NewPos(pad, top))
		top += t.MinSize().Height + 4
	}
	pieKind := c.typ == ChartPie || c.typ == ChartDonut

	c.message = ""
	switch {
	case c.data.rows == 0:
		c.message = waitingText
	case c.data.plottable() == 0:
		keys := make([]string, len(c.yKeys))
		for i, k := range c.yKeys {
			keys[i] = seriesName(k)
		}
		switch {
		case c.data.textOnly && len(keys) == 0:
			c.message = "The data holds text, not numbers: nothing to plot"
		case len(keys) == 0:
			c.message = "No numeric fields in the data to plot"
		case c.xKey != "" && !pieKind:
			c.message = fmt.Sprintf("No numeric values for %q against %q in the data", strings.Join(keys, ", "), c.xKey)
		default:
			c.message = fmt.Sprintf("No numeric values for %q in the data", strings.Join(keys, ", "))
		}
	}
	if c.message != "" {
		t := c.text(c.message, textSize, muted, false)
		ms := t.MinSize()
		t.Move(fyne.NewPos((size.Width-ms.Width)/2, top+(size.Height-top-ms.Height)/2))
		c.finish(sc)
		return
	}
	switch c.typ {
	case ChartPie, ChartDonut:
		c.buildPie(sc, size, top, pal, fg, small)
	case ChartColumn, ChartBar:
		c.buildBars(sc, size, top, pal, fg, muted, small)
	default:
		c.buildXY(sc, size, top, pal, fg, muted, small)
	}
	c.finish(sc)
}

func (c *LiveChart) finish(sc *chartScene) {
	c.mu.Lock()
	c.scene = sc
	c.mu.Unlock()
	c.placeHover()
	c.finishObjects()
}

// finishObjects lists what the renderer shows: the raster, legend
// swatches, texts and the hover guide and tooltip.
func (c *LiveChart) finishObjects() {
	objs := append(c.objects[:0], c.raster)
	for _, s := range c.swatch[:c.nSwatch] {
		objs = append(objs, s)
	}
	for _, t := range c.texts[:c.nTexts] {
		objs = append(objs, t)
	}
	if h := &c.hover; h.index >= 0 && h.n > 0 {
		objs = append(objs, h.guide, h.box)
		for k, t := range h.lines[:h.n] {
			objs = append(objs, t)
			if k > 0 {
				objs = append(objs, h.marks[k])
			}
		}
	}
	c.objects = objs
}

// legend lays out one entry per series at the top right; it returns the
// height used.
func (c *LiveChart) legend(size fyne.Size, top float32, pal []color.NRGBA, fg color.Color, small float32) float32 {
	const pad, sw, gap = 8, 10, 14
	type entry struct {
		t *canvas.Text
		w float32
	}
	var row []entry
	var rowW, h float32
	y := top
	flush := func() { // lay out one row, right-aligned
		x := size.Width - pad - rowW
		for _, e := range row {
			ts := e.t.MinSize()
			c.swatchRect(pal[0], fyne.NewPos(x, y+(ts.Height-sw)/2), fyne.NewSize(sw, sw))
			e.t.Move(fyne.NewPos(x+sw+5, y))
			x += e.w + gap
		}
		if len(row) > 0 {
			y += h
		}
		row, rowW = row[:0], 0
	}
	first := c.nSwatch
	d := &c.data
	for s := range d.seriesCount() {
		t := c.text(d.seriesName(s), small, fg, false)
		ts := t.MinSize()
		w := sw + 5 + ts.Width
		h = max(h, ts.Height)
		if len(row) > 0 && rowW+gap+w > size.Width-2*pad {
			flush()
		}
		if len(row) > 0 {
			rowW += gap
		}
		row = append(row, entry{t, w})
		rowW += w
	}
	flush()
	// swatches were made in series order: colour them by series
	for i := range d.seriesCount() {
		c.swatch[first+i].FillColor = pal[i%len(pal)]
	}
	return y - top
}

// paint is the raster generator: it draws the current scene at pixel size.
func (c *LiveChart) paint(w, h int) image.Image {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pic.reset(w, h)
	sc := c.scene
	if sc == nil || sc.size.Width <= 0 || w <= 0 || h <= 0 {
		return c.pic.img
	}
	s := float64(w) / float64(sc.size.Width)
	px := func(v float32) int { return int(math.Round(float64(v) * s)) }
	if sc.plot {
		x0, x1, y1 := px(sc.x0), px(sc.x1), px(sc.y1)
		for _, y := range sc.hGrid {
			c.pic.hline(x0, x1, px(y), sc.grid)
		}
		y0 := px(sc.y0)
		for _, x := range sc.vLines {
			c.pic.vline(px(x), y0, y1, sc.grid)
		}
		for _, x := range sc.vGrid {
			c.pic.vline(px(x), y1, y1+int(4*s), sc.axis)
		}
		if sc.hbars {
			c.pic.vline(px(sc.baseX), y0, y1, sc.axis)
		} else {
			c.pic.hline(x0, x1, y1, sc.axis)
		}
	}
	for _, b := range sc.bars {
		c.pic.rect(b.x0*s, b.y0*s, b.x1*s, b.y1*s, b.col)
	}
	scaled := make([]float64, 0, 64)
	for _, se := range sc.series {
		scaled = scaled[:0]
		for _, v := range se.pts {
			scaled = append(scaled, v*s)
		}
		if se.fill {
			c.pic.fillUnder(scaled, se.base*s, withAlpha(se.col, 0x48))
		}
	}
	for _, se := range sc.series {
		scaled = scaled[:0]
		for _, v := range se.pts {
			scaled = append(scaled, v*s)
		}
		switch {
		case se.dots:
			c.pic.discs(scaled, 4.5*s, withAlpha(se.col, 0xb0))
		case se.dense:
			c.pic.strokeColumns(scaled, float64(sc.lineWidth)*s, se.col)
		default:
			c.pic.stroke(scaled, float64(sc.lineWidth)*s, se.col)
		}
	}
	if p := sc.pie; p != nil {
		c.pic.pie(p.cx*s, p.cy*s, p.r*s, p.inner*s, p.fracs, p.cols)
		c.pic.spokes(p.cx*s, p.cy*s, p.r*s, p.fracs, 2*s)
	}
	return c.pic.img
}

// CreateRenderer implements fyne.Widget.
func (c *LiveChart) CreateRenderer() fyne.WidgetRenderer {
	c.snapshot() // the data that came before the widget was shown
	return &liveChartRenderer{c: c}
}

type liveChartRenderer struct{ c *LiveChart }

func (r *liveChartRenderer) Destroy()                     {}
func (r *liveChartRenderer) MinSize() fyne.Size           { return fyne.NewSize(160, max(100, r.c.height)) }
func (r *liveChartRenderer) Objects() []fyne.CanvasObject { return r.c.objects }
func (r *liveChartRenderer) Layout(s fyne.Size) {
	r.c.raster.Resize(s)
	if s != r.c.built {
		r.c.build(s)
		r.c.raster.Refresh()
	}
}
func (r *liveChartRenderer) Refresh() {
	// colours follow the theme: rebuild with the current one
	r.c.build(r.c.Size())
	r.c.raster.Refresh()
	for _, o := range r.c.objects[1:] {
		o.Refresh()
	}
}
