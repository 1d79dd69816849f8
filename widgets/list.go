package widgets

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/tidwall/gjson"

	"wsstudio/variable/dataset"
)

// LiveList shows each row of a dataset as an item: a title, an optional
// subtitle and a detail at the trailing edge, each read by path. A text
// record shows its text. The newest item stays in view: the list scrolls to
// the bottom for append and to the top for prepend, unless the user has
// selected an item.
type LiveList struct {
	widget.BaseWidget
	refresher

	// Location is the time zone of times shown (nil = local time).
	Location *time.Location

	list    *widget.List
	empty   *canvas.Text
	heading *widget.Label // the widget's title, hidden when empty
	height  float32       // preferred height; 0 = none

	bindPath                  string
	titlePath, subPath, dPath string
	// display formats of the three fields; "" shows a value as it is
	titleFmt, subFmt, dFmt string
	view                   rowView
	version                uint64
	follow                 bool
	twoLines               bool
	itemH                  float32 // height of one item, from the template
}

var _ Live = (*LiveList)(nil)

// NewLiveList makes a list bound to src with p's binding path and item
// paths (ItemTitle, ItemSubtitle, ItemDetail).
func NewLiveList(src dataset.Source, p Props) *LiveList {
	return NewLiveListWith(src, p, Options{})
}

// NewLiveListWith is NewLiveList with options, in place before the first
// redraw is scheduled.
func NewLiveListWith(src dataset.Source, p Props, o Options) *LiveList {
	l := &LiveList{follow: true}
	l.ExtendBaseWidget(l)
	l.refresher.init(l.redraw, o)
	l.Location = o.Location
	l.empty = canvas.NewText(waitingText, theme.Color(theme.ColorNamePlaceHolder))
	l.empty.Alignment = fyne.TextAlignCenter
	l.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.applyProps(p)
	l.bind(src)
	return l
}

// SetSource implements Live.
func (l *LiveList) SetSource(src dataset.Source) {
	l.version = 0
	l.bind(src)
}

// Apply implements Live: binding path and item paths.
func (l *LiveList) Apply(p Props) {
	l.applyProps(p)
	l.invalidate()
}

func (l *LiveList) applyProps(p Props) {
	l.bindPath = normalizePath(p.BindPath)
	l.titlePath, l.subPath, l.dPath = p.ItemTitle, p.ItemSubtitle, p.ItemDetail
	l.titleFmt, l.subFmt, l.dFmt = p.ItemTitleFormat, p.ItemSubtitleFormat, p.ItemDetailFormat
	l.height = p.Height
	setHeading(l.heading, p.Title)
	l.version = 0
	if twoLines := l.subPath != ""; l.list == nil || twoLines != l.twoLines {
		// item height comes from the template: a new list for a new shape
		l.twoLines, l.itemH = twoLines, 0
		l.list = widget.NewList(l.length, func() fyne.CanvasObject { return newListItem(twoLines) }, l.updateItem)
		l.list.OnSelected = func(widget.ListItemID) { l.follow = false }
		l.list.OnUnselected = func(widget.ListItemID) { l.follow = true }
		l.follow = true
	}
}

// Items is the number of items shown.
func (l *LiveList) Items() int { return l.view.len() }

// ItemText returns the title, subtitle and detail shown for item i.
func (l *LiveList) ItemText(i int) (title, subtitle, detail string) {
	r, ok := l.view.row(i)
	if !ok {
		return "", "", ""
	}
	return l.itemText(r)
}

func (l *LiveList) itemText(r row) (title, subtitle, detail string) {
	v := r.val
	structured := v.IsObject() || v.IsArray()
	field := func(path, format string) string {
		if path == "" || !structured {
			return ""
		}
		if format != "" {
			return oneLine(FormatPattern(v.Get(path), format, l.Location), 200)
		}
		return oneLine(formatValue(v.Get(path), "", l.Location), 200)
	}
	switch {
	case !structured:
		title = oneLine(FormatPattern(v, l.titleFmt, l.Location), 200)
	case l.titlePath != "":
		title = field(l.titlePath, l.titleFmt)
	default:
		title = oneLine(summary(v), 200)
	}
	subtitle = field(l.subPath, l.subFmt)
	if l.dPath != "" {
		detail = field(l.dPath, l.dFmt)
		if t, ok := timeOf(v.Get(l.dPath)); ok && structured && l.dFmt == "" {
			detail = t.In(location(l.Location)).Format("15:04:05")
		}
	}
	if detail == "" && !r.rec.Time.IsZero() && !l.view.array {
		// no detail field (or a text record): when it arrived
		detail = r.rec.Time.In(location(l.Location)).Format("15:04:05")
	}
	return title, subtitle, detail
}

// summary is "key: value · key: value" for the primitive fields of an
// object, or compact JSON.
func summary(v gjson.Result) string {
	if !v.IsObject() {
		return compactJSON(v.Raw)
	}
	var parts []string
	v.ForEach(func(k, val gjson.Result) bool {
		if val.IsObject() || val.IsArray() {
			return true
		}
		parts = append(parts, k.Str+": "+formatValue(val, "", nil))
		return len(parts) < 8
	})
	if len(parts) == 0 {
		return compactJSON(v.Raw)
	}
	return strings.Join(parts, "  ·  ")
}

