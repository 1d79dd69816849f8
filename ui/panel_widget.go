package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
	"wsstudio/variable/dataset"
	"wsstudio/widgets"
)

// recordsChoice is the Dataset choice of the records themselves.
const recordsChoice = "(records)"

// widgetPanel edits a chart, table or list. Its form comes from the one
// description of the widget's kind (project.KindByName): each property's
// label, editor type, choices and setter.
type widgetPanel struct {
	s      *Studio
	w      *project.Widget
	kind   *project.WidgetKind
	name   *widget.Entry
	vars   *widget.Select
	path   *widget.Select
	errors *widget.Label
	// editors by property key, for tests
	texts  map[string]*commitEntry
	fields map[string]*fieldEntry
	picks  map[string]*widget.Select
	checks map[string]*widget.CheckGroup
	box    fyne.CanvasObject
}

func newWidgetPanel(s *Studio, w *project.Widget) *widgetPanel {
	wp := &widgetPanel{s: s, w: w, kind: project.KindByName(w.Kind),
		texts: map[string]*commitEntry{}, fields: map[string]*fieldEntry{}, picks: map[string]*widget.Select{}, checks: map[string]*widget.CheckGroup{}}
	wp.errors = widget.NewLabel("")
	wp.errors.Importance = widget.DangerImportance
	wp.errors.Wrapping = fyne.TextWrapWord
	wp.errors.Hide()
	if wp.kind == nil {
		wp.box = panelScroll("Widget", placeholder("The widget kind "+w.Kind+" is not one the studio edits."))
		return wp
	}
	fields := s.widgetFields(w)
	keys := recordKeys(fields, w.BindPath)
	form := widget.NewForm(widget.NewFormItem("Kind", readOnly(wp.kind.Label+" ("+wp.kind.Element+")")))
	for i := 0; i < len(wp.kind.Props); i++ {
		prop := &wp.kind.Props[i]
		item := wp.editor(prop, fields, keys)
		if item == nil {
			continue
		}
		// a list item field and its format share a row: field | format
		if i+1 < len(wp.kind.Props) && wp.kind.Props[i+1].Key == prop.Key+"Format" {
			i++
			if f := wp.editor(&wp.kind.Props[i], fields, keys); f != nil {
				item.Widget = container.NewGridWithColumns(2, item.Widget, f.Widget)
				item.HintText = "field, and its display format"
			}
		}
		form.AppendItem(item)
	}
	up := widget.NewButtonWithIcon("Move up", theme.MoveUpIcon(), func() { s.showError(s.MoveWidget(w, -1)) })
	down := widget.NewButtonWithIcon("Move down", theme.MoveDownIcon(), func() { s.showError(s.MoveWidget(w, 1)) })
	del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() { s.deleteWidget(w) })
	del.Importance = widget.DangerImportance
	wp.box = panelScroll(wp.kind.Label+" widget", form, wp.errors, widget.NewSeparator(),
		container.NewHBox(up, down, layoutSpacer(), del))
	return wp
}

// set applies one property through the kind's setter and shows its error.
func (wp *widgetPanel) set(prop *project.WidgetProp, value string) {
	if value == prop.Get(wp.w) {
		return
	}
	err := checkProp(prop, value)
	if err == nil {
		wp.s.UpdateWidget(wp.w, func(w *project.Widget) { err = prop.Set(w, value) })
	}
	if f := wp.fields["format"]; f != nil && prop.Type == project.PropCaption && f.Text != wp.w.Format {
		f.committed = wp.w.Format // a filter typed with the caption set it
		f.SetText(wp.w.Format)
	}
	if err != nil {
		wp.errors.SetText(err.Error())
		wp.errors.Show()
	} else {
		wp.errors.Hide()
	}
}

