package wire

import (
	"context"
	"errors"
	"net"
	"os"
	"time"

	"github.com/gorilla/websocket"
)

// Probe is a connection that is only read for a while and then closed: the
// import's connection test. Its failures are *Error values like Dial's.
// A Probe is used from one goroutine.
type Probe struct {
	conn *websocket.Conn
	host string // host:port, for the wording of failures
	cfg  Config
	done bool
}

// Received is one data message a Probe read.
type Received struct {
	Data   []byte
	Binary bool
	At     time.Time // when it was read
}

// ErrWindowOver is what Probe.Read returns when its deadline passed first.
var ErrWindowOver = errors.New("wire: the reading window is over")

// DialProbe dials c (see Dial) for a Probe.
func DialProbe(ctx context.Context, c Config) (*Probe, error) {
	conn, _, err := Dial(ctx, c)
	if err != nil {
		return nil, err
	}
	return &Probe{conn: conn, host: describeTarget(c.URL).host, cfg: c}, nil
}

// Subprotocol is the subprotocol the server agreed, or "".
func (p *Probe) Subprotocol() string { return p.conn.Subprotocol() }

// SendText writes one text message, waiting at most 10 s. The error is a
// *Error.
func (p *Probe) SendText(msg string) error {
	p.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if err := p.conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
		return p.fail(err)
	}
	return nil
}

// Read returns the next data message. It returns ErrWindowOver once
// deadline has passed, and a *Error of class Canceled when ctx ends first;
// any other failure is the server's close or a broken connection, worded
// by ReadError. After an error, only Close is of use.
func (p *Probe) Read(ctx context.Context, deadline time.Time) (Received, error) {
	if err := ctx.Err(); err != nil {
		return Received{}, &Error{Class: Canceled, Host: p.host, Err: err}
	}
	p.conn.SetReadDeadline(deadline)
	// Ending ctx moves the deadline to now, which wakes the read below.
	stop := context.AfterFunc(ctx, func() { p.conn.SetReadDeadline(time.Now()) })
	typ, data, err := p.conn.ReadMessage()
	stop()
	at := time.Now()
	var netErr net.Error // gorilla wraps a timeout in one of its own
	switch {
	case err == nil:
		return Received{Data: data, Binary: typ == websocket.BinaryMessage, At: at}, nil
	case ctx.Err() != nil:
		return Received{}, &Error{Class: Canceled, Host: p.host, Err: ctx.Err()}
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		// The only deadline set is the caller's (ctx ending is handled
		// above), so this is the window closing.
		return Received{}, ErrWindowOver
	}
	return Received{}, p.fail(err)
}

// EndedWell reports whether err, from Read, is the server ending the
// connection as intended: a normal close, or "going away" after it sent
// something (got > 0 messages).
func EndedWell(err error, got int) bool {
	var we *Error
	if !errors.As(err, &we) {
		return false
	}
	return we.Normal() || we.Class == ClosedByServer && we.CloseCode == websocket.CloseGoingAway && got > 0
}

// Close says goodbye with a normal close (1000) and reason, then closes the
// connection. Closing twice does nothing.
func (p *Probe) Close(reason string) { p.close(websocket.CloseNormalClosure, reason) }

// CloseGoingAway is Close with "going away" (1001): this side gave up.
func (p *Probe) CloseGoingAway(reason string) { p.close(websocket.CloseGoingAway, reason) }

func (p *Probe) close(code int, reason string) {
	if p.done {
		return
	}
	p.done = true
	p.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	p.conn.Close()
}

func (p *Probe) fail(err error) error {
	e := ReadErrorFor(err, p.cfg)
	var we *Error
	if errors.As(e, &we) && we.Host == "" {
		we.Host = p.host
	}
	return e
}
