package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"wsstudio/project"
	"wsstudio/widgets"
)

// sentQuote is the RequestBody the button sends; the fixed feed echoes it.
const sentQuote = `{"symbol":"SENT","price":99.5,"change":0,"volume":1,"time":1764000009000}`

// chatProject is quotesProject with a label on the last price, a textarea,
// a text input and a button that sends the variable's RequestBody.
func chatProject(t *testing.T, addr string) *project.Project {
	t.Helper()
	p := quotesProject(t, addr)
	v := p.Variables[0]
	v.DataBinding = append(v.DataBinding, project.Binding{Target: "RequestBody", Value: sentQuote, Type: "string"})
	svc := p.Services[0]
	label := project.DefaultWidget(project.KindLabel, "lastPrice", v, svc.Response)
	label.Caption = "bind:Variables.Quotes.lastRecord.price"
	label.Format = "2"
	timeLabel := project.DefaultWidget(project.KindLabel, "lastTime", v, svc.Response)
	timeLabel.Caption, timeLabel.Format = "bind:Variables.Quotes.lastRecord.time", "hh:mm:ss a"
	text := project.DefaultWidget(project.KindTextarea, "messageText", nil, nil)
	name := project.DefaultWidget(project.KindText, "userName", nil, nil)
	name.DataValue = "user1"
	button := project.DefaultWidget(project.KindButton, "sendButton", v, svc.Response)
	button.Icon = "wi wi-send"
	for _, w := range []*project.Widget{label, timeLabel, text, name, button} {
		w.Page = "Main"
	}
	p.Pages[0].Widgets = append([]*project.Widget{label, timeLabel, text, name, button}, p.Pages[0].Widgets...)
	return p
}

func liveOf[T any](t *testing.T, h *harness, name string) T {
	t.Helper()
	for _, c := range h.s.page.cards {
		if c.w.Name == name {
			if l, ok := c.live.(T); ok {
				return l
			}
			t.Fatalf("%s is a %T", name, c.live)
		}
	}
	var zero T
	t.Fatalf("no card %s", name)
	return zero
}

