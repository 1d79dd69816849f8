package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"wsstudio/assets"
	"wsstudio/project"
)

// TestExampleFitsTheDefaultWindow opens the bundled example in a
// 1280x800 window, the studio's first size: the chart, the list and the
// table must all be on screen whole, without scrolling the canvas.
func TestExampleFitsTheDefaultWindow(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "example")
	if err := assets.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.w.Canvas().Refresh(h.w.Content())
	h.w.Resize(fyne.NewSize(1280, 800))

	view := h.s.page.scr.Size()
	if got := len(h.s.page.box.Objects); got != 3 {
		t.Fatalf("the example's canvas has %d cards, want 3", got)
	}
	if min := h.s.page.box.MinSize().Height; min > view.Height {
		t.Errorf("the cards need %.0f px but the canvas shows %.0f: the user has to scroll", min, view.Height)
	}
	for i, o := range h.s.page.box.Objects {
		pos, size := o.Position(), o.Size()
		if pos.X < 0 || pos.Y < 0 || pos.X+size.Width > view.Width+0.5 || pos.Y+size.Height > view.Height+0.5 {
			t.Errorf("card %s at %v size %v is not wholly inside the %v canvas", h.s.page.cards[i].w.Name, pos, size, view)
		}
		if size.Width < minCardWidth(h.s.page.cards[i].w) {
			t.Errorf("card %s is %.0f wide, under its minimum %.0f", h.s.page.cards[i].w.Name, size.Width, minCardWidth(h.s.page.cards[i].w))
		}
	}
}

// TestTreeNamesAreNotCutShort: in the default window every name in the
// example's tree fits its row, the detail column included.
func TestTreeNamesAreNotCutShort(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "example")
	if err := assets.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, p, Options{NoAutoConnect: true})
	for _, size := range []fyne.Size{{Width: 900, Height: 600}, {Width: 1280, Height: 800}, {Width: 1920, Height: 1080}} {
		h.w.Resize(size)
		treeNamesWhole(t, h, p, size)
	}
}

func treeNamesWhole(t *testing.T, h *harness, p *project.Project, size fyne.Size) {
	want := map[string]bool{}
	for _, svc := range p.Services {
		want[svc.ID] = false
	}
	for _, v := range p.Variables {
		want[v.Name] = false
	}
	for _, w := range p.Page(p.HomePage).Widgets {
		want[w.Name] = false
	}
	inner := theme.InnerPadding()
	walk(h.s.tree.tree, func(o fyne.CanvasObject) {
		tl, ok := o.(*treeLabel)
		if !ok || !o.Visible() {
			return
		}
		l := &tl.Label
		if _, named := want[l.Text]; !named {
			return
		}
		want[l.Text] = true
		need := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*inner
		if l.Size().Width < need {
			t.Errorf("at %v, tree label %q is %.0f px wide, its text needs %.0f", size, l.Text, l.Size().Width, need)
		}
	})
	for name, seen := range want {
		if !seen {
			t.Errorf("at %v, the tree shows no row for %s", size, name)
		}
	}
}

// TestEveryPanelFitsItsPane: every property panel of the example (the
// sensors service has nested field paths such as readings[].temperature)
// fits the property pane of the default window rather than being cut at
// its right edge.
func TestEveryPanelFitsItsPane(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "example")
	if err := assets.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.w.Resize(fyne.NewSize(1280, 800))
	nodes := []string{pageNode(p.HomePage)}
	for _, svc := range p.Services {
		nodes = append(nodes, ServiceNode(svc.ID))
	}
	for _, v := range p.Variables {
		nodes = append(nodes, VariableNode(v.Name))
	}
	for _, w := range p.Page(p.HomePage).Widgets {
		nodes = append(nodes, WidgetNode(w.Page, w.Name))
	}
	pane := h.s.props.Size().Width
	for _, n := range nodes {
		h.s.Select(n)
		o := h.s.props.Objects[0]
		need := o.MinSize().Width
		if scr, ok := o.(*container.Scroll); ok {
			need = scr.Content.MinSize().Width
		}
		if need > pane {
			t.Errorf("the panel of %s needs %.0f px, the pane has %.0f", n, need, pane)
		}
	}
}
