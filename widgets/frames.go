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
type FrameClock struct {
	mu    sync.Mutex
	sched Scheduler
	clock Clock
	batch []func() // updates for the next frame
	armed bool     // the next frame is scheduled
	last  time.Time
	gen   uint64 // bumped by SetClock: a timer of the old clock is ignored

	frames atomic.Uint64
}

// NewFrameClock makes a frame clock that runs frames through sched (nil =
// fyne.Do, or a direct call when no app is running) and paces them with
// clock (nil = the system clock).
func NewFrameClock(sched Scheduler, clock Clock) *FrameClock {
	if sched == nil {
		sched = defaultScheduler
	}
	if clock == nil {
		clock = systemClock{}
	}
	return &FrameClock{sched: sched, clock: clock}
}

var (
	defaultFramesOnce sync.Once
	defaultFrames     *FrameClock
)

// DefaultFrameClock is the process's frame clock, on fyne.Do and the
// system clock: the one the live widgets share when made without their own
// scheduler, clock or frame clock.
func DefaultFrameClock() *FrameClock {
	defaultFramesOnce.Do(func() { defaultFrames = NewFrameClock(nil, nil) })
	return defaultFrames
}

// Request runs f on the UI goroutine in the next frame. It may be called
// from any goroutine and never blocks; f runs once per call, so a caller
// that may ask many times a frame keeps its own "pending" flag, or uses
// Coalesce.
func (fc *FrameClock) Request(f func()) {
	fc.mu.Lock()
	fc.batch = append(fc.batch, f)
	if fc.armed {
		fc.mu.Unlock()
		return
	}
	fc.armed = true
	fc.schedule() // unlocks
}

// schedule arms the next frame: at once if the previous one is a frame
// interval ago, else when it will be. It is called with fc.mu held and
// releases it.
func (fc *FrameClock) schedule() {
	sched, clock, gen := fc.sched, fc.clock, fc.gen
	var wait time.Duration
	if !fc.last.IsZero() {
		wait = fc.last.Add(FrameInterval).Sub(clock.Now())
	}
	fc.mu.Unlock()
	if wait <= 0 {
		sched(fc.tick)
		return
	}
	clock.AfterFunc(wait, func() {
		fc.mu.Lock()
		stale := fc.gen != gen
		fc.mu.Unlock()
		if !stale {
			sched(fc.tick)
		}
	})
}

// tick is one frame, on the UI goroutine: it runs every update asked for
// so far. Updates asked for while it runs go to the next frame.
func (fc *FrameClock) tick() {
	fc.mu.Lock()
	if !fc.armed {
		fc.mu.Unlock()
		return
	}
	now := fc.clock.Now()
	if !fc.last.IsZero() && now.Before(fc.last.Add(FrameInterval)) {
		// woken early (a clock replaced meanwhile): wait for the frame
		fc.schedule()
		return
	}
	batch := fc.batch
	fc.batch = nil
	fc.armed = false
	fc.last = now
	fc.mu.Unlock()
	fc.frames.Add(1)
	for _, f := range batch {
		f()
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