// editor makes the form row of one property.
func (wp *widgetPanel) editor(prop *project.WidgetProp, fields, keys []project.Field) *widget.FormItem {
	s, w := wp.s, wp.w
	switch {
	case prop.Key == "name":
		wp.name = widget.NewEntry()
		wp.name.SetText(w.Name)
		wp.name.OnSubmitted = func(string) { wp.rename() }
		return widget.NewFormItem(prop.Label, renameRow(wp.name, func() string { return w.Name }, wp.rename))
	case prop.Type == project.PropBinding:
		var names []string
		for _, v := range s.proj.Variables {
			names = append(names, v.Name)
		}
		wp.vars = widget.NewSelect(names, nil)
		wp.vars.SetSelected(w.Variable)
		wp.vars.OnChanged = func(name string) {
			if name != w.Variable {
				wp.set(prop, project.DatasetBinding(name, ""))
				s.showProps()
			}
		}
		wp.path = widget.NewSelect(append([]string{recordsChoice}, arrayPaths(fields)...), nil)
		wp.path.SetSelected(orDefault(w.BindPath, recordsChoice))
		wp.path.OnChanged = func(p string) {
			if p == recordsChoice {
				p = ""
			}
			if p != w.BindPath {
				wp.set(prop, project.DatasetBinding(w.Variable, p))
				s.showProps()
			}
		}
		item := widget.NewFormItem(prop.Label, container.NewGridWithColumns(2, wp.vars, wp.path))
		item.HintText = prop.Get(w)
		return item
	case prop.Type == project.PropChoice:
		sel := widget.NewSelect(prop.Choices, nil)
		sel.SetSelected(orDefault(prop.Get(w), prop.Default))
		sel.OnChanged = func(v string) { wp.set(prop, v) }
		wp.picks[prop.Key] = sel
		return widget.NewFormItem(prop.Label, sel)
	case prop.Type == project.PropKeys:
		opts := keyNames(numeric(keys))
		cg := widget.NewCheckGroup(opts, nil)
		cg.SetSelected(strings.Split(prop.Get(w), ","))
		cg.OnChanged = func(sel []string) { wp.set(prop, strings.Join(ordered(opts, sel), ",")) }
		wp.checks[prop.Key] = cg
		return widget.NewFormItem(prop.Label, cg)
	case prop.Type == project.PropColumns:
		var selected []string
		for _, c := range w.Columns {
			selected = append(selected, c.Binding)
		}
		cg := widget.NewCheckGroup(keyNames(keys), nil)
		cg.SetSelected(selected)
		cg.OnChanged = func(sel []string) {
			wp.set(prop, project.FormatColumns(columnsFor(keys, w.Columns, sel)))
		}
		wp.checks[prop.Key] = cg
		return widget.NewFormItem(prop.Label, cg)
	case prop.Type == project.PropInt:
		e := newCommitEntry(prop.Get(w), false, func(v string) { wp.set(prop, v) })
		e.SetPlaceHolder("default")
		wp.texts[prop.Key] = e
		return widget.NewFormItem(prop.Label, e.Row())
	case prop.Key == "title" || prop.Type == project.PropText && project.IsInteractive(w.Kind):
		e := newCommitEntry(prop.Get(w), false, func(v string) { wp.set(prop, v) })
		wp.texts[prop.Key] = e
		return widget.NewFormItem(prop.Label, e.Row())
	case prop.Type == project.PropCaption, prop.Type == project.PropFormat, prop.Type == project.PropAction:
		opts, hint, tip := wp.suggestions(prop)
		e := newFieldEntry(opts, prop.Get(w), func(v string) { wp.set(prop, v) })
		e.SetPlaceHolder(hint)
		wp.fields[prop.Key] = e
		item := widget.NewFormItem(prop.Label, e)
		item.HintText = tip
		return item
	default:
		// a field path: picked from the metadata (applied at once), or
		// typed (applied on Enter or when the entry is left)
		e := newFieldEntry(keyNames(keys), prop.Get(w), func(v string) { wp.set(prop, v) })
		e.SetPlaceHolder("a field, e.g. price")
		wp.fields[prop.Key] = e
		return widget.NewFormItem(prop.Label, e)
	}
}

// fieldEntry is a field path typed or picked from the metadata's fields:
// a pick, or a typed name that is one of them, applies at once; other
// text applies on Enter or when the entry loses the focus.
type fieldEntry struct {
	widget.SelectEntry
	opts      []string
	committed string
	onCommit  func(string)
}

func newFieldEntry(opts []string, text string, onCommit func(string)) *fieldEntry {
	e := &fieldEntry{opts: opts, committed: text, onCommit: onCommit}
	e.ExtendBaseWidget(e)
	e.SetOptions(opts)
	e.SetText(text)
	e.OnChanged = func(t string) {
		if contains(e.opts, t) {
			e.Commit()
		}
	}
	e.OnSubmitted = func(string) { e.Commit() }
	return e
}

// Commit applies the text if it changed.
func (e *fieldEntry) Commit() {
	if e.Text == e.committed {
		return
	}
	e.committed = e.Text
	e.onCommit(e.Text)
}

// FocusLost implements fyne.Focusable: leaving the entry applies it.
func (e *fieldEntry) FocusLost() {
	e.SelectEntry.FocusLost()
	e.Commit()
}

func (wp *widgetPanel) object() fyne.CanvasObject { return wp.box }

