package demo

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/tidwall/gjson"
)

// heartValues reads n heart-rate messages and returns their values,
// checking the shape of each.
func heartValues(t *testing.T, c *websocket.Conn, n int) []int {
	t.Helper()
	var out []int
	for len(out) < n {
		_, b := read(t, c)
		v, tm := gjson.GetBytes(b, "value"), gjson.GetBytes(b, "time")
		if v.Type != gjson.Number || strings.Contains(v.Raw, ".") || tm.Type != gjson.Number || tm.Int() < 1_600_000_000_000 {
			t.Fatalf("heart-rate message %s: want {\"time\": unix ms, \"value\": whole bpm}", b)
		}
		if n := len(gjson.ParseBytes(b).Map()); n != 2 {
			t.Fatalf("heart-rate message %s has %d fields, want time and value", b, n)
		}
		out = append(out, int(v.Int()))
	}
	return out
}

func TestHeartRateValues(t *testing.T) {
	s := start(t, false)
	a := dial(t, s.URL("/heartrate?interval=1ms&seed=42"), nil)
	b := dial(t, s.URL("/heartrate?interval=1ms&seed=42"), nil)
	c := dial(t, s.URL("/heartrate?interval=1ms&seed=7"), nil)
	va, vb, vc := heartValues(t, a, 300), heartValues(t, b, 300), heartValues(t, c, 300)
	if fmt.Sprint(va) != fmt.Sprint(vb) {
		t.Fatalf("seed 42 gave two different series:\n%v\n%v", va, vb)
	}
	if fmt.Sprint(va) == fmt.Sprint(vc) {
		t.Fatalf("seeds 42 and 7 gave the same series %v", va)
	}
	for _, vs := range [][]int{va, vc} {
		lo, hi, distinct := vs[0], vs[0], map[int]bool{}
		for i, v := range vs {
			if v < minBPM || v > maxBPM {
				t.Fatalf("value %d = %d bpm, outside the resting range %d..%d", i, v, minBPM, maxBPM)
			}
			if i > 0 {
				if d := v - vs[i-1]; d > 6 || d < -6 {
					t.Fatalf("beat-to-beat jump %d → %d at %d: not a plausible pulse", vs[i-1], v, i)
				}
			}
			lo, hi = min(lo, v), max(hi, v)
			distinct[v] = true
		}
		if len(distinct) < 5 || hi-lo < 5 {
			t.Errorf("series %v hardly varies (%d distinct values, range %d..%d)", vs, len(distinct), lo, hi)
		}
	}
}

// TestHeartRateCadence compares feeds running side by side, so that only
// the ratio of their intervals matters, not how fast the machine is.
func TestHeartRateCadence(t *testing.T) {
	s := start(t, false)
	slow := dial(t, s.URL("/heartrate"), nil) // the default, 500ms
	fast := dial(t, s.URL("/heartrate?interval=5ms"), nil)
	var mu sync.Mutex
	slowCount := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if _, _, err := slow.ReadMessage(); err != nil {
				return
			}
			mu.Lock()
			slowCount++
			mu.Unlock()
		}
	}()
	heartValues(t, fast, 60) // at least 59 × 5ms = 295ms
	mu.Lock()
	n := slowCount
	mu.Unlock()
	// The fast feed's 60 messages span about 300ms: the default feed has
	// sent its first value and at most one more.
	if n*10 > 60 {
		t.Errorf("the default feed sent %d messages while the 5ms feed sent 60: it is not ticking every 500ms", n)
	}
	slow.Close()
	<-done

	_, resp, err := websocket.DefaultDialer.Dial(s.URL("/heartrate?seed=x"), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("seed=x: want 400, got %v %v", resp, err)
	}
}

type chatMsg struct{ user, text string }

func (m chatMsg) String() string { return m.user + ": " + m.text }

func readChat(t *testing.T, c *websocket.Conn) chatMsg {
	t.Helper()
	_, b := read(t, c)
	u, x, tm := gjson.GetBytes(b, "username"), gjson.GetBytes(b, "text"), gjson.GetBytes(b, "time")
	if u.Type != gjson.String || x.Type != gjson.String || tm.Type != gjson.Number || tm.Int() < 1_600_000_000_000 {
		t.Fatalf("chat message %s: want {\"username\",\"text\",\"time\"}", b)
	}
	return chatMsg{u.Str, x.Str}
}

