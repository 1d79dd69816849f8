package variable

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// Handlers receives a variable's events with WaveMaker's veto and replace
// semantics. Implementations: Go code (tests, the studio), and JavaScript
// handlers from the page script. Embed NopHandlers to implement only some.
//
// Methods are called one at a time: BeforeOpen and BeforeClose on the
// goroutine that called Open or Close, BeforeMessageSend on the writing
// goroutine just before the frame goes out, the others on the reading
// goroutine. A handler may call Send, SendValue, Open and Close on its own
// variable: Send only queues, and Close from a handler returns at once and
// completes in the background. A panicking handler is reported through
// Error and vetoes or replaces nothing. With nil or NopHandlers the read
// path skips handlers altogether.
//
// Event order on one connection: BeforeOpen, Open, then MessageReceive and
// BeforeMessageSend as data flows, then (when the user closes) BeforeClose,
// and Error (unless the close was normal) and Close. With reconnect on,
// every loss fires Error and Close, and every new connection Open.
type Handlers interface {
	// BeforeOpen: returning false cancels the open (Open returns an error
	// wrapping ErrCanceled).
	BeforeOpen(v *Variable) bool
	// Open: the connection is open; Open returns after this ran.
	Open(v *Variable)
	// BeforeMessageSend: returning ok=false cancels the send (a console line
	// says so); a non-nil replacement is sent instead of msg.
	BeforeMessageSend(v *Variable, msg []byte) (replacement []byte, ok bool)
	// MessageReceive gets the received data as JSON (see dataset.Record.JSON).
	// A non-nil replacement (JSON, or else kept as text) replaces the data;
	// drop=true drops the message (our extension). data is shared with the
	// dataset: read it, do not change it or keep it.
	MessageReceive(v *Variable, data []byte) (replacement []byte, drop bool)
	// Error: something failed (dial, read, write, a handler). Connection
	// failures unwrap to a *wire.Error.
	Error(v *Variable, err error)
	// BeforeClose: returning false cancels a close asked for by the user
	// (Close returns an error wrapping ErrCanceled).
	BeforeClose(v *Variable) bool
	// Close: the connection closed, with the close code (1006 when it just
	// dropped) and reason.
	Close(v *Variable, code int, reason string)
}

// NopHandlers does nothing and vetoes nothing.
type NopHandlers struct{}

func (NopHandlers) BeforeOpen(*Variable) bool { return true }
func (NopHandlers) Open(*Variable)            {}
func (NopHandlers) BeforeMessageSend(_ *Variable, _ []byte) ([]byte, bool) {
	return nil, true
}
func (NopHandlers) MessageReceive(_ *Variable, _ []byte) ([]byte, bool) { return nil, false }
func (NopHandlers) Error(*Variable, error)                              {}
func (NopHandlers) BeforeClose(*Variable) bool                          { return true }
func (NopHandlers) Close(*Variable, int, string)                        {}

// isNop reports whether h does nothing, so that the hot path can skip
// handler calls altogether.
func isNop(h Handlers) bool {
	switch h.(type) {
	case nil, NopHandlers, *NopHandlers:
		return true
	}
	return false
}

// hlock runs handlers one at a time. It is re-entrant for the goroutine
// that holds it, so that a handler may call Send, Open or Close on its own
// variable without deadlocking.
type hlock struct {
	mu    sync.Mutex
	owner atomic.Int64 // goroutine id of the holder, 0 = free
	depth int
}

func (l *hlock) lock(g int64) {
	if l.owner.Load() == g {
		l.depth++
		return
	}
	l.mu.Lock()
	l.owner.Store(g)
	l.depth = 1
}

func (l *hlock) unlock() {
	l.depth--
	if l.depth == 0 {
		l.owner.Store(0)
		l.mu.Unlock()
	}
}

// heldBy reports whether goroutine g is inside a handler.
func (l *hlock) heldBy(g int64) bool { return l.owner.Load() == g }

// goid is the current goroutine's id. It costs about a microsecond, so it
// is taken once per goroutine that calls handlers, never per message.
func goid() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseInt(string(b), 10, 64)
	return id
}

// handlerPanic turns a panic in an event handler into an error.
func handlerPanic(event string, r any) error {
	return fmt.Errorf("the %s handler failed: %v", event, r)
}

// The methods below call one handler each, g being the calling goroutine.
// A panicking handler is reported through onError and treated as if it had
// vetoed nothing and replaced nothing.

// guarded runs f, which calls one handler, under the handler lock. A panic
// in f is reported as the failure of event's handler — through onError,
// unless onError itself failed — and guarded returns false: f did not
// finish, and what it meant to set is to be ignored.
func (v *Variable) guarded(g int64, event string, f func()) (finished bool) {
	v.hl.lock(g)
	defer v.hl.unlock()
	defer func() {
		if r := recover(); r != nil {
			finished = false
			if err := handlerPanic(event, r); event == "onError" {
				v.logError(err)
			} else {
				v.handlerFailed(g, err)
			}
		}
	}()
	f()
	return true
}

func (v *Variable) beforeOpen(g int64) bool {
	proceed := true
	if !v.nop {
		v.guarded(g, "onBeforeOpen", func() { proceed = v.h.BeforeOpen(v) })
	}
	return proceed
}

func (v *Variable) onOpen(g int64) {
	if !v.nop {
		v.guarded(g, "onOpen", func() { v.h.Open(v) })
	}
}

func (v *Variable) beforeSend(g int64, msg []byte) (out []byte, ok bool) {
	if v.nop {
		return msg, true
	}
	var repl []byte
	proceed := true
	v.guarded(g, "onBeforeMessageSend", func() { repl, proceed = v.h.BeforeMessageSend(v, msg) })
	switch {
	case !proceed:
		return nil, false
	case repl != nil:
		return repl, true
	}
	return msg, true
}

func (v *Variable) onMessage(g int64, data []byte) (repl []byte, drop bool) {
	v.guarded(g, "onMessageReceive", func() { repl, drop = v.h.MessageReceive(v, data) })
	return repl, drop
}

func (v *Variable) onError(g int64, err error) {
	if !v.nop {
		v.guarded(g, "onError", func() { v.h.Error(v, err) })
	}
}

func (v *Variable) beforeClose(g int64) bool {
	proceed := true
	if !v.nop {
		v.guarded(g, "onBeforeClose", func() { proceed = v.h.BeforeClose(v) })
	}
	return proceed
}

func (v *Variable) onClose(g int64, code int, reason string) {
	if !v.nop {
		v.guarded(g, "onClose", func() { v.h.Close(v, code, reason) })
	}
}

// handlerFailed records a failed handler and tells onError about it.
func (v *Variable) handlerFailed(g int64, err error) {
	v.logError(err)
	v.onError(g, err)
}
