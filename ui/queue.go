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