// joinChat connects as user and waits for the room to announce it, so that
// the user is a member before the test goes on.
func joinChat(t *testing.T, s *Server, user string) *websocket.Conn {
	t.Helper()
	c := dial(t, s.URL("/chatroom?username="+url.QueryEscape(user)), nil)
	want := chatMsg{"system", user + " joined"}
	if m := readChat(t, c); m != want {
		t.Fatalf("%s's first message = %v, want %v", user, m, want)
	}
	return c
}

func TestChatroomThreeUsers(t *testing.T) {
	s := start(t, false)
	ann := joinChat(t, s, "ann")
	bob := joinChat(t, s, "bob")
	if m := readChat(t, ann); m != (chatMsg{"system", "bob joined"}) {
		t.Fatalf("ann saw %v, want bob joining", m)
	}
	cat := joinChat(t, s, "cat")
	for _, c := range []*websocket.Conn{ann, bob} {
		if m := readChat(t, c); m != (chatMsg{"system", "cat joined"}) {
			t.Fatalf("saw %v, want cat joining", m)
		}
	}

	// Each user sends in one of the accepted forms; everyone sees every
	// message, in the same order, each user's own messages in the order sent.
	sends := []struct {
		c    *websocket.Conn
		data string
		want chatMsg
	}{
		{ann, `{"text":"hi all"}`, chatMsg{"ann", "hi all"}},
		{bob, `hello ann`, chatMsg{"bob", "hello ann"}},
		{cat, `{"username":"Cat","text":"meow \"quoted\""}`, chatMsg{"Cat", `meow "quoted"`}},
		{ann, `{"username":"system","text":"fake"}`, chatMsg{"ann", "fake"}},
		{bob, `{"other":1}`, chatMsg{"bob", `{"other":1}`}},
		{cat, ``, chatMsg{"cat", ""}},
	}
	var wg sync.WaitGroup
	for _, c := range []*websocket.Conn{ann, bob, cat} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, sd := range sends {
				if sd.c == c {
					if err := c.WriteMessage(websocket.TextMessage, []byte(sd.data)); err != nil {
						t.Error(err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	var seen [3][]chatMsg
	for i, c := range []*websocket.Conn{ann, bob, cat} {
		for range sends {
			seen[i] = append(seen[i], readChat(t, c))
		}
	}
	if fmt.Sprint(seen[0]) != fmt.Sprint(seen[1]) || fmt.Sprint(seen[1]) != fmt.Sprint(seen[2]) {
		t.Fatalf("users saw different orders:\nann %v\nbob %v\ncat %v", seen[0], seen[1], seen[2])
	}
	for _, sender := range []*websocket.Conn{ann, bob, cat} {
		var want, got []chatMsg
		for _, sd := range sends {
			if sd.c == sender {
				want = append(want, sd.want)
			}
		}
		for _, m := range seen[0] {
			for _, w := range want {
				if m == w {
					got = append(got, m)
				}
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("a sender's messages arrived as %v, want %v (all: %v)", got, want, seen[0])
		}
	}

	// A binary frame is refused to its sender only.
	if err := bob.WriteMessage(websocket.BinaryMessage, []byte{1, 2}); err != nil {
		t.Fatal(err)
	}
	if m := readChat(t, bob); m != (chatMsg{"system", "only text messages reach the room"}) {
		t.Fatalf("bob's binary frame: %v", m)
	}

	cat.Close()
	for _, c := range []*websocket.Conn{ann, bob} {
		if m := readChat(t, c); m != (chatMsg{"system", "cat left"}) {
			t.Fatalf("saw %v, want cat leaving", m)
		}
	}
	if err := ann.WriteMessage(websocket.TextMessage, []byte("bye")); err != nil {
		t.Fatal(err)
	}
	if m := readChat(t, bob); m != (chatMsg{"ann", "bye"}) {
		t.Fatalf("bob saw %v, want ann's bye (and nothing from the binary frame)", m)
	}
}

func TestChatroomRefusesSystemName(t *testing.T) {
	s := start(t, false)
	_, resp, err := websocket.DefaultDialer.Dial(s.URL("/chatroom?username=System"), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("username=System: want 400, got %v %v", resp, err)
	}
}

// TestChatroomSlowClient: a member that never reads is dropped once its
// queue is full, while the others go on receiving every message in order.
func TestChatroomSlowClient(t *testing.T) {
	s := start(t, false)
	ann := joinChat(t, s, "ann")
	slow, _, err := websocket.DefaultDialer.Dial(s.URL("/chatroom?username=slow"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if m := readChat(t, ann); m != (chatMsg{"system", "slow joined"}) {
		t.Fatalf("ann saw %v", m)
	}
	bob := joinChat(t, s, "bob")
	if m := readChat(t, ann); m != (chatMsg{"system", "bob joined"}) {
		t.Fatalf("ann saw %v", m)
	}

	// ann sends until the room drops the slow member, at most a few
	// messages ahead of what ann has read back; ann and bob read
	// everything as it comes.
	text := strings.Repeat("x", 16<<10)
	const most = 5000 // 80 MB: far beyond what the socket buffers and the queue hold
	window := make(chan struct{}, 8)
	stop := make(chan struct{})
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for i := 0; i < most; i++ {
			select {
			case window <- struct{}{}:
			case <-stop:
				return
			}
			if ann.WriteMessage(websocket.TextMessage, fmt.Appendf(nil, `{"text":"%d %s"}`, i, text)) != nil {
				return
			}
		}
	}()
	type result struct {
		got     int
		dropped bool
		err     string
	}
	reader := func(c *websocket.Conn, ack bool, out chan<- result) {
		next := 0
		for next < most {
			_, b, err := c.ReadMessage()
			if err != nil {
				out <- result{got: next, err: err.Error()}
				return
			}
			m := chatMsg{gjson.GetBytes(b, "username").Str, gjson.GetBytes(b, "text").Str}
			if m == (chatMsg{"system", "slow left"}) {
				out <- result{got: next, dropped: true}
				return
			}
			if want := fmt.Sprintf("%d %s", next, text); m.user != "ann" || m.text != want {
				out <- result{got: next, err: fmt.Sprintf("message %d from %s: %.20q…", next, m.user, m.text)}
				return
			}
			if ack {
				<-window
			}
			next++
		}
		out <- result{got: next}
	}
	ra, rb := make(chan result, 1), make(chan result, 1)
	go reader(ann, true, ra)
	go reader(bob, false, rb)
	a := <-ra
	close(stop)
	b := <-rb
	<-sent
	for _, r := range []result{a, b} {
		if r.err != "" {
			t.Fatal(r.err)
		}
		if !r.dropped {
			t.Fatalf("after %d messages the slow member is still in the room", r.got)
		}
	}
	if a.got < sendQueue {
		t.Errorf("the slow member was dropped after %d messages, before its queue of %d could fill", a.got, sendQueue)
	}
	// The slow member's connection ends once it reads what reached it.
	for {
		if _, _, err := slow.ReadMessage(); err != nil {
			break
		}
	}
	// The room goes on for the others.
	if err := bob.WriteMessage(websocket.TextMessage, []byte("still here")); err != nil {
		t.Fatal(err)
	}
	for {
		m := readChat(t, ann)
		if m.user == "bob" {
			if m.text != "still here" {
				t.Fatalf("ann saw %v", m)
			}
			break
		}
	}
}

// TestChatroomClose: the server's Close ends every member with 1001 and
// leaves no room behind.
func TestChatroomClose(t *testing.T) {
	s, err := Start("", false)
	if err != nil {
		t.Fatal(err)
	}
	ann := joinChat(t, s, "ann")
	bob := joinChat(t, s, "bob")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*websocket.Conn{ann, bob} {
		var err error
		for err == nil {
			_, _, err = c.ReadMessage()
		}
		if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
			t.Errorf("after Close: %v, want 1001", err)
		}
	}
	s.chatMu.Lock()
	left := s.chat != nil
	s.chatMu.Unlock()
	if left {
		t.Error("the closed server's chat room is still registered")
	}
}
