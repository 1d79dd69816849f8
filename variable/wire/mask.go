package wire

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"wsstudio/project"
)

// masked replaces a secret value in text meant for people.
const masked = project.Masked

// isSecret reports whether a header or query parameter name holds a secret.
func isSecret(name string) bool { return project.IsSecret(name) }

// MaskURL returns raw with the values of secret query parameters and any
// password in the user information replaced by ••••.
func MaskURL(raw string) string { return project.MaskURL(raw) }

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
