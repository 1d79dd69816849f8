package variable

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/wire"
	"wsstudio/wire/frame"
)

// seqs lists the "seq" field of every record in display order.
func seqs(v *Variable) string {
	var b []string
	d := v.Dataset()
	for _, r := range d.Records(0, d.Len()) {
		b = append(b, r.Get("seq").String())
	}
	return strings.Join(b, ",")
}

func TestStrategiesAgainstBurst(t *testing.T) {
	srv := startDemo(t)
	tests := []struct {
		strategy string
		limit    int
		want     string
	}{
		{project.StrategyRefresh, 3, "9"},
		{project.StrategyAppend, 3, "7,8,9"},
		{project.StrategyAppend, 0, "0,1,2,3,4,5,6,7,8,9"},
		{project.StrategyPrepend, 3, "9,8,7"},
		{project.StrategyPrepend, 0, "9,8,7,6,5,4,3,2,1,0"},
		{"", 3, "9"}, // unset is refresh
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.strategy, tt.limit), func(t *testing.T) {
			rec := &recorder{}
			v := openVar(t, srv.URL("/burst?count=10&size=64"), rec, func(pv *project.Variable) {
				pv.Strategy, pv.DataLimit = tt.strategy, tt.limit
			})
			waitFor(t, v, "the burst to end", func() bool { return v.State() == Closed && strings.Contains(rec.joined(), "close ") })
			if got := seqs(v); got != tt.want {
				t.Errorf("dataset = %s, want %s", got, tt.want)
			}
			if st := v.Stats(); st.MessagesIn != 10 || st.BytesIn != 640 {
				t.Errorf("stats in = %d messages, %d bytes; want 10, 640", st.MessagesIn, st.BytesIn)
			}
			// the server's close code and reason reach onClose
			if ev := rec.list(); ev[len(ev)-1] != "close 1000 burst of 10 complete" {
				t.Errorf("last event = %q", ev[len(ev)-1])
			}
		})
	}
}

func TestApplyChangesStrategyAndTrimsAtOnce(t *testing.T) {
	srv := startDemo(t)
	v := openVar(t, srv.URL("/burst?count=10&size=64"), nil, func(pv *project.Variable) {
		pv.Strategy, pv.DataLimit = project.StrategyAppend, 0
	})
	waitFor(t, v, "the burst to end", func() bool { return v.State() == Closed })
	pv := v.config().pv
	pv.DataLimit = 4
	v.Apply(&pv)
	if got := seqs(v); got != "6,7,8,9" {
		t.Fatalf("after lowering the limit to 4: %s", got)
	}
	pv.Strategy = project.StrategyPrepend
	v.Apply(&pv)
	if got := seqs(v); got != "9,8,7,6" {
		t.Fatalf("after switching to prepend: %s", got)
	}
	pv.Strategy = project.StrategyRefresh
	v.Apply(&pv)
	if got := seqs(v); got != "9" {
		t.Fatalf("after switching to refresh: %s", got)
	}
}

func TestEventOrderAndEcho(t *testing.T) {
	srv := startDemo(t)
	rec := &recorder{}
	v := openVar(t, srv.URL("/echo"), rec, func(pv *project.Variable) {
		pv.DataBinding = []project.Binding{{Target: "RequestBody", Value: `{"subscribe":"ACME"}`}}
	})
	if err := v.Send(nil); err != nil { // the bound RequestBody
		t.Fatal(err)
	}
	waitFor(t, v, "the echo", func() bool { return v.Dataset().Len() == 1 })
	if err := v.SendValue(map[string]any{"n": 2}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the second echo", func() bool { return v.Stats().MessagesIn == 2 && v.Stats().MessagesOut == 2 })
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"beforeOpen", "open open",
		`beforeSend {"subscribe":"ACME"}`, `receive {"subscribe":"ACME"}`,
		`beforeSend {"n":2}`, `receive {"n":2}`,
		"beforeClose", "close 1000 ",
	}
	if got := rec.list(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if v.State() != Closed {
		t.Fatalf("state after Close = %v", v.State())
	}
	st := v.Stats()
	if st.MessagesOut != 2 || st.BytesOut != uint64(len(`{"subscribe":"ACME"}`)+len(`{"n":2}`)) {
		t.Errorf("stats out = %+v", st)
	}
	if st.LastMessage.IsZero() {
		t.Error("the time of the last message is not set")
	}
	// the console holds the frames both ways and the state changes
	var dirs []string
	for _, e := range v.Console(100) {
		if e.Dir == In || e.Dir == Out {
			dirs = append(dirs, fmt.Sprintf("%v %s", e.Dir, e.Data))
		}
	}
	if got := strings.Join(dirs, "; "); got != `out {"subscribe":"ACME"}; in {"subscribe":"ACME"}; out {"n":2}; in {"n":2}` {
		t.Errorf("console frames = %s", got)
	}
	if err := v.Send([]byte("x")); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Send on a closed variable: %v", err)
	}
}

