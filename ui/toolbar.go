package ui

import (
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
	"wsstudio/variable"
)

// toolbar is the row of actions above the three panes. Below the width
// its labelled buttons need, they show their icons only (each keeps its
// tooltip), so the profile choice never runs under them.
type toolbar struct {
	s        *Studio
	connect  *tipButton
	save     *tipButton
	table    *tipButton
	profile  *widget.Select
	edit     *tipButton
	project  []fyne.Disableable // actions that need an open project
	labelled []*tipButton       // buttons that lose their label when narrow
	labels   []string
	box      *fyne.Container
	compact  bool
	full     float32 // the row's width with labels
	obj      fyne.CanvasObject
}

func newToolbar(s *Studio) *toolbar {
	t := &toolbar{s: s}
	btn := func(label string, icon fyne.Resource, tip string, fn func()) *tipButton {
		b := newTipButton(label, icon, tip, s.guard("running "+label, fn))
		t.labelled = append(t.labelled, b)
		t.labels = append(t.labels, label)
		return b
	}
	newB := btn("New", theme.DocumentCreateIcon(), "New project (Ctrl+N)", s.newProject)
	openB := btn("Open", theme.FolderOpenIcon(), "Open a project folder (Ctrl+O)", s.openProject)
	saveB := btn("Save", theme.DocumentSaveIcon(), "Save the project (Ctrl+S)", func() { s.save(nil) })
	importB := btn("Import Service", theme.DownloadIcon(), "Import a WebSocket service (Ctrl+I)", s.importService)
	varB := btn("Variable", theme.ContentAddIcon(), "Add a WebSocket variable (Ctrl+Shift+R)", s.addVariable)
	chartB := btn("Chart", theme.ViewRestoreIcon(), "Add a chart (Ctrl+Shift+1)", func() { s.addWidget(project.KindChart) })
	tableB := btn("Table", theme.GridIcon(), "Add a table (Ctrl+Shift+2)", func() { s.addWidget(project.KindTable) })
	listB := btn("List", theme.ListIcon(), "Add a list (Ctrl+Shift+3)", func() { s.addWidget(project.KindList) })
	var ctlB *tipButton
	ctlB = btn("Controls", theme.MenuDropDownIcon(), "Add a label, text input, textarea or button (Ctrl+Shift+4 … 7)", func() {
		c := fyne.CurrentApp().Driver().CanvasForObject(ctlB)
		if c == nil {
			return
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ctlB).AddXY(0, ctlB.Size().Height)
		widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", controlItems(s)...), c, pos)
	})
	s.addControlShortcuts()
	t.connect = btn("Connect", theme.MediaPlayIcon(), "Open every variable", s.toggleConnect)
	t.profile = widget.NewSelect(nil, func(name string) {
		if name != "" && name != s.profile {
			s.guard("switching the profile", func() { s.SetProfile(name) })()
		}
	})
	t.edit = newTipButton("", theme.SettingsIcon(), "Edit the profile's values", s.guard("editing the profile", s.editProfile))
	t.save, t.table = saveB, tableB
	t.profile.PlaceHolder = "(no project)" // wide enough for "development"
	t.project = []fyne.Disableable{saveB, importB, varB, chartB, tableB, listB, ctlB, t.connect, t.profile, t.edit}
	t.box = container.NewHBox(newB, openB, saveB, vsep(), importB, varB, chartB, tableB, listB, ctlB,
		vsep(), t.connect, layout.NewSpacer(), widget.NewLabel("Profile"), t.profile, t.edit)
	t.full = t.box.MinSize().Width
	return t
}

func (t *toolbar) object() fyne.CanvasObject {
	if t.obj == nil {
		t.obj = container.NewVBox(container.New(&barLayout{t: t}, t.box), widget.NewSeparator())
	}
	return t.obj
}

// barLayout gives the row its width and makes the buttons icon-only when
// the labels do not fit.
type barLayout struct{ t *toolbar }

func (l *barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.t.setCompact(size.Width < l.t.full)
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *barLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	// the compact row's width: the window may be made that narrow
	return fyne.NewSize(l.t.full-l.t.labelWidth(), h)
}

// labelWidth is what the labels add to the row.
func (t *toolbar) labelWidth() float32 {
	w := float32(0)
	for _, l := range t.labels {
		if l != "" {
			w += fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{}).Width + theme.Padding()
		}
	}
	return w
}

func (t *toolbar) setCompact(c bool) {
	if c == t.compact {
		return
	}
	t.compact = c
	for i, b := range t.labelled {
		if c {
			b.Text = ""
		} else {
			b.Text = t.labels[i]
		}
		b.Refresh()
	}
	t.refreshConnect()
}

// refresh follows the open project: profiles, enabled actions.
func (t *toolbar) refresh() {
	s := t.s
	for _, d := range t.project {
		if s.proj == nil {
			d.Disable()
		} else {
			d.Enable()
		}
	}
	if s.proj == nil {
		t.profile.Options = nil
		t.profile.ClearSelected()
	} else {
		names := s.proj.ProfileNames()
		if !contains(names, project.DefaultProfile) {
			names = append([]string{project.DefaultProfile}, names...)
		}
		t.profile.Options = names
		t.profile.Selected = s.profile
		t.profile.Refresh()
	}
	t.refreshConnect()
}

