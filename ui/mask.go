package ui

import "strings"

// maskValue hides the value of a secret parameter or header.
func maskValue(name, value string) string {
	if value == "" {
		return ""
	}
	n := strings.ToLower(name)
	for _, s := range []string{"authorization", "cookie", "token", "key", "secret", "password", "sec-websocket-protocol"} {
		if strings.Contains(n, s) {
			return "••••"
		}
	}
	return value
}
