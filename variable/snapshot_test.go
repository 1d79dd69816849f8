package variable

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"wsstudio/project"
	"wsstudio/wire"
)

// seenServer closes every connection at once with 1011, so that a
// variable with reconnect on dials again and again, and records what each
// dial carried.
type seenServer struct {
	*httptest.Server
	mu    sync.Mutex
	dials int
	last  string // "round=… x-edit=…" of the latest dial
	seen  chan string
}

func newSeenServer(t *testing.T) *seenServer {
	s := &seenServer{seen: make(chan string, 1)}
	up := websocket.Upgrader{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		got := fmt.Sprintf("round=%s x-edit=%s", r.URL.Query().Get("round"), r.Header.Get("X-Edit"))
		s.mu.Lock()
		s.dials++
		s.last = got
		s.mu.Unlock()
		select {
		case s.seen <- got:
		default:
		}
		c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(1011, "again"))
		c.SetReadDeadline(time.Now().Add(time.Second))
		c.ReadMessage()
	}))
	t.Cleanup(s.Close)
	return s
}

// TestEditingWhileReconnectingIsRaceFree: one goroutine edits the profile,
// the service and the variable's bindings, and applies them, as the window
// does, while the variable reconnects every millisecond on another. Under
// -race this must be clean, and the next dial after the last Apply carries
// the applied change.
func TestEditingWhileReconnectingIsRaceFree(t *testing.T) {
	srv := newSeenServer(t)
	wsURL := "ws" + strings.TrimPrefix(srv.URL, "http") + "/feed?round=0"
	p, pv := newProject(t, wsURL, func(pv *project.Variable) {
		pv.Reconnect = project.Reconnect{Enabled: true, InitialDelay: time.Millisecond, MaxDelay: time.Millisecond}
	})
	svc := p.Services[0]
	host := svc.Host
	v, err := New(p, pv, Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	for range 3 { // it is reconnecting
		<-srv.seen
	}
	const edits = 300
	for i := 1; i <= edits; i++ {
		// The Profiles dialog's Apply: a map write in the profile.
		if err := p.SetProfile(project.DefaultProfile, "websocket.feed.host", host); err != nil {
			t.Fatal(err)
		}
		if err := p.SetProfile(project.DefaultProfile, fmt.Sprintf("unrelated.%d", i), "x"); err != nil {
			t.Fatal(err)
		}
		// The service's headers, and the variable's bindings.
		svc.Headers = []project.Param{{Name: "X-Edit", Value: fmt.Sprint(i)}}
		svc.Headers[0].Value = fmt.Sprint(i)
		pv.DataBinding = append(pv.DataBinding[:0], project.Binding{Target: "round", Value: fmt.Sprint(i)})
		if i%10 == 0 || i == edits {
			if err := v.ApplyProject(p, pv); err != nil {
				t.Fatal(err)
			}
		}
		runtime.Gosched()
	}
	want := fmt.Sprintf("round=%d x-edit=%d", edits, edits)
	for got := ""; got != want; {
		select {
		case got = <-srv.seen:
		case <-time.After(30 * time.Second):
			t.Fatalf("no dial with the applied change; the last carried %q", srv.last)
		}
	}
	// Unapplied edits do not reach the running variable.
	svc.Headers[0].Value = "not applied"
	for range 3 {
		if got := <-srv.seen; got != want {
			t.Fatalf("a dial carried %q after an edit that was not applied", got)
		}
	}
}

// hangingServer accepts TCP connections and never answers the handshake.
// accepted gets each connection as it is accepted; gone gets an event when
// the client closed it (it abandoned the handshake).
type hangingServer struct {
	ln       net.Listener
	accepted chan struct{}
	gone     chan struct{}
}

func newHangingServer(t *testing.T) *hangingServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &hangingServer{ln: ln, accepted: make(chan struct{}, 100), gone: make(chan struct{}, 100)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			h.accepted <- struct{}{}
			wg.Add(1)
			go func() {
				defer wg.Done()
				buf := make([]byte, 4096)
				for {
					if _, err := c.Read(buf); err != nil {
						h.gone <- struct{}{}
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return h
}

func (h *hangingServer) url() string { return "ws://" + h.ln.Addr().String() + "/feed" }

// hangingVariable is a variable on the hanging server whose handshake
// timeout is an hour: if Open returns, something other than the timeout
// ended the handshake.
func hangingVariable(t *testing.T, h Handlers) (*Variable, *hangingServer) {
	srv := newHangingServer(t)
	p, pv := newProject(t, srv.url(), func(pv *project.Variable) { pv.HandshakeTimeout = time.Hour })
	v, err := New(p, pv, Options{Handlers: h, Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	return v, srv
}

// TestStoppingAPendingHandshake: against a server that never answers, Close,
// cancelling Open's context and Open's deadline each end the handshake:
// the server sees the connection closed, and then Open returns.
func TestStoppingAPendingHandshake(t *testing.T) {
	for _, how := range []string{"Close", "CloseAsync", "cancel", "deadline"} {
		t.Run(how, func(t *testing.T) {
			rec := &recorder{}
			v, srv := hangingVariable(t, rec)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if how == "deadline" {
				ctx, cancel = context.WithTimeout(ctx, 300*time.Millisecond)
				defer cancel()
			}
			events := make(chan string, 4)
			opened := make(chan error, 1)
			go func() {
				err := v.Open(ctx)
				events <- "Open returned"
				opened <- err
			}()
			<-srv.accepted // the handshake is under way
			var stopped time.Time
			go func() {
				<-srv.gone
				events <- "server saw the socket closed"
			}()
			stopped = time.Now()
			switch how {
			case "Close":
				if err := v.Close(); err != nil {
					t.Error(err)
				}
			case "CloseAsync":
				<-v.CloseAsync()
			case "cancel":
				cancel()
			case "deadline":
				stopped = time.Time{}
			}
			first, second := <-events, <-events
			err := <-opened
			if second != "Open returned" && first != "Open returned" {
				t.Fatalf("events %q, %q", first, second)
			}
			if !stopped.IsZero() {
				t.Logf("%s to Open returning: %v", how, time.Since(stopped))
			}
			var we *wire.Error
			switch how {
			case "Close", "CloseAsync":
				if err == nil || err.Error() != "open Feed: the connection attempt was stopped by Close" {
					t.Fatalf("Open = %v", err)
				}
			case "cancel":
				if !errors.As(err, &we) || we.Class != wire.Canceled {
					t.Fatalf("Open = %v, want a cancelled dial", err)
				}
			case "deadline":
				if !errors.As(err, &we) || we.Class != wire.Timeout || !strings.Contains(err.Error(), "within 300ms") {
					t.Fatalf("Open = %v, want a timeout naming 300ms", err)
				}
			}
			<-v.Done()
			if v.State() != Closed {
				t.Fatalf("state %v", v.State())
			}
		})
	}
}

// blockingOpen's BeforeOpen waits until released, as a slow onBeforeOpen
// handler would.
type blockingOpen struct {
	NopHandlers
	entered, release chan struct{}
}

func (b *blockingOpen) BeforeOpen(*Variable) bool {
	close(b.entered)
	<-b.release
	return true
}

// TestDroppedDuringOnBeforeOpen: a variable let go of while its
// onBeforeOpen handler runs never connects, and its goroutines end.
func TestDroppedDuringOnBeforeOpen(t *testing.T) {
	srv := startDemo(t)
	h := &blockingOpen{entered: make(chan struct{}), release: make(chan struct{})}
	p, pv := newProject(t, srv.URL("/echo"), nil)
	v, err := New(p, pv, Options{Handlers: h, Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan error, 1)
	go func() { opened <- v.Open(context.Background()) }()
	<-h.entered
	done := v.CloseAsync() // never blocks, even with a handler running
	close(h.release)
	err = <-opened
	<-done
	if err == nil || err.Error() != "open Feed: the connection attempt was stopped by Close" {
		t.Fatalf("Open = %v", err)
	}
	if v.State() != Closed || strings.Contains(dump(v), "connected") {
		t.Fatalf("state %v, console:\n%s", v.State(), dump(v))
	}
}

// TestOpenCloseCyclesLeaveNoGoroutines opens and closes, cancels and
// abandons variables many times, on a live feed and on a server that never
// answers, and counts goroutines before and after.
func TestOpenCloseCyclesLeaveNoGoroutines(t *testing.T) {
	srv := startDemo(t)
	hang := newHangingServer(t)
	runtime.GC()
	before := runtime.NumGoroutine()
	for i := range 20 {
		p, pv := newProject(t, srv.URL("/ticker?interval=1ms"), nil)
		live, err := New(p, pv, Options{Env: func(string) string { return "" }})
		if err != nil {
			t.Fatal(err)
		}
		if err := live.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		cancel := live.Subscribe(func() {})
		if i%2 == 0 {
			live.Close()
		} else {
			<-live.CloseAsync()
		}
		cancel()

		p, pv = newProject(t, hang.url(), func(pv *project.Variable) { pv.HandshakeTimeout = time.Hour })
		stuck, _ := New(p, pv, Options{Env: func(string) string { return "" }})
		ctx, stop := context.WithCancel(context.Background())
		res := make(chan error, 1)
		go func() { res <- stuck.Open(ctx) }()
		<-hang.accepted
		if i%2 == 0 {
			stop()
		} else {
			stuck.CloseAsync()
		}
		<-res
		<-hang.gone
		<-stuck.Done()
		stop()
	}
	for range 500 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Fatalf("%d goroutines before, %d after:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
}

// TestServerTextIsMasked: a server that echoes the token in its close
// reason does not get it shown: not in the console, the statistics,
// onError or onClose.
func TestServerTextIsMasked(t *testing.T) {
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		reason := "bad token " + r.URL.Query().Get("token") + " auth " + r.Header.Get("Authorization")
		c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4001, reason))
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		c.ReadMessage()
	}))
	defer srv.Close()
	rec := &recorder{}
	p, pv := newProject(t, "ws"+strings.TrimPrefix(srv.URL, "http")+"/feed?token=SECRET456", nil)
	p.Services[0].Headers = []project.Param{{Name: "Authorization", Value: "Bearer SECRET123"}}
	v, err := New(p, pv, Options{Handlers: rec, Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-v.Done()
	st := v.Stats()
	all := dump(v) + rec.joined() + st.LastError + st.CloseReason
	for _, s := range []string{"SECRET123", "SECRET456"} {
		if strings.Contains(all, s) {
			t.Fatalf("%s shown:\n%s", s, all)
		}
	}
	if st.CloseCode != 4001 || st.CloseReason != "bad token •••• auth Bearer ••••" {
		t.Fatalf("close %d %q", st.CloseCode, st.CloseReason)
	}
}

// TestEnvironmentOverridesEvenWhenEmpty: with the process environment, a
// WEBSOCKET_<ID>_BASEPATH set to "" drops the profile's base path.
func TestEnvironmentOverridesEvenWhenEmpty(t *testing.T) {
	srv := newSeenServer(t)
	wsURL := "ws" + strings.TrimPrefix(srv.URL, "http") + "/feed?round=7"
	p, pv := newProject(t, wsURL, nil)
	if err := p.SetProfile(project.DefaultProfile, "websocket.feed.basepath", "/nowhere"); err != nil {
		t.Fatal(err)
	}
	t.Setenv(project.EnvName("feed", "basepath"), "")
	v, err := New(p, pv, Options{}) // Env nil: the process environment
	if err != nil {
		t.Fatal(err)
	}
	if got := v.config().dial.URL; got != wsURL {
		t.Fatalf("URL %s, want %s", got, wsURL)
	}
}
