// Package scriptedit is the Events section of a WebSocket variable's
// property panel: each of the variable's seven events, whether the page
// script (or app.js) has a handler for it, and an Edit button that opens a
// code editor on that one function. Saving rewrites only that function in
// the script; every other byte of the file stays as it was.
package scriptedit

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
	"wsstudio/variable/script"
)

// Editor makes the Events sections of the variables' panels. The zero
// Editor edits scripts on disk and tells no one else.
type Editor struct {
	// Saved, when set, is called on the UI goroutine after a script was
	// written, so that the studio can reload it for the running variables
	// (script.Registry.Reload).
	Saved func(p *project.Project, v *project.Variable)
}

// EventsSection builds the Events section for variable v of project p.
// onSaved is called after a handler was written to the script on disk; the
// project model is not changed by it, so there is nothing left to save.
// It has the shape of ui.Options.EventsSection.
func (e Editor) EventsSection(win fyne.Window, p *project.Project, v *project.Variable, onSaved func()) fyne.CanvasObject {
	s := newSection(e, win, p, v, onSaved)
	return s.box
}

// section is one variable's Events section.
type section struct {
	ed      Editor
	win     fyne.Window
	p       *project.Project
	v       *project.Variable
	onSaved func()

	file    *widget.Label // where the handlers live
	problem *widget.Label // the script's syntax error, if any
	status  [7]*widget.Label
	edit    [7]*widget.Button
	box     *fyne.Container

	editor *editor // the open editor, if any
}

func newSection(ed Editor, win fyne.Window, p *project.Project, v *project.Variable, onSaved func()) *section {
	s := &section{ed: ed, win: win, p: p, v: v, onSaved: onSaved}
	s.file = widget.NewLabel("")
	s.file.TextStyle = fyne.TextStyle{Italic: true}
	s.file.Truncation = fyne.TextTruncateEllipsis
	s.problem = widget.NewLabel("")
	s.problem.Importance = widget.DangerImportance
	s.problem.Wrapping = fyne.TextWrapWord
	s.problem.Hide()
	form := widget.NewForm()
	for i, ev := range script.Events {
		s.status[i] = widget.NewLabel("")
		s.edit[i] = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { s.open(ev) })
		s.edit[i].Importance = widget.LowImportance
		form.Append(string(ev), container.NewBorder(nil, nil, nil, s.edit[i], s.status[i]))
	}
	s.box = container.NewVBox(s.file, s.problem, form)
	s.refresh()
	return s
}

// rel is the script's path relative to the project folder, for display.
func (s *section) rel() string {
	rel, err := filepath.Rel(s.p.Dir, script.ScriptFile(s.p, s.v))
	if err != nil {
		return script.ScriptFile(s.p, s.v)
	}
	return filepath.ToSlash(rel)
}

// refresh reads the script again and shows which handlers it has.
func (s *section) refresh() {
	s.file.SetText("Handlers in " + s.rel())
	src, err := script.Read(s.p, s.v)
	if err == nil {
		err = script.Check(filepath.Base(s.rel()), src)
	}
	if err != nil {
		s.problem.SetText(err.Error())
		s.problem.Show()
	} else {
		s.problem.Hide()
	}
	have := map[string]bool{}
	for _, h := range script.Handlers(src) {
		have[h] = true
	}
	for i, ev := range script.Events {
		if have[s.handler(ev)] {
			s.status[i].SetText("defined")
			s.status[i].Importance = widget.SuccessImportance
		} else {
			s.status[i].SetText("—")
			s.status[i].Importance = widget.LowImportance
		}
		s.status[i].Refresh()
	}
}

func (s *section) handler(ev script.Event) string {
	return script.HandlerName(script.Owner(s.v), s.v.Name, ev)
}

// codeEntry is the editor's text area: a monospace multi-line entry that
// takes Tab as a character and Ctrl+S (Cmd+S) as Save.
type codeEntry struct {
	widget.Entry
	onSave func()
}

func newCodeEntry(onSave func()) *codeEntry {
	c := &codeEntry{onSave: onSave}
	c.MultiLine = true
	c.Wrapping = fyne.TextWrapOff
	c.TextStyle = fyne.TextStyle{Monospace: true}
	c.ExtendBaseWidget(c)
	return c
}

// TypedShortcut saves on Ctrl+S (Cmd+S); other shortcuts edit as usual.
func (c *codeEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && cs.KeyName == fyne.KeyS && cs.Modifier == fyne.KeyModifierShortcutDefault {
		if c.onSave != nil {
			c.onSave()
		}
		return
	}
	c.Entry.TypedShortcut(s)
}

// editor is the code editor dialog on one handler.
type editor struct {
	name    string
	code    *codeEntry
	problem *widget.Label
	save    *widget.Button
	cancel  *widget.Button
	dialog  dialog.Dialog
}

// open shows the editor on ev's handler: its source from the script, or
// the template when the script has none.
func (s *section) open(ev script.Event) {
	name := s.handler(ev)
	src, err := script.Read(s.p, s.v)
	if err != nil {
		dialog.ShowError(err, s.win)
		return
	}
	text, ok := script.FunctionSource(src, name)
	if !ok {
		text = script.Template(ev)
	}
	ed := &editor{name: name}
	ed.code = newCodeEntry(func() { ed.save.OnTapped() })
	ed.code.SetText(text)
	ed.problem = widget.NewLabel("")
	ed.problem.Importance = widget.DangerImportance
	ed.problem.Wrapping = fyne.TextWrapWord
	ed.problem.Hide()
	ed.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() {
		if err := s.saveHandler(name, ed.code.Text); err != nil {
			ed.problem.SetText(err.Error())
			ed.problem.Show()
			return
		}
		ed.dialog.Hide()
		s.editor = nil
	})
	ed.save.Importance = widget.HighImportance
	ed.cancel = widget.NewButton("Cancel", func() {
		ed.dialog.Hide()
		s.editor = nil
	})
	head := widget.NewLabel("in " + s.rel())
	head.TextStyle = fyne.TextStyle{Italic: true}
	head.Truncation = fyne.TextTruncateEllipsis
	foot := container.NewVBox(ed.problem, container.NewHBox(layout.NewSpacer(), ed.cancel, ed.save))
	content := container.NewBorder(head, foot, nil, nil, ed.code)
	ed.dialog = dialog.NewCustomWithoutButtons(name, content, s.win)
	ed.dialog.Resize(editorSize(s.win))
	s.editor = ed
	ed.dialog.Show()
	s.win.Canvas().Focus(ed.code)
}

// editorSize is a roomy editor that still fits in the window.
func editorSize(win fyne.Window) fyne.Size {
	size := fyne.NewSize(760, 520)
	if c := win.Canvas().Size(); c.Width > 0 && c.Height > 0 {
		size.Width = min(size.Width, c.Width-40)
		size.Height = min(size.Height, c.Height-40)
	}
	return size
}

// saveHandler puts code in place of the handler's function in the script
// as it is on disk now, writes it, and tells the studio.
func (s *section) saveHandler(name, code string) error {
	src, err := script.Read(s.p, s.v)
	if err != nil {
		return err
	}
	out, err := script.SetFunction(src, name, code)
	if err != nil {
		return err
	}
	if err := script.Save(s.p, s.v, out); err != nil {
		return err
	}
	s.refresh()
	if s.ed.Saved != nil {
		s.ed.Saved(s.p, s.v)
	}
	if s.onSaved != nil {
		s.onSaved()
	}
	return nil
}
