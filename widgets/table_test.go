package widgets

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"wsstudio/variable/dataset"
)

func tableWidget() Props {
	return Props{Kind: KindTable, Columns: []Column{
		{Binding: "symbol", Caption: "Symbol", Type: "string"},
		{Binding: "price", Caption: "Price", Type: "number"},
		{Binding: "volume", Caption: "Volume", Type: "integer"},
		{Binding: "time", Caption: "Time", Type: "time"},
		{Binding: "open", Caption: "Open", Type: "boolean"},
	}}
}

func newTable(ds dataset.Source, w Props) *LiveTable {
	tb := unpaced(NewLiveTable(ds, w))
	tb.Location = time.UTC
	return tb
}

func TestTableGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		theme fyne.Theme
	}{{"table_light.png", lightTheme()}, {"table_dark.png", darkTheme()}} {
		t.Run(tc.name, func(t *testing.T) {
			ds := dataset.New(dataset.Append, 0)
			tb := newTable(ds, tableWidget())
			defer tb.Stop()
			w := show(t, tb, tc.theme, 600, 240)
			feedQuotes(ds, 0, 5)
			test.AssertImageMatches(t, tc.name, w.Canvas().Capture())
		})
	}
}

func TestTableEmptyAndText(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	tb := newTable(ds, Props{Kind: KindTable})
	defer tb.Stop()
	w := show(t, tb, lightTheme(), 400, 160)
	test.AssertImageMatches(t, "table_empty_light.png", w.Canvas().Capture())

	feed(ds, "connected", "plain text message")
	if cols := tb.Columns(); len(cols) != 1 || cols[0].Caption != "Message" {
		t.Fatalf("columns for text records = %+v, want one Message column", cols)
	}
	if got := tb.CellText(1, 0); got != "plain text message" {
		t.Fatalf("text cell = %q", got)
	}
	test.AssertImageMatches(t, "table_text_light.png", w.Canvas().Capture())
}

func TestTableCells(t *testing.T) {
	ds := dataset.New(dataset.Prepend, 3)
	tb := newTable(ds, tableWidget())
	defer tb.Stop()
	show(t, tb, lightTheme(), 600, 240)
	feedQuotes(ds, 0, 5)
	if tb.Rows() != 3 {
		t.Fatalf("rows = %d, want the limit 3", tb.Rows())
	}
	// prepend: newest first
	want := []string{
		"ACME\t104.44\t63\t2025-11-24 16:00:04.000\ttrue",
		"ACME\t104.63\t51\t2025-11-24 16:00:03.000\tfalse",
		"ACME\t104.55\t64\t2025-11-24 16:00:02.000\ttrue",
	}
	for i, w := range want {
		if got := tb.RowText(i); got != w {
			t.Errorf("row %d = %q, want %q", i, got, w)
		}
	}
	if got := tb.TableText(); !strings.HasPrefix(got, "Symbol\tPrice\tVolume\tTime\tOpen\n"+want[0]+"\n") {
		t.Errorf("table text = %q", got)
	}
}

func TestTableDefaultColumnsAndBindPath(t *testing.T) {
	ds := dataset.New(dataset.Refresh, 0)
	feed(ds, `{"sensor":"s1","readings":[{"id":7,"temp":21.5,"ok":true,"at":1764000000000,"tags":["x"]},{"id":8,"temp":-3,"ok":false,"at":1764000001000}]}`)
	tb := newTable(ds, Props{Kind: KindTable, BindPath: "readings"})
	defer tb.Stop()
	show(t, tb, lightTheme(), 600, 240)
	var got []string
	for _, c := range tb.Columns() {
		got = append(got, c.Caption+":"+c.Type)
	}
	if s := strings.Join(got, " "); s != "id:long temp:number ok:boolean at:time" {
		t.Fatalf("derived columns = %s", s)
	}
	if tb.Rows() != 2 || tb.RowText(1) != "8\t-3\tfalse\t2025-11-24 16:00:01.000" {
		t.Fatalf("rows = %d, row 1 = %q", tb.Rows(), tb.RowText(1))
	}
}

