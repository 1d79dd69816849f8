package wizard

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
)

// keyEntry is an Entry that turns Escape into the wizard's Cancel (a plain
// Entry swallows it). Single-line entries submit with Enter = Next/Finish.
type keyEntry struct {
	widget.Entry
	onEscape func()
}

func newKeyEntry(w *wizard, multiLine bool) *keyEntry {
	e := &keyEntry{onEscape: w.cancel}
	e.MultiLine = multiLine
	e.Wrapping = fyne.TextWrapOff
	if !multiLine {
		e.OnSubmitted = func(string) { w.enter() }
	}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey handles Escape and passes every other key to the Entry.
func (e *keyEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// note is a line of text with an icon, coloured by importance, hidden when
// empty: validation messages, warnings and hints.
type note struct {
	icon  *widget.Icon
	label *widget.Label
	box   *fyne.Container
}

func newNote() *note {
	n := &note{icon: widget.NewIcon(nil), label: widget.NewLabel("")}
	n.label.Wrapping = fyne.TextWrapWord
	n.box = container.NewBorder(nil, nil, n.icon, nil, n.label)
	n.box.Hide()
	return n
}

// set shows text with the icon and colour of importance; "" hides the note.
func (n *note) set(text string, imp widget.Importance) {
	if text == "" {
		n.label.SetText("")
		n.box.Hide()
		return
	}
	var res fyne.Resource
	switch imp {
	case widget.DangerImportance:
		res = theme.NewErrorThemedResource(theme.ErrorIcon())
	case widget.WarningImportance:
		res = theme.NewWarningThemedResource(theme.WarningIcon())
	case widget.SuccessImportance:
		res = theme.NewSuccessThemedResource(theme.ConfirmIcon())
	default:
		res = theme.InfoIcon()
	}
	n.icon.SetResource(res)
	if imp == widget.LowImportance {
		imp = widget.MediumImportance // readable; the icon says it is a hint
	}
	n.label.Importance = imp
	n.label.SetText(text)
	n.box.Show()
}

func (n *note) text() string { return n.label.Text }

// paramTable edits a list of name/value pairs: one row of entries per
// parameter, a remove button per row and an Add button. With fixedNames
// the names come from elsewhere (path parameters) and only values change.
type paramTable struct {
	w          *wizard
	rows       []project.Param
	fixedNames bool
	// enums are the values offered for a parameter (from an AsyncAPI
	// document); nil or none: the value is typed.
	enums    func(name string) []string
	addLabel string
	namePH   string
	valuePH  string
	empty    string
	onChange func([]project.Param)

	box      *fyne.Container
	entries  [][2]*keyEntry
	removers []*widget.Button
	add      *widget.Button
}

func newParamTable(w *wizard, addLabel, namePH, valuePH, empty string, fixedNames bool, onChange func([]project.Param)) *paramTable {
	t := &paramTable{w: w, addLabel: addLabel, namePH: namePH, valuePH: valuePH, empty: empty, fixedNames: fixedNames, onChange: onChange}
	t.box = container.NewVBox()
	if !fixedNames {
		t.add = widget.NewButtonWithIcon(addLabel, theme.ContentAddIcon(), func() {
			t.rows = append(t.rows, project.Param{Type: "string"})
			t.rebuild()
			t.changed()
			if e := t.entries[len(t.entries)-1][0]; e != nil {
				if c := fyne.CurrentApp().Driver().CanvasForObject(t.box); c != nil {
					c.Focus(e)
				}
			}
		})
		t.add.Importance = widget.LowImportance
	}
	t.rebuild()
	return t
}

// set replaces the rows (from the model) and redraws.
func (t *paramTable) set(ps []project.Param) {
	t.rows = cloneParams(ps)
	t.rebuild()
}

func (t *paramTable) changed() {
	if t.onChange != nil {
		t.onChange(cloneParams(t.rows))
	}
}

func (t *paramTable) rebuild() {
	t.entries = t.entries[:0]
	t.removers = t.removers[:0]
	objs := []fyne.CanvasObject{}
	if len(t.rows) == 0 && t.empty != "" {
		objs = append(objs, hint(t.empty))
	} else if len(t.rows) > 0 {
		h1 := widget.NewLabelWithStyle("Name", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		h2 := widget.NewLabelWithStyle("Value", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		spacer := canvas.NewRectangle(color.Transparent)
		spacer.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize() + 2*theme.InnerPadding()))
		objs = append(objs, container.NewBorder(nil, nil, nil, spacer, container.NewGridWithColumns(2, h1, h2)))
	}
	for i := range t.rows {
		name := newKeyEntry(t.w, false)
		name.SetPlaceHolder(t.namePH)
		name.SetText(t.rows[i].Name)
		value := newKeyEntry(t.w, false)
		value.SetPlaceHolder(t.valuePH)
		if t.enums != nil {
			// before the text is set, which draws the entry
			if vals := t.enums(t.rows[i].Name); len(vals) > 0 {
				value.ActionItem = t.offer(value, vals)
				value.SetPlaceHolder("one of " + strings.Join(vals, ", "))
			}
		}
		value.SetText(t.rows[i].Value)
		value.Password = project.IsSecret(t.rows[i].Name)
		name.OnChanged = func(s string) {
			if secret := project.IsSecret(s); secret != value.Password {
				value.Password = secret // tokens stay hidden on screen and in screenshots
				value.Refresh()
			}
			if i < len(t.rows) {
				t.rows[i].Name = s
				t.changed()
			}
		}
		value.OnChanged = func(s string) {
			if i < len(t.rows) {
				t.rows[i].Value = s
				t.changed()
			}
		}
		var right fyne.CanvasObject
		var nameCell fyne.CanvasObject = name
		if t.fixedNames {
			fixed := widget.NewLabelWithStyle("{"+t.rows[i].Name+"}", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
			nameCell = fixed
			spacer := canvas.NewRectangle(color.Transparent)
			spacer.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize() + 2*theme.InnerPadding()))
			right = spacer
			t.removers = append(t.removers, nil)
		} else {
			rm := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
				if i < len(t.rows) {
					t.rows = append(t.rows[:i], t.rows[i+1:]...)
					t.rebuild()
					t.changed()
				}
			})
			rm.Importance = widget.LowImportance
			right = rm
			t.removers = append(t.removers, rm)
		}
		t.entries = append(t.entries, [2]*keyEntry{name, value})
		objs = append(objs, container.NewBorder(nil, nil, nil, right, container.NewGridWithColumns(2, nameCell, value)))
	}
	if t.add != nil {
		objs = append(objs, container.NewHBox(t.add, layout.NewSpacer()))
	}
	t.box.Objects = objs
	t.box.Refresh()
}

