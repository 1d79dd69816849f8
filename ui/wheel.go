package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// wheelPane makes the mouse wheel scroll a property panel wherever the
// pointer is. Fyne hands a wheel event to the innermost scrollable object
// under the pointer, and every entry holds a scroller of its own, so over
// a form of entries the wheel moved the entries' text by a pixel or two
// and the panel not at all. The pane lies over the panel (it takes no taps
// or keys, only the wheel) and scrolls the panel, or one of the inner
// objects registered with it (a multi-line entry, a script editor) while
// the pointer is on that object.
type wheelPane struct {
	widget.BaseWidget
	scroll *container.Scroll
	inner  []fyne.CanvasObject
}

func newWheelPane(scroll *container.Scroll, inner ...fyne.CanvasObject) *wheelPane {
	w := &wheelPane{scroll: scroll, inner: inner}
	w.ExtendBaseWidget(w)
	return w
}

// Scrolled implements fyne.Scrollable.
func (w *wheelPane) Scrolled(ev *fyne.ScrollEvent) {
	if app := fyne.CurrentApp(); app != nil {
		d := app.Driver()
		for _, o := range w.inner {
			sc, ok := o.(fyne.Scrollable)
			if !ok || !o.Visible() {
				continue
			}
			pos := d.AbsolutePositionForObject(o)
			size := o.Size()
			at := ev.AbsolutePosition
			if at.X >= pos.X && at.Y >= pos.Y && at.X < pos.X+size.Width && at.Y < pos.Y+size.Height {
				inner := *ev
				inner.Position = at.Subtract(pos)
				sc.Scrolled(&inner)
				return
			}
		}
	}
	w.scroll.Scrolled(ev)
}

func (w *wheelPane) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

// MinSize is nothing: the pane takes the panel's size.
func (w *wheelPane) MinSize() fyne.Size { return fyne.Size{} }

// wheelScroll is a scrolling panel with a wheel pane over it.
func wheelScroll(scroll *container.Scroll, inner ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(scroll, newWheelPane(scroll, inner...))
}
