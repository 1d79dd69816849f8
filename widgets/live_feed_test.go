package widgets

import (
	"context"
	"testing"
	"time"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/variable"
	"wsstudio/variable/dataset"
)

// openFeed runs a variable on a built-in demo feed over loopback.
func openFeed(t *testing.T, pathAndQuery, strategy string, limit int) *variable.Variable {
	t.Helper()
	s, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	svc, err := project.NewService("feed", s.URL(pathAndQuery))
	if err != nil {
		t.Fatal(err)
	}
	pv := project.NewVariable("Feed", svc, project.OwnerPage, "Main")
	pv.Strategy, pv.DataLimit = strategy, limit
	p := &project.Project{Dir: t.TempDir(), HomePage: "Main"}
	if err := p.AddService(svc); err != nil {
		t.Fatal(err)
	}
	if err := p.AddVariable(pv); err != nil {
		t.Fatal(err)
	}
	v, err := variable.New(p, pv, variable.Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// waitLen waits until the dataset holds n records, woken by its change
// signal. The long bound only stops a broken feed from hanging the run.
func waitLen(t *testing.T, ds *dataset.Dataset, n int) {
	t.Helper()
	wake := make(chan struct{}, 1)
	cancel := ds.Subscribe(func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	defer cancel()
	deadline := time.After(60 * time.Second)
	for ds.Len() < n {
		select {
		case <-wake:
		case <-deadline:
			t.Fatalf("dataset holds %d records, want %d", ds.Len(), n)
		}
	}
}

// TestBurstFeedOverWebSocket: the demo burst feed sends 5,000 messages as
// fast as loopback allows into an append variable. Time stands still on
// the widgets' clock during the burst, so however fast or slow the
// machine is, each widget may redraw once at the start and once when the
// frame ends, and then shows all 5,000 records.
func TestBurstFeedOverWebSocket(t *testing.T) {
	const count = 5000
	v := openFeed(t, "/burst?count=5000&size=96", project.StrategyAppend, 0)
	ds := v.Dataset()
	ws := map[string]counted{
		"chart": NewLiveChart(ds, Props{Kind: KindChart, YKeys: []string{"seq"}}),
		"table": NewLiveTable(ds, Props{Kind: KindTable}),
		"list":  NewLiveList(ds, Props{Kind: KindList, ItemTitle: "seq"}),
	}
	q := &queueScheduler{}
	clock := &fakeClock{now: t0}
	for _, w := range ws {
		show(t, w, lightTheme(), 800, 400)
		w.SetScheduler(q.schedule)
		w.SetClock(clock)
	}
	q.drain()
	before := map[string]uint64{}
	for name, w := range ws {
		before[name] = w.Redraws()
	}
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitLen(t, ds, count)
	q.drain()
	clock.advance(FrameInterval)
	q.drain()
	for name, w := range ws {
		if n := w.Redraws() - before[name]; n > 2 {
			t.Errorf("%s: %d redraws for a %d-message burst within one frame, want at most 2", name, n, count)
		}
		if got := shown(w); got != count {
			t.Errorf("%s shows %d rows, want %d", name, got, count)
		}
		w.Stop()
	}
	if title, _, _ := ws["list"].(*LiveList).ItemText(count - 1); title != "4999" && title != "5000" {
		t.Errorf("last list item = %q, want the last seq", title)
	}
}

// TestSensorsFeedBindPath: a refresh variable on the demo sensors feed,
// with the table bound to "dataSet.readings", shows the readings array of
// the latest message, one row per sensor.
func TestSensorsFeedBindPath(t *testing.T) {
	v := openFeed(t, "/sensors?interval=50ms", project.StrategyRefresh, 0)
	ds := v.Dataset()
	tb := newTable(ds, Props{Kind: KindTable, BindPath: "dataSet.readings"})
	q := &queueScheduler{}
	tb.SetScheduler(q.schedule)
	show(t, tb, lightTheme(), 600, 300)
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitLen(t, ds, 1)
	v.Close() // freeze the data: compare with the record the table draws
	q.drain()
	defer tb.Stop()
	recs := ds.Records(0, 1)
	readings := recs[0].Get("readings").Array()
	if len(readings) == 0 || tb.Rows() != len(readings) {
		t.Fatalf("table shows %d rows, latest message has %d readings", tb.Rows(), len(readings))
	}
	cols := tb.Columns()
	if len(cols) == 0 || cols[0].Binding != "sensor" {
		t.Fatalf("columns %+v, want the reading fields starting with sensor", cols)
	}
	if got, want := tb.CellText(0, 0), readings[0].Get("sensor").String(); got != want {
		t.Errorf("first cell %q, want %q", got, want)
	}
}
