package widgets

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"wsstudio/variable/dataset"
)

// visibleTexts lists the texts of the labels a user can see in win: shown,
// and at least half inside the part of the window they are clipped to,
// top to bottom.
func visibleTexts(win fyne.Window, clip fyne.CanvasObject) []string {
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(clip)
	bottom := top.Y + clip.Size().Height
	type seen struct {
		s string
		y float32
	}
	var all []seen
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *canvas.Text:
			p := d.AbsolutePositionForObject(v)
			mid := p.Y + v.Size().Height/2
			if v.Text != "" && mid >= top.Y && mid <= bottom {
				all = append(all, seen{v.Text, p.Y})
			}
			return
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
			return
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(win.Content())
	slices.SortStableFunc(all, func(a, b seen) int {
		switch {
		case a.y < b.y:
			return -1
		case a.y > b.y:
			return 1
		}
		return 0
	})
	out := make([]string, len(all))
	for i, s := range all {
		out[i] = s.s
	}
	return out
}

// TestFollowBeforeLayout: records that arrive before the widget is first
// laid out (a page opening on a variable that is already connected) leave
// the newest end of the data in view once the widget gets its size: drawn
// before the widget has a renderer, drawn with a renderer but no size, and
// drawn at a first small size before the real one.
func TestFollowBeforeLayout(t *testing.T) {
	orders := []struct {
		name string
		run  func(t *testing.T, w fyne.Widget, ds *dataset.Dataset) fyne.Window
	}{
		{"no renderer", func(t *testing.T, w fyne.Widget, ds *dataset.Dataset) fyne.Window {
			feedQuotes(ds, 40, 10)
			return show(t, w, lightTheme(), 500, 300)
		}},
		{"no size", func(t *testing.T, w fyne.Widget, ds *dataset.Dataset) fyne.Window {
			test.WidgetRenderer(w)
			feedQuotes(ds, 40, 10)
			return show(t, w, lightTheme(), 500, 300)
		}},
		{"small first", func(t *testing.T, w fyne.Widget, ds *dataset.Dataset) fyne.Window {
			win := show(t, w, lightTheme(), 500, 90)
			feedQuotes(ds, 40, 10)
			win.Resize(fyne.NewSize(500, 300))
			return win
		}},
		{"shrunk", func(t *testing.T, w fyne.Widget, ds *dataset.Dataset) fyne.Window {
			win := show(t, w, lightTheme(), 500, 600)
			feedQuotes(ds, 40, 10)
			win.Resize(fyne.NewSize(500, 300))
			return win
		}},
	}
	for _, strat := range []dataset.Strategy{dataset.Append, dataset.Prepend} {
		for _, o := range orders {
			t.Run("table/"+strat.String()+"/"+o.name, func(t *testing.T) {
				test.NewTempApp(t)
				ds := dataset.New(strat, 0)
				feedQuotes(ds, 0, 40)
				tb := newTable(ds, tableWidget())
				defer tb.Stop()
				win := o.run(t, tb, ds)
				got := visibleTexts(win, tb.table)
				newest := tb.CellText(tb.view.newest(), 3)
				if !slices.Contains(got, newest) {
					t.Fatalf("newest row (time %s) not in view; visible: %q", newest, got)
				}
				if rows := countIn(got, "ACME"); rows < 6 {
					t.Fatalf("%d rows in view, want the table filled with the newest rows; visible: %q", rows, got)
				}
				feedQuotes(ds, 50, 3)
				newest = tb.CellText(tb.view.newest(), 3)
				if got := visibleTexts(win, tb.table); !slices.Contains(got, newest) {
					t.Fatalf("after more data, newest row (%s) not in view; visible: %q", newest, got)
				}
			})
			t.Run("list/"+strat.String()+"/"+o.name, func(t *testing.T) {
				test.NewTempApp(t)
				ds := dataset.New(strat, 0)
				feedQuotes(ds, 0, 40)
				l := newList(ds, listWidget())
				defer l.Stop()
				win := o.run(t, l, ds)
				got := visibleTexts(win, l.list)
				_, _, newest := l.ItemText(l.view.newest())
				if !slices.Contains(got, newest) {
					t.Fatalf("newest item (%s) not in view; visible: %q", newest, got)
				}
				if items := countIn(got, "ACME"); items < 4 {
					t.Fatalf("%d items in view; visible: %q", items, got)
				}
				feedQuotes(ds, 50, 3)
				_, _, newest = l.ItemText(l.view.newest())
				if got := visibleTexts(win, l.list); !slices.Contains(got, newest) {
					t.Fatalf("after more data, newest item (%s) not in view; visible: %q", newest, got)
				}
			})
		}
	}
}

func countIn(s []string, v string) int {
	n := 0
	for _, x := range s {
		if x == v {
			n++
		}
	}
	return n
}
