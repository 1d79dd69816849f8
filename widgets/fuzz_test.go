package widgets

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"wsstudio/variable/dataset"
)

// FuzzFormatValue: any received value formats without panicking, on one
// line when it was JSON on one line, and compact JSON stays valid JSON.
func FuzzFormatValue(f *testing.F) {
	for _, s := range []string{`12.5`, `1764000000000`, `"2025-11-24T16:00:00Z"`, `{"a": [1, 2]}`,
		`"x\"y"`, `-1e308`, `null`, `[true, false]`, `"1e400"`, `{"k":"a b\n c"}`, `not json`} {
		f.Add(s, "number")
		f.Add(s, "time")
	}
	f.Fuzz(func(t *testing.T, doc, typ string) {
		v := gjson.Parse(doc)
		out := formatValue(v, typ, time.UTC)
		if utf8.ValidString(doc) && !utf8.ValidString(out) && v.Type != gjson.String {
			t.Fatalf("formatValue(%q) = %q: not UTF-8", doc, out)
		}
		if json.Valid([]byte(doc)) && (v.IsObject() || v.IsArray()) {
			if c := compactJSON(doc); !json.Valid([]byte(c)) {
				t.Fatalf("compactJSON(%q) = %q: not JSON", doc, c)
			}
		}
		_ = oneLine(out, 20)
		if strings.ContainsAny(oneLine(out, 20), "\r\n") {
			t.Fatalf("oneLine(%q) keeps a line break", out)
		}
	})
}

// FuzzNormalizePath: a dataset binding loses its "bind:Variables.X.dataSet"
// head and keeps the rest of its path as written; a path with no such head
// and no dataSet segment only loses its surrounding spaces.
func FuzzNormalizePath(f *testing.F) {
	for _, s := range []string{"items", "readings.0.v", "", " a.b ", "x.dataSetY"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rest string) {
		want := strings.TrimRightFunc(rest, unicode.IsSpace)
		if got := normalizePath("bind:Variables.Q.dataSet." + rest); got != want {
			t.Fatalf("normalizePath(bind:…dataSet.%q) = %q, want %q", rest, got, want)
		}
		if strings.TrimSpace(rest) == "" {
			if got := normalizePath("bind:Variables.Q.dataSet" + rest); got != "" {
				t.Fatalf("normalizePath(bind:…dataSet%q) = %q, want the records themselves", rest, got)
			}
		}
		if !strings.Contains(rest, "dataSet") && !strings.HasPrefix(strings.TrimSpace(rest), "bind:") {
			if got := normalizePath(rest); got != strings.TrimSpace(rest) {
				t.Fatalf("normalizePath(%q) = %q, want it trimmed only", rest, got)
			}
		}
	})
}

// FuzzWidgetsOnFrames: arbitrary frames, in any strategy, go through the
// chart's point cache and the row view without panicking, and the cache
// agrees with a fresh parse.
func FuzzWidgetsOnFrames(f *testing.F) {
	f.Add([]byte(`{"time":1764000000000,"price":1.5}`), []byte(`{"readings":[{"v":1}]}`), uint8(1), "readings")
	f.Add([]byte(`hello`), []byte(`[1,2,3]`), uint8(0), "")
	f.Add([]byte(`42`), []byte(`{"price":"12.5","time":"2025-11-24T16:00:00Z"}`), uint8(2), "price")
	f.Add([]byte(`{"symbol":"A","price":1}`), []byte(`{"symbol":"B","price":2}`), uint8(1), "")
	f.Fuzz(func(t *testing.T, a, b []byte, strat uint8, path string) {
		ds := dataset.New(dataset.Strategy(strat%3), 5)
		var d, g chartData
		d.configure(path, "time", []string{"price", ""}, "")
		g.configure(path, "time", []string{"price", ""}, "symbol")
		var v rowView
		for i := 0; i < 12; i++ {
			raw := a
			if i%3 == 1 {
				raw = b
			}
			ds.Add(dataset.NewRecord(raw, i%5 == 4, t0.Add(time.Duration(i)*time.Second)))
			d.sync(ds)
			g.sync(ds)
			v.sync(ds, path)
			for r := 0; r < v.len(); r++ {
				row, _ := v.row(r)
				_ = formatValue(row.val, "", time.UTC)
				_ = summary(row.val)
			}
		}
		var fresh, freshG chartData
		fresh.configure(path, "time", []string{"price", ""}, "")
		fresh.sync(ds)
		freshG.configure(path, "time", []string{"price", ""}, "symbol")
		freshG.sync(ds)
		if got, want := fmt.Sprint(g.groups, g.groupRows, g.ys, g.rows), fmt.Sprint(freshG.groups, freshG.groupRows, freshG.ys, freshG.rows); got != want {
			t.Fatalf("grouped cache %s, fresh %s", got, want)
		}
		if d.rows != fresh.rows || d.numeric != fresh.numeric || d.nonTime != fresh.nonTime ||
			d.numX != fresh.numX || d.cats != fresh.cats || d.catNumeric != fresh.catNumeric {
			t.Fatalf("cache %d/%d/%d/%d/%d/%d, fresh %d/%d/%d/%d/%d/%d (rows/numeric/nonTime/numX/cats/catNumeric)",
				d.rows, d.numeric, d.nonTime, d.numX, d.cats, d.catNumeric,
				fresh.rows, fresh.numeric, fresh.nonTime, fresh.numX, fresh.cats, fresh.catNumeric)
		}
	})
}

