package session

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/variable"
)

// fixture is a session on a project of three variables fed by the demo
// feeds on loopback: Quotes (a page variable on the ticker, append, limit
// 50), Clock (an App variable on the random numbers) and Echo (a page
// variable on the echo feed that does not connect on page load). In start
// order Clock comes first.
type fixture struct {
	t                   *testing.T
	srv                 *demo.Server
	p                   *project.Project
	s                   *Session
	quotes, clock, echo *project.Variable
	wake                chan struct{}
	mu                  sync.Mutex
	started             []string // the variables Handlers was asked for, in order
	changes             int
}

func newFixture(t *testing.T, opts Options) *fixture {
	t.Helper()
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	f := &fixture{t: t, srv: srv, wake: make(chan struct{}, 1)}
	f.p = &project.Project{Dir: t.TempDir(), HomePage: "Main", Pages: []*project.Page{{Name: "Main"}}}
	add := func(id, url, name, owner string) *project.Variable {
		svc, err := project.NewService(id, url)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.p.AddService(svc); err != nil {
			t.Fatal(err)
		}
		v := project.NewVariable(name, svc, owner, "Main")
		if err := f.p.AddVariable(v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	f.quotes = add("ticker", srv.URL("/ticker?symbols=ACME&interval=20ms"), "Quotes", project.OwnerPage)
	f.quotes.Strategy, f.quotes.DataLimit = project.StrategyAppend, 50
	f.clock = add("numbers", srv.URL("/randomnumber?interval=20ms"), "Clock", project.OwnerApp)
	f.echo = add("echo", srv.URL("/echo"), "Echo", project.OwnerPage)
	f.echo.StartUpdate = false

	opts.Handlers = func(p *project.Project, v *project.Variable) variable.Handlers {
		if p != f.p && p != nil {
			t.Errorf("handlers asked for project %s", p.Dir)
		}
		f.mu.Lock()
		f.started = append(f.started, v.Name)
		f.mu.Unlock()
		return nil
	}
	opts.OnChange = func() {
		f.mu.Lock()
		f.changes++
		f.mu.Unlock()
		select {
		case f.wake <- struct{}{}:
		default:
		}
	}
	// the process environment must not move the services elsewhere
	opts.Env = func(*project.Project) func(string) string { return func(string) string { return "" } }
	f.s = New(opts)
	t.Cleanup(func() {
		f.s.Load(nil)
		if !f.s.Wait(30 * time.Second) {
			t.Error("the session's goroutines did not finish after Load(nil)")
		}
	})
	return f
}

// waitFor waits until cond holds, woken by the session's changes (and
// now and then without one: a dropped variable tells nobody it closed).
// The long bound only stops a broken feed from hanging the run.
func (f *fixture) waitFor(what string, cond func() bool) {
	f.t.Helper()
	giveUp := time.After(60 * time.Second)
	poll := time.NewTicker(10 * time.Millisecond)
	defer poll.Stop()
	for !cond() {
		select {
		case <-f.wake:
		case <-poll.C:
		case <-giveUp:
			f.t.Fatalf("gave up waiting for %s", what)
		}
	}
}

func (f *fixture) startedNames() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.started)
}

// hasData reports whether v runs and its dataset holds a record.
func (f *fixture) hasData(v *project.Variable) bool {
	rv := f.s.Variable(v)
	return rv != nil && rv.Dataset().Len() > 0
}

func (f *fixture) load() {
	f.t.Helper()
	if err := f.s.Load(f.p); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) wantRunning(want ...string) {
	f.t.Helper()
	if got := f.s.Running(); !slices.Equal(got, want) {
		f.t.Fatalf("running %q, want %q", got, want)
	}
}

func closed(rv *variable.Variable) func() bool {
	return func() bool { return rv.State() == variable.Closed }
}

