package variable

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"wsstudio/wire/frame"
)

// DefaultConsoleSize is how many console entries a variable keeps.
const DefaultConsoleSize = 1000

// console is a bounded ring of entries. Frames keep the record's bytes; no
// copy is made on the hot path.
type console struct {
	mu   sync.Mutex
	buf  []Entry
	head int // index of the oldest entry
	n    int
	seq  uint64
}

func (c *console) init(size int) {
	if size <= 0 {
		size = DefaultConsoleSize
	}
	c.buf = make([]Entry, size)
}

func (c *console) add(e Entry) {
	c.mu.Lock()
	c.seq++
	e.Seq = c.seq
	if c.n < len(c.buf) {
		c.buf[(c.head+c.n)%len(c.buf)] = e
		c.n++
	} else {
		c.buf[c.head] = e
		c.head = (c.head + 1) % len(c.buf)
	}
	c.mu.Unlock()
}

func (c *console) last(n int) []Entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n > c.n {
		n = c.n
	}
	if n <= 0 {
		return nil
	}
	out := make([]Entry, n)
	start := c.head + c.n - n
	for i := range out {
		out[i] = c.buf[(start+i)%len(c.buf)]
	}
	return out
}

func (c *console) clear() {
	c.mu.Lock()
	clear(c.buf)
	c.head, c.n = 0, 0
	c.mu.Unlock()
}

// subscribers is a list of change callbacks, called by a goroutine of
// their own: notify only wakes it (it never blocks and costs no more than a
// channel send on the hot path), and a callback may call anything on the
// variable, Close included, without waiting for itself. Notifications that
// come while the callbacks run are coalesced into one more round. The
// goroutine runs while there are subscribers.
type subscribers struct {
	mu   sync.Mutex
	list []subscriber
	next int
	kick atomic.Pointer[chan struct{}] // wakes the notifier; nil without subscribers
	stop chan struct{}                 // closed when the last subscriber leaves
}

type subscriber struct {
	id int
	fn func()
}

func (s *subscribers) add(fn func()) (cancel func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.next
	s.next++
	s.list = append(slices.Clone(s.list), subscriber{id, fn})
	if s.kick.Load() == nil {
		kick := make(chan struct{}, 1)
		s.stop = make(chan struct{})
		s.kick.Store(&kick)
		go s.loop(kick, s.stop)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.list = slices.DeleteFunc(slices.Clone(s.list), func(x subscriber) bool { return x.id == id })
			if len(s.list) == 0 && s.kick.Load() != nil {
				s.kick.Store(nil)
				close(s.stop)
			}
		})
	}
}

func (s *subscribers) loop(kick, stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-kick:
		}
		s.mu.Lock()
		l := s.list
		s.mu.Unlock()
		for _, x := range l {
			select {
			case <-stop:
				return
			default:
			}
			x.fn()
		}
	}
}

func (s *subscribers) notify() {
	if k := s.kick.Load(); k != nil {
		select {
		case *k <- struct{}{}:
		default:
		}
	}
}

// Note adds a line of text to the variable's console, as Info or as Error
// (any other direction is taken as Info). It is how others report on a
// variable — the page script's console.log and console.error, a handler
// that failed — without touching its statistics: an Error note does not
// become the variable's last error. Safe for concurrent use.
func (v *Variable) Note(dir Direction, text string) {
	if dir != Error {
		dir = Info
	}
	v.console.add(Entry{Time: time.Now(), Dir: dir, Kind: frame.Text, Text: text, Note: true})
	v.subs.notify()
}

// info adds an Info line to the console.
func (v *Variable) info(text string) {
	v.console.add(Entry{Time: time.Now(), Dir: Info, Kind: frame.Text, Text: text})
	v.subs.notify()
}

// logError records err as the last error and adds an Error line.
func (v *Variable) logError(err error) {
	text := err.Error()
	v.statMu.Lock()
	v.lastErr = text
	v.statMu.Unlock()
	v.console.add(Entry{Time: time.Now(), Dir: Error, Kind: frame.Text, Text: text})
	v.subs.notify()
}

// fail logs err and fires onError (v is the caller, see guarded).
func (v *Variable) fail(err error) {
	v.logError(err)
	v.onError(err)
}
