package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/gorilla/websocket"
	"github.com/tidwall/gjson"

	"wsstudio/assets"
	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/variable"
	"wsstudio/variable/dataset"
	"wsstudio/widgets"
)

// openExample copies the bundled example name into a temporary folder and
// opens it.
func openExample(tb testing.TB, name string) *project.Project {
	tb.Helper()
	fsys, err := assets.ExampleNamed(name)
	if err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(tb.TempDir(), name)
	if err := os.CopyFS(dir, fsys); err != nil {
		tb.Fatal(err)
	}
	p, err := project.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// feedsFor starts the built-in feeds on a free port and returns the
// lookup that points p's services at them.
func feedsFor(tb testing.TB, p *project.Project) (*demo.Server, func(string) string) {
	tb.Helper()
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { srv.Close() })
	over := map[string]string{}
	for _, svc := range p.Services {
		over[project.EnvName(svc.ID, "host")] = srv.Addr
	}
	return srv, func(k string) string { return over[k] }
}

// roundTrip is one way of sending a chat message and seeing it back.
type roundTrip struct {
	name string
	send func(text string) error
	wait func(text string) // returns once text is back; fails tb if it cannot come
}

// roundTrips times n messages and returns their durations, sorted; each
// message carries its number, so one that arrives late is never counted
// for the next.
func roundTrips(tb testing.TB, rt roundTrip, n int) []time.Duration {
	tb.Helper()
	took := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		text := rt.name + " round trip " + strconv.Itoa(i)
		start := time.Now()
		if err := rt.send(text); err != nil {
			tb.Fatal(err)
		}
		rt.wait(text)
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	return took
}

// chatRoundTrips are the chat room's round trips on loopback, each from
// user1 to user2 through the demo room: "raw" is the baseline, two bare
// sockets; "variables" is the same through two WebSocket variables of the
// bundled example, into the second one's dataset.
func chatRoundTrips(tb testing.TB) []roundTrip {
	p := openExample(tb, "chatroom")
	srv, env := feedsFor(tb, p)

	dial := func(user string) *websocket.Conn {
		c, _, err := websocket.DefaultDialer.Dial(srv.URL("/chatroom?username="+user), nil)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { c.Close() })
		return c
	}
	readUntil := func(c *websocket.Conn, text string) {
		for {
			c.SetReadDeadline(time.Now().Add(10 * time.Second)) // a lost message fails, not hangs
			_, m, err := c.ReadMessage()
			if err != nil {
				tb.Fatalf("waiting for %q: %v", text, err)
			}
			if gjson.GetBytes(m, "text").Str == text {
				return
			}
		}
	}
	rawFrom, rawTo := dial("user1"), dial("user2")
	readUntil(rawTo, "user2 joined")
	raw := roundTrip{name: "raw",
		send: func(text string) error { return rawFrom.WriteMessage(websocket.TextMessage, []byte(text)) },
		wait: func(text string) { readUntil(rawTo, text) }}

	open := func(user string) *variable.Variable {
		pv := *p.Variable("Chatroom")
		pv.DataBinding = []project.Binding{{Target: "username", Value: user, Type: "string"}}
		rv, err := variable.New(p, &pv, variable.Options{Env: env})
		if err != nil {
			tb.Fatal(err)
		}
		if err := rv.Open(context.Background()); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { rv.Close() })
		return rv
	}
	from, to := open("user1"), open("user2")
	changed := make(chan struct{}, 1)
	tb.Cleanup(to.Dataset().Subscribe(func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}))
	until := func(text string) {
		timeout := time.NewTimer(10 * time.Second)
		defer timeout.Stop()
		for {
			if r, ok := to.Dataset().Latest(); ok && r.Get("text").Str == text {
				return
			}
			select {
			case <-changed:
			case <-to.Done():
				tb.Fatalf("the receiving variable closed: %v", to.Stats().LastError)
			case <-timeout.C:
				tb.Fatalf("%q never reached the second variable's dataset", text)
			}
		}
	}
	until("user2 joined")
	vars := roundTrip{name: "variables", send: func(text string) error { return from.Send([]byte(text)) }, wait: until}
	return []roundTrip{raw, vars}
}

// BenchmarkChatRoomRoundTrip reports the median round trip of each path;
// run with -benchtime 100x for the median of 100.
func BenchmarkChatRoomRoundTrip(b *testing.B) {
	for _, rt := range chatRoundTrips(b) {
		b.Run(rt.name, func(b *testing.B) {
			took := roundTrips(b, rt, b.N)
			b.ReportMetric(float64(took[len(took)/2].Microseconds()), "median-µs")
		})
	}
}

// TestChatRoomRoundTrip: every message a member sends reaches the other
// member, in order, on every path the benchmark times.
func TestChatRoomRoundTrip(t *testing.T) {
	for _, rt := range chatRoundTrips(t) {
		if took := roundTrips(t, rt, 20); len(took) != 20 {
			t.Fatalf("%s: %d round trips, want 20", rt.name, len(took))
		}
	}
}

