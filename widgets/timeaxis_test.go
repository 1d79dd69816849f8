package widgets

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// charWidth stands in for the caption font: about 6 px a character, a
// little wider than the real 5.5, so that the tests err on the side of room.
func charWidth(s string) float64 { return 6 * float64(len([]rune(s))) }

func timeLabels(ts timeScale) string {
	var l []string
	for _, v := range ts.ticks {
		l = append(l, ts.label(v))
	}
	return strings.Join(l, " | ")
}

func TestTimeTicks(t *testing.T) {
	// t0 is 2025-11-24 16:00:00 UTC
	ms := func(d time.Duration) float64 { return float64(t0.Add(d).UnixMilli()) }
	ist := time.FixedZone("IST", 5*3600+1800)
	cases := []struct {
		name   string
		lo, hi float64
		width  float64
		loc    *time.Location
		want   string
	}{
		{"4 s on a card of the example page, every second", ms(-1800 * time.Millisecond), ms(2100 * time.Millisecond), 290, time.UTC,
			"15:59:59 | 16:00:00 | 16:00:01 | 16:00:02"},
		{"4 s on a 520 px chart", ms(0), ms(4 * time.Second), 465, time.UTC,
			"16:00:00 | 16:00:01 | 16:00:02 | 16:00:03 | 16:00:04"},
		{"8 s on a 520 px chart", ms(300 * time.Millisecond), ms(8300 * time.Millisecond), 465, time.UTC,
			"16:00:02 | 16:00:04 | 16:00:06 | 16:00:08"},
		{"a minute on a 600 px chart", ms(0), ms(59 * time.Second), 540, time.UTC,
			"16:00:00 | 16:00:10 | 16:00:20 | 16:00:30 | 16:00:40 | 16:00:50"},
		{"under two seconds shows milliseconds", ms(250 * time.Millisecond), ms(1750 * time.Millisecond), 465, time.UTC,
			"16:00:00.500 | 16:00:01.000 | 16:00:01.500"},
		{"a tenth of a second", ms(0), ms(400 * time.Millisecond), 465, time.UTC,
			"16:00:00.000 | 16:00:00.100 | 16:00:00.200 | 16:00:00.300 | 16:00:00.400"},
		{"ten minutes, hours and minutes", ms(30 * time.Second), ms(10*time.Minute + 30*time.Second), 465, time.UTC,
			"16:02 | 16:04 | 16:06 | 16:08 | 16:10"},
		{"an hour, ten minutes apart", ms(0), ms(time.Hour), 465, time.UTC,
			"16:00 | 16:10 | 16:20 | 16:30 | 16:40 | 16:50 | 17:00"},
		{"past midnight, with the date", ms(0), ms(10 * time.Hour), 465, time.UTC,
			"Nov 24 16:00 | Nov 24 18:00 | Nov 24 20:00 | Nov 24 22:00 | Nov 25 00:00 | Nov 25 02:00"},
		{"hours on the local clock", ms(-9 * time.Hour), ms(-5 * time.Hour), 465, ist,
			"13:00 | 14:00 | 15:00 | 16:00"},
		{"ten days", ms(0), ms(10 * 24 * time.Hour), 465, time.UTC,
			"Nov 26 | Nov 28 | Nov 30 | Dec 2 | Dec 4"},
		{"days in the local zone start at its midnight", ms(0), ms(4 * 24 * time.Hour), 465, ist,
			"Nov 25 | Nov 26 | Nov 27 | Nov 28"},
		{"two months across new year, every other Monday", ms(0), ms(60 * 24 * time.Hour), 465, time.UTC,
			"Dec 8 2025 | Dec 22 2025 | Jan 5 2026 | Jan 19 2026"},
		{"a year, quarters", ms(0), ms(365 * 24 * time.Hour), 465, time.UTC,
			"Jan 2026 | Apr 2026 | Jul 2026 | Oct 2026"},
		{"decades", ms(0), ms(40 * 365 * 24 * time.Hour), 465, time.UTC,
			"2030 | 2040 | 2050 | 2060"},
		{"a narrow chart keeps its labels apart", ms(0), ms(59 * time.Second), 100, time.UTC,
			"16:00"},
		{"too narrow for two labels, one on a round time", ms(400 * time.Millisecond), ms(4400 * time.Millisecond), 60, time.UTC,
			"16:00:02"},
		{"one instant", ms(0), ms(0), 465, time.UTC, ""},
		{"NaN", math.NaN(), ms(0), 465, time.UTC, ""},
		{"infinite", ms(0), math.Inf(1), 465, time.UTC, ""},
		{"beyond year 9999", 3e14, 3e14 + 1000, 465, time.UTC, ""},
		{"no width", ms(0), ms(time.Minute), 0, time.UTC, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := timeTicks(tc.lo, tc.hi, tc.width, charWidth, tc.loc)
			if got := timeLabels(ts); got != tc.want {
				t.Errorf("timeTicks(%s) labels\n got %s\nwant %s", tc.name, got, tc.want)
			}
		})
	}
}