func TestVetoes(t *testing.T) {
	srv := startDemo(t)
	t.Run("beforeOpen", func(t *testing.T) {
		rec := &recorder{vetoOpen: true}
		p, pv := newProject(t, srv.URL("/echo"), nil)
		v, _ := New(p, pv, Options{Handlers: rec})
		err := v.Open(context.Background())
		if !errors.Is(err, ErrCanceled) || v.State() != Closed {
			t.Fatalf("Open = %v, state %v", err, v.State())
		}
		if got := rec.joined(); got != "beforeOpen" {
			t.Fatalf("events = %s", got)
		}
	})
	t.Run("beforeSend cancels", func(t *testing.T) {
		rec := &recorder{vetoSend: true}
		v := openVar(t, srv.URL("/echo"), rec, nil)
		v.Send([]byte("secret plan"))
		waitFor(t, v, "the cancel", func() bool { return strings.Contains(dump(v), "cancelled by onBeforeMessageSend") })
		rec.vetoSend = false
		v.Send([]byte("after"))
		waitFor(t, v, "the echo", func() bool { return v.Dataset().Len() == 1 && v.Stats().MessagesOut == 1 })
		if r, _ := v.Dataset().Latest(); string(r.Raw) != "after" {
			t.Fatalf("echoed %q, %d out", r.Raw, v.Stats().MessagesOut)
		}
	})
	t.Run("beforeSend replaces", func(t *testing.T) {
		rec := &recorder{replaceSend: []byte(`{"replaced":true}`)}
		v := openVar(t, srv.URL("/echo"), rec, nil)
		v.Send([]byte("original"))
		waitFor(t, v, "the echo", func() bool { return v.Dataset().Len() == 1 })
		if r, _ := v.Dataset().Latest(); string(r.Raw) != `{"replaced":true}` {
			t.Fatalf("echoed %q", r.Raw)
		}
	})
	t.Run("receive replaces", func(t *testing.T) {
		rec := &recorder{replaceReceive: []byte(`{"price":1}`)}
		v := openVar(t, srv.URL("/echo"), rec, nil)
		v.Send([]byte(`{"price":99}`))
		waitFor(t, v, "the echo", func() bool { return v.Dataset().Len() == 1 })
		r, _ := v.Dataset().Latest()
		if r.Get("price").Int() != 1 || r.Kind != frame.JSON || r.Seq != 1 {
			t.Fatalf("record = %+v", r)
		}
	})
	t.Run("receive drops", func(t *testing.T) {
		rec := &recorder{dropReceive: true}
		v := openVar(t, srv.URL("/burst?count=5&size=64"), rec, func(pv *project.Variable) { pv.Strategy = "append" })
		waitFor(t, v, "the burst", func() bool { return v.State() == Closed })
		if v.Dataset().Len() != 0 || v.Stats().MessagesIn != 5 {
			t.Fatalf("dataset %d records, %d in", v.Dataset().Len(), v.Stats().MessagesIn)
		}
	})
	t.Run("beforeClose", func(t *testing.T) {
		rec := &recorder{vetoClose: true}
		v := openVar(t, srv.URL("/echo"), rec, nil)
		if err := v.Close(); !errors.Is(err, ErrCanceled) || v.State() != Open {
			t.Fatalf("Close = %v, state %v", err, v.State())
		}
		rec.vetoClose = false
		if err := v.Close(); err != nil || v.State() != Closed {
			t.Fatalf("second Close = %v, state %v", err, v.State())
		}
		if got := rec.joined(); got != "beforeOpen | open open | beforeClose | beforeClose | close 1000 " {
			t.Fatalf("events = %s", got)
		}
	})
}

