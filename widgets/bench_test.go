package widgets

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wsstudio/variable/dataset"
)

// The benchmarks measure one live update as the user sees it: a record
// arrives, the widget redraws, and the window is painted by the software
// painter at 800×400. Compare them within one run:
//
//	go test -tags ci -run XXX -bench 'Table1000|Chart' ./widgets/
//
// BenchmarkLiveTable1000 / BenchmarkFyneTable1000 is the cost of the live
// table over a plain widget.Table showing the same strings, and
// BenchmarkLiveChart100k / BenchmarkLiveChart1000 the cost of 100 times as
// many points.

func benchWindow(b *testing.B, o fyne.CanvasObject) fyne.Window {
	test.NewTempApp(b)
	fyne.CurrentApp().Settings().SetTheme(lightTheme())
	w := test.NewTempWindow(b, o)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(800, 400))
	return w
}

func quoteRecord(i int) dataset.Record {
	raw, _ := json.Marshal(quote(i))
	return dataset.NewRecord(raw, false, t0.Add(time.Duration(i)*time.Second))
}

func BenchmarkLiveTable1000(b *testing.B) {
	ds := dataset.New(dataset.Append, 1000)
	feedQuotes(ds, 0, 1000)
	tb := NewLiveTable(ds, tableWidget())
	tb.Location = time.UTC
	tb.SetClock(&stepClock{})
	w := benchWindow(b, tb)
	recs := make([]dataset.Record, b.N)
	for i := range recs {
		recs[i] = quoteRecord(1000 + i)
	}
	w.Canvas().Capture()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ds.Add(recs[i]) // redraws inline: the test app runs fyne.Do at once
		w.Canvas().Capture()
	}
	b.StopTimer()
	if tb.Rows() != 1000 || tb.Redraws() < uint64(b.N) {
		b.Fatalf("rows %d, redraws %d", tb.Rows(), tb.Redraws())
	}
}

func BenchmarkFyneTable1000(b *testing.B) {
	// the same strings the live table shows, prepared up front
	tb := NewLiveTable(nil, tableWidget())
	tb.Location = time.UTC
	ds := dataset.New(dataset.Append, 0)
	n := 1000
	feedQuotes(ds, 0, n+b.N)
	tb.SetSource(ds)
	cols := len(tableWidget().Columns)
	rows := make([][]string, n+b.N)
	for r := range rows {
		rows[r] = make([]string, cols)
		for c := range rows[r] {
			rows[r][c] = tb.CellText(r, c)
		}
	}
	tb.Stop()
	heads := []string{"Symbol", "Price", "Volume", "Time", "Open"}
	start := 0
	t := widget.NewTable(
		func() (int, int) { return n, cols },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(rows[start+id.Row][id.Col])
		})
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(heads[id.Col])
	}
	for c, wd := range []float32{76, 84, 86, 206, 66} {
		t.SetColumnWidth(c, wd)
	}
	w := benchWindow(b, t)
	w.Canvas().Capture()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start++ // one new row, the oldest gone: same as the live table
		t.Refresh()
		t.ScrollToBottom()
		w.Canvas().Capture()
	}
}

func benchChart(b *testing.B, n int) { benchChartType(b, "Line", n) }

func benchChartType(b *testing.B, typ string, n int) {
	ds := dataset.New(dataset.Append, n)
	feedQuotes(ds, 0, n)
	c := NewLiveChart(ds, Props{Kind: KindChart, ChartType: typ, XKey: "time", YKeys: []string{"price", "volume"}})
	c.Location = time.UTC
	c.SetClock(&stepClock{})
	w := benchWindow(b, c)
	recs := make([]dataset.Record, b.N)
	for i := range recs {
		recs[i] = quoteRecord(n + i)
	}
	w.Canvas().Capture()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ds.Add(recs[i])
		w.Canvas().Capture()
	}
	b.StopTimer()
	if c.Points() != n {
		b.Fatalf("points = %d, want %d", c.Points(), n)
	}
}

func BenchmarkLiveChart1000(b *testing.B) { benchChart(b, 1000) }
func BenchmarkLiveChart100k(b *testing.B) { benchChart(b, 100000) }

// BenchmarkLiveChartFamilies redraws a 1,000-point chart of each family
// per new record; the line chart is the baseline to read the others
// against, as ratios measured in the same run:
//
//	go test -tags ci -run XXX -bench ChartFamilies ./widgets/
func BenchmarkLiveChartFamilies(b *testing.B) {
	for _, typ := range []string{"Line", "Column", "Bar", "Pie"} {
		b.Run(typ, func(b *testing.B) { benchChartType(b, typ, 1000) })
	}
}

