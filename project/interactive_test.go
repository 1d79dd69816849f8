package project

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// chatPage is a page in WaveMaker's style with every interactive widget,
// attributes the studio does not edit among them, a heading label with a
// literal caption, a button whose on-click is an expression of its own,
// and a list of a variable that is not the studio's, whose item template
// is a label.
const chatPage = `<wm-page name="mainPage">
    <wm-content name="content1">
        <wm-page-content columnwidth="12" name="page_content1">
            <wm-label caption="Chat room" class="h3" name="title1"></wm-label>
            <wm-label padding="unset" caption="bind:Variables.Quotes.lastRecord.price | toNumber:2" name="priceLabel" class="p" type="p"></wm-label>
            <wm-label caption="bind:Variables.Quotes.lastRecord.time | toDate:'hh:mm:ss a'" name="timeLabel"></wm-label>
            <wm-list name="messages" dataset="bind:Variables.Echo.dataSet" navigation="None" itemtitle="name" itemsubtitle="time" itemsubtitleformat="hh:mm:ss a"></wm-list>
            <wm-textarea name="messageText" placeholder="Type a message" updateon="keypress" class="form-control"></wm-textarea>
            <wm-text name="userName" placeholder="Name" type="text" required="true" datavalue="user1"></wm-text>
            <wm-button name="sendButton" caption="Send" on-click="Variables.Echo.send()" class="btn-primary" iconclass="wi wi-send"></wm-button>
            <wm-button caption="Help" name="helpButton" on-click="helpButtonClick($event, widget)"></wm-button>
            <wm-button caption="Other" name="otherButton" on-click="Widgets.title1.show = true"></wm-button>
            <wm-list name="staticList" dataset="bind:Variables.staticData.dataSet">
                <wm-label caption="bind:item.name" name="itemName"></wm-label>
            </wm-list>
        </wm-page-content>
    </wm-content>
</wm-page>`

// chatFixture is the market fixture with chatPage as its Main page,
// committed to git.
func chatFixture(t *testing.T) string {
	t.Helper()
	dir := copyFixture(t, "market")
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(mainHTML)), []byte(chatPage), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	git(t, dir, "init", "-q")
	git(t, dir, "add", "-A")
	git(t, dir, "-c", "user.name=fixture", "-c", "user.email=fixture@example.com", "commit", "-q", "-m", "fixture")
	return dir
}

func TestInteractiveWidgetsRead(t *testing.T) {
	p := mustOpen(t, chatFixture(t))
	var got []string
	for _, w := range p.Page("Main").Widgets {
		got = append(got, w.Name+":"+w.Kind+":"+w.Variable)
	}
	want := []string{"title1:label:", "priceLabel:label:Quotes", "timeLabel:label:Quotes", "messages:list:Echo",
		"messageText:textarea:", "userName:text:", "sendButton:button:Echo", "helpButton:button:", "otherButton:button:"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("widgets\n%v\nwant\n%v (staticList's item label belongs to the list)", got, want)
	}
	checks := map[string]Widget{
		"priceLabel":  {Caption: "bind:Variables.Quotes.lastRecord.price", Format: "2"},
		"timeLabel":   {Caption: "bind:Variables.Quotes.lastRecord.time", Format: "hh:mm:ss a"},
		"messages":    {ItemTitle: "name", ItemSubtitle: "time", ItemSubtitleFormat: "hh:mm:ss a"},
		"messageText": {Placeholder: "Type a message"},
		"userName":    {Placeholder: "Name", DataValue: "user1"},
		"sendButton":  {Caption: "Send", OnClick: "Variables.Echo.send()", Icon: "wi wi-send"},
		"helpButton":  {Caption: "Help", OnClick: "helpButtonClick($event, widget)"},
		"title1":      {Caption: "Chat room"},
		"otherButton": {Caption: "Other", OnClick: "Widgets.title1.show = true"},
	}
	for name, c := range checks {
		w := widget(t, p, "Main", name)
		g := Widget{Caption: w.Caption, Format: w.Format, ItemTitle: w.ItemTitle, ItemSubtitle: w.ItemSubtitle,
			ItemSubtitleFormat: w.ItemSubtitleFormat, Placeholder: w.Placeholder, DataValue: w.DataValue,
			OnClick: w.OnClick, Icon: w.Icon}
		if !reflect.DeepEqual(g, c) {
			t.Errorf("%s read as %+v, want %+v", name, g, c)
		}
	}
}

