package importer

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/wire"
	"wsstudio/wire/frame"
)

func demoServer(t *testing.T, useTLS bool) *demo.Server {
	t.Helper()
	s, err := demo.Start("", useTLS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConnectionTestCollectsUpToMax(t *testing.T) {
	s := demoServer(t, false)
	var seen int
	res, err := Test(context.Background(), TestOptions{
		URL:    s.URL("/ticker"),
		Query:  []project.Param{{Name: "symbols", Value: "ACME"}, {Name: "interval", Value: "5ms"}},
		Max:    5,
		Window: time.Minute,
	}, func(Message) { seen++ })
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Messages) != 5 || seen != 5 {
		t.Fatalf("%d messages, %d progress calls", len(res.Messages), seen)
	}
	for _, m := range res.Messages {
		if m.Kind != frame.JSON || m.Size != len(m.Data) || m.Time.IsZero() || !strings.Contains(string(m.Data), `"symbol":"ACME"`) {
			t.Fatalf("message %+v", m)
		}
	}
}

func TestConnectionTestSendsSampleRequestAndReportsSubprotocol(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "k1" {
			http.Error(w, "no key", http.StatusForbidden)
			return
		}
		c, err := (&websocket.Upgrader{Subprotocols: []string{"quotes.v2"}}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		_, req, err := c.ReadMessage()
		if err != nil {
			return
		}
		c.WriteMessage(websocket.TextMessage, append([]byte(`{"got":`), append(req, '}')...))
		c.WriteMessage(websocket.TextMessage, []byte(`<a>1</a>`))
		c.WriteMessage(websocket.TextMessage, []byte(`plain`))
		c.WriteMessage(websocket.BinaryMessage, []byte{1, 2})
		c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(1000, "done"))
		c.ReadMessage()
	}))
	defer srv.Close()
	res, err := Test(context.Background(), TestOptions{
		URL:           "ws" + strings.TrimPrefix(srv.URL, "http") + "/q",
		Headers:       []project.Param{{Name: "X-Api-Key", Value: "k1"}, {Name: "X-Empty"}},
		Subprotocols:  []string{"quotes.v1", "quotes.v2"},
		SampleRequest: `{"subscribe":["ACME"]}`,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Subprotocol != "quotes.v2" {
		t.Errorf("subprotocol %q", res.Subprotocol)
	}
	kinds := []frame.Kind{frame.JSON, frame.XML, frame.Text, frame.Binary}
	if len(res.Messages) != 4 {
		t.Fatalf("%d messages", len(res.Messages))
	}
	for i, m := range res.Messages {
		if m.Kind != kinds[i] {
			t.Errorf("message %d kind %v, want %v", i, m.Kind, kinds[i])
		}
	}
	if string(res.Messages[0].Data) != `{"got":{"subscribe":["ACME"]}}` {
		t.Errorf("first message %s", res.Messages[0].Data)
	}
}

func TestConnectionTestWindowEnds(t *testing.T) {
	s := demoServer(t, false)
	res, err := Test(context.Background(), TestOptions{URL: s.URL("/echo"), Window: 50 * time.Millisecond}, nil)
	if err != nil || len(res.Messages) != 0 || res.Elapsed < 50*time.Millisecond {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestConnectionTestCanceled(t *testing.T) {
	s := demoServer(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	res, err := Test(ctx, TestOptions{URL: s.URL("/randomnumber?interval=2ms"), Window: time.Minute, Max: 1000},
		func(m Message) { cancel() })
	var we *wire.Error
	if !errors.As(err, &we) || we.Class != wire.Canceled || res == nil || len(res.Messages) == 0 {
		t.Fatalf("%v %+v", err, res)
	}
}

func TestConnectionTestSecureAndTLS(t *testing.T) {
	s := demoServer(t, true)
	_, err := Test(context.Background(), TestOptions{URL: s.URL("/secure/randomnumber?interval=5ms"), TLS: project.TLSOptions{CAFile: s.CAFile}, Max: 1}, nil)
	var we *wire.Error
	if !errors.As(err, &we) || we.Class != wire.HTTPStatus || we.StatusCode != 401 {
		t.Fatalf("without token: %v", err)
	}
	if !strings.Contains(err.Error(), "401 Unauthorized: check the token or the Authorization header.") {
		t.Errorf("wording %q", err)
	}
	res, err := Test(context.Background(), TestOptions{
		URL:     s.URL("/secure/randomnumber?interval=5ms"),
		Headers: []project.Param{{Name: "Authorization", Value: "Bearer demo-token"}},
		TLS:     project.TLSOptions{CAFile: s.CAFile}, Max: 2,
	}, nil)
	if err != nil || len(res.Messages) != 2 {
		t.Fatalf("%v %+v", err, res)
	}
	_, err = Test(context.Background(), TestOptions{URL: s.URL("/echo"), Max: 1, Window: time.Millisecond}, nil)
	if !errors.As(err, &we) || we.Class != wire.TLSUnknownAuthority {
		t.Fatalf("untrusted: %v", err)
	}
}

func TestConnectionTestClosedByServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.WriteMessage(websocket.TextMessage, []byte(`{"a":1}`))
		c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(1008, "subscription required"))
		c.ReadMessage()
	}))
	defer srv.Close()
	res, err := Test(context.Background(), TestOptions{URL: "ws" + strings.TrimPrefix(srv.URL, "http")}, nil)
	if err == nil || res == nil || len(res.Messages) != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	want := `The server closed the connection (1008 policy violation): "subscription required": check the token`
	if !strings.Contains(err.Error(), want) {
		t.Errorf("got %q", err)
	}
}

func TestConnectionTestBurstNormalClose(t *testing.T) {
	s := demoServer(t, false)
	res, err := Test(context.Background(), TestOptions{URL: s.URL("/burst?count=3&size=50")}, nil)
	if err != nil || len(res.Messages) != 3 {
		t.Fatalf("%v %+v", err, res)
	}
}

func TestConnectionTestRefusesInsecureRemote(t *testing.T) {
	_, err := Test(context.Background(), TestOptions{URL: "ws://quotes.example.com/feed"}, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "The connection test is off for ws:// to quotes.example.com, a host that is not this machine") {
		t.Fatalf("got %v", err)
	}
	_, err = Test(context.Background(), TestOptions{URL: "ws://127.0.0.1:1/{room}"}, nil)
	if err == nil || err.Error() != "The path parameter {room} has no value: enter one to connect." {
		t.Fatalf("got %v", err)
	}
}
