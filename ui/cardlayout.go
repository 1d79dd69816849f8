package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
)

// minCardWidth is the narrowest a widget's card is still worth reading at:
// a chart needs room for its time axis, a table for its columns.
func minCardWidth(w *project.Widget) float32 {
	switch w.Kind {
	case project.KindTable:
		return max(360, 88*float32(len(w.Columns)))
	case project.KindList:
		return 240
	case project.KindLabel, project.KindButton:
		return 180
	case project.KindText:
		return 240
	}
	return 320
}

// rowsLayout lays the page's cards out as a responsive grid: in page order,
// as many cards share a row as fit side by side at their minimum widths;
// a row's cards split its width in proportion to those widths and take the
// height of the tallest. A narrow canvas gets one card per row.
type rowsLayout struct {
	minWidths []float32 // per object; missing or 0 = a row of its own
	width     float32   // the width last laid out at
	onWidth   func()    // called when that width changes
}

func (l *rowsLayout) minWidth(i int) float32 {
	if i < len(l.minWidths) {
		return l.minWidths[i]
	}
	return 0
}

// rows splits the visible objects into rows for width.
func (l *rowsLayout) rows(objs []fyne.CanvasObject, width float32) [][]int {
	pad := theme.Padding()
	var out [][]int
	var cur []int
	used := float32(0)
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		mw := l.minWidth(i)
		if len(cur) > 0 && (mw == 0 || l.minWidth(cur[0]) == 0 || used+pad+mw > width) {
			out = append(out, cur)
			cur, used = nil, 0
		}
		if len(cur) > 0 {
			used += pad
		}
		cur = append(cur, i)
		used += mw
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func rowHeight(objs []fyne.CanvasObject, row []int) float32 {
	h := float32(0)
	for _, i := range row {
		h = max(h, objs[i].MinSize().Height)
	}
	return h
}

// MinSize is the height of the rows at the last width laid out.
func (l *rowsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var size fyne.Size
	for _, o := range objs {
		if o.Visible() {
			size.Width = max(size.Width, o.MinSize().Width)
		}
	}
	rows := l.rows(objs, l.width)
	for i, r := range rows {
		if i > 0 {
			size.Height += theme.Padding()
		}
		size.Height += rowHeight(objs, r)
	}
	return size
}

// Layout places the rows for size. Height to spare (a window taller than
// the page) is shared among the rows in proportion to their heights, so
// the widgets grow with the window rather than leave a blank area below.
func (l *rowsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	changed := size.Width != l.width
	l.width = size.Width
	pad := theme.Padding()
	rows := l.rows(objs, size.Width)
	heights := make([]float32, len(rows))
	total := float32(0)
	for i, r := range rows {
		heights[i] = rowHeight(objs, r)
		total += heights[i]
	}
	if spare := size.Height - total - pad*float32(max(len(rows)-1, 0)); spare > 0 && total > 0 {
		for i := range heights {
			heights[i] += spare * heights[i] / total
		}
	}
	y := float32(0)
	for ri, r := range rows {
		h := heights[ri]
		total := float32(0)
		for _, i := range r {
			total += max(l.minWidth(i), 1)
		}
		free := size.Width - pad*float32(len(r)-1)
		x := float32(0)
		for k, i := range r {
			w := free * max(l.minWidth(i), 1) / total
			if k == len(r)-1 {
				w = size.Width - x // no rounding gap at the right edge
			}
			objs[i].Move(fyne.NewPos(x, y))
			objs[i].Resize(fyne.NewSize(w, h))
			x += w + pad
		}
		y += h + pad
	}
	if changed && l.onWidth != nil {
		l.onWidth()
	}
}

// iconButtonSize is the side of a card's header buttons.
const iconButtonSize = 24

// tightRow lines objects up left to right at their minimum sizes with no
// gaps: a toolbar of small buttons.
type tightRow struct{}

func (tightRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
	}
	return s
}

func (tightRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for _, o := range objs {
		m := o.MinSize()
		o.Move(fyne.NewPos(x, (size.Height-m.Height)/2))
		o.Resize(m)
		x += m.Width
	}
}

// iconButton is a small flat button: an icon that highlights under the
// pointer. The card headers use it so that their buttons take less height
// than the widget's own title line.
type iconButton struct {
	widget.BaseWidget
	icon    fyne.Resource
	onTap   func()
	hovered bool
	tip     string
	hv      hoverTip
}

// newIconButton makes the button; tip is its tooltip, as it has no label.
func newIconButton(icon fyne.Resource, tip string, onTap func()) *iconButton {
	b := &iconButton{icon: icon, onTap: onTap, tip: tip}
	b.ExtendBaseWidget(b)
	return b
}

// Tapped implements fyne.Tappable.
func (b *iconButton) Tapped(*fyne.PointEvent) {
	b.hv.stop(b)
	if b.onTap != nil {
		b.onTap()
	}
}

// MouseIn implements desktop.Hoverable.
func (b *iconButton) MouseIn(*desktop.MouseEvent) {
	b.hovered = true
	b.Refresh()
	b.hv.start(b, b.tip)
}

// MouseMoved implements desktop.Hoverable.
func (b *iconButton) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (b *iconButton) MouseOut() {
	b.hovered = false
	b.Refresh()
	b.hv.stop(b)
}

// Cursor implements desktop.Cursorable.
func (b *iconButton) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (b *iconButton) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	bg.CornerRadius = theme.InputRadiusSize()
	icon := canvas.NewImageFromResource(theme.NewThemedResource(b.icon))
	icon.FillMode = canvas.ImageFillContain
	return &iconButtonRenderer{b: b, bg: bg, icon: icon}
}

type iconButtonRenderer struct {
	b    *iconButton
	bg   *canvas.Rectangle
	icon *canvas.Image
}

func (r *iconButtonRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	inset := float32(3)
	r.icon.Move(fyne.NewPos(inset, inset))
	r.icon.Resize(fyne.NewSize(size.Width-2*inset, size.Height-2*inset))
}

func (r *iconButtonRenderer) MinSize() fyne.Size {
	return fyne.NewSize(iconButtonSize, iconButtonSize)
}

func (r *iconButtonRenderer) Refresh() {
	if r.b.hovered {
		r.bg.FillColor = theme.Color(theme.ColorNameHover)
	} else {
		r.bg.FillColor = color.Transparent
	}
	r.bg.Refresh()
	r.icon.Resource = theme.NewThemedResource(r.b.icon)
	r.icon.Refresh()
}

func (r *iconButtonRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.icon}
}

func (r *iconButtonRenderer) Destroy() {}
