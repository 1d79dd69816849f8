package widgets

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"wsstudio/variable/dataset"
)

// counted is what the burst tests need from each widget.
type counted interface {
	Live
	SetScheduler(Scheduler)
	SetClock(Clock)
}

func allKinds(ds dataset.Source) map[string]counted {
	return map[string]counted{
		"chart": NewLiveChart(ds, Props{Kind: KindChart, XKey: "time", YKeys: []string{"price"}}),
		"table": NewLiveTable(ds, Props{Kind: KindTable}),
		"list":  NewLiveList(ds, Props{Kind: KindList, ItemTitle: "symbol"}),
	}
}

// shown reports how many rows a widget holds after its last redraw.
func shown(l Live) int {
	switch w := l.(type) {
	case *LiveChart:
		return w.Points()
	case *LiveTable:
		return w.Rows()
	case *LiveList:
		return w.Items()
	}
	return -1
}

// TestBurstRedrawsStaySmall feeds 20,000 records as fast as a goroutine
// can while a UI goroutine drains the scheduler. Time is a manual clock that
// moves one frame per 1,000 records, so the burst spans 20 frames whatever
// the machine's speed: the widgets must redraw about once per frame, not
// once per record, and end showing every record.
func TestBurstRedrawsStaySmall(t *testing.T) {
	const records, perFrame = 20000, 1000
	for name, w := range allKinds(nil) {
		t.Run(name, func(t *testing.T) {
			show(t, w, lightTheme(), 800, 400)
			ds := dataset.New(dataset.Append, 0)
			q := &queueScheduler{}
			clock := &fakeClock{now: t0}
			w.SetScheduler(q.schedule)
			w.SetClock(clock)
			w.SetSource(ds)
			q.drain()
			start := w.Redraws()

			done := make(chan struct{})
			var ui sync.WaitGroup
			ui.Add(1)
			go func() { // the UI goroutine
				defer ui.Done()
				for {
					select {
					case <-done:
						return
					default:
						q.drain()
					}
				}
			}()
			for i := 0; i < records; i++ { // the network reader
				feedQuotes(ds, i, 1)
				if (i+1)%perFrame == 0 {
					clock.advance(FrameInterval)
				}
			}
			close(done)
			ui.Wait()
			clock.advance(FrameInterval)
			q.drain()

			redraws := w.Redraws() - start
			t.Logf("%s: %d records, %d redraws, %d scheduled", name, records, redraws, q.calls)
			if redraws < 1 || redraws > records/perFrame+2 {
				t.Errorf("%d redraws for %d records over %d frames, want at most one per frame", redraws, records, records/perFrame)
			}
			if q.calls > 2*int(redraws)+2 {
				t.Errorf("%d scheduled updates for %d redraws: more than one pending at a time", q.calls, redraws)
			}
			if got := shown(w); got != records {
				t.Errorf("shows %d rows after the burst, want %d", got, records)
			}
			w.Stop()
		})
	}
}

// TestOnePendingUpdate: with the UI goroutine busy, any number of changes
// leave exactly one update queued, and that update draws the latest data.
func TestOnePendingUpdate(t *testing.T) {
	for name, w := range allKinds(nil) {
		t.Run(name, func(t *testing.T) {
			show(t, w, lightTheme(), 400, 300)
			ds := dataset.New(dataset.Append, 0)
			q := &queueScheduler{}
			w.SetScheduler(q.schedule)
			w.SetClock(&stepClock{})
			w.SetSource(ds)
			q.drain()
			before, calls := w.Redraws(), q.calls
			feedQuotes(ds, 0, 20000)
			if n := q.calls - calls; n != 1 {
				t.Fatalf("%d updates scheduled for 20,000 changes, want 1", n)
			}
			q.drain()
			if n := w.Redraws() - before; n != 1 {
				t.Fatalf("%d redraws, want 1", n)
			}
			if got := shown(w); got != 20000 {
				t.Fatalf("shows %d rows, want 20000", got)
			}
			w.Stop()
			feedQuotes(ds, 20000, 10)
			if n := q.calls - calls; n != 1 {
				t.Fatalf("updates scheduled after Stop: %d", n-1)
			}
		})
	}
}

// TestPacing: a change right after a redraw waits for the rest of the
// frame instead of drawing at once.
func TestPacing(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	c := NewLiveChart(ds, Props{Kind: KindChart, YKeys: []string{"price"}})
	defer c.Stop()
	show(t, c, lightTheme(), 400, 300)
	q := &queueScheduler{}
	clock := &fakeClock{now: t0}
	c.SetScheduler(q.schedule)
	c.SetClock(clock)
	feedQuotes(ds, 0, 1)
	q.drain()
	n := c.Redraws()
	feedQuotes(ds, 1, 1)
	q.drain()
	if c.Redraws() != n {
		t.Fatal("redrew twice within one frame")
	}
	clock.advance(FrameInterval / 2)
	q.drain()
	if c.Redraws() != n {
		t.Fatal("redrew before the frame was over")
	}
	clock.advance(FrameInterval / 2)
	q.drain()
	if c.Redraws() != n+1 || c.Points() != 2 {
		t.Fatalf("after the frame: %d redraws (want %d), %d points", c.Redraws(), n+1, c.Points())
	}
}

