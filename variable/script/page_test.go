package script

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/variable"
)

const chatScript = `/* the chat room's page script */
Page.sendMessage = function () {
    var text = Page.Widgets.messageText.datavalue;
    console.log("sending " + text + " as " + Page.Widgets.userName.datavalue);
    Page.Variables.Chatroom.send();
    Page.Widgets.messageText.datavalue = "";
};

Page.sayWhat = function () {
    Page.Variables.Chatroom.send({text: "typed: " + Page.Widgets.messageText.datavalue});
};

Page.report = function () {
    var c = Page.Variables.Chatroom;
    console.log("last " + c.lastRecord.text + ", first " + c.firstRecord.text + ", " + c.dataSet.length + " in all");
    console.log("echo " + typeof Page.Variables.Echo.lastRecord + " " + typeof Page.Variables.Echo.firstRecord);
    console.log("label " + Page.Widgets.title.name + " " + typeof Page.Widgets.title.datavalue);
};

Page.openEcho = function () {
    Page.Variables.Echo.invoke();
};

Page.boom = function () {
    var x = null;
    return x.field;
};

Page.spin = function () {
    for (;;) {}
};
`

// calm is the time limit of page functions and handlers in tests that are
// not about the limit: a busy machine must not stop them.
const calm = 10 * time.Second

// logLines collects what the engines log.
type logLines struct {
	mu    sync.Mutex
	lines []string
	added chan struct{}
}

func newLog() *logLines { return &logLines{added: make(chan struct{}, 100)} }

func (l *logLines) add(s string) {
	l.mu.Lock()
	l.lines = append(l.lines, s)
	l.mu.Unlock()
	select {
	case l.added <- struct{}{}:
	default:
	}
}

func (l *logLines) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Contains(l.lines, s)
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// chatProject is the chat room example's page: a variable Chatroom on the
// demo chat room whose username and RequestBody are bound to the page's
// inputs, a second variable Echo, the inputs, a label and a button.
func chatProject(t testing.TB, s *demo.Server, src string) (*project.Project, *project.Variable, *project.Variable) {
	t.Helper()
	p, chat := newProject(t, s.URL("/chatroom?username=user1"), src, func(v *project.Variable) {
		v.Name = "Chatroom"
		v.DataBinding = []project.Binding{
			{Target: "username", Value: "bind:Widgets.userName.datavalue", Type: "string"},
			{Target: "RequestBody", Value: "bind:Widgets.messageText.datavalue", Type: "string"},
		}
	})
	svc, err := project.NewService("echo", s.URL("/echo"))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AddService(svc); err != nil {
		t.Fatal(err)
	}
	echo := project.NewVariable("Echo", svc, project.OwnerPage, "Main")
	if err := p.AddVariable(echo); err != nil {
		t.Fatal(err)
	}
	p.Pages = []*project.Page{{Name: "Main", Widgets: []*project.Widget{
		{Kind: project.KindLabel, Name: "title", Page: "Main"},
		{Kind: project.KindText, Name: "userName", Page: "Main"},
		{Kind: project.KindTextarea, Name: "messageText", Page: "Main"},
		{Kind: project.KindButton, Name: "sendButton", Page: "Main"},
	}}}
	return p, chat, echo
}

