// Package wire dials WebSocket connections for the studio and words their
// failures for a person. It is the only place, with the variable package
// (which reads and writes what Dial opens) and the demo feeds' servers, that
// touches a *websocket.Conn; the import's connection test reads through a
// Probe instead.
//
// Every error Dial, DialProbe, a Probe's methods and ReadError return is a
// *Error, ErrWindowOver aside: a Class a program can switch on, and an
// Error() sentence that says what failed and what to try.
// Secrets (Authorization and Cookie values, token-like query parameters,
// passwords in the URL) never appear in that text.
package wire

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// DefaultHandshakeTimeout bounds the opening handshake.
const DefaultHandshakeTimeout = 10 * time.Second

// DefaultReadLimit is the largest message accepted (16 MiB).
const DefaultReadLimit = 16 << 20

// bodySnippet is how much of a refused upgrade's body an error quotes.
const bodySnippet = 200

// Config is what a dial needs.
type Config struct {
	URL                string // ws:// or wss:// URL with query and path parameters filled in
	Headers            http.Header
	Subprotocols       []string
	HandshakeTimeout   time.Duration // 0 = DefaultHandshakeTimeout
	CAFile             string        // extra CA (PEM) to trust, added to the system pool
	InsecureSkipVerify bool
	ReadLimit          int64 // 0 = DefaultReadLimit
}

// Dial opens a connection. The agreed subprotocol, if any, is
// conn.Subprotocol(). The error, if any, is a *Error worded for a person;
// resp is the server's answer to a refused upgrade (its body already read
// into the error), or nil.
//
// ctx ending — cancelled, or past its deadline — abandons the dial at
// once, the handshake included: the socket under it is closed, so a server
// that accepts the connection and never answers cannot hold Dial past ctx.
func Dial(ctx context.Context, c Config) (*websocket.Conn, *http.Response, error) {
	timeout := c.HandshakeTimeout
	if timeout <= 0 {
		timeout = DefaultHandshakeTimeout
	}
	start := time.Now()
	if dl, ok := ctx.Deadline(); ok && dl.Sub(start) < timeout {
		// The caller's deadline comes first: that is the time allowed, as
		// a person would say it (its start was a moment before this dial).
		timeout = roughly(max(dl.Sub(start), 0))
	}
	target := describeTarget(c.URL)
	secrets := secretValues(c.URL, c.Headers, c.Subprotocols)
	fail := func(e *Error) error {
		e.Host, e.URL, e.Timeout, e.secrets = target.host, target.masked, timeout, secrets
		return e
	}
	if !target.ok {
		return nil, nil, fail(&Error{Class: Other, Err: errors.New("malformed URL"),
			msg: fmt.Sprintf("The address %s is not a valid ws:// or wss:// URL: check its spelling.", quoteURL(target.masked))})
	}
	tlsCfg := &tls.Config{InsecureSkipVerify: c.InsecureSkipVerify}
	if c.CAFile != "" {
		pool, err := loadCA(c.CAFile)
		if err != nil {
			return nil, nil, fail(&Error{Class: TLSOther, Err: err, msg: err.Error()})
		}
		tlsCfg.RootCAs = pool
	}
	var (
		mu      sync.Mutex
		release []func() bool // stop the watch on ctx of each socket dialed
	)
	var nd net.Dialer
	d := websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: timeout,
		Subprotocols:     c.Subprotocols,
		TLSClientConfig:  tlsCfg,
		// gorilla honours a context only while dialing TCP and through
		// deadlines; closing the socket when ctx ends is what makes a
		// cancel stop a handshake that is waiting for the server.
		NetDialContext: func(dctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := nd.DialContext(dctx, network, addr)
			if err != nil {
				return nil, err
			}
			stop := context.AfterFunc(ctx, func() { conn.Close() })
			mu.Lock()
			release = append(release, stop)
			mu.Unlock()
			return conn, nil
		},
	}
	conn, resp, err := d.DialContext(ctx, c.URL, c.Headers)
	abandoned := false
	mu.Lock()
	for _, stop := range release {
		if !stop() {
			abandoned = true // ctx ended and the socket was closed under the dial
		}
	}
	mu.Unlock()
	if err == nil && abandoned {
		conn.Close()
		conn, err = nil, ctx.Err()
	}
	if err != nil {
		e := classifyDial(ctx, err, resp)
		if resp != nil && resp.Body != nil {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			e.Body = snippet(b)
		}
		return nil, resp, fail(e)
	}
	limit := c.ReadLimit
	if limit <= 0 {
		limit = DefaultReadLimit
	}
	conn.SetReadLimit(limit)
	return conn, resp, nil
}

// roughly rounds d to two significant figures of the units people give
// timeouts in: 296ms → 300ms, 997ms → 1s, 29.96s → 30s.
func roughly(d time.Duration) time.Duration {
	unit := time.Millisecond
	for unit*100 <= d && unit < time.Second {
		unit *= 10
	}
	return d.Round(unit)
}

// loadCA returns the system pool with the certificates of a PEM file added.
func loadCA(path string) (*x509.CertPool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("The CA file %s could not be read (%v): check the path under TLS options.", path, unwrapPath(err))
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("The CA file %s holds no PEM certificate: choose the server's CA certificate (-----BEGIN CERTIFICATE-----).", path)
	}
	return pool, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// target is what an error may say about where a dial went.
type target struct {
	ok     bool
	host   string // host:port
	masked string // the URL with secrets masked
}

func describeTarget(raw string) target {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return target{masked: MaskURL(raw)}
	}
	host := u.Host
	if u.Port() == "" {
		if u.Scheme == "wss" {
			host += ":443"
		} else {
			host += ":80"
		}
	}
	return target{ok: true, host: host, masked: MaskURL(raw)}
}

func quoteURL(s string) string {
	if s == "" {
		return "(empty)"
	}
	return fmt.Sprintf("%q", s)
}
