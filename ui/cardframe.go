package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// cardFrame lays out and draws a widget's card on the page canvas: a band
// behind the card's header row, a thin outline round the whole card, and
// the card's content on the window's own background.
//
// A filled card would look much the same but costs far more to show live.
// Each frame repaints the whole window, and on a software renderer (Mesa's
// llvmpipe, as under Xvfb or a remote desktop) the cost of a frame is the
// pixels its rectangles cover. Filled cards were a third of those pixels.
// The band and the four edges cover about a tenth as many.
type cardFrame struct {
	band     *canvas.Rectangle
	edges    [4]*canvas.Rectangle // top, bottom, left, right
	head     fyne.CanvasObject    // the header row the band sits behind
	box      *fyne.Container
	selected bool
}

// newCardFrame frames content, whose first row is head; the returned
// container holds the band, the edges and then content.
func newCardFrame(head, content fyne.CanvasObject) (*cardFrame, *fyne.Container) {
	f := &cardFrame{head: head, band: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))}
	objs := []fyne.CanvasObject{f.band}
	for i := range f.edges {
		f.edges[i] = canvas.NewRectangle(nil)
		objs = append(objs, f.edges[i])
	}
	f.paint()
	f.box = container.New(f, append(objs, content)...)
	return f, f.box
}

// setSelected outlines the card in the primary colour, or plainly.
func (f *cardFrame) setSelected(on bool) {
	if on == f.selected {
		return
	}
	f.selected = on
	f.paint()
	f.Layout(f.box.Objects, f.box.Size()) // the edges' width changes
	for _, e := range f.edges {
		e.Refresh()
	}
}

func (f *cardFrame) paint() {
	col := theme.Color(theme.ColorNameInputBorder)
	if f.selected {
		col = theme.Color(theme.ColorNamePrimary)
	}
	for _, e := range f.edges {
		e.FillColor = col
	}
}

// edgeWidth is the outline's width: 1, and 2 for the selected card.
func (f *cardFrame) edgeWidth() float32 {
	if f.selected {
		return 2
	}
	return 1
}

func (f *cardFrame) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	content := objs[len(objs)-1]
	content.Move(fyne.NewPos(0, 0))
	content.Resize(size)
	// the content is padded: the header row starts a padding down
	band := theme.Padding() + f.head.MinSize().Height + theme.Padding()/2
	f.band.Move(fyne.NewPos(0, 0))
	f.band.Resize(fyne.NewSize(size.Width, min(band, size.Height)))
	w := f.edgeWidth()
	place := func(r *canvas.Rectangle, x, y, width, height float32) {
		r.Move(fyne.NewPos(x, y))
		r.Resize(fyne.NewSize(width, height))
	}
	place(f.edges[0], 0, 0, size.Width, w)
	place(f.edges[1], 0, size.Height-w, size.Width, w)
	place(f.edges[2], 0, 0, w, size.Height)
	place(f.edges[3], size.Width-w, 0, w, size.Height)
}

func (f *cardFrame) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[len(objs)-1].MinSize()
}
