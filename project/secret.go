package project

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Masked is what a secret value is shown as.
const Masked = "••••"

// secretHeaders are headers whose whole value is a secret, whatever their
// name's words say.
var secretHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true,
	"sec-websocket-protocol": true, // services carry tokens in subprotocols
}

// secretWords are the last words of names that hold a secret. Only the last
// word counts: "accessToken" and "weather.api.key" are secrets, while
// "security.general.tokenService.enabled", "tokenValiditySeconds" and
// "accessTokenUrl" name a setting about a secret, not the secret.
var secretWords = map[string]bool{
	"token": true, "tokens": true, "key": true, "apikey": true, "secret": true, "secrets": true,
	"password": true, "passwd": true, "pwd": true, "passphrase": true,
	"credential": true, "credentials": true, "jwt": true,
}

// IsSecret reports whether a header, query parameter, binding or profile
// key named name holds a secret. It is the one rule of what is secret:
// the Authorization, Proxy-Authorization, Cookie, Set-Cookie and
// Sec-WebSocket-Protocol headers, and any name whose last word is token,
// key, apikey, secret, password (passwd, pwd, passphrase), credential or
// jwt, words being split at punctuation and at lower-to-upper case changes
// ("api_key", "X-Api-Key", "accessToken", "client_secret", "weather.api.key").
func IsSecret(name string) bool {
	l := strings.ToLower(strings.TrimSpace(name))
	if secretHeaders[l] {
		return true
	}
	w := lastWord(name)
	return secretWords[w]
}

// lastWord is the last word of name, lower-cased: "accessTokenUrl" → "url",
// "api_key" → "key", "APIKey" → "key", "apikey" → "apikey".
func lastWord(name string) string {
	rs := []rune(name)
	var words []string
	start := -1
	for i, r := range rs {
		if !isWordRune(r) {
			if start >= 0 {
				words = append(words, string(rs[start:i]))
			}
			start = -1
			continue
		}
		if start >= 0 && unicode.IsUpper(r) {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if !unicode.IsUpper(prev) || nextLower {
				words = append(words, string(rs[start:i]))
				start = -1
			}
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		words = append(words, string(rs[start:]))
	}
	if len(words) == 0 {
		return ""
	}
	return strings.ToLower(words[len(words)-1])
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Mask hides a secret value; an empty value stays empty, since there is
// nothing to hide and "no value" is worth seeing.
func Mask(value string) string {
	if value == "" {
		return ""
	}
	return Masked
}

// MaskValue is value as it may be shown: masked when name holds a secret.
func MaskValue(name, value string) string {
	if IsSecret(name) {
		return Mask(value)
	}
	return value
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

// Secrets are the secret values a connection carries (header values,
// token-like query values, a URL password, subprotocols), to be masked out
// of any text, that the server wrote included. The zero value masks only
// what looks like a credential.
type Secrets struct{ values []string }

// minSecret is the shortest value masked inside text: shorter ones would
// hide ordinary words and numbers.
const minSecret = 3

// Add records secret values; for "Bearer x" and "Basic x" the credential x
// on its own too, and each value's URL-encoded form.
func (s *Secrets) Add(values ...string) {
	for _, v := range values {
		v = strings.TrimSpace(v)
		if len(v) < minSecret {
			continue
		}
		if scheme, tok, ok := strings.Cut(v, " "); ok && authScheme.MatchString(scheme) {
			// "Bearer x": the credential is x; the scheme may show.
			if tok = strings.TrimSpace(tok); len(tok) >= minSecret {
				v = tok
			}
		}
		s.values = append(s.values, v)
		if esc := url.QueryEscape(v); esc != v {
			s.values = append(s.values, esc)
		}
	}
	sort.SliceStable(s.values, func(i, j int) bool { return len(s.values[i]) > len(s.values[j]) })
}

// Empty reports whether no value was added.
func (s Secrets) Empty() bool { return len(s.values) == 0 }

// AddHeaders records the values of the secret headers among h.
func (s *Secrets) AddHeaders(h map[string][]string) {
	for k, vs := range h {
		if IsSecret(k) {
			s.Add(vs...)
		}
	}
}

// AddURL records the values of a URL's secret query parameters and its
// password.
func (s *Secrets) AddURL(raw string) {
	u, err := url.Parse(raw)
	if err != nil {
		return
	}
	for k, vs := range u.Query() {
		if IsSecret(k) {
			s.Add(vs...)
		}
	}
	if u.User != nil {
		if p, ok := u.User.Password(); ok {
			s.Add(p)
		}
	}
}

// authScheme is the scheme word of an Authorization value ("Bearer").
var authScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,15}$`)

// credential matches what looks like a credential in free text whatever
// its value: "Bearer x", "Basic x", and name=value or name: value pairs
// whose name holds a secret.
var credential = regexp.MustCompile(`(?i)\b(bearer|basic)\s+([A-Za-z0-9._~+/=-]{3,})|(["']?)([A-Za-z0-9_.-]+)(["']?\s*[=:]\s*)((?:bearer|basic)\s+[^\s&,;"']+|"[^"]*"|[^\s&,;"']+)`)

// Mask returns text with every secret value and every credential-looking
// pair masked.
func (s Secrets) Mask(text string) string {
	for _, v := range s.values {
		text = strings.ReplaceAll(text, v, Masked)
	}
	return credential.ReplaceAllStringFunc(text, func(m string) string {
		sub := credential.FindStringSubmatch(m)
		switch {
		case sub[1] != "":
			if sub[2] == Masked {
				return m
			}
			return sub[1] + " " + Masked
		case sub[4] != "" && IsSecret(sub[4]) && strings.Trim(sub[6], `"`) != Masked:
			if strings.HasPrefix(sub[6], `"`) {
				return sub[3] + sub[4] + sub[5] + `"` + Masked + `"`
			}
			return sub[3] + sub[4] + sub[5] + Masked
		}
		return m
	})
}

// MaskText masks what looks like a credential in text, knowing no values.
func MaskText(text string) string { return Secrets{}.Mask(text) }
