package widgets

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// patternLoc is UTC+05:30, so that a pattern that ignored the location
// would show other hours and minutes.
var patternLoc = time.FixedZone("IST", 5*3600+30*60)

// patternAt is Monday 24 November 2025, 16:05:09.123 in patternLoc.
var patternAt = time.Date(2025, 11, 24, 16, 5, 9, 123e6, patternLoc)

func str(s string) gjson.Result { return gjson.Result{Type: gjson.String, Str: s} }

func TestFormatPatternDates(t *testing.T) {
	ms := gjson.Parse(strconv.FormatInt(patternAt.UnixMilli(), 10))
	morning := gjson.Parse(strconv.FormatInt(time.Date(2025, 1, 5, 0, 7, 3, 0, patternLoc).UnixMilli(), 10))
	tests := []struct {
		v       gjson.Result
		pattern string
		want    string
	}{
		{ms, "hh:mm:ss a", "04:05:09 PM"},
		{ms, "HH:mm", "16:05"},
		{ms, "dd/MM/yyyy", "24/11/2025"},
		{ms, "MMM d, y h:mm a", "Nov 24, 2025 4:05 PM"},
		{ms, "EEEE, MMMM d", "Monday, November 24"},
		{ms, "EEE yy-M-d", "Mon 25-11-24"},
		{ms, "H:m:s.SSS", "16:5:9.123"},
		{ms, "s.S s.SS", "9.1 9.12"},
		{ms, "h 'o''clock' a", "4 o'clock PM"},
		{ms, "'Today at' HH:mm", "Today at 16:05"},
		{ms, "at HH", "PMt 16"}, // unquoted: a is AM/PM, t is no field
		{ms, "''HH''", "'16'"},
		{ms, "yyyy-MM-ddTHH:mm", "2025-11-24T16:05"}, // T is no field
		{ms, "à HH 'h'", "à 16 h"},
		{morning, "hh:mm:ss a", "12:07:03 AM"},
		{morning, "h a, d MMM yyy", "12 AM, 5 Jan 2025"},
		{morning, "dd/MM/yy", "05/01/25"},
		// the same instant in the other forms a value comes in
		{str(strconv.FormatInt(patternAt.UnixMilli(), 10)), "HH:mm:ss", "16:05:09"},
		{gjson.Parse(strconv.FormatInt(patternAt.Unix(), 10)), "HH:mm:ss", "16:05:09"},
		{str("2025-11-24T10:35:09.123Z"), "HH:mm:ss.SSS", "16:05:09.123"},
		{str("2025-11-24T12:05:09+01:30"), "dd/MM HH:mm", "24/11 16:05"},
		{str("2025-11-24T16:05:09"), "HH:mm", "16:05"}, // no zone: in the location
		{str("2025-11-24"), "MMM d, y HH:mm", "Nov 24, 2025 00:00"},
		// values a date pattern does not fit are shown as they are
		{str("soon"), "HH:mm", "soon"},
		{str(""), "HH:mm", ""},
		{gjson.Parse("72"), "HH:mm", "72"},
		{gjson.Parse("true"), "HH:mm", "true"},
		{gjson.Parse("null"), "HH:mm", ""},
		{gjson.Result{}, "HH:mm", ""},
		// an empty or broken pattern shows the value as it is
		{ms, "", strconv.FormatInt(patternAt.UnixMilli(), 10)},
		{str("x"), "HH:mm 'open", "x"},
	}
	for _, tt := range tests {
		if got := FormatPattern(tt.v, tt.pattern, patternLoc); got != tt.want {
			t.Errorf("FormatPattern(%s, %q) = %q, want %q", tt.v.Raw+tt.v.Str, tt.pattern, got, tt.want)
		}
	}
	// The location matters: the same instant in UTC.
	if got := FormatPattern(ms, "HH:mm", time.UTC); got != "10:35" {
		t.Errorf("in UTC: %q, want 10:35", got)
	}
}

func TestFormatPatternNumbers(t *testing.T) {
	tests := []struct {
		v       gjson.Result
		pattern string
		want    string
	}{
		{gjson.Parse("72"), "2", "72.00"},
		{gjson.Parse("12.345"), "2", "12.35"}, // 12.345 is stored just above
		{gjson.Parse("12.344"), "2", "12.34"},
		{gjson.Parse("1.5"), "0", "2"},
		{gjson.Parse("-3.14159"), "3", "-3.142"},
		{gjson.Parse("-0.001"), "2", "0.00"},
		{gjson.Parse("1e3"), "1", "1000.0"},
		{gjson.Parse("0.1"), "20", "0.10000000000000000555"},
		{str(" 7.25 "), "1", "7.2"}, // half to even on the binary value, as toFixed
		{str("n/a"), "2", "n/a"},
		{gjson.Parse(`{"a":1}`), "2", `{"a":1}`},
		{gjson.Parse("null"), "2", ""},
	}
	for _, tt := range tests {
		if got := FormatPattern(tt.v, tt.pattern, patternLoc); got != tt.want {
			t.Errorf("FormatPattern(%s, %q) = %q, want %q", tt.v.Raw+tt.v.Str, tt.pattern, got, tt.want)
		}
	}
	p, err := ParsePattern("2")
	if err != nil || p.Decimals() != 2 {
		t.Fatalf("ParsePattern(2) = %v decimals, %v", p.Decimals(), err)
	}
	if p, _ := ParsePattern("HH:mm"); p.Decimals() != -1 {
		t.Fatalf("a date pattern reports %d decimals", p.Decimals())
	}
}

