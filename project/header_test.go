package project

import (
	"strings"
	"testing"
)

func TestCheckHeader(t *testing.T) {
	for _, tt := range []struct {
		name, value string
		want        string // "" = accepted
	}{
		{"X-Api-Version", "2", ""},
		{"Authorization", "Bearer abc\tdef", ""},
		{"X-A", "b\r\nX-Inject: 1", "the value of header X-A has a carriage return (CR), which a header value cannot hold (it would start a header of its own): remove it"},
		{"X-A", "b\nX-Inject: 1", "the value of header X-A has a line feed (LF)"},
		{"X-A", "b\x00", "the value of header X-A has the control character U+0000"},
		{"X-A", "b\x7f", "the value of header X-A has the control character U+007F"},
		{"Authorization Bearer", "", `header name "Authorization Bearer" has a space`},
		{"X(A)", "1", `header name "X(A)" has '('`},
		{"Bad\r\nSECRET", "1", `header name "Bad…" has a carriage return (CR)`},
		{"", "1", "a header has no name"},
	} {
		err := CheckHeader(tt.name, tt.value)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckHeader(%q, %q) = %v", tt.name, tt.value, err)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("CheckHeader(%q, %q) = %v, want %q…", tt.name, tt.value, err, tt.want)
		case err != nil && (strings.Contains(err.Error(), "Inject") || strings.Contains(err.Error(), "SECRET")):
			t.Errorf("CheckHeader(%q, %q) = %v shows the value", tt.name, tt.value, err)
		}
	}
}

// FuzzCheckHeader: an accepted header never holds a byte that could end
// it, and an error never quotes the value.
func FuzzCheckHeader(f *testing.F) {
	f.Add("X-A", "b\r\nX-Inject: 1")
	f.Add("Authorization", "Bearer x")
	f.Fuzz(func(t *testing.T, name, value string) {
		err := CheckHeader(name, value)
		if err == nil {
			if strings.ContainsAny(name+value, "\r\n\x00") || strings.ContainsAny(name, " :") || name == "" {
				t.Fatalf("CheckHeader(%q, %q) accepted", name, value)
			}
			return
		}
		// A value with a marker in it: the marker never shows.
		const mark = "QZXSECRETQZX"
		if err := CheckHeader(name, value+mark); err != nil && !strings.Contains(name, mark) && strings.Contains(err.Error(), mark) {
			t.Fatalf("CheckHeader(%q, %q) = %v quotes the value", name, value+mark, err)
		}
	})
}
