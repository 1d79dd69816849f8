package cli

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"wsstudio/project"
)

// faultProject writes a project with service "feed" at url (headers and
// subprotocols as given) and variable "Feed"; edit changes the variable.
func faultProject(t *testing.T, url string, headers []project.Param, subprotocols []string, edit func(*project.Variable)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "proj")
	p, err := project.Create(dir, "Faults")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := project.NewService("feed", url)
	if err != nil {
		t.Fatal(err)
	}
	svc.Headers, svc.Subprotocols = headers, subprotocols
	if err := p.AddService(svc); err != nil {
		t.Fatal(err)
	}
	v := project.NewVariable("Feed", svc, project.OwnerPage, p.HomePage)
	if edit != nil {
		edit(v)
	}
	if err := p.AddVariable(v); err != nil {
		t.Fatal(err)
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// hangingListener accepts TCP connections and never answers; gone gets
// an event when a client closes its connection.
func hangingListener(t *testing.T) (addr string, gone chan time.Time) {
	addr, gone, _ = hangingListenerAccepts(t)
	return addr, gone
}

// hangingListenerAccepts is hangingListener that also reports when it
// accepted each connection.
func hangingListenerAccepts(t *testing.T) (addr string, gone, accepted chan time.Time) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gone, accepted = make(chan time.Time, 10), make(chan time.Time, 10)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- time.Now()
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				buf := make([]byte, 4096)
				for {
					if _, err := c.Read(buf); err != nil {
						gone <- time.Now()
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
	return ln.Addr().String(), gone, accepted
}

// TestWatchTimeoutEndsAPendingHandshake: against a server that accepts and
// never answers, with a handshake timeout of an hour, watch --timeout 1s
// gives up the handshake and exits 1 saying what happened, and the server
// sees the socket closed.
func TestWatchTimeoutEndsAPendingHandshake(t *testing.T) {
	addr, gone, accepted := hangingListenerAccepts(t)
	dir := faultProject(t, "ws://"+addr+"/feed", nil, nil, func(v *project.Variable) { v.HandshakeTimeout = time.Hour })
	start := time.Now()
	status, out, errOut := runCmd("watch", dir, "Feed", "--timeout", "1s")
	returned := time.Now()
	// With an hour's handshake timeout, returning at all means the
	// handshake was abandoned; the server then sees the socket closed (it
	// may notice a moment after watch returned).
	select {
	case closed := <-gone:
		// The timeout starts after the command began and before the dial
		// was accepted: the lag after the deadline lies between these.
		acc := <-accepted
		t.Logf("socket closed %v to %v after the deadline; watch returned %v to %v after it",
			closed.Sub(acc)-time.Second, closed.Sub(start)-time.Second, returned.Sub(acc)-time.Second, returned.Sub(start)-time.Second)
	case <-time.After(30 * time.Second):
		t.Fatalf("watch returned and left the socket open")
	}
	want := "wsstudio: watch: open Feed: No answer from " + addr + " within 1s"
	if status != 1 || out != "" || !strings.Contains(errOut, want) {
		t.Fatalf("status %d, stdout %q, stderr:\n%s\nwant 1 and %q", status, out, errOut, want)
	}
}

// echoServer echoes what it was sent — the Authorization header, the
// token query parameter, the subprotocols — back in every way a server
// can: a close reason, an HTTP body and headers of a refused upgrade, a
// message.
func echoServer(t *testing.T) string {
	up := websocket.Upgrader{Subprotocols: []string{"auth.SECRET789"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		said := "bad token " + r.URL.Query().Get("token") + " auth " + r.Header.Get("Authorization") +
			" protocol " + r.Header.Get("Sec-WebSocket-Protocol")
		if r.URL.Path == "/refuse" {
			w.Header().Set("X-Echo", said)
			w.Header().Set("Location", "wss://elsewhere/?token="+r.URL.Query().Get("token"))
			http.Error(w, said, http.StatusUnauthorized)
			return
		}
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4001, said))
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		c.ReadMessage()
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// TestSecretsNeverShown: servers that echo the token in close reasons,
// HTTP bodies and headers; no output stream of watch, import --test or
// inspect shows it.
func TestSecretsNeverShown(t *testing.T) {
	base := echoServer(t)
	secrets := []string{"SECRET123", "SECRET456", "SECRET789"}
	auth := []project.Param{{Name: "Authorization", Value: "Bearer SECRET123"}}
	closing := faultProject(t, base+"/close?token=SECRET456", auth, []string{"auth.SECRET789"}, nil)
	refusing := faultProject(t, base+"/refuse?token=SECRET456", auth, []string{"auth.SECRET789"}, nil)
	imp := t.TempDir()
	for _, tc := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"watch", closing, "Feed"}, 1, `The server closed the connection (4001 application code): "bad token •••• auth Bearer •••• protocol ••••".`},
		{[]string{"watch", refusing, "Feed"}, 1, "401 Unauthorized"},
		{[]string{"import", imp, "--url", base + "/close?token=SECRET456", "--header", "Authorization: Bearer SECRET123",
			"--subprotocol", "auth.SECRET789", "--test", "--window", "200ms"}, 1, "connection test failed"},
		{[]string{"import", imp, "--url", base + "/refuse?token=SECRET456", "--header", "Authorization: Bearer SECRET123",
			"--subprotocol", "auth.SECRET789", "--test"}, 1, "401 Unauthorized"},
		{[]string{"import", imp, "--url", base + "/x", "--header", "Authorization Bearer SECRET123"}, 2, "is not 'Name: value'"},
		{[]string{"inspect", closing}, 0, `"Authorization"`},
	} {
		status, out, errOut := runCmd(tc.args...)
		if status != tc.status || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: status %d, stdout %q, stderr %q; want %d and %q", tc.args, status, out, errOut, tc.status, tc.want)
		}
		for _, s := range secrets {
			if strings.Contains(out+errOut, s) {
				t.Errorf("%v shows %s:\nstdout %s\nstderr %s", tc.args, s, out, errOut)
			}
		}
	}
	// --show-secrets shows them, the subprotocol included.
	if _, out, _ := runCmd("inspect", closing, "--show-secrets"); !strings.Contains(out, "auth.SECRET789") || !strings.Contains(out, "Bearer SECRET123") {
		t.Errorf("inspect --show-secrets:\n%s", out)
	}
}

