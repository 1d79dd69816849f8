package widgets

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"wsstudio/variable/dataset"
)

func newLabel(src dataset.Source, caption, format string) *LiveLabel {
	return unpaced(NewLiveLabel(src, LabelOptions{Options: Options{Location: time.UTC}, Caption: caption, Format: format}))
}

// TestLabelBindings: what a label shows for each kind of binding on
// append, prepend and refresh datasets, empty ones included.
func TestLabelBindings(t *testing.T) {
	beats := []any{
		map[string]any{"time": t0.UnixMilli(), "value": 71},
		map[string]any{"time": t0.UnixMilli() + 500, "value": 74.26},
		map[string]any{"time": t0.UnixMilli() + 1000, "value": 69},
	}
	for _, c := range []struct {
		strategy        dataset.Strategy
		records         []any
		caption, format string
		want            string
	}{
		{dataset.Append, beats, "bind:Variables.HeartRate.lastRecord.value", "", "69"},
		{dataset.Append, beats, "bind:Variables.HeartRate.firstRecord.value", "", "71"},
		{dataset.Append, beats, "bind:Variables.HeartRate.lastRecord.time", "hh:mm:ss a", "04:00:01 PM"},
		{dataset.Append, beats, "bind:Variables.HeartRate.dataSet[1].value", "1", "74.3"},
		{dataset.Append, beats, "bind:Variables.HeartRate.dataSet.length", "", "3"},
		{dataset.Prepend, beats, "bind:Variables.HeartRate.lastRecord.value", "", "71"},
		{dataset.Prepend, beats, "bind:Variables.HeartRate.firstRecord.time", "HH:mm:ss.SSS", "16:00:01.000"},
		{dataset.Refresh, beats, "bind:Variables.HeartRate.lastRecord.value", "2", "69.00"},
		{dataset.Refresh, beats, "bind:Variables.HeartRate.firstRecord.value", "", "69"},
		{dataset.Refresh, beats, "bind:Variables.HeartRate.dataSet.value", "", "69"},
		{dataset.Append, nil, "bind:Variables.HeartRate.lastRecord.value", "", NoValue},
		{dataset.Refresh, nil, "bind:Variables.HeartRate.dataSet.value", "", NoValue},
		{dataset.Append, beats, "bind:Variables.HeartRate.lastRecord.missing", "", NoValue},
		{dataset.Append, beats, "Heart rate", "", "Heart rate"},
		{dataset.Append, []any{"plain text"}, "bind:Variables.Chat.lastRecord", "", "plain text"},
		{dataset.Append, beats, "bind:Variables.HeartRate.lastRecord", "", `{"time":1764000001000,"value":69}`},
	} {
		ds := dataset.New(c.strategy, 0)
		l := newLabel(ds, c.caption, c.format)
		show(t, l, lightTheme(), 240, 40)
		feed(ds, c.records...)
		if got := l.Text(); got != c.want {
			t.Errorf("%s %q %q over %d records shows %q, want %q", c.strategy, c.caption, c.format, len(c.records), got, c.want)
		}
		l.Stop()
	}
}

func TestLabelBadCaptionSaysWhy(t *testing.T) {
	for caption, want := range map[string]string{
		"bind:Variables.HeartRate.latest.value": `"latest" is not a property of a variable`,
		"bind:Widgets.messageText.datavalue":    "a label shows a variable's",
	} {
		l := newLabel(nil, caption, "")
		show(t, l, lightTheme(), 240, 40)
		if !strings.Contains(l.Text(), want) || !strings.Contains(l.Text(), caption) {
			t.Errorf("%q shows %q, want the caption and %q", caption, l.Text(), want)
		}
	}
	l := newLabel(nil, "bind:Variables.X.lastRecord.time", "hh:mm:ss a")
	if err := l.SetCaption("bind:Variables.X.lastRecord.time", "21"); err == nil || !strings.Contains(err.Error(), `"21"`) {
		t.Errorf("a 21-decimal format: %v", err)
	}
	if err := l.SetCaption("bind:Variables.X.lastRecord.time", "HH:mm"); err != nil {
		t.Errorf("a good format refused: %v", err)
	}
}

// A label coalesces like the other live widgets: a burst inside one frame
// is one redraw, and the redraw shows the last record.
func TestLabelCoalesces(t *testing.T) {
	ds := dataset.New(dataset.Append, 20)
	q := &queueScheduler{}
	clock := &fakeClock{now: t0}
	l := NewLiveLabel(ds, LabelOptions{Options: Options{Scheduler: q.schedule, Clock: clock}, Caption: "bind:Variables.H.lastRecord.value"})
	defer l.Stop()
	show(t, l, lightTheme(), 240, 40)
	clock.advance(FrameInterval)
	q.drain()
	start := l.Redraws()
	for frame := 1; frame <= 5; frame++ {
		for i := 0; i < 200; i++ {
			feed(ds, map[string]any{"value": frame*1000 + i})
		}
		clock.advance(FrameInterval)
		q.drain()
		if got, want := l.Redraws()-start, uint64(frame); got != want {
			t.Fatalf("after %d frames of 200 records: %d redraws, want %d", frame, got, want)
		}
		if want := strconv.Itoa(frame*1000 + 199); l.Text() != want {
			t.Fatalf("frame %d shows %q, want %q", frame, l.Text(), want)
		}
	}
}

