package ui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
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

// LastProject is the folder of the project opened last, or "": the first
// of the recent list (older versions kept it under a key of its own, which
// is still read when the list is empty).
func LastProject(p fyne.Preferences) string {
	if p == nil {
		return ""
	}
	if recent := p.StringList(prefRecent); len(recent) > 0 {
		return recent[0]
	}
	return p.String(prefLastProject)
}

// addRecent puts dir first in the recent list, which makes it the last
// project too.
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
	// one write, and only when something changed: each write rewrites the
	// preferences file, and a second write close behind the first is what
	// lets Fyne's file watcher read it half-written (and log "EOF")
	if !slices.Equal(list, prefs.StringList(prefRecent)) {
		prefs.SetStringList(prefRecent, list)
	}
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
	s.menu.save = item("Save", scSave, func() { s.save(nil) })
	s.menu.saveAs = item("Save As…", scSaveAs, func() { s.saveAs(nil) })
	s.menu.closeP = item("Close Project", scClose, s.closeProject)
	file := fyne.NewMenu("File",
		item("New Project…", scNew, s.newProject),
		fyne.NewMenuItem("New from Example…", s.newFromExample),
		item("Open Project…", scOpen, s.openProject),
		recent,
		fyne.NewMenuItemSeparator(),
		s.menu.save,
		s.menu.saveAs,
		fyne.NewMenuItemSeparator(),
		s.menu.closeP,
		fyne.NewMenuItemSeparator(),
		quitItem(item("Quit", scQuit, s.requestClose)),
	)
	s.menu.undo = item("Undo", scUndo, func() { s.Undo() })
	s.menu.redo = item("Redo", scRedo, func() { s.Redo() })
	s.menu.edit = fyne.NewMenu("Edit", s.menu.undo, s.menu.redo)
	proj := fyne.NewMenu("Project",
		item("Import WebSocket Service…", scImport, s.importService),
		item("Add Variable…", scVariable, s.addVariable),
		item("Add Chart", scChart, func() { s.addWidget(project.KindChart) }),
		item("Add Table", scTable, func() { s.addWidget(project.KindTable) }),
		item("Add List", scList, func() { s.addWidget(project.KindList) }),
	)
	// in the main menu their shortcuts work while a property box has the
	// keyboard too (Fyne looks there first)
	proj.Items = append(proj.Items, controlItems(s)...)
	proj.Items = append(proj.Items,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Edit Profile…", s.editProfile),
	)
	s.menu.project = proj.Items
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard Shortcuts", s.showShortcuts),
		fyne.NewMenuItem("About "+AppName, s.about))
	for _, m := range []*fyne.Menu{file, s.menu.edit, proj, help} {
		s.guardMenu(m)
	}
	s.menu.file = file
	s.menu.main = fyne.NewMainMenu(file, s.menu.edit, proj, help)
	s.refreshEditMenu()
	return s.menu.main
}

// menus are the menu items whose state follows the project and history.
type menus struct {
	main                 *fyne.MainMenu
	file, edit           *fyne.Menu
	save, saveAs, closeP *fyne.MenuItem
	undo, redo           *fyne.MenuItem
	project              []*fyne.MenuItem
}

// refreshEditMenu names Undo and Redo after what they would do and
// disables the items that need a project when none is open.
func (s *Studio) refreshEditMenu() {
	m := &s.menu
	if m.main == nil {
		return
	}
	none := s.proj == nil
	m.save.Disabled, m.saveAs.Disabled, m.closeP.Disabled = none, none, none
	for _, it := range m.project {
		it.Disabled = none
	}
	m.undo.Label, m.undo.Disabled = "Undo", !s.CanUndo()
	if d := s.UndoName(); d != "" {
		m.undo.Label = "Undo " + d
	}
	m.redo.Label, m.redo.Disabled = "Redo", !s.CanRedo()
	if d := s.RedoName(); d != "" {
		m.redo.Label = "Redo " + d
	}
	m.main.Refresh()
}

