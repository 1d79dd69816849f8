package demo

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

const (
	minInterval  = time.Millisecond
	maxBurst     = 10_000_000
	maxBurstSize = 1 << 20
	maxSymbols   = 50
)

// queryInterval reads ?interval= as a Go duration ("200ms") or a number of
// milliseconds ("200").
func queryInterval(r *http.Request, def time.Duration) (time.Duration, error) {
	v := r.URL.Query().Get("interval")
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		ms, err2 := strconv.Atoi(v)
		if err2 != nil {
			return 0, fmt.Errorf("interval %q is not a duration such as 500ms or 2s", v)
		}
		d = time.Duration(ms) * time.Millisecond
	}
	if d < minInterval {
		return 0, fmt.Errorf("interval %q is too short; use 1ms or more", v)
	}
	return d, nil
}

func queryInt(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s %q must be a whole number from %d to %d", name, v, lo, hi)
	}
	return n, nil
}

func unixMs() int64 { return time.Now().UnixMilli() }

// every runs tick on a timer until the session ends; tick returning false
// stops it.
func every(ss *session, d time.Duration, tick func() bool) {
	t := time.NewTicker(d)
	defer t.Stop()
	if !tick() {
		return
	}
	for {
		select {
		case <-t.C:
			if !tick() {
				return
			}
		case <-ss.done:
			return
		case <-ss.s.quit:
			return
		}
	}
}

func (s *Server) serveEcho(w http.ResponseWriter, r *http.Request) {
	c, ok := s.upgrade(w, r)
	if !ok {
		return
	}
	ss := newSession(s, c)
	ss.run(nil, func(typ int, data []byte) { ss.enqueue(typ, data) })
}

func (s *Server) serveRandom(w http.ResponseWriter, r *http.Request) {
	interval, err := queryInterval(r, time.Second)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c, ok := s.upgrade(w, r)
	if !ok {
		return
	}
	ss := newSession(s, c)
	rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	ss.run(func(ss *session) {
		every(ss, interval, func() bool {
			b := fmt.Appendf(nil, `{"time":%d,"value":%d}`, unixMs(), rng.IntN(101))
			return ss.enqueue(websocket.TextMessage, b)
		})
	}, nil)
}

// quote state of one symbol.
type quote struct {
	price  float64
	volume int64
}

