package widgets

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// Column types (wm-table-column type).
const (
	TypeLong    = "long"
	TypeInteger = "integer"
	TypeNumber  = "number"
	TypeString  = "string"
	TypeBoolean = "boolean"
	TypeTime    = "time"
)

// epoch-milliseconds window used to recognise time values: 1973 … 5138.
const (
	minEpochMS = 1e11
	maxEpochMS = 1e14
)

// formatValue renders one field for a cell or list line according to the
// column type ("" = by the value's own JSON type).
func formatValue(v gjson.Result, typ string, loc *time.Location) string {
	if !v.Exists() || v.Type == gjson.Null {
		return ""
	}
	switch typ {
	case TypeLong, TypeInteger:
		if v.Type == gjson.Number {
			if f := v.Float(); f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				return strconv.FormatInt(int64(f), 10)
			}
			return v.Raw
		}
	case TypeNumber:
		if v.Type == gjson.Number {
			return formatNumber(v.Float())
		}
	case TypeBoolean:
		switch v.Type {
		case gjson.True:
			return "true"
		case gjson.False:
			return "false"
		}
	case TypeTime:
		if t, ok := timeOf(v); ok {
			return t.In(location(loc)).Format("2006-01-02 15:04:05.000")
		}
	}
	switch v.Type {
	case gjson.String:
		return v.Str
	case gjson.Number:
		if f := v.Float(); f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return strconv.FormatInt(int64(f), 10)
		}
		return formatNumber(v.Float())
	case gjson.True:
		return "true"
	case gjson.False:
		return "false"
	}
	return compactJSON(v.Raw)
}

