package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"wsstudio/project"
)

// chatroomProject is the chat room example's page: a service with a
// username query parameter, a variable Chatroom whose RequestBody reads the
// textarea, and the page's two inputs between other widgets.
func chatroomProject(t *testing.T, addr string) *project.Project {
	t.Helper()
	svc := &project.Service{
		ID: "chatroom", Title: "chatroom", Type: project.ServiceTypeWebSocket,
		Endpoint: "ws://" + addr + "/chatroom?username=user1", Scheme: "ws", Host: addr, RelativePath: "/chatroom",
		QueryParams:    []project.Param{{Name: "username", Value: "user1", Type: "string"}},
		SampleRequest:  "Hello",
		SampleResponse: `{"username":"user1","text":"Hello","time":1764000000000}`,
	}
	p := &project.Project{Dir: t.TempDir(), DisplayName: "Chat", HomePage: "Main",
		Services: []*project.Service{svc}, Pages: []*project.Page{{Name: "Main"}}}
	v := NewVariable("Chatroom", svc, project.OwnerPage, "Main")
	v.Strategy = project.StrategyAppend
	v.DataBinding = []project.Binding{{Target: "RequestBody", Value: "bind:Widgets.messageText.datavalue", Type: "string"}}
	p.Variables = []*project.Variable{v}
	p.Pages[0].Widgets = []*project.Widget{
		{Kind: project.KindLabel, Name: "title", Page: "Main"},
		{Kind: project.KindTextarea, Name: "messageText", Page: "Main"},
		{Kind: project.KindText, Name: "userName", Page: "Main"},
		{Kind: project.KindButton, Name: "sendButton", Page: "Main"},
	}
	return p
}

func bindingOf(v *project.Variable, target string) (project.Binding, bool) {
	for _, b := range v.DataBinding {
		if b.Target == target {
			return b, true
		}
	}
	return project.Binding{}, false
}