// An edit of one property rewrites that element's line only, keeping its
// attribute order and the attributes the studio does not edit; an
// unchanged page is not written.
func TestInteractiveEditsTouchOnlyTheirLine(t *testing.T) {
	for _, c := range []struct {
		name, widget, key, value string
		minus, plus              string
	}{
		{"format", "timeLabel", "format", "HH:mm",
			`<wm-label caption="bind:Variables.Quotes.lastRecord.time | toDate:'hh:mm:ss a'" name="timeLabel"></wm-label>`,
			`<wm-label caption="bind:Variables.Quotes.lastRecord.time | toDate:'HH:mm'" name="timeLabel"></wm-label>`},
		{"caption", "priceLabel", "caption", "bind:Variables.Quotes.firstRecord.volume",
			`<wm-label padding="unset" caption="bind:Variables.Quotes.lastRecord.price | toNumber:2" name="priceLabel" class="p" type="p"></wm-label>`,
			`<wm-label padding="unset" caption="bind:Variables.Quotes.firstRecord.volume | toNumber:2" name="priceLabel" class="p" type="p"></wm-label>`},
		{"placeholder", "messageText", "placeholder", "Say <something> & send",
			`<wm-textarea name="messageText" placeholder="Type a message" updateon="keypress" class="form-control"></wm-textarea>`,
			`<wm-textarea name="messageText" placeholder="Say &lt;something&gt; &amp; send" updateon="keypress" class="form-control"></wm-textarea>`},
		{"on-click", "sendButton", "onClick", "Page.sendMessage()",
			`<wm-button name="sendButton" caption="Send" on-click="Variables.Echo.send()" class="btn-primary" iconclass="wi wi-send"></wm-button>`,
			`<wm-button name="sendButton" caption="Send" on-click="Page.sendMessage()" class="btn-primary" iconclass="wi wi-send"></wm-button>`},
		{"icon removed", "sendButton", "icon", "",
			`<wm-button name="sendButton" caption="Send" on-click="Variables.Echo.send()" class="btn-primary" iconclass="wi wi-send"></wm-button>`,
			`<wm-button name="sendButton" caption="Send" on-click="Variables.Echo.send()" class="btn-primary"></wm-button>`},
		{"on-click the studio does not read is kept", "otherButton", "caption", "More",
			`<wm-button caption="Other" name="otherButton" on-click="Widgets.title1.show = true"></wm-button>`,
			`<wm-button caption="More" name="otherButton" on-click="Widgets.title1.show = true"></wm-button>`},
		{"literal heading", "title1", "caption", "Chat",
			`<wm-label caption="Chat room" class="h3" name="title1"></wm-label>`,
			`<wm-label caption="Chat" class="h3" name="title1"></wm-label>`},
		{"list format", "messages", "itemTitleFormat", "2",
			`<wm-list name="messages" dataset="bind:Variables.Echo.dataSet" navigation="None" itemtitle="name" itemsubtitle="time" itemsubtitleformat="hh:mm:ss a"></wm-list>`,
			`<wm-list name="messages" dataset="bind:Variables.Echo.dataSet" navigation="None" itemtitle="name" itemsubtitle="time" itemsubtitleformat="hh:mm:ss a" itemtitleformat="2"></wm-list>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := chatFixture(t)
			p := mustOpen(t, dir)
			w := widget(t, p, "Main", c.widget)
			if err := KindByName(w.Kind).Prop(c.key).Set(w, c.value); err != nil {
				t.Fatal(err)
			}
			if err := p.Save(); err != nil {
				t.Fatal(err)
			}
			status, diff := gitChanges(t, dir)
			if !reflect.DeepEqual(status, []string{"M " + mainHTML}) {
				t.Fatalf("status %v", status)
			}
			ind := "            "
			if want := []string{"-" + ind + c.minus, "+" + ind + c.plus}; !reflect.DeepEqual(diff[mainHTML], want) {
				t.Errorf("diff\n%s\nwant\n%s", strings.Join(diff[mainHTML], "\n"), strings.Join(want, "\n"))
			}
			q := mustOpen(t, dir)
			if got, want := KindByName(w.Kind).Prop(c.key).Get(widget(t, q, "Main", c.widget)), strings.TrimSpace(c.value); got != want {
				t.Errorf("reopened %s = %q, want %q", c.key, got, want)
			}
		})
	}
	dir := chatFixture(t)
	if err := mustOpen(t, dir).Save(); err != nil {
		t.Fatal(err)
	}
	if status, _ := gitChanges(t, dir); len(status) != 0 {
		t.Errorf("saving an unchanged page changed %v", status)
	}
}

// New interactive widgets get WaveMaker's defaults, are written after the
// page's last widget and read back the same, a label with a literal
// caption included; a second save writes nothing.
func TestInteractiveWidgetsAdded(t *testing.T) {
	dir := chatFixture(t)
	p := mustOpen(t, dir)
	q := p.Variable("Quotes")
	defs := p.Service("ticker").Response
	add := []*Widget{
		DefaultWidget(KindLabel, "lastPrice", q, defs),
		DefaultWidget(KindLabel, "heading", nil, nil),
		DefaultWidget(KindText, "nameText", q, defs),
		DefaultWidget(KindTextarea, "bodyText", nil, nil),
		DefaultWidget(KindButton, "sendQuote", q, defs),
	}
	for _, w := range add {
		w.Page = "Main"
		if err := p.AddWidget(w); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	_, diff := gitChanges(t, dir)
	ind := "+            "
	want := []string{
		ind + `<wm-label name="lastPrice" caption="bind:Variables.Quotes.lastRecord.symbol" class="p"></wm-label>`,
		ind + `<wm-label name="heading" caption="Label" class="p"></wm-label>`,
		ind + `<wm-text name="nameText" placeholder="Enter text" type="text"></wm-text>`,
		ind + `<wm-textarea name="bodyText" placeholder="Type a message"></wm-textarea>`,
		ind + `<wm-button name="sendQuote" caption="Send" on-click="Variables.Quotes.send()" type="button" class="btn-primary"></wm-button>`,
	}
	if !reflect.DeepEqual(diff[mainHTML], want) {
		t.Errorf("diff\n%s\nwant\n%s", strings.Join(diff[mainHTML], "\n"), strings.Join(want, "\n"))
	}
	before := tree(t, dir)
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	if c := changed(before, tree(t, dir)); len(c) > 0 {
		t.Errorf("a second save changed %v", c)
	}
	// The literal label is the model's: a save after editing it rewrites
	// it in place rather than adding it again.
	widget(t, p, "Main", "heading").Caption = "Messages"
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(mainHTML)))
	if n := strings.Count(string(after), `name="heading"`); n != 1 || !strings.Contains(string(after), `<wm-label name="heading" caption="Messages" class="p"></wm-label>`) {
		t.Errorf("heading written %d times:\n%s", n, after)
	}
	r := mustOpen(t, dir)
	for _, name := range []string{"lastPrice", "heading", "nameText", "bodyText", "sendQuote"} {
		w := widget(t, r, "Main", name)
		for _, a := range add {
			if a.Name == name && !reflect.DeepEqual(*w, *a) {
				t.Errorf("%s read back as %+v, want %+v", name, *w, *a)
			}
		}
	}
}

func TestDefaultInteractiveWidgets(t *testing.T) {
	v := &Variable{Name: "HeartRate", Page: "Main"}
	defs := Definitions{{Name: "RootResponse", Properties: []Property{
		{Name: "meta", Ref: "meta"}, {Name: "time", Type: "integer", Format: "int64"}, {Name: "value", Type: "integer"}}}}
	if l := DefaultWidget(KindLabel, "l", v, defs); l.Caption != "bind:Variables.HeartRate.lastRecord.time" || l.Variable != "HeartRate" {
		t.Errorf("label %+v", l)
	}
	if l := DefaultWidget(KindLabel, "l", v, nil); l.Caption != "bind:Variables.HeartRate.lastRecord" {
		t.Errorf("label without metadata %+v", l)
	}
	if b := DefaultWidget(KindButton, "b", v, defs); b.Caption != "Send" || b.OnClick != "Variables.HeartRate.send()" || b.Variable != "HeartRate" {
		t.Errorf("button %+v", b)
	}
	if b := DefaultWidget(KindButton, "b", nil, nil); b.Caption != "Button" || b.OnClick != "" || b.Variable != "" {
		t.Errorf("button without variable %+v", b)
	}
	if x := DefaultWidget(KindTextarea, "x", v, defs); x.Variable != "" || x.Placeholder == "" {
		t.Errorf("textarea %+v: an input binds to no variable", x)
	}
	p := &Project{HomePage: "Main"}
	if err := p.AddWidget(&Widget{Kind: KindLabel, Name: "l", Variable: "Missing"}); err == nil || !strings.Contains(err.Error(), `"Missing"`) {
		t.Errorf("a label bound to a missing variable: %v", err)
	}
}

func TestParseOnClick(t *testing.T) {
	for in, want := range map[string]OnClick{
		"":                                    {},
		" Variables.Chatroom.send() ":         {Action: ActionVariable, Variable: "Chatroom", Method: "send"},
		"Variables.Chatroom.invoke();":        {Action: ActionVariable, Variable: "Chatroom", Method: "invoke"},
		"Variables.Chatroom.open":             {Action: ActionVariable, Variable: "Chatroom", Method: "open"},
		"Page.sendMessage()":                  {Action: ActionPage, Function: "sendMessage"},
		"sendButtonClick($event, widget)":     {Action: ActionPage, Function: "sendButtonClick"},
		"Page.sendButtonClick($event,widget)": {Action: ActionPage, Function: "sendButtonClick"},
	} {
		got, err := ParseOnClick(in)
		if err != nil || got != want {
			t.Errorf("ParseOnClick(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for in, reason := range map[string]string{
		"Variables.Chatroom.delete()":   "no method delete",
		"Variables.Chatroom.send('hi')": "takes no arguments",
		"Variables.Chat-room.send()":    `"Chat-room" is not a name`,
		"Page.go(":                      "not closed",
		"Widgets.x.show = true":         `"show = true" is not a name`,
		"alert()":                       "want Variables",
	} {
		_, err := ParseOnClick(in)
		if err == nil || !strings.Contains(err.Error(), reason) || !strings.Contains(err.Error(), in) {
			t.Errorf("ParseOnClick(%q) = %v; want an error naming it and saying %q", in, err, reason)
		}
	}
}

func TestSplitCaption(t *testing.T) {
	for in, want := range map[string][2]string{
		"bind:Variables.X.lastRecord.time | toDate:'hh:mm:ss a'": {"bind:Variables.X.lastRecord.time", "hh:mm:ss a"},
		"bind:Variables.X.lastRecord.v|toNumber:2":               {"bind:Variables.X.lastRecord.v", "2"},
		`bind:Variables.X.lastRecord.t | toDate:'h \'o\'clock'`:  {"bind:Variables.X.lastRecord.t", "h 'o'clock"},
		"bind:Variables.X.lastRecord.t | toDate:'a|b'":           {"bind:Variables.X.lastRecord.t", "a|b"},
		"bind:Variables.X.lastRecord.v | toCurrency:'$'":         {"bind:Variables.X.lastRecord.v | toCurrency:'$'", ""},
		"Total | toNumber:2":                                     {"Total | toNumber:2", ""},
		"bind:a || b":                                            {"bind:a || b", ""},
		"bind:Variables.X.lastRecord.v | toNumber:123":           {"bind:Variables.X.lastRecord.v | toNumber:123", ""},
	} {
		c, f := SplitCaption(in)
		if [2]string{c, f} != want {
			t.Errorf("SplitCaption(%q) = %q, %q; want %q", in, c, f, want)
		}
	}
	w := &Widget{Kind: KindLabel}
	if err := KindByName(KindLabel).Prop("caption").Set(w, " bind:Variables.H.lastRecord.time | toDate:'HH:mm' "); err != nil ||
		w.Caption != "bind:Variables.H.lastRecord.time" || w.Format != "HH:mm" || w.Variable != "H" {
		t.Errorf("a caption typed with its filter: %+v, %v", w, err)
	}
	if got := JoinCaption("Heart rate", "2"); got != "Heart rate" {
		t.Errorf("a literal caption took a format: %q", got)
	}
}

// FuzzOnClick: an accepted on-click names its variable or function, and
// its usual form parses to the same action.
func FuzzOnClick(f *testing.F) {
	for _, s := range []string{"Variables.Chatroom.send()", "Page.fn()", "fn($event, widget)", "Variables.a.b.c()", "x(", ";", "Page.()"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		oc, err := ParseOnClick(s)
		if err != nil {
			if !strings.Contains(err.Error(), "on-click") {
				t.Fatalf("error does not say what it is about: %v", err)
			}
			return
		}
		switch oc.Action {
		case ActionNone:
			if strings.Trim(s, " \t\n\r\f\v;") != "" && strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ";")) != "" {
				t.Fatalf("%q read as no action", s)
			}
		case ActionVariable:
			if ValidIdentifier(oc.Variable) != nil || !contains(VariableMethods, oc.Method) || !strings.Contains(s, oc.Variable) {
				t.Fatalf("%q read as %+v", s, oc)
			}
		case ActionPage:
			if ValidIdentifier(oc.Function) != nil || !strings.Contains(s, oc.Function) {
				t.Fatalf("%q read as %+v", s, oc)
			}
		}
		again, err := ParseOnClick(oc.String())
		if err != nil || again != oc {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, oc, oc.String(), again, err)
		}
	})
}

// FuzzCaption: a bound caption and a format written together read back as
// the same two, whatever the format holds.
func FuzzCaption(f *testing.F) {
	f.Add("bind:Variables.X.lastRecord.time", "hh:mm:ss a")
	f.Add("bind:Variables.X.lastRecord.v", "2")
	f.Add("bind:a | toNumber:2", "h 'o''clock' \\")
	f.Add("bind:x |", "a|b")
	f.Fuzz(func(t *testing.T, caption, format string) {
		caption, format = strings.TrimSpace(caption), strings.TrimSpace(format)
		if !strings.HasPrefix(caption, "bind:") || format == "" {
			return
		}
		c, f2 := SplitCaption(JoinCaption(caption, format))
		if c != caption || f2 != format {
			t.Fatalf("(%q, %q) → %q → (%q, %q)", caption, format, JoinCaption(caption, format), c, f2)
		}
	})
}

// A renamed variable is renamed in the captions and on-clicks that name it,
// and the page says so on disk.
func TestRenameVariableFollowsLabelsAndButtons(t *testing.T) {
	dir := chatFixture(t)
	p := mustOpen(t, dir)
	if err := p.RenameVariable("Echo", "Chat"); err != nil {
		t.Fatal(err)
	}
	if err := p.RenameVariable("Quotes", "Prices"); err != nil {
		t.Fatal(err)
	}
	if w := widget(t, p, "Main", "timeLabel"); w.Caption != "bind:Variables.Prices.lastRecord.time" || w.Variable != "Prices" || w.Format != "hh:mm:ss a" {
		t.Errorf("label %+v", w)
	}
	if w := widget(t, p, "Main", "sendButton"); w.OnClick != "Variables.Chat.send()" || w.Variable != "Chat" {
		t.Errorf("button %+v", w)
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	_, diff := gitChanges(t, dir)
	ind := "            "
	want := []string{
		"-" + ind + `<wm-label padding="unset" caption="bind:Variables.Quotes.lastRecord.price | toNumber:2" name="priceLabel" class="p" type="p"></wm-label>`,
		"-" + ind + `<wm-label caption="bind:Variables.Quotes.lastRecord.time | toDate:'hh:mm:ss a'" name="timeLabel"></wm-label>`,
		"-" + ind + `<wm-list name="messages" dataset="bind:Variables.Echo.dataSet" navigation="None" itemtitle="name" itemsubtitle="time" itemsubtitleformat="hh:mm:ss a"></wm-list>`,
		"+" + ind + `<wm-label padding="unset" caption="bind:Variables.Prices.lastRecord.price | toNumber:2" name="priceLabel" class="p" type="p"></wm-label>`,
		"+" + ind + `<wm-label caption="bind:Variables.Prices.lastRecord.time | toDate:'hh:mm:ss a'" name="timeLabel"></wm-label>`,
		"+" + ind + `<wm-list name="messages" dataset="bind:Variables.Chat.dataSet" navigation="None" itemtitle="name" itemsubtitle="time" itemsubtitleformat="hh:mm:ss a"></wm-list>`,
		"-" + ind + `<wm-button name="sendButton" caption="Send" on-click="Variables.Echo.send()" class="btn-primary" iconclass="wi wi-send"></wm-button>`,
		"+" + ind + `<wm-button name="sendButton" caption="Send" on-click="Variables.Chat.send()" class="btn-primary" iconclass="wi wi-send"></wm-button>`,
	}
	if got := diff[mainHTML]; !reflect.DeepEqual(got, want) {
		t.Errorf("diff\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Renaming an input renames it in the variables' bindings that read it;
// other values are left alone.
func TestRenameInputFollowsBindings(t *testing.T) {
	dir := chatFixture(t)
	p := mustOpen(t, dir)
	e := p.Variable("Echo")
	e.DataBinding = []Binding{{Target: "RequestBody", Value: InputBinding("messageText"), Type: "string"},
		{Target: "note", Value: "bind:Widgets.messageTextOld.datavalue", Type: "string"}}
	q := p.Variable("Quotes")
	q.DataBinding = append(q.DataBinding, Binding{Target: "user", Value: "bind:Widgets.userName.datavalue", Type: "string"})
	if err := p.RenameWidget("Main", "messageText", "bodyText"); err != nil {
		t.Fatal(err)
	}
	if err := p.RenameWidget("Main", "priceLabel", "userName2"); err != nil {
		t.Fatal(err)
	}
	if got := e.DataBinding[0].Value; got != "bind:Widgets.bodyText.datavalue" {
		t.Errorf("RequestBody binding %q", got)
	}
	if got := e.DataBinding[1].Value; got != "bind:Widgets.messageTextOld.datavalue" {
		t.Errorf("another input's binding changed to %q", got)
	}
	if got := q.DataBinding[len(q.DataBinding)-1].Value; got != "bind:Widgets.userName.datavalue" {
		t.Errorf("a label rename touched %q", got)
	}
}