// TestConcurrentFeeds runs real goroutines, the system clock and a UI
// goroutine that runs scheduled updates one at a time, as fyne.Do does in a
// running app, for the race detector.
func TestConcurrentFeeds(t *testing.T) {
	ds := dataset.New(dataset.Append, 100)
	ws := allKinds(ds)
	ui := make(chan func(), 64)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case f := <-ui:
				f()
			case <-stop:
				return
			}
		}
	}()
	onUI := func(f func()) {
		done := make(chan struct{})
		ui <- func() { f(); close(done) }
		<-done
	}
	for _, w := range ws {
		onUI(func() { show(t, w, lightTheme(), 400, 300) })
		w.SetScheduler(func(f func()) { ui <- f })
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				feed(ds, fmt.Sprintf(`{"symbol":"G%d","price":%d,"time":%d}`, g, i, t0.UnixMilli()+int64(i)))
			}
		}()
	}
	wg.Wait()
	for name, w := range ws {
		// the last paced redraw comes within a frame; wait for it
		deadline := time.Now().Add(10 * time.Second)
		for {
			var n int
			onUI(func() { n = shown(w) })
			if n == 100 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s shows %d rows, want 100", name, n)
			}
			time.Sleep(FrameInterval)
		}
		if r := w.Redraws(); r > 2000 {
			t.Errorf("%s: %d redraws for 2,000 records", name, r)
		}
		w.Stop()
	}
}

func TestNewByKind(t *testing.T) {
	for kind, want := range map[string]string{
		KindChart: "*widgets.LiveChart",
		KindTable: "*widgets.LiveTable",
		KindList:  "*widgets.LiveList",
		"":        "*widgets.LiveList",
	} {
		w := New(nil, Props{Kind: kind})
		if got := fmt.Sprintf("%T", w); got != want {
			t.Errorf("New(%q) = %s, want %s", kind, got, want)
		}
		w.Stop()
	}
}

// TestNewWithOptions: the options are in place before the widget
// subscribes, so even the first redraw goes through the given scheduler and
// is paced by the given clock; nothing is drawn until the UI goroutine runs
// the queue.
func TestNewWithOptions(t *testing.T) {
	loc := time.FixedZone("UTC+5", 5*3600)
	for kind, pw := range map[string]Props{
		"chart": {Kind: KindChart, XKey: "time", YKeys: []string{"price"}},
		"table": {Kind: KindTable},
		"list":  {Kind: KindList, ItemTitle: "symbol"},
	} {
		t.Run(kind, func(t *testing.T) {
			test.NewTempApp(t) // a running app, whose fyne.Do runs inline
			ds := dataset.New(dataset.Append, 0)
			feedQuotes(ds, 0, 7)
			q := &queueScheduler{}
			clock := &fakeClock{now: t0}
			w := NewWith(ds, pw, Options{Scheduler: q.schedule, Clock: clock, Location: loc})
			defer w.Stop()
			if q.calls != 1 || w.Redraws() != 0 {
				t.Fatalf("after NewWith: %d scheduled, %d drawn; want the first redraw queued on the given scheduler", q.calls, w.Redraws())
			}
			show(t, w, lightTheme(), 600, 300)
			q.drain()
			if w.Redraws() != 1 || shown(w) != 7 {
				t.Fatalf("after draining: %d redraws showing %d rows, want 1 showing 7", w.Redraws(), shown(w))
			}
			var got *time.Location
			switch v := w.(type) {
			case *LiveChart:
				got = v.Location
			case *LiveTable:
				got = v.Location
			case *LiveList:
				got = v.Location
			}
			if got != loc {
				t.Errorf("Location = %v, want %v", got, loc)
			}

			// the clock paces: a change within the frame waits for it
			feedQuotes(ds, 7, 1)
			q.drain()
			if w.Redraws() != 1 {
				t.Fatalf("a change in the same frame drew at once (%d redraws)", w.Redraws())
			}
			clock.advance(FrameInterval)
			q.drain()
			if w.Redraws() != 2 || shown(w) != 8 {
				t.Fatalf("after a frame: %d redraws showing %d rows, want 2 showing 8", w.Redraws(), shown(w))
			}
		})
	}
}
