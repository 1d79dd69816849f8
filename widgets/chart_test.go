package widgets

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"wsstudio/variable/dataset"
)

func chartWidget(typ string, y ...string) Props {
	return Props{Kind: KindChart, ChartType: typ, Title: "ACME", XKey: "time", YKeys: y}
}

func TestChartGolden(t *testing.T) {
	cases := []struct {
		name  string
		typ   string
		theme fyne.Theme
		n     int
		x     string
	}{
		{"chart_line_light.png", "Line", lightTheme(), 60, "time"},
		{"chart_line_dark.png", "Line", darkTheme(), 60, "time"},
		{"chart_area_light.png", "Area", lightTheme(), 60, "time"},
		{"chart_area_dark.png", "Area", darkTheme(), 60, "time"},
		{"chart_column_light.png", "Column", lightTheme(), 60, "time"},
		{"chart_column_index_dark.png", "Column", darkTheme(), 12, ""},
		{"chart_bar_dark.png", "Bar", darkTheme(), 8, "time"},
		{"chart_bar_categories_light.png", "Bar", lightTheme(), 6, "name"},
		{"chart_pie_light.png", "Pie", lightTheme(), 60, "time"},
		{"chart_bubble_light.png", "Bubble", lightTheme(), 40, "time"},
		{"chart_donut_dark.png", "Donut", darkTheme(), 60, "time"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := dataset.New(dataset.Append, 0)
			feedQuotes(ds, 0, tc.n)
			pw := chartWidget(tc.typ, "price", "volume")
			pw.XKey = tc.x
			if tc.x == "name" {
				ds = dataset.New(dataset.Append, 0)
				feed(ds, `{"name":"ACME","price":104.2,"volume":61}`, `{"name":"Globex","price":87.5,"volume":40}`,
					`{"name":"Initech","price":45.1,"volume":72}`, `{"name":"Umbrella","price":120.8,"volume":33}`,
					`{"name":"Hooli","price":66,"volume":58}`, `{"name":"Stark Industries","price":99.9,"volume":47}`)
			}
			c := unpaced(NewLiveChart(ds, pw))
			c.Location = time.UTC
			defer c.Stop()
			w := show(t, c, tc.theme, 600, 300)
			c.Refresh()
			test.AssertImageMatches(t, tc.name, w.Canvas().Capture())
			if c.Message() != "" {
				t.Errorf("message = %q, want a plot", c.Message())
			}
		})
	}
}

func TestChartEmptyAndText(t *testing.T) {
	ds := dataset.New(dataset.Append, 10)
	c := unpaced(NewLiveChart(ds, chartWidget("Line", "price")))
	c.Location = time.UTC
	defer c.Stop()
	w := show(t, c, lightTheme(), 400, 200)
	if c.Message() != waitingText {
		t.Fatalf("empty chart says %q, want %q", c.Message(), waitingText)
	}
	test.AssertImageMatches(t, "chart_empty_light.png", w.Canvas().Capture())

	feed(ds, "hello", "plain text, not JSON")
	if want := `No numeric values for "price" against "time" in the data`; c.Message() != want {
		t.Fatalf("text chart says %q, want %q", c.Message(), want)
	}
	test.AssertImageMatches(t, "chart_text_light.png", w.Canvas().Capture())

	// with no keys configured, text records say so
	c.Apply(Props{Kind: KindChart, ChartType: "Line"})
	if want := "The data holds text, not numbers: nothing to plot"; c.Message() != want {
		t.Fatalf("text chart without keys says %q, want %q", c.Message(), want)
	}
}

func TestChartGuessesKeysAndIndex(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	feedQuotes(ds, 0, 5)
	c := unpaced(NewLiveChart(ds, Props{Kind: KindChart}))
	defer c.Stop()
	show(t, c, lightTheme(), 400, 200)
	if got := fmt.Sprint(c.YKeys()); got != "[price volume]" {
		t.Errorf("guessed y keys = %s, want [price volume] (time is not a series)", got)
	}
	if c.Points() != 5 || c.Message() != "" {
		t.Errorf("points = %d, message %q", c.Points(), c.Message())
	}

	// a feed of bare numbers plots the numbers themselves
	nums := dataset.New(dataset.Append, 0)
	feed(nums, "1", "5", "3")
	c.SetSource(nums)
	if got := fmt.Sprintf("%q", c.YKeys()); got != `[""]` || len(c.data.ys) != 1 || c.data.ys[0][1] != 5 {
		t.Errorf("number feed: keys %q, ys %v", got, c.data.ys)
	}
}

