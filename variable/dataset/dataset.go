// Package dataset holds the live data of a WebSocket variable: the records it
// received, kept by an update strategy (refresh, append, prepend) under a size
// limit, with a version number and a coalescing change signal for widgets.
//
// It has no knowledge of sockets or of Fyne; widgets read it through small
// snapshots, and the variable package feeds it.
package dataset

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/tidwall/gjson"

	"wsstudio/wire/frame"
)

// Record is one received message.
type Record struct {
	Seq  uint64     // 1, 2, 3 … in order of arrival over the variable's life
	Time time.Time  // when it was received
	Kind frame.Kind // JSON, XML, text or binary
	Raw  []byte     // the bytes as received
	// JSON is the record as JSON, which fields are read from: Raw itself for
	// JSON, the converted document for XML, a JSON string for text, and a
	// base64 JSON string for binary frames.
	JSON []byte
}

// Get reads a field of the record by gjson path ("" = the whole record).
func (r Record) Get(path string) gjson.Result {
	if path == "" {
		return gjson.ParseBytes(r.JSON)
	}
	return gjson.GetBytes(r.JSON, path)
}

// Strategy is a dataUpdateStrategy.
type Strategy uint8

// Update strategies.
const (
	Refresh Strategy = iota // the dataset is the latest record only
	Append                  // add as last; drop the first beyond the limit
	Prepend                 // add as first; drop the last beyond the limit
)

// ParseStrategy reads WaveMaker's names; anything unknown is Refresh.
func ParseStrategy(s string) Strategy {
	switch s {
	case "append":
		return Append
	case "prepend":
		return Prepend
	}
	return Refresh
}

func (s Strategy) String() string {
	switch s {
	case Append:
		return "append"
	case Prepend:
		return "prepend"
	}
	return "refresh"
}

// Source is what a widget reads: a dataset, or anything shaped like one.
type Source interface {
	// Len is the number of records (0 or 1 for Refresh).
	Len() int
	// Records copies up to n records starting at index from, in display
	// order (index 0 is the first record of the dataset). Cost is O(n).
	Records(from, n int) []Record
	// Strategy is the current update strategy.
	Strategy() Strategy
	// Version grows on every change.
	Version() uint64
	// Subscribe calls fn after changes. fn runs on the goroutine that made
	// the change and must not block; it is the widget's job to coalesce.
	Subscribe(fn func()) (cancel func())
}

// Dataset is a live dataset. It is safe for concurrent use.
type Dataset struct {
	mu       sync.RWMutex
	strategy Strategy
	limit    int // 0 = unlimited

	// ring buffer: buf[(head+i)%len(buf)] is record i in display order
	buf     []Record
	head    int
	n       int
	version uint64

	// subscribers, copy-on-write: Add reads them with one atomic load, and
	// a subscriber may subscribe or cancel from inside its callback.
	subMu sync.Mutex
	subs  atomic.Pointer[[]subscriber]
	next  int
}

type subscriber struct {
	id int
	fn func()
}

var _ Source = (*Dataset)(nil)

// New makes an empty dataset.
func New(s Strategy, limit int) *Dataset {
	if limit < 0 {
		limit = 0
	}
	return &Dataset{strategy: s, limit: limit}
}

// Len implements Source.
func (d *Dataset) Len() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.n
}

// Strategy implements Source.
func (d *Dataset) Strategy() Strategy {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.strategy
}

// Limit is the current data limit (0 = none).
func (d *Dataset) Limit() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.limit
}

// Version implements Source.
func (d *Dataset) Version() uint64 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.version
}

// Records implements Source.
func (d *Dataset) Records(from, n int) []Record {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if from < 0 {
		from = 0
	}
	if from >= d.n || n <= 0 {
		return nil
	}
	if from+n > d.n {
		n = d.n - from
	}
	out := make([]Record, n)
	for i := range out {
		out[i] = d.buf[(d.head+from+i)%len(d.buf)]
	}
	return out
}

// Latest is the most recently received record still in the dataset.
func (d *Dataset) Latest() (Record, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.n == 0 {
		return Record{}, false
	}
	if d.strategy == Prepend {
		return d.buf[d.head%len(d.buf)], true
	}
	return d.buf[(d.head+d.n-1)%len(d.buf)], true
}

// First is WaveMaker's firstRecord: the first record of an append or
// prepend dataset (the oldest for append, the newest for prepend), and the
// value itself for refresh. ok is false while the dataset is empty.
func (d *Dataset) First() (r Record, ok bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.n == 0 {
		return Record{}, false
	}
	return d.buf[d.head%len(d.buf)], true
}

// Last is WaveMaker's lastRecord: the last record of an append or prepend
// dataset (the newest for append, the oldest for prepend), and the value
// itself for refresh. ok is false while the dataset is empty.
func (d *Dataset) Last() (r Record, ok bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.n == 0 {
		return Record{}, false
	}
	return d.buf[(d.head+d.n-1)%len(d.buf)], true
}

