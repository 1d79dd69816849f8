package ui

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
	"wsstudio/variable"
)

// Node ids of the project tree. Ids and names are safe identifiers, so ":"
// separates the parts.
const (
	nodeAPIs = "apis"
	nodeVars = "vars"
)

func svcNode(id string) string         { return "svc:" + id }
func opNode(id string) string          { return "op:" + id }
func defsNode(id, which string) string { return "defs:" + id + ":" + which }
func fieldNode(id, which string, i int) string {
	return "fld:" + id + ":" + which + ":" + strconv.Itoa(i)
}
func varNode(name string) string          { return "var:" + name }
func pageNode(name string) string         { return "page:" + name }
func widgetNode(page, name string) string { return "wid:" + page + ":" + name }

// ServiceNode is the tree node of a service.
func ServiceNode(id string) string { return svcNode(id) }

// VariableNode is the tree node of a variable.
func VariableNode(name string) string { return varNode(name) }

// WidgetNode is the tree node of a widget on a page.
func WidgetNode(page, name string) string { return widgetNode(page, name) }

// splitNode returns the kind of a node id and its parts.
func splitNode(id string) (kind string, parts []string) {
	all := strings.Split(id, ":")
	return all[0], all[1:]
}

// projectTree is the left pane: Imported APIs, Variables, pages.
type projectTree struct {
	s    *Studio
	tree *widget.Tree
}

func newProjectTree(s *Studio) *projectTree {
	t := &projectTree{s: s}
	t.tree = &widget.Tree{
		ChildUIDs:  t.children,
		IsBranch:   t.isBranch,
		CreateNode: t.create,
		UpdateNode: t.update,
	}
	t.tree.OnSelected = func(id widget.TreeNodeID) { s.selectNode(id) }
	t.tree.ExtendBaseWidget(t.tree)
	return t
}

func (t *projectTree) object() fyne.CanvasObject { return t.tree }

func (t *projectTree) refresh() {
	if t.s.proj != nil {
		t.tree.OpenBranch(nodeAPIs)
		t.tree.OpenBranch(nodeVars)
		for _, pg := range t.s.proj.Pages {
			t.tree.OpenBranch(pageNode(pg.Name))
		}
	}
	t.tree.Refresh()
}

func (t *projectTree) refreshStates() { t.tree.Refresh() }

func (t *projectTree) children(id widget.TreeNodeID) []widget.TreeNodeID {
	p := t.s.proj
	if p == nil {
		return nil
	}
	var out []string
	kind, parts := splitNode(id)
	switch {
	case id == "":
		out = []string{nodeAPIs, nodeVars}
		for _, pg := range p.Pages {
			out = append(out, pageNode(pg.Name))
		}
	case id == nodeAPIs:
		for _, svc := range p.Services {
			out = append(out, svcNode(svc.ID))
		}
	case id == nodeVars:
		for _, v := range startOrder(p) {
			out = append(out, varNode(v.Name))
		}
	case kind == "svc":
		if svc := p.Service(parts[0]); svc != nil && svc.IsWebSocket() {
			out = []string{opNode(svc.ID)}
		}
	case kind == "op":
		if svc := p.Service(parts[0]); svc != nil {
			if len(svc.Request) > 0 {
				out = append(out, defsNode(svc.ID, "request"))
			}
			out = append(out, defsNode(svc.ID, "response"))
		}
	case kind == "defs":
		if svc := p.Service(parts[0]); svc != nil {
			for i := range serviceFields(svc, parts[1]) {
				out = append(out, fieldNode(svc.ID, parts[1], i))
			}
		}
	case kind == "page":
		if pg := p.Page(parts[0]); pg != nil {
			for _, w := range pg.Widgets {
				out = append(out, widgetNode(pg.Name, w.Name))
			}
		}
	}
	return out
}

func serviceFields(svc *project.Service, which string) []project.Field {
	if which == "request" {
		return svc.Request.Fields()
	}
	return svc.Response.Fields()
}

func (t *projectTree) isBranch(id widget.TreeNodeID) bool {
	kind, parts := splitNode(id)
	switch kind {
	case "", nodeAPIs, nodeVars, "op", "defs", "page":
		return true
	case "svc":
		if t.s.proj == nil {
			return false
		}
		svc := t.s.proj.Service(parts[0])
		return svc != nil && svc.IsWebSocket()
	}
	return false
}

func (t *projectTree) create(bool) fyne.CanvasObject {
	dot := canvas.NewCircle(color.Transparent)
	icon := widget.NewIcon(nil)
	label := newTreeLabel(t)
	// the detail is small text in the placeholder colour: readable, and
	// still quieter than the name
	detail := canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
	detail.TextSize = theme.CaptionTextSize()
	return container.NewBorder(nil, nil,
		container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(16, 16), icon)),
			container.NewCenter(container.NewGridWrap(fyne.NewSize(9, 9), dot))),
		container.NewPadded(container.NewCenter(detail)), label)
}

