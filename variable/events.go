package variable

import (
	"fmt"
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
// goroutine. The v a handler receives is a handle of the variable: through
// it the handler may call Send, SendValue, Open and Close on its own
// variable without deadlocking (Send only queues; Open and Close from a
// handler return at once and complete after it). To keep the variable
// beyond the handler's return, keep v.Self(). (Open or Close through any
// other *Variable of the same variable, from inside a handler and on its
// goroutine, waits for that handler to end: use the handle.) A panicking handler is
// reported through Error and vetoes or replaces nothing. With nil or
// NopHandlers the read path skips handlers altogether.
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

// Binder is implemented by Handlers that want to know their variable before
// its first event (a page script reaching it as Page.Variables.<name>): New
// calls Bind with the variable it made, before it returns.
type Binder interface {
	Bind(v *Variable)
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

// hlock runs handlers one at a time, re-entrantly: a handler receives a
// handle of its variable (a *Variable of its own, sharing everything with
// the variable) that is the lock's holder while the handler runs, so calls
// made through that handle — Send, Open, Close — know they come from
// inside and neither take the lock again nor wait for themselves. Calls
// through any other *Variable, from any goroutine, take the lock as usual.
type hlock struct {
	mu     sync.Mutex
	holder atomic.Pointer[Variable] // the handle of the handler running, nil = none
}

// inside reports whether v is the handle of the handler running now.
func (v *Variable) inside() bool { return v.hl.holder.Load() == v }

// Self is the variable itself, the same for the variable and every handle a
// handler received: the one to keep beyond a handler's return, or to use as
// a map key. Self of nil is nil.
func (v *Variable) Self() *Variable {
	if v == nil || v.core == nil {
		return nil
	}
	return v.self
}

// handlerPanic turns a panic in an event handler into an error.
func handlerPanic(name, event string, r any) error {
	return fmt.Errorf("%s: the %s handler failed: %v", name, event, r)
}

// The methods below call one handler each; v is the caller (see guarded).
// A panicking handler is reported through onError and treated as if it had
// vetoed nothing and replaced nothing.

// guarded runs f, which calls one handler, under the handler lock, giving
// it the handle to pass to the handler. v is the caller: a handle of the
// handler running (then f runs at once, re-entrantly) or anything else
// (then f waits for its turn, and gets a fresh handle). A panic in f is
// reported as the failure of event's handler — through onError, unless
// onError itself failed — and guarded returns false: f did not finish, and
// what it meant to set is to be ignored.
func (v *Variable) guarded(event string, f func(h *Variable)) (finished bool) {
	h := v
	if !v.inside() {
		h = &Variable{core: v.core}
		v.hl.mu.Lock()
		v.hl.holder.Store(h)
		defer func() {
			v.hl.holder.Store(nil)
			v.hl.mu.Unlock()
		}()
	}
	defer func() {
		if r := recover(); r != nil {
			finished = false
			if err := handlerPanic(v.name, event, r); event == "onError" {
				h.logError(err)
			} else {
				h.handlerFailed(err)
			}
		}
	}()
	f(h)
	return true
}

func (v *Variable) beforeOpen() bool {
	proceed := true
	if !v.nop {
		v.guarded("onBeforeOpen", func(h *Variable) { proceed = v.h.BeforeOpen(h) })
	}
	return proceed
}

func (v *Variable) onOpen() {
	if !v.nop {
		v.guarded("onOpen", func(h *Variable) { v.h.Open(h) })
	}
}

func (v *Variable) beforeSend(msg []byte) (out []byte, ok bool) {
	if v.nop {
		return msg, true
	}
	var repl []byte
	proceed := true
	v.guarded("onBeforeMessageSend", func(h *Variable) { repl, proceed = v.h.BeforeMessageSend(h, msg) })
	switch {
	case !proceed:
		return nil, false
	case repl != nil:
		return repl, true
	}
	return msg, true
}

func (v *Variable) onMessage(data []byte) (repl []byte, drop bool) {
	v.guarded("onMessageReceive", func(h *Variable) { repl, drop = v.h.MessageReceive(h, data) })
	return repl, drop
}

func (v *Variable) onError(err error) {
	if !v.nop {
		v.guarded("onError", func(h *Variable) { v.h.Error(h, err) })
	}
}

func (v *Variable) beforeClose() bool {
	proceed := true
	if !v.nop {
		v.guarded("onBeforeClose", func(h *Variable) { proceed = v.h.BeforeClose(h) })
	}
	return proceed
}

func (v *Variable) onClose(code int, reason string) {
	if !v.nop {
		v.guarded("onClose", func(h *Variable) { v.h.Close(h, code, reason) })
	}
}

// handlerFailed records a failed handler and tells onError about it.
func (v *Variable) handlerFailed(err error) {
	v.logError(err)
	v.onError(err)
}
