// Package demo serves built-in WebSocket feeds on loopback (echo, random
// number, ticker, sensors, chat, heart rate, chat room, burst, drift) for
// offline use, the example projects and the tests.
//
// Every connection follows the same shape: the handler goroutine reads
// (readPump), one writer goroutine owns every write (writePump, which also
// sends pings), and feeds that produce data on a timer run one producer
// goroutine that hands frames to the writer through a bounded channel.
// Close ends all of them.
package demo

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Token is the bearer token the /secure/ feeds accept.
const Token = "demo-token"

// DefaultAddr is where serve-demo listens unless told otherwise.
const DefaultAddr = "127.0.0.1:8765"

// AtDefaultAddr reports whether a service at scheme and host reaches the
// feeds at their default address: the bundled examples are written so, and
// the studio serves the feeds for a project whose services are.
func AtDefaultAddr(scheme, host string) bool {
	return scheme == "ws" && (host == DefaultAddr || host == "localhost:8765")
}

const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = pongWait * 9 / 10
	readLimit  = 1 << 20
	sendQueue  = 256
)

// Feed describes one built-in feed.
type Feed struct {
	Name          string // "ticker"
	Path          string // "/ticker"
	Description   string
	Query         string // suggested query, "symbols=ACME,GLOBEX&interval=500ms"
	SampleRequest string // a message the feed understands, or ""
}

// Feeds lists the built-in feeds.
func Feeds() []Feed {
	return []Feed{
		{Name: "echo", Path: "/echo",
			Description:   "Sends back every text or binary message it receives.",
			SampleRequest: `{"hello":"world"}`},
		{Name: "randomnumber", Path: "/randomnumber",
			Description: `A random number every interval: {"time": unix ms, "value": 0..100}.`,
			Query:       "interval=1s"},
		{Name: "ticker", Path: "/ticker",
			Description:   `Stock quotes {"symbol","price","change","volume","time"} for each symbol every interval; send {"subscribe":["A","B"]} to change the symbols.`,
			Query:         "symbols=ACME,GLOBEX&interval=500ms",
			SampleRequest: `{"subscribe":["ACME","GLOBEX"]}`},
		{Name: "sensors", Path: "/sensors",
			Description: `Nested sensor readings every interval: {"site","time","readings":[{"sensor","cm","ok"}]}.`,
			Query:       "interval=1s"},
		{Name: "chat", Path: "/chat",
			Description:   `A chat room: every message is broadcast to all as {"user","text","time"}; joins and leaves are announced.`,
			Query:         "user=guest",
			SampleRequest: `{"text":"hello"}`},
		{Name: "burst", Path: "/burst",
			Description: `count JSON messages {"seq": i, ...} of about size bytes, as fast as possible, then a normal close.`,
			Query:       "count=1000&size=128"},
		{Name: "heartrate", Path: "/heartrate",
			Description: `A resting pulse every interval: {"time": unix ms, "value": 60..100 bpm}; seed=N repeats a series.`,
			Query:       "interval=500ms"},
		{Name: "chatroom", Path: "/chatroom",
			Description:   `A chat room: every message is broadcast to all as {"username","text","time"}; "system" announces joins and leaves.`,
			Query:         "username=guest",
			SampleRequest: `{"text":"hello"}`},
		{Name: "drift", Path: "/drift",
			Description: `count quotes {"seq","symbol","price","quote":{"bid","ask"},"trades":[{"qty"}]}, some of them off that shape in a fixed pattern, then a normal close.`,
			Query:       "count=20"},
	}
}

// Server is a running demo server.
type Server struct {
	Addr   string // host:port it listens on
	CAFile string // with TLS: the PEM file of its self-signed certificate

	tls      bool
	ln       net.Listener
	http     *http.Server
	upgrader websocket.Upgrader
	room     *room
	tmpDir   string

	// chat is the /chatroom room while it has members: made by its first
	// member, dropped with its last.
	chatMu sync.Mutex
	chat   *chatRoom

	mu     sync.Mutex
	closed bool
	quit   chan struct{}
	conns  map[*websocket.Conn]struct{}
	wg     sync.WaitGroup
	once   sync.Once
	err    error
}