// BenchmarkThreeFeeds is one second of a studio page: three feeds at ten
// messages a second each (a chart, a table and a list), every message also
// updating a console line and a status line. The UI goroutine runs what is
// scheduled as it comes, and, as a GL driver does, the window is painted
// (software painter, 800×400) at the next 60 Hz vsync after anything
// changed. "own-clocks" gives every widget and both lines a frame clock of
// their own, as each paced itself before; "shared-clock" puts them all on
// one. Compare ns/op and the wakeups/op and paints/op metrics:
//
//	go test -tags ci -run XXX -bench ThreeFeeds ./widgets/
func BenchmarkThreeFeeds(b *testing.B) {
	for _, shared := range []bool{false, true} {
		name := "own-clocks"
		if shared {
			name = "shared-clock"
		}
		b.Run(name, func(b *testing.B) { benchThreeFeeds(b, shared) })
	}
}

func benchThreeFeeds(b *testing.B, shared bool) {
	test.NewTempApp(b)
	fyne.CurrentApp().Settings().SetTheme(lightTheme())
	q := &queueScheduler{}
	clock := &fakeClock{now: t0}
	one := NewFrameClock(q.schedule, clock)
	frames := func() *FrameClock {
		if shared {
			return one
		}
		return NewFrameClock(q.schedule, clock)
	}
	var dss []*dataset.Dataset
	var lives []Live
	for _, pw := range []Props{
		{Kind: KindChart, ChartType: "Line", XKey: "time", YKeys: []string{"price"}},
		tableWidget(),
		{Kind: KindList, ItemTitle: "symbol", ItemSubtitle: "price"},
	} {
		ds := dataset.New(dataset.Append, 100)
		feedQuotes(ds, 0, 100)
		dss = append(dss, ds)
		l := NewWith(ds, pw, Options{Frames: frames(), Location: time.UTC})
		defer l.Stop()
		lives = append(lives, l)
	}
	console, status := widget.NewLabel(""), widget.NewLabel("")
	changes := 0
	lines := 0
	markConsole := frames().Coalesce(func() { lines++; console.SetText(fmt.Sprintf("%d messages", lines)); changes++ })
	markStatus := frames().Coalesce(func() { status.SetText(fmt.Sprintf("%d received", lines)); changes++ })
	content := container.NewBorder(nil, container.NewVBox(console, status), nil, nil,
		container.NewGridWithColumns(3, lives[0], lives[1], lives[2]))
	w := benchWindow(b, content)
	q.drain()
	w.Canvas().Capture()

	redraws := func() uint64 {
		var n uint64
		for _, l := range lives {
			n += l.Redraws()
		}
		return n + uint64(changes)
	}
	seq := 100
	var wakeups, paints int
	b.ResetTimer()
	for range b.N {
		calls := q.calls
		painted := redraws()
		for ms := 0; ms < 1000; ms++ {
			for f, ds := range dss {
				if ms%100 == f*33 { // ten a second, the feeds out of step
					ds.Add(quoteRecord(seq))
					seq++
					markConsole()
					markStatus()
				}
			}
			q.drain()
			clock.advance(time.Millisecond)
			q.drain()
			if ms%16 == 15 { // vsync
				if n := redraws(); n != painted {
					painted = n
					w.Canvas().Capture()
					paints++
				}
			}
		}
		wakeups += q.calls - calls
	}
	b.StopTimer()
	b.ReportMetric(float64(wakeups)/float64(b.N), "wakeups/op")
	b.ReportMetric(float64(paints)/float64(b.N), "paints/op")
}

// BenchmarkChartLayout lays a 1,000-record chart of each family out
// afresh (axes, labels, bars or series, the scene the raster paints),
// without painting the window: the part of a redraw each family's own
// code does. Read the families as ratios to Line in the same run.
func BenchmarkChartLayout(b *testing.B) {
	test.NewTempApp(b)
	for _, typ := range []string{"Line", "Column", "Bar", "Pie"} {
		b.Run(typ, func(b *testing.B) {
			ds := dataset.New(dataset.Append, 1000)
			feedQuotes(ds, 0, 1000)
			c := NewLiveChart(ds, Props{Kind: KindChart, ChartType: typ, XKey: "time", YKeys: []string{"price", "volume"}})
			c.Location = time.UTC
			c.snapshot()
			size := fyne.NewSize(600, 300)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c.build(size)
			}
			b.StopTimer()
			if c.Message() != "" {
				b.Fatalf("%s chart: %s", typ, c.Message())
			}
		})
	}
}
