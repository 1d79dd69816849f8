package demo

// The feeds behind the two interactive example apps: a heart-rate monitor
// (/heartrate) and a chat room (/chatroom).

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

const (
	// Resting pulse range of the heart-rate feed, in beats per minute.
	minBPM = 60
	maxBPM = 100

	maxUsername = 40
	// systemUser sends the join and leave announcements of the chat room.
	systemUser = "system"
)

// pulse is a plausible resting heart rate: a baseline that drifts slowly
// towards a personal mean, plus a small beat-to-beat variation.
type pulse struct {
	rng  *rand.Rand
	mean float64
	base float64
}

func newPulse(seed uint64) *pulse {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	mean := 68 + rng.Float64()*14 // 68 … 82
	return &pulse{rng: rng, mean: mean, base: mean}
}

// next is the next reading, a whole number of beats per minute in
// [minBPM, maxBPM].
func (p *pulse) next() int {
	// Slow drift: a random walk pulled back towards the mean.
	p.base += (p.mean-p.base)*0.05 + (p.rng.Float64()-0.5)*1.2
	p.base = math.Min(maxBPM-3, math.Max(minBPM+3, p.base))
	v := math.Round(p.base + (p.rng.Float64()-0.5)*4) // ±2 beat to beat
	return int(math.Min(maxBPM, math.Max(minBPM, v)))
}

// serveHeartRate sends {"time": unix ms, "value": bpm} every interval
// (500ms unless ?interval= says otherwise); ?seed= makes the values
// repeatable.
func (s *Server) serveHeartRate(w http.ResponseWriter, r *http.Request) {
	interval, err := queryInterval(r, 500*time.Millisecond)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	seed := rand.Uint64()
	if v := r.URL.Query().Get("seed"); v != "" {
		seed, err = strconv.ParseUint(v, 10, 64)
		if err != nil {
			http.Error(w, fmt.Sprintf("seed %q must be a whole number from 0 to %d", v, uint64(math.MaxUint64)), http.StatusBadRequest)
			return
		}
	}
	c, ok := s.upgrade(w, r)
	if !ok {
		return
	}
	ss := newSession(s, c)
	p := newPulse(seed)
	ss.run(func(ss *session) {
		every(ss, interval, func() bool {
			b := fmt.Appendf(nil, `{"time":%d,"value":%d}`, unixMs(), p.next())
			return ss.enqueue(websocket.TextMessage, b)
		})
	}, nil)
}

// chatRoom is the room shared by every /chatroom connection of one server.
// Messages are handed to every member's writer under mu, so all members see
// them in the same order; a member whose queue is full is too slow to keep
// up and is dropped, so that it never holds the others back.
type chatRoom struct {
	mu      sync.Mutex
	members map[*session]string
}

// join adds ss to its server's room.
func join(s *Server, ss *session, user string) *chatRoom {
	s.chatMu.Lock()
	defer s.chatMu.Unlock()
	rm := s.chat
	if rm == nil {
		rm = &chatRoom{members: map[*session]string{}}
		s.chat = rm
	}
	rm.mu.Lock()
	rm.members[ss] = user
	rm.mu.Unlock()
	return rm
}

// leave removes ss from the room, and the room from the server when it was
// the last member.
func (rm *chatRoom) leave(s *Server, ss *session) {
	s.chatMu.Lock()
	defer s.chatMu.Unlock()
	rm.mu.Lock()
	delete(rm.members, ss)
	empty := len(rm.members) == 0
	rm.mu.Unlock()
	if empty && s.chat == rm {
		s.chat = nil
	}
}

// chatMessage is what every member receives.
type chatMessage struct {
	Username string `json:"username"`
	Text     string `json:"text"`
	Time     int64  `json:"time"`
}

func (rm *chatRoom) broadcast(user, text string) {
	b, _ := json.Marshal(chatMessage{user, text, unixMs()})
	rm.mu.Lock()
	defer rm.mu.Unlock()
	for m := range rm.members {
		select {
		case m.send <- frame{websocket.TextMessage, b}:
		default:
			// Too slow: drop the member. Closing the connection ends its
			// writer (even one stuck in a write) and its reader, and its
			// handler then announces that it left.
			delete(rm.members, m)
			m.conn.Close()
		}
	}
}

// chatUsername cleans up a username: trimmed, at most maxUsername
// characters.
func chatUsername(v string) string {
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) > maxUsername {
		// cut, then trim again: the cut may end on a space
		v = strings.TrimSpace(string([]rune(v)[:maxUsername]))
	}
	return v
}

// chatText reads what a member sent: JSON {"text": …} (with or without its
// own "username"), or the whole frame as plain text.
func chatText(data []byte, user string) (string, string) {
	var m struct {
		Username *string `json:"username"`
		Text     *string `json:"text"`
	}
	if json.Unmarshal(data, &m) != nil || m.Text == nil {
		return user, string(data)
	}
	if m.Username != nil {
		if u := chatUsername(*m.Username); u != "" && !strings.EqualFold(u, systemUser) {
			user = u
		}
	}
	return user, *m.Text
}

// serveChatroom joins the room as ?username= and broadcasts every message
// a member sends to all members as {"username","text","time"}; joins and
// leaves come from "system".
func (s *Server) serveChatroom(w http.ResponseWriter, r *http.Request) {
	user := chatUsername(r.URL.Query().Get("username"))
	if user == "" {
		user = "guest"
	}
	if strings.EqualFold(user, systemUser) {
		http.Error(w, fmt.Sprintf("username %q is taken by the room's announcements; choose another", user), http.StatusBadRequest)
		return
	}
	c, ok := s.upgrade(w, r)
	if !ok {
		return
	}
	ss := newSession(s, c)
	rm := join(s, ss, user)
	rm.broadcast(systemUser, user+" joined")
	ss.run(nil, func(typ int, data []byte) {
		if typ != websocket.TextMessage || !utf8.Valid(data) {
			ss.offer(websocket.TextMessage, fmt.Appendf(nil, `{"username":%q,"text":"only text messages reach the room","time":%d}`, systemUser, unixMs()))
			return
		}
		from, text := chatText(data, user)
		rm.broadcast(from, text)
	})
	rm.leave(s, ss)
	rm.broadcast(systemUser, user+" left")
}