func TestTableCopy(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	tb := newTable(ds, tableWidget())
	defer tb.Stop()
	w := show(t, tb, lightTheme(), 600, 240)
	feedQuotes(ds, 0, 3)
	if tb.CopySelection(false) {
		t.Fatal("copied with nothing selected")
	}
	tb.Select(1, 1)
	if r, c, ok := tb.Selected(); !ok || r != 1 || c != 1 {
		t.Fatalf("selected = %d,%d,%v", r, c, ok)
	}
	tb.table.TypedShortcut(&fyne.ShortcutCopy{Clipboard: w.Clipboard()})
	cb := fyne.CurrentApp().Clipboard()
	if got := cb.Content(); got != "104.05" {
		t.Fatalf("Ctrl+C copied %q, want the cell 104.05", got)
	}
	tb.CopySelection(true)
	if got := cb.Content(); got != "ACME\t104.05\t52\t2025-11-24 16:00:01.000\ttrue" {
		t.Fatalf("copy row gave %q", got)
	}
	// following pauses while selected, resumes after
	if tb.follow {
		t.Error("table still follows new rows while a cell is selected")
	}
	tb.Unselect()
	if !tb.follow {
		t.Error("table does not follow new rows after unselect")
	}
}

func TestFormatValue(t *testing.T) {
	loc := time.UTC
	cases := []struct{ json, typ, want string }{
		{`12.5`, "number", "12.5"},
		{`12.50000001`, "number", "12.5"},
		{`0.000001`, "number", "0.000001"},
		{`1e20`, "number", "1e+20"},
		{`3`, "integer", "3"},
		{`9007199254740993`, "long", "9007199254740993"},
		{`1764000000000`, "time", "2025-11-24 16:00:00.000"},
		{`1764000000`, "time", "2025-11-24 16:00:00.000"},
		{`"2025-11-24T16:00:00Z"`, "time", "2025-11-24 16:00:00.000"},
		{`"x"`, "time", "x"},
		{`true`, "boolean", "true"},
		{`"yes"`, "boolean", "yes"},
		{`{"a": [1, 2], "b": "c d"}`, "", `{"a":[1,2],"b":"c d"}`},
		{`null`, "string", ""},
		{`-0.0000001`, "", "-1e-07"},
	}
	for _, c := range cases {
		if got := formatValue(parse(c.json), c.typ, loc); got != c.want {
			t.Errorf("formatValue(%s, %q) = %q, want %q", c.json, c.typ, got, c.want)
		}
	}
}