// formatNumber shows up to six decimals, without trailing zeros.
func formatNumber(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if a := math.Abs(f); a != 0 && (a >= 1e15 || a < 1e-6) {
		return strconv.FormatFloat(f, 'g', 6, 64)
	}
	s := strconv.FormatFloat(f, 'f', 6, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// timeOf reads a time value: epoch milliseconds (or seconds) as a number or
// numeric string, or an RFC 3339 string.
func timeOf(v gjson.Result) (time.Time, bool) {
	switch v.Type {
	case gjson.Number:
		return epochTime(v.Float())
	case gjson.String:
		if f, err := strconv.ParseFloat(v.Str, 64); err == nil {
			return epochTime(f)
		}
		if t, err := time.Parse(time.RFC3339Nano, v.Str); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func epochTime(f float64) (time.Time, bool) {
	switch {
	case f >= minEpochMS && f < maxEpochMS:
		return time.UnixMilli(int64(f)), true
	case f >= 1e8 && f < minEpochMS: // seconds
		return time.Unix(int64(f), int64((f-math.Trunc(f))*1e9)), true
	}
	return time.Time{}, false
}

func location(loc *time.Location) *time.Location {
	if loc == nil {
		return time.Local
	}
	return loc
}

// compactJSON squeezes insignificant white space out of a JSON text so
// that an object fits on one line.
func compactJSON(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	inStr, esc := false, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inStr:
			b.WriteByte(c)
			if esc {
				esc = false
			} else if c == '\\' {
				esc = true
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
			b.WriteByte(c)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// oneLine shortens s to one line of at most n runes for a list title.
func oneLine(s string, n int) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i] + " …"
	}
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return s
}

// niceTicks returns about want evenly spaced round values covering
// [lo, hi], and the range extended to the outer ticks.
func niceTicks(lo, hi float64, want int) (ticks []float64, nlo, nhi float64) {
	if want < 2 {
		want = 2
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return []float64{0, 1}, 0, 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if !(hi > lo) {
		d := math.Max(math.Abs(lo)*0.1, 1)
		lo, hi = lo-d, hi+d
	}
	step := niceStep((hi - lo) / float64(want-1))
	nlo = math.Floor(lo/step) * step
	nhi = math.Ceil(hi/step) * step
	// ticks by index, not by adding steps: at 1e17 adding 0.25 changes
	// nothing, and the range may span the whole float64 line
	n := math.Round((nhi-nlo)/step) + 1
	tooFine := step < math.Max(math.Abs(lo), math.Abs(hi))*1e-13 // below float64 precision
	if tooFine || math.IsNaN(n) || math.IsInf(n, 0) || n > 4*float64(want)+4 || n < 2 {
		return []float64{lo, hi}, lo, hi
	}
	for i := 0; i < int(n); i++ {
		v := nlo + float64(i)*step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, v)
	}
	return ticks, nlo, nhi
}

// niceStep rounds a raw step to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	exp := math.Floor(math.Log10(raw))
	base := math.Pow(10, exp)
	f := raw / base
	switch {
	case f <= 1:
		f = 1
	case f <= 2:
		f = 2
	case f <= 2.5:
		f = 2.5
	case f <= 5:
		f = 5
	default:
		f = 10
	}
	return f * base
}

// timeLabel formats an epoch-ms tick; steps under a second show
// milliseconds.
func timeLabel(ms float64, step float64, loc *time.Location) string {
	t := time.UnixMilli(int64(math.Round(ms))).In(location(loc))
	switch {
	case step < 1000:
		return t.Format("15:04:05.000")
	case step >= 86400e3:
		return t.Format("Jan 2")
	}
	return t.Format("15:04:05")
}

// tickLabel formats a numeric tick with as many decimals as the step needs.
func tickLabel(v, step float64) string {
	if step <= 0 {
		return formatNumber(v)
	}
	if a := math.Abs(v); a >= 1e6 || (a != 0 && a < 1e-4) {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	dec := 0
	if step < 1 {
		dec = int(math.Ceil(-math.Log10(step) - 1e-9))
		if s := step * math.Pow(10, float64(dec)); math.Abs(s-math.Round(s)) > 1e-6 {
			dec++
		}
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// valueAxis picks the value axis of a chart for data from lo to hi: ticks
// at 1, 2 or 5 times a power of ten, at most want of them (the finest such
// step that fits), and bounds on the first ticks at or beyond the data. The
// headroom is therefore less than one step and comes from rounding out to a
// round number, never from padding: an axis for non-negative data never
// dips below zero, one for non-positive data never rises above it, and data
// that lands on a round number (0..100) gets exactly that range. zero puts
// 0 in the range, for bars, columns and areas, which grow from it.
func valueAxis(lo, hi float64, want int, zero bool) (ticks []float64, nlo, nhi float64) {
	want = max(want, 2)
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return []float64{0, 1}, 0, 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if zero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	if !(hi > lo) {
		// one value: a range of about a tenth of it around it, on its
		// own side of zero
		d := math.Max(math.Abs(lo)*0.1, 1)
		switch {
		case lo > 0:
			lo, hi = math.Max(lo-d, 0), hi+d
		case lo < 0:
			lo, hi = lo-d, math.Min(hi+d, 0)
		default:
			hi = 1
		}
	}
	span := hi - lo
	if math.IsInf(span, 0) {
		return []float64{lo, hi}, lo, hi
	}
	// start one decade below the step that would give exactly want ticks
	// and take the first 1-2-5 step whose rounded range fits
	exp := math.Floor(math.Log10(span / float64(want-1)))
	for e := exp - 1; e <= exp+2; e++ {
		base := math.Pow(10, e)
		for _, f := range [...]float64{1, 2, 5} {
			step := f * base
			if math.IsInf(step, 0) {
				break
			}
			if step < math.Max(math.Abs(lo), math.Abs(hi))*1e-13 {
				continue // below float64 precision
			}
			a, b := math.Floor(lo/step), math.Ceil(hi/step)
			if a*step > lo { // the division rounded the wrong way
				a--
			}
			if b*step < hi {
				b++
			}
			if n := b - a + 1; n > float64(want) || math.IsInf(a*step, 0) || math.IsInf(b*step, 0) {
				continue
			}
			nlo, nhi = a*step, b*step
			for i := a; i <= b; i++ {
				v := i * step
				if math.Abs(v) < step*1e-9 {
					v = 0
				}
				ticks = append(ticks, v)
			}
			return ticks, nlo, nhi
		}
	}
	return []float64{lo, hi}, lo, hi
}