var (
	scNew      = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	scOpen     = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	scSave     = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	scSaveAs   = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	scClose    = &desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}
	scQuit     = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	scImport   = &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}
	scUndo     = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault}
	scRedo     = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	scRedoY    = &desktop.CustomShortcut{KeyName: fyne.KeyY, Modifier: fyne.KeyModifierShortcutDefault}
	scVariable = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	scChart    = &desktop.CustomShortcut{KeyName: fyne.Key1, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	scTable    = &desktop.CustomShortcut{KeyName: fyne.Key2, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	scList     = &desktop.CustomShortcut{KeyName: fyne.Key3, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
)

// shortcutList is what Help → Keyboard Shortcuts shows, in that order.
var shortcutList = []struct {
	keys, what string
}{
	{"Ctrl+N", "New project"},
	{"Ctrl+O", "Open project"},
	{"Ctrl+S", "Save"},
	{"Ctrl+Shift+S", "Save as"},
	{"Ctrl+W", "Close project"},
	{"Ctrl+Q", "Quit (asks about unsaved changes)"},
	{"Ctrl+Z", "Undo"},
	{"Ctrl+Shift+Z, Ctrl+Y", "Redo"},
	{"Ctrl+I", "Import WebSocket service"},
	{"Ctrl+Shift+R", "Add variable"},
	{"Ctrl+Shift+1", "Add chart"},
	{"Ctrl+Shift+2", "Add table"},
	{"Ctrl+Shift+3", "Add list"},
	{"Ctrl+Enter", "Send the console's message"},
	{"Enter / Tab", "Apply the property being edited"},
	{"Delete", "Delete the selection (asks first)"},
	{"Escape", "Cancel the open dialog"},
}

func (s *Studio) addShortcuts() {
	c := s.win.Canvas()
	add := func(sc fyne.Shortcut, what string, fn func()) {
		g := s.guard(what, fn)
		c.AddShortcut(sc, func(fyne.Shortcut) { g() })
	}
	add(scNew, "creating a project", s.newProject)
	add(scOpen, "opening a project", s.openProject)
	add(scSave, "saving", func() { s.save(nil) })
	add(scSaveAs, "saving as", func() { s.saveAs(nil) })
	add(scClose, "closing the project", s.closeProject)
	add(scQuit, "quitting", s.requestClose)
	add(scImport, "importing a service", s.importService)
	add(scUndo, "undoing", func() { s.Undo() })
	add(&fyne.ShortcutUndo{}, "undoing", func() { s.Undo() })
	add(scRedo, "redoing", func() { s.Redo() })
	add(scRedoY, "redoing", func() { s.Redo() })
	add(&fyne.ShortcutRedo{}, "redoing", func() { s.Redo() })
	add(scVariable, "adding a variable", s.addVariable)
	add(scChart, "adding a chart", func() { s.addWidget(project.KindChart) })
	add(scTable, "adding a table", func() { s.addWidget(project.KindTable) })
	add(scList, "adding a list", func() { s.addWidget(project.KindList) })
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyEscape:
			s.dismissTop()
		case fyne.KeyDelete:
			if len(s.dialogs) == 0 {
				s.guard("deleting", s.deleteSelected)()
			}
		}
	})
}

// quitItem marks it as the File menu's Quit, so that Fyne adds no Quit of
// its own that would skip the unsaved-changes prompt.
func quitItem(it *fyne.MenuItem) *fyne.MenuItem {
	it.IsQuit = true
	return it
}

// showShortcuts lists the keyboard shortcuts.
func (s *Studio) showShortcuts() {
	form := widget.NewForm()
	for _, sc := range shortcutList {
		k := widget.NewLabelWithStyle(sc.keys, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		form.Append(sc.what, k)
	}
	// in a small window the list scrolls inside the dialog
	inset := container.New(&insetLayout{right: theme.ScrollBarSize()}, form)
	scr := container.NewVScroll(inset)
	scr.SetMinSize(fyne.NewSize(inset.MinSize().Width, min(form.MinSize().Height, s.win.Canvas().Size().Height-140)))
	d := dialog.NewCustom("Keyboard shortcuts", "Close", scr, s.win)
	s.track(d)
	d.Show()
}

// confirm asks a yes-or-no question; Yes has the focus (Space answers
// it), Escape and No cancel. fn gets the answer.
func (s *Studio) confirm(title, msg string, fn func(bool)) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	answered := false
	answer := func(ok bool) func() {
		return s.guard(strings.ToLower(title), func() {
			answered = true
			d.Hide()
			fn(ok)
		})
	}
	yes := newEscButton("Yes", answer(true), s.dismissTop)
	yes.Importance = widget.DangerImportance
	no := widget.NewButton("No", answer(false))
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(l, container.NewHBox(layoutSpacer(), no, yes)), s.win)
	d.SetOnClosed(func() {
		if !answered {
			answered = true
			fn(false)
		}
	})
	s.showDialog(d)
	d.Resize(fyne.NewSize(440, d.MinSize().Height))
	s.win.Canvas().Focus(yes)
}

// deleteSelected is the Delete key with nothing focused: it asks to
// delete the selected widget, variable or service.
func (s *Studio) deleteSelected() {
	if s.proj == nil {
		return
	}
	if w := s.selectedWidget(); w != nil {
		s.deleteWidget(w)
	} else if v := s.selectedVariable(); v != nil {
		s.deleteVariable(v)
	} else if kind, parts := splitNode(s.selected); kind == "svc" {
		if svc := s.proj.Service(parts[0]); svc != nil && svc.IsWebSocket() {
			s.deleteService(svc)
		}
	}
}