// fakeClock is a clock the test moves by hand; timers fire as it passes
// them, on the test's goroutine.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	f  func()
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) {
	c.mu.Lock()
	c.timers = append(c.timers, fakeTimer{c.now.Add(d), f})
	c.mu.Unlock()
}

// advance moves the clock on by d and fires the timers due by then.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []func()
	keep := c.timers[:0]
	for _, t := range c.timers {
		if t.at.After(c.now) {
			keep = append(keep, t)
		} else {
			due = append(due, t.f)
		}
	}
	c.timers = keep
	c.mu.Unlock()
	for _, f := range due {
		f()
	}
}

// TestHeartRatePageRedrawsPerSecond feeds the heart-rate example's page
// widgets the real feed's messages at its own pace, 2 a second, on a clock
// the test moves: each widget redraws once per message, 2 times a second,
// however fast the machine reads them.
func TestHeartRatePageRedrawsPerSecond(t *testing.T) {
	test.NewTempApp(t)
	p := openExample(t, "heartrate")
	srv, _ := feedsFor(t, p)
	pv := p.Variable("HeartRate")
	ds := dataset.New(dataset.ParseStrategy(pv.Strategy), pv.DataLimit)
	clk := &fakeClock{now: time.UnixMilli(1764000000000)}
	q := &Queue{}
	frames := widgets.NewFrameClock(widgets.Scheduler(q.Do), clk)
	var live []widgets.Live
	for _, w := range p.Page(p.HomePage).Widgets {
		lw := widgets.NewWith(ds, liveProps(w), widgets.Options{Frames: frames, Location: time.UTC})
		t.Cleanup(lw.Stop)
		live = append(live, lw)
	}
	q.Drain()
	before := make([]uint64, len(live))
	for i, lw := range live {
		before[i] = lw.Redraws()
	}

	const n = 40 // 20 seconds of the feed
	c, _, err := websocket.DefaultDialer.Dial(srv.URL("/heartrate?interval=1ms&seed=3"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := 0; i < n; i++ {
		_, m, err := c.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		clk.advance(500 * time.Millisecond)
		ds.Add(dataset.NewRecord(m, false, clk.Now()))
		q.Drain()
	}
	clk.advance(time.Second) // a redraw still pending would land now
	q.Drain()

	seconds := float64(n) * 0.5
	for i, lw := range live {
		w := p.Page(p.HomePage).Widgets[i]
		got := lw.Redraws() - before[i]
		t.Logf("%s (%s): %d redraws for %d messages, %.2f per second", w.Name, w.Kind, got, n, float64(got)/seconds)
		if got != n {
			t.Errorf("%s redrew %d times for %d messages at 2 a second, want once per message", w.Name, got, n)
		}
	}
	if ds.Len() != pv.DataLimit {
		t.Errorf("the dataset holds %d records, want the variable's limit %d", ds.Len(), pv.DataLimit)
	}
}

// TestChatRoomButtonRoundTrip is the chat room as a person uses it: text
// typed into the example's textarea and sent with its button comes back
// from the room into the list. Every message must show as the list's
// newest item, in order; the median of 100 round trips is logged as the
// figure (go test -run ButtonRoundTrip -v ./ui).
func TestChatRoomButtonRoundTrip(t *testing.T) {
	p := openExample(t, "chatroom")
	_, env := feedsFor(t, p)
	h := newHarness(t, p, Options{Env: env})
	var (
		input  *widgets.LiveInput
		button *widgets.LiveButton
		list   *widgets.LiveList
	)
	for _, c := range h.s.page.cards {
		switch l := c.live.(type) {
		case *widgets.LiveInput:
			input = l
		case *widgets.LiveButton:
			button = l
		case *widgets.LiveList:
			list = l
		}
	}
	if input == nil || button == nil || list == nil {
		t.Fatal("the chat room's page has no textarea, button or list")
	}
	newest := func() (title, subtitle string) {
		if n := list.Items(); n > 0 {
			title, subtitle, _ = list.ItemText(n - 1)
		}
		return title, subtitle
	}
	h.waitFor(t, "the room's welcome in the list", func() bool { _, s := newest(); return s == "user1 joined" })

	const n = 100
	took := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		text := "message " + strconv.Itoa(i)
		start := time.Now()
		input.SetText(text)
		test.Tap(button)
		for tries := 0; ; tries++ {
			h.q.Drain()
			if who, s := newest(); s == text {
				if who != "user1" {
					t.Fatalf("%q came back from %q, want user1", text, who)
				}
				break
			}
			if tries > 20000 {
				title, s := newest()
				t.Fatalf("%q never showed in the list; its newest item is %s: %s", text, title, s)
			}
			time.Sleep(100 * time.Microsecond)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	t.Logf("button press → item in the list, median of %d: %v (fastest %v, slowest %v)", n, took[n/2], took[0], took[n-1])
}
