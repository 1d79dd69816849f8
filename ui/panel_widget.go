package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
)

// ChartTypes are the chart types a chart widget offers.
var ChartTypes = []string{"Line", "Area", "Bar", "Column", "Pie", "Donut", "Bubble"}

// noKey is the choice of "no field" in key selectors.
const noKey = "(record index)"

// widgetPanel edits a chart, table or list.
type widgetPanel struct {
	s       *Studio
	w       *project.Widget
	name    *widget.Entry
	vars    *widget.Select
	path    *widget.Select
	title   *widget.Entry
	height  *widget.Entry
	chart   *widget.Select
	xKey    *widget.Select
	yKeys   *widget.CheckGroup
	columns *widget.CheckGroup
	box     fyne.CanvasObject
}

func newWidgetPanel(s *Studio, w *project.Widget) *widgetPanel {
	wp := &widgetPanel{s: s, w: w}
	upd := func(fn func(w *project.Widget)) { s.UpdateWidget(w, fn) }

	wp.name = widget.NewEntry()
	wp.name.SetText(w.Name)
	wp.name.OnSubmitted = func(string) { wp.rename() }
	renameB := widget.NewButton("Rename", wp.rename)
	renameB.Importance = widget.LowImportance

	var names []string
	for _, v := range s.proj.Variables {
		names = append(names, v.Name)
	}
	wp.vars = widget.NewSelect(names, nil)
	wp.vars.SetSelected(w.Variable)
	wp.vars.OnChanged = func(name string) {
		if name != w.Variable {
			s.UpdateWidget(w, func(w *project.Widget) { w.Variable = name; w.BindPath = "" })
			s.showProps()
		}
	}

	fields := s.widgetFields(w)
	paths := append([]string{"(records)"}, arrayPaths(fields)...)
	wp.path = widget.NewSelect(paths, nil)
	if w.BindPath == "" {
		wp.path.SetSelected("(records)")
	} else {
		wp.path.SetSelected(w.BindPath)
	}
	wp.path.OnChanged = func(p string) {
		if p == "(records)" {
			p = ""
		}
		if p != w.BindPath {
			upd(func(w *project.Widget) { w.BindPath = p })
			s.showProps()
		}
	}

	wp.title = widget.NewEntry()
	wp.title.SetText(w.Title)
	wp.title.OnChanged = func(t string) { upd(func(w *project.Widget) { w.Title = t }) }
	wp.height = intEntry(w.Height, func(n int) { upd(func(w *project.Widget) { w.Height = n }) })

	form := widget.NewForm(
		widget.NewFormItem("Kind", readOnly(w.Kind)),
		widget.NewFormItem("Name", container.NewBorder(nil, nil, nil, renameB, wp.name)),
		widget.NewFormItem("Variable", wp.vars),
		widget.NewFormItem("Dataset", wp.path),
		widget.NewFormItem("Title", wp.title),
		widget.NewFormItem("Height", wp.height),
	)
	form.Items[3].HintText = "bind:Variables." + w.Variable + ".dataSet" + dotted(w.BindPath)
	form.Items[5].HintText = "Pixels; 0 = default"

	keys := recordKeys(fields, w.BindPath)
	parts := []fyne.CanvasObject{form}
	switch w.Kind {
	case project.KindChart:
		wp.chart = widget.NewSelect(ChartTypes, nil)
		wp.chart.SetSelected(orDefault(w.ChartType, "Line"))
		wp.chart.OnChanged = func(t string) { upd(func(w *project.Widget) { w.ChartType = t }) }
		wp.xKey = widget.NewSelect(append([]string{noKey}, keyNames(keys)...), nil)
		wp.xKey.SetSelected(orDefault(w.XKey, noKey))
		wp.xKey.OnChanged = func(k string) {
			if k == noKey {
				k = ""
			}
			upd(func(w *project.Widget) { w.XKey = k })
		}
		wp.yKeys = widget.NewCheckGroup(keyNames(numeric(keys)), nil)
		wp.yKeys.Horizontal = true
		wp.yKeys.SetSelected(w.YKeys)
		wp.yKeys.OnChanged = func(sel []string) {
			upd(func(w *project.Widget) { w.YKeys = ordered(keyNames(numeric(keys)), sel) })
		}
		parts = append(parts, section("Chart"), widget.NewForm(
			widget.NewFormItem("Chart type", wp.chart),
			widget.NewFormItem("X axis", wp.xKey),
			widget.NewFormItem("Y axis", wp.yKeys),
		))
	case project.KindTable:
		var selected []string
		for _, c := range w.Columns {
			selected = append(selected, c.Binding)
		}
		wp.columns = widget.NewCheckGroup(keyNames(keys), nil)
		wp.columns.SetSelected(selected)
		wp.columns.OnChanged = func(sel []string) {
			upd(func(w *project.Widget) { w.Columns = columnsFor(keys, w.Columns, sel) })
		}
		parts = append(parts, section("Columns"), wp.columns)
	case project.KindList:
		sel := func(cur string, set func(w *project.Widget, k string)) *widget.Select {
			sl := widget.NewSelect(append([]string{"(none)"}, keyNames(keys)...), nil)
			sl.SetSelected(orDefault(cur, "(none)"))
			sl.OnChanged = func(k string) {
				if k == "(none)" {
					k = ""
				}
				upd(func(w *project.Widget) { set(w, k) })
			}
			return sl
		}
		parts = append(parts, section("Items"), widget.NewForm(
			widget.NewFormItem("Title", sel(w.ItemTitle, func(w *project.Widget, k string) { w.ItemTitle = k })),
			widget.NewFormItem("Subtitle", sel(w.ItemSubtitle, func(w *project.Widget, k string) { w.ItemSubtitle = k })),
			widget.NewFormItem("Detail", sel(w.ItemDetail, func(w *project.Widget, k string) { w.ItemDetail = k })),
		))
	}
	up := widget.NewButtonWithIcon("Move up", theme.MoveUpIcon(), func() { s.showError(s.MoveWidget(w, -1)) })
	down := widget.NewButtonWithIcon("Move down", theme.MoveDownIcon(), func() { s.showError(s.MoveWidget(w, 1)) })
	del := widget.NewButtonWithIcon("Delete widget", theme.DeleteIcon(), func() { s.deleteWidget(w) })
	del.Importance = widget.DangerImportance
	parts = append(parts, widget.NewSeparator(), container.NewHBox(up, down, layoutSpacer(), del))
	wp.box = panelScroll(strings.ToUpper(w.Kind[:1])+w.Kind[1:]+" widget", parts...)
	return wp
}

