package ui

import (
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

// toolbar is the row of actions above the three panes.
type toolbar struct {
	s       *Studio
	connect *widget.Button
	save    *widget.Button
	table   *widget.Button
	profile *widget.Select
	edit    *widget.Button
	project []fyne.Disableable // actions that need an open project
	box     *fyne.Container
}

func newToolbar(s *Studio) *toolbar {
	t := &toolbar{s: s}
	btn := func(label string, icon fyne.Resource, fn func()) *widget.Button {
		b := widget.NewButtonWithIcon(label, icon, fn)
		b.Importance = widget.LowImportance
		return b
	}
	newB := btn("New", theme.DocumentCreateIcon(), s.newProject)
	openB := btn("Open", theme.FolderOpenIcon(), s.openProject)
	saveB := btn("Save", theme.DocumentSaveIcon(), func() { s.save(nil) })
	importB := btn("Import Service", theme.DownloadIcon(), s.importService)
	varB := btn("Variable", theme.ContentAddIcon(), s.addVariable)
	chartB := btn("Chart", theme.ViewRestoreIcon(), func() { s.addWidget(project.KindChart) })
	tableB := btn("Table", theme.GridIcon(), func() { s.addWidget(project.KindTable) })
	listB := btn("List", theme.ListIcon(), func() { s.addWidget(project.KindList) })
	t.connect = btn("Connect", theme.MediaPlayIcon(), s.toggleConnect)
	t.profile = widget.NewSelect(nil, func(name string) {
		if name != "" && name != s.profile {
			s.SetProfile(name)
		}
	})
	t.edit = widget.NewButtonWithIcon("", theme.SettingsIcon(), s.editProfile)
	t.edit.Importance = widget.LowImportance
	t.save, t.table = saveB, tableB
	t.profile.PlaceHolder = "(no project)" // wide enough for "development"
	t.project = []fyne.Disableable{saveB, importB, varB, chartB, tableB, listB, t.connect, t.profile, t.edit}
	t.box = container.NewHBox(newB, openB, saveB, vsep(), importB, varB, chartB, tableB, listB,
		vsep(), t.connect, layout.NewSpacer(), widget.NewLabel("Profile"), t.profile, t.edit)
	return t
}

func (t *toolbar) object() fyne.CanvasObject {
	return container.NewVBox(t.box, widget.NewSeparator())
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

// refreshConnect names the Connect button after what it would do to the
// selected variable (or to all variables when none is selected).
func (t *toolbar) refreshConnect() {
	if t.s.anyOpen(t.s.connectTargets()) {
		t.connect.SetText("Disconnect")
		t.connect.SetIcon(theme.MediaStopIcon())
	} else {
		t.connect.SetText("Connect")
		t.connect.SetIcon(theme.MediaPlayIcon())
	}
}

// connectTargets are the variables Connect/Disconnect acts on.
func (s *Studio) connectTargets() []*project.Variable {
	if s.proj == nil {
		return nil
	}
	if v := s.selectedVariable(); v != nil {
		return []*project.Variable{v}
	}
	return s.proj.Variables
}

func (s *Studio) anyOpen(vs []*project.Variable) bool {
	for _, v := range vs {
		if rv := s.runtime(v); rv != nil && rv.State() != variable.Closed {
			return true
		}
	}
	return false
}

func (s *Studio) toggleConnect() {
	vs := s.connectTargets()
	if s.anyOpen(vs) {
		for _, v := range vs {
			s.disconnect(v)
		}
	} else {
		for _, v := range vs {
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
			s.changed(false)
			for _, v := range startOrder(s.proj) {
				if s.running[v] != nil {
					s.restart(v)
				}
			}
		}
	}, s.win)
	d.Resize(fyne.NewSize(560, 140+float32(len(items))*44))
	d.Show()
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
