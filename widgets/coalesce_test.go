package widgets

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"wsstudio/project"
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
		"chart": NewLiveChart(ds, &project.Widget{Kind: project.KindChart, XKey: "time", YKeys: []string{"price"}}),
		"table": NewLiveTable(ds, &project.Widget{Kind: project.KindTable}),
		"list":  NewLiveList(ds, &project.Widget{Kind: project.KindList, ItemTitle: "symbol"}),
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
	c := NewLiveChart(ds, &project.Widget{Kind: project.KindChart, YKeys: []string{"price"}})
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
		project.KindChart: "*widgets.LiveChart",
		project.KindTable: "*widgets.LiveTable",
		project.KindList:  "*widgets.LiveList",
		"":                "*widgets.LiveList",
	} {
		w := New(nil, &project.Widget{Kind: kind})
		if got := fmt.Sprintf("%T", w); got != want {
			t.Errorf("New(%q) = %s, want %s", kind, got, want)
		}
		w.Stop()
	}
}