func TestLabelApplyAndNew(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	feed(ds, map[string]any{"time": t0.UnixMilli(), "value": 70.5})
	live := NewWith(ds, Props{Kind: KindLabel, Caption: "bind:Variables.H.lastRecord.value"}, Options{Clock: &stepClock{}, Location: time.UTC})
	l, ok := live.(*LiveLabel)
	if !ok {
		t.Fatalf("NewWith made a %T for a label", live)
	}
	defer l.Stop()
	show(t, l, lightTheme(), 240, 40)
	if l.Text() != "70.5" {
		t.Fatalf("shows %q", l.Text())
	}
	l.Apply(Props{Kind: KindLabel, Caption: "bind:Variables.H.lastRecord.time", Format: "h:mm a"})
	if l.Text() != "4:00 PM" {
		t.Fatalf("after Apply shows %q", l.Text())
	}
}

func TestInputReportsEachChange(t *testing.T) {
	var got []string
	for _, kind := range []string{KindText, KindTextarea} {
		got = nil
		live := NewWith(nil, Props{Kind: kind, Placeholder: "Type a message", Value: "hi"}, Options{})
		in, ok := live.(*LiveInput)
		if !ok {
			t.Fatalf("NewWith made a %T for %s", live, kind)
		}
		in.SetOnChanged(func(v string) { got = append(got, v) })
		w := show(t, in, lightTheme(), 300, 120)
		if in.MultiLine != (kind == KindTextarea) || in.PlaceHolder != "Type a message" || in.Value() != "hi" {
			t.Fatalf("%s: multiline %v placeholder %q value %q", kind, in.MultiLine, in.PlaceHolder, in.Value())
		}
		w.Canvas().Focus(in)
		in.CursorColumn = 2
		test.Type(in, "!?")
		if want := []string{"hi!", "hi!?"}; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: changes %q, want %q", kind, got, want)
		}
		in.Apply(Props{Kind: kind, Placeholder: "Name"})
		if in.PlaceHolder != "Name" || in.Value() != "hi!?" {
			t.Errorf("%s: Apply left placeholder %q value %q", kind, in.PlaceHolder, in.Value())
		}
	}
}

func TestButtonTapsAndIcon(t *testing.T) {
	taps := 0
	b := NewLiveButton(ButtonOptions{Caption: "Send", Icon: "wi wi-send", OnTapped: func() { taps++ }})
	show(t, b, lightTheme(), 120, 40)
	test.Tap(b)
	test.Tap(b)
	if taps != 2 || b.Text != "Send" || b.Icon == nil || b.Icon.Name() != IconFor("fa fa-paper-plane").Name() {
		t.Errorf("taps %d text %q icon %v", taps, b.Text, b.Icon)
	}
	b.Apply(Props{Kind: KindButton, Caption: "Go", Icon: "unknown-glyph"})
	if b.Text != "Go" || b.Icon != nil {
		t.Errorf("after Apply: %q %v", b.Text, b.Icon)
	}
	if IconFor("") != nil || IconFor("wi wi-refresh") == nil {
		t.Error("IconFor")
	}
	var _ fyne.Tappable = b
}

// The list's item fields take display formats, as labels do.
func TestListItemFormats(t *testing.T) {
	ds := dataset.New(dataset.Append, 0)
	l := newList(ds, Props{Kind: KindList, ItemTitle: "username", ItemSubtitle: "time", ItemSubtitleFormat: "hh:mm:ss a",
		ItemDetail: "score", ItemDetailFormat: "2"})
	defer l.Stop()
	show(t, l, lightTheme(), 360, 240)
	feed(ds, map[string]any{"username": "user1", "text": "hello", "time": t0.UnixMilli() + 61000, "score": 3.14159})
	if title, sub, detail := l.ItemText(0); title != "user1" || sub != "04:01:01 PM" || detail != "3.14" {
		t.Fatalf("item = %q, %q, %q", title, sub, detail)
	}
	// a time detail with a format of its own is shown in it
	l.Apply(Props{Kind: KindList, ItemTitle: "text", ItemDetail: "time", ItemDetailFormat: "HH:mm"})
	if title, _, detail := l.ItemText(0); title != "hello" || detail != "16:01" {
		t.Fatalf("item = %q, %q", title, detail)
	}
}

// The three widgets as a page shows them, light and dark.
func TestInteractiveGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		theme fyne.Theme
	}{{"interactive_light.png", lightTheme()}, {"interactive_dark.png", darkTheme()}} {
		t.Run(tc.name, func(t *testing.T) {
			ds := dataset.New(dataset.Append, 0)
			value := newLabel(ds, "bind:Variables.HeartRate.lastRecord.value", "1")
			at := newLabel(ds, "bind:Variables.HeartRate.lastRecord.time", "hh:mm:ss a")
			empty := newLabel(dataset.New(dataset.Append, 0), "bind:Variables.HeartRate.lastRecord.value", "")
			area := NewLiveInput(InputOptions{Multiline: true, Placeholder: "Type a message"})
			name := NewLiveInput(InputOptions{Value: "user1"})
			send := NewLiveButton(ButtonOptions{Caption: "Send", Icon: "wi wi-send"})
			defer value.Stop()
			defer at.Stop()
			w := show(t, container.NewVBox(value, at, empty, area, name, container.NewHBox(send)), tc.theme, 320, 330)
			feed(ds, map[string]any{"time": t0.UnixMilli(), "value": 72.26})
			test.AssertImageMatches(t, tc.name, w.Canvas().Capture())
		})
	}
}
