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
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"wsstudio/project"
	"wsstudio/variable/dataset"
	"wsstudio/variable/wire"
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
	Env      func(string) string // environment lookup; nil = os.Getenv

	SendQueue    int           // messages Send may queue; 0 = DefaultSendQueue
	ConsoleSize  int           // console entries kept; 0 = DefaultConsoleSize
	CloseTimeout time.Duration // bound on the close handshake; 0 = DefaultCloseTimeout
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
	Kind dataset.Kind
	Size int
	Data []byte // the frame (secrets are never in here: see Text)
	Text string // human text for Info/Error entries
	Note bool   // added with Note by others (the page script), not by the variable
}

// Variable is a running WebSocket variable. It is safe for concurrent use.
type Variable struct {
	name string
	proj *project.Project
	svc  *project.Service
	opts Options
	h    Handlers
	nop  bool // no handlers: the hot path skips them
	ds   *dataset.Dataset

	cfgMu sync.Mutex
	pv    project.Variable // our copy, changed by Apply

	hl    hlock
	sendq chan outMsg

	mu    sync.Mutex // guards state and sess
	state atomic.Int32
	sess  *session

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
}

type outMsg struct {
	data []byte
}

// New prepares a variable of project p; it does not connect.
func New(p *project.Project, v *project.Variable, opts Options) (*Variable, error) {
	if p == nil || v == nil {
		return nil, errors.New("new variable: no project or no variable given")
	}
	svc := p.Service(v.Service)
	if svc == nil {
		return nil, fmt.Errorf("variable %s: service %q is not in the project", v.Name, v.Service)
	}
	if svc.Type != project.ServiceTypeWebSocket {
		return nil, fmt.Errorf("variable %s: service %q is a %s, not a WebSocket service", v.Name, svc.ID, svc.Type)
	}
	if opts.SendQueue <= 0 {
		opts.SendQueue = DefaultSendQueue
	}
	if opts.CloseTimeout <= 0 {
		opts.CloseTimeout = DefaultCloseTimeout
	}
	x := &Variable{
		name:  v.Name,
		proj:  p,
		svc:   svc,
		opts:  opts,
		h:     opts.Handlers,
		nop:   isNop(opts.Handlers),
		ds:    dataset.New(dataset.ParseStrategy(v.Strategy), v.DataLimit),
		pv:    *v,
		sendq: make(chan outMsg, opts.SendQueue),
	}
	x.pv.DataBinding = append([]project.Binding(nil), v.DataBinding...)
	x.console.init(opts.ConsoleSize)
	return x, nil
}

// Name is the variable's name.
func (v *Variable) Name() string { return v.name }

// Dataset is the live dataset.
func (v *Variable) Dataset() *dataset.Dataset { return v.ds }

// State is the connection state.
func (v *Variable) State() State { return State(v.state.Load()) }

// setStateLocked changes the state; v.mu is held. It reports whether the
// state changed, and the caller notifies subscribers after unlocking, so
// that a subscriber may call Open or Close.
func (v *Variable) setStateLocked(s State) bool {
	return State(v.state.Swap(int32(s))) != s
}

// Subscribe calls fn after state changes and new console entries; fn runs on
// the variable's goroutines, must not block, and should coalesce.
func (v *Variable) Subscribe(fn func()) (cancel func()) { return v.subs.add(fn) }

// Console returns up to n of the latest console entries, oldest first.
func (v *Variable) Console(n int) []Entry { return v.console.last(n) }

// ClearConsole empties the console.
func (v *Variable) ClearConsole() {
	v.console.clear()
	v.subs.notify()
}

// Apply takes live property changes: the strategy and the limit apply at
// once (lowering the limit trims the dataset); bindings and extensions
// apply from the next connection.
func (v *Variable) Apply(pv *project.Variable) {
	if pv == nil {
		return
	}
	v.cfgMu.Lock()
	name := v.pv.Name
	v.pv = *pv
	v.pv.Name = name // renaming is the project's business, not a live change
	v.pv.DataBinding = append([]project.Binding(nil), pv.DataBinding...)
	v.cfgMu.Unlock()
	v.ds.SetStrategy(dataset.ParseStrategy(pv.Strategy))
	v.ds.SetLimit(pv.DataLimit)
}

func (v *Variable) config() project.Variable {
	v.cfgMu.Lock()
	defer v.cfgMu.Unlock()
	return v.pv
}

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

