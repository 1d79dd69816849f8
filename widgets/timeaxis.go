package widgets

import (
	"math"
	"time"
)

// A time axis puts its ticks on round steps of the wall clock in the
// chart's time zone — 100 ms, 1 s, 15 s, 5 min, 6 h, a day, a Monday, the
// first of a month, a new year — and picks the step that gives about one
// label every tickPitch pixels without two labels touching.
const (
	tickPitch = 90.0 // px between time labels the axis aims for
	tickGap   = 16.0 // px at least between two time labels
	// maxTimeTicks bounds the ticks of one axis whatever the input, so
	// that a huge width or a tiny span cannot make an endless list.
	maxTimeTicks = 500
)

// The range of epoch milliseconds a time axis accepts: years 1 to 9999.
const (
	minAxisMS = -62135596800000
	maxAxisMS = 253402300799999
)

type stepUnit uint8

const (
	unitMS    stepUnit = iota // n milliseconds of the wall clock
	unitDay                   // n calendar days from midnight
	unitMonth                 // n months from the first of a month
	unitYear                  // n years from the first of January
)

// timeStep is one round step of a time axis.
type timeStep struct {
	unit stepUnit
	n    int64
}

const (
	second = int64(1000)
	minute = 60 * second
	hour   = 60 * minute
	day    = 24 * hour
)

// timeSteps are the steps of a time axis, finest first.
var timeSteps = func() []timeStep {
	var s []timeStep
	for _, ms := range []int64{1, 2, 5, 10, 20, 50, 100, 200, 500,
		second, 2 * second, 5 * second, 10 * second, 15 * second, 30 * second,
		minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute,
		hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour} {
		s = append(s, timeStep{unitMS, ms})
	}
	s = append(s, timeStep{unitDay, 1}, timeStep{unitDay, 2}, timeStep{unitDay, 7}, timeStep{unitDay, 14},
		timeStep{unitMonth, 1}, timeStep{unitMonth, 3}, timeStep{unitMonth, 6})
	for _, y := range []int64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000} {
		s = append(s, timeStep{unitYear, y})
	}
	return s
}()

// nominal is the usual length of the step in milliseconds.
func (s timeStep) nominal() float64 {
	switch s.unit {
	case unitDay:
		return float64(s.n * day)
	case unitMonth:
		return float64(s.n) * 30.436875 * float64(day)
	case unitYear:
		return float64(s.n) * 365.2425 * float64(day)
	}
	return float64(s.n)
}

// timeScale is a time axis: its ticks and how to label them.
type timeScale struct {
	ticks  []float64 // epoch ms, ascending, within the axis's range
	step   timeStep
	layout string // time.Format layout of the labels
	loc    *time.Location
}

// label formats an epoch-ms value as the axis labels its ticks.
func (s timeScale) label(ms float64) string {
	return time.UnixMilli(int64(math.Round(ms))).In(location(s.loc)).Format(s.layout)
}

// timeLayout is the label format for ticks of step s: milliseconds below
// a second, seconds below a minute, hours and minutes below a day, the
// date from a day up; the date goes in front of the time of day when the
// axis spans more than one day, and the year after the date when it
// spans more than one year.
func timeLayout(s timeStep, crossDay, crossYear bool) string {
	switch s.unit {
	case unitYear:
		return "2006"
	case unitMonth:
		return "Jan 2006"
	case unitDay:
		if crossYear {
			return "Jan 2 2006"
		}
		return "Jan 2"
	}
	l := "15:04"
	switch {
	case s.n < second:
		l = "15:04:05.000"
	case s.n < minute:
		l = "15:04:05"
	}
	if crossDay {
		l = "Jan 2 " + l
	}
	return l
}