// Add applies the update strategy to one record and signals a change.
func (d *Dataset) Add(r Record) {
	d.mu.Lock()
	switch d.strategy {
	case Refresh:
		d.reset(1)
		d.buf[0] = r
		d.n = 1
	case Append:
		if d.limit > 0 && d.n >= d.limit {
			d.dropFirst(d.n - d.limit + 1)
		}
		d.grow()
		d.buf[(d.head+d.n)%len(d.buf)] = r
		d.n++
	case Prepend:
		if d.limit > 0 && d.n >= d.limit {
			d.dropLast(d.n - d.limit + 1)
		}
		d.grow()
		d.head = (d.head - 1 + len(d.buf)) % len(d.buf)
		d.buf[d.head] = r
		d.n++
	}
	d.version++
	d.mu.Unlock()
	d.notify()
}

// SetStrategy changes the update strategy. Switching to Refresh keeps only
// the latest record; switching between Append and Prepend reverses the order
// so that the newest record sits where the new strategy puts it.
func (d *Dataset) SetStrategy(s Strategy) {
	d.mu.Lock()
	if s == d.strategy {
		d.mu.Unlock()
		return
	}
	old := d.strategy
	d.strategy = s
	switch {
	case d.n == 0:
	case s == Refresh:
		var latest Record
		if old == Prepend {
			latest = d.buf[d.head%len(d.buf)]
		} else {
			latest = d.buf[(d.head+d.n-1)%len(d.buf)]
		}
		d.reset(1)
		d.buf[0] = latest
		d.n = 1
	case old != Refresh: // append <-> prepend
		for i, j := 0, d.n-1; i < j; i, j = i+1, j-1 {
			a, b := (d.head+i)%len(d.buf), (d.head+j)%len(d.buf)
			d.buf[a], d.buf[b] = d.buf[b], d.buf[a]
		}
	}
	d.trimLocked()
	d.version++
	d.mu.Unlock()
	d.notify()
}

// SetLimit changes the data limit (0 = none) and trims at once.
func (d *Dataset) SetLimit(limit int) {
	if limit < 0 {
		limit = 0
	}
	d.mu.Lock()
	d.limit = limit
	changed := d.trimLocked()
	if changed {
		d.version++
	}
	d.mu.Unlock()
	if changed {
		d.notify()
	}
}

// Clear empties the dataset.
func (d *Dataset) Clear() {
	d.mu.Lock()
	d.reset(0)
	d.version++
	d.mu.Unlock()
	d.notify()
}

// Subscribe implements Source.
func (d *Dataset) Subscribe(fn func()) (cancel func()) {
	d.subMu.Lock()
	defer d.subMu.Unlock()
	id := d.next
	d.next++
	var subs []subscriber
	if old := d.subs.Load(); old != nil {
		subs = append(subs, *old...)
	}
	subs = append(subs, subscriber{id, fn})
	d.subs.Store(&subs)
	var once sync.Once
	return func() {
		once.Do(func() {
			d.subMu.Lock()
			defer d.subMu.Unlock()
			old := d.subs.Load()
			if old == nil {
				return
			}
			subs := make([]subscriber, 0, len(*old))
			for _, s := range *old {
				if s.id != id {
					subs = append(subs, s)
				}
			}
			d.subs.Store(&subs)
		})
	}
}

// Changes is Subscribe as a channel for a goroutine that waits for data:
// it receives after changes, coalesced, so that any number of changes made
// while nobody reads leave one pending signal, and the writer never blocks.
// cancel stops the signals.
func (d *Dataset) Changes() (changed <-chan struct{}, cancel func()) {
	ch := make(chan struct{}, 1)
	cancel = d.Subscribe(func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	})
	return ch, cancel
}

func (d *Dataset) notify() {
	if subs := d.subs.Load(); subs != nil {
		for _, s := range *subs {
			s.fn()
		}
	}
}

// trimLocked drops records beyond the limit from the end the strategy
// drops from. It reports whether anything was dropped.
func (d *Dataset) trimLocked() bool {
	if d.strategy == Refresh || d.limit == 0 || d.n <= d.limit {
		return false
	}
	if d.strategy == Append {
		d.dropFirst(d.n - d.limit)
	} else {
		d.dropLast(d.n - d.limit)
	}
	return true
}

func (d *Dataset) dropFirst(k int) {
	for i := 0; i < k; i++ {
		d.buf[(d.head+i)%len(d.buf)] = Record{}
	}
	d.head = (d.head + k) % len(d.buf)
	d.n -= k
}

func (d *Dataset) dropLast(k int) {
	for i := 0; i < k; i++ {
		d.buf[(d.head+d.n-1-i)%len(d.buf)] = Record{}
	}
	d.n -= k
}

// grow makes room for one more record.
func (d *Dataset) grow() {
	if d.n < len(d.buf) {
		return
	}
	size := 2 * len(d.buf)
	if size < 16 {
		size = 16
	}
	if d.limit > 0 && size > d.limit {
		size = d.limit
	}
	nb := make([]Record, size)
	for i := 0; i < d.n; i++ {
		nb[i] = d.buf[(d.head+i)%len(d.buf)]
	}
	d.buf, d.head = nb, 0
}

func (d *Dataset) reset(capacity int) {
	if capacity == 0 {
		d.buf, d.head, d.n = nil, 0, 0
		return
	}
	if len(d.buf) < capacity || len(d.buf) > 16 {
		d.buf = make([]Record, capacity)
	} else {
		clear(d.buf)
	}
	d.head, d.n = 0, 0
}
