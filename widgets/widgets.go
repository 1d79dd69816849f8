// Package widgets holds live chart, table and list widgets for Fyne, bound
// to a dataset.Source. They coalesce changes into at most one redraw per
// frame and can be used outside the studio.
package widgets

import (
	"fyne.io/fyne/v2"

	"wsstudio/project"
	"wsstudio/variable/dataset"
)

// Scheduler runs f on the UI goroutine; the default is fyne.Do. Tests inject
// their own to observe or control coalescing.
type Scheduler func(f func())

// Live is what the three live widgets have in common.
type Live interface {
	fyne.CanvasObject
	// SetSource binds the widget to another dataset (nil = no data).
	SetSource(src dataset.Source)
	// Apply takes the widget's properties (chart type, keys, columns …).
	Apply(w *project.Widget)
	// Redraws counts the redraws done so far.
	Redraws() uint64
	// Stop unsubscribes from the source.
	Stop()
}

// New makes the live widget for w's kind.
func New(src dataset.Source, w *project.Widget) Live { return nil }
