package wizard

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"wsstudio/importer"
	"wsstudio/project"
)

// bigSample is a ticker snapshot of n quotes, about 110 bytes each.
func bigSample(n int) string {
	var b strings.Builder
	b.WriteString(`{"feed":"ticker","quotes":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"symbol":"S%04d","price":%d.25,"change":-0.5,"volume":%d,"time":1764063000%03d,"ok":true}`, i, 10+i, 1000+i, i%1000)
	}
	b.WriteString(`]}`)
	return b.String()
}

// BenchmarkSamplesKeystroke measures what one keystroke in the sample
// response editor costs (JSON check, inference, tree redraw) against the
// baseline of inference alone, on a 100 KiB sample. Compare the two
// ns/op: the view should add a small constant factor, not a new order.
func BenchmarkSamplesKeystroke(b *testing.B) {
	sample := bigSample(900)
	b.Run("baseline-infer", func(b *testing.B) {
		b.SetBytes(int64(len(sample)))
		for b.Loop() {
			defs, err := importer.Infer([]byte(sample), "RootResponse")
			if err != nil {
				b.Fatal(err)
			}
			_ = defs.Fields()
		}
	})
	b.Run("wizard-refresh", func(b *testing.B) {
		test.NewTempApp(b)
		w := &wizard{m: newModel(&project.Project{}, nil), cfg: config{do: func(f func()) { f() }}}
		w.m.name = "ticker"
		v := newSamplesView(w)
		test.NewWindow(v.root)
		w.m.sampleResponse = sample
		b.SetBytes(int64(len(sample)))
		for b.Loop() {
			v.refresh()
		}
	})
}
