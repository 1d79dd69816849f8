package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"wsstudio/project"
)

// windowSizes are the sizes the window is made to hold: a small laptop
// screen, the first size, and a full-HD screen.
var windowSizes = []fyne.Size{{Width: 900, Height: 600}, {Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}

// TestWindowAtThreeSizes: the live project at each size, as a golden; the
// toolbar fits (icon-only when narrow), the canvas takes the extra width,
// and the property pane keeps a readable width.
func TestWindowAtThreeSizes(t *testing.T) {
	fixedStamps(t)
	addr := fixedFeed(t)
	p := quotesProject(t, addr)
	p.Variables[0].Strategy = project.StrategyPrepend
	h := newHarness(t, p, Options{})
	h.waitFor(t, "five quotes", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
	h.waitFor(t, "the chart to draw them", func() bool { return chartPoints(h) == len(quoteMessages) })
	h.s.Select(WidgetNode("Main", "quotesChart"))
	h.freeze()
	h.s.console.filter.SetText("price")
	var canvasW []float32
	for _, size := range windowSizes {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			h.w.Resize(size)
			h.w.Canvas().Refresh(h.w.Content())
			bar := h.s.bar
			if got, want := bar.compact, size.Width < bar.full; got != want {
				t.Errorf("toolbar compact = %v at width %.0f (labels need %.0f)", got, size.Width, bar.full)
			}
			if need := bar.box.MinSize().Width; need > size.Width {
				t.Errorf("the toolbar needs %.0f px in a %.0f px window", need, size.Width)
			}
			props := h.s.props.Size().Width
			if props < propsWidthMin-1 {
				t.Errorf("the property pane is %.0f px wide, under %d", props, propsWidthMin)
			}
			cw := h.s.page.scr.Size().Width
			if size.Width >= 1280 && cw < props {
				t.Errorf("the canvas (%.0f px) is narrower than the property pane (%.0f px)", cw, props)
			}
			canvasW = append(canvasW, cw)
			test.AssertImageMatches(t, fmt.Sprintf("window_%.0fx%.0f.png", size.Width, size.Height), h.w.Canvas().Capture())
		})
	}
	if len(canvasW) == 3 && canvasW[2]-canvasW[1] < 0.8*(1920-1280) {
		t.Errorf("from 1280 to 1920 px the canvas grew from %.0f to %.0f: it should take most of the width", canvasW[1], canvasW[2])
	}
}

// TestNewWidgetIsScrolledIntoViewAndSelected: a widget added to a full
// page lands below what the canvas shows; the canvas scrolls to it.
func TestNewWidgetIsScrolledIntoViewAndSelected(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	h.w.Resize(fyne.NewSize(900, 600))
	h.w.Canvas().Refresh(h.w.Content())
	var w *project.Widget
	for i := 0; i < 3; i++ {
		var err error
		if w, err = h.s.AddWidget(project.KindList, nil); err != nil {
			t.Fatal(err)
		}
	}
	if h.s.selectedWidget() != w {
		t.Fatalf("the new widget is not selected (selection %q)", h.s.selected)
	}
	last := h.s.page.box.Objects[len(h.s.page.box.Objects)-1]
	top, bottom := last.Position().Y, last.Position().Y+last.Size().Height
	view := h.s.page.scr
	if top < view.Offset.Y-0.5 || bottom > view.Offset.Y+view.Size().Height+0.5 {
		t.Fatalf("the new card spans %.0f..%.0f, the canvas shows %.0f..%.0f", top, bottom, view.Offset.Y, view.Offset.Y+view.Size().Height)
	}
	if view.Offset.Y == 0 {
		t.Fatal("the canvas did not scroll")
	}
}

// TestWheelScrollsThePanelOverItsEntries: the wheel over an entry of a
// long panel scrolls the panel (the entry's own scroller used to take it),
// by the distance the wheel asked for.
func TestWheelScrollsThePanelOverItsEntries(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	h.w.Resize(fyne.NewSize(900, 600))
	h.s.Select(VariableNode("Quotes"))
	vp := currentVariablePanel(t, h)
	var pane *wheelPane
	walk(vp.box, func(o fyne.CanvasObject) {
		if p, ok := o.(*wheelPane); ok {
			pane = p
		}
	})
	if pane == nil {
		t.Fatal("the variable panel has no wheel pane")
	}
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(vp.limit).AddXY(10, 10)
	pane.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{AbsolutePosition: at}, Scrolled: fyne.NewDelta(0, -75)})
	if got := pane.scroll.Offset.Y; got != 75 {
		t.Fatalf("three notches over the data limit entry scrolled the panel by %.0f px, want 75", got)
	}
}

// TestClickingATreeNameSelectsIt: a click lands on the name (it takes
// right clicks for the context menu), and must select the row.
func TestClickingATreeNameSelectsIt(t *testing.T) {
	h := newHarness(t, quotesProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	var quotes *treeLabel
	walk(h.s.tree.tree, func(o fyne.CanvasObject) {
		if l, ok := o.(*treeLabel); ok && l.Text == "Quotes" {
			quotes = l
		}
	})
	if quotes == nil {
		t.Fatal("no tree row for Quotes")
	}
	test.Tap(quotes)
	if h.s.selected != VariableNode("Quotes") {
		t.Fatalf("clicking Quotes selected %q", h.s.selected)
	}
	test.TapSecondary(quotes)
	if h.w.Canvas().Overlays().Top() == nil {
		t.Fatal("a right click on Quotes showed no menu")
	}
}

// TestDialogsGolden: the dialogs the window opens itself.
func TestDialogsGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(s *Studio)
	}{
		{"dialog_save_as.png", func(s *Studio) { s.saveAs(nil) }},
		{"dialog_shortcuts.png", func(s *Studio) { s.showShortcuts() }},
		{"dialog_unsaved.png", func(s *Studio) {
			s.UpdateWidget(findWidget(s.proj, "Main", "quotesChart"), func(w *project.Widget) { w.Title = "Prices" })
			s.confirmDiscard("closing the window", func() {})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := quotesProject(t, "127.0.0.1:1")
			p.Dir = "/projects/quotes" // the picture must not show a temporary folder
			h := newHarness(t, p, Options{NoAutoConnect: true})
			tc.open(h.s)
			test.AssertImageMatches(t, tc.name, h.w.Canvas().Capture())
		})
	}
}
