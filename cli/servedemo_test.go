package cli

import (
	"bytes"
	"context"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"wsstudio/demo"
	"wsstudio/wire"
)

func TestServeDemoServesUntilCanceled(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		args := []string{"--addr", "127.0.0.1:0"}
		if useTLS {
			args = append(args, "--tls")
		}
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb bytes.Buffer
		var caFile string
		done := make(chan error, 1)
		started := make(chan *demo.Server, 1)
		go func() { done <- serveDemo(ctx, args, &out, &errb, func(s *demo.Server) { started <- s }) }()
		var s *demo.Server
		select {
		case s = <-started:
		case err := <-done:
			t.Fatalf("serve-demo ended: %v", err)
		}
		caFile = s.CAFile
		conn, _, err := wire.Dial(context.Background(), wire.Config{URL: s.URL("/echo"), CAFile: caFile})
		if err != nil {
			t.Fatal(err)
		}
		conn.WriteMessage(websocket.TextMessage, []byte("ping"))
		if _, b, err := conn.ReadMessage(); err != nil || string(b) != "ping" {
			t.Fatalf("echo: %q %v", b, err)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if _, _, err := conn.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseGoingAway) {
			t.Errorf("after stop: %v, want 1001", err)
		}
		conn.Close()
		if strings.Contains(errb.String(), "reachable from other machines") {
			t.Errorf("a loopback address drew the warning: %s", errb.String())
		}
		text := out.String()
		for _, f := range demo.Feeds() {
			if !strings.Contains(text, s.URL(f.Path)) {
				t.Errorf("output lacks %s:\n%s", f.Path, text)
			}
		}
		if useTLS {
			if !strings.Contains(text, "CA file (trust it with --ca-file): "+caFile) {
				t.Errorf("output lacks the CA file:\n%s", text)
			}
			if _, err := os.Stat(caFile); !os.IsNotExist(err) {
				t.Errorf("CA file left behind: %v", err)
			}
		}
	}
}

func TestServeDemoBadInput(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().String()
	for _, tc := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"serve-demo", "--addr", "nonsense"}, 2, `--addr "nonsense" is not HOST:PORT`},
		{[]string{"serve-demo", "extra"}, 2, `serve-demo takes no arguments, got "extra"`},
		{[]string{"serve-demo", "--port", "1"}, 2, "flag provided but not defined"},
		{[]string{"serve-demo", "--addr", "192.0.2.1:1"}, 2, `--addr "192.0.2.1:1": 192.0.2.1 is not an address of this machine`},
		{[]string{"serve-demo", "--addr", "127.0.0.1:99999"}, 2, `--addr "127.0.0.1:99999": the port "99999" is not a number from 0 to 65535`},
		{[]string{"serve-demo", "--addr", "127.0.0.1:http"}, 2, `the port "http" is not a number`},
		{[]string{"serve-demo", "--addr", busy}, 1, "cannot serve the demo feeds on " + busy + ": another program is using that port"},
	} {
		var out, errb bytes.Buffer
		if status := run(tc.args, &out, &errb); status != tc.status || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%q: %d %q", tc.args, status, errb.String())
		}
	}
}
