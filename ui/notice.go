package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// noticeFor is how long a notice stays in the status line.
const noticeFor = 4 * time.Second

// notice is a short message at the right of the status line ("Saved …")
// that goes away by itself.
type notice struct {
	s     *Studio
	label *widget.Label
	gen   int
}

func newNotice(s *Studio) *notice {
	l := widget.NewLabel("")
	l.Importance = widget.SuccessImportance
	l.Truncation = fyne.TextTruncateEllipsis
	return &notice{s: s, label: l}
}

// show puts text in the status line for a few seconds.
func (n *notice) show(text string) {
	n.gen++
	gen := n.gen
	n.label.SetText(text)
	time.AfterFunc(noticeFor, func() {
		n.s.do(func() {
			if n.gen == gen {
				n.label.SetText("")
			}
		})
	})
}

// Notice is the text the status line shows now ("" when none).
func (s *Studio) Notice() string { return s.notice.label.Text }

// notify shows a short message in the status line.
func (s *Studio) notify(text string) {
	if s.notice != nil {
		s.notice.show(text)
	}
}

// tipButton is a button with a tooltip: resting the mouse on it shows what
// it does in a small label under it.
type tipButton struct {
	widget.Button
	tip string
	hv  hoverTip
}

// newTipButton makes a low-importance button; label may be "" for an
// icon-only button, which is why it carries a tooltip.
func newTipButton(label string, icon fyne.Resource, tip string, fn func()) *tipButton {
	b := &tipButton{tip: tip}
	b.Text, b.Icon, b.OnTapped = label, icon, fn
	b.Importance = widget.LowImportance
	b.ExtendBaseWidget(b)
	return b
}

// Tip is the tooltip text.
func (b *tipButton) Tip() string { return b.tip }

// MouseIn implements desktop.Hoverable.
func (b *tipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.hv.start(b, b.tip)
}

// MouseOut implements desktop.Hoverable.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	b.hv.stop(b)
}

// Tapped hides the tooltip and runs the action.
func (b *tipButton) Tapped(e *fyne.PointEvent) {
	b.hv.stop(b)
	b.Button.Tapped(e)
}

// hoverTip shows a tooltip for an object after the pointer rests on it.
type hoverTip struct {
	timer *time.Timer
	shown bool
}

func (h *hoverTip) start(o fyne.CanvasObject, tip string) {
	if tip == "" {
		return
	}
	h.stopTimer()
	var t *time.Timer
	t = time.AfterFunc(500*time.Millisecond, func() {
		fyne.Do(func() {
			if h.timer != t || !o.Visible() {
				return
			}
			h.timer = nil
			if l := tipLayerOf(o); l != nil {
				l.show(tip, fyne.CurrentApp().Driver().AbsolutePositionForObject(o), o.Size())
				h.shown = true
			}
		})
	})
	h.timer = t
}

func (h *hoverTip) stopTimer() {
	if h.timer != nil {
		h.timer.Stop()
		h.timer = nil
	}
}

func (h *hoverTip) stop(o fyne.CanvasObject) {
	h.stopTimer()
	if h.shown {
		h.shown = false
		if l := tipLayerOf(o); l != nil {
			l.hide()
		}
	}
}

// tipLayer draws the tooltip above the window's content. It is a plain
// drawing, not a pop-up: it takes no mouse events, so the button under the
// pointer keeps its hover.
type tipLayer struct {
	box   *fyne.Container
	bg    *canvas.Rectangle
	text  *canvas.Text
	layer *fyne.Container
}

func newTipLayer() *tipLayer {
	t := &tipLayer{}
	t.bg = canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	t.bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	t.bg.StrokeWidth = 1
	t.bg.CornerRadius = 4
	t.text = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	t.text.TextSize = theme.CaptionTextSize()
	t.layer = container.NewWithoutLayout(t.bg, t.text)
	t.layer.Hide()
	return t
}

func (t *tipLayer) show(text string, at fyne.Position, over fyne.Size) {
	t.text.Text = text
	ts := t.text.MinSize()
	pad := float32(6)
	size := fyne.NewSize(ts.Width+2*pad, ts.Height+2*pad)
	p := at.AddXY(0, over.Height+2)
	if cs := t.layer.Size(); cs.Width > 0 {
		if p.X+size.Width > cs.Width {
			p.X = max(0, cs.Width-size.Width)
		}
		if p.Y+size.Height > cs.Height {
			p.Y = at.Y - size.Height - 2
		}
	}
	t.bg.Move(p)
	t.bg.Resize(size)
	t.text.Move(p.AddXY(pad, pad))
	t.text.Resize(ts)
	t.layer.Show()
	t.layer.Refresh()
}

func (t *tipLayer) hide() { t.layer.Hide() }

// tipLayers are the tooltip layers by canvas, one per studio window.
var tipLayers = map[fyne.Canvas]*tipLayer{}

func tipLayerOf(o fyne.CanvasObject) *tipLayer {
	app := fyne.CurrentApp()
	if app == nil {
		return nil
	}
	c := app.Driver().CanvasForObject(o)
	if c == nil {
		return nil
	}
	return tipLayers[c]
}
