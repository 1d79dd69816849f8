package demo

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzChatText: whatever a member sends, the room speaks for a real
// member (never for "system", never with an empty or overlong name), and
// the message it broadcasts is JSON that gives back the text sent.
func FuzzChatText(f *testing.F) {
	for _, s := range []string{`{"text":"hi"}`, `{"username":"bob","text":"hi"}`, `{"username":" System ","text":"x"}`,
		`{"username":"","text":""}`, `plain words`, `{"text":1}`, `[1,2]`, `{"username":"` + strings.Repeat("é", 50) + `","text":"long"}`, ``} {
		f.Add([]byte(s), "ann")
	}
	f.Fuzz(func(t *testing.T, data []byte, user string) {
		user = chatUsername(user)
		if user == "" || strings.EqualFold(user, systemUser) || !utf8.ValidString(user) || !utf8.Valid(data) {
			return // the handler refuses these before chatText sees them
		}
		from, text := chatText(data, user)
		if strings.EqualFold(from, systemUser) {
			t.Fatalf("chatText(%q) speaks as %q", data, from)
		}
		if from == "" || utf8.RuneCountInString(from) > maxUsername || from != strings.TrimSpace(from) {
			t.Fatalf("chatText(%q) gives the name %q", data, from)
		}
		var m struct {
			Text *string `json:"text"`
		}
		if json.Unmarshal(data, &m) != nil || m.Text == nil {
			if from != user || text != string(data) {
				t.Fatalf("a plain frame %q came out as %q from %q, want itself from %q", data, text, from, user)
			}
		}
		b, err := json.Marshal(chatMessage{from, text, 1})
		if err != nil {
			t.Fatal(err)
		}
		var back chatMessage
		if err := json.Unmarshal(b, &back); err != nil || back.Username != from || back.Text != text {
			t.Fatalf("broadcast %s reads back as %+v (%v)", b, back, err)
		}
	})
}

// FuzzChatUsername: a cleaned name is trimmed, at most maxUsername
// characters, and cleaning it again changes nothing.
func FuzzChatUsername(f *testing.F) {
	for _, s := range []string{"ann", "  bob  ", "", strings.Repeat("x", 41), strings.Repeat("ü", 45) + " ", strings.Repeat("x", 39) + " y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		u := chatUsername(s)
		if u != strings.TrimSpace(u) {
			t.Fatalf("chatUsername(%q) = %q is not trimmed", s, u)
		}
		if utf8.RuneCountInString(u) > maxUsername {
			t.Fatalf("chatUsername(%q) = %q has %d characters", s, u, utf8.RuneCountInString(u))
		}
		if again := chatUsername(u); again != u {
			t.Fatalf("chatUsername is not stable: %q → %q → %q", s, u, again)
		}
	})
}

// FuzzQueryInterval: an interval is read as at least a millisecond, or
// refused with a message that quotes what was given.
func FuzzQueryInterval(f *testing.F) {
	for _, s := range []string{"500ms", "2s", "200", "0", "-1s", "1us", "abc", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if v == "" {
			return
		}
		r := httptest.NewRequest("GET", "/heartrate?interval="+url.QueryEscape(v), nil)
		d, err := queryInterval(r, 500*time.Millisecond)
		if err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", v)) {
				t.Fatalf("the error %q does not quote the interval %q", err, v)
			}
			return
		}
		if d < minInterval {
			t.Fatalf("interval %q read as %v, under %v", v, d, minInterval)
		}
	})
}
