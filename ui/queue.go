package ui

import (
	"sync"

	"wsstudio/widgets"
)

// Queue is a UI scheduler for windows without a driver loop (screenshots,
// tests): Do queues work from any goroutine, Drain runs it on the caller's.
type Queue struct {
	mu  sync.Mutex
	fns []func()
}

// Do queues f; it never blocks and never runs f itself.
func (q *Queue) Do(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

// Drain runs queued work, including work queued meanwhile, until none is
// left; it returns how many functions ran.
func (q *Queue) Drain() int {
	n := 0
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return n
		}
		for _, f := range fns {
			f()
		}
		n += len(fns)
	}
}

// paint runs f on the UI goroutine in the window's next frame. In the
// running studio that is a frame of the live widgets' clock, so that a
// message that changes a widget and the console line costs one repaint,
// paced like the widgets; a studio on a scheduler of its own (tests,
// screenshots) runs f through that.
func (s *Studio) paint(f func()) {
	if s.opts.Do != nil {
		s.do(f)
		return
	}
	widgets.DefaultFrameClock().Request(f)
}

// layOutEachFrame lays the window out after every frame of the live
// widgets' clock, before Fyne paints it. Fyne clears a window's "needs
// painting" mark, then lays out what changed size (a label's new text, a
// list grown by a row) as part of painting; a layout that moves anything
// there marks the window again, and the same frame is painted twice. Done
// here, the layout is in place before the paint and the paint does one.
// A studio on a scheduler of its own (tests, screenshots) has no driver
// loop to save a paint of.
func (s *Studio) layOutEachFrame() {
	if s.opts.Do != nil {
		return
	}
	lay, ok := s.win.Canvas().(interface{ EnsureMinSize() bool })
	if !ok {
		return
	}
	widgets.DefaultFrameClock().AfterFrames(func() {
		if s.closing.Load() {
			return
		}
		if lay.EnsureMinSize() {
			// the window's own minimum grew: let the window follow it, as
			// the driver would have had it found the change itself
			s.win.Resize(s.win.Canvas().Size())
		}
	})
}