// markerFeed is a WebSocket server on loopback that sends one message,
// {"server": name}, and then only reads.
func markerFeed(t *testing.T, name string) string {
	t.Helper()
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		if err := c.WriteMessage(websocket.TextMessage, []byte(`{"server":"`+name+`"}`)); err != nil {
			return
		}
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

func TestSession(t *testing.T) {
	cases := []struct {
		name string
		opts Options
		run  func(t *testing.T, f *fixture)
	}{
		{"load starts the variables that connect on page load, App ones first", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			if got := f.startedNames(); !slices.Equal(got, []string{"Clock", "Quotes"}) {
				t.Fatalf("started %q, want Clock before Quotes and not Echo", got)
			}
			f.wantRunning("Quotes", "Clock") // in project order
			f.waitFor("data on both", func() bool { return f.hasData(f.quotes) && f.hasData(f.clock) })
			if ready, waiting := f.s.LiveState(); !ready || waiting != nil {
				t.Fatalf("live state %v %q, want ready", ready, waiting)
			}
			if open, all := f.s.OpenCount(); open != 2 || all != 3 {
				t.Fatalf("%d of %d open, want 2 of 3", open, all)
			}
			if f.s.IsOpen(f.echo) || f.s.Variable(f.echo) != nil {
				t.Fatal("Echo runs although it does not connect on page load")
			}
			f.mu.Lock()
			changes := f.changes
			f.mu.Unlock()
			if changes == 0 {
				t.Fatal("data arrived and the change callback was never called")
			}
		}},
		{"without auto start nothing runs until started", Options{NoAutoStart: true}, func(t *testing.T, f *fixture) {
			f.load()
			f.wantRunning()
			if got := f.startedNames(); len(got) != 0 {
				t.Fatalf("started %q", got)
			}
			if ready, waiting := f.s.LiveState(); !ready || waiting != nil {
				t.Fatalf("live state %v %q with nothing running", ready, waiting)
			}
			if err := f.s.Start(f.echo); err != nil {
				t.Fatal(err)
			}
			f.wantRunning("Echo")
			f.waitFor("Echo open", func() bool { return f.s.Variable(f.echo).State() == variable.Open })
			// the echo feed says nothing until spoken to
			if ready, waiting := f.s.LiveState(); ready || !slices.Equal(waiting, []string{"Echo (open)"}) {
				t.Fatalf("live state %v %q, want Echo waiting", ready, waiting)
			}
			if err := f.s.Variable(f.echo).Send([]byte(`{"hello":"world"}`)); err != nil {
				t.Fatal(err)
			}
			f.waitFor("the echo", func() bool { return f.hasData(f.echo) })
			if ready, _ := f.s.LiveState(); !ready {
				t.Fatal("Echo has its data and the session is not ready")
			}
		}},
		{"close keeps the variable and its dataset; start opens the same one again", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			f.waitFor("quotes", func() bool { return f.hasData(f.quotes) })
			rv := f.s.Variable(f.quotes)
			f.s.Close(f.quotes)
			f.waitFor("Quotes closed", closed(rv))
			if f.s.Variable(f.quotes) != rv || rv.Dataset().Len() == 0 {
				t.Fatal("closing forgot the variable or emptied its dataset")
			}
			f.wantRunning("Quotes", "Clock")
			if open, all := f.s.OpenCount(); open != 1 || all != 3 {
				t.Fatalf("%d of %d open, want 1 of 3", open, all)
			}
			in := rv.Stats().MessagesIn
			if err := f.s.Start(f.quotes); err != nil {
				t.Fatal(err)
			}
			if f.s.Variable(f.quotes) != rv {
				t.Fatal("opening again made a new variable")
			}
			f.waitFor("new quotes", func() bool { return rv.Stats().MessagesIn > in })
			if got := f.startedNames(); !slices.Equal(got, []string{"Clock", "Quotes"}) {
				t.Fatalf("started %q: opening again built new handlers", got)
			}
		}},
		{"drop forgets the variable and closes it", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			f.waitFor("Quotes open", func() bool { return f.s.IsOpen(f.quotes) })
			rv := f.s.Variable(f.quotes)
			f.s.Drop(f.quotes)
			if f.s.Variable(f.quotes) != nil || f.s.IsOpen(f.quotes) {
				t.Fatal("a dropped variable is still there")
			}
			f.wantRunning("Clock")
			f.waitFor("the dropped variable closed", closed(rv))
			if err := f.s.Restart(f.quotes); err != nil || f.s.Variable(f.quotes) != nil {
				t.Fatalf("restarting a variable that does not run started it (%v)", err)
			}
		}},
		{"toggle opens every variable, then closes them all", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			if err := f.s.Toggle(); err != nil {
				t.Fatal(err)
			}
			f.wantRunning("Quotes", "Clock", "Echo")
			f.waitFor("all three open", func() bool { open, all := f.s.OpenCount(); return open == 3 && all == 3 })
			if err := f.s.Toggle(); err != nil {
				t.Fatal(err)
			}
			f.waitFor("all three closed", func() bool {
				return closed(f.s.Variable(f.quotes))() && closed(f.s.Variable(f.clock))() && closed(f.s.Variable(f.echo))()
			})
			if open, _ := f.s.OpenCount(); open != 0 {
				t.Fatalf("%d open after closing all", open)
			}
			f.wantRunning("Quotes", "Clock", "Echo") // closed, not dropped
			if err := f.s.Toggle(); err != nil {
				t.Fatal(err)
			}
			f.waitFor("all three open again", func() bool { open, _ := f.s.OpenCount(); return open == 3 })
			if got := f.startedNames(); !slices.Equal(got, []string{"Clock", "Quotes", "Echo"}) {
				t.Fatalf("started %q", got)
			}
		}},
		{"of an open and a close asked for at once, the last one wins", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			settle := func(round int, what string, want variable.State) {
				t.Helper()
				if !f.s.Wait(30 * time.Second) {
					t.Fatalf("round %d, %s: the opens and closes did not finish", round, what)
				}
				if got := f.s.Variable(f.echo).State(); got != want {
					t.Fatalf("round %d, %s: the variable is %s, want %s", round, what, got, want)
				}
			}
			// the goroutine started last tends to run first: each round
			// gives the close (or the open) the chance to run before the
			// request made before it
			for round := 0; round < 20; round++ {
				if err := f.s.Start(f.echo); err != nil {
					t.Fatal(err)
				}
				f.s.Close(f.echo)
				settle(round, "open then close", variable.Closed)
				if err := f.s.Start(f.echo); err != nil {
					t.Fatal(err)
				}
				settle(round, "open", variable.Open)
				f.s.Close(f.echo)
				if err := f.s.Start(f.echo); err != nil {
					t.Fatal(err)
				}
				settle(round, "close then open", variable.Open)
				rv := f.s.Variable(f.echo)
				f.s.Drop(f.echo)
				if err := f.s.Start(f.echo); err != nil {
					t.Fatal(err)
				}
				dropped := f.s.Variable(f.echo)
				f.s.Drop(f.echo)
				if !f.s.Wait(30 * time.Second) {
					t.Fatalf("round %d: the drops did not finish", round)
				}
				if rv.State() != variable.Closed || dropped.State() != variable.Closed {
					t.Fatalf("round %d: dropped variables are %s and %s, want both closed", round, rv.State(), dropped.State())
				}
			}
		}},
		{"a running variable deleted comes back running with undo", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			f.waitFor("quotes", func() bool { return f.hasData(f.quotes) })
			before := f.p.Snapshot()
			old := f.s.Variable(f.quotes)
			f.s.Park(f.quotes)
			if _, err := f.p.DeleteVariable("Quotes"); err != nil {
				t.Fatal(err)
			}
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			f.wantRunning("Clock")
			f.waitFor("the deleted variable closed", closed(old))
			f.p.Restore(before) // undo
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			f.wantRunning("Quotes", "Clock")
			if rv := f.s.Variable(f.quotes); rv == nil || rv == old {
				t.Fatal("undo did not start the variable anew")
			}
			f.waitFor("quotes again", func() bool { return f.hasData(f.quotes) })
		}},
		{"an edit that takes a running variable out parks it; undo and redo follow", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			f.waitFor("Quotes open", func() bool { return f.s.IsOpen(f.quotes) })
			before := f.p.Snapshot()
			if _, err := f.p.DeleteVariable("Quotes"); err != nil { // an edit the session did not see
				t.Fatal(err)
			}
			after := f.p.Snapshot()
			old := f.s.Variable(f.quotes)
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			f.wantRunning("Clock")
			if f.s.Variable(f.quotes) != nil {
				t.Fatal("a variable taken out of the model still runs")
			}
			f.waitFor("the variable taken out closed", closed(old))
			f.p.Restore(before)
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			f.wantRunning("Quotes", "Clock")
			f.p.Restore(after) // redo
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			f.wantRunning("Clock")
			f.p.Restore(before)
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			f.wantRunning("Quotes", "Clock")
			f.waitFor("quotes after the second undo", func() bool { return f.hasData(f.quotes) })
		}},
		{"a variable that did not run when deleted does not start on undo", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			before := f.p.Snapshot()
			f.s.Park(f.echo)
			if _, err := f.p.DeleteVariable("Echo"); err != nil {
				t.Fatal(err)
			}
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			f.p.Restore(before)
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			f.wantRunning("Quotes", "Clock")
		}},
		{"loading forgets the parked variables", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			before := f.p.Snapshot()
			f.s.Park(f.quotes)
			if _, err := f.p.DeleteVariable("Quotes"); err != nil {
				t.Fatal(err)
			}
			f.load() // the project as it is now, opened again
			f.p.Restore(before)
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			f.wantRunning("Clock")
		}},
		{"changed settings are handed over on the same connection", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			f.waitFor("a few quotes", func() bool { return f.hasData(f.quotes) && f.s.Variable(f.quotes).Dataset().Len() > 3 })
			rv := f.s.Variable(f.quotes)
			f.quotes.DataLimit = 2
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			if f.s.Variable(f.quotes) != rv {
				t.Fatal("a new data limit made a new connection")
			}
			if got := rv.Dataset().Len(); got > 2 || rv.Dataset().Limit() != 2 {
				t.Fatalf("after the limit went down to 2 the dataset holds %d (limit %d)", got, rv.Dataset().Limit())
			}
			if rv.State() != variable.Open {
				t.Fatalf("the connection is %s", rv.State())
			}
		}},
		{"a changed binding reconnects with it", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			f.waitFor("quotes", func() bool { return f.hasData(f.quotes) })
			old := f.s.Variable(f.quotes)
			for i, b := range f.quotes.DataBinding {
				if b.Target == "symbols" {
					f.quotes.DataBinding[i].Value = "GLOBEX"
				}
			}
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			rv := f.s.Variable(f.quotes)
			if rv == nil || rv == old {
				t.Fatal("a new binding did not reconnect")
			}
			f.waitFor("the old connection closed", closed(old))
			f.waitFor("a GLOBEX quote", func() bool {
				r, ok := rv.Dataset().Last()
				return ok && r.Get("symbol").String() == "GLOBEX"
			})
			if r, _ := old.Dataset().Last(); r.Get("symbol").String() != "ACME" {
				t.Fatalf("the old connection's last quote is %s", r.JSON)
			}
		}},
		{"a rename reconnects under the new name", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			old := f.s.Variable(f.quotes)
			if err := f.p.RenameVariable("Quotes", "Prices"); err != nil {
				t.Fatal(err)
			}
			if err := f.s.Apply(); err != nil {
				t.Fatal(err)
			}
			rv := f.s.Variable(f.quotes)
			if rv == nil || rv == old || rv.Name() != "Prices" {
				t.Fatalf("after the rename the running variable is %v", rv)
			}
			if got := f.startedNames(); !slices.Equal(got, []string{"Clock", "Quotes", "Prices"}) {
				t.Fatalf("started %q: the page script's handlers go by the new name", got)
			}
			f.wantRunning("Prices", "Clock")
		}},
		{"a profile switch reconnects the running variables to its hosts", Options{}, func(t *testing.T, f *fixture) {
			staging := markerFeed(t, "staging")
			if err := f.p.SetProfile("staging", "websocket.ticker.host", staging); err != nil {
				t.Fatal(err)
			}
			f.load()
			f.waitFor("quotes", func() bool { return f.hasData(f.quotes) })
			quotes, clock := f.s.Variable(f.quotes), f.s.Variable(f.clock)
			if err := f.s.SetProfile("staging"); err != nil {
				t.Fatal(err)
			}
			if f.s.Profile() != "staging" {
				t.Fatalf("profile %q", f.s.Profile())
			}
			rv := f.s.Variable(f.quotes)
			if rv == quotes || f.s.Variable(f.clock) == clock || f.s.Variable(f.echo) != nil {
				t.Fatal("a profile switch restarts exactly the running variables")
			}
			f.waitFor("the staging host's message", func() bool {
				r, ok := rv.Dataset().Last()
				return ok && r.Get("server").String() == "staging"
			})
			if err := f.s.SetProfile("staging"); err != nil || f.s.Variable(f.quotes) != rv {
				t.Fatal("switching to the profile already active restarted the variables")
			}
		}},
		{"a profile the project does not have gives way to the default on load", Options{Profile: "staging"}, func(t *testing.T, f *fixture) {
			if f.s.Profile() != "staging" {
				t.Fatalf("profile %q before load", f.s.Profile())
			}
			f.load()
			if f.s.Profile() != project.DefaultProfile {
				t.Fatalf("profile %q, want %q", f.s.Profile(), project.DefaultProfile)
			}
		}},
		{"a variable whose service is gone cannot start, and says so", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			f.echo.Service = "gone"
			err := f.s.Toggle()
			fails := Failures(err)
			if len(fails) != 1 || fails[0].Variable != f.echo {
				t.Fatalf("failures %v, want Echo's alone", fails)
			}
			want := `cannot start Echo: service "gone" of variable Echo is not in the project`
			if err == nil || err.Error() != want || fails[0].Error() != want {
				t.Fatalf("error %v, want %q", err, want)
			}
			f.wantRunning("Quotes", "Clock")
			if err := f.s.Start(f.echo); err == nil || err.Error() != want {
				t.Fatalf("start: %v, want %q", err, want)
			}
		}},
		{"loading another project stops the variables of the first", Options{}, func(t *testing.T, f *fixture) {
			f.load()
			f.waitFor("both open", func() bool { return f.s.IsOpen(f.quotes) && f.s.IsOpen(f.clock) })
			quotes, clock := f.s.Variable(f.quotes), f.s.Variable(f.clock)
			other := &project.Project{Dir: t.TempDir()}
			if err := f.s.Load(other); err != nil {
				t.Fatal(err)
			}
			if f.s.Project() != other || f.s.Variable(f.quotes) != nil || f.s.Running() != nil {
				t.Fatal("the first project's variables still run")
			}
			if !f.s.Wait(30 * time.Second) {
				t.Fatal("the closes did not finish")
			}
			if quotes.State() != variable.Closed || clock.State() != variable.Closed {
				t.Fatalf("after Wait the old variables are %s and %s", quotes.State(), clock.State())
			}
		}},
		{"the inputs are shared by the variables and stay across loads", Options{}, func(t *testing.T, f *fixture) {
			in := f.s.Inputs()
			in.Set("userName", "ada")
			f.load()
			if f.s.Variable(f.quotes).Inputs() != in {
				t.Fatal("a running variable reads other inputs than the session's")
			}
			if got, ok := f.s.Inputs().Get("userName"); !ok || got != "ada" {
				t.Fatalf("input %q %v after load", got, ok)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.run(t, newFixture(t, c.opts))
		})
	}
}

