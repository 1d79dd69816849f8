package widgets

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/tidwall/gjson"

	"wsstudio/variable/dataset"
)

// Column width limits, in Fyne units.
const (
	minColumnWidth = 56
	maxColumnWidth = 360
	// widthSampleRows is how many of the newest rows are measured for
	// column widths on each redraw.
	widthSampleRows = 48
)

// LiveTable shows a dataset as a table: one column per binding, a header
// row, rows in dataset order (newest first for prepend). A cell or a row can
// be selected and copied with Ctrl+C or the context menu.
type LiveTable struct {
	widget.BaseWidget
	refresher

	// Location is the time zone of time columns (nil = local time). Set it
	// before the widget is shown.
	Location *time.Location

	table   *copyTable
	empty   *canvas.Text
	heading *widget.Label // the widget's title, hidden when empty
	height  float32       // preferred height; 0 = none

	bindPath string
	conf     []Column // configured columns
	cols     []Column // shown columns: conf, or derived from the data
	widths   []float32
	view     rowView
	version  uint64
	follow   bool

	// the columns drawn by the table's last refresh, from the header
	// cells it updated: scrolling to the newest row names one of them, so
	// that following new rows keeps the horizontal position
	visLo, visHi int
	visSeen      bool

	// time columns show the time of day alone while every value in view
	// is from today (in Location, by the widget's clock): shortTime is per
	// column, decided at each redraw from the rows the table drew last
	// (rowLo..rowHi); a value from another day always shows its date
	shortTime       []bool
	today, tomorrow time.Time
	rowLo, rowHi    int
	rowSeen         bool

	selected    widget.TableCellID
	hasSelected bool
}

var _ Live = (*LiveTable)(nil)

// NewLiveTable makes a table bound to src, with p's binding path and
// columns. With no columns it shows the top-level fields of the first row.
func NewLiveTable(src dataset.Source, p Props) *LiveTable {
	return NewLiveTableWith(src, p, Options{})
}

// NewLiveTableWith is NewLiveTable with options, in place before the first
// redraw is scheduled.
func NewLiveTableWith(src dataset.Source, p Props, o Options) *LiveTable {
	t := &LiveTable{follow: true}
	t.ExtendBaseWidget(t)
	t.refresher.init(t.redraw, o)
	t.Location = o.Location

	t.table = newCopyTable(t)
	t.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.empty = canvas.NewText(waitingText, theme.Color(theme.ColorNamePlaceHolder))
	t.empty.Alignment = fyne.TextAlignCenter
	t.applyProps(p)
	t.bind(src)
	return t
}

// waitingText is what an empty widget says.
const waitingText = "Waiting for data…"

// SetSource implements Live.
func (t *LiveTable) SetSource(src dataset.Source) {
	t.cols, t.widths, t.version = nil, nil, 0
	t.bind(src)
}

// Apply implements Live: binding path and columns.
func (t *LiveTable) Apply(p Props) {
	t.applyProps(p)
	t.invalidate()
}

func (t *LiveTable) applyProps(p Props) {
	t.bindPath = normalizePath(p.BindPath)
	t.conf = append([]Column(nil), p.Columns...)
	t.height = p.Height
	setHeading(t.heading, p.Title)
	t.cols, t.widths, t.version = nil, nil, 0
}

// Columns returns the columns shown: the configured ones, or those derived
// from the data.
func (t *LiveTable) Columns() []Column {
	return append([]Column(nil), t.cols...)
}

// Rows is the number of data rows shown.
func (t *LiveTable) Rows() int { return t.view.len() }

// CellText is the text shown in a cell (row and column from 0, header not
// counted).
func (t *LiveTable) CellText(rowIdx, col int) string {
	if col < 0 || col >= len(t.cols) {
		return ""
	}
	r, ok := t.view.row(rowIdx)
	if !ok {
		return ""
	}
	return t.cellText(r, col)
}

func (t *LiveTable) cellText(r row, col int) string {
	c := t.cols[col]
	v := r.val
	if c.Binding != "" {
		if !v.IsObject() && !v.IsArray() {
			// a text (or other non-object) record shows itself in the
			// first column
			if col == 0 {
				return formatValue(v, "", t.Location)
			}
			return ""
		}
		v = v.Get(c.Binding)
	}
	if c.Type == TypeTime && col < len(t.shortTime) && t.shortTime[col] {
		if tm, ok := timeOf(v); ok && t.isToday(tm) {
			return tm.In(location(t.Location)).Format("15:04:05.000")
		}
	}
	return formatValue(v, c.Type, t.Location)
}

// isToday reports whether tm falls on the day of the last redraw.
func (t *LiveTable) isToday(tm time.Time) bool {
	return !tm.Before(t.today) && tm.Before(t.tomorrow)
}

