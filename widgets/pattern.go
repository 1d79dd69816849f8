package widgets

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// Display formats for bound values, as labels and columns write them:
// date and time patterns in the Angular style ("hh:mm:ss a", "dd/MM/yyyy",
// "MMM d, y h:mm a", literal text in single quotes) and fixed decimals for
// numbers ("2").

// Pattern is a parsed display format.
type Pattern struct {
	decimals int // ≥ 0: a number format with this many decimals; -1: a date pattern
	fields   []patternField
}

// patternField is one piece of a date pattern: a run of one pattern letter
// (letter, count) or literal text (letter 0).
type patternField struct {
	letter byte
	count  int
	text   string
}

// PatternError is a display format that does not parse.
type PatternError struct {
	Pattern string
	Reason  string
}

func (e *PatternError) Error() string {
	return fmt.Sprintf("display format %q: %s", e.Pattern, e.Reason)
}

const maxDecimals = 20

// angularLetters are the letters Angular reads as date fields; any other
// letter is literal text.
const angularLetters = "GyYMLwWdEcabBhHmsSzZO"

// maxCount is how many of each supported letter may run together.
var maxCount = map[byte]int{
	'y': 4, 'M': 4, 'd': 2, 'E': 4, 'H': 2, 'h': 2, 'm': 2, 's': 2, 'S': 3, 'a': 3,
}

const supportedLetters = "y yy yyy yyyy, M MM MMM MMMM, d dd, E EE EEE EEEE, H HH, h hh, m mm, s ss, S SS SSS, a"

// ParsePattern reads a display format. A whole number from 0 to 20 is a
// number format with that many decimals; anything else is a date pattern
// of these fields (other text is shown as it is, and text in single quotes
// always is; ” is a quote):
//
//	y yyyy  year (2025), yy two digits (25), yyy at least three
//	M MM    month 1-12 (MM: 01), MMM Jan, MMMM January
//	d dd    day of the month
//	E…EEE   weekday Mon, EEEE Monday
//	H HH    hour 0-23;  h hh hour 1-12;  a AM/PM
//	m mm    minute;  s ss second;  S SS SSS tenths, hundredths, milliseconds
//
// The empty pattern shows a value as it is.
func ParsePattern(s string) (Pattern, error) {
	fail := func(format string, a ...any) (Pattern, error) {
		return Pattern{}, &PatternError{Pattern: s, Reason: fmt.Sprintf(format, a...)}
	}
	if s != "" && strings.Trim(s, "0123456789") == "" {
		n, err := strconv.Atoi(s)
		if err != nil || n > maxDecimals {
			return fail("a number format has 0 to %d decimals", maxDecimals)
		}
		return Pattern{decimals: n}, nil
	}
	p := Pattern{decimals: -1}
	lit := func(t string) {
		if k := len(p.fields) - 1; k >= 0 && p.fields[k].letter == 0 {
			p.fields[k].text += t
			return
		}
		p.fields = append(p.fields, patternField{text: t})
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'':
			if i+1 < len(s) && s[i+1] == '\'' {
				lit("'")
				i += 2
				continue
			}
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(s) {
					return fail("the quote at %d is not closed", i)
				}
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			lit(b.String())
			i = j + 1
		case strings.IndexByte(angularLetters, c) >= 0:
			j := i
			for j < len(s) && s[j] == c {
				j++
			}
			n := j - i
			limit, ok := maxCount[c]
			if !ok || n > limit {
				return fail("%q at %d is not a supported field; use %s, or quote literal text ('at')", s[i:j], i, supportedLetters)
			}
			p.fields = append(p.fields, patternField{letter: c, count: n})
			i = j
		default:
			j := i
			for j < len(s) && s[j] != '\'' && strings.IndexByte(angularLetters, s[j]) < 0 {
				j++
			}
			lit(s[i:j])
			i = j
		}
	}
	return p, nil
}

// String writes the pattern back in a form ParsePattern reads to the same
// pattern: fields as their letters, ASCII letters of literal text in single
// quotes, and a literal quote as ”.
func (p Pattern) String() string {
	if p.decimals >= 0 {
		return strconv.Itoa(p.decimals)
	}
	var b strings.Builder
	for _, f := range p.fields {
		if f.letter != 0 {
			b.WriteString(strings.Repeat(string(f.letter), f.count))
			continue
		}
		writeLiteral(&b, f.text)
	}
	if out := b.String(); out == "" || strings.Trim(out, "0123456789") != "" {
		return out
	}
	// Digits alone would read as a number format.
	return "'" + b.String() + "'"
}