func (t *projectTree) update(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	label := c.Objects[0].(*treeLabel)
	label.id = id
	left := c.Objects[1].(*fyne.Container)
	detailBox := c.Objects[2].(*fyne.Container)
	detail := detailBox.Objects[0].(*fyne.Container).Objects[0].(*canvas.Text)
	icon := left.Objects[0].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*widget.Icon)
	dotBox := left.Objects[1].(*fyne.Container)
	dot := dotBox.Objects[0].(*fyne.Container).Objects[0].(*canvas.Circle)

	text, sub, res, dotColor := t.describe(id)
	label.SetText(text)
	detail.Color = theme.Color(theme.ColorNamePlaceHolder)
	label.tip = ""
	if kind, parts := splitNode(id); kind == "var" && t.s.proj != nil {
		// a variable whose messages did not match the schema: a warning
		// mark with the count, the whole sentence on hover
		if count, tip := t.s.DriftBadge(t.s.proj.Variable(parts[0])); count != "" {
			if sub != "" {
				count = sub + " · " + count
			}
			sub, res, label.tip = count, theme.NewWarningThemedResource(theme.WarningIcon()), tip
			detail.Color = theme.Color(theme.ColorNameWarning)
		}
	}
	detail.Text = sub
	detail.Refresh()
	if shown := detailBox.Visible(); sub == "" && shown {
		detailBox.Hide() // the label gets the whole width
		c.Refresh()
	} else if sub != "" && !shown {
		// the row lays itself out again, or the detail would be drawn
		// where the hidden box last was
		detailBox.Show()
		c.Refresh()
	}
	icon.SetResource(res)
	if dotColor == nil {
		dotBox.Hide()
	} else {
		dot.FillColor = dotColor
		dot.Refresh()
		dotBox.Show()
	}
}

// describe returns the text, the dim detail, the icon and (for variables)
// the state colour of a node.
func (t *projectTree) describe(id string) (text, detail string, icon fyne.Resource, dot color.Color) {
	p := t.s.proj
	if p == nil {
		return "", "", nil, nil
	}
	kind, parts := splitNode(id)
	switch kind {
	case nodeAPIs:
		return "Imported APIs", strconv.Itoa(len(p.Services)), theme.StorageIcon(), nil
	case nodeVars:
		return "Variables", strconv.Itoa(len(p.Variables)), theme.ListIcon(), nil
	case "svc":
		svc := p.Service(parts[0])
		if svc == nil {
			return parts[0], "", nil, nil
		}
		if !svc.IsWebSocket() {
			typ := svc.Type
			if typ == "" {
				typ = "service"
			}
			return svc.ID, typ + ", read-only", theme.FileIcon(), nil
		}
		// the icon says WebSocket; the detail column is kept for warnings
		d := ""
		if svc.TLS.InsecureSkipVerify {
			d = "TLS not verified!"
		}
		return svc.ID, d, theme.ComputerIcon(), nil
	case "op":
		return "invoke", "", theme.MailSendIcon(), nil
	case "defs":
		if parts[1] == "request" {
			return "Request", "", theme.UploadIcon(), nil
		}
		return "Response", "", theme.DownloadIcon(), nil
	case "fld":
		svc := p.Service(parts[0])
		i, _ := strconv.Atoi(parts[2])
		if svc == nil {
			return "", "", nil, nil
		}
		fs := serviceFields(svc, parts[1])
		if i >= len(fs) {
			return "", "", nil, nil
		}
		f := fs[i]
		typ := f.Type
		if f.Format != "" {
			typ += " (" + f.Format + ")"
		}
		return f.Path, typ, nil, nil
	case "var":
		v := p.Variable(parts[0])
		if v == nil {
			return parts[0], "", nil, nil
		}
		// Page is the usual owner; only the App's variables are marked
		owner := ""
		if v.Owner == project.OwnerApp {
			owner = project.OwnerApp
		}
		return v.Name, owner, nil, t.s.stateColor(v)
	case "page":
		return parts[0], "", theme.DocumentIcon(), nil
	case "wid":
		if pg := p.Page(parts[0]); pg != nil {
			for _, w := range pg.Widgets {
				if w.Name == parts[1] {
					return w.Name, "", kindIcon(w.Kind), nil
				}
			}
		}
		return parts[1], "", nil, nil
	}
	return id, "", nil, nil
}

func kindIcon(kind string) fyne.Resource {
	switch kind {
	case project.KindTable:
		return theme.GridIcon()
	case project.KindList:
		return theme.ListIcon()
	case project.KindLabel:
		return theme.InfoIcon()
	case project.KindText, project.KindTextarea:
		return theme.DocumentCreateIcon()
	case project.KindButton:
		return theme.MailSendIcon()
	}
	return theme.ViewRestoreIcon()
}