func TestParsePatternErrors(t *testing.T) {
	tests := []struct{ pattern, reason string }{
		{"21", "a number format has 0 to 20 decimals"},
		{"007", ""}, // seven decimals is fine, written oddly
		{"99999999999999999999999", "a number format has 0 to 20 decimals"},
		{"HH:mm 'open", "the quote at 6 is not closed"},
		{"yyyyy", `"yyyyy" at 0 is not a supported field`},
		{"MMMMM d", `"MMMMM" at 0 is not a supported field`},
		{"HH:mm z", `"z" at 6 is not a supported field`},
		{"hhh", `"hhh" at 0 is not a supported field`},
		{"dd.MM.YYYY", `"YYYY" at 6 is not a supported field; use y yy yyy yyyy`},
	}
	for _, tt := range tests {
		_, err := ParsePattern(tt.pattern)
		if tt.reason == "" {
			if err != nil {
				t.Errorf("ParsePattern(%q): %v", tt.pattern, err)
			}
			continue
		}
		var pe *PatternError
		if !errors.As(err, &pe) || pe.Pattern != tt.pattern {
			t.Errorf("ParsePattern(%q) = %v, want a *PatternError naming it", tt.pattern, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), "display format "+strconv.Quote(tt.pattern)+": ") || !strings.Contains(pe.Reason, tt.reason) {
			t.Errorf("ParsePattern(%q): %q, want it to say %q", tt.pattern, err, tt.reason)
		}
	}
}

func TestPatternString(t *testing.T) {
	tests := []struct{ in, out string }{
		{"hh:mm:ss a", "hh:mm:ss a"},
		{"MMM d, y h:mm a", "MMM d, y h:mm a"},
		{"'Today at' HH:mm", "'Today' 'at' HH:mm"},
		{"h 'o''clock' a", "h 'o''clock' a"},
		{"h 'o''' a", "h 'o''' a"},
		{"h '''o' a", "h '''o' a"},
		{"'12'", "'12'"},
		{"yyyy-MM-ddTHH:mm", "yyyy-MM-dd'T'HH:mm"},
		{"''HH", "''HH"},
		{"''''", "''''"},
		{"'HH'", "'HH'"},
		{"'12:00'", "12:00"},
		{"007", "7"},
	}
	for _, tt := range tests {
		p, err := ParsePattern(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if s := p.String(); s != tt.out {
			t.Errorf("ParsePattern(%q).String() = %q, want %q", tt.in, s, tt.out)
		}
		if FormatPattern(gjson.Parse(strconv.FormatInt(patternAt.UnixMilli(), 10)), p.String(), patternLoc) !=
			FormatPattern(gjson.Parse(strconv.FormatInt(patternAt.UnixMilli(), 10)), tt.in, patternLoc) {
			t.Errorf("%q and its String %q format differently", tt.in, p.String())
		}
	}
}

// FuzzParsePattern: any pattern parses or fails without panicking; an
// accepted one writes back (String) as a pattern that parses to the same
// thing and shows any time the same way; text without letters or quotes
// is shown as it is; a failure names the pattern.
func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"hh:mm:ss a", "HH:mm", "dd/MM/yyyy", "MMM d, y h:mm a", "'at' HH''mm'", "2", "007",
		"yyyyy", "EEEE SSS", "''''", "'", "x'y'z", "ä ß 'é'", "12:00 – 13:00"} {
		f.Add(s, int64(1764000000000))
	}
	f.Fuzz(func(t *testing.T, pattern string, ms int64) {
		ms = ms % 1e14
		if ms < 1e11 {
			ms = 1e11 + (ms%1e11+1e11)%1e11
		}
		v := gjson.Parse(strconv.FormatInt(ms, 10))
		p, err := ParsePattern(pattern)
		if err != nil {
			var pe *PatternError
			if !errors.As(err, &pe) || pe.Pattern != pattern || !strings.Contains(err.Error(), strconv.Quote(pattern)) || pe.Reason == "" {
				t.Fatalf("ParsePattern(%q): %v does not name the pattern", pattern, err)
			}
			return
		}
		again, err := ParsePattern(p.String())
		if err != nil {
			t.Fatalf("ParsePattern(%q).String() = %q does not parse: %v", pattern, p.String(), err)
		}
		if again.String() != p.String() {
			t.Fatalf("%q → %q → %q", pattern, p.String(), again.String())
		}
		out := p.Format(v, patternLoc)
		if out2 := again.Format(v, patternLoc); out2 != out {
			t.Fatalf("%q shows %q, its String %q shows %q", pattern, out, p.String(), out2)
		}
		if utf8.ValidString(pattern) && !utf8.ValidString(out) {
			t.Fatalf("%q shows %q: not UTF-8", pattern, out)
		}
		if p.Decimals() < 0 && pattern != "" && strings.IndexFunc(pattern, func(r rune) bool {
			return r == '\'' || r < 128 && isASCIILetter(byte(r))
		}) < 0 && out != pattern {
			t.Fatalf("%q has no fields but shows %q", pattern, out)
		}
		if p.Decimals() >= 0 {
			if f, err := strconv.ParseFloat(out, 64); err != nil || f != float64(ms) {
				t.Fatalf("%d at %q decimals shows %q", ms, pattern, out)
			}
		}
	})
}
