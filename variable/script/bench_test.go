package script

import (
	"context"
	"testing"
	"time"

	"wsstudio/project"
	"wsstudio/variable"
)

// BenchmarkMessageReceive measures a burst of ~100-byte JSON messages from
// the demo feed through a real Variable, with no handler (the baseline)
// and with a small onMessageReceive that returns a modified object, in the
// same run. It reports both rates and their ratio.
func BenchmarkMessageReceive(b *testing.B) {
	srv := startDemo(b)
	const count = 10000
	url := srv.URL("/burst?count=10000&size=100")
	newVar := func(src string, h bool) *variable.Variable {
		p, pv := newProject(b, url, src, func(pv *project.Variable) {
			pv.Strategy, pv.DataLimit = project.StrategyAppend, 1000
		})
		var opts variable.Options
		if h {
			scripts := ForProject(p, Options{Log: func(s string) { b.Error(s) }})
			b.Cleanup(scripts.Close)
			hs, err := scripts.Handlers(pv)
			if err != nil {
				b.Fatal(err)
			}
			opts.Handlers = hs
		}
		v, err := variable.New(p, pv, opts)
		if err != nil {
			b.Fatal(err)
		}
		return v
	}
	plain := newVar("", false)
	withJS := newVar(`Page.QuotesonMessageReceive = function (variable, data, options) {
    data.seen = true;
    data.seq = data.seq * 2;
    return data;
};`, true)
	run := func(v *variable.Variable) time.Duration {
		before := v.Stats().MessagesIn
		start := time.Now()
		if err := v.Open(context.Background()); err != nil {
			b.Fatal(err)
		}
		waitFor(b, v, "the burst to end", func() bool { return v.State() == variable.Closed })
		d := time.Since(start)
		if got := v.Stats().MessagesIn - before; got != count {
			b.Fatalf("received %d messages, want %d", got, count)
		}
		return d
	}
	var base, js time.Duration
	for b.Loop() {
		base += run(plain)
		js += run(withJS)
	}
	if r, ok := withJS.Dataset().Latest(); !ok || r.Get("seen").Bool() != true || r.Get("seq").Int() != 2*(count-1) {
		b.Fatalf("the handler's result is not in the dataset: %s", r.JSON)
	}
	n := float64(b.N) * count
	baseRate := n / base.Seconds()
	jsRate := n / js.Seconds()
	b.ReportMetric(baseRate, "no-handler-msgs/s")
	b.ReportMetric(jsRate, "js-handler-msgs/s")
	b.ReportMetric(jsRate/baseRate, "js/no-handler")
}
