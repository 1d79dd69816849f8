package widgets

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"wsstudio/variable/dataset"
)

// BenchmarkLiveLabel / BenchmarkFyneLabel is the cost of a bound label
// (binding evaluated on lastRecord of a 20-record append dataset, time
// pattern applied) over a plain widget.Label given the same strings, each
// update painted at 800×400:
//
//	go test -tags ci -run XXX -bench 'Label' ./widgets/

func BenchmarkLiveLabel(b *testing.B) {
	ds := dataset.New(dataset.Append, 20)
	feedQuotes(ds, 0, 20)
	l := NewLiveLabel(ds, LabelOptions{Options: Options{Location: time.UTC}, Caption: "bind:Variables.Q.lastRecord.time", Format: "hh:mm:ss a"})
	l.SetClock(&stepClock{})
	w := benchWindow(b, l)
	recs := make([]dataset.Record, b.N)
	for i := range recs {
		recs[i] = quoteRecord(20 + i)
	}
	w.Canvas().Capture()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ds.Add(recs[i]) // redraws inline: the test app runs fyne.Do at once
		w.Canvas().Capture()
	}
	b.StopTimer()
	if l.Redraws() < uint64(b.N) {
		b.Fatalf("redraws %d for %d records", l.Redraws(), b.N)
	}
}

func BenchmarkFyneLabel(b *testing.B) {
	texts := make([]string, b.N)
	for i := range texts {
		texts[i] = t0.Add(time.Duration(20+i) * time.Second).Format("03:04:05 PM")
	}
	l := widget.NewLabel("")
	w := benchWindow(b, l)
	w.Canvas().Capture()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.SetText(texts[i])
		w.Canvas().Capture()
	}
}