// timeFormats decides, for each time column, whether the rows in view are
// all from today, and reports whether that changed for any column. The rows
// in view are those the table drew since the last redraw, or, while it
// follows new rows (or before it has drawn any), as many of the newest.
func (t *LiveTable) timeFormats() bool {
	loc := location(t.Location)
	y, m, d := t.now().In(loc).Date()
	t.today = time.Date(y, m, d, 0, 0, 0, 0, loc)
	t.tomorrow = t.today.AddDate(0, 0, 1)

	n := t.view.len()
	k := 64
	if t.rowSeen {
		k = t.rowHi - t.rowLo + 1
	}
	lo, hi := t.rowLo, t.rowHi+1
	if t.follow || !t.rowSeen {
		lo, hi = n-k, n
		if t.view.newest() == 0 {
			lo, hi = 0, k
		}
	}
	lo, hi = max(lo, 0), min(hi, n)

	if len(t.shortTime) != len(t.cols) {
		t.shortTime = make([]bool, len(t.cols))
	}
	changed := false
	for c, col := range t.cols {
		if col.Type != TypeTime {
			continue
		}
		short := lo < hi
		for i := lo; i < hi && short; i++ {
			r, ok := t.view.row(i)
			if !ok {
				break
			}
			v := r.val
			if col.Binding != "" {
				v = v.Get(col.Binding)
			}
			if tm, ok := timeOf(v); ok && !t.isToday(tm) {
				short = false
			}
		}
		if short != t.shortTime[c] {
			t.shortTime[c], changed = short, true
		}
	}
	return changed
}

// RowText is a row's cells joined by tabs, as copied.
func (t *LiveTable) RowText(rowIdx int) string {
	cells := make([]string, len(t.cols))
	for c := range t.cols {
		cells[c] = tsvField(t.CellText(rowIdx, c))
	}
	return strings.Join(cells, "\t")
}

// TableText is the header and every row as tab-separated values.
func (t *LiveTable) TableText() string {
	var b strings.Builder
	for c, col := range t.cols {
		if c > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(tsvField(col.Caption))
	}
	b.WriteByte('\n')
	for r := 0; r < t.view.len(); r++ {
		b.WriteString(t.RowText(r))
		b.WriteByte('\n')
	}
	return b.String()
}

