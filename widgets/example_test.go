package widgets_test

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2/test"

	"wsstudio/variable/dataset"
	"wsstudio/widgets"
)

// A live chart outside the studio: any dataset.Source will do; here a
// dataset fed by hand. Put the chart in a window like any Fyne widget.
func ExampleNewLiveChart() {
	ds := dataset.New(dataset.Append, 500)
	chart := widgets.NewLiveChart(ds, widgets.Props{
		Kind: widgets.KindChart, ChartType: "Line", XKey: "time", YKeys: []string{"price"},
	})
	defer chart.Stop()
	for i := 0; i < 3; i++ {
		raw := fmt.Appendf(nil, `{"time":%d,"price":%g}`, 1764000000000+i*1000, 12.5+float64(i))
		ds.Add(dataset.NewRecord(raw, false, time.Now()))
	}
	// window.SetContent(chart)
	fmt.Println(chart.Type(), chart.YKeys())
	// Output: Line [price]
}

// A table with columns bound by path, newest rows first. It draws in a
// running app (here the test app, whose fyne.Do runs at once), in the next
// frame of its frame clock; a clock of its own has no earlier frame to
// wait for.
func ExampleNewLiveTable() {
	a := test.NewApp()
	defer a.Quit()
	ds := dataset.New(dataset.Prepend, 20)
	ds.Add(dataset.NewRecord([]byte(`{"symbol":"ACME","price":12.5}`), false, time.Now()))
	table := widgets.NewLiveTableWith(ds, widgets.Props{Kind: widgets.KindTable, Columns: []widgets.Column{
		{Binding: "symbol", Caption: "Symbol", Type: "string"},
		{Binding: "price", Caption: "Price", Type: "number"},
	}}, widgets.Options{Frames: widgets.NewFrameClock(nil, nil)})
	defer table.Stop()
	fmt.Println(table.Rows(), table.RowText(0))
	// Output: 1 ACME	12.5
}

// A widget made from an application's own description, with its own way of
// running work on the UI goroutine: the options are in place before the
// widget subscribes, so the first redraw already goes through Scheduler.
func ExampleNewWith() {
	ds := dataset.New(dataset.Append, 20)
	ds.Add(dataset.NewRecord([]byte(`{"symbol":"ACME","price":12.5}`), false, time.Now()))
	var queued []func()
	live := widgets.NewWith(ds, widgets.Props{Kind: widgets.KindList, ItemTitle: "symbol"}, widgets.Options{
		Scheduler: func(f func()) { queued = append(queued, f) }, // e.g. the studio's own queue
		Location:  time.UTC,
	})
	defer live.Stop()
	fmt.Printf("%T, %d redraw queued\n", live, len(queued))
	// Output: *widgets.LiveList, 1 redraw queued
}