// State colours of the live dot.
var (
	colOpen       = color.NRGBA{R: 0x2e, G: 0xb8, B: 0x5c, A: 0xff}
	colConnecting = color.NRGBA{R: 0xf0, G: 0xa0, B: 0x20, A: 0xff}
	colError      = color.NRGBA{R: 0xd9, G: 0x3b, B: 0x3b, A: 0xff}
	colClosed     = color.NRGBA{R: 0x90, G: 0x90, B: 0x90, A: 0xff}
)

func (s *Studio) stateColor(v *project.Variable) color.Color {
	rv := s.runtime(v)
	if rv == nil {
		return colClosed
	}
	st := rv.Stats()
	switch st.State {
	case variable.Open:
		return colOpen
	case variable.Connecting, variable.Reconnecting:
		return colConnecting
	}
	if st.LastError != "" {
		return colError
	}
	return colClosed
}

// treeLabel is a tree row's name: a right click opens the node's context
// menu, and resting the pointer on a name cut short shows it whole.
type treeLabel struct {
	widget.Label
	t  *projectTree
	id string
	hv hoverTip
	// tip, when set, is shown on hover (a variable's drift badge)
	tip string
}

func newTreeLabel(t *projectTree) *treeLabel {
	l := &treeLabel{t: t}
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// MouseIn implements desktop.Hoverable: the whole name when it is cut.
func (l *treeLabel) MouseIn(*desktop.MouseEvent) {
	full := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
	switch {
	case full > l.Size().Width && l.tip != "":
		l.hv.start(l, l.Text+": "+l.tip)
	case full > l.Size().Width:
		l.hv.start(l, l.Text)
	case l.tip != "":
		l.hv.start(l, l.tip)
	}
}

// MouseMoved implements desktop.Hoverable.
func (l *treeLabel) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (l *treeLabel) MouseOut() { l.hv.stop(l) }

// Tapped implements fyne.Tappable: the row is selected. Being secondary-
// tappable, the label is what a click lands on, so it must select the row
// itself, as the tree's own row would.
func (l *treeLabel) Tapped(*fyne.PointEvent) {
	l.hv.stop(l)
	if l.id != "" {
		l.t.tree.Select(l.id)
	}
}

// TappedSecondary implements fyne.SecondaryTappable: the context menu.
func (l *treeLabel) TappedSecondary(e *fyne.PointEvent) {
	l.hv.stop(l)
	m := l.t.s.contextMenu(l.id)
	if m == nil {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(l)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtPosition(m, c, e.AbsolutePosition)
}

// contextMenu is the menu of a tree node: Open/Close for a variable, and
// the edits the node's panel offers.
func (s *Studio) contextMenu(id string) *fyne.Menu {
	if s.proj == nil {
		return nil
	}
	kind, parts := splitNode(id)
	switch kind {
	case "var":
		v := s.proj.Variable(parts[0])
		if v == nil {
			return nil
		}
		open := fyne.NewMenuItem("Open", func() { s.OpenVariable(v) })
		open.Disabled = s.IsOpen(v)
		closeI := fyne.NewMenuItem("Close", func() { s.CloseVariable(v) })
		closeI.Disabled = !s.IsOpen(v)
		return s.guardMenu(fyne.NewMenu("", open, closeI, fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Add Chart", func() { s.addWidgetFor(project.KindChart, v) }),
			fyne.NewMenuItem("Add Table", func() { s.addWidgetFor(project.KindTable, v) }),
			fyne.NewMenuItem("Add List", func() { s.addWidgetFor(project.KindList, v) }),
			fyne.NewMenuItem("Add Label", func() { s.addWidgetFor(project.KindLabel, v) }),
			fyne.NewMenuItem("Add Button", func() { s.addWidgetFor(project.KindButton, v) }),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Delete…", func() { s.deleteVariable(v) })))
	case "page":
		return s.guardMenu(fyne.NewMenu("", controlItems(s)...))
	case "wid":
		if len(parts) < 2 {
			return nil
		}
		w := findWidget(s.proj, parts[0], parts[1])
		if w == nil {
			return nil
		}
		return s.guardMenu(fyne.NewMenu("",
			fyne.NewMenuItem("Move Up", func() { s.showError(s.MoveWidget(w, -1)) }),
			fyne.NewMenuItem("Move Down", func() { s.showError(s.MoveWidget(w, 1)) }),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Delete…", func() { s.deleteWidget(w) })))
	case "svc":
		svc := s.proj.Service(parts[0])
		if svc == nil || !svc.IsWebSocket() {
			return nil
		}
		return s.guardMenu(fyne.NewMenu("",
			fyne.NewMenuItem("Edit in the Import Wizard…", func() { s.showWizard(svc) }),
			fyne.NewMenuItem("Delete…", func() { s.deleteService(svc) })))
	}
	return nil
}

func (s *Studio) addWidgetFor(kind string, v *project.Variable) {
	if _, err := s.AddWidget(kind, v); err != nil {
		s.showError(err)
	}
}
