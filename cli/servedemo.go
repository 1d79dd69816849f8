package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os/signal"
	"strconv"
	"syscall"

	"wsstudio/demo"
	"wsstudio/importer"
)

// serveDemoCommand is the serve-demo command.
func serveDemoCommand() *command {
	return &command{
		name:    "serve-demo",
		summary: "serve the built-in demo WebSocket feeds until interrupted",
		usage:   "wsstudio serve-demo [--addr 127.0.0.1:8765] [--tls]",
		help: `Serves the built-in WebSocket feeds, prints their URLs and keeps serving
until Ctrl-C (SIGINT) or SIGTERM. The feeds work offline and are what the
example project and the import wizard's quick start use:

  /echo           sends back every text or binary message
  /randomnumber   {"time": unix ms, "value": 0..100} every ?interval= (default 1s)
  /ticker         quotes {"symbol","price","change","volume","time"} for
                  ?symbols=A,B every ?interval=; send {"subscribe":["A"]} to change
  /sensors        nested readings {"site","time","readings":[{"sensor","cm","ok"}]}
  /chat           a room for ?user=NAME: messages are broadcast as
                  {"user","text","time"}, joins and leaves announced
  /burst          ?count=N messages {"seq": i, …} of about ?size=B bytes, as fast
                  as possible, then a normal close
  /secure/FEED    any feed above, requiring "Authorization: Bearer demo-token"
                  or ?token=demo-token (401 otherwise)

Flags:
  --addr HOST:PORT  where to listen (default 127.0.0.1:8765; port 0 picks a
                    free one). Other addresses than loopback are allowed but
                    expose the feeds to the network.
  --tls             serve wss:// with a self-signed certificate made at start;
                    its PEM file is printed, to trust with 'import --ca-file'
                    or the wizard's TLS options. It is deleted on exit.

Example:
  wsstudio serve-demo --addr 127.0.0.1:9000 --tls`,
		run: func(args []string, stdout, stderr io.Writer) error {
			ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return serveDemo(ctx, args, stdout, stderr, nil)
		},
	}
}

func isDNSError(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de)
}

// serveDemo runs the demo server until ctx ends; started (may be nil) is
// called once it listens.
func serveDemo(ctx context.Context, args []string, stdout, stderr io.Writer, started func(*demo.Server)) error {
	fs := flag.NewFlagSet("serve-demo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	addr := fs.String("addr", demo.DefaultAddr, "")
	useTLS := fs.Bool("tls", false, "")
	if err := fs.Parse(args); err != nil {
		return usagef("serve-demo: %v; see 'wsstudio serve-demo --help'", err)
	}
	if fs.NArg() > 0 {
		return usagef("serve-demo takes no arguments, got %q; see 'wsstudio serve-demo --help'", fs.Arg(0))
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		return usagef("--addr %q is not HOST:PORT, such as 127.0.0.1:8765", *addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return usagef("--addr %q: the port %q is not a number from 0 to 65535 (0 picks a free one)", *addr, port)
	}
	s, err := demo.Start(*addr, *useTLS)
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return fmt.Errorf("cannot serve the demo feeds on %s: another program is using that port; stop it, or pick a free port with --addr 127.0.0.1:0", *addr)
	case errors.Is(err, syscall.EADDRNOTAVAIL), isDNSError(err):
		return usagef("--addr %q: %s is not an address of this machine; use 127.0.0.1, or one of this machine's addresses", *addr, host)
	case err != nil:
		return fmt.Errorf("cannot serve the demo feeds on %s: %w", *addr, err)
	}
	defer s.Close()
	if !importer.IsLoopback(host) {
		fmt.Fprintf(stderr, "wsstudio: warning: the demo feeds are reachable from other machines at %s\n", s.Addr)
	}
	fmt.Fprintf(stdout, "WebSocket Studio demo feeds on %s:\n", s.Addr)
	for _, f := range demo.Feeds() {
		u := s.URL(f.Path)
		if f.Query != "" {
			u += "?" + f.Query
		}
		fmt.Fprintf(stdout, "  %s\n", u)
	}
	fmt.Fprintf(stdout, "  %s  (needs Authorization: Bearer %s or ?token=%s)\n", s.URL("/secure/echo"), demo.Token, demo.Token)
	if s.CAFile != "" {
		fmt.Fprintf(stdout, "CA file (trust it with --ca-file): %s\n", s.CAFile)
	}
	fmt.Fprintln(stdout, "Press Ctrl-C to stop.")
	if started != nil {
		started(s)
	}
	<-ctx.Done()
	if err := s.Close(); err != nil {
		return fmt.Errorf("demo server: %w", err)
	}
	return nil
}
