package demo

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/tidwall/gjson"
)

func start(t *testing.T, useTLS bool) *Server {
	t.Helper()
	s, err := Start("127.0.0.1:0", useTLS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func dial(t *testing.T, url string, h http.Header) *websocket.Conn {
	t.Helper()
	c, resp, err := websocket.DefaultDialer.Dial(url, h)
	if err != nil {
		if resp != nil {
			t.Fatalf("dial %s: %v (HTTP %d)", url, err, resp.StatusCode)
		}
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func read(t *testing.T, c *websocket.Conn) (int, []byte) {
	t.Helper()
	typ, b, err := c.ReadMessage()
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return typ, b
}

func TestEchoTextAndBinary(t *testing.T) {
	s := start(t, false)
	c := dial(t, s.URL("/echo"), nil)
	for _, m := range []struct {
		typ  int
		data []byte
	}{{websocket.TextMessage, []byte(`{"hello":"world"}`)}, {websocket.BinaryMessage, []byte{0, 1, 2, 255}}} {
		if err := c.WriteMessage(m.typ, m.data); err != nil {
			t.Fatal(err)
		}
		typ, b := read(t, c)
		if typ != m.typ || string(b) != string(m.data) {
			t.Errorf("echo of %q (type %d) = %q (type %d)", m.data, m.typ, b, typ)
		}
	}
}

func TestRandomNumber(t *testing.T) {
	s := start(t, false)
	c := dial(t, s.URL("/randomnumber?interval=5ms"), nil)
	for i := 0; i < 3; i++ {
		_, b := read(t, c)
		v := gjson.GetBytes(b, "value")
		tm := gjson.GetBytes(b, "time")
		if v.Type != gjson.Number || v.Int() < 0 || v.Int() > 100 || tm.Int() < 1_600_000_000_000 {
			t.Fatalf("randomnumber message %s: want time in unix ms and value 0..100", b)
		}
	}
}

func TestBadQueryIsRefused(t *testing.T) {
	s := start(t, false)
	_, resp, err := websocket.DefaultDialer.Dial(s.URL("/randomnumber?interval=soon"), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("want 400, got %v %v", resp, err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `interval "soon" is not a duration`) {
		t.Errorf("body %q", body)
	}
	_, resp, _ = websocket.DefaultDialer.Dial(s.URL("/nowhere"), nil)
	if resp == nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown feed: want 404, got %v", resp)
	}
}

func TestTickerSubscribe(t *testing.T) {
	s := start(t, false)
	c := dial(t, s.URL("/ticker?symbols=acme,globex&interval=5ms"), nil)
	seen := map[string]bool{}
	for len(seen) < 2 {
		_, b := read(t, c)
		for _, k := range []string{"symbol", "price", "change", "volume", "time"} {
			if !gjson.GetBytes(b, k).Exists() {
				t.Fatalf("quote %s has no %q", b, k)
			}
		}
		if !strings.Contains(gjson.GetBytes(b, "price").Raw, ".") {
			t.Fatalf("price in %s does not read as a double", b)
		}
		seen[gjson.GetBytes(b, "symbol").String()] = true
	}
	if !seen["ACME"] || !seen["GLOBEX"] {
		t.Fatalf("symbols seen %v", seen)
	}
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"subscribe":["INITECH"]}`)); err != nil {
		t.Fatal(err)
	}
	// Messages already queued may still carry the old symbols; within a
	// few hundred, only INITECH must remain.
	for i := 0; ; i++ {
		_, b := read(t, c)
		if gjson.GetBytes(b, "symbol").String() == "INITECH" {
			break
		}
		if i > 1000 {
			t.Fatal("subscribe did not change the symbols")
		}
	}
	for i := 0; i < 5; i++ {
		if _, b := read(t, c); gjson.GetBytes(b, "symbol").String() != "INITECH" {
			t.Fatalf("after subscribe got %s", b)
		}
	}
}

func TestSensorsNested(t *testing.T) {
	s := start(t, false)
	c := dial(t, s.URL("/sensors?interval=5ms"), nil)
	_, b := read(t, c)
	r := gjson.ParseBytes(b)
	if r.Get("site").String() != "lab-1" || !r.Get("readings").IsArray() || len(r.Get("readings").Array()) != 4 {
		t.Fatalf("sensors message %s", b)
	}
	first := r.Get("readings.0")
	if first.Get("sensor").String() != "s1" || first.Get("cm").Type != gjson.Number || !first.Get("ok").IsBool() {
		t.Fatalf("reading %s", first.Raw)
	}
}

func TestChatBroadcastJoinLeave(t *testing.T) {
	s := start(t, false)
	alice := dial(t, s.URL("/chat?user=alice"), nil)
	expect := func(c *websocket.Conn, user, text string) {
		t.Helper()
		_, b := read(t, c)
		if gjson.GetBytes(b, "user").String() != user || gjson.GetBytes(b, "text").String() != text || !gjson.GetBytes(b, "time").Exists() {
			t.Fatalf("chat got %s, want user %q text %q", b, user, text)
		}
	}
	expect(alice, "*", "alice joined")
	bob := dial(t, s.URL("/chat?user=bob"), nil)
	expect(alice, "*", "bob joined")
	expect(bob, "*", "bob joined")
	bob.WriteMessage(websocket.TextMessage, []byte(`{"text":"hi all"}`))
	expect(alice, "bob", "hi all")
	expect(bob, "bob", "hi all")
	alice.WriteMessage(websocket.TextMessage, []byte(`plain words`))
	expect(bob, "alice", "plain words")
	expect(alice, "alice", "plain words")
	alice.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
	expect(bob, "*", "alice left")
}

func TestBurst(t *testing.T) {
	s := start(t, false)
	for _, size := range []int{10, 200, 70000} {
		c := dial(t, s.URL("/burst?count=500&size="+itoa(size)), nil)
		for i := 0; i < 500; i++ {
			_, b := read(t, c)
			if got := gjson.GetBytes(b, "seq").Int(); got != int64(i) || !json.Valid(b) {
				t.Fatalf("message %d: seq %d valid %v", i, got, json.Valid(b))
			}
			if size > 40 && len(b) != size {
				t.Fatalf("message %d has %d bytes, want %d", i, len(b), size)
			}
		}
		_, _, err := c.ReadMessage()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.CloseNormalClosure || ce.Text != "burst of 500 complete" {
			t.Fatalf("after the burst: %v, want a normal close", err)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestSecure(t *testing.T) {
	s := start(t, false)
	_, resp, err := websocket.DefaultDialer.Dial(s.URL("/secure/echo"), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no token: want 401, got %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "Bearer demo-token") {
		t.Errorf("401 body %q", body)
	}
	c := dial(t, s.URL("/secure/echo"), http.Header{"Authorization": {"Bearer demo-token"}})
	c.WriteMessage(websocket.TextMessage, []byte("x"))
	if _, b := read(t, c); string(b) != "x" {
		t.Fatalf("secure echo got %q", b)
	}
	c2 := dial(t, s.URL("/secure/randomnumber?token=demo-token&interval=5ms"), nil)
	read(t, c2)
}

func TestTLSWithCAFile(t *testing.T) {
	s := start(t, true)
	if !strings.HasPrefix(s.URL("/echo"), "wss://127.0.0.1:") {
		t.Fatalf("URL %s", s.URL("/echo"))
	}
	pemBytes, err := os.ReadFile(s.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("CA file holds no certificate")
	}
	// Without the CA the handshake fails.
	if _, _, err := websocket.DefaultDialer.Dial(s.URL("/echo"), nil); err == nil {
		t.Fatal("dial without the CA succeeded")
	}
	d := websocket.Dialer{TLSClientConfig: &tls.Config{RootCAs: pool}}
	for _, host := range []string{s.Addr, strings.Replace(s.Addr, "127.0.0.1", "localhost", 1)} {
		c, _, err := d.Dial("wss://"+host+"/echo", nil)
		if err != nil {
			t.Fatalf("dial %s with the CA: %v", host, err)
		}
		c.WriteMessage(websocket.TextMessage, []byte("tls"))
		if _, b := read(t, c); string(b) != "tls" {
			t.Fatalf("got %q", b)
		}
		c.Close()
	}
	// The burst writes its own frames under TLS too.
	c, _, err := d.Dial(s.URL("/burst?count=300&size=2000"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if _, b := read(t, c); gjson.GetBytes(b, "seq").Int() != int64(i) || len(b) != 2000 {
			t.Fatalf("TLS burst message %d: %d bytes", i, len(b))
		}
	}
	if _, _, err := c.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseNormalClosure) {
		t.Fatalf("TLS burst end: %v", err)
	}
	c.Close()
	ca := s.CAFile
	s.Close()
	if _, err := os.Stat(ca); !os.IsNotExist(err) {
		t.Errorf("CA file %s still there after Close", ca)
	}
}

func TestCloseEndsConnections(t *testing.T) {
	s := start(t, false)
	conns := []*websocket.Conn{
		dial(t, s.URL("/echo"), nil),
		dial(t, s.URL("/randomnumber?interval=1ms"), nil),
		dial(t, s.URL("/chat?user=x"), nil),
		dial(t, s.URL("/burst?count=10000000&size=1000"), nil),
	}
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	for i, c := range conns {
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				if i < 3 && !websocket.IsCloseError(err, websocket.CloseGoingAway) {
					t.Errorf("connection %d ended with %v, want 1001", i, err)
				}
				break
			}
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, _, err := websocket.DefaultDialer.Dial(s.URL("/echo"), nil); err == nil {
		t.Fatal("dial after Close succeeded")
	}
}

func TestFeedsListed(t *testing.T) {
	names := map[string]bool{}
	for _, f := range Feeds() {
		if f.Path != "/"+f.Name || f.Description == "" {
			t.Errorf("feed %+v", f)
		}
		names[f.Name] = true
	}
	for _, n := range []string{"echo", "randomnumber", "ticker", "sensors", "chat", "burst"} {
		if !names[n] {
			t.Errorf("feed %s not listed", n)
		}
	}
}

func BenchmarkBurst(b *testing.B) {
	s, err := Start("", false)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const count, size = 10000, 256
	b.SetBytes(count * size)
	for b.Loop() {
		c, _, err := websocket.DefaultDialer.Dial(s.URL("/burst?count=10000&size=256"), nil)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			if _, _, err := c.NextReader(); err != nil {
				break
			}
			n++
		}
		c.Close()
		if n != count {
			b.Fatalf("got %d messages", n)
		}
	}
}

// TestCloseWithClientsThatNeverRead: clients that stop reading (the burst
// fills their socket buffers) or never answer the close handshake must not
// keep Close waiting, and no goroutine of the server may be left behind.
func TestCloseWithClientsThatNeverRead(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	var conns []*websocket.Conn
	for _, path := range []string{"/burst?count=10000000&size=10000", "/ticker?interval=1ms", "/chat?user=mute"} {
		c, _, err := websocket.DefaultDialer.Dial(s.URL(path), nil)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	if _, _, err := conns[1].ReadMessage(); err != nil { // the feed is running
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, c := range conns {
		c.Close()
	}
	for range 500 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Fatalf("%d goroutines before, %d after Close:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
}
