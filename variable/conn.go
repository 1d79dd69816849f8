package variable

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/cenkalti/backoff/v5"
	"github.com/gorilla/websocket"

	"wsstudio/project"
	"wsstudio/variable/dataset"
	"wsstudio/wire"
	"wsstudio/wire/frame"
)

// Reconnect defaults, used where the variable leaves them zero.
const (
	DefaultReconnectDelay    = 500 * time.Millisecond
	DefaultReconnectMaxDelay = 30 * time.Second
)

// stableAfter is how long a connection must last for the reconnect delay
// to start again from the initial delay.
var stableAfter = 5 * time.Second

// session is one Open: from the first dial until Close or a loss that is
// not followed by a reconnect.
type session struct {
	ctx       context.Context // cancelled by Close: stops dials and waits
	cancel    context.CancelFunc
	userClose atomic.Bool // Close was called (and not vetoed)
	done      chan struct{}
	opened    chan struct{} // closed after the first onOpen returned

	watch *inputWatch // reconnects when a bound input changes; nil without inputs

	mu   sync.Mutex
	conn *wsconn // the current connection, nil between connections
}

func newSession() *session {
	ctx, cancel := context.WithCancel(context.Background())
	return &session{ctx: ctx, cancel: cancel, done: make(chan struct{}), opened: make(chan struct{})}
}

// setConn publishes the current connection; a Close that came first closes
// it at once.
func (s *session) setConn(c *wsconn) {
	s.mu.Lock()
	s.conn = c
	closing := s.userClose.Load()
	s.mu.Unlock()
	if c != nil && closing {
		c.requestClose()
	}
}

func (s *session) current() *wsconn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn
}

// wsconn is one connection with its reading and writing goroutines.
type wsconn struct {
	ws         *websocket.Conn
	closeReq   chan struct{} // capacity 1: a close frame is wanted
	closing    atomic.Bool   // our close frame went out
	readerDone chan struct{}
	writerDone chan struct{}
}

func (c *wsconn) requestClose() {
	select {
	case c.closeReq <- struct{}{}:
	default:
	}
}

// connect dials once, with the latest snapshot of the settings and the
// values of the inputs its parameters are bound to.
func (v *Variable) connect(ctx context.Context, s *session) (*wsconn, *settings, error) {
	cfg := v.config()
	if s.ctx.Err() != nil {
		return nil, cfg, fmt.Errorf("open %s: the connection attempt was stopped by Close", v.name)
	}
	cfg = v.dialSettings(cfg)
	if cfg.urlErr != nil {
		return nil, cfg, fmt.Errorf("open %s: %w", v.name, cfg.urlErr)
	}
	v.info("connecting to " + project.MaskURL(cfg.dial.URL))
	// Close cancels s.ctx; that, or the caller's ctx ending, abandons the
	// handshake (wire.Dial closes the socket under it).
	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(s.ctx, cancel)
	defer stop()
	ws, resp, err := wire.Dial(dctx, cfg.dial)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		if s.userClose.Load() {
			return nil, cfg, fmt.Errorf("open %s: the connection attempt was stopped by Close", v.name)
		}
		return nil, cfg, fmt.Errorf("open %s: %w", v.name, err)
	}
	text := "connected"
	if p := ws.Subprotocol(); p != "" {
		// Some services carry a token in the subprotocol.
		text += " (subprotocol " + project.MaskValue("Sec-WebSocket-Protocol", p) + ")"
	}
	v.info(text)
	return &wsconn{
		ws:         ws,
		closeReq:   make(chan struct{}, 1),
		readerDone: make(chan struct{}),
		writerDone: make(chan struct{}),
	}, cfg, nil
}

// setRunState changes the state unless Close has taken over.
func (v *Variable) setRunState(s *session, st State) {
	v.mu.Lock()
	changed := v.sess == s && !s.userClose.Load() && v.setStateLocked(st)
	v.mu.Unlock()
	if changed {
		v.subs.notify()
	}
}

// run serves connections of session s, the first being c, until Close or
// a loss without reconnect. It is the variable's reading goroutine.
func (v *Variable) run(s *session, c *wsconn, cfg *settings) {
	defer v.endSession(s)
	var bo *backoff.ExponentialBackOff
	maxDelay := cfg.reconnect.MaxDelay
	first := true
	for {
		v.setRunState(s, Open)
		s.setConn(c)
		began := time.Now()
		v.onOpen()
		if first {
			close(s.opened)
			first = false
		}
		err := v.serve(s, c, cfg)
		s.setConn(nil)
		code, reason := v.connClosed(c, cfg, err)
		// When no reconnect follows, the variable is closed before
		// onClose runs, so that onClose may open it again.
		final := s.userClose.Load() || !cfg.reconnect.Enabled
		if final {
			v.finishSession(s)
		}
		v.onClose(code, reason)
		if final {
			return
		}
		if bo == nil || time.Since(began) >= stableAfter {
			bo = newBackoff(cfg.reconnect)
			maxDelay = bo.MaxInterval
		}
		v.setRunState(s, Reconnecting)
		for {
			d := min(bo.NextBackOff(), maxDelay)
			v.info(fmt.Sprintf("reconnecting in %v", d.Round(time.Millisecond)))
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-s.ctx.Done():
				t.Stop()
				return
			}
			next, ncfg, err := v.connect(s.ctx, s)
			if err == nil {
				c, cfg = next, ncfg
				break
			}
			if s.userClose.Load() {
				return
			}
			v.fail(err)
		}
	}
}

