package wire

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"
)

// TestDialEndsWithItsContext: against a server that accepts TCP and never
// answers, with a handshake timeout of an hour, cancelling the context
// closes the socket under the handshake (the server sees it) and Dial
// returns a Canceled error; a context deadline returns a Timeout naming it.
func TestDialEndsWithItsContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted, gone := make(chan struct{}, 4), make(chan struct{}, 4)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- struct{}{}
			go func() {
				defer c.Close()
				buf := make([]byte, 4096)
				for {
					if _, err := c.Read(buf); err != nil {
						gone <- struct{}{}
						return
					}
				}
			}()
		}
	}()
	cfg := Config{URL: "ws://" + ln.Addr().String() + "/x", HandshakeTimeout: time.Hour}

	ctx, cancel := context.WithCancel(context.Background())
	res := make(chan error, 1)
	go func() {
		c, _, err := Dial(ctx, cfg)
		if c != nil {
			c.Close()
		}
		res <- err
	}()
	<-accepted
	cancel()
	<-gone // the socket was closed under the handshake …
	err = <-res
	var we *Error
	if !errors.As(err, &we) || we.Class != Canceled {
		t.Fatalf("Dial = %v, want a cancelled dial", err)
	}

	ctx, cancel = context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, _, err = Dial(ctx, cfg)
	<-gone
	if !errors.As(err, &we) || we.Class != Timeout || we.Timeout != 200*time.Millisecond {
		t.Fatalf("Dial = %v, want a timeout of 200ms", err)
	}
}

func TestRoughly(t *testing.T) {
	for in, want := range map[time.Duration]time.Duration{
		296 * time.Millisecond: 300 * time.Millisecond, 997 * time.Millisecond: time.Second,
		1994 * time.Millisecond: 2 * time.Second, 29960 * time.Millisecond: 30 * time.Second,
		7 * time.Millisecond: 7 * time.Millisecond, 0: 0,
	} {
		if got := roughly(in); got != want {
			t.Errorf("roughly(%v) = %v, want %v", in, got, want)
		}
	}
}
