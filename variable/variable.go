// Package variable runs WebSocket Variables: it connects to a service, sends,
// receives, fires the variable's events and keeps its live dataset.
//
// A Variable owns at most one connection at a time. While it is open, one
// goroutine reads frames, classifies them and feeds the dataset, and one
// goroutine writes the messages queued by Send, pings and the close frame.
// With reconnect enabled the reading goroutine also redials after a loss,
// so two connections never exist at once.
package variable

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"wsstudio/project"
	"wsstudio/variable/dataset"
	"wsstudio/wire/frame"
)

// ErrCanceled is returned by Open and Close when onBeforeOpen or
// onBeforeClose vetoed them.
var ErrCanceled = errors.New("cancelled by an event handler")

// State of a variable's connection.
type State int

// States.
const (
	Closed State = iota
	Connecting
	Open
	Closing
	Reconnecting
)

func (s State) String() string {
	if s < Closed || s > Reconnecting {
		return fmt.Sprintf("state(%d)", int(s))
	}
	return [...]string{"closed", "connecting", "open", "closing", "reconnecting"}[s]
}

// Defaults.
const (
	DefaultSendQueue    = 256
	DefaultCloseTimeout = 3 * time.Second
	writeWait           = 10 * time.Second
)

// Options for New.
type Options struct {
	Profile  string              // profile that resolves the URL; "" = "development"
	Handlers Handlers            // nil = NopHandlers
	Env      func(string) string // environment lookup; nil = the process environment (a variable set to "" overrides too)
	Inputs   *Inputs             // values of the page's inputs, for bind:Widgets.<name>.datavalue; nil = none
	// InputSettle is how long an input a query or path parameter is bound
	// to must keep a new value before an open variable reconnects with
	// it; 0 = DefaultInputSettle.
	InputSettle time.Duration

	SendQueue    int           // messages Send may queue; 0 = DefaultSendQueue
	ConsoleSize  int           // console entries kept; 0 = DefaultConsoleSize
	CloseTimeout time.Duration // bound on the close handshake; 0 = DefaultCloseTimeout

	// SchemaCheck turns the live schema check on or off (see
	// SetSchemaCheck); the zero value is the default, SchemaCheckDefault.
	SchemaCheck SchemaCheck
}

// Stats are a variable's statistics.
type Stats struct {
	MessagesIn, MessagesOut uint64
	BytesIn, BytesOut       uint64
	Rate                    float64 // messages in per second, recent
	LastError               string
	LastMessage             time.Time
	State                   State
	// The last connection's end: the close code (1006 when it just
	// dropped) and reason; 0 and "" before any connection ended.
	CloseCode   int
	CloseReason string
	// The live schema check: JSON messages checked against the service's
	// RootResponse, and how many of them did not conform.
	SchemaChecked, SchemaMismatched uint64
}

// Direction of a console entry.
type Direction int

// Directions.
const (
	In Direction = iota
	Out
	Info  // state changes: connected, closed …
	Error // errors
)

func (d Direction) String() string {
	switch d {
	case In:
		return "in"
	case Out:
		return "out"
	case Info:
		return "info"
	case Error:
		return "error"
	}
	return "unknown"
}

// Entry is one line of a variable's console: a frame in or out, a state
// change or an error.
type Entry struct {
	Seq  uint64
	Time time.Time
	Dir  Direction
	Kind frame.Kind
	Size int
	Data []byte // the frame (secrets are never in here: see Text)
	Text string // human text for Info/Error entries
	Note bool   // added with Note by others (the page script), not by the variable
}

// Variable is a running WebSocket variable. It is safe for concurrent use.
//
// A running variable never reads the project it was made from: New and
// Apply take a snapshot of its settings on the caller's goroutine, and every
// dial uses the latest snapshot.
//
// Handlers receive a handle of the variable: a *Variable of its own that
// shares everything with the variable and marks calls made through it as
// coming from inside that handler (see Self).
type Variable struct {
	*core
}