func (l *LiveList) length() int { return l.view.len() }

// listItem is the item template: title over subtitle, detail trailing in
// the theme's placeholder colour.
type listItem struct {
	widget.BaseWidget
	title, sub, detail *Line
	twoLines           bool
}

func newListItem(twoLines bool) fyne.CanvasObject {
	it := &listItem{title: NewLine(""), sub: NewLine(""), detail: NewLine(""), twoLines: twoLines}
	it.ExtendBaseWidget(it)
	it.title.TextStyle.Bold = true
	it.title.Truncate = true
	it.sub.Truncate = true
	it.detail.Color = theme.ColorNamePlaceHolder
	it.detail.SizeName = theme.SizeNameCaptionText
	it.detail.Alignment = fyne.TextAlignTrailing
	return it
}

func (it *listItem) CreateRenderer() fyne.WidgetRenderer {
	var lines fyne.CanvasObject = it.title
	if it.twoLines {
		lines = container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), it.title, it.sub)
	}
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, container.NewVBox(it.detail), lines))
}

func (l *LiveList) updateItem(id widget.ListItemID, o fyne.CanvasObject) {
	it := o.(*listItem)
	title, sub, detail := l.ItemText(id)
	it.title.SetText(title)
	it.sub.SetText(sub)
	it.detail.SetText(detail)
}

func (l *LiveList) redraw() {
	atEnd := l.atNewestEnd()
	grew := l.snapshot()
	l.list.Refresh()
	// follow the newest record, unless the user scrolled away from it; a
	// refresh replaces the items in place
	if grew && atEnd {
		l.followNewest()
	}
	l.Refresh()
}

// followNewest scrolls to the end where new records arrive, unless an item
// is selected or the items are replaced in place (refresh).
func (l *LiveList) followNewest() {
	if !l.follow || l.view.len() == 0 || l.view.strategy == dataset.Refresh {
		return
	}
	if l.view.newest() == 0 {
		l.list.ScrollToTop()
	} else {
		l.list.ScrollToBottom()
	}
}

// atNewestEnd reports whether the list shows the end where new records
// arrive (the bottom for append, the top for prepend), give or take half
// an item: scrolled there, the list keeps following.
func (l *LiveList) atNewestEnd() bool {
	n := l.view.len()
	off := l.list.GetScrollOffset()
	if l.itemH == 0 {
		l.itemH = newListItem(l.twoLines).MinSize().Height
	}
	if n == 0 || l.view.newest() == 0 {
		return off <= l.itemH/2
	}
	sep := l.Theme().Size(theme.SizeNameSeparatorThickness)
	content := float32(n)*(l.itemH+sep) - sep
	return off+l.list.Size().Height >= content-l.itemH/2
}

// snapshot reads the source; it reports whether the data changed since
// the last one.
func (l *LiveList) snapshot() bool {
	src := l.Source()
	l.view.sync(src, l.bindPath)
	var v uint64
	if src != nil {
		v = src.Version()
	}
	grew := v != l.version
	l.version = v
	return grew
}

// CreateRenderer implements fyne.Widget.
func (l *LiveList) CreateRenderer() fyne.WidgetRenderer {
	l.snapshot() // the data that came before the widget was shown
	stack := container.NewStack(l.list, container.NewCenter(l.empty))
	return &liveListRenderer{l: l, stack: stack, box: container.NewBorder(l.heading, nil, nil, nil, stack)}
}

type liveListRenderer struct {
	l     *LiveList
	size  fyne.Size       // of the last layout
	stack *fyne.Container // list and empty state
	box   *fyne.Container // heading over stack
}

// Layout sizes the list. A list that showed the newest end before (or
// had no size yet: records that came before the first layout) shows it
// again at its new size, so that it keeps following.
func (r *liveListRenderer) Layout(s fyne.Size) {
	atEnd := r.l.list.Size().Height <= 0 || r.l.atNewestEnd()
	r.box.Resize(s)
	if atEnd && s != r.size {
		r.l.followNewest()
	}
	r.size = s
}

func (r *liveListRenderer) MinSize() fyne.Size           { return fyne.NewSize(120, max(80, r.l.height)) }
func (r *liveListRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.box} }
func (r *liveListRenderer) Destroy()                     {}
func (r *liveListRenderer) Refresh() {
	if r.stack.Objects[0] != r.l.list { // Apply made a new list
		r.stack.Objects[0] = r.l.list
		r.stack.Refresh()
	}
	th := r.l.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.l.empty.Color = th.Color(theme.ColorNamePlaceHolder, v)
	r.l.empty.TextSize = th.Size(theme.SizeNameText)
	if r.l.view.len() == 0 {
		r.l.empty.Show()
	} else {
		r.l.empty.Hide()
	}
	r.l.empty.Refresh()
}
