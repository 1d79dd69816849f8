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

func newList(ds dataset.Source, w Props) *LiveList {
	l := unpaced(NewLiveList(ds, w))
	l.Location = time.UTC
	return l
}

func listWidget() Props {
	return Props{Kind: KindList, ItemTitle: "symbol", ItemSubtitle: "price", ItemDetail: "time"}
}

func TestListGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		theme fyne.Theme
	}{{"list_light.png", lightTheme()}, {"list_dark.png", darkTheme()}} {
		t.Run(tc.name, func(t *testing.T) {
			ds := dataset.New(dataset.Prepend, 0)
			l := newList(ds, listWidget())
			defer l.Stop()
			w := show(t, l, tc.theme, 360, 240)
			feedQuotes(ds, 0, 4)
			test.AssertImageMatches(t, tc.name, w.Canvas().Capture())
		})
	}
}

func TestListEmptyAndText(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	l := newList(ds, Props{Kind: KindList, ItemTitle: "symbol", ItemDetail: "time"})
	defer l.Stop()
	w := show(t, l, lightTheme(), 360, 160)
	test.AssertImageMatches(t, "list_empty_light.png", w.Canvas().Capture())

	feed(ds, "connected to ticker", "line one\nline two")
	title, sub, detail := l.ItemText(0)
	if title != "connected to ticker" || sub != "" || detail != "16:00:00" {
		t.Fatalf("text item = %q, %q, %q", title, sub, detail)
	}
	if title, _, _ := l.ItemText(1); title != "line one …" {
		t.Fatalf("multi-line title = %q", title)
	}
	test.AssertImageMatches(t, "list_text_light.png", w.Canvas().Capture())
}

func TestListItems(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	l := newList(ds, listWidget())
	defer l.Stop()
	show(t, l, lightTheme(), 360, 240)
	feedQuotes(ds, 0, 2)
	if title, sub, detail := l.ItemText(1); title != "ACME" || sub != "104.05" || detail != "16:00:01" {
		t.Fatalf("item 1 = %q, %q, %q", title, sub, detail)
	}
	// no paths: a one-line summary of the fields and the arrival time
	l.Apply(Props{Kind: KindList})
	if title, _, detail := l.ItemText(0); title != "open: false  ·  price: 103  ·  symbol: ACME  ·  time: 1764000000000  ·  volume: 40" || detail != "16:00:00" {
		t.Fatalf("summary item = %q, %q", title, detail)
	}
}

// TestListFollowsNewest: append scrolls to the bottom, prepend stays at the
// top, so the newest record is always in view.
func TestListFollowsNewest(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	l := newList(ds, listWidget())
	defer l.Stop()
	show(t, l, lightTheme(), 360, 200)
	feedQuotes(ds, 0, 50)
	if off := l.list.GetScrollOffset(); off <= 0 {
		t.Fatalf("append: scroll offset %v, want the list scrolled to the newest item at the bottom", off)
	}
	// scrolled away from the newest item, the list stays where the user is
	l.list.ScrollToOffset(40)
	feedQuotes(ds, 50, 1)
	if off := l.list.GetScrollOffset(); off != 40 {
		t.Fatalf("append while scrolled up: offset %v, want the user's 40", off)
	}
	// back at the bottom, it follows again
	l.list.ScrollToBottom()
	bottom := l.list.GetScrollOffset()
	feedQuotes(ds, 51, 1)
	if off := l.list.GetScrollOffset(); off <= bottom {
		t.Fatalf("append at the bottom: offset %v, want past %v", off, bottom)
	}
	pre := dataset.New(dataset.Prepend, 0)
	l.SetSource(pre)
	feedQuotes(pre, 0, 50)
	if off := l.list.GetScrollOffset(); off != 0 {
		t.Fatalf("prepend: scroll offset %v, want 0 (newest first)", off)
	}
	if title, _, detail := l.ItemText(0); title != "ACME" || detail != "16:00:49" {
		t.Fatalf("prepend: first item %q %q, want the newest", title, detail)
	}
}

// TestTitleAndHeight: each kind shows its title and asks for its height.
func TestTitleAndHeight(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	for _, kind := range []string{KindChart, KindTable, KindList} {
		w := New(ds, Props{Kind: kind, Title: "Quotes", Height: 320})
		show(t, w, lightTheme(), 400, 400)
		if h := w.MinSize().Height; h != 320 {
			t.Errorf("%s: min height %v, want 320", kind, h)
		}
		var title string
		switch x := w.(type) {
		case *LiveTable:
			title = x.heading.Text
		case *LiveList:
			title = x.heading.Text
		case *LiveChart:
			title = x.texts[0].Text
		}
		if title != "Quotes" {
			t.Errorf("%s: title %q", kind, title)
		}
		w.Apply(Props{Kind: kind})
		if h := w.MinSize().Height; h >= 320 {
			t.Errorf("%s: min height %v after the height was cleared", kind, h)
		}
		w.Stop()
	}
}

// TestRefreshKeepsScroll: a refresh variable replaces its rows in place;
// the list does not jump while the user reads further down.
func TestRefreshKeepsScroll(t *testing.T) {
	ds := dataset.New(dataset.Refresh, 0)
	items := make([]string, 40)
	for i := range items {
		items[i] = fmt.Sprintf(`{"sensor":"s%d"}`, i)
	}
	doc := `{"readings":[` + strings.Join(items, ",") + `]}`
	l := newList(ds, Props{Kind: KindList, BindPath: "readings", ItemTitle: "sensor"})
	defer l.Stop()
	show(t, l, lightTheme(), 300, 200)
	feed(ds, doc)
	if l.Items() != 40 || l.list.GetScrollOffset() != 0 {
		t.Fatalf("items %d, offset %v", l.Items(), l.list.GetScrollOffset())
	}
	l.list.ScrollToOffset(300)
	feed(ds, doc)
	if off := l.list.GetScrollOffset(); off != 300 {
		t.Fatalf("offset %v after a refresh, want the user's 300", off)
	}
}