// core is the state shared by a variable and its handles.
type core struct {
	self *Variable
	name string
	opts Options
	h    Handlers
	nop  bool // no handlers: the hot path skips them
	ds   *dataset.Dataset

	cfgMu  sync.Mutex // serialises Apply and ApplyProject
	cfg    atomic.Pointer[settings]
	dialed atomic.Pointer[settings]            // the last dial's settings with the inputs filled in; nil before
	timers func(time.Duration, func()) stopper // nil = time.AfterFunc; tests fire the settle timer themselves

	hl    hlock
	sendq chan outMsg

	mu     sync.Mutex // guards state, sess and closes
	state  atomic.Int32
	sess   *session
	closes uint64 // calls of Close and CloseAsync

	seq atomic.Uint64 // record sequence numbers

	msgsIn, msgsOut   atomic.Uint64
	bytesIn, bytesOut atomic.Uint64
	lastMsg           atomic.Int64  // unix nanoseconds
	rateBits          atomic.Uint64 // float64 bits of the last full window
	rateStart         atomic.Int64  // unix nanoseconds of the current window
	rateCount         atomic.Uint64 // messages in the current window
	statMu            sync.Mutex
	lastErr           string
	closeCode         int
	closeReason       string

	console console
	subs    subscribers

	schemaOn                        atomic.Bool
	schemaChecked, schemaMismatched atomic.Uint64
	drift                           []Mismatch // the first schemaKept mismatches; statMu
}

type outMsg struct {
	data []byte
}

// New prepares a variable of project p; it does not connect. It reads p
// (the service, the profile opts.Profile, pv) on the caller's goroutine and
// keeps none of it: later edits of the project reach the variable only
// through Apply or ApplyProject.
func New(p *project.Project, pv *project.Variable, opts Options) (*Variable, error) {
	if p == nil || pv == nil {
		return nil, errors.New("new variable: no project or no variable given")
	}
	if opts.SendQueue <= 0 {
		opts.SendQueue = DefaultSendQueue
	}
	if opts.CloseTimeout <= 0 {
		opts.CloseTimeout = DefaultCloseTimeout
	}
	cfg, err := takeSnapshot(p, pv, opts.Profile, opts.Env)
	if err != nil {
		return nil, err
	}
	c := &core{
		name:  pv.Name,
		opts:  opts,
		h:     opts.Handlers,
		nop:   isNop(opts.Handlers),
		ds:    dataset.New(dataset.ParseStrategy(pv.Strategy), pv.DataLimit),
		sendq: make(chan outMsg, opts.SendQueue),
	}
	c.self = &Variable{core: c}
	c.cfg.Store(cfg)
	c.console.init(opts.ConsoleSize)
	c.schemaOn.Store(opts.SchemaCheck.on())
	if b, ok := opts.Handlers.(Binder); ok {
		b.Bind(c.self)
	}
	return c.self, nil
}

// Name is the variable's name.
func (v *Variable) Name() string { return v.name }

// Dataset is the live dataset.
func (v *Variable) Dataset() *dataset.Dataset { return v.ds }

// LastRecord is the dataset's lastRecord: the last record of an append or
// prepend dataset, the value itself for refresh; ok is false while the
// dataset is empty.
func (v *Variable) LastRecord() (r dataset.Record, ok bool) { return v.ds.Last() }

// FirstRecord is the dataset's firstRecord: the first record of an append
// or prepend dataset, the value itself for refresh; ok is false while the
// dataset is empty.
func (v *Variable) FirstRecord() (r dataset.Record, ok bool) { return v.ds.First() }

// State is the connection state.
func (v *Variable) State() State { return State(v.state.Load()) }

// setStateLocked changes the state; v.mu is held. It reports whether the
// state changed, and the caller notifies subscribers after unlocking, so
// that a subscriber may call Open or Close.
func (v *Variable) setStateLocked(s State) bool {
	return State(v.state.Swap(int32(s))) != s
}

// Subscribe calls fn after state changes and new console entries. fn runs
// on a goroutine that serves the variable's subscribers (one round of calls
// for any number of changes that came meanwhile), never on the goroutines
// that read and write the connection, so it may call anything on the
// variable, Close included; it should return soon, since the next round
// waits for it. The goroutine ends when the last subscriber cancels.
func (v *Variable) Subscribe(fn func()) (cancel func()) { return v.subs.add(fn) }

// Console returns up to n of the latest console entries, oldest first.
func (v *Variable) Console(n int) []Entry { return v.console.last(n) }

// ClearConsole empties the console.
func (v *Variable) ClearConsole() {
	v.console.clear()
	v.subs.notify()
}

