package ui

import "sync"

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
