// Package demo serves built-in WebSocket feeds on loopback (echo, random
// number, ticker, sensors, chat, burst) for offline use, the example project
// and the tests.
package demo

import "errors"

// Feed describes one built-in feed.
type Feed struct {
	Name          string // "ticker"
	Path          string // "/ticker"
	Description   string
	Query         string // suggested query, "symbols=ACME,GLOBEX&interval=500ms"
	SampleRequest string // a message the feed understands, or ""
}

// Feeds lists the built-in feeds.
func Feeds() []Feed { return nil }

// Server is a running demo server.
type Server struct {
	Addr   string // host:port it listens on
	CAFile string // with TLS: the PEM file of its self-signed certificate
}

// Start serves the feeds on addr ("127.0.0.1:0" for any free port); with
// tls it serves wss:// with a self-signed certificate.
func Start(addr string, tls bool) (*Server, error) { return nil, errors.New("not implemented yet") }

// URL is the ws:// or wss:// URL of a feed path ("/ticker?symbols=A").
func (s *Server) URL(pathAndQuery string) string { return "" }

// Close stops the server and closes every connection.
func (s *Server) Close() error { return nil }