// TestBadInputExitsTwo: every bad input file or flag gives exit status 2
// and a sentence naming it, whichever command reads it; run-time failures
// give 1.
func TestBadInputExitsTwo(t *testing.T) {
	good := faultProject(t, "ws://127.0.0.1:1/feed", nil, nil, nil)
	truncated := func(rel string) string {
		dir := filepath.Join(t.TempDir(), "proj")
		if err := os.CopyFS(dir, os.DirFS(good)); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), b[:len(b)/2], 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	vars := truncated("src/main/webapp/pages/Main/Main.variables.json")
	api := truncated("services/feed/designtime/feed_API_WEBSOCKET_SERVICE.json")
	for _, tc := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"inspect", vars}, 2, "Main.variables.json"},
		{[]string{"import", vars, "--url", "ws://127.0.0.1:1/x", "--proceed-without-test"}, 2, "Main.variables.json"},
		{[]string{"watch", vars, "Feed"}, 2, "Main.variables.json"},
		{[]string{"screenshot", vars, "--out", filepath.Join(t.TempDir(), "x.png")}, 2, "Main.variables.json"},
		{[]string{"inspect", api}, 2, "feed_API_WEBSOCKET_SERVICE.json"},
		{[]string{"import", api, "--url", "ws://127.0.0.1:1/x", "--proceed-without-test"}, 2, "feed_API_WEBSOCKET_SERVICE.json"},
		{[]string{"watch", api, "Feed"}, 2, "feed_API_WEBSOCKET_SERVICE.json"},
		{[]string{"inspect", good, "--bogus"}, 2, "unknown flag --bogus"},
		{[]string{"watch", good, "Feed", "--timeout", "-1s"}, 2, "--timeout -1s is negative"},
		{[]string{"serve-demo", "--addr", "127.0.0.1:99999"}, 2, `the port "99999" is not a number from 0 to 65535`},
		{[]string{"import", good, "--url", "ws://127.0.0.1:1/x", "--header", "X-A: b\r\nX-Inject: 1"}, 2, "the value of header X-A has a carriage return (CR)"},
		{[]string{"watch", good, "Feed"}, 1, "open Feed: Nothing is listening at 127.0.0.1:1"},
	} {
		status, out, errOut := runCmd(tc.args...)
		if status != tc.status || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: status %d, stdout %q, stderr %q; want %d and %q", tc.args, status, out, errOut, tc.status, tc.want)
		}
		last := errOut[strings.LastIndex(strings.TrimSuffix(errOut, "\n"), "\n")+1:]
		if !strings.HasPrefix(last, "wsstudio: ") || strings.Count(last, "Feed") > 1 {
			t.Errorf("%v: the last line is not one sentence naming the variable once: %q", tc.args, last)
		}
	}
}

// TestWatchCtrlCEndsAPendingHandshake: Ctrl-C (SIGINT to this process)
// while the handshake waits for a server that never answers ends it: the
// server sees the socket closed and watch says it was interrupted.
func TestWatchCtrlCEndsAPendingHandshake(t *testing.T) {
	addr, gone, accepted := hangingListenerAccepts(t)
	dir := faultProject(t, "ws://"+addr+"/feed", nil, nil, func(v *project.Variable) { v.HandshakeTimeout = time.Hour })
	type result struct {
		status      int
		out, errOut string
	}
	res := make(chan result, 1)
	go func() {
		status, out, errOut := runCmd("watch", dir, "Feed")
		res <- result{status, out, errOut}
	}()
	<-accepted // watch is in the handshake, its signal handler installed
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-res:
	case <-time.After(30 * time.Second):
		t.Fatal("Ctrl-C did not end the handshake")
	}
	<-gone
	want := "wsstudio: watch: stopped before Feed connected (interrupted)\n"
	if r.status != 1 || r.out != "" || !strings.HasSuffix(r.errOut, want) {
		t.Fatalf("status %d, stdout %q, stderr %q; want 1 and %q", r.status, r.out, r.errOut, want)
	}
}