// Apply takes live property changes of the variable: the strategy and the
// limit apply at once (lowering the limit trims the dataset); bindings,
// reconnect, pings, limits and timeouts apply from the next dial. The
// service and the profile stay as the last snapshot had them (see
// ApplyProject). Call it on the goroutine that edits pv.
func (v *Variable) Apply(pv *project.Variable) {
	if pv == nil {
		return
	}
	v.cfgMu.Lock()
	old := v.cfg.Load()
	nv := copyVariable(pv)
	nv.Name = v.name // renaming is the project's business, not a live change
	st := snapshot(old.svc, old.profile, nv, v.opts.Env)
	st.schema = old.schema // the service did not change
	v.cfg.Store(st)
	v.cfgMu.Unlock()
	v.ds.SetStrategy(dataset.ParseStrategy(pv.Strategy))
	v.ds.SetLimit(pv.DataLimit)
}

// ApplyProject takes a new snapshot of everything the variable dials with
// from project p — its service (URL, headers, subprotocols, TLS), the
// profile and the environment — and of pv, as Apply does. The next dial
// (a reconnect, or the next Open) uses it; a connection that is open stays
// as it is. Call it on the goroutine that edits p, after the change. On an
// error (the service is gone, or is no longer a WebSocket service) the
// variable keeps its last snapshot.
func (v *Variable) ApplyProject(p *project.Project, pv *project.Variable) error {
	if p == nil || pv == nil {
		return errors.New("apply: no project or no variable given")
	}
	nv := copyVariable(pv)
	nv.Name = v.name
	cfg, err := takeSnapshot(p, &nv, v.opts.Profile, v.opts.Env)
	if err != nil {
		return err
	}
	v.cfgMu.Lock()
	v.cfg.Store(cfg)
	v.cfgMu.Unlock()
	v.ds.SetStrategy(dataset.ParseStrategy(pv.Strategy))
	v.ds.SetLimit(pv.DataLimit)
	return nil
}

// Mask returns text with the variable's secrets masked — the values of its
// secret headers and query parameters, URL password and subprotocols, as
// the latest snapshot has them — and anything else that looks like a
// credential, by the project's one rule. Every text the variable itself
// produces is masked already; Mask is for text from elsewhere (a page
// script's console, a message) on its way to a person.
func (v *Variable) Mask(text string) string {
	text = v.config().secrets.Mask(text)
	if d := v.dialed.Load(); d != nil {
		// Values that came from inputs.
		text = d.secrets.Mask(text)
	}
	return text
}

// config is the latest snapshot.
func (v *Variable) config() *settings { return v.cfg.Load() }

// Stats returns the statistics.
func (v *Variable) Stats() Stats {
	s := Stats{
		MessagesIn:  v.msgsIn.Load(),
		MessagesOut: v.msgsOut.Load(),
		BytesIn:     v.bytesIn.Load(),
		BytesOut:    v.bytesOut.Load(),
		State:       v.State(),
	}
	if ns := v.lastMsg.Load(); ns != 0 {
		s.LastMessage = time.Unix(0, ns)
	}
	s.SchemaChecked, s.SchemaMismatched = v.schemaChecked.Load(), v.schemaMismatched.Load()
	v.statMu.Lock()
	s.LastError, s.CloseCode, s.CloseReason = v.lastErr, v.closeCode, v.closeReason
	v.statMu.Unlock()
	s.Rate = math.Float64frombits(v.rateBits.Load())
	if start := v.rateStart.Load(); start != 0 {
		el := time.Since(time.Unix(0, start))
		switch {
		case el > 2*time.Second:
			// The window ran on without closing: messages stopped, so
			// the rate falls with the time that has passed.
			s.Rate = float64(v.rateCount.Load()) / el.Seconds()
		case s.Rate == 0:
			// No full window yet: the messages so far, per second.
			s.Rate = float64(v.rateCount.Load()) / max(el, time.Second).Seconds()
		}
	}
	return s
}