// TestChartDataIncremental checks that the incremental update gives the
// same points as a fresh parse, through appends beyond the limit,
// prepends, strategy switches and clears.
func TestChartDataIncremental(t *testing.T) {
	for _, strat := range []dataset.Strategy{dataset.Append, dataset.Prepend} {
		t.Run(strat.String(), func(t *testing.T) {
			ds := dataset.New(strat, 50)
			var d chartData
			d.configure("", "time", []string{"price"}, "")
			check := func(step string) {
				t.Helper()
				d.sync(ds)
				var fresh chartData
				fresh.configure("", "time", []string{"price"}, "")
				fresh.sync(ds)
				if fmt.Sprint(d.xs, d.ys, d.rows, d.numeric, d.nonTime, d.numX, d.cats, d.catNumeric, d.xText) !=
					fmt.Sprint(fresh.xs, fresh.ys, fresh.rows, fresh.numeric, fresh.nonTime, fresh.numX, fresh.cats, fresh.catNumeric, fresh.xText) {
					t.Fatalf("%s: incremental %v %v differs from fresh %v %v", step, d.xs, d.ys, fresh.xs, fresh.ys)
				}
			}
			check("empty")
			feedQuotes(ds, 0, 10)
			check("10 records")
			feedQuotes(ds, 10, 1)
			check("one more")
			feedQuotes(ds, 11, 120)
			check("past the limit")
			if d.rows != 50 {
				t.Fatalf("rows = %d, want 50", d.rows)
			}
			// arrival order, oldest first, whatever the strategy
			if d.xs[0] >= d.xs[49] {
				t.Fatalf("points not in arrival order: first x %v, last x %v", d.xs[0], d.xs[49])
			}
			ds.SetLimit(20)
			check("limit lowered")
			feed(ds, "text")
			check("a text record")
			ds.Clear()
			check("cleared")
			feedQuotes(ds, 500, 3)
			check("after clear")
		})
	}
}

func TestChartRefreshBindPath(t *testing.T) {
	ds := dataset.New(dataset.Refresh, 0)
	feed(ds, `{"sensor":"s1","readings":[{"t":1,"v":3},{"t":2,"v":5},{"t":3,"v":4}]}`)
	c := unpaced(NewLiveChart(ds, Props{Kind: KindChart, BindPath: "dataSet.readings", XKey: "t", YKeys: []string{"v"}}))
	defer c.Stop()
	show(t, c, lightTheme(), 400, 200)
	if c.Points() != 3 || fmt.Sprint(c.data.ys[0]) != "[3 5 4]" || fmt.Sprint(c.data.xs) != "[1 2 3]" {
		t.Fatalf("points %d, xs %v, ys %v", c.Points(), c.data.xs, c.data.ys)
	}
	feed(ds, `{"readings":[{"t":1,"v":9}]}`)
	if fmt.Sprint(c.data.ys[0]) != "[9]" {
		t.Fatalf("after refresh ys = %v, want [9]", c.data.ys)
	}
}

// TestChartDecimation: 100,000 points become at most two per pixel column,
// and the extremes survive.
func TestChartDecimation(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	for i := 0; i < 100000; i++ {
		y := math.Sin(float64(i) / 500)
		switch i {
		case 33333:
			y = 50
		case 66666:
			y = -50
		}
		ds.Add(dataset.NewRecord(fmt.Appendf(nil, `{"y":%g}`, y), false, t0))
	}
	c := unpaced(NewLiveChart(ds, Props{Kind: KindChart, YKeys: []string{"y"}}))
	defer c.Stop()
	w := show(t, c, lightTheme(), 800, 400)
	test.AssertImageMatches(t, "chart_100k_light.png", w.Canvas().Capture())
	sc := c.scene
	if len(sc.series) != 1 {
		t.Fatalf("series = %d", len(sc.series))
	}
	pts := sc.series[0].pts
	cols := float64(sc.x1 - sc.x0)
	if n := len(pts) / 2; n > int(2*cols)+2 || n < int(cols) {
		t.Fatalf("%d points drawn for %v columns, want between 1 and 2 per column", n, cols)
	}
	top, bottom := math.Inf(1), math.Inf(-1)
	for i := 1; i < len(pts); i += 2 {
		top, bottom = math.Min(top, pts[i]), math.Max(bottom, pts[i])
	}
	if math.Abs(top-float64(sc.y0)) > float64(sc.y1-sc.y0)/5 || math.Abs(bottom-float64(sc.y1)) > float64(sc.y1-sc.y0)/5 {
		t.Errorf("spikes lost: drawn y from %v to %v in a plot from %v to %v", top, bottom, sc.y0, sc.y1)
	}
}

