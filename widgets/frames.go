package widgets

import (
	"sync"
	"sync/atomic"
	"time"
)

// FrameClock paces the repaints of a whole window: every update asked for
// through it runs in the next frame, all the updates of one frame run
// together in one scheduled call on the UI goroutine, so they share one
// repaint, and frames are at least FrameInterval apart (at most ~60 a
// second). While nothing asks, nothing is scheduled: an idle window costs
// no timers and no wake-ups.
//
// The live widgets use DefaultFrameClock unless given another one; the
// console or a status line of the same window asks through the same clock
// so that a message that changes a chart, a table and the console costs one
// repaint, not three:
//
//	mark := widgets.DefaultFrameClock().Coalesce(func() { status.SetText(stats()) })
//	// on any goroutine, for every message:
//	mark()
//
// A clock with a CPU budget (SetBudget) also paces the frames to what
// the machine can afford: Fyne repaints the whole window for any change,
// which costs a fraction of a millisecond on a graphics card and tens of
// milliseconds under software OpenGL. A frame asked for with Request then
// waits until the process's CPU use since the previous frame is back
// within the budget, or until MaxFrameInterval has passed, so live data
// still shows at least once a second. RequestNow is for what a person just
// did (a property changed, another dataset bound): it waits only the frame
// interval, and the updates already waiting share its frame.
type FrameClock struct {
	mu    sync.Mutex
	sched Scheduler
	clock Clock
	batch []func() // updates for the next frame
	armed bool     // the next frame is scheduled
	now   bool     // the next frame was asked for with RequestNow
	last  time.Time
	gen   uint64 // bumped by every schedule: an older timer is ignored

	after []*func() // run after every frame's updates

	budget  float64              // share of a core the frames may use; 0 = none
	cpu     func() time.Duration // the process's CPU time so far
	lastCPU time.Duration        // cpu() when the last frame ran

	frames atomic.Uint64
}

// MaxFrameInterval is the longest a frame asked for waits for the CPU
// budget: live data shows at least this often however costly a repaint is.
const MaxFrameInterval = time.Second

// DefaultBudget is the share of a core the DefaultFrameClock's frames aim
// to stay within, counting everything the process does between them. A
// repaint that costs 2 ms then runs up to ~20 times a second, one that
// costs 40 ms (a full window under software OpenGL) about once a second.
const DefaultBudget = 0.05

// NewFrameClock makes a frame clock that runs frames through sched (nil =
// fyne.Do, or a direct call when no app is running) and paces them with
// clock (nil = the system clock). It has no CPU budget.
func NewFrameClock(sched Scheduler, clock Clock) *FrameClock {
	if sched == nil {
		sched = defaultScheduler
	}
	if clock == nil {
		clock = systemClock{}
	}
	return &FrameClock{sched: sched, clock: clock}
}

// SetBudget paces the frames asked for with Request so that the process's
// CPU use, read from cpu (nil = this process's user and system time),
// stays within share of a core, frames at most MaxFrameInterval apart. A
// share of 0 turns the budget off.
func (fc *FrameClock) SetBudget(share float64, cpu func() time.Duration) {
	if cpu == nil {
		cpu = ProcessCPU
	}
	fc.mu.Lock()
	fc.budget, fc.cpu = share, cpu
	if share > 0 {
		fc.lastCPU = cpu()
	}
	fc.mu.Unlock()
}

var (
	defaultFramesOnce sync.Once
	defaultFrames     *FrameClock
)

// DefaultFrameClock is the process's frame clock, on fyne.Do and the
// system clock, with DefaultBudget: the one the live widgets share when
// made without their own scheduler, clock or frame clock.
func DefaultFrameClock() *FrameClock {
	defaultFramesOnce.Do(func() {
		defaultFrames = NewFrameClock(nil, nil)
		defaultFrames.SetBudget(DefaultBudget, nil)
	})
	return defaultFrames
}

// Request runs f on the UI goroutine in the next frame, paced by the
// budget if the clock has one. It may be called from any goroutine and
// never blocks; f runs once per call, so a caller that may ask many times
// a frame keeps its own "pending" flag, or uses Coalesce.
func (fc *FrameClock) Request(f func()) { fc.request(f, false) }

// RequestNow is Request for the answer to something a person did: the
// frame waits for the frame interval only, never for the budget.
func (fc *FrameClock) RequestNow(f func()) { fc.request(f, true) }

