package project

import (
	"net/url"
	"strings"
)

// Masked is what a secret value is shown as.
const Masked = "••••"

// IsSecret reports whether a header, query parameter or property named
// name holds a secret: the Authorization, Proxy-Authorization, Cookie and
// Sec-WebSocket-Protocol headers, and anything named like a token, key,
// secret or password ("api_key", "accessToken", "weather.api.key").
func IsSecret(name string) bool {
	l := strings.ToLower(name)
	switch l {
	case "authorization", "proxy-authorization", "cookie", "set-cookie", "sec-websocket-protocol":
		return true
	}
	for _, w := range []string{"token", "key", "secret", "password", "passwd", "credential"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// Mask hides a secret value; an empty value stays empty, since there is
// nothing to hide and "no value" is worth seeing.
func Mask(value string) string {
	if value == "" {
		return ""
	}
	return Masked
}

// MaskURL masks the values of secret query parameters of a URL (and a
// password in its user info), leaving the rest as it was.
func MaskURL(raw string) string {
	head, query, hasQuery := strings.Cut(raw, "?")
	if u, err := url.Parse(head); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxx")
			head = strings.Replace(u.String(), "xxxx", Masked, 1)
		}
	}
	if !hasQuery {
		return head
	}
	frag := ""
	if i := strings.IndexByte(query, '#'); i >= 0 {
		query, frag = query[:i], query[i:]
	}
	parts := strings.Split(query, "&")
	for i, kv := range parts {
		k, v, ok := strings.Cut(kv, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if ok && v != "" && IsSecret(name) {
			parts[i] = k + "=" + Masked
		}
	}
	return head + "?" + strings.Join(parts, "&") + frag
}