// The four widgets live: the label follows the last record, typing lands
// in the studio's input values, and the button sends the variable's
// RequestBody, whose echo the label then shows.
func TestInteractiveWidgetsLive(t *testing.T) {
	h := newHarness(t, chatProject(t, fixedFeed(t)), Options{})
	h.waitFor(t, "five quotes", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
	price := liveOf[*widgets.LiveLabel](t, h, "lastPrice")
	h.waitFor(t, "the label to show the last price", func() bool { return price.Text() == "13.40" })
	if got := liveOf[*widgets.LiveLabel](t, h, "lastTime").Text(); got != "04:00:04 PM" {
		t.Errorf("time label shows %q", got)
	}

	if v, ok := h.s.inputs.Get("userName"); !ok || v != "user1" {
		t.Errorf("the text input's default value is not an input value: %q %v", v, ok)
	}
	area := liveOf[*widgets.LiveInput](t, h, "messageText")
	h.w.Canvas().Focus(area)
	test.Type(area, "hello")
	if v, _ := h.s.inputs.Get("messageText"); v != "hello" {
		t.Fatalf("after typing, messageText's value is %q", v)
	}

	test.Tap(liveOf[*widgets.LiveButton](t, h, "sendButton"))
	h.waitFor(t, "the echo of the sent body", func() bool { return h.dataLen("Quotes") == len(quoteMessages)+1 })
	h.waitFor(t, "the label to show it", func() bool { return price.Text() == "99.50" })

	// A structural change rebuilds the canvas; what was typed stays.
	if _, err := h.s.AddWidget(project.KindLabel, nil); err != nil {
		t.Fatal(err)
	}
	if got := liveOf[*widgets.LiveInput](t, h, "messageText").Value(); got != "hello" {
		t.Errorf("after a rebuild the textarea holds %q", got)
	}

	// A value set from elsewhere (a page function clearing the textarea
	// after sending) shows in the input.
	h.s.inputs.Set("messageText", "")
	h.q.Drain()
	if got := liveOf[*widgets.LiveInput](t, h, "messageText").Value(); got != "" {
		t.Errorf("after the value was cleared elsewhere the textarea holds %q", got)
	}
}

func TestButtonActions(t *testing.T) {
	var calls []string
	callErr := errors.New("sendMessage is not defined in Main.js")
	p := chatProject(t, fixedFeed(t))
	h := newHarness(t, p, Options{NoAutoConnect: true, CallPage: func(p *project.Project, page, fn string) error {
		calls = append(calls, page+"."+fn)
		if fn == "sendMessage" {
			return callErr
		}
		return nil
	}})
	b := findWidget(p, "Main", "sendButton")
	lastNote := func() string {
		n := h.s.console.notes
		if len(n) == 0 {
			return ""
		}
		return n[len(n)-1]
	}
	h.s.Select(VariableNode("Quotes"))
	h.s.Click(b)
	if !strings.Contains(lastNote(), "Quotes is not connected") {
		t.Errorf("send on a closed variable: %q", lastNote())
	}
	for _, c := range []struct{ onClick, call string }{
		{"Page.refresh()", "Main.refresh"},
		{"onSend($event, widget)", "Main.onSend"},
		{"Page.sendMessage()", "Main.sendMessage"},
	} {
		b.OnClick = c.onClick
		calls = nil
		h.s.Click(b)
		if len(calls) != 1 || calls[0] != c.call {
			t.Errorf("%s called %v", c.onClick, calls)
		}
	}
	if !strings.Contains(lastNote(), callErr.Error()) || !strings.Contains(lastNote(), "sendButton") {
		t.Errorf("a failing page function: %q", lastNote())
	}
	b.OnClick = "Variables.Nope.send()"
	h.s.Click(b)
	if !strings.Contains(lastNote(), "there is no variable Nope") {
		t.Errorf("unknown variable: %q", lastNote())
	}
	b.OnClick = "Variables.Quotes.open()"
	h.s.Click(b)
	h.waitFor(t, "open() to connect the variable", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
	b.OnClick = "Variables.Quotes.send()"
	h.s.Click(b)
	h.waitFor(t, "send() to send the RequestBody", func() bool { return h.dataLen("Quotes") == len(quoteMessages)+1 })
	b.OnClick = "Variables.Quotes.close()"
	h.s.Click(b)
	h.waitFor(t, "close() to stop the variable", func() bool { return !h.s.IsOpen(p.Variable("Quotes")) })
	// invoke() opens, as WaveMaker's WebSocket variable does
	b.OnClick = "Variables.Quotes.invoke()"
	h.s.Click(b)
	h.waitFor(t, "invoke() to open the variable again", func() bool { return h.s.IsOpen(p.Variable("Quotes")) })
	h.s.CloseVariable(p.Variable("Quotes"))
	h.waitFor(t, "the variable to close", func() bool { return !h.s.IsOpen(p.Variable("Quotes")) })

	// without a page script the console says so
	h2 := newHarness(t, chatProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
	b2 := findWidget(h2.s.proj, "Main", "sendButton")
	b2.OnClick = "Page.go()"
	h2.s.Click(b2)
	if n := h2.s.console.notes; len(n) == 0 || !strings.Contains(n[len(n)-1], "page functions are not available") {
		t.Errorf("no CallPage: %v", n)
	}
}

// Ctrl+Shift+4 … 7 add a label, text, textarea and button; Undo takes each
// away again, the input's value with it; Save writes them.
func TestControlsAddedByShortcutAndUndone(t *testing.T) {
	p := projectOnDisk(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.s.Select(VariableNode("Quotes"))
	sc := shortcuts(t, h.w.Canvas())
	var kinds []string
	for _, c := range controls {
		sc.TypedShortcut(controlShortcut(c.key))
		w := h.s.selectedWidget()
		if w == nil {
			t.Fatalf("%s added nothing", c.keys)
		}
		kinds = append(kinds, w.Name+":"+w.Kind+":"+w.Variable)
	}
	want := "quotesLabel:label:Quotes text1:text: textarea1:textarea: quotesButton:button:Quotes"
	if got := strings.Join(kinds, " "); got != want {
		t.Fatalf("added %s, want %s", got, want)
	}
	if _, ok := h.s.inputs.Get("textarea1"); !ok {
		t.Fatal("a new textarea has no input value")
	}
	sc.TypedShortcut(scSave)
	html, err := os.ReadFile(filepath.Join(p.Dir, "src/main/webapp/pages/Main/Main.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		`<wm-label name="quotesLabel" caption="bind:Variables.Quotes.lastRecord.symbol" class="p"></wm-label>`,
		`<wm-text name="text1" placeholder="Enter text" type="text"></wm-text>`,
		`<wm-textarea name="textarea1" placeholder="Type a message"></wm-textarea>`,
		`<wm-button name="quotesButton" caption="Send" on-click="Variables.Quotes.send()" type="button" class="btn-primary"></wm-button>`,
	} {
		if !strings.Contains(string(html), line) {
			t.Errorf("saved page lacks %s:\n%s", line, html)
		}
	}
	h.s.Undo()
	h.s.Undo()
	if findWidget(p, "Main", "textarea1") != nil {
		t.Fatal("two undos left the textarea")
	}
	if _, ok := h.s.inputs.Get("textarea1"); ok {
		t.Error("the undone textarea's value is still an input value")
	}
	h.s.Redo()
	if findWidget(p, "Main", "textarea1") == nil {
		t.Fatal("redo did not bring the textarea back")
	}
	if _, ok := h.s.inputs.Get("textarea1"); !ok {
		t.Error("the textarea is back without an input value")
	}
}

// The panel edits the new properties through the registry: a format that
// does not parse and a caption that is not a binding say why and change
// nothing; good values apply and are undoable; a rename moves the typed
// value to the new name.
func TestInteractivePanelEdits(t *testing.T) {
	p := chatProject(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
	lbl := findWidget(p, "Main", "lastTime")
	h.s.Select(WidgetNode("Main", "lastTime"))
	wp := newWidgetPanel(h.s, lbl)
	if wp.fields["caption"] == nil || wp.fields["format"] == nil {
		t.Fatalf("label panel editors: %v", keysOfFields(wp.fields))
	}
	wp.fields["format"].SetText("HH:mm:ss.SSSSS")
	wp.fields["format"].Commit()
	if lbl.Format != "hh:mm:ss a" || wp.errors.Hidden || !strings.Contains(wp.errors.Text, "HH:mm:ss.SSSSS") {
		t.Fatalf("bad format: format %q, error %q", lbl.Format, wp.errors.Text)
	}
	wp.fields["format"].SetText("HH:mm") // one of the offered formats: applied at once
	if lbl.Format != "HH:mm" || !wp.errors.Hidden {
		t.Fatalf("format %q error %q", lbl.Format, wp.errors.Text)
	}
	if got := liveOf[*widgets.LiveLabel](t, h, "lastTime"); got == nil {
		t.Fatal("no live label")
	}
	wp.fields["caption"].SetText("bind:Variables.Quotes.latest.price")
	wp.fields["caption"].Commit()
	if lbl.Caption != "bind:Variables.Quotes.lastRecord.time" || !strings.Contains(wp.errors.Text, `"latest" is not a property`) {
		t.Fatalf("bad caption: %q, error %q", lbl.Caption, wp.errors.Text)
	}
	wp.fields["caption"].SetText("bind:Variables.Quotes.firstRecord.time | toDate:'h:mm a'")
	wp.fields["caption"].Commit()
	if lbl.Caption != "bind:Variables.Quotes.firstRecord.time" || lbl.Format != "h:mm a" || wp.fields["format"].Text != "h:mm a" || !wp.errors.Hidden {
		t.Fatalf("caption typed with a filter: %q %q, format entry %q, error %q", lbl.Caption, lbl.Format, wp.fields["format"].Text, wp.errors.Text)
	}
	h.s.Undo()
	h.s.Undo()
	if lbl.Format != "hh:mm:ss a" {
		t.Errorf("undo left format %q", findWidget(p, "Main", "lastTime").Format)
	}

	btn := findWidget(p, "Main", "sendButton")
	bp := newWidgetPanel(h.s, btn)
	opts := bp.fields["onClick"].opts
	if !contains(opts, "Variables.Quotes.send()") || !contains(opts, "Variables.Quotes.close()") {
		t.Errorf("on-click offers %v", opts)
	}
	bp.fields["onClick"].SetText("Variables.Quotes.delete()")
	bp.fields["onClick"].Commit()
	if btn.OnClick != "Variables.Quotes.send()" || !strings.Contains(bp.errors.Text, "no method delete") {
		t.Fatalf("bad on-click: %q, error %q", btn.OnClick, bp.errors.Text)
	}
	bp.texts["caption"].SetText("Post")
	bp.texts["caption"].Commit()
	if btn.Caption != "Post" || liveOf[*widgets.LiveButton](t, h, "sendButton").Text != "Post" {
		t.Errorf("caption %q, button shows %q", btn.Caption, liveOf[*widgets.LiveButton](t, h, "sendButton").Text)
	}

	area := findWidget(p, "Main", "messageText")
	h.s.inputs.Set("messageText", "typed")
	if err := h.s.RenameWidget(area, "bodyText"); err != nil {
		t.Fatal(err)
	}
	if v, ok := h.s.inputs.Get("bodyText"); !ok || v != "typed" {
		t.Errorf("renamed input value %q %v", v, ok)
	}
	if _, ok := h.s.inputs.Get("messageText"); ok {
		t.Error("the old name keeps a value")
	}
	if err := h.s.DeleteWidget(area); err != nil {
		t.Fatal(err)
	}
	if _, ok := h.s.inputs.Get("bodyText"); ok {
		t.Error("a deleted input keeps its value")
	}
}

func keysOfFields(m map[string]*fieldEntry) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

var _ fyne.Shortcut = controlShortcut(fyne.Key4)

func TestInteractivePanelsGolden(t *testing.T) {
	for _, tc := range []struct{ name, widget string }{
		{"panel_widget_label.png", "lastTime"},
		{"panel_widget_text.png", "userName"},
		{"panel_widget_textarea.png", "messageText"},
		{"panel_widget_button.png", "sendButton"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, chatProject(t, "127.0.0.1:1"), Options{NoAutoConnect: true})
			h.s.Select(WidgetNode("Main", tc.widget))
			test.AssertImageMatches(t, tc.name, h.w.Canvas().Capture())
		})
	}
}

// A page of the four widgets and a list with formatted items, live: the
// labels show the last quote, the textarea what was typed.
func TestInteractivePageGolden(t *testing.T) {
	fixedStamps(t)
	p := chatProject(t, fixedFeed(t))
	pg := p.Pages[0]
	list := project.DefaultWidget(project.KindList, "quotesList", p.Variables[0], p.Services[0].Response)
	list.Page, list.Height = "Main", 200
	list.ItemSubtitle, list.ItemSubtitleFormat = "price", "2"
	list.ItemDetail, list.ItemDetailFormat = "time", "hh:mm:ss a"
	pg.Widgets = append(pg.Widgets[:5:5], list)
	p.Variables[0].Strategy = project.StrategyPrepend // the list's newest item at its top, as the picture is taken
	h := newHarness(t, p, Options{})
	h.waitFor(t, "five quotes", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
	price := liveOf[*widgets.LiveLabel](t, h, "lastPrice")
	// prepend: the last record is the first quote
	h.waitFor(t, "the label", func() bool { return price.Text() == "12.50" })
	h.waitFor(t, "the list", func() bool { return liveOf[*widgets.LiveList](t, h, "quotesList").Items() == len(quoteMessages) })
	area := liveOf[*widgets.LiveInput](t, h, "messageText")
	h.w.Canvas().Focus(area)
	test.Type(area, "Hello from the studio")
	h.w.Canvas().Unfocus()
	h.s.Select(WidgetNode("Main", "sendButton"))
	h.w.Resize(fyne.NewSize(1280, 1000)) // the whole page in view
	h.freeze()
	h.s.console.filter.SetText("price") // the info lines name the feed's random port
	test.AssertImageMatches(t, "page_interactive.png", h.w.Canvas().Capture())
}

// The chat room's path through the window: the RequestBody is bound to the
// textarea, what is typed there is sent by the button, and its echo shows
// in the list and the label.
func TestTypedMessageSentByTheButtonComesBack(t *testing.T) {
	p := chatProject(t, fixedFeed(t))
	v := p.Variables[0]
	for i := range v.DataBinding {
		if v.DataBinding[i].Target == "RequestBody" {
			v.DataBinding[i].Value = project.InputBinding("messageText")
		}
	}
	list := project.DefaultWidget(project.KindList, "quotesList", v, p.Services[0].Response)
	list.Page = "Main"
	p.Pages[0].Widgets = append(p.Pages[0].Widgets, list)
	h := newHarness(t, p, Options{})
	h.waitFor(t, "five quotes", func() bool { return h.dataLen("Quotes") == len(quoteMessages) })
	area := liveOf[*widgets.LiveInput](t, h, "messageText")
	h.w.Canvas().Focus(area)
	test.Type(area, `{"symbol":"TYPED","price":7,"time":1764000009000}`)
	test.Tap(liveOf[*widgets.LiveButton](t, h, "sendButton"))
	l := liveOf[*widgets.LiveList](t, h, "quotesList")
	h.waitFor(t, "the typed message in the list", func() bool {
		title, _, _ := l.ItemText(l.Items() - 1)
		return l.Items() == len(quoteMessages)+1 && title == "TYPED"
	})
	if got := liveOf[*widgets.LiveLabel](t, h, "lastPrice").Text(); got != "7.00" {
		t.Errorf("the label shows %q after the echo", got)
	}
}