func (wp *widgetPanel) object() fyne.CanvasObject { return wp.box }

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

func dotted(p string) string {
	if p == "" {
		return ""
	}
	return "." + p
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
		col := project.Column{Binding: k.Path, Caption: caption(k.Path), Type: columnType(k)}
		for _, c := range old {
			if c.Binding == k.Path {
				col.Caption = c.Caption
			}
		}
		out = append(out, col)
	}
	return out
}

// caption turns "lastPrice" or "last_price" into "Last Price".
func caption(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	var b strings.Builder
	for i, r := range path {
		switch {
		case r == '_' || r == '-':
			b.WriteByte(' ')
			continue
		case i == 0:
			r = []rune(strings.ToUpper(string(r)))[0]
		case r >= 'A' && r <= 'Z' && i > 0 && path[i-1] >= 'a' && path[i-1] <= 'z':
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// columnType is WaveMaker's column type of a field.
func columnType(f project.Field) string {
	switch {
	case f.Type == "integer" && f.Format == "int64":
		return "long"
	case f.Type == "integer":
		return "integer"
	case f.Type == "number":
		return "number"
	case f.Type == "boolean":
		return "boolean"
	}
	return "string"
}

// UpdateWidget changes a widget's properties with fn; the live widget
// follows at once and the project is marked modified.
func (s *Studio) UpdateWidget(w *project.Widget, fn func(w *project.Widget)) {
	oldVar := w.Variable
	fn(w)
	if w.Variable != oldVar {
		s.changed(true)
		return
	}
	s.page.apply(w)
	s.changed(false)
}

// RenameWidget renames a widget on its page.
func (s *Studio) RenameWidget(w *project.Widget, name string) error {
	old := w.Name
	if err := s.proj.RenameWidget(w.Page, old, name); err != nil {
		return fmt.Errorf("rename widget %s: %w", old, err)
	}
	if s.selected == widgetNode(w.Page, old) {
		s.selected = widgetNode(w.Page, w.Name)
	}
	s.changed(true)
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
	s.changed(true)
	return nil
}

func (s *Studio) deleteWidget(w *project.Widget) {
	dialog.ShowConfirm("Delete widget", "Delete the "+w.Kind+" "+w.Name+" from page "+w.Page+"?", func(ok bool) {
		if ok {
			s.showError(s.DeleteWidget(w))
		}
	}, s.win)
}

// DeleteWidget removes a widget from its page.
func (s *Studio) DeleteWidget(w *project.Widget) error {
	if err := s.proj.DeleteWidget(w.Page, w.Name); err != nil {
		return fmt.Errorf("delete widget %s: %w", w.Name, err)
	}
	if s.selected == widgetNode(w.Page, w.Name) {
		s.selected = pageNode(w.Page)
	}
	s.changed(true)
	s.showProps()
	return nil
}

// AddWidget adds a chart, table or list bound to variable v (nil = the
// selected or first variable) to the home page and selects it.
func (s *Studio) AddWidget(kind string, v *project.Variable) (*project.Widget, error) {
	if s.proj == nil {
		return nil, fmt.Errorf("no project is open")
	}
	if v == nil {
		v = s.consoleVariable()
	}
	page := s.homePage()
	base := "widget"
	if v != nil {
		base = strings.ToLower(v.Name[:1]) + v.Name[1:]
	}
	base += strings.ToUpper(kind[:1]) + kind[1:]
	name := base
	for i := 2; findWidget(s.proj, page, name) != nil; i++ {
		name = base + strconv.Itoa(i)
	}
	w := s.defaultWidget(kind, name, v)
	w.Page = page
	if err := s.proj.AddWidget(w); err != nil {
		return nil, fmt.Errorf("add %s: %w", kind, err)
	}
	s.selected = widgetNode(w.Page, w.Name)
	s.changed(true)
	s.showProps()
	s.tree.tree.Select(s.selected)
	return w, nil
}

func (s *Studio) addWidget(kind string) {
	if _, err := s.AddWidget(kind, nil); err != nil {
		s.showError(err)
	}
}
