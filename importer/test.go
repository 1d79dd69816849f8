package importer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"wsstudio/project"
	"wsstudio/variable/dataset"
	"wsstudio/wire"
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
	conn, _, err := wire.Dial(ctx, wire.Config{
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
	res := &TestResult{Subprotocol: conn.Subprotocol()}

	type frame struct {
		typ  int
		data []byte
		at   time.Time
		err  error
	}
	frames := make(chan frame, 64)
	stop := make(chan struct{})
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		for {
			typ, data, err := conn.ReadMessage()
			select {
			case frames <- frame{typ, data, time.Now(), err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	finish := func(code int, text string) {
		conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
		close(stop)
		conn.Close()
		<-readerDone
		res.Elapsed = time.Since(start)
	}

	if o.SampleRequest != "" {
		conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
		if err := conn.WriteMessage(websocket.TextMessage, []byte(o.SampleRequest)); err != nil {
			finish(websocket.CloseNormalClosure, "")
			return nil, fmt.Errorf("Sending the sample request failed: %w", wire.ReadError(err))
		}
	}

	timer := time.NewTimer(window)
	defer timer.Stop()
	for len(res.Messages) < limit {
		select {
		case f := <-frames:
			if f.err != nil {
				finish(websocket.CloseNormalClosure, "")
				rerr := wire.ReadError(f.err)
				var we *wire.Error
				if errors.As(rerr, &we) {
					we.Host = ep.Host
					if we.Normal() || we.Class == wire.ClosedByServer && we.CloseCode == websocket.CloseGoingAway && len(res.Messages) > 0 {
						return res, nil // the server said all it had to say
					}
				}
				return res, rerr
			}
			m := Message{Time: f.at, Size: len(f.data), Data: f.data}
			m.Kind = dataset.NewRecord(f.data, f.typ == websocket.BinaryMessage, f.at).Kind
			res.Messages = append(res.Messages, m)
			if progress != nil {
				progress(m)
			}
		case <-timer.C:
			finish(websocket.CloseNormalClosure, "test complete")
			return res, nil
		case <-ctx.Done():
			finish(websocket.CloseGoingAway, "test canceled")
			return res, &wire.Error{Class: wire.Canceled, Host: ep.Host, Err: ctx.Err()}
		}
	}
	finish(websocket.CloseNormalClosure, "test complete")
	return res, nil
}

func hostOnly(hostport string) string {
	if i := strings.LastIndexByte(hostport, ':'); i > 0 && !strings.HasSuffix(hostport, "]") {
		return hostport[:i]
	}
	return hostport
}

// FillURL puts path parameter values into the {name} segments of raw
// (escaped) and, when query is not nil, replaces raw's query with query (in
// order; parameters with an empty name are skipped). Every {name} needs a
// value.
func FillURL(raw string, pathParams, query []project.Param) (string, error) {
	out := raw
	base, rawQuery, hasQuery := strings.Cut(out, "?")
	values := map[string]string{}
	for _, p := range pathParams {
		values[p.Name] = p.Value
	}
	var b strings.Builder
	rest := base
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("The URL %q has a { without its }: write path parameters as {name}.", wire.MaskURL(raw))
		}
		name := rest[open+1 : open+end]
		v, ok := values[name]
		if !ok || v == "" {
			return "", fmt.Errorf("The path parameter {%s} has no value: enter one to connect.", name)
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(v))
		rest = rest[open+end+1:]
	}
	out = b.String()
	switch {
	case query != nil:
		var q []string
		for _, p := range query {
			if p.Name == "" {
				continue
			}
			q = append(q, url.QueryEscape(p.Name)+"="+url.QueryEscape(p.Value))
		}
		if len(q) > 0 {
			out += "?" + strings.Join(q, "&")
		}
	case hasQuery:
		out += "?" + rawQuery
	}
	return out, nil
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
