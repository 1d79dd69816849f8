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

// The methods below call one handler under the handler lock, g being the
// calling goroutine. A panicking handler is reported through onError and
// treated as if it had vetoed nothing and replaced nothing.

func (v *Variable) beforeOpen(g int64) (ok bool) {
	if v.nop {
		return true
	}
	v.hl.lock(g)
	defer v.hl.unlock()
	defer func() {
		if r := recover(); r != nil {
			ok = true
			v.handlerFailed(g, handlerPanic("onBeforeOpen", r))
		}
	}()
	return v.h.BeforeOpen(v)
}

func (v *Variable) onOpen(g int64) {
	if v.nop {
		return
	}
	v.hl.lock(g)
	defer v.hl.unlock()
	defer func() {
		if r := recover(); r != nil {
			v.handlerFailed(g, handlerPanic("onOpen", r))
		}
	}()
	v.h.Open(v)
}

func (v *Variable) beforeSend(g int64, msg []byte) (out []byte, ok bool) {
	if v.nop {
		return msg, true
	}
	v.hl.lock(g)
	defer v.hl.unlock()
	defer func() {
		if r := recover(); r != nil {
			out, ok = msg, true
			v.handlerFailed(g, handlerPanic("onBeforeMessageSend", r))
		}
	}()
	repl, ok := v.h.BeforeMessageSend(v, msg)
	if !ok {
		return nil, false
	}
	if repl != nil {
		return repl, true
	}
	return msg, true
}

func (v *Variable) onMessage(g int64, data []byte) (repl []byte, drop bool) {
	v.hl.lock(g)
	defer v.hl.unlock()
	defer func() {
		if r := recover(); r != nil {
			repl, drop = nil, false
			v.handlerFailed(g, handlerPanic("onMessageReceive", r))
		}
	}()
	return v.h.MessageReceive(v, data)
}

func (v *Variable) onError(g int64, err error) {
	if v.nop {
		return
	}
	v.hl.lock(g)
	defer v.hl.unlock()
	defer func() {
		if r := recover(); r != nil {
			v.logError(handlerPanic("onError", r))
		}
	}()
	v.h.Error(v, err)
}

func (v *Variable) beforeClose(g int64) (ok bool) {
	if v.nop {
		return true
	}
	v.hl.lock(g)
	defer v.hl.unlock()
	defer func() {
		if r := recover(); r != nil {
			ok = true
			v.handlerFailed(g, handlerPanic("onBeforeClose", r))
		}
	}()
	return v.h.BeforeClose(v)
}

func (v *Variable) onClose(g int64, code int, reason string) {
	if v.nop {
		return
	}
	v.hl.lock(g)
	defer v.hl.unlock()
	defer func() {
		if r := recover(); r != nil {
			v.handlerFailed(g, handlerPanic("onClose", r))
		}
	}()
	v.h.Close(v, code, reason)
}

// handlerFailed records a failed handler and tells onError about it.
func (v *Variable) handlerFailed(g int64, err error) {
	v.logError(err)
	v.onError(g, err)
}
