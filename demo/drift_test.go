package demo

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/gorilla/websocket"
)

// TestDriftFeed: /drift sends count messages in the documented pattern,
// then closes normally.
func TestDriftFeed(t *testing.T) {
	s := start(t, false)
	c := dial(t, s.URL("/drift?count=20"), nil)
	var off []string
	for i := 0; ; i++ {
		_, data, err := c.ReadMessage()
		if err != nil {
			ce, ok := err.(*websocket.CloseError)
			if !ok || ce.Code != websocket.CloseNormalClosure || ce.Text != "drift of 20 complete" {
				t.Fatalf("after %d messages: %v, want a normal close \"drift of 20 complete\"", i, err)
			}
			if i != 20 {
				t.Fatalf("got %d messages, want 20", i)
			}
			break
		}
		var m struct {
			Seq    int
			Price  any
			Quote  any
			Trades []struct{ Qty any }
		}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("message %d is not JSON: %v: %s", i, err, data)
		}
		if m.Seq != i {
			t.Fatalf("message %d has seq %d", i, m.Seq)
		}
		var bad string
		if _, ok := m.Price.(float64); !ok {
			bad += " price"
		}
		if _, ok := m.Quote.(map[string]any); !ok {
			bad += " quote"
		}
		if _, ok := m.Trades[1].Qty.(float64); !ok {
			bad += " qty"
		}
		if bad != "" {
			off = append(off, fmt.Sprintf("%d:%s", i, bad))
		}
	}
	got := fmt.Sprint(off)
	want := "[3: price 7: price quote 9: qty 11: price 15: price quote 19: price qty]"
	if got != want {
		t.Fatalf("off-shape messages %s, want %s", got, want)
	}
	var sample map[string]any
	if err := json.Unmarshal([]byte(DriftSample), &sample); err != nil || string(DriftMessage(0)) != DriftSample {
		t.Fatalf("DriftSample %s is not message 0 %s (%v)", DriftSample, DriftMessage(0), err)
	}
}