// timeTicks picks the time axis for epoch-ms values from lo to hi drawn
// width px wide in the zone loc (nil = local time). measure gives the
// width in px of a label. Of the steps in timeSteps whose labels keep
// tickGap px apart, it takes the one whose label pitch is nearest to
// tickPitch, and puts the ticks on the round times of that step inside
// [lo, hi]. A range that is empty, not finite or outside years 1 to 9999
// gets no ticks.
func timeTicks(lo, hi, width float64, measure func(string) float64, loc *time.Location) timeScale {
	loc = location(loc)
	sc := timeScale{step: timeStep{unitMS, second}, layout: "15:04:05", loc: loc}
	if !(lo >= minAxisMS && hi <= maxAxisMS && hi > lo) || !(width > 0) || math.IsInf(width, 0) {
		return sc
	}
	span := hi - lo
	tlo := time.UnixMilli(int64(math.Ceil(lo))).In(loc)
	thi := time.UnixMilli(int64(math.Floor(hi))).In(loc)
	crossYear := tlo.Year() != thi.Year()
	crossDay := crossYear || tlo.YearDay() != thi.YearDay()

	// steps finest first; the first that fits its labels has the most
	// labels, and the nearest to tickPitch is that one or a coarser one
	found := false
	bestScore := math.Inf(1)
	for _, st := range timeSteps {
		pitch := st.nominal() / span * width
		if pitch < tickGap || pitch*maxTimeTicks < width {
			continue // cannot fit whatever the labels
		}
		layout := timeLayout(st, crossDay, crossYear)
		width1 := func(t time.Time) float64 {
			if measure == nil {
				return 0
			}
			return measure(t.Format(layout))
		}
		if pitch < 0.8*math.Max(width1(tlo), width1(thi))+tickGap {
			continue // the labels are too wide by far
		}
		// calendar steps, clock changes and labels of different widths:
		// check the room between the labels of the ticks themselves
		ticks := st.ticks(lo, hi, loc)
		if len(ticks) == 0 {
			continue
		}
		fits := true
		prev := 0.0
		for i, v := range ticks {
			w := width1(time.UnixMilli(int64(v)).In(loc))
			if i > 0 && (v-ticks[i-1])/span*width-(w+prev)/2 < tickGap {
				fits = false
				break
			}
			prev = w
		}
		if !fits {
			continue
		}
		if score := math.Abs(math.Log(pitch / tickPitch)); score < bestScore {
			bestScore, found = score, true
			sc.step, sc.layout, sc.ticks = st, layout, ticks
		}
		if pitch > tickPitch {
			break // coarser steps are only further away
		}
	}
	if found {
		return sc
	}
	// no room for two labels: one label, on the roundest time in the range
	for i := len(timeSteps) - 1; i >= 0; i-- {
		st := timeSteps[i]
		if ticks := st.ticks(lo, hi, loc); len(ticks) > 0 {
			sc.step, sc.layout, sc.ticks = st, timeLayout(st, crossDay, crossYear), ticks[(len(ticks)-1)/2:][:1]
			break
		}
	}
	return sc
}

// ticks lists the round times of the step from lo to hi in the zone loc.
func (s timeStep) ticks(lo, hi float64, loc *time.Location) []float64 {
	var out []float64
	add := func(t time.Time) bool {
		v := float64(t.UnixMilli())
		if v > hi {
			return false
		}
		if v >= lo && (len(out) == 0 || v > out[len(out)-1]) {
			out = append(out, v)
		}
		return len(out) < maxTimeTicks
	}
	start := time.UnixMilli(int64(math.Floor(lo))).In(loc)
	switch s.unit {
	case unitMS:
		// walk the wall clock as if it were UTC and read each round wall
		// time back in the zone: a time the clocks skip is left out, one
		// they repeat is taken once
		_, off := start.Zone()
		wall := start.UnixMilli() + int64(off)*1000
		w := floorDiv(wall, s.n) * s.n
		for i := 0; i < 2*maxTimeTicks+4; i, w = i+1, w+s.n {
			u := time.UnixMilli(w).UTC()
			t := time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), u.Nanosecond(), loc)
			if t.Hour() != u.Hour() || t.Minute() != u.Minute() || t.Day() != u.Day() {
				continue
			}
			if !add(t) {
				break
			}
		}
	case unitDay:
		// days counted from 1970-01-01 (a Thursday); weeks start on Mondays
		y, m, d := start.Date()
		n := floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), 86400)
		anchor := int64(0)
		if s.n%7 == 0 {
			anchor = 4
		}
		n = floorDiv(n-anchor, s.n)*s.n + anchor
		for i := 0; i < maxTimeTicks+2; i, n = i+1, n+s.n {
			if !add(time.Date(1970, 1, 1+int(n), 0, 0, 0, 0, loc)) {
				break
			}
		}
	case unitMonth:
		mi := int64(start.Year())*12 + int64(start.Month()) - 1
		mi = floorDiv(mi, s.n) * s.n
		for i := 0; i < maxTimeTicks+2; i, mi = i+1, mi+s.n {
			if !add(time.Date(int(floorDiv(mi, 12)), time.Month(mi-floorDiv(mi, 12)*12+1), 1, 0, 0, 0, 0, loc)) {
				break
			}
		}
	case unitYear:
		y := floorDiv(int64(start.Year()), s.n) * s.n
		for i := 0; i < maxTimeTicks+2; i, y = i+1, y+s.n {
			if !add(time.Date(int(y), 1, 1, 0, 0, 0, 0, loc)) {
				break
			}
		}
	}
	return out
}

// floorDiv divides rounding towards minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
