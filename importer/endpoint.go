package importer

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"wsstudio/project"
	"wsstudio/wire"
)

// ParseEndpoint checks a URL; the error is one sentence for a person. The
// URL may hold {name} path parameters and a query; secrets in it are masked
// in any error text.
func ParseEndpoint(raw string) (*Endpoint, error) {
	raw = strings.TrimSpace(raw)
	shown := fmt.Sprintf("%q", wire.MaskURL(raw))
	if raw == "" {
		return nil, errors.New("The URL is empty: enter a ws:// or wss:// address such as wss://quotes.example.com/feed.")
	}
	if strings.IndexFunc(raw, unicode.IsSpace) >= 0 {
		return nil, fmt.Errorf("The URL %s contains a space: remove it, or write it as %%20 inside a value.", shown)
	}
	for _, r := range raw {
		if r < 0x20 || r == 0x7f {
			return nil, fmt.Errorf("The URL %s contains a control character: retype it.", shown)
		}
	}
	scheme, rest, found := strings.Cut(raw, "://")
	if !found || !isScheme(scheme) {
		// "htp:/x" and "ws:/x" have a scheme but not the // after it;
		// "localhost:8080/x" is a host and port, with no scheme at all.
		if s, after, ok := strings.Cut(raw, ":"); ok && isScheme(s) && !startsWithDigit(after) {
			after = strings.TrimLeft(after, "/")
			switch ls := strings.ToLower(s); ls {
			case "ws", "wss":
				return nil, fmt.Errorf("The URL %s is missing the // after %s:, write %q.", shown, ls, wire.MaskURL(ls+"://"+after))
			case "http", "https":
				scheme, rest = s, after // worded below, as for http://
			default:
				return nil, fmt.Errorf("The URL %s starts with the unknown scheme %q and is missing the // after it: start it with wss:// (or ws:// for a server without TLS), such as %q.", shown, s, wire.MaskURL("wss://"+after))
			}
		} else {
			return nil, fmt.Errorf("The URL %s has no scheme: start it with wss:// (or ws:// for a server without TLS).", shown)
		}
	}
	switch strings.ToLower(scheme) {
	case "ws", "wss":
	case "http":
		return nil, fmt.Errorf("The URL %s is an HTTP address: WebSocket URLs start with ws://, try %q.", shown, wire.MaskURL("ws://"+rest))
	case "https":
		return nil, fmt.Errorf("The URL %s is an HTTPS address: WebSocket URLs start with wss://, try %q.", shown, wire.MaskURL("wss://"+rest))
	default:
		return nil, fmt.Errorf("The URL %s starts with the unknown scheme %q: use ws:// or wss://.", shown, scheme)
	}
	if strings.Contains(raw, "#") {
		return nil, fmt.Errorf("The URL %s has a fragment (the part after #), which WebSocket URLs cannot carry: remove it.", shown)
	}
	// The braces of {name} path parameters pair up and hold a name.
	if err := checkPathParams(raw, shown); err != nil {
		return nil, err
	}
	// The split is the project's; what is left here is saying, for a
	// person, what is wrong with an address it cannot split.
	authority, _, _ := strings.Cut(rest, "/")
	authority, _, _ = strings.Cut(authority, "?")
	if strings.Contains(authority, "@") {
		return nil, fmt.Errorf("The URL %s carries a user name or password before the host: put credentials in a header or query parameter instead.", shown)
	}
	if (&url.URL{Host: authority}).Hostname() == "" {
		return nil, fmt.Errorf("The URL %s has no host: write one after %s://, such as %s://quotes.example.com/feed.", shown, strings.ToLower(scheme), strings.ToLower(scheme))
	}
	parts, err := project.SplitEndpoint(raw)
	if err != nil {
		_, query, _ := strings.Cut(raw, "?")
		switch {
		case badPort(authority):
			return nil, fmt.Errorf("The URL %s has a bad port: use a number from 1 to 65535 after the host.", shown)
		case !badEscape(raw[:len(raw)-len(query)]) && badEscape(query):
			return nil, fmt.Errorf("The URL %s has a query value with a bad %%-escape: write a literal %% as %%25.", shown)
		}
		return nil, fmt.Errorf("The URL %s is not a valid address: check its spelling.", shown)
	}
	hp := &url.URL{Host: parts.Host} // host and port as url.Parse reads them
	host := hp.Hostname()
	if p := hp.Port(); p != "" || strings.HasSuffix(parts.Host, ":") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("The URL %s has a bad port %q: use a number from 1 to 65535.", shown, p)
		}
	}
	if !validHost(host) {
		return nil, fmt.Errorf("The URL %s has a bad host name %q: use letters, digits, dots and dashes, or an IP address.", shown, host)
	}
	ep := &Endpoint{
		URL:          raw,
		Scheme:       parts.Scheme,
		Host:         parts.Host,
		BasePath:     parts.BasePath,
		RelativePath: parts.RelativePath,
		Query:        parts.Query,
		PathParams:   parts.PathParams,
		Loopback:     IsLoopback(host),
	}
	ep.SuggestedID = suggestID(host, ep.Loopback, parts.BasePath+parts.RelativePath)
	if ep.Scheme == "ws" && !ep.Loopback {
		ep.Insecure = true
		ep.Warning = fmt.Sprintf("ws:// to %s is not encrypted and browsers block it from https pages, so the connection test is off: use wss://, or proceed without a test and enter the samples by hand.", host)
	}
	return ep, nil
}