// The page's inputs, and only they, are offered as the source of each
// binding; choosing one writes bind:Widgets.<name>.datavalue as one
// undoable edit, and "Text" takes the binding back to typed text.
func TestBindingSourceIsAPageInput(t *testing.T) {
	p := chatroomProject(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.s.Select(VariableNode("Chatroom"))
	vp := currentVariablePanel(t, h)
	v := p.Variable("Chatroom")

	want := []string{"Text", "Widget: messageText", "Widget: userName"}
	for _, target := range []string{"username", "RequestBody"} {
		sel := vp.sources[target]
		if sel == nil {
			t.Fatalf("no source choice for %s", target)
		}
		if !slices.Equal(sel.Options, want) {
			t.Errorf("%s offers %q, want %q", target, sel.Options, want)
		}
	}
	if got := vp.sources["RequestBody"].Selected; got != "Widget: messageText" {
		t.Errorf("RequestBody's source shows %q, want the textarea it is bound to", got)
	}
	if !vp.bindings["RequestBody"].Disabled() || vp.bindings["RequestBody"].Row().Visible() {
		t.Error("the entry of a binding to an input is shown and editable")
	}
	if vp.bindings["username"].Disabled() || !vp.bindings["username"].Row().Visible() {
		t.Error("the entry of a typed binding is hidden or not editable")
	}
	if h.s.Modified() {
		t.Fatal("modified before any edit")
	}

	vp.sources["username"].SetSelected("Widget: userName")
	b, ok := bindingOf(v, "username")
	if !ok || b.Value != "bind:Widgets.userName.datavalue" || b.Type != "string" {
		t.Fatalf("username binding %+v %v, want bind:Widgets.userName.datavalue", b, ok)
	}
	if u := vp.bindings["username"]; !u.Disabled() || u.Row().Visible() || u.Text != "bind:Widgets.userName.datavalue" {
		t.Errorf("the username entry holds %q, disabled %v, shown %v", u.Text, u.Disabled(), u.Row().Visible())
	}
	if !h.s.Modified() || h.s.UndoName() != "Change Chatroom" {
		t.Fatalf("modified %v, undo %q", h.s.Modified(), h.s.UndoName())
	}
	if !h.s.Undo() {
		t.Fatal("nothing to undo")
	}
	v = p.Variable("Chatroom")
	if _, ok := bindingOf(v, "username"); ok {
		t.Fatalf("undo left the username binding: %+v", v.DataBinding)
	}
	if !h.s.Redo() {
		t.Fatal("nothing to redo")
	}
	v = p.Variable("Chatroom")
	if b, _ := bindingOf(v, "username"); b.Value != "bind:Widgets.userName.datavalue" {
		t.Fatalf("redo: %+v", v.DataBinding)
	}

	// The panel shown after the redo follows the model; back to text.
	vp = currentVariablePanel(t, h)
	if got := vp.sources["username"].Selected; got != "Widget: userName" {
		t.Fatalf("after redo the username source shows %q", got)
	}
	vp.sources["RequestBody"].SetSelected("Text")
	if b, ok := bindingOf(p.Variable("Chatroom"), "RequestBody"); ok {
		t.Fatalf("RequestBody still bound after choosing Text: %+v", b)
	}
	e := vp.bindings["RequestBody"]
	if e.Disabled() || !e.Row().Visible() || e.Text != "" {
		t.Fatalf("RequestBody entry %q disabled %v shown %v after choosing Text", e.Text, e.Disabled(), e.Row().Visible())
	}
	test.Type(e, "hi all")
	e.Commit()
	if b, _ := bindingOf(p.Variable("Chatroom"), "RequestBody"); b.Value != "hi all" {
		t.Fatalf("typed RequestBody: %+v", p.Variable("Chatroom").DataBinding)
	}
}

// Without inputs on the page a binding is typed text only, as before; a
// binding to an input that is no longer on the page still shows it.
func TestBindingSourceWithoutInputs(t *testing.T) {
	p := quotesProject(t, "127.0.0.1:1")
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.s.Select(VariableNode("Quotes"))
	vp := currentVariablePanel(t, h)
	if len(vp.sources) != 0 {
		t.Fatalf("source choices on a page without inputs: %v", vp.sources)
	}
	p.Variables[0].DataBinding = []project.Binding{{Target: "symbols", Value: "bind:Widgets.gone.datavalue"}}
	vp = currentVariablePanel(t, h)
	sel := vp.sources["symbols"]
	if sel == nil || sel.Selected != "Widget: gone" || !slices.Equal(sel.Options, []string{"Text", "Widget: gone"}) {
		t.Fatalf("a binding to a removed input: %+v", sel)
	}
	if vp.sources["RequestBody"] != nil {
		t.Error("RequestBody offers inputs on a page without any")
	}
}

func TestVariablePanelWithInputBindingGolden(t *testing.T) {
	p := chatroomProject(t, "127.0.0.1:1")
	p.Variables[0].DataBinding = append(p.Variables[0].DataBinding,
		project.Binding{Target: "username", Value: "bind:Widgets.userName.datavalue", Type: "string"})
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.w.Resize(fyne.NewSize(1280, 1100)) // the whole panel, bindings included
	h.s.Select(VariableNode("Chatroom"))
	h.q.Drain()
	test.AssertImageMatches(t, "panel_variable_input.png", captureObject(h.w, h.s.props))
}

// A RequestBody typed as a JSON object, bound to an input instead, becomes
// a string binding: an input's datavalue is text, and WaveMaker writes it
// so.
func TestBindingToAnInputIsAString(t *testing.T) {
	p := chatroomProject(t, "127.0.0.1:1")
	v := p.Variable("Chatroom")
	v.DataBinding = []project.Binding{{Target: "RequestBody", Value: `{"text":"hi"}`, Type: "object"}}
	h := newHarness(t, p, Options{NoAutoConnect: true})
	h.s.Select(VariableNode("Chatroom"))
	vp := currentVariablePanel(t, h)
	vp.sources["RequestBody"].SetSelected("Widget: messageText")
	b, ok := bindingOf(v, "RequestBody")
	if !ok || b.Value != "bind:Widgets.messageText.datavalue" || b.Type != "string" {
		t.Fatalf("RequestBody binding %+v %v, want a string binding to messageText", b, ok)
	}
}
