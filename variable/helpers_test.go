package variable

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"wsstudio/demo"
	"wsstudio/project"
)

// startDemo runs the built-in feeds on loopback for one test.
func startDemo(t testing.TB) *demo.Server {
	t.Helper()
	s, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newProject builds a project with one service "feed" at url and one page
// variable "Feed" bound to it, as the studio makes them; edit changes the
// variable before use.
func newProject(t testing.TB, url string, edit func(*project.Variable)) (*project.Project, *project.Variable) {
	t.Helper()
	svc, err := project.NewService("feed", url)
	if err != nil {
		t.Fatal(err)
	}
	v := project.NewVariable("Feed", svc, project.OwnerPage, "Main")
	if edit != nil {
		edit(v)
	}
	p := &project.Project{Dir: t.TempDir(), HomePage: "Main"}
	if err := p.AddService(svc); err != nil {
		t.Fatal(err)
	}
	if err := p.AddVariable(v); err != nil {
		t.Fatal(err)
	}
	return p, v
}

// openVar makes and opens the variable; it is closed when the test ends.
func openVar(t testing.TB, url string, h Handlers, edit func(*project.Variable)) *Variable {
	t.Helper()
	p, pv := newProject(t, url, edit)
	v, err := New(p, pv, Options{Handlers: h, Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// waitFor waits until cond holds, woken by the variable's notifications.
// The long bound only stops a broken test from hanging the run.
func waitFor(t testing.TB, v *Variable, what string, cond func() bool) {
	t.Helper()
	wake := make(chan struct{}, 1)
	cancel := v.Subscribe(func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	defer cancel()
	cancelDS := v.Dataset().Subscribe(func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	defer cancelDS()
	giveUp := time.After(60 * time.Second)
	for !cond() {
		select {
		case <-wake:
		case <-time.After(50 * time.Millisecond):
		case <-giveUp:
			t.Fatalf("gave up waiting for %s; state %v, stats %+v, console:\n%s", what, v.State(), v.Stats(), dump(v))
		}
	}
}

func dump(v *Variable) string {
	var b strings.Builder
	for _, e := range v.Console(30) {
		fmt.Fprintf(&b, "  %v %v %d %s%s\n", e.Dir, e.Kind, e.Size, e.Text, trunc(e.Data))
	}
	return b.String()
}

func trunc(b []byte) string {
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}

// recorder is a Handlers that records every event as a line and can be
// told to veto, replace or drop.
type recorder struct {
	mu     sync.Mutex
	events []string

	vetoOpen, vetoClose, vetoSend bool
	replaceSend                   []byte
	replaceReceive                []byte
	dropReceive                   bool
	onMessage                     func(v *Variable, data []byte)
	onClose                       func(v *Variable)
	blockSend                     chan struct{} // BeforeMessageSend waits on it
	errs                          []error
}

// errorOf is the first error onError received.
func errorOf(r *recorder) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.errs) == 0 {
		return nil
	}
	return r.errs[0]
}

func (r *recorder) add(format string, a ...any) {
	r.mu.Lock()
	r.events = append(r.events, fmt.Sprintf(format, a...))
	r.mu.Unlock()
}

func (r *recorder) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

func (r *recorder) joined() string { return strings.Join(r.list(), " | ") }

func (r *recorder) BeforeOpen(*Variable) bool { r.add("beforeOpen"); return !r.vetoOpen }
func (r *recorder) Open(v *Variable)          { r.add("open %v", v.State()) }
func (r *recorder) BeforeMessageSend(_ *Variable, msg []byte) ([]byte, bool) {
	r.add("beforeSend %s", msg)
	if r.blockSend != nil {
		<-r.blockSend
	}
	return r.replaceSend, !r.vetoSend
}
func (r *recorder) MessageReceive(v *Variable, data []byte) ([]byte, bool) {
	r.add("receive %s", data)
	if r.onMessage != nil {
		r.onMessage(v, data)
	}
	return r.replaceReceive, r.dropReceive
}
func (r *recorder) Error(_ *Variable, err error) {
	r.mu.Lock()
	r.errs = append(r.errs, err)
	r.mu.Unlock()
	r.add("error %v", err)
}
func (r *recorder) BeforeClose(*Variable) bool { r.add("beforeClose"); return !r.vetoClose }
func (r *recorder) Close(v *Variable, c int, s string) {
	r.add("close %d %s", c, s)
	if r.onClose != nil {
		r.onClose(v)
	}
}

// faultServer serves feeds that misbehave on purpose.
//
//	/send?msg=M&n=N&binary=1  send M n times, then stay open
//	/close?code=C&reason=R    close with that code at once
//	/big?size=B               send one message of B bytes, record the close code
//	/mute                     never read, so pings are never answered
//	/flaky?n=N                per connection: send N numbered messages, then
//	                          drop the TCP connection (the first time only)
type faultServer struct {
	*httptest.Server
	mu         sync.Mutex
	conns      int
	closeCodes chan int // close codes the /big feed received
}

func newFaultServer(t testing.TB) *faultServer {
	fs := &faultServer{closeCodes: make(chan int, 10)}
	up := websocket.Upgrader{}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		fs.mu.Lock()
		fs.conns++
		nth := fs.conns
		fs.mu.Unlock()
		q := r.URL.Query()
		switch r.URL.Path {
		case "/send":
			n, _ := strconv.Atoi(q.Get("n"))
			typ := websocket.TextMessage
			if q.Get("binary") == "1" {
				typ = websocket.BinaryMessage
			}
			for range max(n, 1) {
				c.WriteMessage(typ, []byte(q.Get("msg")))
			}
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
			}
		case "/close":
			code, _ := strconv.Atoi(q.Get("code"))
			c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, q.Get("reason")))
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			c.ReadMessage()
		case "/big":
			size, _ := strconv.Atoi(q.Get("size"))
			c.WriteMessage(websocket.TextMessage, []byte(strings.Repeat("x", size)))
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			_, _, err := c.ReadMessage()
			code := 0
			if ce, ok := err.(*websocket.CloseError); ok {
				code = ce.Code
			}
			fs.closeCodes <- code
		case "/mute":
			time.Sleep(10 * time.Second)
		case "/flaky":
			n, _ := strconv.Atoi(q.Get("n"))
			for i := range n {
				c.WriteMessage(websocket.TextMessage, fmt.Appendf(nil, `{"conn":%d,"i":%d}`, nth, i))
			}
			if nth == 1 {
				c.NetConn().Close() // killed mid-stream: no close frame
				return
			}
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					return
				}
			}
		}
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *faultServer) url(pathAndQuery string) string {
	return "ws" + strings.TrimPrefix(fs.URL, "http") + pathAndQuery
}
