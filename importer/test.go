package importer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"wsstudio/project"
	"wsstudio/wire"
	"wsstudio/wire/frame"
)

// Defaults of a connection test.
const (
	DefaultWindow = 3 * time.Second
	DefaultMax    = 20
)

// Test connects, optionally sends the sample request and collects the
// messages that arrive within o.Window, or the first o.Max of them.
// progress (may be nil) is called for each message as it arrives, on the
// caller's goroutine. Canceling ctx ends the test early.
//
// Errors are *wire.Error values worded for a person, except for bad
// options (a ws:// URL to another machine, a missing path parameter), which
// are plain sentences. When the server closes the connection with anything
// but a normal close, or ctx is canceled, after messages arrived, the result
// holds them and the error says why the test ended.
func Test(ctx context.Context, o TestOptions, progress func(Message)) (*TestResult, error) {
	ep, err := ParseEndpoint(o.URL)
	if err != nil {
		return nil, err
	}
	if ep.Insecure {
		return nil, fmt.Errorf("The connection test is off for ws:// to %s, a host that is not this machine: use wss://, or proceed without a test.", hostOnly(ep.Host))
	}
	target, err := FillURL(ep.URL, o.PathParams, o.Query)
	if err != nil {
		return nil, err
	}
	window, limit := o.Window, o.Max
	if window <= 0 {
		window = DefaultWindow
	}
	if limit <= 0 {
		limit = DefaultMax
	}
	start := time.Now()
	probe, err := wire.DialProbe(ctx, wire.Config{
		URL:                target,
		Headers:            Headers(o.Headers),
		Subprotocols:       o.Subprotocols,
		HandshakeTimeout:   o.HandshakeTimeout,
		CAFile:             o.TLS.CAFile,
		InsecureSkipVerify: o.TLS.InsecureSkipVerify,
	})
	if err != nil {
		return nil, err
	}
	res := &TestResult{Subprotocol: probe.Subprotocol()}
	defer func() { res.Elapsed = time.Since(start) }()

	if o.SampleRequest != "" {
		if err := probe.SendText(o.SampleRequest); err != nil {
			probe.Close("")
			return nil, fmt.Errorf("Sending the sample request failed: %w", err)
		}
	}
	deadline := time.Now().Add(window)
	for len(res.Messages) < limit {
		f, err := probe.Read(ctx, deadline)
		if err != nil {
			var we *wire.Error
			switch {
			case errors.Is(err, wire.ErrWindowOver):
				probe.Close("test complete")
				return res, nil
			case errors.As(err, &we) && we.Class == wire.Canceled:
				probe.CloseGoingAway("test canceled")
				return res, err
			}
			probe.Close("")
			if wire.EndedWell(err, len(res.Messages)) {
				return res, nil // the server said all it had to say
			}
			return res, err
		}
		m := Message{Time: f.At, Size: len(f.Data), Data: f.Data, Kind: frame.KindOf(f.Data, f.Binary)}
		res.Messages = append(res.Messages, m)
		if progress != nil {
			progress(m)
		}
	}
	probe.Close("test complete")
	return res, nil
}

func hostOnly(hostport string) string {
	if i := strings.LastIndexByte(hostport, ':'); i > 0 && !strings.HasSuffix(hostport, "]") {
		return hostport[:i]
	}
	return hostport
}

// FillURL is the URL a connection test dials: raw (an endpoint as the
// wizard holds it) with path parameter values put into its {name} segments
// and, when query is not nil, query instead of raw's own (parameters with
// an empty name are skipped). The URL is built by the project's resolver,
// the one a variable of the imported service will connect with, so the test
// dials what the variable will: the same escaping, the same dropping of an
// empty optional query parameter. What FillURL adds is its own wording for
// a {name} without a value.
func FillURL(raw string, pathParams, query []project.Param) (string, error) {
	values := map[string]string{}
	for _, p := range pathParams {
		values[p.Name] = p.Value
	}
	base, _, _ := strings.Cut(raw, "?")
	for rest := base; ; {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("The URL %q has a { without its }: write path parameters as {name}.", wire.MaskURL(raw))
		}
		name := rest[open+1 : open+end]
		if values[name] == "" {
			return "", fmt.Errorf("The path parameter {%s} has no value: enter one to connect.", name)
		}
		rest = rest[open+end+1:]
	}
	s := &project.Service{ID: "test", Endpoint: raw, PathParams: pathParams}
	if query != nil {
		s.QueryParams = []project.Param{}
		for _, p := range query {
			if p.Name != "" {
				s.QueryParams = append(s.QueryParams, p)
			}
		}
	}
	noEnv := func(string) (string, bool) { return "", false }
	return (*project.Project)(nil).ResolveURLLookup(s, "", nil, noEnv)
}

// Headers turns header parameters into an http.Header, leaving out those
// with an empty name or value.
func Headers(params []project.Param) http.Header {
	h := http.Header{}
	for _, p := range params {
		if strings.TrimSpace(p.Name) == "" || p.Value == "" {
			continue
		}
		h.Add(strings.TrimSpace(p.Name), p.Value)
	}
	return h
}
