package variable

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"wsstudio/demo"
	"wsstudio/project"
)

func TestHandlerPanicIsReportedNotFatal(t *testing.T) {
	srv := startDemo(t)
	rec := &recorder{}
	rec.onMessage = func(*Variable, []byte) { panic("boom") }
	v := openVar(t, srv.URL("/burst?count=3&size=32"), rec, func(pv *project.Variable) { pv.Strategy = "append" })
	waitFor(t, v, "the burst", func() bool { return v.State() == Closed })
	if got := v.Dataset().Len(); got != 3 {
		t.Fatalf("dataset holds %d records; a failing handler must not lose data", got)
	}
	if n := strings.Count(rec.joined(), "error Feed: the onMessageReceive handler failed: boom"); n != 3 {
		t.Fatalf("events = %s", rec.joined())
	}
}

func TestCloseWhileConnecting(t *testing.T) {
	// A listener that accepts and never answers the handshake.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	rec := &recorder{}
	p, pv := newProject(t, "ws://"+ln.Addr().String()+"/slow", nil)
	v, _ := New(p, pv, Options{Handlers: rec})
	opened := make(chan error, 1)
	go func() { opened <- v.Open(context.Background()) }()
	waitFor(t, v, "connecting", func() bool { return v.State() == Connecting })
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	err = <-opened
	if err == nil || err.Error() != "open Feed: the connection attempt was stopped by Close" {
		t.Fatalf("Open = %v", err)
	}
	if v.State() != Closed || strings.Contains(rec.joined(), "error") {
		t.Fatalf("state %v, events %s", v.State(), rec.joined())
	}
	// and it opens again afterwards
	srv := startDemo(t)
	p.Services[0].Endpoint = srv.URL("/echo")
	ep, _ := project.SplitEndpoint(srv.URL("/echo"))
	p.Services[0].Host, p.Services[0].BasePath, p.Services[0].RelativePath = ep.Host, ep.BasePath, ep.RelativePath
	if err := v.ApplyProject(p, pv); err != nil {
		t.Fatal(err)
	}
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	v.SendValue("again")
	waitFor(t, v, "the echo", func() bool { return v.Dataset().Len() == 1 })
	v.Close()
}

