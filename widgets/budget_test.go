package widgets

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// cpuMeter is a process CPU clock the test moves by hand.
type cpuMeter struct {
	mu   sync.Mutex
	used time.Duration
}

func (m *cpuMeter) read() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.used
}

func (m *cpuMeter) spend(d time.Duration) {
	m.mu.Lock()
	m.used += d
	m.mu.Unlock()
}

// budgetClock is a frame clock with a 5% budget on a manual clock, a
// manual CPU meter and a UI queue.
func budgetClock() (*FrameClock, *fakeClock, *cpuMeter, *queueScheduler) {
	q := &queueScheduler{}
	clock := &fakeClock{now: t0}
	cpu := &cpuMeter{}
	fc := NewFrameClock(q.schedule, clock)
	fc.SetBudget(0.05, cpu.read)
	return fc, clock, cpu, q
}

// step advances the clock by d in frame-sized steps, running the UI queue
// after each.
func step(clock *fakeClock, q *queueScheduler, d time.Duration) {
	for t := time.Duration(0); t < d; t += FrameInterval {
		clock.advance(FrameInterval)
		q.drain()
	}
}

// TestBudgetHoldsCostlyFramesBack: a frame that cost 40 ms of CPU (a full
// repaint under software OpenGL) is followed by the next only when the
// CPU since it is back within 5% of a core, or a second has passed; cheap
// frames run every frame interval.
func TestBudgetHoldsCostlyFramesBack(t *testing.T) {
	fc, clock, cpu, q := budgetClock()
	ran := 0
	fc.Request(func() { ran++ })
	q.drain()
	if ran != 1 {
		t.Fatalf("the first frame ran %d times, want at once", ran)
	}

	// the repaint of that frame costs 20 ms; the next frame is due when
	// 20 ms is 5% of the time since: 400 ms later
	cpu.spend(20 * time.Millisecond)
	fc.Request(func() { ran++ })
	step(clock, q, 380*time.Millisecond)
	if ran != 1 {
		t.Fatalf("a frame ran %v after one that cost 20 ms, before the budget allows (400 ms)", 380*time.Millisecond)
	}
	step(clock, q, 40*time.Millisecond)
	if ran != 2 {
		t.Fatalf("no frame within 420 ms of one that cost 20 ms: ran %d", ran)
	}

	// a frame that cost 200 ms would wait 4 s; it waits MaxFrameInterval
	cpu.spend(200 * time.Millisecond)
	fc.Request(func() { ran++ })
	step(clock, q, MaxFrameInterval-2*FrameInterval)
	if ran != 2 {
		t.Fatal("a frame ran before MaxFrameInterval after a costly one")
	}
	step(clock, q, 3*FrameInterval)
	if ran != 3 {
		t.Fatalf("no frame MaxFrameInterval after a costly one: live data must show at least that often (ran %d)", ran)
	}

	// cheap frames (0.1 ms each) are paced by the frame interval alone
	for i := 0; i < 10; i++ {
		cpu.spend(100 * time.Microsecond)
		fc.Request(func() { ran++ })
		step(clock, q, FrameInterval)
	}
	if ran != 13 {
		t.Errorf("10 cheap frames asked for one frame apart ran %d times, want 10", ran-3)
	}
}

// TestRequestNowSkipsTheBudget: what a person did shows in the next frame
// even while the budget holds data back, and the data waiting shares that
// frame; afterwards data waits for the budget again.
func TestRequestNowSkipsTheBudget(t *testing.T) {
	fc, clock, cpu, q := budgetClock()
	var order []string
	fc.Request(func() { order = append(order, "data") })
	q.drain()
	cpu.spend(40 * time.Millisecond) // the next budgeted frame is 800 ms away
	fc.Request(func() { order = append(order, "data") })
	step(clock, q, 5*FrameInterval)
	if len(order) != 1 {
		t.Fatalf("data ran before the budget allows: %v", order)
	}
	frames := fc.Frames()
	fc.RequestNow(func() { order = append(order, "edit") })
	step(clock, q, FrameInterval)
	if want := []string{"data", "data", "edit"}; len(order) != 3 || order[1] != want[1] || order[2] != want[2] {
		t.Fatalf("after RequestNow the updates ran %v, want %v in one frame", order, want)
	}
	if got := fc.Frames() - frames; got != 1 {
		t.Errorf("the edit and the waiting data took %d frames, want 1", got)
	}

	// the old, later schedule does not run a frame of its own
	cpu.spend(40 * time.Millisecond)
	fc.Request(func() { order = append(order, "data") })
	step(clock, q, 700*time.Millisecond)
	if len(order) != 3 {
		t.Errorf("data ran %v after a 40 ms frame, before the budget allows", order)
	}
	step(clock, q, 200*time.Millisecond)
	if len(order) != 4 {
		t.Errorf("data did not run once the budget allowed: %v", order)
	}
}

// TestWidgetEditsAreNotHeldBack: on a budgeted clock a live widget's new
// data waits for the budget, a property change does not.
func TestWidgetEditsAreNotHeldBack(t *testing.T) {
	w := newWindow(t)
	cpu := &cpuMeter{}
	w.fc.SetBudget(0.05, cpu.read)
	chart := w.ws[0]
	w.clock.advance(MaxFrameInterval)
	w.q.drain()
	before := chart.Redraws()

	feedQuotes(w.ds[0], 0, 3)
	step(w.clock, w.q, FrameInterval)
	if chart.Redraws() != before+1 {
		t.Fatalf("the first data after a quiet second was not drawn in the next frame")
	}
	cpu.spend(50 * time.Millisecond) // that repaint was costly: 1 s to the next
	feedQuotes(w.ds[0], 3, 3)
	step(w.clock, w.q, 10*FrameInterval)
	if chart.Redraws() != before+1 {
		t.Fatalf("new data was drawn before the budget allows")
	}
	chart.Apply(Props{})
	step(w.clock, w.q, FrameInterval)
	if chart.Redraws() != before+2 {
		t.Errorf("a property change waited for the budget: %d redraws, want %d", chart.Redraws(), before+2)
	}
}

// TestProcessCPUGrows: the meter the default clock reads moves when the
// process works.
func TestProcessCPUGrows(t *testing.T) {
	a := ProcessCPU()
	if a == 0 {
		t.Skip("no CPU meter on this system")
	}
	x := 0
	for i := 0; i < 200_000_000; i++ {
		x ^= i * i
	}
	if got := ProcessCPU() - a; got <= 0 {
		t.Errorf("200 million multiplications took %v of CPU by the meter (x=%d)", got, x)
	}
}

// TestAfterFrames: a hook runs once after each frame's updates, not before
// them and not without a frame, until it is removed.
func TestAfterFrames(t *testing.T) {
	q := &queueScheduler{}
	clock := &fakeClock{now: t0}
	fc := NewFrameClock(q.schedule, clock)
	var order []string
	remove := fc.AfterFrames(func() { order = append(order, "layout") })
	fc.Request(func() { order = append(order, "a") })
	fc.Request(func() { order = append(order, "b") })
	q.drain()
	step(clock, q, 5*FrameInterval) // no updates asked: no frame, no hook
	fc.Request(func() { order = append(order, "c") })
	step(clock, q, FrameInterval)
	remove()
	fc.Request(func() { order = append(order, "d") })
	step(clock, q, FrameInterval)
	want := []string{"a", "b", "layout", "c", "layout", "d"}
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Errorf("ran %v, want %v", order, want)
	}
}