// TestChartFollowsTheme: switching the app to the dark theme repaints the
// chart in dark colours, identical to one made under the dark theme.
func TestChartFollowsTheme(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	feedQuotes(ds, 0, 60)
	c := unpaced(NewLiveChart(ds, chartWidget("Line", "price", "volume")))
	c.Location = time.UTC
	defer c.Stop()
	w := show(t, c, lightTheme(), 600, 300)
	test.AssertImageMatches(t, "chart_line_light.png", w.Canvas().Capture())
	test.ApplyTheme(t, darkTheme())
	test.AssertImageMatches(t, "chart_line_dark.png", w.Canvas().Capture())
}

// TestChartExtremeValues: values at the edges of float64, or differing
// below its precision, still draw an axis (and do not hang the UI).
func TestChartExtremeValues(t *testing.T) {
	for _, docs := range [][]any{
		{`{"y":1e308}`, `{"y":-1e308}`},
		{`{"y":1e17}`, `{"y":100000000000000016}`},
		{`{"y":5}`, `{"y":5}`},
		{`{"y":"Infinity"}`, `{"y":1}`},
	} {
		ds := dataset.New(dataset.Append, 0)
		feed(ds, docs...)
		c := unpaced(NewLiveChart(ds, Props{Kind: KindChart, YKeys: []string{"y"}}))
		w := show(t, c, lightTheme(), 400, 200)
		w.Canvas().Capture()
		if c.Message() != "" || len(c.scene.hGrid) < 2 {
			t.Errorf("%v: message %q, %d grid lines", docs, c.Message(), len(c.scene.hGrid))
		}
		c.Stop()
	}
}

// TestChartHover: the pointer over the plot shows a guide and a tooltip
// with the nearest point's time and values; leaving hides them.
func TestChartHover(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	feedQuotes(ds, 0, 60)
	c := unpaced(NewLiveChart(ds, chartWidget("Line", "price", "volume")))
	c.Location = time.UTC
	defer c.Stop()
	w := show(t, c, lightTheme(), 600, 300)
	sc := c.scene
	x := sc.x0 + (sc.x1-sc.x0)*20/59 // the 21st point
	c.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x+2, 150)}})
	want := []string{"16:00:20.000",
		fmt.Sprintf("price  %s", formatNumber(quote(20)["price"].(float64))),
		fmt.Sprintf("volume  %d", quote(20)["volume"].(int))}
	if got := c.HoverText(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("tooltip %q, want %q", got, want)
	}
	test.AssertImageMatches(t, "chart_hover_light.png", w.Canvas().Capture())

	// new data keeps the tooltip on the point under the pointer
	feedQuotes(ds, 60, 1)
	if got := c.HoverText(); len(got) != 3 {
		t.Fatalf("tooltip after new data: %q", got)
	}
	c.MouseOut()
	if got := c.HoverText(); len(got) != 0 {
		t.Fatalf("tooltip after the pointer left: %q", got)
	}
	for _, o := range c.objects {
		if o == c.hover.box || o == c.hover.guide {
			t.Fatal("tooltip still drawn after the pointer left")
		}
	}
}

// TestChartLegendWraps: many series on a narrow chart wrap the legend
// into rows that stay inside the widget.
func TestChartLegendWraps(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	feed(ds, `{"alpha":1,"bravo":2,"charlie":3,"delta":4,"echo":5,"foxtrot":6,"golf":7,"hotel":8}`)
	c := unpaced(NewLiveChart(ds, Props{Kind: KindChart}))
	defer c.Stop()
	show(t, c, lightTheme(), 260, 240)
	if len(c.YKeys()) != 8 {
		t.Fatalf("keys %v", c.YKeys())
	}
	rows := map[float32]bool{}
	for _, s := range c.swatch[:c.nSwatch] {
		if s.Position().X < 0 || s.Position().X+s.Size().Width > 260 {
			t.Errorf("legend swatch at x %v outside the chart", s.Position().X)
		}
		rows[s.Position().Y] = true
	}
	if len(rows) < 2 {
		t.Errorf("legend on %d row(s), want it wrapped", len(rows))
	}
}

