package wire

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// scripted serves one connection: it waits for a text message when expect
// is set and echoes it, sends msgs (a []byte element is a binary frame),
// then closes with code (0 = stays open until the client goes).
func scripted(t *testing.T, expect bool, code int, msgs ...any) (*httptest.Server, chan int) {
	goodbye := make(chan int, 1) // the close code the client sent
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.SetCloseHandler(func(code int, _ string) error { goodbye <- code; return nil })
		if expect {
			_, m, err := c.ReadMessage()
			if err != nil {
				return
			}
			c.WriteMessage(websocket.TextMessage, append([]byte("echo:"), m...))
		}
		for _, m := range msgs {
			switch m := m.(type) {
			case string:
				c.WriteMessage(websocket.TextMessage, []byte(m))
			case []byte:
				c.WriteMessage(websocket.BinaryMessage, m)
			}
		}
		if code != 0 {
			c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, "bye"))
		}
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv, goodbye
}

func TestProbeReadsUntilTheServerCloses(t *testing.T) {
	srv, _ := scripted(t, true, 1000, "a", []byte{1, 2})
	p, err := DialProbe(context.Background(), Config{URL: wsURL(srv, "/")})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close("")
	if err := p.SendText("hi"); err != nil {
		t.Fatal(err)
	}
	far := time.Now().Add(time.Hour)
	var got []Received
	for {
		m, err := p.Read(context.Background(), far)
		if err != nil {
			if !EndedWell(err, len(got)) {
				t.Fatalf("the server's normal close: %v", err)
			}
			break
		}
		got = append(got, m)
	}
	if len(got) != 3 || string(got[0].Data) != "echo:hi" || string(got[1].Data) != "a" || got[1].Binary ||
		!got[2].Binary || string(got[2].Data) != "\x01\x02" || got[0].At.IsZero() {
		t.Fatalf("read %+v", got)
	}
}

func TestProbeWindowOverAndCloseCode(t *testing.T) {
	srv, goodbye := scripted(t, false, 0)
	p, err := DialProbe(context.Background(), Config{URL: wsURL(srv, "/")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Read(context.Background(), time.Now().Add(20*time.Millisecond)); !errors.Is(err, ErrWindowOver) {
		t.Fatalf("after the deadline: %v", err)
	}
	p.Close("test complete")
	p.Close("twice is nothing")
	if code := <-goodbye; code != websocket.CloseNormalClosure {
		t.Fatalf("close code %d", code)
	}
}

func TestProbeCanceled(t *testing.T) {
	srv, goodbye := scripted(t, false, 0)
	p, err := DialProbe(context.Background(), Config{URL: wsURL(srv, "/")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go cancel()
	_, err = p.Read(ctx, time.Now().Add(time.Hour))
	var we *Error
	if !errors.As(err, &we) || we.Class != Canceled || we.Host == "" {
		t.Fatalf("canceled read: %v", err)
	}
	p.CloseGoingAway("test canceled")
	if code := <-goodbye; code != websocket.CloseGoingAway {
		t.Fatalf("close code %d", code)
	}
}

func TestProbeServerRefusesWithReason(t *testing.T) {
	srv, _ := scripted(t, false, 1008, "x")
	p, err := DialProbe(context.Background(), Config{URL: wsURL(srv, "/feed?token=s3cret")})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close("")
	if _, err := p.Read(context.Background(), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, err = p.Read(context.Background(), time.Now().Add(time.Hour))
	if EndedWell(err, 1) {
		t.Fatalf("1008 counted as a good end: %v", err)
	}
	wantText(t, err, "1008 policy violation", `"bye"`)
	var we *Error
	if !errors.As(err, &we) || we.Host != srv.Listener.Addr().String() {
		t.Fatalf("the failure does not name the host: %#v", err)
	}
	// Going away after a message is a good end; before any, it is not.
	away := &Error{Class: ClosedByServer, CloseCode: websocket.CloseGoingAway}
	if !EndedWell(away, 1) || EndedWell(away, 0) || EndedWell(ErrWindowOver, 1) {
		t.Fatal("EndedWell on going away")
	}
}
