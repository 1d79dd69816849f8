package wire

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// masked replaces a secret value in text meant for people.
const masked = "••••"

// isSecret reports whether a header or query parameter name holds a secret.
var isSecret = func(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie", "sec-websocket-protocol":
		return true
	}
	for _, w := range []string{"token", "key", "secret", "password", "passwd", "session", "signature", "credential"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// MaskURL returns raw with the values of secret query parameters and any
// password in the user information replaced by ••••.
func MaskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Opaque != "" {
		return maskRawURL(raw)
	}
	out := u.Scheme + "://"
	if u.User != nil {
		out += u.User.Username()
		if _, has := u.User.Password(); has {
			out += ":" + masked
		}
		out += "@"
	}
	out += u.Host + u.EscapedPath()
	if u.RawQuery != "" || u.ForceQuery {
		out += "?" + maskQuery(u.RawQuery)
	}
	if u.Fragment != "" {
		out += "#" + u.EscapedFragment()
	}
	return out
}

// maskRawURL masks the query of a string that does not parse as a URL.
func maskRawURL(raw string) string {
	base, q, found := strings.Cut(raw, "?")
	if !found {
		return raw
	}
	q, frag, hasFrag := strings.Cut(q, "#")
	out := base + "?" + maskQuery(q)
	if hasFrag {
		out += "#" + frag
	}
	return out
}

func maskQuery(q string) string {
	parts := strings.Split(q, "&")
	for i, kv := range parts {
		k, _, has := strings.Cut(kv, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if has && isSecret(name) {
			parts[i] = k + "=" + masked
		}
	}
	return strings.Join(parts, "&")
}

// secretValues collects the secret values a dial carries (header values,
// query values, a URL password, and the token part of "Bearer x"), longest
// first, to be masked out of any text.
func secretValues(raw string, h http.Header) []string {
	var out []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len(v) < 3 {
			return // too short to mask without hiding ordinary words
		}
		out = append(out, v)
		if esc := url.QueryEscape(v); esc != v {
			out = append(out, esc)
		}
		if _, tok, ok := strings.Cut(v, " "); ok && len(strings.TrimSpace(tok)) >= 3 {
			out = append(out, strings.TrimSpace(tok))
		}
	}
	for k, vs := range h {
		if isSecret(k) {
			for _, v := range vs {
				add(v)
			}
		}
	}
	if u, err := url.Parse(raw); err == nil {
		for k, vs := range u.Query() {
			if isSecret(k) {
				for _, v := range vs {
					add(v)
				}
			}
		}
		if u.User != nil {
			if p, ok := u.User.Password(); ok {
				add(p)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

func maskValues(s string, secrets []string) string {
	for _, v := range secrets {
		s = strings.ReplaceAll(s, v, masked)
	}
	return s
}