func newBackoff(r project.Reconnect) *backoff.ExponentialBackOff {
	b := &backoff.ExponentialBackOff{
		InitialInterval:     r.InitialDelay,
		RandomizationFactor: 0.5,
		Multiplier:          2,
		MaxInterval:         r.MaxDelay,
	}
	if b.InitialInterval <= 0 {
		b.InitialInterval = DefaultReconnectDelay
	}
	if b.MaxInterval <= 0 {
		b.MaxInterval = DefaultReconnectMaxDelay
	}
	if b.MaxInterval < b.InitialInterval {
		b.MaxInterval = b.InitialInterval
	}
	b.Reset()
	return b
}

// pongWait is how long the reader waits for a pong (or any frame) after
// the last one: one ping interval for the ping to go out, one for the pong.
func pongWait(ping time.Duration) time.Duration { return 2 * ping }

// serve runs one connection: the writing goroutine, and the read loop here.
// It returns the error that ended reading, after both are done and the
// socket is closed.
func (v *Variable) serve(s *session, c *wsconn, cfg *settings) error {
	ws := c.ws
	if cfg.ping > 0 {
		wait := pongWait(cfg.ping)
		ws.SetReadDeadline(time.Now().Add(wait))
		ws.SetPongHandler(func(string) error {
			if !c.closing.Load() {
				ws.SetReadDeadline(time.Now().Add(wait))
			}
			return nil
		})
	}
	go v.writer(c, cfg.ping)
	err := v.readLoop(c, cfg)
	close(c.readerDone)
	<-c.writerDone
	ws.Close()
	return err
}

// readLoop is the hot path: read a frame, classify it, keep it.
func (v *Variable) readLoop(c *wsconn, cfg *settings) error {
	var fr frameReader
	var drift driftLines
	clk := clock{base: time.Now()}
	for {
		mt, r, err := c.ws.NextReader()
		if err != nil {
			return err
		}
		raw, err := fr.read(r)
		if err != nil {
			return err
		}
		now := clk.now()
		rec := dataset.NewRecord(raw, mt == websocket.BinaryMessage, now)
		rec.Seq = v.seq.Add(1)
		v.countIn(len(raw), now)
		v.console.add(Entry{Time: now, Dir: In, Kind: rec.Kind, Size: len(raw), Data: raw})
		if cfg.schema != nil && v.schemaOn.Load() {
			v.checkSchema(cfg, rec.Kind, raw, now, &drift)
		}
		if !v.nop {
			repl, drop := v.onMessage(rec.JSON)
			if drop {
				v.subs.notify()
				continue
			}
			if repl != nil {
				seq := rec.Seq
				rec = dataset.NewRecord(repl, false, now)
				rec.Seq = seq
			}
		}
		v.ds.Add(rec)
		v.subs.notify()
	}
}

// clock reads the time for each message from the monotonic clock alone,
// which costs a fraction of time.Now on machines whose wall clock is slow to
// read; the wall clock is read again every second so the times stay true.
type clock struct{ base time.Time }

func (c *clock) now() time.Time {
	d := time.Since(c.base)
	if d < 0 || d >= time.Second {
		c.base = time.Now()
		return c.base
	}
	return c.base.Add(d)
}

// Frames are copied out of a reused read buffer into shared slabs, so a
// small message costs no allocation of its own; a slab is freed once the
// dataset and the console have let go of every record in it.
const (
	slabSize       = 64 << 10
	ownAllocAbove  = slabSize / 8
	scratchInitial = 4 << 10
	scratchKeepMax = 1 << 20
)

type frameReader struct {
	scratch []byte
	slab    []byte
}