// TestNoProject: with no project nothing starts and nothing fails.
func TestNoProject(t *testing.T) {
	s := New(Options{})
	v := project.NewVariable("X", nil, project.OwnerPage, "Main")
	for _, err := range []error{s.Load(nil), s.Start(v), s.Toggle(), s.Apply(), s.SetProfile("other"), s.RestartRunning()} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if s.Variable(v) != nil || s.Running() != nil {
		t.Fatal("something runs without a project")
	}
	if ready, waiting := s.LiveState(); !ready || waiting != nil {
		t.Fatalf("live state %v %q", ready, waiting)
	}
	if open, all := s.OpenCount(); open != 0 || all != 0 {
		t.Fatalf("%d of %d", open, all)
	}
	if !s.Wait(time.Second) {
		t.Fatal("goroutines without a project")
	}
}

func TestStartOrder(t *testing.T) {
	p := &project.Project{Variables: []*project.Variable{
		{Name: "a", Owner: project.OwnerPage}, {Name: "B", Owner: project.OwnerApp},
		{Name: "c", Owner: project.OwnerPage}, {Name: "D", Owner: project.OwnerApp}}}
	var got []string
	for _, v := range StartOrder(p) {
		got = append(got, v.Name)
	}
	if want := []string{"B", "D", "a", "c"}; !slices.Equal(got, want) {
		t.Fatalf("order %q, want %q", got, want)
	}
	if StartOrder(nil) != nil {
		t.Fatal("an order without a project")
	}
}