// requestBody is the bound RequestBody, if any.
func (v *Variable) requestBody() (string, bool) {
	for _, b := range v.config().DataBinding {
		if b.Target == "RequestBody" {
			return b.Value, true
		}
	}
	return "", false
}

// Send queues a message; nil sends the bound RequestBody. Text is sent as a
// text frame, bytes that are not UTF-8 as a binary frame. Send never
// blocks: a full queue is an error. onBeforeMessageSend runs on the writing
// goroutine just before the frame is written.
func (v *Variable) Send(msg []byte) error {
	if msg == nil {
		body, ok := v.requestBody()
		if !ok || body == "" {
			return fmt.Errorf("send on %s: the variable has no RequestBody binding to send", v.name)
		}
		msg = []byte(body)
	} else {
		msg = append([]byte(nil), msg...)
	}
	switch st := v.State(); st {
	case Open, Connecting, Reconnecting:
	default:
		return fmt.Errorf("send on %s: the variable is %s, open it first", v.name, st)
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

// dialConfig builds the dial settings from the project, the profile and
// the variable's current properties.
func (v *Variable) dialConfig() (wire.Config, project.Variable, error) {
	pv := v.config()
	u, err := v.proj.ResolveURL(v.svc, v.opts.Profile, pv.DataBinding, v.opts.Env)
	if err != nil {
		return wire.Config{}, pv, fmt.Errorf("open %s: %w", v.name, err)
	}
	h := http.Header{}
	for _, p := range v.svc.Headers {
		val := p.Value
		for _, b := range pv.DataBinding {
			if b.Target == p.Name {
				val = b.Value
			}
		}
		if val != "" {
			h.Set(p.Name, val)
		}
	}
	return wire.Config{
		URL:                u,
		Headers:            h,
		Subprotocols:       v.svc.Subprotocols,
		HandshakeTimeout:   pv.HandshakeTimeout,
		CAFile:             v.svc.TLS.CAFile,
		InsecureSkipVerify: v.svc.TLS.InsecureSkipVerify,
		ReadLimit:          pv.ReadLimit,
	}, pv, nil
}

// Open connects (after onBeforeOpen) and returns once the handshake is
// done. ctx bounds the handshake only. Open on a variable that is not
// closed is an error.
func (v *Variable) Open(ctx context.Context) error {
	g := goid()
	if st := v.State(); st != Closed {
		return fmt.Errorf("open %s: the variable is already %s", v.name, st)
	}
	if !v.beforeOpen(g) {
		v.info("open cancelled by onBeforeOpen")
		return fmt.Errorf("open %s: %w", v.name, ErrCanceled)
	}
	v.mu.Lock()
	if st := v.State(); st != Closed || v.sess != nil {
		v.mu.Unlock()
		return fmt.Errorf("open %s: the variable is already %s", v.name, st)
	}
	// A Send that raced with the end of the last session must not reach
	// this one.
	stale := drain(v.sendq)
	s := newSession()
	v.sess = s
	v.setStateLocked(Connecting)
	v.mu.Unlock()
	v.subs.notify()
	v.reportUnsent(stale)

	c, pv, err := v.connect(ctx, s)
	if err != nil {
		if s.userClose.Load() {
			v.info(err.Error())
		} else {
			v.fail(g, err)
		}
		v.endSession(s)
		return err
	}
	go v.run(s, c, pv)
	if !v.hl.heldBy(g) {
		// onOpen has run: events keep their order for the caller. (From
		// inside a handler it cannot run until that handler returns.)
		<-s.opened
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
// and stops reconnecting. It returns once the connection is closed, or at
// once when called from an event handler (the close then completes in the
// background). Closing a closed variable does nothing.
func (v *Variable) Close() error {
	g := goid()
	v.mu.Lock()
	s := v.sess
	v.mu.Unlock()
	if s == nil {
		return nil
	}
	if !s.userClose.Load() {
		if !v.beforeClose(g) {
			v.info("close cancelled by onBeforeClose")
			return fmt.Errorf("close %s: %w", v.name, ErrCanceled)
		}
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
	// On one of the variable's own goroutines (a handler, or a Subscribe
	// callback) waiting would deadlock: the close completes behind us.
	if v.hl.heldBy(g) || s.runner.Load() == g || s.writer.Load() == g {
		return nil
	}
	<-s.done
	return nil
}
