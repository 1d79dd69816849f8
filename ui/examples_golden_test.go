package ui

import (
	"fmt"
	"image"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/gorilla/websocket"

	"wsstudio/project"
)

// scriptedFeed serves the same messages to every connection, then keeps
// it open (reading and dropping what the client sends), so that a picture
// of live data is the same on every run.
func scriptedFeed(t *testing.T, msgs []string) string {
	t.Helper()
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for _, m := range msgs {
			if err := c.WriteMessage(websocket.TextMessage, []byte(m)); err != nil {
				return
			}
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

// hostsOn points every service of p at addr.
func hostsOn(p *project.Project, addr string) func(string) string {
	over := map[string]string{}
	for _, svc := range p.Services {
		over[project.EnvName(svc.ID, "host")] = addr
	}
	return func(k string) string { return over[k] }
}

// heartMessages are 24 readings half a second apart: the dataset keeps the
// last 20.
func heartMessages() []string {
	values := []int{72, 73, 73, 74, 72, 71, 71, 70, 72, 74, 75, 76, 75, 74, 73, 73, 72, 71, 72, 73, 74, 74, 73, 72}
	var out []string
	for i, v := range values {
		out = append(out, fmt.Sprintf(`{"time":%d,"value":%d}`, 1764000000000+int64(i)*500, v))
	}
	return out
}

var chatMessages = []string{
	`{"username":"system","text":"user1 joined","time":1764000000000}`,
	`{"username":"ann","text":"Morning! Is the build green?","time":1764000012000}`,
	`{"username":"user1","text":"It is, since the last merge.","time":1764000031000}`,
	`{"username":"bob","text":"Great, shipping it.","time":1764000047000}`,
}

// TestExamplesLiveGolden: each interactive example, open in the default
// window with data from its feed, times shown in UTC.
func TestExamplesLiveGolden(t *testing.T) {
	for _, tc := range []struct {
		name, variable string
		msgs           []string
		keep           int
	}{
		{"heartrate", "HeartRate", heartMessages(), 20},
		{"chatroom", "Chatroom", chatMessages, len(chatMessages)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fixedStamps(t)
			p := openExample(t, tc.name)
			addr := scriptedFeed(t, tc.msgs)
			h := newHarness(t, p, Options{Env: hostsOn(p, addr)})
			h.waitFor(t, "the feed's messages", func() bool { return h.dataLen(tc.variable) == tc.keep })
			last := tc.msgs[len(tc.msgs)-1]
			h.waitFor(t, "every widget to draw the last message", func() bool {
				for _, c := range h.s.page.cards {
					if project.IsInput(c.w.Kind) || c.w.Kind == project.KindButton {
						continue // they show no data
					}
					if c.live == nil || c.live.Redraws() == 0 {
						return false
					}
				}
				rv := h.s.runtime(p.Variable(tc.variable))
				r, ok := rv.Dataset().Latest()
				return ok && string(r.Raw) == last
			})
			h.s.Select(VariableNode(tc.variable))
			h.freeze()
			h.s.console.filter.SetText("time") // the info lines name the feed's random port
			test.AssertImageMatches(t, "example_"+tc.name+"_live.png", settledCapture(h))
		})
	}
}

// settledCapture captures the window once two captures in a row agree: a
// table that follows its newest row scrolls there in frames of its own.
func settledCapture(h *harness) image.Image {
	last := h.w.Canvas().Capture()
	for i := 0; i < 50; i++ {
		time.Sleep(20 * time.Millisecond)
		h.q.Drain()
		img := h.w.Canvas().Capture()
		if samePixels(last, img) {
			return img
		}
		last = img
	}
	return last
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}
