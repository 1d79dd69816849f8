package wire

import (
	"net/http"

	"wsstudio/project"
)

// MaskURL returns raw with the values of secret query parameters and any
// password in the user information replaced by ••••.
func MaskURL(raw string) string { return project.MaskURL(raw) }

// secretValues collects the secret values a dial carries (secret header
// values, token-like query values, a URL password, the subprotocols), by
// the project's one rule of what is secret.
func secretValues(raw string, h http.Header, subprotocols []string) project.Secrets {
	var s project.Secrets
	s.AddHeaders(h)
	s.AddURL(raw)
	s.Add(subprotocols...)
	return s
}