// writeLiteral writes literal text of a date pattern: each run of letters
// and quotes that holds a letter goes in single quotes (after any quotes it
// starts with, which are written as ”), other quotes as ”, and
// everything else as it is.
func writeLiteral(b *strings.Builder, text string) {
	quoted := func(c byte) bool { return c == '\'' || isASCIILetter(c) }
	for i := 0; i < len(text); {
		if !quoted(text[i]) {
			j := i
			for j < len(text) && !quoted(text[j]) {
				j++
			}
			b.WriteString(text[i:j])
			i = j
			continue
		}
		for i < len(text) && text[i] == '\'' {
			b.WriteString("''")
			i++
		}
		j := i
		for j < len(text) && quoted(text[j]) {
			j++
		}
		if j > i {
			b.WriteByte('\'')
			b.WriteString(strings.ReplaceAll(text[i:j], "'", "''"))
			b.WriteByte('\'')
		}
		i = j
	}
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// Decimals is the number of decimals of a number format, or -1 for a date
// pattern.
func (p Pattern) Decimals() int { return p.decimals }

// FormatPattern shows a bound value in a display format (see ParsePattern)
// in loc (nil: local time). A value the format does not fit (text under a
// date pattern, a date under a number format) is shown as it is, and so is
// every value when the pattern does not parse; a missing value or null is
// "". A plain string is gjson.Result{Type: gjson.String, Str: s}.
func FormatPattern(v gjson.Result, pattern string, loc *time.Location) string {
	p, err := ParsePattern(pattern)
	if err != nil {
		return formatValue(v, "", loc)
	}
	return p.Format(v, loc)
}

// Format shows a bound value in the pattern, as FormatPattern does.
func (p Pattern) Format(v gjson.Result, loc *time.Location) string {
	if !v.Exists() || v.Type == gjson.Null {
		return ""
	}
	loc = location(loc)
	if p.decimals >= 0 {
		f, ok := 0.0, false
		switch v.Type {
		case gjson.Number:
			f, ok = v.Float(), true
		case gjson.String:
			var err error
			f, err = strconv.ParseFloat(strings.TrimSpace(v.Str), 64)
			ok = err == nil
		}
		if !ok {
			return formatValue(v, "", loc)
		}
		s := strconv.FormatFloat(f, 'f', p.decimals, 64)
		if strings.Trim(s, "-0.") == "" {
			s = strings.TrimPrefix(s, "-") // -0.001 at 2 decimals reads 0.00
		}
		return s
	}
	if len(p.fields) == 0 {
		return formatValue(v, "", loc)
	}
	t, ok := patternTime(v, loc)
	if !ok {
		return formatValue(v, "", loc)
	}
	return p.formatTime(t.In(loc))
}

// patternTime reads a time: epoch milliseconds (or seconds), an RFC 3339
// string, or an ISO date and time without a zone, taken to be in loc.
func patternTime(v gjson.Result, loc *time.Location) (time.Time, bool) {
	if t, ok := timeOf(v); ok {
		return t, true
	}
	if v.Type != gjson.String {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v.Str, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (p Pattern) formatTime(t time.Time) string {
	var b []byte
	pad := func(n, width int) {
		if n < 0 {
			b = append(b, '-')
			n = -n
		}
		s := strconv.Itoa(n)
		for i := len(s); i < width; i++ {
			b = append(b, '0')
		}
		b = append(b, s...)
	}
	for _, f := range p.fields {
		switch f.letter {
		case 0:
			b = append(b, f.text...)
		case 'y':
			y := t.Year()
			if f.count == 2 {
				pad((y%100+100)%100, 2)
			} else {
				pad(y, f.count)
			}
		case 'M':
			switch f.count {
			case 3:
				b = append(b, t.Month().String()[:3]...)
			case 4:
				b = append(b, t.Month().String()...)
			default:
				pad(int(t.Month()), f.count)
			}
		case 'd':
			pad(t.Day(), f.count)
		case 'E':
			if f.count == 4 {
				b = append(b, t.Weekday().String()...)
			} else {
				b = append(b, t.Weekday().String()[:3]...)
			}
		case 'H':
			pad(t.Hour(), f.count)
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			pad(h, f.count)
		case 'a':
			if t.Hour() < 12 {
				b = append(b, "AM"...)
			} else {
				b = append(b, "PM"...)
			}
		case 'm':
			pad(t.Minute(), f.count)
		case 's':
			pad(t.Second(), f.count)
		case 'S':
			ms := t.Nanosecond() / 1e6
			switch f.count {
			case 1:
				pad(ms/100, 1)
			case 2:
				pad(ms/10, 2)
			default:
				pad(ms, 3)
			}
		}
	}
	return string(b)
}