// studioOf finds the studio of a window, for error dialogs shown from code
// that has only the window.
var studioOf = map[fyne.Window]*Studio{}

// showDialog shows d, tracked so that Escape closes it.
func (s *Studio) showDialog(d dialog.Dialog) {
	s.track(d)
	d.Show()
}

// dismissable is a dialog Escape can close: Fyne's dialogs and its file
// dialog both are.
type dismissable interface {
	Dismiss()
	SetOnClosed(func())
}

// track remembers d as the dialog Escape closes, until it is closed.
func (s *Studio) track(d dismissable) {
	t := &tracked{d: d}
	s.dialogs = append(s.dialogs, t)
	d.SetOnClosed(func() {
		for i, x := range s.dialogs {
			if x == t {
				s.dialogs = append(s.dialogs[:i:i], s.dialogs[i+1:]...)
				return
			}
		}
	})
}

type tracked struct{ d dismissable }

// dismissTop closes the dialog opened last, if any, as its Cancel would.
func (s *Studio) dismissTop() {
	if n := len(s.dialogs); n > 0 {
		t := s.dialogs[n-1]
		s.dialogs = s.dialogs[:n-1]
		t.d.Dismiss()
	}
}

// escButton is a dialog's focused button: Space or Enter presses it,
// Escape cancels the dialog.
type escButton struct {
	widget.Button
	onEscape func()
}

func newEscButton(label string, fn, onEscape func()) *escButton {
	b := &escButton{onEscape: onEscape}
	b.Text, b.OnTapped = label, fn
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey implements fyne.Focusable.
func (b *escButton) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		if b.onEscape != nil {
			b.onEscape()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if b.OnTapped != nil && !b.Disabled() {
			b.OnTapped()
		}
	default:
		b.Button.TypedKey(k)
	}
}

// escEntry is an entry for dialogs: Escape cancels the dialog, as it does
// when nothing has the focus.
type escEntry struct {
	widget.Entry
	onEscape func()
}

