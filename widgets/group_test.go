package widgets

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"wsstudio/variable/dataset"
)

// tickerSymbols are the symbols of the interleaved ticker feed.
var tickerSymbols = []string{"ACME", "GLOBEX", "INITECH"}

// feedTicker adds n records of an interleaved ticker: ACME near 12,
// GLOBEX near 88, INITECH near 41, one record every 400 ms in turn. Drawn
// as one series it is a sawtooth; grouped by symbol, three calm lines.
func feedTicker(ds *dataset.Dataset, from, n int) {
	base := map[string]float64{"ACME": 12, "GLOBEX": 88, "INITECH": 41}
	for i := from; i < from+n; i++ {
		sym := tickerSymbols[i%len(tickerSymbols)]
		k := float64(i / len(tickerSymbols))
		rec := map[string]any{
			"symbol": sym,
			"price":  math.Round((base[sym]+base[sym]/20*math.Sin(k/4+base[sym]))*100) / 100,
			"volume": 30000 + (i*7919)%5000,
			"time":   t0.UnixMilli() + int64(i)*400,
		}
		raw, _ := json.Marshal(rec)
		ds.Add(dataset.NewRecord(raw, false, t0.Add(time.Duration(i)*400*time.Millisecond)))
	}
}

func groupedWidget(typ string) Props {
	return Props{Kind: KindChart, ChartType: typ, Title: "Prices by symbol",
		XKey: "time", YKeys: []string{"price"}, GroupBy: "symbol"}
}

// TestChartGroupBy: one series per symbol, each holding only its own
// records, named after the symbol; the tooltip lists the record's symbol
// only.
func TestChartGroupBy(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	feedTicker(ds, 0, 90)
	c := unpaced(NewLiveChart(ds, groupedWidget("Line")))
	c.Location = time.UTC
	defer c.Stop()
	w := show(t, c, lightTheme(), 600, 300)
	d := &c.data
	if d.seriesCount() != 3 {
		t.Fatalf("%d series, want one per symbol", d.seriesCount())
	}
	for s, want := range []string{"ACME", "GLOBEX", "INITECH"} {
		if got := d.seriesName(s); got != want {
			t.Errorf("series %d is %q, want %q", s, got, want)
		}
		n := 0
		for i, y := range d.ys[s] {
			if math.IsNaN(y) {
				continue
			}
			n++
			if sym := tickerSymbols[i%3]; sym != want {
				t.Fatalf("series %s holds record %d of %s", want, i, sym)
			}
		}
		if n != 30 {
			t.Errorf("series %s has %d points, want 30", want, n)
		}
	}
	if len(c.scene.series) != 3 {
		t.Fatalf("%d lines drawn, want 3", len(c.scene.series))
	}
	// A line stays within its symbol's band: no sawtooth between symbols.
	sc := c.scene
	for s, se := range sc.series {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := 1; i < len(se.pts); i += 2 {
			lo, hi = math.Min(lo, se.pts[i]), math.Max(hi, se.pts[i])
		}
		if hi-lo > float64(sc.y1-sc.y0)/4 {
			t.Errorf("line %s spans %.0f of %.0f units: it jumps between symbols", d.seriesName(s), hi-lo, sc.y1-sc.y0)
		}
	}
	test.AssertImageMatches(t, "chart_grouped_light.png", w.Canvas().Capture())

	x := sc.x0 + (sc.x1-sc.x0)*40/89 // record 40: GLOBEX
	c.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, 150)}})
	got := c.HoverText()
	if len(got) != 2 || got[1] != fmt.Sprintf("GLOBEX  %s", formatNumber(d.ys[1][40])) {
		t.Fatalf("tooltip %q, want the time and GLOBEX's price only", got)
	}
	c.MouseOut()
	test.ApplyTheme(t, darkTheme())
	test.AssertImageMatches(t, "chart_grouped_dark.png", w.Canvas().Capture())
}

// TestChartGroupByMore: several y keys name their series "group · key";
// past maxGroups values share one "other" series; records without the
// field make a "(no …)" series.
func TestChartGroupByMore(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	feed(ds, `{"v":1,"w":2}`)
	for i := 0; i < 20; i++ {
		feed(ds, fmt.Sprintf(`{"sensor":"s%02d","v":%d,"w":%d}`, i, i, 2*i))
	}
	c := unpaced(NewLiveChart(ds, Props{Kind: KindChart, YKeys: []string{"v", "w"}, GroupBy: "sensor"}))
	defer c.Stop()
	show(t, c, lightTheme(), 600, 300)
	d := &c.data
	if len(d.groups) != maxGroups || d.seriesCount() != 2*maxGroups {
		t.Fatalf("%d groups, %d series; want %d groups of 2", len(d.groups), d.seriesCount(), maxGroups)
	}
	if d.seriesName(0) != "(no sensor) · v" || d.seriesName(1) != "(no sensor) · w" || d.seriesName(3) != "s00 · w" {
		t.Errorf("names %q %q %q", d.seriesName(0), d.seriesName(1), d.seriesName(3))
	}
	last := 2*maxGroups - 2
	if d.seriesName(last) != "other · v" {
		t.Errorf("last series %q, want other · v", d.seriesName(last))
	}
	n := 0
	for _, y := range d.ys[last] {
		if !math.IsNaN(y) {
			n++
		}
	}
	if n != 20-(maxGroups-2) {
		t.Errorf("other holds %d records, want %d", n, 20-(maxGroups-2))
	}
}

// TestChartGroupByIncremental: the grouped cache updated record by record
// (groups coming and going past the limit) equals a fresh parse.
func TestChartGroupByIncremental(t *testing.T) {
	for _, strat := range []dataset.Strategy{dataset.Append, dataset.Prepend} {
		t.Run(strat.String(), func(t *testing.T) {
			ds := dataset.New(strat, 10)
			var d chartData
			d.configure("", "time", []string{"price", "volume"}, "symbol")
			check := func(step string) {
				t.Helper()
				d.sync(ds)
				var fresh chartData
				fresh.configure("", "time", []string{"price", "volume"}, "symbol")
				fresh.sync(ds)
				got := fmt.Sprint(d.groups, d.groupRows, d.rowGroup, d.ys, d.xs, d.rows, d.numeric)
				want := fmt.Sprint(fresh.groups, fresh.groupRows, fresh.rowGroup, fresh.ys, fresh.xs, fresh.rows, fresh.numeric)
				if got != want {
					t.Fatalf("%s:\nincremental %s\nfresh       %s", step, got, want)
				}
			}
			feedTicker(ds, 0, 5)
			check("5 records")
			for i := 0; i < 6; i++ {
				feed(ds, fmt.Sprintf(`{"symbol":"NEW%d","price":%d,"time":%d}`, i%2, i, t0.UnixMilli()+int64(i)))
				check(fmt.Sprintf("new symbol %d", i))
			}
			feedTicker(ds, 5, 20)
			check("the new symbols dropped past the limit")
			if len(d.groups) != 3 {
				t.Fatalf("groups %v after the new symbols left the dataset", d.groups)
			}
			ds.Clear()
			check("cleared")
		})
	}
}