func TestNormalizePath(t *testing.T) {
	for in, want := range map[string]string{
		"":                                      "",
		"dataSet":                               "",
		"dataSet.readings":                      "readings",
		"bind:Variables.Quotes.dataSet.items.0": "items.0",
		"readings":                              "readings",
		"myDataSetX.a":                          "myDataSetX.a",
		"Variables.Quotes.dataSetting":          "Variables.Quotes.dataSetting",
	} {
		if got := normalizePath(in); got != want {
			t.Errorf("normalizePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTicks(t *testing.T) {
	ticks, lo, hi := niceTicks(92.3, 111.7, 5)
	if fmt.Sprint(ticks, lo, hi) != "[90 95 100 105 110 115] 90 115" {
		t.Errorf("niceTicks = %v %v %v", ticks, lo, hi)
	}
	tt := timeTicks(1764000000000, 1764000059000, 540, charWidth, time.UTC)
	var labels []string
	for _, v := range tt.ticks {
		labels = append(labels, tt.label(v))
	}
	if got := strings.Join(labels, " "); got != "16:00:00 16:00:10 16:00:20 16:00:30 16:00:40 16:00:50" {
		t.Errorf("time ticks = %s", got)
	}
	if got := tickLabel(0.30000000000000004, 0.1); got != "0.3" {
		t.Errorf("tickLabel = %q", got)
	}
}

// TestTableContextMenu: a secondary tap selects the cell under the
// pointer and opens Copy cell / Copy row / Copy table.
func TestTableContextMenu(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	tb := newTable(ds, tableWidget())
	defer tb.Stop()
	w := show(t, tb, lightTheme(), 600, 240)
	feedQuotes(ds, 0, 2)
	menuItems := func() []fyne.Tappable {
		t.Helper()
		top := w.Canvas().Overlays().Top()
		if top == nil {
			t.Fatal("no menu after a secondary tap")
		}
		var items []fyne.Tappable
		for _, o := range test.LaidOutObjects(top) {
			if it, ok := o.(fyne.Tappable); ok && fmt.Sprintf("%T", o) == "*widget.menuItem" {
				items = append(items, it)
			}
		}
		if len(items) != 3 {
			t.Fatalf("menu has %d items, want Copy cell, Copy row, Copy table", len(items))
		}
		return items
	}
	cb := fyne.CurrentApp().Clipboard()

	test.TapSecondaryAt(tb.table, fyne.NewPos(110, 60)) // Price of the first row
	if r, c, ok := tb.Selected(); !ok || r != 0 || c != 1 {
		t.Fatalf("secondary tap selected %d,%d,%v, want row 0 column 1", r, c, ok)
	}
	test.AssertImageMatches(t, "table_menu_light.png", w.Canvas().Capture())
	test.Tap(menuItems()[0])
	if got := cb.Content(); got != "103" {
		t.Fatalf("Copy cell gave %q", got)
	}

	test.TapSecondaryAt(tb.table, fyne.NewPos(110, 60))
	test.Tap(menuItems()[1])
	if got := cb.Content(); got != "ACME\t103\t40\t2025-11-24 16:00:00.000\tfalse" {
		t.Fatalf("Copy row gave %q", got)
	}

	test.TapSecondaryAt(tb.table, fyne.NewPos(110, 60))
	test.Tap(menuItems()[2])
	want := "Symbol\tPrice\tVolume\tTime\tOpen\n" +
		"ACME\t103\t40\t2025-11-24 16:00:00.000\tfalse\n" +
		"ACME\t104.05\t52\t2025-11-24 16:00:01.000\ttrue\n"
	if got := cb.Content(); got != want {
		t.Fatalf("Copy table gave %q, want %q", got, want)
	}
}

// TestTableKeyboardCopy: tapping a cell focuses the table, and Ctrl+C
// through the window's focus copies that cell.
func TestTableKeyboardCopy(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	tb := newTable(ds, tableWidget())
	defer tb.Stop()
	w := show(t, tb, lightTheme(), 600, 240)
	feedQuotes(ds, 0, 2)
	test.TapAt(tb.table, fyne.NewPos(20, 100)) // Symbol of the second row
	f, ok := w.Canvas().Focused().(fyne.Shortcutable)
	if !ok {
		t.Fatalf("focused %T after a tap, want the table", w.Canvas().Focused())
	}
	f.TypedShortcut(&fyne.ShortcutCopy{Clipboard: w.Clipboard()})
	if got := fyne.CurrentApp().Clipboard().Content(); got != "ACME" {
		t.Fatalf("Ctrl+C copied %q, want ACME", got)
	}
	if r, _, _ := tb.Selected(); r != 1 {
		t.Fatalf("selected row %d, want 1", r)
	}
}

// TestTableTimeOfDay: a time column shows the time of day alone while the
// rows in view are all from today, and the date as soon as one is not.
func TestTableTimeOfDay(t *testing.T) {
	const timeCol = 3
	clock := &fakeClock{now: t0.Add(7 * time.Hour)} // 23:00 the same day
	ds := dataset.New(dataset.Append, 0)
	feedQuotes(ds, 0, 30)
	tb := NewLiveTableWith(ds, tableWidget(), Options{Clock: clock, Location: time.UTC})
	defer tb.Stop()
	win := show(t, tb, lightTheme(), 600, 300)
	if got := tb.CellText(29, timeCol); got != "16:00:29.000" {
		t.Fatalf("today's newest row shows %q, want the time of day 16:00:29.000", got)
	}
	test.AssertImageMatches(t, "table_today_light.png", win.Canvas().Capture())

	// the next day, the same rows show their date
	clock.advance(2 * time.Hour)
	feedQuotes(ds, 30, 1)
	if got := tb.CellText(30, timeCol); got != "2025-11-24 16:00:30.000" {
		t.Fatalf("after midnight the newest row shows %q, want the date", got)
	}

	// in Kolkata, 23:00 UTC yesterday is 04:30 today
	ist := time.FixedZone("IST", 5*3600+1800)
	late := dataset.New(dataset.Append, 0)
	rec := func(tm time.Time) dataset.Record {
		return dataset.NewRecord([]byte(fmt.Sprintf(`{"symbol":"ACME","price":1,"volume":1,"time":%d}`, tm.UnixMilli())), false, tm)
	}
	late.Add(rec(t0.Add(7 * time.Hour)))
	tb.Location = ist
	tb.SetSource(late)
	clock.advance(time.Second)
	if got := tb.CellText(0, timeCol); got != "04:30:00.000" {
		t.Fatalf("today in IST shows %q, want 04:30:00.000", got)
	}

	// a row from yesterday in view brings the date back for every row
	late.Add(rec(t0))
	clock.advance(time.Second)
	if got, want := tb.CellText(0, timeCol), "2025-11-25 04:30:00.000"; got != want {
		t.Fatalf("with yesterday in view, today's row shows %q, want %q", got, want)
	}
	if got, want := tb.CellText(1, timeCol), "2025-11-24 21:30:00.000"; got != want {
		t.Fatalf("yesterday's row shows %q, want %q", got, want)
	}
}