// TestTimeTicksClockChanges: on the days the clocks change, hour ticks
// stay on the hour of the local clock, the skipped hour has no tick and
// the repeated one has one.
func TestTimeTicksClockChanges(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	at := func(y int, m time.Month, d, h int) float64 {
		return float64(time.Date(y, m, d, h, 0, 0, 0, ny).UnixMilli())
	}
	for _, tc := range []struct {
		name   string
		lo, hi float64
		want   string
	}{
		{"clocks go forward", at(2026, 3, 8, 0), at(2026, 3, 8, 6), "00:00 | 01:00 | 03:00 | 04:00 | 05:00 | 06:00"},
		{"clocks go back", at(2025, 11, 2, 0), at(2025, 11, 2, 5), "00:00 | 01:00 | 02:00 | 03:00 | 04:00 | 05:00"},
	} {
		ts := timeTicks(tc.lo, tc.hi, 500, charWidth, ny)
		if got := timeLabels(ts); got != tc.want {
			t.Errorf("%s: labels %s, want %s", tc.name, got, tc.want)
		}
		checkTimeScale(t, tc.name, tc.lo, tc.hi, 500, ts)
	}
}

// checkTimeScale checks the promises the chart relies on: ticks ascending
// inside the range, on the step's round times, labels all different and
// far enough apart not to touch.
func checkTimeScale(t *testing.T, name string, lo, hi, width float64, ts timeScale) {
	t.Helper()
	seen := map[string]bool{}
	for i, v := range ts.ticks {
		if v < lo || v > hi || i > 0 && !(v > ts.ticks[i-1]) {
			t.Fatalf("%s: ticks %v not ascending in %v..%v", name, ts.ticks, lo, hi)
		}
		if v != math.Round(v) {
			t.Fatalf("%s: tick %v is not a whole millisecond", name, v)
		}
		l := ts.label(v)
		if seen[l] {
			t.Fatalf("%s: label %q twice in %s", name, l, timeLabels(ts))
		}
		seen[l] = true
		if i > 0 {
			gap := (v-ts.ticks[i-1])/(hi-lo)*width - (charWidth(l)+charWidth(ts.label(ts.ticks[i-1])))/2
			if gap < tickGap-1e-6 {
				t.Fatalf("%s: labels %q and %q %.1f px apart", name, ts.label(ts.ticks[i-1]), l, gap)
			}
		}
		tm := time.UnixMilli(int64(v)).In(ts.loc)
		if ts.step.unit == unitMS {
			_, off := tm.Zone()
			if r := (tm.UnixMilli() + int64(off)*1000) % ts.step.n; r != 0 {
				t.Fatalf("%s: tick %s is not on a round %d ms of the local clock", name, tm, ts.step.n)
			}
		} else if tm.Hour() != 0 && tm.Hour() != 1 || tm.Minute() != 0 {
			t.Fatalf("%s: tick %s of a %d-%d step is not at midnight", name, tm, ts.step.unit, ts.step.n)
		}
	}
}

// TestTimeTicksInvariants walks spans from milliseconds to centuries and
// widths from a thumbnail to a wide screen, in three zones, and checks
// the axis: labels never touch, and there are about as many as tickPitch
// allows — the pitch is never above what the next finer step would need.
func TestTimeTicksInvariants(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("IST", 5*3600+1800), time.FixedZone("NST", -(3*3600 + 1800))}
	if ny, err := time.LoadLocation("America/New_York"); err == nil {
		zones = append(zones, ny)
	}
	spans := []float64{3, 40, 999, 1500, 4000, 8000, 59e3, 61e3, 7e5, 3.6e6, 2e7, 8.64e7, 3e8, 2.6e9, 3.2e10, 4e11, 3e12}
	starts := []float64{1764000000000, 1764000000000 + 123456789, 1741400000000, 946684799999, -86400001}
	for _, loc := range zones {
		for _, lo := range starts {
			for _, span := range spans {
				for _, width := range []float64{60, 150, 290, 465, 777, 1900} {
					hi := lo + span
					ts := timeTicks(lo, hi, width, charWidth, loc)
					name := fmt.Sprintf("timeTicks(%.0f, +%.0f, %v, %s) = %s", lo, span, width, loc, timeLabels(ts))
					checkTimeScale(t, name, lo, hi, width, ts)
					if width >= 290 && span >= 1000 && len(ts.ticks) < 2 {
						t.Fatalf("%s: fewer than two labels", name)
					}
					pitch := ts.step.nominal() / span * width
					if lw := charWidth(ts.label(lo)) + tickGap; len(ts.ticks) > 1 && ts.step != timeSteps[0] && pitch > 2.6*max(tickPitch, lw) {
						t.Fatalf("%s: %.0f px between labels, too few", name, pitch)
					}
				}
			}
		}
	}
}
