package ui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
)

// Preference keys.
const (
	prefRecent      = "recentProjects"
	prefLastProject = "lastProject"
	maxRecent       = 8
)

// Recent lists the recently opened project folders, newest first.
func Recent(p fyne.Preferences) []string {
	if p == nil {
		return nil
	}
	return p.StringList(prefRecent)
}

// LastProject is the folder of the project opened last, or "".
func LastProject(p fyne.Preferences) string {
	if p == nil {
		return ""
	}
	return p.String(prefLastProject)
}

// addRecent puts dir first in the recent list and remembers it as the last
// project.
func (s *Studio) addRecent(dir string) {
	prefs := s.app.Preferences()
	if prefs == nil || dir == "" {
		return
	}
	list := []string{dir}
	for _, d := range prefs.StringList(prefRecent) {
		if d != dir && len(list) < maxRecent {
			list = append(list, d)
		}
	}
	prefs.SetStringList(prefRecent, list)
	prefs.SetString(prefLastProject, dir)
	s.win.SetMainMenu(s.mainMenu())
}

func (s *Studio) mainMenu() *fyne.MainMenu {
	recent := fyne.NewMenuItem("Open Recent", nil)
	var items []*fyne.MenuItem
	for _, d := range Recent(s.app.Preferences()) {
		dir := d
		items = append(items, fyne.NewMenuItem(dir, func() {
			s.confirmDiscard("opening another project", func() { s.showError(s.OpenDir(dir)) })
		}))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem("No recent projects", nil)
		none.Disabled = true
		items = append(items, none)
	}
	recent.ChildMenu = fyne.NewMenu("", items...)

	item := func(label string, sc fyne.Shortcut, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		it.Shortcut = sc
		return it
	}
	file := fyne.NewMenu("File",
		item("New Project…", scNew, s.newProject),
		item("Open Project…", scOpen, s.openProject),
		recent,
		fyne.NewMenuItemSeparator(),
		item("Save", scSave, func() { s.save(nil) }),
		item("Save As…", scSaveAs, func() { s.saveAs(nil) }),
		fyne.NewMenuItemSeparator(),
		item("Close Project", scClose, s.closeProject),
	)
	proj := fyne.NewMenu("Project",
		item("Import WebSocket Service…", scImport, s.importService),
		fyne.NewMenuItem("Add Variable…", s.addVariable),
		fyne.NewMenuItem("Add Chart", func() { s.addWidget(project.KindChart) }),
		fyne.NewMenuItem("Add Table", func() { s.addWidget(project.KindTable) }),
		fyne.NewMenuItem("Add List", func() { s.addWidget(project.KindList) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Edit Profile…", s.editProfile),
	)
	help := fyne.NewMenu("Help", fyne.NewMenuItem("About "+AppName, s.about))
	return fyne.NewMainMenu(file, proj, help)
}

var (
	scNew    = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	scOpen   = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	scSave   = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	scSaveAs = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	scClose  = &desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}
	scImport = &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}
)

func (s *Studio) addShortcuts() {
	c := s.win.Canvas()
	c.AddShortcut(scNew, func(fyne.Shortcut) { s.newProject() })
	c.AddShortcut(scOpen, func(fyne.Shortcut) { s.openProject() })
	c.AddShortcut(scSave, func(fyne.Shortcut) { s.save(nil) })
	c.AddShortcut(scSaveAs, func(fyne.Shortcut) { s.saveAs(nil) })
	c.AddShortcut(scClose, func(fyne.Shortcut) { s.closeProject() })
	c.AddShortcut(scImport, func(fyne.Shortcut) { s.importService() })
}

// confirmDiscard runs then at once when nothing is unsaved; otherwise it
// asks whether to save first, discard, or cancel (then is not run).
func (s *Studio) confirmDiscard(doing string, then func()) {
	if s.proj == nil || !s.modified {
		then()
		return
	}
	name := s.proj.DisplayName
	if name == "" {
		name = "this project"
	}
	msg := widget.NewLabel(fmt.Sprintf("%s has unsaved changes. Save them before %s?", name, doing))
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	save := widget.NewButton("Save", func() {
		d.Hide()
		s.save(then)
	})
	save.Importance = widget.HighImportance
	discard := widget.NewButton("Don't Save", func() {
		d.Hide()
		s.modified = false
		then()
	})
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Unsaved changes",
		container.NewVBox(msg, container.NewHBox(layoutSpacer(), cancel, discard, save)), s.win)
	d.Resize(fyne.NewSize(460, 160))
	d.Show()
}