// checkProp refuses what the project model cannot judge: a display format
// that does not parse, a caption binding the live label cannot read.
func checkProp(prop *project.WidgetProp, value string) error {
	value = strings.TrimSpace(value)
	switch prop.Type {
	case project.PropFormat:
		if _, err := widgets.ParsePattern(value); err != nil {
			return fmt.Errorf("%s: %w", strings.ToLower(prop.Label), err)
		}
	case project.PropCaption:
		if !strings.HasPrefix(value, "bind:") {
			return nil
		}
		value, _ = project.SplitCaption(value)
		b, err := dataset.ParseBinding(value)
		if err != nil {
			return fmt.Errorf("caption: %w", err)
		}
		if b.Target != dataset.BindVariable {
			return fmt.Errorf("caption %q: a label shows a variable's lastRecord, firstRecord or dataSet", value)
		}
	}
	return nil
}

// displayFormats are the formats offered for labels and list items.
var displayFormats = []string{"hh:mm:ss a", "HH:mm:ss", "HH:mm", "dd/MM/yyyy", "MMM d, y h:mm a", "yyyy-MM-dd HH:mm:ss", "0", "1", "2"}

// suggestions are the choices offered for a caption, a format or an
// on-click, with the entry's placeholder and the row's hint.
func (wp *widgetPanel) suggestions(prop *project.WidgetProp) (opts []string, placeholder, hint string) {
	s := wp.s
	switch prop.Type {
	case project.PropFormat:
		return displayFormats, "as it is", "a date pattern or decimals"
	case project.PropCaption:
		for _, v := range s.proj.Variables {
			if v.Owner == project.OwnerPage && v.Page != wp.w.Page {
				continue
			}
			fields := recordKeys(s.widgetFields(&project.Widget{Variable: v.Name}), "")
			for _, f := range fields {
				opts = append(opts, "bind:Variables."+v.Name+".lastRecord."+f.Path)
			}
			for _, f := range fields {
				opts = append(opts, "bind:Variables."+v.Name+".firstRecord."+f.Path)
			}
			opts = append(opts, "bind:Variables."+v.Name+".dataSet.length")
		}
		return opts, "text, or bind:Variables.X.lastRecord.field", "text, or a binding"
	case project.PropAction:
		for _, v := range s.proj.Variables {
			if v.Owner == project.OwnerPage && v.Page != wp.w.Page {
				continue
			}
			for _, m := range project.VariableMethods {
				opts = append(opts, "Variables."+v.Name+"."+m+"()")
			}
		}
		return opts, "Variables.X.send() or Page.fn()", "send, open, close, invoke or Page.fn()"
	}
	return nil, "", ""
}

