package importer

import (
	"reflect"
	"strings"
	"testing"

	"wsstudio/project"
)

func TestParseEndpointErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "The URL is empty: enter a ws:// or wss:// address such as wss://quotes.example.com/feed."},
		{"   ", "The URL is empty"},
		{"quotes.example.com/feed", `The URL "quotes.example.com/feed" has no scheme: start it with wss:// (or ws:// for a server without TLS).`},
		{"http://quotes.example.com/feed", `The URL "http://quotes.example.com/feed" is an HTTP address: WebSocket URLs start with ws://, try "ws://quotes.example.com/feed".`},
		{"https://quotes.example.com/feed?token=abc", `is an HTTPS address: WebSocket URLs start with wss://, try "wss://quotes.example.com/feed?token=••••".`},
		{"ftp://x.example.com/", `The URL "ftp://x.example.com/" starts with the unknown scheme "ftp": use ws:// or wss://.`},
		{"htp:/x", `The URL "htp:/x" starts with the unknown scheme "htp" and is missing the // after it: start it with wss:// (or ws:// for a server without TLS), such as "wss://x".`},
		{"htp:x.example.com", `starts with the unknown scheme "htp" and is missing the //`},
		{"ws:/x", `The URL "ws:/x" is missing the // after ws:, write "ws://x".`},
		{"WSS:quotes.example.com/feed?token=abc", `The URL "WSS:quotes.example.com/feed?token=••••" is missing the // after wss:, write "wss://quotes.example.com/feed?token=••••".`},
		{"https:/quotes.example.com/feed", `is an HTTPS address: WebSocket URLs start with wss://, try "wss://quotes.example.com/feed".`},
		{"localhost:8080/feed", `The URL "localhost:8080/feed" has no scheme: start it with wss://`},
		{"//quotes.example.com/feed", `has no scheme`},
		{"wss://", `The URL "wss://" has no host: write one after wss://`},
		{"wss://quotes.example.com:8o8o/feed", `has a bad port`},
		{" wss://quotes.example.com/a b ", `The URL "wss://quotes.example.com/a b" contains a space`},
		{"wss://quotes.example.com:99999/feed", `The URL "wss://quotes.example.com:99999/feed" has a bad port "99999": use a number from 1 to 65535.`},
		{"wss://quotes.example.com:0/feed", `has a bad port "0"`},
		{"wss://quotes.example.com:http/feed", `has a bad port`},
		{"wss://quotes.example.com:/feed", `has a bad port ""`},
		{"wss://quotes.example.com/my feed", `contains a space: remove it, or write it as %20 inside a value.`},
		{"wss://quotes.example.com/feed#top", `has a fragment (the part after #), which WebSocket URLs cannot carry: remove it.`},
		{"wss:///feed", `The URL "wss:///feed" has no host: write one after wss://, such as wss://quotes.example.com/feed.`},
		{"ws://:8080/feed", `has no host`},
		{"wss://quotes..example.com/", `has a bad host name "quotes..example.com"`},
		{"wss://user:pw@quotes.example.com/", `carries a user name or password`},
		{"wss://h.example.com/{id/x", `has a { without its }`},
		{"wss://h.example.com/id}/x", `has a } without its {`},
		{"wss://h.example.com/{1d}", `has a bad path parameter {1d}`},
		{"wss://h.example.com/a\x01b", `contains a control character`},
		{"wss://h.example.com/x?api_key=abc%zz", `The URL "wss://h.example.com/x?api_key=••••" has a query value with a bad %-escape: write a literal % as %25.`},
	} {
		ep, err := ParseEndpoint(tc.in)
		if err == nil {
			t.Errorf("ParseEndpoint(%q) = %+v, want an error", tc.in, ep)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseEndpoint(%q):\n got  %q\n want %q", tc.in, err, tc.want)
		}
		if strings.Contains(err.Error(), "pw@") || strings.Contains(err.Error(), "token=abc") {
			t.Errorf("secret in %q", err)
		}
	}
}

func TestParseEndpoint(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Endpoint
	}{
		{"wss://quotes.example.com/feeds/ticker?symbols=ACME&depth=5", Endpoint{
			Scheme: "wss", Host: "quotes.example.com", BasePath: "/feeds", RelativePath: "/ticker",
			Query:       []project.Param{{Name: "symbols", Value: "ACME", Type: "string"}, {Name: "depth", Value: "5", Type: "string"}},
			SuggestedID: "quotes"}},
		{" ws://127.0.0.1:8765/ticker ", Endpoint{URL: "ws://127.0.0.1:8765/ticker",
			Scheme: "ws", Host: "127.0.0.1:8765", RelativePath: "/ticker", SuggestedID: "ticker", Loopback: true}},
		{"ws://localhost/", Endpoint{Scheme: "ws", Host: "localhost", RelativePath: "/", SuggestedID: "websocket", Loopback: true}},
		{"ws://[::1]:9000/market-data", Endpoint{Scheme: "ws", Host: "[::1]:9000", RelativePath: "/market-data", SuggestedID: "marketData", Loopback: true}},
		{"WSS://stream.binance.com:9443/ws/{symbol}@trade", Endpoint{Scheme: "wss", Host: "stream.binance.com:9443", BasePath: "/ws", RelativePath: "/{symbol}@trade",
			PathParams: []project.Param{{Name: "symbol", Type: "string", Required: true}}, SuggestedID: "binance"}},
		{"wss://ws.example.org/rooms/{room}/users/{user}", Endpoint{Scheme: "wss", Host: "ws.example.org", BasePath: "/rooms/{room}/users", RelativePath: "/{user}",
			PathParams: []project.Param{{Name: "room", Type: "string", Required: true}, {Name: "user", Type: "string", Required: true}}, SuggestedID: "example"}},
		{"wss://1stop-feed.io", Endpoint{Scheme: "wss", Host: "1stop-feed.io", RelativePath: "/", SuggestedID: "_1stopFeed"}},
		{"ws://quotes.example.com/feed", Endpoint{Scheme: "ws", Host: "quotes.example.com", RelativePath: "/feed", SuggestedID: "quotes", Insecure: true,
			Warning: "ws:// to quotes.example.com is not encrypted and browsers block it from https pages, so the connection test is off: use wss://, or proceed without a test and enter the samples by hand."}},
		{"ws://app.localhost:3000/live", Endpoint{Scheme: "ws", Host: "app.localhost:3000", RelativePath: "/live", SuggestedID: "live", Loopback: true}},
		{"ws://127.8.9.10/x", Endpoint{Scheme: "ws", Host: "127.8.9.10", RelativePath: "/x", SuggestedID: "x", Loopback: true}},
	} {
		got, err := ParseEndpoint(tc.in)
		if err != nil {
			t.Errorf("ParseEndpoint(%q): %v", tc.in, err)
			continue
		}
		want := tc.want
		if want.URL == "" {
			want.URL = tc.in
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("ParseEndpoint(%q)\n got  %+v\n want %+v", tc.in, *got, want)
		}
		if err := project.ValidIdentifier(got.SuggestedID); err != nil {
			t.Errorf("suggested id %q: %v", got.SuggestedID, err)
		}
	}
}