func parseSymbols(v string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.Split(v, ",") {
		p = strings.ToUpper(strings.TrimSpace(p))
		if p == "" || seen[p] || len(out) == maxSymbols {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

func startPrice(sym string) float64 {
	h := fnv.New32a()
	h.Write([]byte(sym))
	return 20 + float64(h.Sum32()%48000)/100
}

func (s *Server) serveTicker(w http.ResponseWriter, r *http.Request) {
	interval, err := queryInterval(r, time.Second)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	symbols := parseSymbols(r.URL.Query().Get("symbols"))
	if len(symbols) == 0 {
		symbols = []string{"ACME", "GLOBEX"}
	}
	c, ok := s.upgrade(w, r)
	if !ok {
		return
	}
	ss := newSession(s, c)
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	state := map[string]*quote{}
	onMessage := func(typ int, data []byte) {
		var m struct {
			Subscribe []string `json:"subscribe"`
		}
		if typ != websocket.TextMessage || json.Unmarshal(data, &m) != nil || m.Subscribe == nil {
			ss.enqueue(websocket.TextMessage, []byte(`{"error":"send {\"subscribe\":[\"SYMBOL\",...]} to choose the symbols"}`))
			return
		}
		mu.Lock()
		symbols = parseSymbols(strings.Join(m.Subscribe, ","))
		mu.Unlock()
	}
	ss.run(func(ss *session) {
		every(ss, interval, func() bool {
			mu.Lock()
			syms := append([]string(nil), symbols...)
			mu.Unlock()
			for _, sym := range syms {
				q := state[sym]
				if q == nil {
					q = &quote{price: startPrice(sym)}
					state[sym] = q
				}
				change := math.Round((rng.Float64()-0.5)*q.price*0.02*100) / 100
				q.price = math.Max(0.01, math.Round((q.price+change)*100)/100)
				vol := 100 + rng.Int64N(5000)
				q.volume += vol
				b := fmt.Appendf(nil, `{"symbol":%q,"price":%s,"change":%s,"volume":%d,"time":%d}`,
					sym, fixed2(q.price), fixed2(change), vol, unixMs())
				if !ss.enqueue(websocket.TextMessage, b) {
					return false
				}
			}
			return true
		})
	}, onMessage)
}

// fixed2 formats with two decimals, so that the number always reads as a
// double (1.00, not 1).
func fixed2(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func (s *Server) serveSensors(w http.ResponseWriter, r *http.Request) {
	interval, err := queryInterval(r, time.Second)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	site := r.URL.Query().Get("site")
	if site == "" {
		site = "lab-1"
	}
	c, ok := s.upgrade(w, r)
	if !ok {
		return
	}
	ss := newSession(s, c)
	rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	levels := []float64{12, 30, 55, 80}
	type reading struct {
		Sensor      string          `json:"sensor"`
		CM          json.RawMessage `json:"cm"`
		Temperature json.RawMessage `json:"temperature"`
		OK          bool            `json:"ok"`
	}
	type msg struct {
		Site     string    `json:"site"`
		Time     int64     `json:"time"`
		Readings []reading `json:"readings"`
	}
	ss.run(func(ss *session) {
		every(ss, interval, func() bool {
			m := msg{Site: site, Time: unixMs()}
			for i := range levels {
				levels[i] = math.Min(100, math.Max(0, levels[i]+(rng.Float64()-0.5)*4))
				m.Readings = append(m.Readings, reading{
					Sensor:      "s" + strconv.Itoa(i+1),
					CM:          json.RawMessage(fixed2(levels[i])),
					Temperature: json.RawMessage(fixed2(18 + rng.Float64()*6)),
					OK:          levels[i] < 95,
				})
			}
			b, _ := json.Marshal(m)
			return ss.enqueue(websocket.TextMessage, b)
		})
	}, nil)
}

// room is the chat room shared by every /chat connection.
type room struct {
	mu      sync.Mutex
	members map[*session]string
}

func newRoom() *room { return &room{members: map[*session]string{}} }

func (rm *room) broadcast(user, text string) {
	b, _ := json.Marshal(struct {
		User string `json:"user"`
		Text string `json:"text"`
		Time int64  `json:"time"`
	}{user, text, unixMs()})
	rm.mu.Lock()
	defer rm.mu.Unlock()
	for m := range rm.members {
		m.offer(websocket.TextMessage, b)
	}
}

func (s *Server) serveChat(w http.ResponseWriter, r *http.Request) {
	user := strings.TrimSpace(r.URL.Query().Get("user"))
	if user == "" {
		user = "guest"
	}
	if len(user) > 40 {
		user = user[:40]
	}
	c, ok := s.upgrade(w, r)
	if !ok {
		return
	}
	ss := newSession(s, c)
	s.room.mu.Lock()
	s.room.members[ss] = user
	s.room.mu.Unlock()
	s.room.broadcast("*", user+" joined")
	ss.run(nil, func(typ int, data []byte) {
		text := string(data)
		var m struct {
			Text *string `json:"text"`
		}
		if json.Unmarshal(data, &m) == nil && m.Text != nil {
			text = *m.Text
		}
		s.room.broadcast(user, text)
	})
	s.room.mu.Lock()
	delete(s.room.members, ss)
	s.room.mu.Unlock()
	s.room.broadcast("*", user+" left")
}

// serveBurst writes count messages as fast as the socket allows. It frames
// them itself into one buffered writer on the raw connection, so a burst is
// a few large writes rather than one system call per message; the close
// handshake then goes through the websocket.Conn as usual.
func (s *Server) serveBurst(w http.ResponseWriter, r *http.Request) {
	count, err := queryInt(r, "count", 100, 0, maxBurst)
	if err == nil {
		var size int
		size, err = queryInt(r, "size", 64, 0, maxBurstSize)
		if err == nil {
			s.burst(w, r, count, size)
			return
		}
	}
	http.Error(w, err.Error(), http.StatusBadRequest)
}

func (s *Server) burst(w http.ResponseWriter, r *http.Request, count, size int) {
	c, ok := s.upgrade(w, r)
	if !ok {
		return
	}
	// Writes below bypass the websocket.Conn, so nothing else may write
	// until the burst is flushed: pings are answered and a close from the
	// client is honoured only after that.
	var writing atomic.Bool
	writing.Store(true)
	var clientClosed atomic.Bool
	c.SetPingHandler(func(data string) error {
		if writing.Load() {
			return nil
		}
		return c.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(writeWait))
	})
	defaultClose := c.CloseHandler()
	c.SetCloseHandler(func(code int, text string) error {
		clientClosed.Store(true)
		if writing.Load() {
			return nil
		}
		return defaultClose(code, text)
	})
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}()
	stop := make(chan struct{})
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		select {
		case <-s.quit:
			c.Close()
		case <-stop:
		}
	}()
	defer func() {
		close(stop)
		c.Close()
		<-readDone
		<-watchDone
		s.untrack(c)
	}()

	nc := c.NetConn()
	bw := bufio.NewWriterSize(nc, 256<<10)
	start := unixMs()
	prefix := make([]byte, 0, 64)
	var hdr [10]byte
	pad := []byte(strings.Repeat("x", max(size, 0)))
	for i := 0; i < count; i++ {
		if i&1023 == 0 && (clientClosed.Load() || isClosed(s.quit)) {
			return
		}
		prefix = fmt.Appendf(prefix[:0], `{"seq":%d,"time":%d,"pad":"`, i, start)
		n := size - len(prefix) - 2
		if n < 0 {
			n = 0
		}
		total := len(prefix) + n + 2
		h := frameHeader(hdr[:], total)
		nc.SetWriteDeadline(time.Now().Add(writeWait))
		bw.Write(h)
		bw.Write(prefix)
		bw.Write(pad[:n])
		if _, err := bw.WriteString(`"}`); err != nil {
			return
		}
	}
	if err := bw.Flush(); err != nil {
		return
	}
	writing.Store(false)
	c.WriteControl(websocket.CloseMessage,
		websocket.FormatCloseMessage(websocket.CloseNormalClosure, fmt.Sprintf("burst of %d complete", count)),
		time.Now().Add(writeWait))
	select {
	case <-readDone:
	case <-time.After(writeWait):
	case <-s.quit:
	}
}

// frameHeader writes an unmasked, final text frame header for n payload
// bytes (RFC 6455 §5.2).
func frameHeader(b []byte, n int) []byte {
	b[0] = 0x81
	switch {
	case n < 126:
		b[1] = byte(n)
		return b[:2]
	case n <= math.MaxUint16:
		b[1] = 126
		binary.BigEndian.PutUint16(b[2:], uint16(n))
		return b[:4]
	default:
		b[1] = 127
		binary.BigEndian.PutUint64(b[2:], uint64(n))
		return b[:10]
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
