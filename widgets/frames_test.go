package widgets

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"wsstudio/variable/dataset"
)

// window is three live widgets of three feeds on one frame clock, as in
// the studio's page, with a queue for the UI goroutine and a manual clock.
type window struct {
	q     *queueScheduler
	clock *fakeClock
	fc    *FrameClock
	ds    []*dataset.Dataset
	ws    []Live
}

func newWindow(t *testing.T) *window {
	t.Helper()
	test.NewTempApp(t)
	w := &window{q: &queueScheduler{}, clock: &fakeClock{now: t0}}
	w.fc = NewFrameClock(w.q.schedule, w.clock)
	for _, pw := range []Props{
		{Kind: KindChart, XKey: "time", YKeys: []string{"price"}},
		{Kind: KindTable},
		{Kind: KindList, ItemTitle: "symbol"},
	} {
		ds := dataset.New(dataset.Append, 0)
		w.ds = append(w.ds, ds)
		l := NewWith(ds, pw, Options{Frames: w.fc})
		t.Cleanup(l.Stop)
		w.ws = append(w.ws, l)
		show(t, l, lightTheme(), 400, 300)
	}
	w.q.drain()
	return w
}

func (w *window) redraws() (n []uint64) {
	for _, l := range w.ws {
		n = append(n, l.Redraws())
	}
	return n
}

// TestFrameClockSharesFrames: changes of three widgets and a console line
// landing in one frame run as one scheduled call, one frame, one redraw
// each; the next frame waits a frame interval; with nothing changed
// nothing is scheduled, however much time passes.
func TestFrameClockSharesFrames(t *testing.T) {
	w := newWindow(t)
	w.clock.advance(FrameInterval)
	calls, frames := w.q.calls, w.fc.Frames()
	before := w.redraws()

	consoleRuns := 0
	mark := w.fc.Coalesce(func() { consoleRuns++ })
	for i, ds := range w.ds {
		feedQuotes(ds, 10*i, 10) // ten messages per feed within the frame
		for range 10 {
			mark()
		}
	}
	if n := w.q.calls - calls; n != 1 {
		t.Fatalf("%d calls scheduled for one frame of changes, want 1", n)
	}
	w.q.drain()
	if w.fc.Frames()-frames != 1 || consoleRuns != 1 {
		t.Fatalf("%d frames, console ran %d times; want 1 and 1", w.fc.Frames()-frames, consoleRuns)
	}
	for i, n := range w.redraws() {
		if n-before[i] != 1 {
			t.Errorf("widget %d redrew %d times in the frame, want 1", i, n-before[i])
		}
		if got := shown(w.ws[i]); got != 10 {
			t.Errorf("widget %d shows %d rows, want 10", i, got)
		}
	}

	// A change right after the frame waits for the next one.
	calls = w.q.calls
	feedQuotes(w.ds[0], 100, 1)
	mark()
	w.q.drain()
	if w.q.calls != calls || consoleRuns != 1 {
		t.Fatal("a frame ran within a frame interval of the previous one")
	}
	w.clock.advance(FrameInterval)
	if w.q.calls != calls+1 {
		t.Fatalf("%d calls scheduled when the frame came, want 1", w.q.calls-calls)
	}
	w.q.drain()
	if consoleRuns != 2 || shown(w.ws[0]) != 11 {
		t.Fatalf("next frame: console ran %d times, chart shows %d", consoleRuns, shown(w.ws[0]))
	}

	// Idle: no change, nothing scheduled, no timer left.
	calls, frames = w.q.calls, w.fc.Frames()
	for range 120 {
		w.clock.advance(FrameInterval)
		w.q.drain()
	}
	w.clock.mu.Lock()
	timers := len(w.clock.timers)
	w.clock.mu.Unlock()
	if w.q.calls != calls || w.fc.Frames() != frames || timers != 0 {
		t.Fatalf("idle for two seconds: %d calls, %d frames, %d timers; want none", w.q.calls-calls, w.fc.Frames()-frames, timers)
	}
}

// TestFrameClockBurst: 3 × 20,000 records over 20 frames: 20-odd frames,
// each widget redrawing about once per frame, all of them showing every
// record at the end.
func TestFrameClockBurst(t *testing.T) {
	const records, perFrame = 20000, 1000
	w := newWindow(t)
	frames := w.fc.Frames()
	before := w.redraws()
	for i := 0; i < records; i++ {
		for _, ds := range w.ds {
			feedQuotes(ds, i, 1)
		}
		if (i+1)%perFrame == 0 {
			w.q.drain()
			w.clock.advance(FrameInterval)
		}
	}
	w.clock.advance(FrameInterval)
	w.q.drain()
	if n := w.fc.Frames() - frames; n < 1 || n > records/perFrame+2 {
		t.Errorf("%d frames for %d frames' worth of records", n, records/perFrame)
	}
	for i, n := range w.redraws() {
		if d := n - before[i]; d < 1 || d > records/perFrame+2 {
			t.Errorf("widget %d: %d redraws over %d frames", i, d, records/perFrame)
		}
		if got := shown(w.ws[i]); got != records {
			t.Errorf("widget %d shows %d rows, want %d", i, got, records)
		}
	}
}

// TestMoveToAnotherClock: a redraw asked for from a clock the widget has
// left does not run (it may come on that clock's goroutine); the widget
// asks its new clock instead.
func TestMoveToAnotherClock(t *testing.T) {
	test.NewTempApp(t)
	oldQ, newQ := &queueScheduler{}, &queueScheduler{}
	ds := dataset.New(dataset.Append, 0)
	c := NewLiveChartWith(ds, Props{Kind: KindChart, YKeys: []string{"price"}}, Options{Frames: NewFrameClock(oldQ.schedule, &stepClock{})})
	defer c.Stop()
	show(t, c, lightTheme(), 300, 200)
	oldQ.drain()
	feedQuotes(ds, 0, 3) // asked from the old clock
	c.SetFrameClock(NewFrameClock(newQ.schedule, &stepClock{}))
	n := c.Redraws()
	oldQ.drain()
	if c.Redraws() != n {
		t.Fatal("the old clock's frame redrew a widget that left it")
	}
	newQ.drain()
	if c.Redraws() != n+1 || c.Points() != 3 {
		t.Fatalf("the new clock's frame: %d redraws, %d points", c.Redraws()-n, c.Points())
	}
}
