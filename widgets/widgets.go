// Package widgets holds live chart, table and list widgets for Fyne, bound
// to a dataset.Source. They coalesce changes into at most one redraw per
// frame and can be used outside the studio: what a widget shows is given
// as Props (kind, fields, columns, chart type, formats) in the widgets' own
// terms, not in any project file's.
//
// A widget subscribes to its source when it is made; every change signal
// only marks the widget dirty, and at most one update is pending at a time.
// That update runs in the next frame of the widget's FrameClock, shared by
// default with every other live widget (DefaultFrameClock): frames are at
// least 1/60 s apart, the updates that land in one frame run together and
// share one repaint, and the update reads a snapshot of the source at that
// moment. A burst of any number of messages therefore costs a handful of
// redraws. NewWith (and NewLiveChartWith, NewLiveTableWith, NewLiveListWith)
// take the frame clock, scheduler, clock and time zone as Options, in place
// before the widget first subscribes.
//
//	ds := dataset.New(dataset.Append, 500)
//	chart := widgets.NewLiveChart(ds, widgets.Props{
//		Kind: widgets.KindChart, ChartType: "Line", XKey: "time", YKeys: []string{"price"},
//	})
//	defer chart.Stop()
package widgets

import (
	"time"

	"fyne.io/fyne/v2"

	"wsstudio/variable/dataset"
)

// Scheduler runs f on the UI goroutine; the default is fyne.Do. Tests inject
// their own to observe or control coalescing.
type Scheduler func(f func())

// Clock tells the time and runs f after a delay; it paces redraws to at most
// one per frame. The default is the system clock. Tests inject their own so
// that pacing does not depend on how fast the machine is.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f once, on any goroutine, after d has passed.
	AfterFunc(d time.Duration, f func())
}

// FrameInterval is the shortest time between two frames of a FrameClock.
const FrameInterval = time.Second / 60

// Live is what the three live widgets have in common.
type Live interface {
	fyne.CanvasObject
	// SetSource binds the widget to another dataset (nil = no data).
	SetSource(src dataset.Source)
	// Apply takes the widget's properties (chart type, keys, columns …).
	Apply(p Props)
	// Redraws counts the redraws done so far.
	Redraws() uint64
	// Stop unsubscribes from the source.
	Stop()
}

// Options are the settings a live widget needs before it first draws. The
// zero Options mean fyne.Do, the system clock and local time.
type Options struct {
	// Frames is the frame clock the widget's redraws share with the rest
	// of its window. Nil means DefaultFrameClock, unless Scheduler or
	// Clock is set: the widget then gets a frame clock of its own on them.
	Frames *FrameClock
	// Scheduler runs redraws on the UI goroutine (nil = fyne.Do).
	Scheduler Scheduler
	// Clock paces redraws and tells what "today" is for time columns
	// (nil = the system clock).
	Clock Clock
	// Location is the time zone of times shown (nil = local time).
	Location *time.Location
}

// New makes the live widget for p's kind: a *LiveChart, *LiveTable,
// *LiveList, *LiveLabel, *LiveInput or *LiveButton. An unknown kind gets a
// LiveList, which can show any record. It is NewWith with zero Options.
func New(src dataset.Source, p Props) Live {
	return NewWith(src, p, Options{})
}

// NewWith is New with options. The options are in place before the widget
// subscribes to src, so its first redraw already goes through o.Scheduler.
func NewWith(src dataset.Source, p Props, o Options) Live {
	switch p.Kind {
	case KindChart:
		return NewLiveChartWith(src, p, o)
	case KindTable:
		return NewLiveTableWith(src, p, o)
	case KindLabel:
		return NewLiveLabel(src, LabelOptions{Options: o, Caption: p.Caption, Format: p.Format})
	case KindText, KindTextarea:
		return NewLiveInput(InputOptions{Multiline: p.Kind == KindTextarea, Placeholder: p.Placeholder, Value: p.Value})
	case KindButton:
		return NewLiveButton(ButtonOptions{Caption: p.Caption, Icon: p.Icon})
	default:
		return NewLiveListWith(src, p, o)
	}
}
