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
// number of change signals into at most one pending redraw, asked for from
// the widget's frame clock, so that redraws are paced to one per frame and
// the redraws of every widget on one clock share that frame. It is embedded
// in each widget, so its exported methods are the widgets' own.
type refresher struct {
	mu      sync.Mutex
	frames  *FrameClock
	pending bool
	stopped bool
	draw    func() // runs on the UI goroutine

	src    dataset.Source
	cancel func()

	redraws atomic.Uint64
}

// init sets the widget up with o's frame clock, or a clock of its own for
// o's scheduler and clock, or the shared DefaultFrameClock; it schedules
// nothing, so that the first redraw, asked for by bind, already uses it.
func (r *refresher) init(draw func(), o Options) {
	switch {
	case o.Frames != nil:
		r.frames = o.Frames
	case o.Scheduler != nil || o.Clock != nil:
		r.frames = NewFrameClock(o.Scheduler, o.Clock)
	default:
		r.frames = DefaultFrameClock()
	}
	r.draw = draw
}

// now is the time of the widget's frame clock.
func (r *refresher) now() time.Time {
	r.mu.Lock()
	fc := r.frames
	r.mu.Unlock()
	return fc.Now()
}

// SetFrameClock puts the widget on fc (nil = DefaultFrameClock): its
// redraws share fc's frames with everything else asked for through it.
func (r *refresher) SetFrameClock(fc *FrameClock) {
	if fc == nil {
		fc = DefaultFrameClock()
	}
	r.moveTo(func(*FrameClock) *FrameClock { return fc })
}

// FrameClock is the clock the widget's redraws are paced by.
func (r *refresher) FrameClock() *FrameClock {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.frames
}

// SetScheduler gives the widget a frame clock of its own that runs redraws
// through s (nil = fyne.Do), keeping its clock. Tests use it to watch one
// widget's coalescing.
func (r *refresher) SetScheduler(s Scheduler) {
	r.moveTo(func(old *FrameClock) *FrameClock { return NewFrameClock(s, old.clock) })
}

// SetClock gives the widget a frame clock of its own paced by c (nil =
// the system clock), keeping its scheduler.
func (r *refresher) SetClock(c Clock) {
	r.moveTo(func(old *FrameClock) *FrameClock { return NewFrameClock(old.sched, c) })
}

// moveTo puts the widget on the clock next makes of its current one. A
// redraw asked for from the old clock is dropped when it comes (see run)
// and asked for again from the new one.
func (r *refresher) moveTo(next func(old *FrameClock) *FrameClock) {
	r.mu.Lock()
	fc := next(r.frames)
	if fc == r.frames {
		r.mu.Unlock()
		return
	}
	r.frames = fc
	again := r.pending
	r.mu.Unlock()
	if again {
		fc.Request(r.runner(fc))
	}
}

// runner is the redraw asked for from fc.
func (r *refresher) runner(fc *FrameClock) func() { return func() { r.run(fc) } }

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
	r.invalidate()
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
// the network reader, so it never blocks and asks for at most one redraw,
// paced by the frame clock's budget.
func (r *refresher) changed() { r.ask(false) }

// invalidate asks for a redraw after a property change or a new source:
// it lands in the next frame, not held back by the budget.
func (r *refresher) invalidate() { r.ask(true) }

func (r *refresher) ask(now bool) {
	r.mu.Lock()
	if r.stopped {
		r.mu.Unlock()
		return
	}
	fc := r.frames
	if r.pending {
		r.mu.Unlock()
		if now {
			// the redraw already waits in fc's next frame: bring it forward
			fc.RequestNow(func() {})
		}
		return
	}
	r.pending = true
	r.mu.Unlock()
	if now {
		fc.RequestNow(r.runner(fc))
	} else {
		fc.Request(r.runner(fc))
	}
}

// run is the pending redraw, in a frame of fc. A redraw asked for from a
// clock the widget has left since is not the widget's to run (it may come
// on another goroutine): the widget asked its new clock again.
func (r *refresher) run(fc *FrameClock) {
	r.mu.Lock()
	if fc != r.frames {
		r.mu.Unlock()
		return
	}
	// Clear pending before reading the snapshot, so that a change made
	// while drawing asks for the next frame.
	r.pending = false
	if r.stopped || fyne.CurrentApp() == nil {
		// nothing to draw with before the app exists; the renderer asks
		// again when it is created
		r.mu.Unlock()
		return
	}
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