func TestHandlerMayCloseAndSendFromInside(t *testing.T) {
	srv := startDemo(t)
	rec := &recorder{}
	rec.onMessage = func(v *Variable, data []byte) {
		if string(data) == `"ping"` {
			v.Send([]byte("bye"))
			return
		}
		v.Close() // from inside onMessageReceive: must not deadlock
	}
	v := openVar(t, srv.URL("/echo"), rec, nil)
	v.Send([]byte("ping"))
	waitFor(t, v, "the close", func() bool { return v.State() == Closed && strings.Contains(rec.joined(), "close ") })
	if got := rec.joined(); !strings.HasSuffix(got, `receive "bye" | beforeClose | close 1000 `) {
		t.Fatalf("events = %s", got)
	}
}

func TestSendQueueFull(t *testing.T) {
	srv := startDemo(t)
	rec := &recorder{blockSend: make(chan struct{})}
	p, pv := newProject(t, srv.URL("/echo"), nil)
	v, _ := New(p, pv, Options{Handlers: rec, SendQueue: 3})
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	v.Send([]byte("m0")) // taken by the writer, which then waits in the handler
	waitFor(t, v, "the writer to hold m0", func() bool { return strings.Contains(rec.joined(), "beforeSend m0") })
	for i := 1; i <= 3; i++ {
		if err := v.Send(fmt.Appendf(nil, "m%d", i)); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	err := v.Send([]byte("m4"))
	if err == nil || err.Error() != "send on Feed: send queue full (3 messages waiting)" {
		t.Fatalf("send on a full queue = %v", err)
	}
	close(rec.blockSend)
	waitFor(t, v, "the queue to drain", func() bool { return v.Stats().MessagesIn == 4 })
}

func TestServerCloseCodeAndReason(t *testing.T) {
	fs := newFaultServer(t)
	rec := &recorder{}
	v := openVar(t, fs.url("/close?code=4001&reason=maintenance"), rec, nil)
	waitFor(t, v, "the close", func() bool { return v.State() == Closed && strings.Contains(rec.joined(), "close ") })
	want := `Feed: The server closed the connection (4001 application code): "maintenance".`
	if got := rec.joined(); got != "beforeOpen | open open | error "+want+" | close 4001 maintenance" {
		t.Fatalf("events = %s", got)
	}
	if v.Stats().LastError != want {
		t.Fatalf("last error = %q", v.Stats().LastError)
	}
	if !strings.Contains(dump(v), "closed with 4001 (application code): maintenance") {
		t.Fatalf("console:\n%s", dump(v))
	}
	var we *wire.Error
	if err := errorOf(rec); !errors.As(err, &we) || we.Class != wire.ClosedByServer || we.CloseCode != 4001 {
		t.Fatalf("onError got %#v, want a *wire.Error closed-by-server 4001", err)
	}
}

func TestOversizedMessageCloses1009(t *testing.T) {
	fs := newFaultServer(t)
	rec := &recorder{}
	v := openVar(t, fs.url("/big?size=2048"), rec, func(pv *project.Variable) { pv.ReadLimit = 1024 })
	waitFor(t, v, "the close", func() bool { return v.State() == Closed && strings.Contains(rec.joined(), "close ") })
	ev := rec.joined()
	if !strings.Contains(ev, "error Feed: a message was larger than the read limit of 1 KiB, so the connection was closed with 1009 (message too big); raise the read limit") ||
		!strings.HasSuffix(ev, "close 1009 message too big") {
		t.Fatalf("events = %s", ev)
	}
	if code := <-fs.closeCodes; code != 1009 {
		t.Fatalf("the server saw close code %d, want 1009", code)
	}
	if v.Dataset().Len() != 0 {
		t.Fatal("the oversized message reached the dataset")
	}
}

func TestBinaryAndXMLFrames(t *testing.T) {
	fs := newFaultServer(t)
	v := openVar(t, fs.url("/send?binary=1&msg=%00%01%FE%FF"), nil, nil)
	waitFor(t, v, "the frame", func() bool { return v.Dataset().Len() == 1 })
	r, _ := v.Dataset().Latest()
	if r.Kind != frame.Binary || string(r.Raw) != "\x00\x01\xfe\xff" || r.Get("").String() != "AAH+/w==" {
		t.Fatalf("binary record = %v %q %s", r.Kind, r.Raw, r.JSON)
	}
	if e := v.Console(1)[0]; e.Dir != In || e.Kind != frame.Binary || e.Size != 4 {
		t.Fatalf("console entry = %+v", e)
	}

	xmlMsg := `<quote symbol="ACME"><price>12.5</price></quote>`
	v = openVar(t, fs.url("/send?msg="+strings.NewReplacer("<", "%3C", ">", "%3E", `"`, "%22", " ", "%20", "=", "%3D").Replace(xmlMsg)), nil, nil)
	waitFor(t, v, "the frame", func() bool { return v.Dataset().Len() == 1 })
	r, _ = v.Dataset().Latest()
	if r.Kind != frame.XML || string(r.Raw) != xmlMsg || r.Get("quote.price").Float() != 12.5 || r.Get("quote.@symbol").String() != "ACME" {
		t.Fatalf("XML record = %v %q %s", r.Kind, r.Raw, r.JSON)
	}

	v = openVar(t, fs.url("/send?msg=just%20text"), nil, nil)
	waitFor(t, v, "the frame", func() bool { return v.Dataset().Len() == 1 })
	r, _ = v.Dataset().Latest()
	if r.Kind != frame.Text || r.Get("").String() != "just text" {
		t.Fatalf("text record = %v %s", r.Kind, r.JSON)
	}
}

func TestReconnectAfterServerKilledMidStream(t *testing.T) {
	fs := newFaultServer(t)
	rec := &recorder{}
	v := openVar(t, fs.url("/flaky?n=5"), rec, func(pv *project.Variable) {
		pv.Strategy, pv.DataLimit = project.StrategyAppend, 0
		pv.Reconnect = project.Reconnect{Enabled: true, InitialDelay: 20 * time.Millisecond, MaxDelay: 100 * time.Millisecond}
	})
	waitFor(t, v, "data from the second connection", func() bool { return v.Dataset().Len() == 10 })
	var conns []string
	for _, r := range v.Dataset().Records(0, 10) {
		conns = append(conns, r.Get("conn").String()+"."+r.Get("i").String())
	}
	if got := strings.Join(conns, ","); got != "1.0,1.1,1.2,1.3,1.4,2.0,2.1,2.2,2.3,2.4" {
		t.Fatalf("records = %s", got)
	}
	if v.State() != Open {
		t.Fatalf("state = %v", v.State())
	}
	ev := rec.list()
	var kinds []string
	for _, e := range ev {
		if !strings.HasPrefix(e, "receive") {
			kinds = append(kinds, strings.SplitN(e, " ", 2)[0])
		}
	}
	if got := strings.Join(kinds, ","); got != "beforeOpen,open,error,close,open" {
		t.Fatalf("events = %s", rec.joined())
	}
	if err := v.Close(); err != nil || v.State() != Closed {
		t.Fatalf("Close = %v, state %v", err, v.State())
	}
	fs.mu.Lock()
	n := fs.conns
	fs.mu.Unlock()
	if n != 2 {
		t.Fatalf("the server saw %d connections, want 2", n)
	}
}

func TestReconnectGivesUpOnClose(t *testing.T) {
	fs := newFaultServer(t)
	rec := &recorder{}
	v := openVar(t, fs.url("/close?code=1011&reason=down"), rec, func(pv *project.Variable) {
		pv.Reconnect = project.Reconnect{Enabled: true, InitialDelay: 5 * time.Millisecond, MaxDelay: 10 * time.Millisecond}
	})
	waitFor(t, v, "a few reconnects", func() bool { return strings.Count(rec.joined(), "close 1011") >= 3 })
	if err := v.Close(); err != nil || v.State() != Closed {
		t.Fatalf("Close during reconnects = %v, state %v", err, v.State())
	}
	if st := v.Stats(); !strings.Contains(st.LastError, `(1011 internal server error): "down"`) {
		t.Fatalf("last error = %q", st.LastError)
	}
}

func TestPingWithoutPongIsALoss(t *testing.T) {
	fs := newFaultServer(t)
	rec := &recorder{}
	v := openVar(t, fs.url("/mute"), rec, func(pv *project.Variable) { pv.PingInterval = 20 * time.Millisecond })
	waitFor(t, v, "the loss", func() bool { return v.State() == Closed && strings.Contains(rec.joined(), "close ") })
	if got := rec.joined(); !strings.Contains(got, "error Feed: no answer to pings for 40ms, so the connection is considered lost.") || !strings.HasSuffix(got, "close 1006 no pong") {
		t.Fatalf("events = %s", got)
	}
}

func TestDialFailure(t *testing.T) {
	fs := newFaultServer(t)
	u := fs.url("/send")
	fs.Close()
	rec := &recorder{}
	p, pv := newProject(t, u, nil)
	v, _ := New(p, pv, Options{Handlers: rec})
	err := v.Open(context.Background())
	if err == nil || !strings.HasPrefix(err.Error(), "open Feed: ") || v.State() != Closed {
		t.Fatalf("Open = %v, state %v", err, v.State())
	}
	if !strings.HasPrefix(rec.joined(), "beforeOpen | error open Feed: ") {
		t.Fatalf("events = %s", rec.joined())
	}
}

func TestSecretsAreMaskedInTheConsole(t *testing.T) {
	srv := startDemo(t)
	v := openVar(t, srv.URL("/secure/echo?token="+demo.Token+"&symbols=ACME"), nil, nil)
	text := dump(v)
	if strings.Contains(text, demo.Token) || !strings.Contains(text, "token="+project.Masked+"&symbols=ACME") {
		t.Fatalf("console:\n%s", text)
	}

	// a refused upgrade with a wrong bearer token: the error and the
	// console say 401 and never show the token
	rec := &recorder{}
	p, pv := newProject(t, srv.URL("/secure/echo"), nil)
	p.Services[0].Headers = []project.Param{{Name: "Authorization", Value: "Bearer wrong-sekrit-value"}}
	v, _ = New(p, pv, Options{Handlers: rec})
	err := v.Open(context.Background())
	text = dump(v) + rec.joined() + fmt.Sprint(err)
	if err == nil || !strings.Contains(text, "401") || strings.Contains(text, "wrong-sekrit-value") {
		t.Fatalf("Open = %v; console and events:\n%s", err, text)
	}
}

func TestNewErrors(t *testing.T) {
	p, pv := newProject(t, "ws://127.0.0.1:1/x", nil)
	pv.Service = "nope"
	if _, err := New(p, pv, Options{}); err == nil || err.Error() != `service "nope" of variable Feed is not in the project` {
		t.Fatalf("New = %v", err)
	}
	if _, err := New(nil, nil, Options{}); err == nil {
		t.Fatal("New(nil, nil) succeeded")
	}
}

func TestConsoleIsBounded(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/burst?count=50&size=32"), nil)
	v, _ := New(p, pv, Options{ConsoleSize: 10})
	v.Open(context.Background())
	waitFor(t, v, "the burst", func() bool { return v.State() == Closed })
	all := v.Console(1000)
	if len(all) != 10 || all[9].Seq <= all[0].Seq {
		t.Fatalf("console holds %d entries", len(all))
	}
	v.ClearConsole()
	if len(v.Console(10)) != 0 {
		t.Fatal("ClearConsole left entries")
	}
	if r := v.Stats().Rate; r <= 0 || r > 50 {
		t.Fatalf("rate after 50 messages within the first second = %v", r)
	}
	b, _ := json.Marshal(v.Stats())
	if !strings.Contains(string(b), `"MessagesIn":50`) {
		t.Fatalf("stats = %s", b)
	}
}

// A service built without QueryParams connects with its endpoint's query:
// the feed below only says "ACME" when ?msg=ACME reaches it.
func TestServiceWithoutQueryParamsKeepsTheEndpointQuery(t *testing.T) {
	fs := newFaultServer(t)
	svc := &project.Service{ID: "feed", Endpoint: fs.url("/send?msg=ACME&n=1")}
	p := &project.Project{Dir: t.TempDir(), HomePage: "Main"}
	if err := p.AddService(svc); err != nil {
		t.Fatal(err)
	}
	pv := &project.Variable{Name: "Feed", Service: "feed"}
	if err := p.AddVariable(pv); err != nil {
		t.Fatal(err)
	}
	v, err := New(p, pv, Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the message", func() bool { return v.Dataset().Len() == 1 })
	if r, _ := v.Dataset().Latest(); string(r.Raw) != "ACME" {
		t.Fatalf("the feed sent %q; the query did not reach it", r.Raw)
	}
}