func (fc *FrameClock) request(f func(), now bool) {
	fc.mu.Lock()
	fc.batch = append(fc.batch, f)
	if fc.armed && (fc.now || !now) {
		fc.mu.Unlock()
		return
	}
	// not armed yet, or armed for the budget and now wanted sooner
	fc.armed = true
	fc.now = now
	fc.schedule() // unlocks
}

// wait is how long the next frame still has to wait: the rest of the
// frame interval, and for a budgeted frame until the CPU spent since the
// last frame fits the budget, at most MaxFrameInterval after it. It is
// called with fc.mu held.
func (fc *FrameClock) wait() time.Duration {
	if fc.last.IsZero() {
		return 0
	}
	since := fc.clock.Now().Sub(fc.last)
	wait := FrameInterval - since
	if fc.budget > 0 && !fc.now {
		spent := fc.cpu() - fc.lastCPU
		due := time.Duration(float64(spent) / fc.budget)
		if due > MaxFrameInterval {
			due = MaxFrameInterval
		}
		wait = max(wait, due-since)
	}
	return wait
}

// schedule arms the next frame: at once if it is due, else when it will
// be. It is called with fc.mu held and releases it.
func (fc *FrameClock) schedule() {
	fc.gen++
	sched, clock, gen := fc.sched, fc.clock, fc.gen
	wait := fc.wait()
	fc.mu.Unlock()
	tick := func() { fc.tick(gen) }
	if wait <= 0 {
		sched(tick)
		return
	}
	clock.AfterFunc(wait, func() {
		fc.mu.Lock()
		if fc.gen != gen {
			fc.mu.Unlock()
			return
		}
		if fc.wait() > 0 {
			// the budget is not met yet: wait again off the UI goroutine
			fc.schedule()
			return
		}
		fc.mu.Unlock()
		sched(tick)
	})
}

// tick is one frame, on the UI goroutine: it runs every update asked for
// so far. Updates asked for while it runs go to the next frame. A tick of
// a schedule since replaced does nothing; one that finds the frame not yet
// due (woken early, or the budget not yet met) waits again.
func (fc *FrameClock) tick(gen uint64) {
	fc.mu.Lock()
	if !fc.armed || gen != fc.gen {
		fc.mu.Unlock()
		return
	}
	if fc.wait() > 0 {
		fc.schedule()
		return
	}
	batch := fc.batch
	fc.batch = nil
	fc.armed, fc.now = false, false
	fc.last = fc.clock.Now()
	if fc.budget > 0 {
		fc.lastCPU = fc.cpu()
	}
	after := append([]*func(){}, fc.after...)
	fc.mu.Unlock()
	fc.frames.Add(1)
	for _, f := range batch {
		f()
	}
	for _, f := range after {
		(*f)()
	}
}

// AfterFrames runs f on the UI goroutine after the updates of every frame
// from now on, until remove is called. A window uses it to lay itself out
// at once: Fyne lays out what changed size while it paints, and a layout
// that moves anything then asks for a second full repaint of the frame.
func (fc *FrameClock) AfterFrames(f func()) (remove func()) {
	p := &f
	fc.mu.Lock()
	fc.after = append(fc.after, p)
	fc.mu.Unlock()
	return func() {
		fc.mu.Lock()
		defer fc.mu.Unlock()
		for i, q := range fc.after {
			if q == p {
				fc.after = append(fc.after[:i:i], fc.after[i+1:]...)
				return
			}
		}
	}
}

// Frames counts the frames run so far: one per batch of updates.
func (fc *FrameClock) Frames() uint64 { return fc.frames.Load() }

// Now is the time of the clock that paces the frames.
func (fc *FrameClock) Now() time.Time {
	fc.mu.Lock()
	c := fc.clock
	fc.mu.Unlock()
	return c.Now()
}

// Coalesce returns a function that asks for f in the next frame, at most
// once per frame however often it is called, from any goroutine.
func (fc *FrameClock) Coalesce(f func()) (mark func()) {
	var pending atomic.Bool
	run := func() {
		pending.Store(false) // a change while f runs asks for the next frame
		f()
	}
	return func() {
		if pending.CompareAndSwap(false, true) {
			fc.Request(run)
		}
	}
}