func TestFillURL(t *testing.T) {
	got, err := FillURL("wss://h/rooms/{room}/u/{user}?a=1",
		[]project.Param{{Name: "room", Value: "a b/c"}, {Name: "user", Value: "zoë"}}, nil)
	if err != nil || got != "wss://h/rooms/a%20b%2Fc/u/zo%C3%AB?a=1" {
		t.Fatalf("got %q %v", got, err)
	}
	got, err = FillURL("wss://h/x?a=1", nil, []project.Param{{Name: "symbols", Value: "A,B"}, {Name: "", Value: "skip"}, {Name: "t", Value: "&="}})
	if err != nil || got != "wss://h/x?symbols=A%2CB&t=%26%3D" {
		t.Fatalf("got %q %v", got, err)
	}
	if _, err := FillURL("wss://h/{room}", nil, nil); err == nil || err.Error() != "The path parameter {room} has no value: enter one to connect." {
		t.Fatalf("missing value: %v", err)
	}
}

func FuzzParseEndpoint(f *testing.F) {
	for _, s := range []string{"", "wss://quotes.example.com/feeds/ticker?symbols=ACME", "ws://127.0.0.1:8765/{id}",
		"http://x", "wss://[::1]:80/a/b/", "ws://:1", "wss://h:99999", "wss://h/#x", "wss://a b", "wss://h/{a}{b}/{c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ep, err := ParseEndpoint(s)
		if err != nil {
			if err.Error() == "" || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error for %q is not one line: %q", s, err)
			}
			return
		}
		if ep.Scheme != "ws" && ep.Scheme != "wss" || ep.Host == "" || !strings.HasPrefix(ep.RelativePath, "/") {
			t.Fatalf("ParseEndpoint(%q) = %+v", s, ep)
		}
		if project.ValidIdentifier(ep.SuggestedID) != nil {
			t.Fatalf("suggested id %q for %q", ep.SuggestedID, s)
		}
		if ep.Insecure != (ep.Scheme == "ws" && !ep.Loopback) {
			t.Fatalf("Insecure %v for %q", ep.Insecure, s)
		}
	})
}

// TestFillURLIsTheVariablesURL checks that the connection test dials the URL
// a variable of the imported service resolves to: the same inputs through
// Build and the project's resolver give the same string.
func TestFillURLIsTheVariablesURL(t *testing.T) {
	noEnv := func(string) (string, bool) { return "", false }
	for _, tc := range []struct {
		url   string
		path  []project.Param
		query []project.Param
	}{
		{url: "wss://quotes.example.com/feeds/ticker?symbols=ACME&interval=1s"},
		{url: "wss://h.example.com:8443/rooms/{room}/u/{user}", path: []project.Param{{Name: "room", Value: "a b/c"}, {Name: "user", Value: "zoë"}}},
		{url: "ws://127.0.0.1:8765/x?a=1", query: []project.Param{{Name: "symbols", Value: "A,B"}, {Name: "t", Value: "&="}, {Name: "empty"}}},
		{url: "wss://h.example.com/feed/?q=a%20b"},
		{url: "WSS://h.example.com/", query: []project.Param{}},
	} {
		filled, err := FillURL(tc.url, tc.path, tc.query)
		if err != nil {
			t.Fatalf("FillURL(%q): %v", tc.url, err)
		}
		svc, err := Build(Spec{URL: tc.url, PathParams: tc.path, Query: tc.query}, nil)
		if err != nil {
			t.Fatalf("Build(%q): %v", tc.url, err)
		}
		var bindings []project.Binding
		for _, p := range tc.path {
			bindings = append(bindings, project.Binding{Target: p.Name, Value: p.Value})
		}
		resolved, err := (&project.Project{}).ResolveURLLookup(svc, "", bindings, noEnv)
		if err != nil {
			t.Fatalf("ResolveURL(%q): %v", tc.url, err)
		}
		if filled != resolved {
			t.Errorf("%s:\nthe test dials   %s\nthe variable uses %s", tc.url, filled, resolved)
		}
	}
}