func (s *Studio) newProject() {
	s.confirmDiscard("creating a new project", func() {
		s.pickFolder("Folder to create the new project in", func(parent string) {
			name := widget.NewEntry()
			name.SetText("LiveDashboard")
			where := widget.NewLabel("")
			where.Wrapping = fyne.TextWrapBreak
			where.Importance = widget.LowImportance
			name.OnChanged = func(n string) { where.SetText(filepath.Join(parent, strings.TrimSpace(n))) }
			name.OnChanged(name.Text)
			d := dialog.NewForm("New project", "Create", "Cancel",
				[]*widget.FormItem{widget.NewFormItem("Name", name), widget.NewFormItem("Folder", where)}, func(ok bool) {
					if ok {
						s.showError(s.CreateProject(parent, name.Text))
					}
				}, s.win)
			d.Resize(fyne.NewSize(520, 220))
			d.Show()
		})
	})
}

// CreateProject creates and opens a new project named name in a new
// folder of that name inside parent.
func (s *Studio) CreateProject(parent, name string) error {
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return fmt.Errorf("new project: %q is not a folder name", name)
	}
	dir := filepath.Join(parent, name)
	p, err := project.Create(dir, name)
	if err != nil {
		return fmt.Errorf("create project in %s: %w", dir, err)
	}
	s.Load(p)
	s.addRecent(p.Dir)
	return nil
}

func (s *Studio) openProject() {
	s.confirmDiscard("opening another project", func() {
		s.pickFolder("Open project folder", func(dir string) { s.showError(s.OpenDir(dir)) })
	})
}

// pickFolder asks for a folder and calls fn with its path.
func (s *Studio) pickFolder(title string, fn func(dir string)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if u == nil {
			return
		}
		fn(u.Path())
	}, s.win)
	d.SetTitleText(title)
	d.Resize(fyne.NewSize(720, 520))
	d.Show()
}

// Save writes the project; then (may be nil) runs after a successful save.
func (s *Studio) Save() error {
	if s.proj == nil {
		return errors.New("no project is open")
	}
	if err := s.proj.Save(); err != nil {
		return fmt.Errorf("save %s: %w", s.proj.Dir, err)
	}
	s.modified = false
	s.updateTitle()
	s.addRecent(s.proj.Dir)
	return nil
}

func (s *Studio) save(then func()) {
	if s.proj == nil {
		return
	}
	if s.proj.Dir == "" {
		s.saveAs(then)
		return
	}
	if err := s.Save(); err != nil {
		s.showError(err)
		return
	}
	if then != nil {
		then()
	}
}

// SaveAs copies the project folder to dir (keeping the files the studio
// does not own) and saves the project there.
func (s *Studio) SaveAs(dir string) error {
	if s.proj == nil {
		return errors.New("no project is open")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("save as %s: %w", dir, err)
	}
	if s.proj.Dir != "" && abs != s.proj.Dir {
		if err := copyTree(s.proj.Dir, abs); err != nil {
			return fmt.Errorf("save as %s: %w", abs, err)
		}
	}
	s.proj.Dir = abs
	return s.Save()
}

func (s *Studio) saveAs(then func()) {
	if s.proj == nil {
		return
	}
	s.pickFolder("Save project into folder", func(dir string) {
		if err := s.SaveAs(dir); err != nil {
			s.showError(err)
			return
		}
		if then != nil {
			then()
		}
	})
}

// copyTree copies the regular files of src into dst; it refuses a dst that
// already holds a project or lies inside src.
func copyTree(src, dst string) error {
	if rel, err := filepath.Rel(src, dst); err == nil && !strings.HasPrefix(rel, "..") {
		return fmt.Errorf("the folder %s is inside the project folder", dst)
	}
	if _, err := os.Stat(filepath.Join(dst, ".wmproject.properties")); err == nil {
		return fmt.Errorf("the folder %s already holds a project", dst)
	}
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular():
			return nil // links and devices are not copied
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

func (s *Studio) closeProject() {
	s.confirmDiscard("closing the project", func() { s.Load(nil) })
}

func (s *Studio) about() {
	m := s.app.Metadata()
	name := m.Name
	if name == "" {
		name = AppName
	}
	text := fmt.Sprintf("%s\nVersion %s (build %d)\n\nDesign real-time screens on WebSocket services, saved as WaveMaker project folders.",
		name, m.Version, m.Build)
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	var content fyne.CanvasObject = l
	if m.Icon != nil {
		img := widgetIcon(m.Icon, 64)
		content = container.NewBorder(nil, nil, img, nil, l)
	}
	d := dialog.NewCustom("About "+name, "Close", content, s.win)
	d.Resize(fyne.NewSize(440, 200))
	d.Show()
}

func showErr(win fyne.Window, err error) {
	if win == nil {
		fyne.LogError("", err)
		return
	}
	dialog.ShowError(err, win)
}

// RememberProject records dir as the last and most recent project.
func (s *Studio) RememberProject(dir string) { s.addRecent(dir) }