func newEscEntry(onEscape func()) *escEntry {
	e := &escEntry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey implements fyne.Focusable.
func (e *escEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// confirmDiscard runs then at once when nothing is unsaved; otherwise it
// asks whether to save first, discard, or cancel (then is not run).
func (s *Studio) confirmDiscard(doing string, then func()) {
	if !s.Modified() {
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
	save := newEscButton("Save", s.guard("saving", func() {
		d.Hide()
		s.save(then)
	}), s.dismissTop)
	save.Importance = widget.HighImportance
	discard := widget.NewButton("Don't Save", s.guard(doing, func() {
		d.Hide()
		s.discard()
		then()
	}))
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Unsaved changes",
		container.NewVBox(msg, container.NewHBox(layoutSpacer(), cancel, discard, save)), s.win)
	s.track(d)
	d.Show()
	d.Resize(fyne.NewSize(460, 160))
	// Save has the focus: Space saves, Shift+Tab reaches Don't Save, Escape cancels
	s.win.Canvas().Focus(save)
}

// discard forgets the unsaved edits: the model goes back to what was
// loaded or saved last, so nothing of them can reach the disk later.
func (s *Studio) discard() {
	if s.proj == nil || s.savedState == nil {
		return
	}
	s.proj.Restore(s.savedState)
	s.hist.reset()
	s.last = s.savedState
	s.afterHistory()
}

// defaultParent is where New and Save As suggest putting a project: next
// to the open one, else the home folder.
func (s *Studio) defaultParent() string {
	if s.proj != nil && s.proj.Dir != "" {
		return filepath.Dir(s.proj.Dir)
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return "."
}

// folderForm asks for a new project folder: a name and the folder to
// make it in (typed, or picked with Browse). ok gets both, trimmed.
func (s *Studio) folderForm(title, confirm, name string, ok func(parent, name string) error) {
	s.folderFormWith(title, confirm, name, nil, ok)
}

// folderFormWith is folderForm with form items above the name (New from
// example's choice of example); above gets the name entry, so that a
// choice there can propose a name.
func (s *Studio) folderFormWith(title, confirm, name string, above func(nameE *escEntry) []*widget.FormItem, ok func(parent, name string) error) {
	var d dialog.Dialog
	esc := func() {
		if d != nil {
			d.Hide()
		}
	}
	nameE := newEscEntry(esc)
	nameE.SetText(name)
	parentE := newEscEntry(esc)
	parentE.SetText(s.defaultParent())
	where := widget.NewLabel("")
	where.Wrapping = fyne.TextWrapBreak
	where.Importance = widget.LowImportance
	show := func(string) {
		where.SetText("Creates " + filepath.Join(strings.TrimSpace(parentE.Text), strings.TrimSpace(nameE.Text)))
	}
	nameE.OnChanged, parentE.OnChanged = show, show
	var items []*widget.FormItem
	if above != nil {
		items = above(nameE)
	}
	show("")
	browse := newTipButton("", theme.FolderOpenIcon(), "Pick the folder with a file browser", s.guard("picking a folder", func() {
		s.pickFolder("Folder to put the project in", func(dir string) { parentE.SetText(dir) })
	}))
	submit := s.guard(strings.ToLower(title), func() {
		if err := ok(strings.TrimSpace(parentE.Text), strings.TrimSpace(nameE.Text)); err != nil {
			s.showError(err)
			return
		}
		d.Hide()
	})
	nameE.OnSubmitted = func(string) { submit() }
	parentE.OnSubmitted = func(string) { submit() }
	form := widget.NewForm(append(items,
		widget.NewFormItem("Name", nameE),
		widget.NewFormItem("In folder", container.NewBorder(nil, nil, nil, browse, parentE)),
		widget.NewFormItem("", where),
	)...)
	okB := widget.NewButton(confirm, submit)
	okB.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(form,
		container.NewHBox(layoutSpacer(), cancel, okB)), s.win)
	s.track(d)
	d.Show()
	d.Resize(fyne.NewSize(560, d.MinSize().Height))
	if above != nil {
		// wrapped text above: once the dialog has its width, it needs
		// less height
		d.Resize(fyne.NewSize(560, d.MinSize().Height))
	}
	s.win.Canvas().Focus(nameE)
}

func (s *Studio) newProject() {
	s.confirmDiscard("creating a new project", func() {
		s.folderForm("New project", "Create", "LiveDashboard", func(parent, name string) error {
			return s.CreateProject(parent, name)
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
	s.notify("Created " + p.Dir)
	return nil
}

func (s *Studio) openProject() {
	s.confirmDiscard("opening another project", func() {
		s.pickFolder("Open project folder", func(dir string) { s.showError(s.OpenDir(dir)) })
	})
}

// pickFolder asks for a folder and calls fn with its path. Escape or
// Cancel calls nothing.
func (s *Studio) pickFolder(title string, fn func(dir string)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			s.showError(err)
			return
		}
		if u == nil {
			return
		}
		s.guard("opening a folder", func() { fn(u.Path()) })()
	}, s.win)
	d.SetTitleText(title)
	d.SetConfirmText("Choose")
	if s.proj != nil && s.proj.Dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(s.proj.Dir))); err == nil {
			d.SetLocation(l)
		}
	}
	// keys go to the canvas (Escape cancels) rather than to a panel entry
	s.win.Canvas().Unfocus()
	s.track(d)
	// a file dialog can be sized only once it is shown: before, it has no
	// window to measure and Resize dereferences nil
	d.Show()
	size := s.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(760, size.Width-40), min(540, size.Height-40)))
}

// Save writes the project; then (may be nil) runs after a successful save.
func (s *Studio) Save() error {
	if s.proj == nil {
		return errors.New("no project is open")
	}
	if err := s.proj.Save(); err != nil {
		return fmt.Errorf("save %s: %w", s.proj.Dir, err)
	}
	s.hist.saved = len(s.hist.done)
	s.last = s.proj.Snapshot()
	s.savedState = s.last
	s.updateTitle()
	s.refreshEditMenu()
	s.addRecent(s.proj.Dir)
	s.notify("Saved " + s.proj.Dir)
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
	old := s.proj.Dir
	s.proj.Dir = abs
	if err := s.Save(); err != nil {
		s.proj.Dir = old
		return err
	}
	return nil
}

func (s *Studio) saveAs(then func()) {
	if s.proj == nil {
		return
	}
	// a folder name: the project folder's own, not the display name
	name := "Project"
	if s.proj.Dir != "" {
		name = filepath.Base(s.proj.Dir)
	}
	s.folderForm("Save project as", "Save", name+"-copy", func(parent, name string) error {
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
			return fmt.Errorf("save as: %q is not a folder name", name)
		}
		if err := s.SaveAs(filepath.Join(parent, name)); err != nil {
			return err
		}
		if then != nil {
			then()
		}
		return nil
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
	s.track(d)
	d.Show()
	d.Resize(fyne.NewSize(440, 200))
}

func showErr(win fyne.Window, err error) {
	if win == nil {
		fyne.LogError("", err)
		return
	}
	d := dialog.NewError(err, win)
	if s := studioOf[win]; s != nil {
		s.showDialog(d)
		return
	}
	d.Show()
}

// RememberProject records dir as the last and most recent project.
func (s *Studio) RememberProject(dir string) { s.addRecent(dir) }