// countIn updates the statistics for one received message; only the
// reading goroutine calls it.
func (v *Variable) countIn(size int, now time.Time) {
	v.msgsIn.Add(1)
	v.bytesIn.Add(uint64(size))
	ns := now.UnixNano()
	v.lastMsg.Store(ns)
	start := v.rateStart.Load()
	if start == 0 {
		v.rateStart.Store(ns)
		start = ns
	}
	if el := ns - start; el >= int64(time.Second) {
		rate := float64(v.rateCount.Load()) / (float64(el) / float64(time.Second))
		v.rateBits.Store(math.Float64bits(rate))
		v.rateStart.Store(ns)
		v.rateCount.Store(0)
	}
	v.rateCount.Add(1)
}

// requestBody is the bound RequestBody, if any; one bound to an input is
// the input's value now.
func (v *Variable) requestBody() (string, bool) {
	c := v.config()
	if c.hasBody && c.bodyInput != "" {
		return v.inputValue("RequestBody", c.bodyInput), true
	}
	return c.body, c.hasBody
}

// RequestBody is the message Send(nil) would send now: the bound
// RequestBody, read from its input when it is bound to one (an input
// without a value yet gives "", and the console says so). ok is false when
// nothing is bound.
func (v *Variable) RequestBody() (body []byte, ok bool) {
	if c := v.config(); !c.hasBody || c.body == "" {
		return nil, false
	}
	b, _ := v.requestBody()
	return []byte(b), true
}

// Send queues a message; nil sends the bound RequestBody. Text is sent as a
// text frame, bytes that are not UTF-8 as a binary frame. Send never
// blocks: a full queue is an error. onBeforeMessageSend runs on the writing
// goroutine just before the frame is written.
//
// A RequestBody bound to an input (bind:Widgets.<name>.datavalue) is the
// input's value at the time of the call; an input without a value yet
// sends "", and the console says which input it was.
func (v *Variable) Send(msg []byte) error {
	if msg == nil {
		if c := v.config(); !c.hasBody || c.body == "" {
			return fmt.Errorf("send on %s: the variable has no RequestBody binding to send", v.name)
		}
	}
	switch st := v.State(); st {
	case Open, Connecting, Reconnecting:
	default:
		return fmt.Errorf("send on %s: the variable is %s, open it first", v.name, st)
	}
	if msg == nil {
		body, _ := v.requestBody()
		msg = []byte(body)
	} else {
		msg = append([]byte(nil), msg...)
	}
	select {
	case v.sendq <- outMsg{data: msg}:
		return nil
	default:
		return fmt.Errorf("send on %s: send queue full (%d messages waiting)", v.name, len(v.sendq))
	}
}

// SendValue sends a value as JSON (strings and byte slices are sent as they
// are; nil sends the bound RequestBody).
func (v *Variable) SendValue(x any) error {
	switch t := x.(type) {
	case nil:
		return v.Send(nil)
	case string:
		return v.Send([]byte(t))
	case []byte:
		if t == nil {
			t = []byte{}
		}
		return v.Send(t)
	case json.RawMessage:
		return v.Send([]byte(t))
	}
	b, err := json.Marshal(x)
	if err != nil {
		return fmt.Errorf("send on %s: the value cannot be sent as JSON: %w", v.name, err)
	}
	return v.Send(b)
}

// Open connects (after onBeforeOpen) and returns once the handshake is
// done and onOpen has run. ctx bounds the handshake only: cancelling it
// abandons the handshake at once, as Close does. Open on a variable that is
// not closed is an error. Called from inside a handler (on the handle it
// received), Open does not wait for onOpen, which runs after that handler.
func (v *Variable) Open(ctx context.Context) error { return v.open(ctx, nil) }

// errSuperseded is what a reconnect's open returns when a Close came first.
var errSuperseded = errors.New("a Close came first")

