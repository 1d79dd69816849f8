package project

import (
	"fmt"
	"strings"
)

// CheckHeader reports whether a header may be sent as it is: its name an
// HTTP token (letters, digits and !#$%&'*+-.^_`|~, nothing else), its
// value free of line breaks and other control characters (a tab is
// allowed). A header that fails would be refused by the server, or worse,
// split into headers of its own. The error names the header and never
// shows a secret value.
func CheckHeader(name, value string) error {
	if name == "" {
		return fmt.Errorf("a header has no name: give it as 'Name: value'")
	}
	for i := 0; i < len(name); i++ {
		if !isTokenChar(name[i]) {
			return fmt.Errorf("header name %q has %s, which a header name cannot hold: use letters, digits and - only", shownName(name), charName(name[i]))
		}
	}
	for _, r := range value {
		if r != '\t' && (r < 0x20 || r == 0x7f) {
			return fmt.Errorf("the value of header %s has %s, which a header value cannot hold (it would start a header of its own): remove it", name, runeName(r))
		}
	}
	return nil
}

// shownName is a header name fit for a message: control characters and
// what follows a line break are cut, since they may be the start of a
// value.
func shownName(name string) string {
	if i := strings.IndexAny(name, "\r\n"); i >= 0 {
		name = name[:i] + "…"
	}
	return name
}

func isTokenChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func charName(c byte) string { return runeName(rune(c)) }

func runeName(r rune) string {
	switch r {
	case '\r':
		return "a carriage return (CR)"
	case '\n':
		return "a line feed (LF)"
	case ' ':
		return "a space"
	case '\t':
		return "a tab"
	case ':':
		return "a colon"
	}
	if r < 0x20 || r == 0x7f {
		return fmt.Sprintf("the control character U+%04X", r)
	}
	return fmt.Sprintf("%q", r)
}
