package variable

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"wsstudio/project"
)

// TestNoLossBurst: every message of a large burst is counted, and the
// dataset ends with the last dataLimit of them, in order.
func TestNoLossBurst(t *testing.T) {
	srv := startDemo(t)
	const limit = 1000
	rec := &closeRecorder{closed: make(chan string, 1)}
	v := openVar(t, srv.URL(fmt.Sprintf("/burst?count=%d&size=100", burstCount)), rec, func(pv *project.Variable) {
		pv.Strategy, pv.DataLimit = project.StrategyAppend, limit
	})
	closed := <-rec.closed
	if got := v.Stats().MessagesIn; got != burstCount {
		t.Fatalf("received %d messages, the server sent %d", got, burstCount)
	}
	if want := fmt.Sprintf("close 1000 burst of %d complete", burstCount); closed != want {
		t.Fatalf("onClose got %q, want %q", closed, want)
	}
	d := v.Dataset()
	if d.Len() != limit {
		t.Fatalf("dataset holds %d records, want %d", d.Len(), limit)
	}
	for i, r := range d.Records(0, limit) {
		want := int64(burstCount - limit + i)
		if got := r.Get("seq").Int(); got != want || r.Seq != uint64(want+1) {
			t.Fatalf("record %d has seq %d (record %d), want %d", i, got, r.Seq, want)
		}
	}
}

// closeRecorder passes on onClose, with no other handler work.
type closeRecorder struct {
	NopHandlers
	closed chan string
}

func (c *closeRecorder) Close(_ *Variable, code int, reason string) {
	c.closed <- fmt.Sprintf("close %d %s", code, reason)
}

// TestHeapFlatOverALongBurst: with a data limit, the heap in use after a
// million messages is within 5 MB of the heap after ten thousand.
func TestHeapFlatOverALongBurst(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/burst?count=10000&size=100"), func(pv *project.Variable) {
		pv.Strategy, pv.DataLimit = project.StrategyAppend, 1000
	})
	v, err := New(p, pv, Options{})
	if err != nil {
		t.Fatal(err)
	}
	run := func(count int) uint64 {
		pv.DataBinding = []project.Binding{{Target: "count", Value: strconv.Itoa(count)}}
		v.Apply(pv)
		if err := v.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		waitFor(t, v, "the burst to end", func() bool { return v.State() == Closed })
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	small := run(10_000)
	large := run(burstCount)
	if got := v.Stats().MessagesIn; got != 10_000+burstCount {
		t.Fatalf("received %d messages", got)
	}
	t.Logf("heap in use: %.2f MB after 10,000 messages, %.2f MB after %d more", float64(small)/1e6, float64(large)/1e6, burstCount)
	if large > small && large-small > 5<<20 {
		t.Fatalf("heap grew by %.2f MB over the long burst", float64(large-small)/(1<<20))
	}
	runtime.KeepAlive(v)
}

// BenchmarkRawRead is the baseline: a bare gorilla read loop over /burst.
func BenchmarkRawRead(b *testing.B) {
	srv := startDemo(b)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	c, _, err := websocket.DefaultDialer.Dial(srv.URL(fmt.Sprintf("/burst?count=%d&size=100", b.N)), nil)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			break
		}
		n++
	}
	el := time.Since(start)
	c.Close()
	if n != b.N {
		b.Fatalf("read %d of %d", n, b.N)
	}
	b.ReportMetric(float64(n)/el.Seconds(), "msgs/s")
}

// BenchmarkIngest is the same feed through a variable (append, limit 1000).
func BenchmarkIngest(b *testing.B) { benchIngest(b, nil) }

// BenchmarkIngestHandlers is Ingest with handlers set that do nothing: the
// cost of the handler path (lock, panic guard, call) per message.
func BenchmarkIngestHandlers(b *testing.B) { benchIngest(b, &struct{ NopHandlers }{}) }

func benchIngest(b *testing.B, h Handlers) {
	srv := startDemo(b)
	p, pv := newProject(b, srv.URL(fmt.Sprintf("/burst?count=%d&size=100", b.N)), func(pv *project.Variable) {
		pv.Strategy, pv.DataLimit = project.StrategyAppend, 1000
	})
	v, err := New(p, pv, Options{Handlers: h})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	if err := v.Open(context.Background()); err != nil {
		b.Fatal(err)
	}
	<-v.Done() // the server closed after the burst
	el := time.Since(start)
	if n := v.Stats().MessagesIn; n != uint64(b.N) {
		b.Fatalf("read %d of %d", n, b.N)
	}
	b.ReportMetric(float64(b.N)/el.Seconds(), "msgs/s")
}

// BenchmarkIngestRatio runs the bare read loop and the variable on the
// same bursts, alternately, and reports the variable's throughput as a
// fraction of the bare loop's (target: at least 0.8). Alternating keeps
// both under the same load on a shared machine.
func BenchmarkIngestRatio(b *testing.B) {
	const n = 200_000
	srv := startDemo(b)
	url := srv.URL(fmt.Sprintf("/burst?count=%d&size=100", n))
	p, pv := newProject(b, url, func(pv *project.Variable) {
		pv.Strategy, pv.DataLimit = project.StrategyAppend, 1000
	})
	v, err := New(p, pv, Options{})
	if err != nil {
		b.Fatal(err)
	}
	var raw, ingest time.Duration
	for b.Loop() {
		start := time.Now()
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				break
			}
		}
		c.Close()
		raw += time.Since(start)

		start = time.Now()
		if err := v.Open(context.Background()); err != nil {
			b.Fatal(err)
		}
		<-v.Done() // the server closed after the burst
		ingest += time.Since(start)
	}
	b.ReportMetric(raw.Seconds()/ingest.Seconds(), "ingest/raw")
	b.ReportMetric(float64(b.N*n)/ingest.Seconds(), "msgs/s")
}