// TestStrokeColumnsWide: on a high-density screen a decimated series is
// painted with wide runs; they cover the column and stay in the picture.
func TestStrokeColumnsWide(t *testing.T) {
	var p canvasImg
	p.reset(40, 40)
	pts := []float64{-5, 0, 10, 5, 10, 35, 11, 20, 30, 20, 31, 39, 45, 0}
	p.strokeColumns(pts, 18, color.NRGBA{R: 255, A: 255})
	if got := p.img.NRGBAAt(10, 20); got.R != 255 || got.A != 255 {
		t.Fatalf("pixel on the run = %v, want opaque red", got)
	}
	if got := p.img.NRGBAAt(39, 0); got.A != 0 && p.img.NRGBAAt(38, 2).A == 0 {
		t.Fatalf("stray pixel %v", got)
	}
}

// TestChartTimeAxisLabels: a chart as wide as a card of the example page
// labels a few seconds of a 300 ms feed every second or two, in the
// chart's zone, one label about every 60 to 150 px and none touching.
func TestChartTimeAxisLabels(t *testing.T) {
	cases := []struct {
		golden string
		width  float32
		n      int
		loc    *time.Location
		want   string
	}{
		{"chart_time_4s_light.png", 520, 14, time.UTC, "[16:00:00 16:00:01 16:00:02 16:00:03]"},
		{"chart_time_8s_light.png", 520, 28, time.UTC, "[16:00:00 16:00:02 16:00:04 16:00:06 16:00:08]"},
		{"", 340, 14, time.UTC, "[16:00:00 16:00:01 16:00:02 16:00:03]"},
		{"", 340, 28, time.FixedZone("CET", 3600), "[17:00:00 17:00:02 17:00:04 17:00:06 17:00:08]"},
		{"", 1000, 28, time.UTC, "[16:00:00 16:00:01 16:00:02 16:00:03 16:00:04 16:00:05 16:00:06 16:00:07 16:00:08]"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d records at %v px", tc.n, tc.width), func(t *testing.T) {
			ds := dataset.New(dataset.Append, 0)
			for i := 0; i < tc.n; i++ {
				ms := t0.UnixMilli() + int64(i)*300
				raw := fmt.Sprintf(`{"time":%d,"value":%d}`, ms, (i*37)%100)
				ds.Add(dataset.NewRecord([]byte(raw), false, time.UnixMilli(ms)))
			}
			pw := chartWidget("Line", "value")
			pw.Title = "Random numbers"
			c := unpaced(NewLiveChart(ds, pw))
			c.Location = tc.loc
			defer c.Stop()
			w := show(t, c, lightTheme(), tc.width, 260)
			c.Refresh()
			labels := xAxisLabels(c)
			var texts []string
			for _, l := range labels {
				texts = append(texts, l.Text)
			}
			if got := fmt.Sprint(texts); got != tc.want {
				t.Errorf("x labels %s, want %s", got, tc.want)
			}
			for i := 1; i < len(labels); i++ {
				if gap := labels[i].Position().X - (labels[i-1].Position().X + labels[i-1].MinSize().Width); gap < 8 {
					t.Errorf("labels %q and %q are %.0f px apart", labels[i-1].Text, labels[i].Text, gap)
				}
			}
			if tc.golden != "" {
				test.AssertImageMatches(t, tc.golden, w.Canvas().Capture())
			}
		})
	}
}

// xAxisLabels returns the chart's texts on the row under the plot, left
// to right.
func xAxisLabels(c *LiveChart) []*canvas.Text {
	var low float32
	for _, l := range c.texts[:c.nTexts] {
		low = max(low, l.Position().Y)
	}
	var out []*canvas.Text
	for _, l := range c.texts[:c.nTexts] {
		if l.Position().Y == low {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Position().X < out[j].Position().X })
	return out
}

// TestChartTimeAxisOneRecord: the first record of a feed sits in the
// middle of two seconds, labelled on round half seconds.
func TestChartTimeAxisOneRecord(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	ds.Add(dataset.NewRecord([]byte(`{"time":1764000001230,"value":5}`), false, t0))
	c := unpaced(NewLiveChart(ds, chartWidget("Line", "value")))
	c.Location = time.UTC
	defer c.Stop()
	show(t, c, lightTheme(), 520, 260)
	c.Refresh()
	var texts []string
	for _, l := range xAxisLabels(c) {
		texts = append(texts, l.Text)
	}
	if got, want := fmt.Sprint(texts), "[16:00:00.500 16:00:01.000 16:00:01.500 16:00:02.000]"; got != want {
		t.Errorf("x labels %s, want %s", got, want)
	}
}