// startVar makes and opens a variable with the registry's handlers, as
// the studio does.
func startVar(t testing.TB, r *Registry, p *project.Project, pv *project.Variable, in *variable.Inputs) *variable.Variable {
	t.Helper()
	v, err := variable.New(p, pv, variable.Options{Handlers: r.Handlers(p, pv), Inputs: in, Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	return v
}

func chatHas(v *variable.Variable, line string) bool {
	for _, r := range v.Dataset().Records(0, v.Dataset().Len()) {
		if r.Get("username").String()+": "+r.Get("text").String() == line {
			return true
		}
	}
	return false
}

// A button's Page.sendMessage() runs the page function, which reads the
// inputs through Page.Widgets and sends through Page.Variables: the message
// reaches every member of the room, and the textarea is cleared.
func TestCallPageSendsToTheRoom(t *testing.T) {
	s := startDemo(t)
	log := newLog()
	r := NewRegistry(Options{Log: log.add, Timeout: calm})
	p, chat, echo := chatProject(t, s, chatScript)
	t.Cleanup(func() { r.Forget(p) })
	in := variable.NewInputs()
	in.Set("userName", "ann")
	v := startVar(t, r, p, chat, in)
	startVar(t, r, p, echo, in)
	waitFor(t, v, "ann's join", func() bool { return chatHas(v, "system: ann joined") })

	// Someone else in the room, with no script at all.
	op, other := newProject(t, s.URL("/chatroom?username=bob"), "", nil)
	ov, err := variable.New(op, other, variable.Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ov.Close() })
	if err := ov.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "bob's join", func() bool { return chatHas(v, "system: bob joined") })

	in.Set("messageText", "hello, room")
	if err := r.CallPage(p, "Main", "Page.sendMessage()"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ov, "ann's message at bob's", func() bool { return chatHas(ov, "ann: hello, room") })
	waitFor(t, v, "ann's message back", func() bool { return chatHas(v, "ann: hello, room") })
	if !log.has("Main.js: sending hello, room as ann") {
		t.Fatalf("log:\n%s", log)
	}
	if val, ok := in.Get("messageText"); !ok || val != "" {
		t.Fatalf("messageText = %q %v after sending; the function cleared it", val, ok)
	}

	// A function that sends a value of its own; "" is the page's name too.
	in.Set("messageText", "abc")
	if err := r.CallPage(p, "", "sayWhat"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the second message", func() bool { return chatHas(v, "ann: typed: abc") })

	// lastRecord, firstRecord and dataSet of the running variables; an
	// empty dataset has no lastRecord.
	n := v.Dataset().Len()
	last, _ := v.LastRecord()
	if err := r.CallPage(p, "Main", "report"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Main.js: last " + last.Get("text").String() + ", first ann joined, " + strconv.Itoa(n) + " in all",
		"Main.js: echo undefined undefined",
		"Main.js: label title undefined",
	} {
		if !log.has(want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

// What goes wrong with a page function is said, with the script, the
// function and the line.
func TestCallPageErrors(t *testing.T) {
	s := startDemo(t)
	r := NewRegistry(Options{Timeout: 500 * time.Millisecond})
	p, chat, _ := chatProject(t, s, chatScript)
	t.Cleanup(func() { r.Forget(p) })
	startVar(t, r, p, chat, variable.NewInputs())
	tests := []struct{ page, fn, want string }{
		{"Main", "nothing", "Main.js: the script defines no function Page.nothing"},
		{"Main", "Page.boom()", "Main.js line 26: Page.boom threw TypeError: Cannot read property 'field' of"},
		{"Main", "spin", "Page.spin ran longer than 500ms and was stopped"},
		{"Main", "Variables.Chatroom.send()", `page function "Variables.Chatroom.send()": want Page.<name>(), a function of the page script`},
		{"Main", "Page.a.b()", `page function "Page.a.b()": want Page.<name>()`},
		{"../x", "boom", `call boom of page "../x": "../x" is not a safe name`},
		{"Other", "sendMessage", "Other.js: the script defines no function Page.sendMessage"},
	}
	for _, tt := range tests {
		err := r.CallPage(p, tt.page, tt.fn)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CallPage(%q, %q) = %v, want %q", tt.page, tt.fn, err, tt.want)
		}
	}
	var he *HandlerError
	if err := r.CallPage(p, "Main", "boom"); !errors.As(err, &he) || he.Handler != "Page.boom" || he.Line != 26 {
		t.Errorf("boom: %#v", err)
	}
	// The engine still works after a throw and a timeout.
	if err := r.CallPage(p, "Main", "sayWhat"); err != nil {
		t.Errorf("after the failures: %v", err)
	}
}

// A script that did not load says so when its function is called.
func TestCallPageOnABrokenScript(t *testing.T) {
	s := startDemo(t)
	r := NewRegistry(Options{Timeout: calm})
	p, chat, _ := chatProject(t, s, "Page.sendMessage = function () {\n  oops(;\n};\n")
	t.Cleanup(func() { r.Forget(p) })
	startVar(t, r, p, chat, variable.NewInputs())
	err := r.CallPage(p, "Main", "sendMessage")
	if err == nil || !strings.Contains(err.Error(), "Main.js: the script defines no function Page.sendMessage (it did not load: Main.js line 2: syntax error") {
		t.Fatalf("CallPage: %v", err)
	}
}

// Old-style page scripts define their functions on $scope, which is Page:
// $scope.Variables and $scope.Widgets are the page's.
func TestCallPageOldStyle(t *testing.T) {
	s := startDemo(t)
	log := newLog()
	r := NewRegistry(Options{Log: log.add, Timeout: calm})
	src := `Application.$controller("MainPageController", ["$scope", "Widgets", function ($scope, Widgets) {
    "use strict";
    $scope.report = function () {
        console.log("last " + $scope.Variables.Chatroom.lastRecord.text + ", typed " + Widgets.messageText.datavalue);
    };
}]);
`
	p, chat, _ := chatProject(t, s, src)
	t.Cleanup(func() { r.Forget(p) })
	in := variable.NewInputs()
	in.Set("userName", "cy")
	in.Set("messageText", "draft")
	v := startVar(t, r, p, chat, in)
	waitFor(t, v, "the join", func() bool { return chatHas(v, "system: cy joined") })
	if err := r.CallPage(p, "Main", "Page.report()"); err != nil {
		t.Fatal(err)
	}
	if want := "Main.js: last cy joined, typed draft"; !log.has(want) {
		t.Fatalf("log lacks %q:\n%s", want, log)
	}
}

// A handler sees lastRecord and firstRecord of its own variable as the
// dataset has them at that moment.
func TestHandlerSeesLastRecord(t *testing.T) {
	s := startDemo(t)
	src := `Page.ChatroomonMessageReceive = function (variable, data) {
    var last = variable.lastRecord;
    console.log("before " + (last === undefined ? "none" : last.text) + ", now " + data.text);
};
`
	log := newLog()
	r := NewRegistry(Options{Log: log.add, Timeout: calm})
	p, chat, _ := chatProject(t, s, src)
	t.Cleanup(func() { r.Forget(p) })
	in := variable.NewInputs()
	in.Set("userName", "di")
	in.Set("messageText", "hi")
	v := startVar(t, r, p, chat, in)
	waitFor(t, v, "the join", func() bool { return chatHas(v, "system: di joined") })
	if err := v.Send(nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the message", func() bool { return chatHas(v, "di: hi") })
	for _, want := range []string{"Main.js: before none, now di joined", "Main.js: before di joined, now hi"} {
		if !log.has(want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

func TestPageFunctionNames(t *testing.T) {
	for _, tt := range []struct{ fn, name string }{
		{"sendMessage", "sendMessage"},
		{"Page.sendMessage", "sendMessage"},
		{"Page.sendMessage()", "sendMessage"},
		{" Page.send_2() ", "send_2"},
		{"Variables.Chat.send()", ""},
		{"Page.a.b()", ""},
		{"Page.()", ""},
		{"Page.f(x)", ""},
		{"", ""},
	} {
		name, err := pageFunction(tt.fn)
		if name != tt.name || (err == nil) != (tt.name != "") {
			t.Errorf("pageFunction(%q) = %q, %v; want %q", tt.fn, name, err, tt.name)
		}
		if err != nil && !strings.Contains(err.Error(), strconv.Quote(tt.fn)) {
			t.Errorf("pageFunction(%q): %v does not name the input", tt.fn, err)
		}
	}
}

// FuzzPageFunction: an accepted name is a safe identifier that every way
// of writing it reads back as itself; a refused one is named in the error.
func FuzzPageFunction(f *testing.F) {
	for _, s := range []string{"sendMessage", "Page.sendMessage()", "Page.a.b()", "Page.()", "x()()", "Page.Page.x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, fn string) {
		name, err := pageFunction(fn)
		if err != nil {
			if name != "" || !strings.Contains(err.Error(), strconv.Quote(fn)) {
				t.Fatalf("pageFunction(%q) = %q, %v", fn, name, err)
			}
			return
		}
		if project.ValidIdentifier(name) != nil {
			t.Fatalf("pageFunction(%q) = %q, not a safe name", fn, name)
		}
		for _, form := range []string{name, "Page." + name, "Page." + name + "()"} {
			if again, err := pageFunction(form); err != nil || again != name {
				t.Fatalf("pageFunction(%q) = %q, %v; want %q", form, again, err, name)
			}
		}
	})
}

// invoke() opens a variable, as WaveMaker's generic name for open().
func TestCallPageInvokeOpens(t *testing.T) {
	s := startDemo(t)
	r := NewRegistry(Options{Timeout: calm})
	p, _, echo := chatProject(t, s, chatScript)
	t.Cleanup(func() { r.Forget(p) })
	v, err := variable.New(p, echo, variable.Options{Handlers: r.Handlers(p, echo), Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if v.State() != variable.Closed {
		t.Fatalf("state %v before the call", v.State())
	}
	if err := r.CallPage(p, "Main", "openEcho"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the open", func() bool { return v.State() == variable.Open })
}

// A handler reaches the page's other variables as Page.Variables, even one
// that has had no event yet.
func TestHandlerSeesTheOtherVariables(t *testing.T) {
	s := startDemo(t)
	src := `Page.ChatroomonOpen = function (variable) {
    var echo = Page.Variables.Echo;
    console.log(variable.name + " sees " + (echo === undefined ? "nothing" : echo.name + " with " + typeof echo.lastRecord));
};
`
	log := newLog()
	r := NewRegistry(Options{Log: log.add, Timeout: calm})
	p, chat, echo := chatProject(t, s, src)
	t.Cleanup(func() { r.Forget(p) })
	ev, err := variable.New(p, echo, variable.Options{Handlers: r.Handlers(p, echo), Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ev.Close() })
	startVar(t, r, p, chat, variable.NewInputs())
	if want := "Main.js: Chatroom sees Echo with undefined"; !log.has(want) {
		t.Fatalf("log lacks %q:\n%s", want, log)
	}
}