// badPort reports whether the authority (host:port, maybe [IPv6]:port)
// ends in a port that is not all digits.
func badPort(authority string) bool {
	i := strings.LastIndexByte(authority, ':')
	if i < 0 || strings.Contains(authority[i:], "]") {
		return false
	}
	p := authority[i+1:]
	return strings.IndexFunc(p, func(r rune) bool { return r < '0' || r > '9' }) >= 0
}

// badEscape reports whether s holds a % not followed by two hex digits.
func badEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return true
		}
		i += 2
	}
	return false
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// isScheme reports a URL scheme as RFC 3986 spells it: a letter, then
// letters, digits, "+", "-" or ".".
func isScheme(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// checkPathParams checks that the braces of the URL's {name} path
// parameters pair up and hold a safe name.
func checkPathParams(raw, shown string) error {
	_, after, _ := strings.Cut(raw, "://")
	slash := strings.IndexByte(after, '/')
	q := strings.IndexByte(after, '?')
	if slash < 0 || q >= 0 && q < slash {
		if strings.ContainsAny(after[:max(q, 0)], "{}") || q < 0 && strings.ContainsAny(after, "{}") {
			return fmt.Errorf("The URL %s has { or } in its host: path parameters such as {id} belong in the path.", shown)
		}
		return nil
	}
	path := after[slash:]
	if q := strings.IndexByte(path, '?'); q >= 0 {
		path = path[:q]
	}
	for path != "" {
		open := strings.IndexAny(path, "{}")
		if open < 0 {
			break
		}
		if path[open] == '}' {
			return fmt.Errorf("The URL %s has a } without its {: write path parameters as {name}.", shown)
		}
		end := strings.IndexAny(path[open+1:], "{}")
		if end < 0 || path[open+1+end] == '{' {
			return fmt.Errorf("The URL %s has a { without its }: write path parameters as {name}.", shown)
		}
		name := path[open+1 : open+1+end]
		if err := project.ValidIdentifier(name); err != nil {
			return fmt.Errorf("The URL %s has a bad path parameter {%s}: use letters, digits and _, starting with a letter.", shown, name)
		}
		path = path[open+1+end+1:]
	}
	return nil
}

func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// IsLoopback reports whether host (no port, no brackets) is this machine:
// localhost, *.localhost, 127.0.0.0/8 or ::1.
func IsLoopback(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// generic host labels that say nothing about the service.
var genericLabels = map[string]bool{
	"www": true, "ws": true, "wss": true, "api": true, "apis": true, "stream": true, "streams": true,
	"socket": true, "sockets": true, "websocket": true, "websockets": true, "realtime": true,
	"rt": true, "live": true, "push": true, "feed": true, "feeds": true, "gateway": true,
}

// suggestID proposes a safe service id: the most telling label of the
// host name, or for loopback and IP hosts the last path segment.
func suggestID(host string, loopback bool, path string) string {
	var candidates []string
	if loopback || net.ParseIP(host) != nil {
		segs := strings.Split(strings.Trim(path, "/"), "/")
		for i := len(segs) - 1; i >= 0; i-- {
			if s := segs[i]; s != "" && !strings.HasPrefix(s, "{") {
				candidates = append(candidates, s)
			}
		}
	} else {
		labels := strings.Split(strings.ToLower(strings.TrimSuffix(host, ".")), ".")
		if len(labels) > 1 {
			labels = labels[:len(labels)-1] // the top-level domain
		}
		for _, l := range labels {
			if !genericLabels[l] {
				candidates = append(candidates, l)
			}
		}
		candidates = append(candidates, labels...)
	}
	for _, c := range candidates {
		id := identifier(c)
		if id != "" && project.ValidIdentifier(id) == nil {
			return id
		}
	}
	return "websocket"
}

// identifier turns a host label or path segment into letters, digits and _
// in lower camel case: "market-data" → "marketData".
func identifier(s string) string {
	var b strings.Builder
	upper := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			if upper && b.Len() > 0 {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
			upper = false
		case r >= '0' && r <= '9':
			if b.Len() == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			upper = false
		case r == '_':
			b.WriteRune(r)
		default:
			upper = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	return b.String()
}