func tsvField(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

// Select selects a cell (row and column from 0); following the newest row
// pauses while a cell is selected.
func (t *LiveTable) Select(rowIdx, col int) {
	t.table.Select(widget.TableCellID{Row: rowIdx, Col: col})
}

// Unselect clears the selection and resumes following the newest row.
func (t *LiveTable) Unselect() { t.table.UnselectAll() }

// Selected returns the selected cell.
func (t *LiveTable) Selected() (rowIdx, col int, ok bool) {
	return t.selected.Row, t.selected.Col, t.hasSelected
}

// CopySelection copies the selected cell to the clipboard (row true: the
// whole row, tab-separated). It reports whether anything was copied.
func (t *LiveTable) CopySelection(wholeRow bool) bool {
	if !t.hasSelected {
		return false
	}
	s := t.CellText(t.selected.Row, t.selected.Col)
	if wholeRow {
		s = t.RowText(t.selected.Row)
	}
	return copyText(s)
}

func copyText(s string) bool {
	a := fyne.CurrentApp()
	if a == nil || a.Clipboard() == nil {
		return false
	}
	a.Clipboard().SetContent(s)
	return true
}

// redraw takes a snapshot of the source and refreshes the table.
func (t *LiveTable) redraw() {
	grew := t.snapshot()
	t.visSeen, t.rowSeen = false, false
	t.table.Refresh()
	// follow the newest record; a refresh replaces the rows in place, and
	// the user may be reading further down
	if grew {
		t.followNewest()
	}
	t.Refresh()
}

// followNewest shows the newest row, unless the user is looking at a
// selected cell or the rows are replaced in place (refresh).
//
// Appending goes through ScrollTo rather than ScrollToBottom: the table's
// scroller learns its new content height only when it is refreshed, which
// ScrollTo does and ScrollToBottom does not, so ScrollToBottom alone leaves
// the rows drawn for the new offset at the old position, with an empty band
// above them. The column named is one the table shows, so the horizontal
// position stays.
func (t *LiveTable) followNewest() {
	n := t.view.len()
	if !t.follow || n == 0 || t.view.strategy == dataset.Refresh {
		return
	}
	if t.view.newest() == 0 {
		t.table.ScrollToTop()
		return
	}
	col := 0
	if t.visSeen {
		col = (t.visLo + t.visHi) / 2
	}
	t.table.ScrollTo(widget.TableCellID{Row: n - 1, Col: col})
}

// snapshot reads the source: rows, columns and widths. It reports whether
// the data changed since the last one.
func (t *LiveTable) snapshot() bool {
	src := t.Source()
	t.view.sync(src, t.bindPath)
	if len(t.cols) == 0 {
		t.cols = t.conf
		if len(t.cols) == 0 {
			if r, ok := t.view.row(0); ok {
				t.cols = defaultColumns(r.val)
			}
		}
		t.widths = nil
	}
	if t.timeFormats() {
		t.widths = nil // a time column changed width: measure again
	}
	var v uint64
	if src != nil {
		v = src.Version()
	}
	grew := v != t.version
	t.measure(v - t.version)
	t.version = v
	return grew
}

// measure widens columns to fit the header and the newest rows (at most
// the changes since the last redraw); widths only grow, so columns do not
// jump while data flows.
func (t *LiveTable) measure(changes uint64) {
	if len(t.widths) != len(t.cols) {
		t.widths = make([]float32, len(t.cols))
		changes = widthSampleRows
	}
	if changes == 0 {
		return
	}
	th := t.Theme()
	size := th.Size(theme.SizeNameText)
	pad := 2*th.Size(theme.SizeNameInnerPadding) + 2
	bold := fyne.TextStyle{Bold: true}
	for c, col := range t.cols {
		w := fyne.MeasureText(col.Caption, size, bold).Width + pad
		t.widths[c] = max(t.widths[c], w, minColumnWidth)
	}
	n := t.view.len()
	sample := int(min(changes, widthSampleRows))
	if t.view.array { // a refresh replaces every row
		sample = widthSampleRows
	}
	from, to := max(n-sample, 0), n
	if t.view.newest() == 0 {
		from, to = 0, min(n, sample)
	}
	for i := from; i < to; i++ {
		r, ok := t.view.row(i)
		if !ok {
			break
		}
		for c := range t.cols {
			w := fyne.MeasureText(t.cellText(r, c), size, fyne.TextStyle{}).Width + pad
			t.widths[c] = max(t.widths[c], min(w, maxColumnWidth))
		}
	}
	for c, w := range t.widths {
		t.table.SetColumnWidth(c, w)
	}
}

// defaultColumns derives columns from a row: its top-level primitive fields
// in document order, or one column for a value that is not an object.
func defaultColumns(v gjson.Result) []Column {
	if !v.IsObject() {
		caption := "Value"
		if v.Type == gjson.String {
			caption = "Message"
		}
		return []Column{{Binding: "", Caption: caption, Type: ""}}
	}
	var cols []Column
	v.ForEach(func(k, val gjson.Result) bool {
		typ := ""
		switch val.Type {
		case gjson.Number:
			typ = TypeNumber
			if f := val.Float(); f == float64(int64(f)) && !strings.ContainsAny(val.Raw, ".eE") {
				typ = TypeLong
				if _, ok := epochTime(f); ok && f >= minEpochMS && looksLikeTimeKey(k.Str) {
					typ = TypeTime
				}
			}
		case gjson.String:
			typ = TypeString
		case gjson.True, gjson.False:
			typ = TypeBoolean
		default:
			return true // objects, arrays, null: not a column by default
		}
		cols = append(cols, Column{Binding: escapePath(k.Str), Caption: k.Str, Type: typ})
		return true
	})
	if len(cols) == 0 {
		return []Column{{Caption: "Value"}}
	}
	return cols
}

// looksLikeTimeKey reports whether a field name reads as a time stamp:
// time, timestamp, ts, t, date, or ending in Time, _at, At, _ts, Date.
func looksLikeTimeKey(k string) bool {
	l := strings.ToLower(k)
	switch l {
	case "time", "timestamp", "ts", "t", "at", "date", "datetime":
		return true
	}
	return strings.HasSuffix(l, "time") || strings.HasSuffix(l, "timestamp") ||
		strings.HasSuffix(l, "_at") || strings.HasSuffix(k, "At") ||
		strings.HasSuffix(l, "_ts") || strings.HasSuffix(l, "date")
}

// escapePath makes a field name safe as a gjson path.
func escapePath(k string) string {
	if !strings.ContainsAny(k, ".*?|#@\\!=<>%") {
		return k
	}
	var b strings.Builder
	for _, r := range k {
		if strings.ContainsRune(".*?|#@\\!=<>%", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CreateRenderer implements fyne.Widget.
func (t *LiveTable) CreateRenderer() fyne.WidgetRenderer {
	t.snapshot() // the data that came before the widget was shown
	stack := container.NewStack(t.table, container.NewCenter(t.empty))
	return &liveTableRenderer{t: t, stack: container.NewBorder(t.heading, nil, nil, nil, stack)}
}

// setHeading shows a widget title, or hides the label when there is none.
func setHeading(l *widget.Label, title string) {
	l.SetText(title)
	if title == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

type liveTableRenderer struct {
	t     *LiveTable
	stack *fyne.Container
	size  fyne.Size // of the last layout
}

// Layout sizes the table and, when its size changed, shows the newest row
// again: rows that came before the first layout, or a smaller window, would
// otherwise leave it out of view until the next record arrives.
func (r *liveTableRenderer) Layout(s fyne.Size) {
	r.stack.Resize(s)
	if s != r.size {
		r.size = s
		r.t.followNewest()
	}
}

func (r *liveTableRenderer) MinSize() fyne.Size           { return fyne.NewSize(120, max(80, r.t.height)) }
func (r *liveTableRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.stack} }
func (r *liveTableRenderer) Destroy()                     {}
func (r *liveTableRenderer) Refresh() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.t.empty.Color = th.Color(theme.ColorNamePlaceHolder, v)
	r.t.empty.TextSize = th.Size(theme.SizeNameText)
	if r.t.view.len() == 0 {
		r.t.empty.Show()
	} else {
		r.t.empty.Hide()
	}
	r.t.empty.Refresh()
	// the table refreshes itself in redraw; refreshing the stack here would
	// repeat that for every child
}

// copyTable is a widget.Table that copies its selection: Ctrl+C copies the
// selected cell, the context menu a cell, a row or the whole table.
type copyTable struct {
	widget.Table
	owner *LiveTable
}

func newCopyTable(owner *LiveTable) *copyTable {
	ct := &copyTable{owner: owner}
	ct.ExtendBaseWidget(ct)
	ct.ShowHeaderRow = true
	ct.Length = func() (int, int) { return owner.view.len(), len(owner.cols) }
	ct.CreateCell = func() fyne.CanvasObject {
		// no truncation: columns fit their content, and the table clips
		// the rare cell that is wider than the widest column allowed
		return NewLine("")
	}
	ct.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		if !owner.rowSeen {
			owner.rowLo, owner.rowHi, owner.rowSeen = id.Row, id.Row, true
		}
		owner.rowLo, owner.rowHi = min(owner.rowLo, id.Row), max(owner.rowHi, id.Row)
		l := o.(*Line)
		text := owner.CellText(id.Row, id.Col)
		align := fyne.TextAlignLeading
		if id.Col < len(owner.cols) {
			switch owner.cols[id.Col].Type {
			case TypeLong, TypeInteger, TypeNumber:
				align = fyne.TextAlignTrailing
			}
		}
		if l.Text != text || l.Alignment != align {
			l.Alignment = align
			l.SetText(text)
		}
	}
	ct.CreateHeader = func() fyne.CanvasObject {
		l := NewLine("")
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	ct.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			if !owner.visSeen {
				owner.visLo, owner.visHi, owner.visSeen = id.Col, id.Col, true
			}
			owner.visLo, owner.visHi = min(owner.visLo, id.Col), max(owner.visHi, id.Col)
		}
		l := o.(*Line)
		text := ""
		align := fyne.TextAlignLeading
		if id.Col >= 0 && id.Col < len(owner.cols) {
			text = owner.cols[id.Col].Caption
			switch owner.cols[id.Col].Type {
			case TypeLong, TypeInteger, TypeNumber:
				align = fyne.TextAlignTrailing
			}
		}
		if l.Text != text || l.Alignment != align {
			l.Alignment = align
			l.SetText(text)
		}
	}
	ct.OnSelected = func(id widget.TableCellID) {
		owner.selected, owner.hasSelected = id, true
		owner.follow = false
	}
	ct.OnUnselected = func(widget.TableCellID) {
		owner.hasSelected = false
		owner.follow = true
	}
	return ct
}

// TypedShortcut copies the selected cell on Ctrl+C (Cmd+C).
func (ct *copyTable) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutCopy); ok {
		ct.owner.CopySelection(false)
	}
}

// TappedSecondary selects the cell under the pointer and opens the copy
// menu.
func (ct *copyTable) TappedSecondary(e *fyne.PointEvent) {
	c := fyne.CurrentApp().Driver().CanvasForObject(ct)
	if c == nil {
		return
	}
	ct.Tapped(e)
	cell := fyne.NewMenuItem("Copy cell", func() { ct.owner.CopySelection(false) })
	rowItem := fyne.NewMenuItem("Copy row", func() { ct.owner.CopySelection(true) })
	cell.Disabled, rowItem.Disabled = !ct.owner.hasSelected, !ct.owner.hasSelected
	all := fyne.NewMenuItem("Copy table", func() { copyText(ct.owner.TableText()) })
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", cell, rowItem, all), c, e.AbsolutePosition)
}