// open is Open; allowed, when set, is asked under v.mu whether the open
// may go ahead (a reconnect must not undo a Close that came meanwhile).
func (v *Variable) open(ctx context.Context, allowed func() bool) error {
	v.mu.Lock()
	if allowed != nil && !allowed() {
		v.mu.Unlock()
		return errSuperseded
	}
	if st := v.State(); st != Closed || v.sess != nil {
		v.mu.Unlock()
		return fmt.Errorf("open %s: the variable is already %s", v.name, st)
	}
	// A Send that raced with the end of the last session must not reach
	// this one.
	stale := drain(v.sendq)
	// The session starts before onBeforeOpen, so that a Close while the
	// handler runs (or while the handshake is under way) has something to
	// stop.
	s := newSession()
	v.sess = s
	v.watchInputs(s)
	v.setStateLocked(Connecting)
	v.mu.Unlock()
	v.subs.notify()
	v.reportUnsent(stale)

	if !v.beforeOpen() {
		v.info("open cancelled by onBeforeOpen")
		v.endSession(s)
		return fmt.Errorf("open %s: %w", v.name, ErrCanceled)
	}
	c, cfg, err := v.connect(ctx, s)
	if err != nil {
		if s.userClose.Load() {
			v.info(err.Error())
		} else {
			v.fail(err)
		}
		v.endSession(s)
		return err
	}
	go v.run(s, c, cfg)
	if !v.inside() {
		// onOpen has run: events keep their order for the caller. (From
		// inside a handler it cannot run until that handler returns.)
		select {
		case <-s.opened:
		case <-s.done:
		}
	}
	return nil
}

// endSession returns the variable to Closed once a session is over.
// Messages queued for a connection that will not come are dropped, and
// said so: nothing is dropped silently.
func (v *Variable) endSession(s *session) {
	v.finishSession(s)
	close(s.done)
}

// finishSession returns the variable to Closed, once per session.
func (v *Variable) finishSession(s *session) {
	s.cancel()
	v.mu.Lock()
	n, changed := 0, false
	if v.sess == s {
		n = drain(v.sendq)
		v.sess = nil
		changed = v.setStateLocked(Closed)
	}
	v.mu.Unlock()
	if s.watch != nil {
		s.watch.stop()
	}
	if changed {
		v.subs.notify()
	}
	v.reportUnsent(n)
}

func (v *Variable) reportUnsent(n int) {
	if n > 0 {
		v.info(fmt.Sprintf("%d queued messages were not sent: the connection closed", n))
	}
}

func drain(q chan outMsg) int {
	n := 0
	for {
		select {
		case <-q:
			n++
		default:
			return n
		}
	}
}

// Close closes the connection with a close handshake (after onBeforeClose)
// and stops reconnecting; a pending Open is abandoned, its handshake
// included. It returns once the variable is closed and its goroutines have
// ended, or at once when called from inside a handler (on the handle it
// received; the close then completes in the background). Closing a closed
// variable does nothing. CloseAsync closes without waiting.
func (v *Variable) Close() error {
	v.mu.Lock()
	v.closes++
	s := v.sess
	v.mu.Unlock()
	return v.closeSession(s)
}

// closeSession is Close of session s (nil = nothing to close).
func (v *Variable) closeSession(s *session) error {
	if s == nil {
		return nil
	}
	if !s.userClose.Load() {
		if !v.beforeClose() {
			v.info("close cancelled by onBeforeClose")
			return fmt.Errorf("close %s: %w", v.name, ErrCanceled)
		}
		v.stop(s)
	}
	if v.inside() {
		return nil
	}
	<-s.done
	return nil
}

// CloseAsync closes the variable without waiting and without asking
// onBeforeClose (the caller is letting go of the variable; a handler cannot
// keep it): a pending Open is abandoned, its handshake included, the
// connection is closed with a close handshake bounded by
// Options.CloseTimeout, and reconnecting stops. The channel it returns is
// closed once the variable is closed and every goroutine it started has
// ended. It never blocks, so it may be called from a UI callback.
func (v *Variable) CloseAsync() <-chan struct{} {
	v.mu.Lock()
	v.closes++
	s := v.sess
	v.mu.Unlock()
	if s == nil {
		return closedChan
	}
	v.stop(s)
	return s.done
}

// Done returns a channel closed when the variable has nothing running: no
// connection, no pending Open, no reconnect wait, no goroutine of its own.
// A later Open starts a new run with a Done of its own.
func (v *Variable) Done() <-chan struct{} {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.sess == nil {
		return closedChan
	}
	return v.sess.done
}

var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// stop ends session s on the user's behalf, once: no more dials, the
// pending handshake abandoned, the connection asked to close.
func (v *Variable) stop(s *session) {
	v.mu.Lock()
	first := s.userClose.CompareAndSwap(false, true)
	changed := first && v.sess == s && v.setStateLocked(Closing)
	v.mu.Unlock()
	if changed {
		v.subs.notify()
	}
	if first {
		s.cancel()
		if c := s.current(); c != nil {
			c.requestClose()
		}
	}
}