// offer is the button inside a value entry that lists the values the
// document offers; choosing one puts it into the entry.
func (t *paramTable) offer(e *keyEntry, vals []string) *widget.Button {
	var b *widget.Button
	b = widget.NewButtonWithIcon("", theme.MenuDropDownIcon(), func() {
		items := make([]*fyne.MenuItem, len(vals))
		for i, val := range vals {
			items[i] = fyne.NewMenuItem(val, func() { e.SetText(val) })
		}
		c := fyne.CurrentApp().Driver().CanvasForObject(b)
		if c == nil {
			return
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
		widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos.AddXY(0, b.Size().Height))
	})
	b.Importance = widget.LowImportance
	return b
}

// stepIndicator draws "1 Endpoint · 2 Test · 3 Samples · 4 Review" with the
// current step highlighted and finished steps ticked.
type stepIndicator struct {
	box *fyne.Container
}

func newStepIndicator() *stepIndicator {
	return &stepIndicator{box: container.NewHBox()}
}

// mark is how the indicator draws one step.
type mark int

const (
	markTodo    mark = iota // a number, greyed
	markCurrent             // a number on the primary colour
	markDone                // a tick on the success colour
	markSkipped             // a number, greyed (the test skipped for ws://)
)

func (s *stepIndicator) set(markOf func(step) mark) {
	th := theme.Current()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	objs := []fyne.CanvasObject{layout.NewSpacer()}
	for i := step(0); i < stepCount; i++ {
		if i > 0 {
			line := canvas.NewRectangle(th.Color(theme.ColorNameSeparator, v))
			line.SetMinSize(fyne.NewSize(48, 2))
			objs = append(objs, container.NewCenter(line))
		}
		fill := th.Color(theme.ColorNameDisabledButton, v)
		fg := th.Color(theme.ColorNameForeground, v)
		textColor := th.Color(theme.ColorNamePlaceHolder, v)
		label := strconv.Itoa(int(i) + 1)
		bold, done := false, false
		switch markOf(i) {
		case markCurrent:
			fill = th.Color(theme.ColorNamePrimary, v)
			fg = th.Color(theme.ColorNameForegroundOnPrimary, v)
			textColor = th.Color(theme.ColorNameForeground, v)
			bold = true
		case markDone:
			fill = th.Color(theme.ColorNameSuccess, v)
			fg = th.Color(theme.ColorNameForegroundOnSuccess, v)
			textColor = th.Color(theme.ColorNameForeground, v)
			done = true
		}
		circle := canvas.NewCircle(fill)
		var mark fyne.CanvasObject
		if done {
			tick := canvas.NewImageFromResource(theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameForegroundOnSuccess))
			tick.SetMinSize(fyne.NewSquareSize(16))
			mark = tick
		} else {
			num := canvas.NewText(label, fg)
			num.TextStyle.Bold = true
			num.Alignment = fyne.TextAlignCenter
			mark = num
		}
		size := fyne.NewSquareSize(26)
		dot := container.NewGridWrap(size, container.NewStack(circle, container.NewCenter(mark)))
		title := canvas.NewText(i.String(), textColor)
		title.TextStyle.Bold = bold
		title.TextSize = th.Size(theme.SizeNameText) + 1
		objs = append(objs, dot, container.NewCenter(title))
	}
	objs = append(objs, layout.NewSpacer())
	s.box.Objects = objs
	s.box.Refresh()
}

// heading is a bold section title.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// hint is a low-importance explanatory line.
func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	return l
}