func TestOpenTwiceIsAnError(t *testing.T) {
	srv := startDemo(t)
	v := openVar(t, srv.URL("/echo"), nil, nil)
	if err := v.Open(context.Background()); err == nil || err.Error() != "open Feed: the variable is already open" {
		t.Fatalf("second Open = %v", err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatalf("closing a closed variable: %v", err)
	}
}

func TestBackoffDelaysAreCapped(t *testing.T) {
	b := newBackoff(project.Reconnect{Enabled: true, InitialDelay: 100 * time.Millisecond, MaxDelay: time.Second})
	prev := time.Duration(0)
	for i := range 30 {
		d := min(b.NextBackOff(), b.MaxInterval)
		if d > time.Second || d < 50*time.Millisecond {
			t.Fatalf("delay %d = %v, outside [50ms, 1s]", i, d)
		}
		if i == 0 && d > 150*time.Millisecond {
			t.Fatalf("first delay %v, want about 100ms", d)
		}
		prev = d
	}
	if prev < 500*time.Millisecond {
		t.Fatalf("delays did not grow: last %v", prev)
	}
	if d := newBackoff(project.Reconnect{}); d.InitialInterval != DefaultReconnectDelay || d.MaxInterval != DefaultReconnectMaxDelay {
		t.Fatalf("defaults = %v, %v", d.InitialInterval, d.MaxInterval)
	}
}

func TestStateNames(t *testing.T) {
	for s, want := range map[State]string{Closed: "closed", Connecting: "connecting", Open: "open", Closing: "closing", Reconnecting: "reconnecting", 9: "state(9)"} {
		if s.String() != want {
			t.Errorf("%d = %q, want %q", int(s), s.String(), want)
		}
	}
}

// TestReopenFromOnClose: a page script's own reconnect, onClose calling
// open(), works: the variable is closed by the time onClose runs.
func TestReopenFromOnClose(t *testing.T) {
	srv := startDemo(t)
	rec := &recorder{}
	reopened := 0
	rec.onClose = func(v *Variable) {
		if v.State() != Closed {
			t.Errorf("state in onClose = %v", v.State())
		}
		if reopened == 0 {
			reopened++
			if err := v.Open(context.Background()); err != nil {
				t.Errorf("Open from onClose: %v", err)
			}
		}
	}
	v := openVar(t, srv.URL("/burst?count=3&size=32"), rec, func(pv *project.Variable) {
		pv.Strategy, pv.DataLimit = project.StrategyAppend, 0
	})
	waitFor(t, v, "both bursts", func() bool { return strings.Count(rec.joined(), "close 1000") == 2 })
	want := "beforeOpen | open open | close 1000 burst of 3 complete | beforeOpen | open open | close 1000 burst of 3 complete"
	var got []string
	for _, e := range rec.list() {
		if !strings.HasPrefix(e, "receive") {
			got = append(got, e)
		}
	}
	if strings.Join(got, " | ") != want {
		t.Fatalf("events = %s", strings.Join(got, " | "))
	}
	if v.Dataset().Len() != 6 {
		t.Fatalf("dataset holds %d records, want both bursts", v.Dataset().Len())
	}
}

// TestPingsKeepALiveConnectionOpen: a server that answers pings keeps the
// connection through many ping intervals.
func TestPingsKeepALiveConnectionOpen(t *testing.T) {
	srv := startDemo(t)
	rec := &recorder{}
	// Pings every 100ms: short enough for many of them, long enough that a
	// loaded machine answers each within the pong wait.
	v := openVar(t, srv.URL("/echo"), rec, func(pv *project.Variable) { pv.PingInterval = 100 * time.Millisecond })
	for i := range 8 { // each round spans a ping interval or more
		v.SendValue(map[string]int{"i": i})
		waitFor(t, v, "the echo", func() bool { return v.Stats().MessagesIn == uint64(i+1) })
		time.Sleep(100 * time.Millisecond)
	}
	if v.State() != Open || strings.Contains(rec.joined(), "error") {
		t.Fatalf("state %v, events %s", v.State(), rec.joined())
	}
}

// TestCloseFromASubscriber: Subscribe callbacks run on the variable's own
// goroutines (reading and writing); closing from one must not deadlock.
func TestCloseFromASubscriber(t *testing.T) {
	srv := startDemo(t)
	v := openVar(t, srv.URL("/echo"), nil, nil)
	var closed atomic.Bool
	cancel := v.Subscribe(func() {
		// Close notifies subscribers too, so this runs again inside it.
		if es := v.Console(1); len(es) == 1 && es[0].Dir == Out && closed.CompareAndSwap(false, true) {
			v.Close() // on the writing goroutine
		}
	})
	defer cancel()
	v.SendValue("bye")
	waitFor(t, v, "the close", func() bool { return v.State() == Closed })
}

// TestSubscriberMayCloseOnStateChange: state changes notify subscribers
// outside the variable's locks, so one may close the variable at once.
func TestSubscriberMayCloseOnStateChange(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/echo"), nil)
	v, _ := New(p, pv, Options{})
	var closed atomic.Bool
	cancel := v.Subscribe(func() {
		if v.State() == Open && closed.CompareAndSwap(false, true) {
			go v.Close() // from a goroutine of its own, as a UI would
			v.Close()    // and from the notifying goroutine itself
		}
	})
	defer cancel()
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the close", func() bool { return v.State() == Closed })
}

// TestHeadersSubprotocolsAndBindings: the service's headers (a binding may
// override one), its subprotocols, and query parameters filled from the
// variable's bindings all reach the server.
func TestHeadersSubprotocolsAndBindings(t *testing.T) {
	up := websocket.Upgrader{Subprotocols: []string{"quotes.v2"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteJSON(map[string]string{
			"version": r.Header.Get("X-Api-Version"),
			"client":  r.Header.Get("X-Client"),
			"symbols": r.URL.Query().Get("symbols"),
		})
		c.ReadMessage()
	}))
	defer srv.Close()
	p, pv := newProject(t, "ws"+strings.TrimPrefix(srv.URL, "http")+"/quotes?symbols=ACME", func(pv *project.Variable) {
		pv.DataBinding = []project.Binding{{Target: "symbols", Value: "GLOBEX"}, {Target: "X-Client", Value: "studio"}}
	})
	svc := p.Services[0]
	svc.Headers = []project.Param{{Name: "X-Api-Version", Value: "2"}, {Name: "X-Client", Value: "default"}}
	svc.Subprotocols = []string{"quotes.v3", "quotes.v2"}
	v, _ := New(p, pv, Options{Env: func(string) string { return "" }})
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	waitFor(t, v, "the message", func() bool { return v.Dataset().Len() == 1 })
	r, _ := v.Dataset().Latest()
	if got := string(r.Raw); got != `{"client":"studio","symbols":"GLOBEX","version":"2"}`+"\n" {
		t.Fatalf("server saw %s", got)
	}
	// the agreed subprotocol is named, masked: services carry tokens in it
	if !strings.Contains(dump(v), "connected (subprotocol "+project.Masked+")") || strings.Contains(dump(v), "quotes.v2") {
		t.Fatalf("console:\n%s", dump(v))
	}
}

