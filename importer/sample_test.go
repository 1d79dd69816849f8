package importer

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSampleWarning(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"  \n", ""},
		{`{"a":1}`, ""},
		{` [1, 2] `, ""},
		{"{\"a\":1,\n \"b\": }", `Not valid JSON (line 2, column 7: invalid character '}' looking for beginning of value); it will be kept as plain text.`},
		{`<quote/>`, `Not valid JSON (line 1, column 1: invalid character '<' looking for beginning of value); it will be kept as plain text.`},
		{`{"a":`, `Not valid JSON (line 1, column 5: unexpected end of JSON input); it will be kept as plain text.`},
		{`1 2`, `Not valid JSON (line 1, column 3: invalid character '2' after top-level value); it will be kept as plain text.`},
	} {
		if got := SampleWarning(tc.in); got != tc.want {
			t.Errorf("SampleWarning(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

// FuzzSampleWarning: a warning exactly when the trimmed sample is not JSON,
// always one line that says it is kept as text.
func FuzzSampleWarning(f *testing.F) {
	for _, s := range []string{`{"a":1}`, "{\n\"a\":", `<a/>`, "", "1 2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w := SampleWarning(s)
		valid := strings.TrimSpace(s) == "" || json.Valid([]byte(strings.TrimSpace(s)))
		if valid != (w == "") {
			t.Fatalf("SampleWarning(%q) = %q", s, w)
		}
		if w != "" && (!strings.HasPrefix(w, "Not valid JSON (") || !strings.HasSuffix(w, "it will be kept as plain text.")) {
			t.Fatalf("SampleWarning(%q) = %q", s, w)
		}
	})
}
