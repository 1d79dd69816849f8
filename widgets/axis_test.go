package widgets

import (
	"fmt"
	"math"
	"testing"
)

func TestValueAxis(t *testing.T) {
	cases := []struct {
		name   string
		lo, hi float64
		want   int
		zero   bool
		ticks  string
	}{
		{"percent on round bounds", 0, 100, 4, false, "[0 50 100]"},
		{"percent, more room", 0, 100, 6, false, "[0 20 40 60 80 100]"},
		{"random numbers stay non-negative", 3, 98, 4, false, "[0 50 100]"},
		{"near zero, not below it", 0.4, 9.7, 6, false, "[0 2 4 6 8 10]"},
		{"price band away from zero", 92.3, 111.7, 5, false, "[90 100 110 120]"},
		{"quotes", 40, 110, 6, false, "[40 60 80 100 120]"},
		{"non-positive stays at or below zero", -98, -3, 4, false, "[-100 -50 0]"},
		{"across zero", -37, 62, 6, false, "[-50 0 50 100]"},
		{"across zero, taller", -37, 62, 7, false, "[-40 -20 0 20 40 60 80]"},
		{"bars from zero", 40, 110, 6, true, "[0 50 100 150]"},
		{"bars of negatives to zero", -72, -15, 5, true, "[-80 -60 -40 -20 0]"},
		{"small fractions", 0.0012, 0.0047, 5, false, "[0.001 0.002 0.003 0.004 0.005]"},
		{"one positive value", 42, 42, 5, false, "[35 40 45 50]"},
		{"one zero value", 0, 0, 5, false, "[0 0.5 1]"},
		{"one negative value", -5, -5, 5, false, "[-6 -5.5 -5 -4.5 -4]"},
		{"swapped bounds", 100, 0, 4, false, "[0 50 100]"},
		{"NaN", math.NaN(), 3, 4, false, "[0 1]"},
		{"no data", math.Inf(1), math.Inf(-1), 4, true, "[0 1]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ticks, lo, hi := valueAxis(tc.lo, tc.hi, tc.want, tc.zero)
			if got := fmt.Sprint(ticks); got != tc.ticks {
				t.Errorf("valueAxis(%v, %v, %d, %v) ticks = %s, want %s", tc.lo, tc.hi, tc.want, tc.zero, got, tc.ticks)
			}
			if lo != ticks[0] || hi != ticks[len(ticks)-1] {
				t.Errorf("bounds %v..%v are not the end ticks %v", lo, hi, ticks)
			}
			if len(ticks) > max(tc.want, 2) && tc.want >= 3 {
				t.Errorf("%d ticks, want at most %d", len(ticks), tc.want)
			}
		})
	}
}

// TestValueAxisInvariants walks many ranges and checks the promises the
// chart relies on: the data fits, the axis keeps to the data's side of
// zero, the step is 1, 2 or 5 times a power of ten, and the headroom is
// less than one step on each side.
func TestValueAxisInvariants(t *testing.T) {
	for _, zero := range []bool{false, true} {
		for want := 3; want <= 10; want++ {
			for _, lo := range []float64{-1234.5, -100, -7.25, -0.03, 0, 0.003, 1, 17, 99.5, 5e6} {
				for _, width := range []float64{1e-3, 0.5, 3, 47, 100, 999, 2e7} {
					hi := lo + width
					ticks, nlo, nhi := valueAxis(lo, hi, want, zero)
					dlo, dhi := lo, hi
					if zero {
						dlo, dhi = math.Min(dlo, 0), math.Max(dhi, 0)
					}
					name := fmt.Sprintf("valueAxis(%v, %v, %d, %v) = %v", lo, hi, want, zero, ticks)
					if len(ticks) < 2 || len(ticks) > want {
						t.Fatalf("%s: %d ticks", name, len(ticks))
					}
					if nlo > dlo || nhi < dhi {
						t.Fatalf("%s: data %v..%v does not fit", name, dlo, dhi)
					}
					if dlo >= 0 && nlo < 0 || dhi <= 0 && nhi > 0 {
						t.Fatalf("%s: crosses zero", name)
					}
					step := ticks[1] - ticks[0]
					if dlo-nlo >= step*(1+1e-9) || nhi-dhi >= step*(1+1e-9) {
						t.Fatalf("%s: more than a step of headroom", name)
					}
					m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9))
					if r := math.Round(m); math.Abs(m-r) > 1e-3 || (r != 1 && r != 2 && r != 5) {
						t.Fatalf("%s: step %v is not 1-2-5", name, step)
					}
				}
			}
		}
	}
}