// FuzzTicks: axis ticks for any value range are few, ordered and inside
// the returned range, with no endless loop at the edges of float64.
func FuzzTicks(f *testing.F) {
	f.Add(92.3, 111.7, 5)
	f.Add(1e17, 1e17+1, 6)
	f.Add(-1e308, 1e308, 4)
	f.Add(1764000000000.0, 1764000059000.0, 6)
	f.Add(0.0, 0.0, 1)
	f.Fuzz(func(t *testing.T, lo, hi float64, want int) {
		want = want%20 + 1
		if want < 1 {
			want = -want + 1
		}
		ticks, nlo, nhi := niceTicks(lo, hi, want)
		if len(ticks) > 4*max(want, 2)+4 {
			t.Fatalf("niceTicks(%v, %v, %d): %d ticks", lo, hi, want, len(ticks))
		}
		for i, v := range ticks {
			if i > 0 && !(v > ticks[i-1]) && !math.IsNaN(v) {
				t.Fatalf("niceTicks(%v, %v, %d) = %v: not increasing", lo, hi, want, ticks)
			}
		}
		_, _ = nlo, nhi
		for _, zero := range []bool{false, true} {
			vt, vlo, vhi := valueAxis(lo, hi, want, zero)
			if len(vt) < 2 || len(vt) > max(want, 2)+1 {
				t.Fatalf("valueAxis(%v, %v, %d, %v): %d ticks", lo, hi, want, zero, len(vt))
			}
			if vlo != vt[0] || vhi != vt[len(vt)-1] || !(vhi > vlo) && !math.IsInf(vhi-vlo, 0) {
				t.Fatalf("valueAxis(%v, %v, %d, %v) = %v, %v..%v", lo, hi, want, zero, vt, vlo, vhi)
			}
			if !math.IsNaN(lo) && !math.IsNaN(hi) && lo >= 0 && hi >= 0 && vlo < 0 {
				t.Fatalf("valueAxis(%v, %v, %d, %v) = %v: below zero for non-negative data", lo, hi, want, zero, vt)
			}
		}
	})
}

// FuzzTimeTicks: a time axis for any range and width keeps its ticks
// inside the range, ascending, on whole milliseconds and few enough for
// the width, with labels that do not touch.
func FuzzTimeTicks(f *testing.F) {
	f.Add(1764000000000.0, 4000.0, 465.0, int16(0))
	f.Add(1764000000000.0, 59000.0, 540.0, int16(330))
	f.Add(1741400000000.0, 3.6e7, 300.0, int16(-210))
	f.Add(-62135596800000.0, 1e9, 1e6, int16(0))
	f.Add(2.5e14, 3e12, 50.0, int16(840))
	f.Add(0.0, 0.5, 1e300, int16(0))
	f.Fuzz(func(t *testing.T, lo, span, width float64, offMin int16) {
		hi := lo + span
		loc := time.FixedZone("Z", int(offMin%(18*60))*60)
		ts := timeTicks(lo, hi, width, charWidth, loc)
		if len(ts.ticks) > maxTimeTicks {
			t.Fatalf("timeTicks(%v, %v, %v): %d ticks", lo, hi, width, len(ts.ticks))
		}
		if len(ts.ticks) > 0 {
			checkTimeScale(t, fmt.Sprintf("timeTicks(%v, %v, %v, %v)", lo, hi, width, offMin), lo, hi, width, ts)
		}
	})
}
