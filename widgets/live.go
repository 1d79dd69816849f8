package widgets

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"wsstudio/variable/dataset"
)

// systemClock is the default Clock.
type systemClock struct{}

func (systemClock) Now() time.Time                      { return time.Now() }
func (systemClock) AfterFunc(d time.Duration, f func()) { time.AfterFunc(d, f) }

// defaultScheduler is fyne.Do, or a direct call when no app is running
// (a widget used before the app starts, or from a plain unit test).
func defaultScheduler(f func()) {
	if fyne.CurrentApp() == nil {
		f()
		return
	}
	fyne.Do(f)
}

// refresher is the coalescing core shared by the three widgets: it turns any
// number of change signals into at most one pending redraw, paced to one per
// frame. It is embedded in each widget, so its exported methods are the
// widgets' own.
type refresher struct {
	mu      sync.Mutex
	sched   Scheduler
	clock   Clock
	pending bool
	stopped bool
	last    time.Time
	draw    func() // runs on the UI goroutine

	src    dataset.Source
	cancel func()

	redraws atomic.Uint64
}

// init sets the widget up with o's scheduler and clock; it schedules
// nothing, so that the first redraw, asked for by bind, already uses them.
func (r *refresher) init(draw func(), o Options) {
	r.sched = o.Scheduler
	if r.sched == nil {
		r.sched = defaultScheduler
	}
	r.clock = o.Clock
	if r.clock == nil {
		r.clock = systemClock{}
	}
	r.draw = draw
}

// now is the widget's clock's time.
func (r *refresher) now() time.Time {
	r.mu.Lock()
	c := r.clock
	r.mu.Unlock()
	return c.Now()
}

// SetScheduler replaces the function that runs redraws on the UI goroutine
// (nil = fyne.Do).
func (r *refresher) SetScheduler(s Scheduler) {
	if s == nil {
		s = defaultScheduler
	}
	r.mu.Lock()
	r.sched = s
	r.mu.Unlock()
}

// SetClock replaces the clock that paces redraws (nil = the system clock).
func (r *refresher) SetClock(c Clock) {
	if c == nil {
		c = systemClock{}
	}
	r.mu.Lock()
	r.clock = c
	r.last = time.Time{} // a new clock has its own time base
	r.mu.Unlock()
}

// Redraws counts the redraws done so far.
func (r *refresher) Redraws() uint64 { return r.redraws.Load() }

// Source is the dataset the widget shows (nil = none).
func (r *refresher) Source() dataset.Source {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.src
}

// bind subscribes to src, dropping the previous subscription, and asks for
// a redraw.
func (r *refresher) bind(src dataset.Source) {
	r.mu.Lock()
	if r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
	r.src = src
	r.stopped = false
	r.mu.Unlock()
	if src != nil {
		cancel := src.Subscribe(r.changed)
		r.mu.Lock()
		r.cancel = cancel
		r.mu.Unlock()
	}
	r.changed()
}

// Stop unsubscribes from the source; the widget keeps what it shows.
func (r *refresher) Stop() {
	r.mu.Lock()
	cancel := r.cancel
	r.cancel = nil
	r.stopped = true
	r.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// changed is the source's change signal: it may run on any goroutine, often
// the network reader, so it never blocks and schedules at most one redraw.
func (r *refresher) changed() {
	r.mu.Lock()
	if r.pending || r.stopped {
		r.mu.Unlock()
		return
	}
	r.pending = true
	sched := r.sched
	r.mu.Unlock()
	sched(r.run)
}

// invalidate asks for a redraw after a property change.
func (r *refresher) invalidate() { r.changed() }

// run is the pending redraw. Called too soon after the previous one, it
// re-arms itself for the rest of the frame instead of drawing.
func (r *refresher) run() {
	r.mu.Lock()
	if r.stopped || fyne.CurrentApp() == nil {
		// nothing to draw with before the app exists; the renderer asks
		// again when it is created
		r.pending = false
		r.mu.Unlock()
		return
	}
	now := r.clock.Now()
	if !r.last.IsZero() {
		if wait := r.last.Add(FrameInterval).Sub(now); wait > 0 {
			clock, sched := r.clock, r.sched
			r.mu.Unlock()
			clock.AfterFunc(wait, func() { sched(r.run) })
			return
		}
	}
	// Clear pending before reading the snapshot, so that a change made
	// while drawing schedules the next redraw.
	r.pending = false
	r.last = now
	r.mu.Unlock()
	r.draw()
	r.redraws.Add(1)
}

// normalizePath turns a WaveMaker binding into a gjson path inside a record:
// "dataSet.readings" and "Variables.Quotes.dataSet.readings" become
// "readings", "dataSet" becomes "".
func normalizePath(p string) string {
	p = strings.TrimSpace(p)
	p = strings.TrimPrefix(p, "bind:")
	if i := strings.Index(p, "dataSet"); i >= 0 && (i == 0 || p[i-1] == '.') {
		rest := p[i+len("dataSet"):]
		if rest == "" || rest[0] == '.' {
			p = strings.TrimPrefix(rest, ".")
		}
	}
	return p
}
