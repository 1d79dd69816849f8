package variable

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/tidwall/gjson"

	"wsstudio/project"
)

// chatVar makes a variable on the demo chat room whose username is bound to
// input userName and whose RequestBody is bound to input messageText, as
// the chat room example binds them.
func chatVar(t *testing.T, url string, in *Inputs, opts Options) *Variable {
	t.Helper()
	p, pv := newProject(t, url, func(pv *project.Variable) {
		pv.Strategy, pv.DataLimit = project.StrategyAppend, 50
		pv.DataBinding = []project.Binding{
			{Target: "username", Value: "bind:Widgets.userName.datavalue", Type: "string"},
			{Target: "RequestBody", Value: "bind:Widgets.messageText.datavalue", Type: "string"},
		}
	})
	opts.Inputs, opts.Env = in, func(string) string { return "" }
	v, err := New(p, pv, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// chatLines are the chat messages in v's dataset as "user: text".
func chatLines(v *Variable) []string {
	var out []string
	for _, r := range v.Dataset().Records(0, v.Dataset().Len()) {
		out = append(out, r.Get("username").String()+": "+r.Get("text").String())
	}
	return out
}

func hasLine(v *Variable, line string) bool { return slices.Contains(chatLines(v), line) }

func consoleText(v *Variable) string {
	var b strings.Builder
	for _, e := range v.Console(100) {
		b.WriteString(e.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// The username is the input's value when the variable dials, and Send(nil)
// sends the textarea's value at the time of the call, not at Open.
func TestInputBindingsOnDialAndSend(t *testing.T) {
	s := startDemo(t)
	in := NewInputs()
	in.Set("userName", "ann")
	v := chatVar(t, s.URL("/chatroom?username=user1"), in, Options{})
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the join", func() bool { return hasLine(v, "system: ann joined") })

	in.Set("messageText", "first")
	in.Set("messageText", "hello, room")
	if err := v.Send(nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the message back", func() bool { return hasLine(v, "ann: hello, room") })
	in.Set("messageText", `{"text":"as JSON"}`)
	if err := v.SendValue(nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the second message", func() bool { return hasLine(v, "ann: as JSON") })
	want := []string{"system: ann joined", "ann: hello, room", "ann: as JSON"}
	if got := chatLines(v); !slices.Equal(got, want) {
		t.Fatalf("messages %q, want %q", got, want)
	}
	if c := consoleText(v); strings.Contains(c, "no value yet") {
		t.Fatalf("a note about an empty input, though both had values:\n%s", c)
	}
}

// An input that has no value yet dials and sends with "", and the console
// names the input.
func TestEmptyInputIsNamed(t *testing.T) {
	type seen struct {
		query string
		msg   string
	}
	got := make(chan seen, 4)
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteMessage(websocket.TextMessage, []byte("ready"))
		for {
			_, m, err := c.ReadMessage()
			if err != nil {
				return
			}
			got <- seen{r.URL.RawQuery, string(m)}
		}
	}))
	defer srv.Close()
	in := NewInputs()
	v := chatVar(t, "ws"+strings.TrimPrefix(srv.URL, "http")+"/room?username=user1", in, Options{})
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := v.Send(nil); err != nil {
		t.Fatal(err)
	}
	g := <-got
	if g.query != "username=" || g.msg != "" {
		t.Fatalf("server saw query %q and message %q, want username= and an empty message", g.query, g.msg)
	}
	c := consoleText(v)
	for _, line := range []string{
		`query parameter username is bound to input userName, which has no value yet: using ""`,
		`RequestBody is bound to input messageText, which has no value yet: using ""`,
	} {
		if !strings.Contains(c, line) {
			t.Errorf("console lacks %q:\n%s", line, c)
		}
	}
	// Once typed in, the value is sent and nothing more is noted.
	in.Set("messageText", "now")
	before := strings.Count(consoleText(v), "no value yet")
	if err := v.Send(nil); err != nil {
		t.Fatal(err)
	}
	if g := <-got; g.msg != "now" {
		t.Fatalf("sent %q, want now", g.msg)
	}
	if after := strings.Count(consoleText(v), "no value yet"); after != before {
		t.Fatalf("%d notes about empty inputs, then %d", before, after)
	}
}

// A closed variable refuses Send(nil) without a note about its inputs.
func TestSendOnClosedNotesNothing(t *testing.T) {
	v := chatVar(t, "ws://127.0.0.1:1/room", NewInputs(), Options{})
	err := v.Send(nil)
	if err == nil || !strings.Contains(err.Error(), "the variable is closed, open it first") {
		t.Fatalf("Send on a closed variable: %v", err)
	}
	if c := consoleText(v); c != "" {
		t.Fatalf("console:\n%s", c)
	}
}

// manualTimers stands in for time.AfterFunc: the test fires the timers.
type manualTimers struct {
	mu     sync.Mutex
	timers []*manualTimer
	made   chan struct{}
}

type manualTimer struct {
	d       time.Duration
	f       func()
	stopped bool
}

func (m *manualTimers) after(d time.Duration, f func()) stopper {
	m.mu.Lock()
	t := &manualTimer{d: d, f: f}
	m.timers = append(m.timers, t)
	m.mu.Unlock()
	m.made <- struct{}{}
	return t
}

func (t *manualTimer) Stop() bool {
	was := t.stopped
	t.stopped = true
	return !was
}

// Typing into the input a query parameter is bound to reconnects once,
// after the value settled: each keystroke replaces the pending timer, and
// only the last one's firing dials, with the final value.
func TestTypingReconnectsOnceAfterTheValueSettles(t *testing.T) {
	s := startDemo(t)
	in := NewInputs()
	in.Set("userName", "a")
	timers := &manualTimers{made: make(chan struct{}, 100)}
	v := chatVar(t, s.URL("/chatroom?username=user1"), in, Options{InputSettle: 123 * time.Millisecond})
	v.timers = timers.after
	rec := &recorder{}
	v.h, v.nop = rec, false
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the join", func() bool { return hasLine(v, "system: a joined") })
	in.Set("messageText", "not a parameter")
	for _, s := range []string{"an", "ann", "anne"} {
		in.Set("userName", s)
		<-timers.made
	}
	in.Set("userName", "anne") // unchanged: no timer
	timers.mu.Lock()
	ts := slices.Clone(timers.timers)
	timers.mu.Unlock()
	if len(ts) != 3 {
		t.Fatalf("%d timers for 3 changes of userName (and none for messageText)", len(ts))
	}
	for i, tm := range ts {
		if tm.d != 123*time.Millisecond {
			t.Errorf("timer %d waits %v, want the InputSettle option", i, tm.d)
		}
		if tm.stopped != (i < 2) {
			t.Errorf("timer %d stopped = %v; only the last may still run", i, tm.stopped)
		}
	}
	if st := v.State(); st != Open {
		t.Fatalf("state %v before the value settled", st)
	}
	ts[2].f()
	waitFor(t, v, "the rejoin", func() bool { return v.State() == Open && hasLine(v, "system: anne joined") })
	lines := chatLines(v)
	for _, l := range lines {
		if l == "system: an joined" || l == "system: ann joined" {
			t.Fatalf("dialled with a value typed on the way: %q", lines)
		}
	}
	ev := rec.joined()
	if strings.Count(ev, "beforeOpen") != 2 || !strings.Contains(ev, "beforeClose | close 1000") {
		t.Fatalf("events: %s", ev)
	}
	if !strings.Contains(consoleText(v), "input userName changed: reconnecting") {
		t.Fatalf("console:\n%s", consoleText(v))
	}
	// A timer that fires late, after a newer one, does nothing.
	ts[0].f()
	if n := strings.Count(rec.joined(), "beforeOpen"); n != 2 {
		t.Fatalf("%d opens after a stale timer fired", n)
	}
}

// With the real settle timer: after a burst of keystrokes the variable
// reconnects with the final value. The user's Close ends the watch: a
// change after it opens nothing.
func TestInputChangeReconnectsAndCloseStopsIt(t *testing.T) {
	s := startDemo(t)
	in := NewInputs()
	in.Set("userName", "bo")
	v := chatVar(t, s.URL("/chatroom?username=user1"), in, Options{InputSettle: 20 * time.Millisecond})
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the join", func() bool { return hasLine(v, "system: bo joined") })
	for i := range 5 {
		in.Set("userName", fmt.Sprintf("bob%d", i))
	}
	waitFor(t, v, "the rejoin", func() bool { return v.State() == Open && hasLine(v, "system: bob4 joined") })
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	in.Set("userName", "carl")
	// Whatever a timer would do, it would have started by the time this
	// Open's own dial is under way; the variable must dial as carl once.
	if st := v.State(); st != Closed {
		t.Fatalf("state %v after Close and an input change", st)
	}
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "carl", func() bool { return hasLine(v, "system: carl joined") })
	n := 0
	for _, l := range chatLines(v) {
		if l == "system: carl joined" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("carl joined %d times: %q", n, chatLines(v))
	}
}

// A secret query parameter filled from an input is masked like one typed
// into the service.
func TestInputSecretIsMasked(t *testing.T) {
	s := startDemo(t)
	in := NewInputs()
	in.Set("tok", "hunter2-secret")
	p, pv := newProject(t, s.URL("/echo?token=x"), func(pv *project.Variable) {
		pv.DataBinding = []project.Binding{{Target: "token", Value: "bind:Widgets.tok.datavalue"}}
	})
	v, err := New(p, pv, Options{Inputs: in, Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c := dump(v); strings.Contains(c, "hunter2") || !strings.Contains(c, "token="+project.Masked) {
		t.Fatalf("console:\n%s", c)
	}
	if m := v.Mask("the server said hunter2-secret"); strings.Contains(m, "hunter2") {
		t.Fatalf("Mask left the input's secret: %q", m)
	}
}

// LastRecord and FirstRecord follow the dataset of a running variable.
func TestLastAndFirstRecord(t *testing.T) {
	fs := newFaultServer(t)
	for _, tt := range []struct {
		strategy    string
		first, last int64
	}{
		{project.StrategyAppend, 0, 2},
		{project.StrategyPrepend, 2, 0},
		{project.StrategyRefresh, 2, 2},
	} {
		v := openVar(t, fs.url("/flaky?n=3"), nil, func(pv *project.Variable) { pv.Strategy = tt.strategy })
		waitFor(t, v, "3 messages", func() bool { return v.Stats().MessagesIn == 3 })
		f, fok := v.FirstRecord()
		l, lok := v.LastRecord()
		if !fok || !lok || gjson.GetBytes(f.JSON, "i").Int() != tt.first || gjson.GetBytes(l.JSON, "i").Int() != tt.last {
			t.Errorf("%s: firstRecord %s %v, lastRecord %s %v; want i %d and %d", tt.strategy, f.JSON, fok, l.JSON, lok, tt.first, tt.last)
		}
		v.Dataset().Clear()
		if _, ok := v.LastRecord(); ok {
			t.Errorf("%s: lastRecord of an empty dataset", tt.strategy)
		}
	}
}

func TestBoundInput(t *testing.T) {
	for _, tt := range []struct {
		value, name string
		ok          bool
	}{
		{"bind:Widgets.messageText.datavalue", "messageText", true},
		{"bind:Widgets.$w_2.datavalue", "$w_2", true},
		{"bind:Widgets.messageText.datavalue.x", "", false},
		{"bind:Widgets.messageText.caption", "", false},
		{"bind:Widgets..datavalue", "", false},
		{"bind:Variables.Chat.lastRecord.text", "", false},
		{"messageText", "", false},
		{"", "", false},
	} {
		name, ok := BoundInput(tt.value)
		if name != tt.name || ok != tt.ok {
			t.Errorf("BoundInput(%q) = %q %v, want %q %v", tt.value, name, ok, tt.name, tt.ok)
		}
		if ok && InputBinding(name) != tt.value {
			t.Errorf("InputBinding(%q) = %q, want %q", name, InputBinding(name), tt.value)
		}
	}
}

// FuzzBoundInput: a value read as an input binding is exactly the binding
// InputBinding writes for that input, and reads back as the same input.
func FuzzBoundInput(f *testing.F) {
	for _, s := range []string{"bind:Widgets.messageText.datavalue", "bind:Widgets.a.datavalue.b",
		"bind:Widgets.1a.datavalue", "bind:Widgets.a-b.datavalue", "bind:Variables.V.dataSet", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		name, ok := BoundInput(value)
		if !ok {
			if name != "" {
				t.Fatalf("BoundInput(%q) = %q without ok", value, name)
			}
			return
		}
		if w := InputBinding(name); w != value {
			t.Fatalf("BoundInput(%q) = %q, but InputBinding(%q) = %q", value, name, name, w)
		}
		if again, ok := BoundInput(InputBinding(name)); !ok || again != name {
			t.Fatalf("round trip of %q: %q %v", name, again, ok)
		}
	})
}

// A Close that comes while the input reconnect is closing the connection
// (the studio letting go of the variable) stands: the reconnect does not
// open it again.
func TestCloseDuringAnInputReconnectStands(t *testing.T) {
	s := startDemo(t)
	in := NewInputs()
	in.Set("userName", "ed")
	timers := &manualTimers{made: make(chan struct{}, 100)}
	v := chatVar(t, s.URL("/chatroom?username=user1"), in, Options{})
	v.timers = timers.after
	rec := &recorder{}
	rec.onClose = func(h *Variable) { h.Close() } // someone else's Close, meanwhile
	v.h, v.nop = rec, false
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	in.Set("userName", "eddie")
	<-timers.made
	timers.mu.Lock()
	fire := timers.timers[0].f
	timers.mu.Unlock()
	fire() // runs the reconnect here, to its end
	if st := v.State(); st != Closed {
		t.Fatalf("state %v after a Close during the reconnect", st)
	}
	if ev := rec.joined(); strings.Count(ev, "beforeOpen") != 1 || !strings.Contains(ev, "close 1000") {
		t.Fatalf("events: %s", ev)
	}
	select {
	case <-v.Done():
	default:
		t.Fatal("the variable still runs something")
	}
}
