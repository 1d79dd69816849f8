package cli

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

	"wsstudio/project"
	"wsstudio/variable"
	"wsstudio/variable/dataset"
	"wsstudio/variable/script"
)

// watchUsage is the watch command's usage line.
const watchUsage = "wsstudio watch DIR VARIABLE [--count N] [--profile P] [--timeout D] [--send MESSAGE]... [--check-schema]"

// watchCommand is the watch command.
func watchCommand() *command {
	return &command{
		name:    "watch",
		summary: "run a variable without a window and print its dataset as JSON",
		usage:   watchUsage,
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
  --send MESSAGE
                send MESSAGE once the connection is open, through the
                variable's onBeforeMessageSend handler as the page's send()
                would; @file reads it from a file, '' sends the variable's
                RequestBody binding; repeat to send several, in order
  --check-schema
                check every message against the service's RootResponse
                (the metadata inferred from its sample response) and print
                a drift summary on stderr: messages checked, how many did
                not match, and the first few mismatches (field path,
                expected and actual type, the message)

Exit status: 0 when it stopped as asked, 1 when the connection failed or
closed before N messages, 2 for a bad folder, variable, profile or flag
(or --check-schema on a service whose RootResponse has no fields), 3 with
--check-schema when any message did not match the schema.

Examples:
  wsstudio watch ~/projects/quotes Quotes --count 20 --timeout 30s
  wsstudio watch ~/projects/chat Chatroom --send '{"text":"hello"}' --count 1`,
		run: runWatch,
	}
}

func runWatch(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	count := fs.Int("count", 1, "")
	profile := fs.String("profile", "", "")
	timeout := fs.Duration("timeout", 0, "")
	checkSchema := fs.Bool("check-schema", false, "")
	var sends multi
	fs.Var(&sends, "send", "")
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
		return usagef("watch: give the project folder and the variable name; usage: %s", watchUsage)
	case len(pos) > 2:
		return usagef("watch: unexpected argument %q; usage: %s", pos[2], watchUsage)
	case *count < 0:
		return usagef("watch: --count %d is negative; give a number of messages, or 0 for no limit", *count)
	case *timeout < 0:
		return usagef("watch: --timeout %s is negative", *timeout)
	}
	dir, name := pos[0], pos[1]
	for i, m := range sends {
		text, err := readSample("--send", m)
		if err != nil {
			return err
		}
		sends[i] = text
	}

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
	if *checkSchema {
		if svc := p.Service(pv.Service); svc != nil {
			if root := svc.Response.Definition("RootResponse"); root == nil || len(root.Properties) == 0 {
				return usagef("watch: --check-schema: service %s of %s has no RootResponse fields to check against; import it with a JSON sample response", svc.ID, name)
			}
		}
	}
	// Every line on stderr goes through the variable's masking once it
	// exists (its secrets: headers, token-like query values, bindings), and
	// through the generic one before.
	mask := project.MaskText
	logf := func(s string) { fmt.Fprintln(stderr, mask(s)) }
	// The watched variable runs its handlers from the page script (or
	// app.js for an App variable), as in the studio: console output and
	// script problems go to stderr, and a script that does not parse is
	// reported there while the variable runs without it. Only a script
	// file that exists but cannot be read stops the command.
	h, err := script.ForProject(p, script.Options{Log: logf}).Handlers(pv)
	if err != nil {
		return usagef("watch: %v", err)
	}
	if h == nil {
		h = variable.NopHandlers{}
	}
	counter := &countingHandlers{Handlers: h, limit: uint64(*count), done: make(chan struct{})}
	// The check runs only when asked for: what watch prints and how it
	// exits stays the same for feeds that drift.
	check := variable.SchemaCheckOff
	if *checkSchema {
		check = variable.SchemaCheckOn
	}
	v, err := variable.New(p, pv, variable.Options{Profile: *profile, Handlers: counter, SchemaCheck: check})
	if err != nil {
		return usagef("watch: %v", err)
	}
	mask = v.Mask
	fail := func(format string, a ...any) error { return errors.New(v.Mask(fmt.Sprintf(format, a...))) }

	// Ctrl-C and --timeout end the wait for the handshake as well as the
	// wait for messages.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	runCtx := ctx
	if *timeout > 0 {
		var cancelT context.CancelFunc
		runCtx, cancelT = context.WithTimeout(ctx, *timeout)
		defer cancelT()
	}
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
	// the page script are there already, through logf. Errors name the
	// variable themselves; other lines get its name in front.
	printLog := func(withErrors bool) {
		for _, e := range v.Console(100) {
			if e.Seq <= lastSeq {
				continue
			}
			lastSeq = e.Seq
			if e.Note || strings.HasPrefix(e.Text, name+": schema: ") {
				continue // schema lines: the summary at the end has them
			}
			switch {
			case e.Dir == variable.Info:
				logf(name + ": " + e.Text)
			case withErrors && e.Dir == variable.Error:
				logf(e.Text)
			}
		}
	}

	if err := v.Open(runCtx); err != nil {
		printLog(false) // the error itself ends the output, once
		switch {
		case errors.Is(err, variable.ErrCanceled):
			return fail("watch: onBeforeOpen cancelled opening %s", name)
		case ctx.Err() != nil:
			return fail("watch: stopped before %s connected (interrupted)", name)
		}
		return fail("watch: %v", err)
	}
	// --send: each message in turn once the connection is open, as a page
	// script's send() would; an empty one sends the RequestBody binding.
	for _, m := range sends {
		var msg []byte
		if m != "" {
			msg = []byte(m)
		}
		if err := v.Send(msg); err != nil {
			stop()
			v.Close()
			printLog(true)
			return fail("watch: %v", err)
		}
	}
	var runErr error
wait:
	for {
		printLog(true)
		st := v.Stats()
		if st.State == variable.Closed {
			if got := counter.n.Load(); *count > 0 && got < uint64(*count) {
				reason := strings.TrimPrefix(st.LastError, name+": ")
				if reason == "" {
					reason = fmt.Sprintf("closed with %d", st.CloseCode)
					if st.CloseReason != "" {
						reason += " (" + st.CloseReason + ")"
					}
				}
				runErr = fail("watch: the connection of %s closed after %d of %d messages: %s", name, got, *count, reason)
			} else if st.LastError != "" {
				runErr = fail("watch: %s", st.LastError)
			}
			break wait
		}
		select {
		case <-counter.done:
			break wait
		case <-wake:
		case <-runCtx.Done():
			break wait
		}
	}
	stop() // a second Ctrl-C during the close handshake ends the program
	if err := v.Close(); err != nil {
		logf(err.Error())
	}
	printLog(true)
	out, err := datasetJSON(v.Dataset())
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	if _, err := stdout.Write(out); err != nil {
		return fmt.Errorf("watch: write the dataset: %w", err)
	}
	if *checkSchema {
		st := v.Stats()
		printDrift(logf, name, p.Service(pv.Service).ID, st, v.Drift())
		if runErr == nil && st.SchemaMismatched > 0 {
			runErr = &statusError{3, fmt.Sprintf("watch: %d of %d messages of %s did not match the schema", st.SchemaMismatched, st.SchemaChecked, name)}
		}
	}
	return runErr
}

// printDrift writes the summary of the live schema check.
func printDrift(logf func(string), name, service string, st variable.Stats, drift []variable.Mismatch) {
	logf(fmt.Sprintf("%s: schema check: %d messages checked against %s.RootResponse, %d did not match", name, st.SchemaChecked, service, st.SchemaMismatched))
	for _, m := range drift {
		logf("  " + m.String() + " in " + m.Message)
	}
	if n := st.SchemaMismatched; n > uint64(len(drift)) && len(drift) > 0 {
		logf(fmt.Sprintf("  … and %d more", n-uint64(len(drift))))
	}
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