func (f *frameReader) read(r io.Reader) ([]byte, error) {
	if f.scratch == nil {
		f.scratch = make([]byte, scratchInitial)
	}
	n := 0
	for {
		if n == len(f.scratch) {
			bigger := make([]byte, 2*len(f.scratch))
			copy(bigger, f.scratch)
			f.scratch = bigger
		}
		m, err := r.Read(f.scratch[n:])
		n += m
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	var out []byte
	if n > ownAllocAbove {
		out = make([]byte, n)
	} else {
		if cap(f.slab)-len(f.slab) < n {
			f.slab = make([]byte, 0, slabSize)
		}
		l := len(f.slab)
		f.slab = f.slab[:l+n]
		out = f.slab[l : l+n : l+n]
	}
	copy(out, f.scratch[:n])
	if len(f.scratch) > scratchKeepMax {
		f.scratch = nil
	}
	return out, nil
}

// writer sends queued messages, pings and, when asked, the close frame.
func (v *Variable) writer(c *wsconn, ping time.Duration) {
	defer close(c.writerDone)
	var tick <-chan time.Time
	if ping > 0 {
		t := time.NewTicker(ping)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-c.readerDone:
			return
		case <-c.closeReq:
			c.closing.Store(true)
			err := c.ws.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(writeWait))
			if err != nil {
				c.ws.Close()
			} else {
				c.ws.SetReadDeadline(time.Now().Add(v.opts.CloseTimeout))
			}
			<-c.readerDone
			return
		case <-tick:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				c.ws.Close() // the reader reports the loss
				return
			}
		case m := <-v.sendq:
			msg, ok := v.beforeSend(m.data)
			if !ok {
				v.info("message not sent: cancelled by onBeforeMessageSend")
				continue
			}
			typ, kind := websocket.TextMessage, frame.Text
			if !utf8.Valid(msg) {
				typ, kind = websocket.BinaryMessage, frame.Binary
			}
			if kind == frame.Text {
				kind = dataset.NewRecord(msg, false, time.Time{}).Kind
			}
			// Logged before the write so that an answer never shows up
			// in the console ahead of its question.
			v.console.add(Entry{Time: time.Now(), Dir: Out, Kind: kind, Size: len(msg), Data: msg})
			v.subs.notify()
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.ws.WriteMessage(typ, msg); err != nil {
				v.fail(fmt.Errorf("send on %s: %w", v.name, err))
				c.ws.Close()
				return
			}
			v.msgsOut.Add(1)
			v.bytesOut.Add(uint64(len(msg)))
		}
	}
}

// closeText names a close code for a person, as the rest of the studio
// names it.
func closeText(code int) string {
	if n := wire.CloseName(code); n != "" {
		return n
	}
	return "unnamed code"
}

// readError is what onError gets when a connection ends badly: a sentence
// naming the variable, unwrapping to the *wire.Error (and through it to
// the socket's own error) for callers that branch on the class.
type readError struct {
	text string
	err  error
}

func (e *readError) Error() string { return e.text }
func (e *readError) Unwrap() error { return e.err }

// connClosed reports the end of a connection (onError when it was not a
// normal closure, a console line) and returns the code and reason for
// onClose.
func (v *Variable) connClosed(c *wsconn, cfg *settings, err error) (code int, reason string) {
	limit := cfg.dial.ReadLimit
	if limit <= 0 {
		limit = wire.DefaultReadLimit
	}
	werr := wire.ReadErrorFor(err, cfg.dial)
	code, reason = websocket.CloseAbnormalClosure, ""
	var report error
	var ce *websocket.CloseError
	var ne net.Error
	switch {
	case errors.As(err, &ce):
		// The reason is the server's text: it may echo what we sent.
		code, reason = ce.Code, cfg.secrets.Mask(ce.Text)
		if code != websocket.CloseNormalClosure && code != websocket.CloseGoingAway {
			report = &readError{v.name + ": " + werr.Error(), werr}
		}
	case errors.Is(err, websocket.ErrReadLimit):
		code, reason = websocket.CloseMessageTooBig, "message too big"
		report = &readError{fmt.Sprintf("%s: a message was larger than the read limit of %s, so the connection was closed with 1009 (message too big); raise the read limit if such messages are expected.",
			v.name, wire.SizeText(limit)), werr}
	case c.closing.Load():
		// We asked to close and the server did not answer in time, or
		// dropped the connection instead of answering.
		reason = fmt.Sprintf("the server did not answer the close within %v", v.opts.CloseTimeout)
	case errors.As(err, &ne) && ne.Timeout() && cfg.ping > 0:
		reason = "no pong"
		report = &readError{fmt.Sprintf("%s: no answer to pings for %v, so the connection is considered lost.", v.name, pongWait(cfg.ping)), werr}
	default:
		reason = "connection lost"
		report = &readError{v.name + ": " + werr.Error(), werr}
	}
	if report != nil {
		v.fail(report)
	}
	text := fmt.Sprintf("closed with %d (%s)", code, closeText(code))
	if reason != "" && reason != closeText(code) {
		text += ": " + reason
	}
	v.statMu.Lock()
	v.closeCode, v.closeReason = code, reason
	v.statMu.Unlock()
	v.info(text)
	return code, reason
}
