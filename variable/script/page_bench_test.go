package script

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"wsstudio/variable"
)

// BenchmarkChatRoundTrip is the chat room's round trip on loopback — a
// message sent until it is back in the variable's dataset from the demo
// room — three ways in the same run, 100 times each per iteration: a
// literal message (the baseline), the button's Variables.Chatroom.send()
// reading the textarea (Send(nil)), and a button calling the page function
// Page.sendMessage(). It reports the medians and their ratios to the
// baseline.
func BenchmarkChatRoundTrip(b *testing.B) {
	s := startDemo(b)
	r := NewRegistry(Options{Log: func(string) {}})
	p, chat, _ := chatProject(b, s, chatScript)
	b.Cleanup(func() { r.Forget(p) })
	in := variable.NewInputs()
	in.Set("userName", "bench")
	v := startVar(b, r, p, chat, in)
	waitFor(b, v, "the join", func() bool { return chatHas(v, "system: bench joined") })
	changed, cancel := v.Dataset().Changes()
	defer cancel()

	n := 0
	// trip sends one message with send and waits until it is the newest
	// record.
	trip := func(send func(text string) error) time.Duration {
		n++
		text := fmt.Sprintf("message %d", n)
		start := time.Now()
		if err := send(text); err != nil {
			b.Fatal(err)
		}
		for {
			if last, ok := v.LastRecord(); ok && last.Get("text").String() == text {
				return time.Since(start)
			}
			select {
			case <-changed:
			case <-time.After(30 * time.Second):
				b.Fatalf("%q never came back", text)
			}
		}
	}
	literal := func(text string) error { return v.SendValue(map[string]string{"text": text}) }
	bound := func(text string) error {
		in.Set("messageText", text)
		return v.Send(nil)
	}
	page := func(text string) error {
		in.Set("messageText", text)
		return r.CallPage(p, "Main", "Page.sendMessage()")
	}
	var base, viaBinding, viaPage []time.Duration
	for b.Loop() {
		for range 100 {
			base = append(base, trip(literal))
			viaBinding = append(viaBinding, trip(bound))
			viaPage = append(viaPage, trip(page))
		}
	}
	median := func(d []time.Duration) float64 {
		slices.Sort(d)
		return float64(d[len(d)/2].Nanoseconds()) / 1e3
	}
	mb, mi, mp := median(base), median(viaBinding), median(viaPage)
	b.ReportMetric(mb, "literal-µs")
	b.ReportMetric(mi, "button-send-µs")
	b.ReportMetric(mp, "page-function-µs")
	b.ReportMetric(mi/mb, "button-send/literal")
	b.ReportMetric(mp/mb, "page-function/literal")
}
