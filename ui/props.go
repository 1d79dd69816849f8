package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
)

// selectNode shows the panel of a tree node and follows it in the console.
func (s *Studio) selectNode(id string) {
	if s.selected == id {
		return
	}
	s.selected = id
	s.showProps()
	s.page.showSelection()
	s.console.setVariable(s.consoleVariable())
	s.bar.refreshConnect()
}

// Select selects a node of the project tree by id (see the *Node helpers).
func (s *Studio) Select(id string) {
	s.selectNode(id)
	if s.tree.tree != nil && id != "" {
		s.tree.tree.Select(id)
	}
}

// selectedVariable is the selected variable, or nil.
func (s *Studio) selectedVariable() *project.Variable {
	if s.proj == nil {
		return nil
	}
	kind, parts := splitNode(s.selected)
	if kind == "var" {
		return s.proj.Variable(parts[0])
	}
	return nil
}

// selectedWidget is the selected widget, or nil.
func (s *Studio) selectedWidget() *project.Widget {
	if s.proj == nil {
		return nil
	}
	kind, parts := splitNode(s.selected)
	if kind != "wid" {
		return nil
	}
	return findWidget(s.proj, parts[0], parts[1])
}

func findWidget(p *project.Project, page, name string) *project.Widget {
	if pg := p.Page(page); pg != nil {
		for _, w := range pg.Widgets {
			if w.Name == name {
				return w
			}
		}
	}
	return nil
}

// consoleVariable is the variable the console follows: the selected one, the
// variable of the selected widget, or the first variable.
func (s *Studio) consoleVariable() *project.Variable {
	if s.proj == nil {
		return nil
	}
	if v := s.selectedVariable(); v != nil {
		return v
	}
	if w := s.selectedWidget(); w != nil {
		if v := s.proj.Variable(w.Variable); v != nil {
			return v
		}
	}
	if kind, parts := splitNode(s.selected); kind == "svc" || kind == "op" || kind == "defs" || kind == "fld" {
		// a service: the console of a variable on it
		for _, v := range startOrder(s.proj) {
			if v.Service == parts[0] {
				return v
			}
		}
	}
	if cv := s.console.current; cv != nil && s.proj.Variable(cv.Name) == cv {
		return cv
	}
	if len(s.proj.Variables) > 0 {
		return startOrder(s.proj)[0]
	}
	return nil
}

// homePage is the page new widgets go to.
func (s *Studio) homePage() string {
	if s.proj == nil {
		return ""
	}
	if s.proj.HomePage != "" {
		return s.proj.HomePage
	}
	if len(s.proj.Pages) > 0 {
		return s.proj.Pages[0].Name
	}
	return "Main"
}

// showProps fills the right pane for the selection.
func (s *Studio) showProps() {
	s.varPanel = nil
	var content fyne.CanvasObject
	p := s.proj
	kind, parts := splitNode(s.selected)
	switch {
	case p == nil:
		content = placeholder("No project is open. Create one with New (Ctrl+N) or open a project folder with Open (Ctrl+O).")
	case kind == "svc" || kind == "op" || kind == "defs" || kind == "fld":
		if svc := p.Service(parts[0]); svc != nil {
			content = newServicePanel(s, svc).object()
		}
	case kind == "var":
		if v := p.Variable(parts[0]); v != nil {
			content = newVariablePanel(s, v).object()
		}
	case kind == "wid":
		if w := findWidget(p, parts[0], parts[1]); w != nil {
			content = newWidgetPanel(s, w).object()
		}
	case kind == "page":
		content = s.pageSummary(parts[0])
	}
	if content == nil {
		content = s.projectSummary()
	}
	s.props.Objects = []fyne.CanvasObject{content}
	s.props.Refresh()
}

func (s *Studio) projectSummary() fyne.CanvasObject {
	p := s.proj
	ws, other := 0, 0
	for _, svc := range p.Services {
		if svc.IsWebSocket() {
			ws++
		} else {
			other++
		}
	}
	form := widget.NewForm(
		widget.NewFormItem("Project", readOnly(p.DisplayName)),
		widget.NewFormItem("Folder", readOnly(p.Dir)),
		widget.NewFormItem("Home page", readOnly(s.homePage())),
		widget.NewFormItem("Services", readOnly(itoa(ws)+" WebSocket, "+itoa(other)+" other (read-only)")),
		widget.NewFormItem("Variables", readOnly(itoa(len(p.Variables)))),
		widget.NewFormItem("Profile", readOnly(s.Profile())),
	)
	return panelScroll("Project", form,
		placeholder("Select a service, variable or widget in the tree to edit its properties."))
}

func (s *Studio) pageSummary(name string) fyne.CanvasObject {
	pg := s.proj.Page(name)
	n := 0
	if pg != nil {
		n = len(pg.Widgets)
	}
	form := widget.NewForm(
		widget.NewFormItem("Page", readOnly(name)),
		widget.NewFormItem("Widgets", readOnly(itoa(n))),
	)
	return panelScroll("Page", form,
		placeholder("Add a chart, table or list with the toolbar; select one on the canvas to edit it."))
}

// panelScroll is a titled, scrolling property panel; the mouse wheel
// scrolls it wherever the pointer is (see wheelPane).
func panelScroll(title string, parts ...fyne.CanvasObject) fyne.CanvasObject {
	return panelScrollWith(nil, title, parts...)
}

// panelScrollWith is panelScroll with inner objects that take the wheel
// themselves while the pointer is on them.
func panelScrollWith(inner []fyne.CanvasObject, title string, parts ...fyne.CanvasObject) fyne.CanvasObject {
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	box := container.NewVBox(append([]fyne.CanvasObject{head}, parts...)...)
	// the scroll bar takes its own strip at the right, never a control's
	scr := container.NewVScroll(container.New(&insetLayout{right: theme.ScrollBarSize()}, box))
	return wheelScroll(scr, inner...)
}

// section is a bold sub-heading inside a panel.
func section(title string) fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
}

// readOnly is a selectable, wrapping value.
func readOnly(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapBreak
	l.Selectable = true
	return l
}

// renameRow is a name entry with its Rename button. The button is a real
// button, enabled while the entry holds a name other than the current one,
// so it reads as the action it is and not as a caption.
func renameRow(name *widget.Entry, current func() string, rename func()) fyne.CanvasObject {
	b := widget.NewButtonWithIcon("Rename", theme.DocumentCreateIcon(), rename)
	sync := func(text string) {
		if strings.TrimSpace(text) == current() {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	prev := name.OnChanged
	name.OnChanged = func(text string) {
		if prev != nil {
			prev(text)
		}
		sync(text)
	}
	sync(name.Text)
	return container.NewBorder(nil, nil, nil, b, name)
}

// insetLayout keeps a strip free at the right of its content.
type insetLayout struct{ right float32 }

func (l *insetLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(size.Width-l.right, size.Height))
	}
}

func (l *insetLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m.AddWidthHeight(l.right, 0)
}