// Start serves the feeds on addr ("127.0.0.1:0" for any free port; "" means
// that too); with useTLS it serves wss:// with a self-signed certificate
// written to Server.CAFile.
func Start(addr string, useTLS bool) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	s := &Server{
		tls:   useTLS,
		quit:  make(chan struct{}),
		conns: map[*websocket.Conn]struct{}{},
		room:  newRoom(),
		upgrader: websocket.Upgrader{
			ReadBufferSize:  4096,
			WriteBufferSize: 64 << 10,
			// The feeds are public test data on loopback; any page may use them.
			CheckOrigin: func(*http.Request) bool { return true },
		},
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("demo server: listen on %s: %w", addr, err)
	}
	if useTLS {
		cfg, dir, caFile, err := selfSigned()
		if err != nil {
			ln.Close()
			return nil, fmt.Errorf("demo server: %w", err)
		}
		s.tmpDir, s.CAFile = dir, caFile
		ln = tls.NewListener(ln, cfg)
	}
	s.ln = ln
	s.Addr = ln.Addr().String()
	s.http = &http.Server{
		Handler:           http.HandlerFunc(s.route),
		ReadHeaderTimeout: 10 * time.Second,
		// Handshake noise (clients that hang up, untrusted certificates)
		// is for the client to report, not the server.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.mu.Lock()
			s.err = err
			s.mu.Unlock()
		}
	}()
	return s, nil
}

// URL is the ws:// or wss:// URL of a feed path ("/ticker?symbols=A").
func (s *Server) URL(pathAndQuery string) string {
	scheme := "ws"
	if s.tls {
		scheme = "wss"
	}
	if !strings.HasPrefix(pathAndQuery, "/") {
		pathAndQuery = "/" + pathAndQuery
	}
	return scheme + "://" + s.Addr + pathAndQuery
}

// Close stops the server, closes every connection (with 1001 "server
// shutting down") and waits for every goroutine it started.
func (s *Server) Close() error {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.quit)
		s.mu.Unlock()
		err := s.http.Close()
		s.wg.Wait()
		if s.tmpDir != "" {
			os.RemoveAll(s.tmpDir)
		}
		s.mu.Lock()
		if s.err == nil && err != nil {
			s.err = err
		}
		s.mu.Unlock()
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// track registers a handler with the server; false when the server is
// closing and the handler must not start.
func (s *Server) track(c *websocket.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	s.conns[c] = struct{}{}
	return true
}

func (s *Server) untrack(c *websocket.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.wg.Done()
}

// route dispatches a request to its feed; /secure/<feed> checks the token
// first.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/secure/"); ok {
		if !authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="wsstudio-demo"`)
			http.Error(w, "missing or wrong token: send Authorization: Bearer "+Token+" or ?token="+Token, http.StatusUnauthorized)
			return
		}
		path = "/" + rest
	}
	var h func(http.ResponseWriter, *http.Request)
	switch path {
	case "/echo":
		h = s.serveEcho
	case "/randomnumber":
		h = s.serveRandom
	case "/ticker":
		h = s.serveTicker
	case "/sensors":
		h = s.serveSensors
	case "/chat":
		h = s.serveChat
	case "/burst":
		h = s.serveBurst
	case "/heartrate":
		h = s.serveHeartRate
	case "/chatroom":
		h = s.serveChatroom
	case "/drift":
		h = s.serveDrift
	case "/", "":
		s.serveIndex(w, r)
		return
	default:
		http.Error(w, "no demo feed at "+r.URL.Path+"; try /echo, /randomnumber, /ticker, /sensors, /chat, /burst, /heartrate, /chatroom or /drift", http.StatusNotFound)
		return
	}
	if !websocket.IsWebSocketUpgrade(r) {
		http.Error(w, r.URL.Path+" is a WebSocket feed: connect with ws:// (or wss://)", http.StatusBadRequest)
		return
	}
	h(w, r)
}

func authorized(r *http.Request) bool {
	if r.Header.Get("Authorization") == "Bearer "+Token {
		return true
	}
	return r.URL.Query().Get("token") == Token
}

func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "WebSocket Studio demo feeds:")
	for _, f := range Feeds() {
		u := s.URL(f.Path)
		if f.Query != "" {
			u += "?" + f.Query
		}
		fmt.Fprintf(w, "  %-60s %s\n", u, f.Description)
	}
}

// upgrade completes the handshake and registers the connection.
func (s *Server) upgrade(w http.ResponseWriter, r *http.Request) (*websocket.Conn, bool) {
	c, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return nil, false // Upgrade has already answered the client.
	}
	if !s.track(c) {
		c.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"),
			time.Now().Add(time.Second))
		c.Close()
		return nil, false
	}
	c.SetReadLimit(readLimit)
	return c, true
}