// panicky is a Handlers whose every handler panics.
type panicky struct{}

func (panicky) BeforeOpen(*Variable) bool                          { panic("no open") }
func (panicky) Open(*Variable)                                     { panic("no onOpen") }
func (panicky) BeforeMessageSend(*Variable, []byte) ([]byte, bool) { panic("no send") }
func (panicky) MessageReceive(*Variable, []byte) ([]byte, bool)    { panic("no receive") }
func (panicky) Error(*Variable, error)                             { panic("no error") }
func (panicky) BeforeClose(*Variable) bool                         { panic("no close") }
func (panicky) Close(*Variable, int, string)                       { panic("no onClose") }

// TestEveryHandlerPanicIsContained: each failing handler is reported and the
// event goes on as if there were none — no veto, no replacement — and a
// failing onError does not call itself again.
func TestEveryHandlerPanicIsContained(t *testing.T) {
	srv := startDemo(t)
	v := openVar(t, srv.URL("/echo"), panicky{}, nil)
	if err := v.Send([]byte(`{"a":1}`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the echo", func() bool { return v.Dataset().Len() == 1 })
	if r, _ := v.Dataset().Latest(); string(r.Raw) != `{"a":1}` {
		t.Fatalf("echo = %s", r.Raw)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the close", func() bool { return v.State() == Closed })
	var errs []string
	for _, e := range v.Console(100) {
		if e.Dir == Error {
			errs = append(errs, e.Text)
		}
	}
	want := []string{}
	for _, ev := range []struct{ name, msg string }{
		{"onBeforeOpen", "no open"}, {"onOpen", "no onOpen"}, {"onBeforeMessageSend", "no send"},
		{"onMessageReceive", "no receive"}, {"onBeforeClose", "no close"}, {"onClose", "no onClose"},
	} {
		want = append(want, "Feed: the "+ev.name+" handler failed: "+ev.msg, "Feed: the onError handler failed: no error")
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Fatalf("console errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
}

// TestCloseLeavesNoGoroutines opens variables on live feeds — one with
// pings, one waiting to reconnect after the server closed it — closes them
// and the servers, and checks that every goroutine they started ends.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	fs := newFaultServer(t)
	rec := &recorder{}
	var vars []*Variable
	for _, c := range []struct {
		url  string
		edit func(*project.Variable)
	}{
		{srv.URL("/ticker?interval=1ms"), func(pv *project.Variable) { pv.PingInterval = 5 * time.Millisecond }},
		{srv.URL("/echo"), nil},
		// Closed by the server at once, then waiting an hour to reconnect:
		// only Close can end that wait.
		{fs.url("/close?code=1011&reason=later"), func(pv *project.Variable) {
			pv.Reconnect = project.Reconnect{Enabled: true, InitialDelay: time.Hour, MaxDelay: time.Hour}
		}},
	} {
		p, pv := newProject(t, c.url, c.edit)
		v, err := New(p, pv, Options{Handlers: rec})
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		vars = append(vars, v)
	}
	waitFor(t, vars[0], "ticks", func() bool { return vars[0].Dataset().Len() > 0 })
	if err := vars[1].Send([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, vars[1], "the echo", func() bool { return vars[1].Dataset().Len() > 0 })
	waitFor(t, vars[2], "the wait to reconnect", func() bool { return vars[2].State() == Reconnecting })

	for _, v := range vars {
		if err := v.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	fs.Close()
	for range 500 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Fatalf("%d goroutines before, %d after closing:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
}
