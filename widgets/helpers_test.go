package widgets

import (
	"encoding/json"
	"image/color"
	"math"
	"os"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/tidwall/gjson"

	"wsstudio/variable/dataset"
)

// variantTheme pins the default theme to one variant, so that golden
// images do not depend on the test app's settings.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

func lightTheme() fyne.Theme { return variantTheme{theme.DefaultTheme(), theme.VariantLight} }
func darkTheme() fyne.Theme  { return variantTheme{theme.DefaultTheme(), theme.VariantDark} }

// t0 is the fixed time of test records: 2025-11-24 16:00:00 UTC.
var t0 = time.UnixMilli(1764000000000).UTC()

// feed adds JSON documents to ds as received frames, one millisecond apart.
func feed(ds *dataset.Dataset, docs ...any) {
	for i, d := range docs {
		var raw []byte
		switch v := d.(type) {
		case string:
			raw = []byte(v)
		case []byte:
			raw = v
		default:
			raw, _ = json.Marshal(v)
		}
		r := dataset.NewRecord(raw, false, t0.Add(time.Duration(i)*time.Second))
		ds.Add(r)
	}
}

// show puts o in a test window of the given size with a theme applied,
// and returns the window.
func show(t *testing.T, o fyne.CanvasObject, th fyne.Theme, w, h float32) fyne.Window {
	t.Helper()
	test.NewTempApp(t)
	test.ApplyTheme(t, th)
	win := test.NewTempWindow(t, o)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	return win
}

// queueScheduler collects scheduled redraws instead of running them, as a
// busy UI goroutine would.
type queueScheduler struct {
	mu    sync.Mutex
	queue []func()
	calls int
}

func (q *queueScheduler) schedule(f func()) {
	q.mu.Lock()
	q.queue = append(q.queue, f)
	q.calls++
	q.mu.Unlock()
}

// drain runs what is queued, as the UI goroutine would, until nothing is
// left.
func (q *queueScheduler) drain() {
	for {
		q.mu.Lock()
		if len(q.queue) == 0 {
			q.mu.Unlock()
			return
		}
		f := q.queue[0]
		q.queue = q.queue[1:]
		q.mu.Unlock()
		f()
	}
}

// fakeClock is a manual clock: time moves only when the test says so.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	f  func()
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) {
	c.mu.Lock()
	c.timers = append(c.timers, fakeTimer{c.now.Add(d), f})
	c.mu.Unlock()
}

// advance moves time forward and fires the timers that are due.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []func()
	keep := c.timers[:0]
	for _, tm := range c.timers {
		if !tm.at.After(c.now) {
			due = append(due, tm.f)
		} else {
			keep = append(keep, tm)
		}
	}
	c.timers = keep
	c.mu.Unlock()
	for _, f := range due {
		f()
	}
}

// quote is the i-th record of a deterministic ticker feed.
func quote(i int) map[string]any {
	return map[string]any{
		"symbol": "ACME",
		"time":   t0.UnixMilli() + int64(i)*1000,
		"price":  math.Round((100+8*math.Sin(float64(i)/6)+3*math.Cos(float64(i)/2.3))*100) / 100,
		"volume": 40 + (i*37)%25,
		"open":   i%3 != 0,
	}
}

func feedQuotes(ds *dataset.Dataset, from, n int) {
	for i := from; i < from+n; i++ {
		raw, _ := json.Marshal(quote(i))
		ds.Add(dataset.NewRecord(raw, false, t0.Add(time.Duration(i)*time.Second)))
	}
}

// stepClock moves a frame forward every time it is read, so that every
// redraw is due at once: tests that are not about pacing see each change
// drawn synchronously.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(FrameInterval)
	return c.now
}

func (c *stepClock) AfterFunc(_ time.Duration, f func()) { f() }

// unpaced makes l draw every change at once.
func unpaced[L interface{ SetClock(Clock) }](l L) L {
	l.SetClock(&stepClock{})
	return l
}

func parse(s string) gjson.Result { return gjson.Parse(s) }

// TestMain puts the shared frame clock on a clock that never waits: the
// test app runs fyne.Do at once on the calling goroutine, so a frame paced
// by a timer would draw on the timer's goroutine, in the middle of a later
// test. Tests of pacing make frame clocks of their own.
func TestMain(m *testing.M) {
	defaultFramesOnce.Do(func() { defaultFrames = NewFrameClock(nil, &stepClock{}) })
	os.Exit(m.Run())
}
