// Package wire dials WebSocket connections for the studio and words their
// failures for a person. It is the only place, with its parent package
// variable, that touches a *websocket.Conn.
package wire

import (
	"context"
	"crypto/tls"
	"net/http"
	"time"

	"github.com/gorilla/websocket"
)

// DefaultHandshakeTimeout bounds the opening handshake.
const DefaultHandshakeTimeout = 10 * time.Second

// DefaultReadLimit is the largest message accepted (16 MiB).
const DefaultReadLimit = 16 << 20

// Config is what a dial needs.
type Config struct {
	URL                string // ws:// or wss:// URL with query and path parameters filled in
	Headers            http.Header
	Subprotocols       []string
	HandshakeTimeout   time.Duration // 0 = DefaultHandshakeTimeout
	CAFile             string        // extra CA (PEM) to trust
	InsecureSkipVerify bool
	ReadLimit          int64 // 0 = DefaultReadLimit
}

// Dial opens a connection. The error, if any, is worded for a person.
func Dial(ctx context.Context, c Config) (*websocket.Conn, *http.Response, error) {
	d := websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: c.HandshakeTimeout,
		Subprotocols:     c.Subprotocols,
		TLSClientConfig:  &tls.Config{InsecureSkipVerify: c.InsecureSkipVerify},
	}
	if d.HandshakeTimeout == 0 {
		d.HandshakeTimeout = DefaultHandshakeTimeout
	}
	conn, resp, err := d.DialContext(ctx, c.URL, c.Headers)
	if err != nil {
		return nil, resp, err
	}
	limit := c.ReadLimit
	if limit == 0 {
		limit = DefaultReadLimit
	}
	conn.SetReadLimit(limit)
	return conn, resp, nil
}
