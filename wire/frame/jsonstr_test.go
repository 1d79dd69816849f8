package frame

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestAppendJSONString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", `""`},
		{"plain ACME 12.5", `"plain ACME 12.5"`},
		{`say "hi" \ bye`, `"say \"hi\" \\ bye"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"\x00\x01\x1f\x7f", `"\u0000\u0001\u001f` + "\x7f" + `"`},
		{"<a href='x'>&amp;</a>", `"<a href='x'>&amp;</a>"`},
		{"line\u2028sep\u2029 é 😀", "\"line\u2028sep\u2029 é 😀\""},
	} {
		if got := string(AppendJSONString([]byte("x"), c.in)); got != "x"+c.want {
			t.Errorf("AppendJSONString(%q) = %s; want %s", c.in, got[1:], c.want)
		}
	}
}

// FuzzAppendJSONString checks that any valid UTF-8 text comes out as valid
// JSON that reads back as the same text.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b\\c", "\x00\b\f\u2028<&>", "é😀\t\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		out := AppendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q gave invalid JSON %s: %v", s, out, err)
		}
		if back != s {
			t.Fatalf("%q came back as %q", s, back)
		}
	})
}
