package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"wsstudio/project"
	"wsstudio/variable"
	"wsstudio/variable/dataset"
)

// watchHandlers, when set, provides the event handlers of the watched
// variable (the page script's); log writes a line to stderr. nil means no
// handlers.
var watchHandlers func(p *project.Project, v *project.Variable, log func(string)) (variable.Handlers, error)

func init() {
	register("watch", &command{
		summary: "run a variable without a window and print its dataset as JSON",
		usage:   "wsstudio watch DIR VARIABLE [--count N] [--profile P] [--timeout D]",
		help: `Opens the WebSocket variable VARIABLE of the project folder DIR, the way the
studio does when the page loads (its service, bindings, headers, read limit,
pings, reconnect and event handlers), waits, closes it, and prints its dataset
on stdout as JSON: the latest message for the refresh strategy, an array of
messages for append and prepend (newest last for append, first for prepend).
Non-JSON messages appear as the studio reads them: XML converted to JSON,
text as a string, binary frames as base64.

It stops after N messages, at the timeout, when the server closes the
connection (and reconnect is off), or on Ctrl-C, whichever comes first.
Connection events and errors are written to stderr, secrets masked.

Flags:
  --count N     stop after N messages have been received (default 1; 0 = no
                limit, stop at the timeout, the server's close or Ctrl-C)
  --profile P   resolve the service URL from profiles/P.properties
                (default: development); WEBSOCKET_<ID>_HOST and friends in
                the environment override it
  --timeout D   stop after D (a Go duration: 500ms, 10s, 2m) even if fewer
                than N messages came (default: no timeout)

Exit status: 0 when it stopped as asked, 1 when the connection failed or
closed before N messages, 2 for a bad folder, variable, profile or flag.

Example:
  wsstudio watch ~/projects/quotes Quotes --count 20 --timeout 30s`,
		run: runWatch,
	})
}

func runWatch(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	count := fs.Int("count", 1, "")
	profile := fs.String("profile", "", "")
	timeout := fs.Duration("timeout", 0, "")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return usagef("watch: %v; see 'wsstudio watch --help'", err)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(pos) < 2:
		return usagef("watch: give the project folder and the variable name; usage: %s", commands["watch"].usage)
	case len(pos) > 2:
		return usagef("watch: unexpected argument %q; usage: %s", pos[2], commands["watch"].usage)
	case *count < 0:
		return usagef("watch: --count %d is negative; give a number of messages, or 0 for no limit", *count)
	case *timeout < 0:
		return usagef("watch: --timeout %s is negative", *timeout)
	}
	dir, name := pos[0], pos[1]

	p, err := project.Open(dir)
	if err != nil {
		return usagef("watch: %v", err)
	}
	pv := p.Variable(name)
	if pv == nil {
		var names []string
		for _, v := range p.Variables {
			names = append(names, v.Name)
		}
		have := "it has none"
		if len(names) > 0 {
			have = "it has " + strings.Join(names, ", ")
		}
		return usagef("watch: project %s has no WebSocket variable %q; %s", dir, name, have)
	}
	if *profile != "" && p.Profile(*profile) == nil {
		return usagef("watch: project %s has no profile %q; it has %s", dir, *profile, strings.Join(p.ProfileNames(), ", "))
	}
	logf := func(s string) { fmt.Fprintln(stderr, s) }
	var h variable.Handlers
	if watchHandlers != nil {
		if h, err = watchHandlers(p, pv, logf); err != nil {
			return usagef("watch: %v", err)
		}
	}
	if h == nil {
		h = variable.NopHandlers{}
	}
	counter := &countingHandlers{Handlers: h, limit: uint64(*count), done: make(chan struct{})}
	v, err := variable.New(p, pv, variable.Options{Profile: *profile, Handlers: counter})
	if err != nil {
		return usagef("watch: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	wake := make(chan struct{}, 1)
	var lastSeq uint64
	cancel := v.Subscribe(func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	defer cancel()
	// Console lines other than frames go to stderr as they come; notes of
	// the page script are there already, through logf.
	printLog := func(withErrors bool) {
		for _, e := range v.Console(100) {
			if e.Seq <= lastSeq {
				continue
			}
			lastSeq = e.Seq
			if e.Note {
				continue
			}
			if e.Dir == variable.Info || withErrors && e.Dir == variable.Error {
				logf(name + ": " + e.Text)
			}
		}
	}

	if err := v.Open(ctx); err != nil {
		printLog(false) // the error itself ends the output, once
		if errors.Is(err, variable.ErrCanceled) {
			return fmt.Errorf("watch: onBeforeOpen cancelled opening %s", name)
		}
		return fmt.Errorf("watch: %w", err)
	}
	var deadline <-chan time.Time
	if *timeout > 0 {
		t := time.NewTimer(*timeout)
		defer t.Stop()
		deadline = t.C
	}
	var runErr error
wait:
	for {
		printLog(true)
		st := v.Stats()
		if st.State == variable.Closed {
			if got := counter.n.Load(); *count > 0 && got < uint64(*count) {
				reason := st.LastError
				if reason == "" {
					reason = fmt.Sprintf("closed with %d", st.CloseCode)
					if st.CloseReason != "" {
						reason += " (" + st.CloseReason + ")"
					}
				}
				runErr = fmt.Errorf("watch: the connection of %s closed after %d of %d messages: %s", name, got, *count, reason)
			} else if st.LastError != "" {
				runErr = fmt.Errorf("watch: %s", st.LastError)
			}
			break wait
		}
		select {
		case <-counter.done:
			break wait
		case <-wake:
		case <-deadline:
			break wait
		case <-ctx.Done():
			break wait
		}
	}
	stop() // a second Ctrl-C during the close handshake ends the program
	if err := v.Close(); err != nil {
		logf(fmt.Sprintf("%s: %v", name, err))
	}
	printLog(true)
	out, err := datasetJSON(v.Dataset())
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	if _, err := stdout.Write(out); err != nil {
		return fmt.Errorf("watch: write the dataset: %w", err)
	}
	return runErr
}

// countingHandlers lets exactly limit messages through to the dataset
// (0 = all) and closes done when the last of them has been handled.
type countingHandlers struct {
	variable.Handlers
	limit uint64
	n     atomic.Uint64
	done  chan struct{}
}

func (c *countingHandlers) MessageReceive(v *variable.Variable, data []byte) ([]byte, bool) {
	n := c.n.Add(1)
	if c.limit > 0 && n > c.limit {
		return nil, true // past the count: keep the dataset as it was at N
	}
	repl, drop := c.Handlers.MessageReceive(v, data)
	if n == c.limit {
		close(c.done)
	}
	return repl, drop
}

// datasetJSON is the dataset as the page sees it, indented: the record for
// refresh (null when empty), an array of records for append and prepend.
func datasetJSON(d *dataset.Dataset) ([]byte, error) {
	var raw bytes.Buffer
	recs := d.Records(0, d.Len())
	if d.Strategy() == dataset.Refresh {
		if len(recs) == 0 {
			raw.WriteString("null")
		} else {
			raw.Write(recs[len(recs)-1].JSON)
		}
	} else {
		raw.WriteByte('[')
		for i, r := range recs {
			if i > 0 {
				raw.WriteByte(',')
			}
			raw.Write(r.JSON)
		}
		raw.WriteByte(']')
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw.Bytes(), "", "  "); err != nil {
		return nil, fmt.Errorf("format the dataset: %w", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
