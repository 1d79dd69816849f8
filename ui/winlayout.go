package ui

import "fyne.io/fyne/v2"

// Pane widths the window aims for, in points: the tree wide enough for
// whole names, the property pane wide enough for its forms; the canvas
// takes what is left, so a wide window widens the canvas.
const (
	treeWidth      = 230
	treeWidthSmall = 205
	propsWidth     = 440
	propsWidthMin  = 320
)

// windowLayout fills the window with the studio and its tooltip layer, and
// fits the panes to a new window width.
type windowLayout struct{ s *Studio }

func (l *windowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.s.fitPanes(size.Width)
	l.s.fitConsole(size.Height)
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *windowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize()
}

// fitPanes sets the split offsets for a window width w: the tree and the
// property pane get fixed widths (smaller in a small window), the canvas
// the rest. A user's drag of a divider holds until the width changes.
func (s *Studio) fitPanes(w float32) {
	if w <= 0 || w == s.laidOut {
		return
	}
	s.laidOut = w
	tree := float32(treeWidth)
	props := float32(propsWidth)
	if w < 1100 {
		tree, props = treeWidthSmall, propsWidthMin
	}
	s.main.Offset = float64(tree / w)
	rest := w - tree
	if rest <= props*1.5 {
		s.top.Offset = 0.5
	} else {
		s.top.Offset = float64((rest - props) / rest)
	}
	s.main.Refresh()
	s.top.Refresh()
}

// fitConsole gives the console about a third of a window's height: enough
// for a few messages and the send box, never so much that the canvas
// above it is squeezed in a small window.
func (s *Studio) fitConsole(h float32) {
	if h <= 0 || h == s.laidOutH {
		return
	}
	s.laidOutH = h
	body := h - s.bar.object().MinSize().Height
	if body <= 0 {
		return
	}
	console := min(max(0.3*body, 200), 320)
	s.centre.Offset = float64((body - console) / body)
	s.centre.Refresh()
}