// refreshConnect shows what the Connect button would do to all variables:
// connect them (none open), disconnect them (all open), or, when some are
// open, connect the rest, with the count on the button.
func (t *toolbar) refreshConnect() {
	open, all := t.s.openCount()
	text, icon, tip := "Connect", theme.MediaPlayIcon(), "Open every variable"
	switch {
	case all > 0 && open == all:
		text, icon, tip = "Disconnect", theme.MediaStopIcon(), "Close every variable"
	case open > 0:
		text = fmt.Sprintf("Connect (%d/%d)", open, all)
		tip = fmt.Sprintf("%d of %d variables are open; open the other %d", open, all, all-open)
	}
	t.labels[len(t.labels)-1] = text
	if t.compact {
		text = ""
		if open > 0 && open < all {
			text = fmt.Sprintf("%d/%d", open, all) // the mixed state stays visible
		}
	}
	if t.connect.Text != text || t.connect.Icon != icon || t.connect.tip != tip {
		t.connect.Text, t.connect.Icon, t.connect.tip = text, icon, tip
		t.connect.Refresh()
	}
}

// openCount is how many variables are open (or opening), of how many.
func (s *Studio) openCount() (open, all int) {
	if s.proj == nil {
		return 0, 0
	}
	for _, v := range s.proj.Variables {
		if s.IsOpen(v) {
			open++
		}
	}
	return open, len(s.proj.Variables)
}

// IsOpen reports whether v is open or on its way there.
func (s *Studio) IsOpen(v *project.Variable) bool {
	rv := s.runtime(v)
	return rv != nil && rv.State() != variable.Closed && rv.State() != variable.Closing
}

// OpenVariable connects one variable; CloseVariable disconnects it.
func (s *Studio) OpenVariable(v *project.Variable) {
	s.connect(v)
	s.refreshStatus()
}

func (s *Studio) CloseVariable(v *project.Variable) {
	s.disconnect(v)
	s.refreshStatus()
}

// toggleConnect is the toolbar's Connect: it acts on every variable.
func (s *Studio) toggleConnect() {
	if s.proj == nil {
		return
	}
	open, all := s.openCount()
	for _, v := range startOrder(s.proj) {
		if all > 0 && open == all {
			s.disconnect(v)
		} else if !s.IsOpen(v) {
			s.connect(v)
		}
	}
	s.refreshStatus()
}

// SetProfile switches the active profile; running variables reconnect to
// the hosts of the new profile.
func (s *Studio) SetProfile(name string) {
	if name == "" || name == s.profile {
		return
	}
	s.profile = name
	if s.proj != nil {
		for _, v := range startOrder(s.proj) {
			if s.running[v] != nil {
				s.restart(v)
			}
		}
	}
	s.bar.refresh()
}

// editProfile edits the properties of the active profile in a dialog.
func (s *Studio) editProfile() {
	if s.proj == nil {
		return
	}
	name := s.profile
	pr := s.proj.Profile(name)
	values := map[string]string{}
	if pr != nil {
		for k, v := range pr.Values {
			values[k] = v
		}
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	entries := map[string]*widget.Entry{}
	var items []*widget.FormItem
	for _, k := range keys {
		e := widget.NewEntry()
		e.SetText(values[k])
		entries[k] = e
		items = append(items, widget.NewFormItem(k, e))
	}
	newKey, newVal := widget.NewEntry(), widget.NewEntry()
	newKey.SetPlaceHolder("websocket.<service>.host")
	items = append(items, widget.NewFormItem("New key", newKey), widget.NewFormItem("New value", newVal))
	if name == project.DefaultProfile {
		note := widget.NewLabel("The development profile follows the service settings when the project is saved.")
		note.Wrapping = fyne.TextWrapWord
		note.Importance = widget.LowImportance
		items = append(items, widget.NewFormItem("", note))
	}
	d := dialog.NewForm("Profile "+name, "Apply", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		changed := false
		for k, e := range entries {
			if e.Text != values[k] {
				if err := s.proj.SetProfile(name, k, e.Text); err != nil {
					s.showError(err)
					return
				}
				changed = true
			}
		}
		if newKey.Text != "" {
			if err := s.proj.SetProfile(name, newKey.Text, newVal.Text); err != nil {
				s.showError(err)
				return
			}
			changed = true
		}
		if changed {
			s.changedAs("Edit profile "+name, false)
			for _, v := range startOrder(s.proj) {
				if s.running[v] != nil {
					s.restart(v)
				}
			}
		}
	}, s.win)
	s.track(d)
	d.Show()
	d.Resize(fyne.NewSize(560, 140+float32(len(items))*44))
}

func vsep() fyne.CanvasObject {
	r := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
	r.SetMinSize(fyne.NewSize(1, 20))
	return container.NewCenter(r)
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

func widgetIcon(res fyne.Resource, size float32) fyne.CanvasObject {
	img := canvas.NewImageFromResource(res)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(size, size))
	return container.NewCenter(img)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