func (wp *widgetPanel) rename() {
	name := strings.TrimSpace(wp.name.Text)
	if name == wp.w.Name {
		return
	}
	if err := wp.s.RenameWidget(wp.w, name); err != nil {
		wp.s.showError(err)
		wp.name.SetText(wp.w.Name)
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// widgetFields are the response fields of the widget's variable's service.
func (s *Studio) widgetFields(w *project.Widget) []project.Field {
	v := s.proj.Variable(w.Variable)
	if v == nil {
		return nil
	}
	svc := s.proj.Service(v.Service)
	if svc == nil {
		return nil
	}
	return svc.Response.Fields()
}

// arrayPaths lists the fields that hold arrays of records ("readings").
func arrayPaths(fs []project.Field) []string {
	var out []string
	for _, f := range fs {
		if f.Type == "array" && !strings.Contains(f.Path, "[]") {
			out = append(out, f.Path)
		}
	}
	return out
}

// recordKeys are the fields of one record at bindPath: for "" the fields
// outside arrays; for "readings" the fields under "readings[]." with that
// prefix removed.
func recordKeys(fs []project.Field, bindPath string) []project.Field {
	var out []project.Field
	prefix := ""
	if bindPath != "" {
		prefix = bindPath + "[]."
	}
	for _, f := range fs {
		if !strings.HasPrefix(f.Path, prefix) {
			continue
		}
		rest := strings.TrimPrefix(f.Path, prefix)
		if strings.Contains(rest, "[]") || f.Type == "array" || f.Type == "object" || (f.Type == "" && f.Format == "") {
			continue
		}
		f.Path = rest
		out = append(out, f)
	}
	return out
}

func keyNames(fs []project.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Path
	}
	return out
}

func numeric(fs []project.Field) []project.Field {
	var out []project.Field
	for _, f := range fs {
		if f.Type == "integer" || f.Type == "number" {
			out = append(out, f)
		}
	}
	return out
}

// ordered keeps the selected names in the order of all.
func ordered(all, sel []string) []string {
	var out []string
	for _, a := range all {
		if contains(sel, a) {
			out = append(out, a)
		}
	}
	return out
}

// columnsFor builds table columns for the selected keys in metadata order,
// keeping captions the user already had.
func columnsFor(keys []project.Field, old []project.Column, sel []string) []project.Column {
	var out []project.Column
	for _, k := range keys {
		if !contains(sel, k.Path) {
			continue
		}
		col := project.Column{Binding: k.Path, Caption: project.Caption(k.Path),
			Type: project.ColumnType(project.Property{Type: k.Type, Format: k.Format})}
		for _, c := range old {
			if c.Binding == k.Path {
				col.Caption = c.Caption
			}
		}
		out = append(out, col)
	}
	return out
}

// UpdateWidget changes a widget's properties with fn; the live widget
// follows at once and the project is marked modified.
func (s *Studio) UpdateWidget(w *project.Widget, fn func(w *project.Widget)) {
	oldVar := w.Variable
	fn(w)
	if w.Variable != oldVar {
		s.changedAs("Change "+w.Name, true)
		return
	}
	s.page.apply(w)
	s.changedAs("Change "+w.Name, false)
}

// RenameWidget renames a widget on its page.
func (s *Studio) RenameWidget(w *project.Widget, name string) error {
	old := w.Name
	if err := s.proj.RenameWidget(w.Page, old, name); err != nil {
		return fmt.Errorf("rename widget %s: %w", old, err)
	}
	if value, ok := s.inputs.Get(old); ok && project.IsInput(w.Kind) {
		// what was typed stays in the input under its new name
		s.inputs.Delete(old)
		s.inputs.Set(w.Name, value)
		delete(s.page.inputs, old)
		s.page.inputs[w.Name] = true
	}
	if project.IsInput(w.Kind) {
		s.syncRunning() // variables bound to the input read it by its new name
	}
	if s.selected == widgetNode(w.Page, old) {
		s.selected = widgetNode(w.Page, w.Name)
	}
	s.changedAs("Rename "+old+" to "+w.Name, true)
	s.showProps()
	return nil
}

// MoveWidget moves a widget by delta places on its page.
func (s *Studio) MoveWidget(w *project.Widget, delta int) error {
	pg := s.proj.Page(w.Page)
	if pg == nil {
		return nil
	}
	idx := -1
	for i, x := range pg.Widgets {
		if x == w {
			idx = i
		}
	}
	to := idx + delta
	if idx < 0 || to < 0 || to >= len(pg.Widgets) {
		return nil
	}
	if err := s.proj.MoveWidget(w.Page, w.Name, to); err != nil {
		return fmt.Errorf("move widget %s: %w", w.Name, err)
	}
	s.changedAs("Move "+w.Name, true)
	return nil
}

func (s *Studio) deleteWidget(w *project.Widget) {
	s.confirm("Delete widget", "Delete the "+w.Kind+" "+w.Name+" from page "+w.Page+"?", func(ok bool) {
		if ok {
			s.showError(s.DeleteWidget(w))
		}
	})
}

// DeleteWidget removes a widget from its page.
func (s *Studio) DeleteWidget(w *project.Widget) error {
	if err := s.proj.DeleteWidget(w.Page, w.Name); err != nil {
		return fmt.Errorf("delete widget %s: %w", w.Name, err)
	}
	if s.selected == widgetNode(w.Page, w.Name) {
		s.selected = pageNode(w.Page)
	}
	s.changedAs("Delete "+w.Name, true)
	s.showProps()
	return nil
}

// AddWidget adds a widget of kind bound to variable v (nil = the
// selected or first variable; labels, inputs and buttons may have none) to the home page and selects it.
func (s *Studio) AddWidget(kind string, v *project.Variable) (*project.Widget, error) {
	if s.proj == nil {
		return nil, fmt.Errorf("no project is open")
	}
	if v == nil {
		v = s.consoleVariable()
	}
	page := s.homePage()
	if project.IsInput(kind) {
		v = nil // an input binds to no variable: variables bind to it
	}
	base := "widget"
	if v != nil {
		base = strings.ToLower(v.Name[:1]) + v.Name[1:]
	}
	base += strings.ToUpper(kind[:1]) + kind[1:]
	name := base
	for i := 2; findWidget(s.proj, page, name) != nil; i++ {
		name = base + strconv.Itoa(i)
	}
	if v == nil && project.IsInteractive(kind) {
		// WaveMaker's names for a widget of its own: label1, textarea1 …
		name = kind + "1"
		for i := 2; findWidget(s.proj, page, name) != nil; i++ {
			name = kind + strconv.Itoa(i)
		}
	}
	w := s.defaultWidget(kind, name, v)
	w.Page = page
	if err := s.proj.AddWidget(w); err != nil {
		return nil, fmt.Errorf("add %s: %w", kind, err)
	}
	s.selected = widgetNode(w.Page, w.Name)
	s.changedAs("Add "+kind+" "+w.Name, true)
	s.showProps()
	s.tree.tree.Select(s.selected)
	s.page.scrollTo(w)
	return w, nil
}

func (s *Studio) addWidget(kind string) {
	if _, err := s.AddWidget(kind, nil); err != nil {
		s.showError(err)
	}
}
