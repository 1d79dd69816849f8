package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
	"wsstudio/variable"
)

// WaveMaker's labels of the update strategies, in WaveMaker's order.
var strategyLabels = []struct{ value, label string }{
	{project.StrategyRefresh, "Refresh data on new message"},
	{project.StrategyAppend, "Add new message as last record"},
	{project.StrategyPrepend, "Add new message as first record"},
}

// StrategyLabel is WaveMaker's label of an update strategy.
func StrategyLabel(strategy string) string {
	for _, s := range strategyLabels {
		if s.value == strategy {
			return s.label
		}
	}
	return strategyLabels[0].label
}

func strategyOf(label string) string {
	for _, s := range strategyLabels {
		if s.label == label {
			return s.value
		}
	}
	return project.StrategyRefresh
}

// eventNames are a variable's events in WaveMaker's order.
var eventNames = []string{"onBeforeOpen", "onOpen", "onBeforeMessageSend", "onMessageReceive",
	"onError", "onBeforeClose", "onClose"}

// scriptSaved is told that v's handlers were written to its page script.
// The script is on disk already and the model did not change, so the
// project is not marked modified; the console says where the edit went.
func (s *Studio) scriptSaved(v *project.Variable) {
	s.console.note(v, "Page script saved; running variables use the new handlers.")
}

// variablePanel edits a WebSocket variable. Every change goes through a
// Studio method that updates the model, the running variable and the
// canvas, so the behaviour is testable without this panel.
type variablePanel struct {
	s        *Studio
	v        *project.Variable
	name     *widget.Entry
	owner    *widget.Select
	service  *widget.Select
	start    *widget.Check
	strategy *widget.Select
	limit    *commitEntry
	bindings map[string]*commitEntry
	sources  map[string]*widget.Select // a binding's source: text, or one of the page's inputs
	conn     *widget.Button
	schema   *schemaBox
	box      fyne.CanvasObject
}

// refreshConn names the Open/Close button after what it would do.
func (vp *variablePanel) refreshConn() {
	text, icon := "Open", theme.MediaPlayIcon()
	if vp.s.IsOpen(vp.v) {
		text, icon = "Close", theme.MediaStopIcon()
	}
	if vp.conn.Text != text {
		vp.conn.SetText(text)
		vp.conn.SetIcon(icon)
	}
}

func newVariablePanel(s *Studio, v *project.Variable) *variablePanel {
	vp := &variablePanel{s: s, v: v, bindings: map[string]*commitEntry{}, sources: map[string]*widget.Select{}}

	vp.name = widget.NewEntry()
	vp.name.SetText(v.Name)
	vp.name.OnSubmitted = func(string) { vp.rename() }

	vp.owner = widget.NewSelect([]string{project.OwnerPage, project.OwnerApp}, nil)
	owner := v.Owner
	if owner == "" {
		owner = project.OwnerPage
	}
	vp.owner.SetSelected(owner)
	vp.owner.OnChanged = func(o string) { s.UpdateVariable(v, func(v *project.Variable) { setOwner(v, o, s.homePage()) }, false) }

	var services []string
	for _, svc := range s.proj.Services {
		if svc.IsWebSocket() {
			services = append(services, svc.ID)
		}
	}
	vp.service = widget.NewSelect(services, nil)
	vp.service.SetSelected(v.Service)
	vp.service.OnChanged = func(id string) { s.SetVariableService(v, id) }

	vp.start = widget.NewCheck("Connect on page load", nil)
	vp.start.SetChecked(v.StartUpdate)
	vp.start.OnChanged = func(b bool) { s.UpdateVariable(v, func(v *project.Variable) { v.StartUpdate = b }, false) }

	labels := make([]string, len(strategyLabels))
	for i, sl := range strategyLabels {
		labels[i] = sl.label
	}
	vp.strategy = widget.NewSelect(labels, nil)
	vp.strategy.SetSelected(StrategyLabel(v.Strategy))
	vp.limit = intEntry(v.DataLimit, func(n int) { s.UpdateVariable(v, func(v *project.Variable) { v.DataLimit = n }, false) })
	vp.strategy.OnChanged = func(l string) {
		s.SetStrategy(v, strategyOf(l))
		vp.limitFollowsStrategy()
	}
	vp.limitFollowsStrategy()

	vp.conn = widget.NewButtonWithIcon("Open", theme.MediaPlayIcon(), s.guard("opening or closing a variable", func() {
		if s.IsOpen(v) {
			s.CloseVariable(v)
		} else {
			s.OpenVariable(v)
		}
	}))
	vp.refreshConn()
	s.varPanel = vp
	form := widget.NewForm(
		widget.NewFormItem("Name", renameRow(vp.name, func() string { return v.Name }, vp.rename)),
		widget.NewFormItem("Connection", vp.conn),
		widget.NewFormItem("Owner", vp.owner),
		widget.NewFormItem("Service", vp.service),
		widget.NewFormItem("Operation", readOnly(v.OperationID)),
		widget.NewFormItem("Type", readOnly(v.Type)),
		widget.NewFormItem("", vp.start),
		widget.NewFormItem("Update strategy", vp.strategy),
		widget.NewFormItem("Data limit", vp.limit.Row()),
	)
	form.Items[8].HintText = "Records kept; 0 = no limit"

	vp.schema = newSchemaBox(s, v)
	parts := []fyne.CanvasObject{form, section("Schema"), vp.schema.box, section("Data (bindings)"), vp.bindingForm()}
	parts = append(parts, section("Connection (studio extensions)"), vp.extensionsForm())
	parts = append(parts, section("Events"))
	var inner []fyne.CanvasObject // a script editor scrolls itself
	if s.opts.EventsSection != nil {
		ev := s.opts.EventsSection(s.win, s.proj, v, func() { s.scriptSaved(v) })
		inner = append(inner, ev)
		parts = append(parts, ev)
	} else {
		parts = append(parts, plainEvents())
	}
	del := widget.NewButtonWithIcon("Delete variable", theme.DeleteIcon(), s.guard("deleting a variable", func() { s.deleteVariable(v) }))
	del.Importance = widget.DangerImportance
	parts = append(parts, widget.NewSeparator(), container.NewHBox(del))
	vp.box = panelScrollWith(inner, "WebSocket Variable", parts...)
	return vp
}

func (vp *variablePanel) object() fyne.CanvasObject { return vp.box }

// limitFollowsStrategy: refresh keeps one record, so a limit means nothing.
func (vp *variablePanel) limitFollowsStrategy() {
	if vp.v.Strategy == project.StrategyAppend || vp.v.Strategy == project.StrategyPrepend {
		vp.limit.Enable()
	} else {
		vp.limit.Disable()
	}
}

func (vp *variablePanel) rename() {
	name := strings.TrimSpace(vp.name.Text)
	if name == vp.v.Name {
		return
	}
	if err := vp.s.RenameVariable(vp.v, name); err != nil {
		vp.s.showError(err)
		vp.name.SetText(vp.v.Name)
	}
}

// bindingForm has one entry per query and path parameter and RequestBody.
func (vp *variablePanel) bindingForm() fyne.CanvasObject {
	v, s := vp.v, vp.s
	form := widget.NewForm()
	svc := s.proj.Service(v.Service)
	add := func(target, hint string, multi bool) {
		apply := func(val string) { s.SetBinding(v, target, val) }
		if target != "RequestBody" {
			// a URL parameter takes effect on the next connection
			apply = func(val string) {
				s.SetBinding(v, target, val)
				if s.runtime(v) != nil {
					s.restart(v)
				}
			}
		}
		e := newCommitEntry(bindingValue(v, target), multi, apply)
		switch {
		case project.IsSecret(target):
			e.Password = true // shown as dots, in screenshots too
		case multi:
			e.SetMinRowsVisible(3)
			e.TextStyle = fyne.TextStyle{Monospace: true}
			e.Wrapping = fyne.TextWrapWord // a long JSON body stays readable in the narrow pane
		}
		if !project.IsSecret(target) {
			e.SetPlaceHolder(hint)
		}
		item := widget.NewFormItem(target, e.Row())
		setHint := func(bound bool) {
			switch {
			case bound && target == "RequestBody":
				item.HintText = "Sends the input's text at the time of sending"
			case bound:
				item.HintText = "Reconnects when the input's text settles"
			case target != "RequestBody":
				item.HintText = "Enter applies and reconnects"
			default:
				item.HintText = "Applied when you leave the box or press ✓"
			}
		}
		_, bound := variable.BoundInput(bindingValue(v, target))
		setHint(bound)
		if src := vp.bindingSource(target, e, apply, func(bound bool) { setHint(bound); form.Refresh() }); src != nil {
			item.Widget = container.NewVBox(src, e.Row())
			vp.sources[target] = src
		}
		vp.bindings[target] = e
		form.AppendItem(item)
	}
	if svc != nil {
		for _, p := range svc.QueryParams {
			add(p.Name, p.Value, false)
		}
		for _, p := range svc.PathParams {
			add(p.Name, p.Value, false)
		}
	}
	hint := ""
	if svc != nil {
		hint = svc.SampleRequest
	}
	add("RequestBody", hint, true)
	return form
}

// textSource is the choice of a binding whose value is typed in.
const textSource = "Text"

// inputSource is the choice of a binding that reads input name.
func inputSource(name string) string { return "Widget: " + name }

// pageInputs are the names of the inputs on v's page (the home page for an
// App variable), in markup order.
func (s *Studio) pageInputs(v *project.Variable) []string {
	page := v.Page
	if v.Owner == project.OwnerApp || page == "" {
		page = s.homePage()
	}
	var out []string
	if pg := s.proj.Page(page); pg != nil {
		for _, w := range pg.Widgets {
			if project.IsInput(w.Kind) && w.Name != "" {
				out = append(out, w.Name)
			}
		}
	}
	return out
}

// bindingSource is the choice next to a binding's entry: "Text" (the entry)
// or one of the page's inputs, which writes bind:Widgets.<name>.datavalue.
// nil when the page has no inputs and the binding reads none.
func (vp *variablePanel) bindingSource(target string, e *commitEntry, apply func(string), bound func(bool)) *widget.Select {
	inputs := vp.s.pageInputs(vp.v)
	current, isBound := variable.BoundInput(bindingValue(vp.v, target))
	if isBound && !slices.Contains(inputs, current) {
		inputs = append(inputs, current) // gone from the page: still shown as it is
	}
	if len(inputs) == 0 {
		return nil
	}
	choices := []string{textSource}
	for _, in := range inputs {
		choices = append(choices, inputSource(in))
	}
	sel := widget.NewSelect(choices, nil)
	// Bound to an input, the entry has nothing to say: the choice says it.
	if isBound {
		sel.SetSelected(inputSource(current))
		e.Disable()
		e.Row().Hide()
	} else {
		sel.SetSelected(textSource)
	}
	sel.OnChanged = func(choice string) {
		defer vp.s.recoverUI("changing a binding's source")
		_, wasBound := variable.BoundInput(bindingValue(vp.v, target))
		if choice == textSource {
			e.Enable()
			e.Row().Show()
			bound(false)
			if wasBound {
				e.Reset("")
				apply("") // back to the service's own value until one is typed
			}
			return
		}
		name := strings.TrimPrefix(choice, inputSource(""))
		val := variable.InputBinding(name)
		e.Reset(val)
		e.Disable()
		e.Row().Hide()
		bound(true)
		if bindingValue(vp.v, target) != val {
			apply(val)
		}
	}
	return sel
}

func bindingValue(v *project.Variable, target string) string {
	for _, b := range v.DataBinding {
		if b.Target == target {
			return b.Value
		}
	}
	return ""
}

func (vp *variablePanel) extensionsForm() fyne.CanvasObject {
	v, s := vp.v, vp.s
	upd := func(fn func(v *project.Variable)) { s.UpdateVariable(v, fn, false) }
	rec := widget.NewCheck("Reconnect automatically", func(b bool) {
		upd(func(v *project.Variable) { v.Reconnect.Enabled = b })
	})
	rec.SetChecked(v.Reconnect.Enabled)
	initial := durEntry(v.Reconnect.InitialDelay, func(d time.Duration) { upd(func(v *project.Variable) { v.Reconnect.InitialDelay = d }) })
	maxD := durEntry(v.Reconnect.MaxDelay, func(d time.Duration) { upd(func(v *project.Variable) { v.Reconnect.MaxDelay = d }) })
	ping := durEntry(v.PingInterval, func(d time.Duration) { upd(func(v *project.Variable) { v.PingInterval = d }) })
	hs := durEntry(v.HandshakeTimeout, func(d time.Duration) { upd(func(v *project.Variable) { v.HandshakeTimeout = d }) })
	limit := intEntry(int(v.ReadLimit), func(n int) { upd(func(v *project.Variable) { v.ReadLimit = int64(n) }) })
	f := widget.NewForm(
		widget.NewFormItem("", rec),
		widget.NewFormItem("First retry after", initial.Row()),
		widget.NewFormItem("Longest wait", maxD.Row()),
		widget.NewFormItem("Ping interval", ping.Row()),
		widget.NewFormItem("Handshake timeout", hs.Row()),
		widget.NewFormItem("Read limit (bytes)", limit.Row()),
	)
	f.Items[1].HintText = "Default 500ms"
	f.Items[2].HintText = "Default 30s"
	f.Items[3].HintText = "0 = no pings"
	f.Items[4].HintText = "0 = 10s"
	f.Items[5].HintText = "0 = 16 MiB"
	return f
}

func plainEvents() fyne.CanvasObject {
	form := widget.NewForm()
	for _, e := range eventNames {
		form.Append(e, readOnly("—"))
	}
	return form
}

// intEntry edits a non-negative integer; fn gets valid values only, when
// the entry is applied (Enter, focus loss, ✓).
func intEntry(n int, fn func(int)) *commitEntry {
	e := newCommitEntry(strconv.Itoa(n), false, func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			fn(0)
			return
		}
		if n, err := strconv.Atoi(s); err == nil && n >= 0 {
			fn(n)
		}
	})
	e.check = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a whole number of 0 or more", s)
		}
		return nil
	}
	return e
}

// durEntry edits a duration such as "500ms" or "30s"; empty is 0.
func durEntry(d time.Duration, fn func(time.Duration)) *commitEntry {
	text := ""
	if d > 0 {
		text = d.String()
	}
	e := newCommitEntry(text, false, func(s string) {
		if d, ok := parseDur(s); ok {
			fn(d)
		}
	})
	e.SetPlaceHolder("0")
	e.check = func(s string) error {
		if _, ok := parseDur(s); !ok {
			return fmt.Errorf("%q is not a duration such as 500ms or 30s", s)
		}
		return nil
	}
	return e
}

func parseDur(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return 0, true
	}
	d, err := time.ParseDuration(s)
	return d, err == nil && d >= 0
}

// setOwner moves a variable between the App and the page.
func setOwner(v *project.Variable, owner, page string) {
	v.Owner = owner
	if owner == project.OwnerApp {
		v.Page = ""
	} else if v.Page == "" {
		v.Page = page
	}
}

// UpdateVariable changes a variable's properties with fn, hands them to the
// running variable (restart = reconnect as well) and marks the project
// modified.
func (s *Studio) UpdateVariable(v *project.Variable, fn func(v *project.Variable), restart bool) {
	fn(v)
	if restart {
		s.restart(v)
	} else if rv := s.runtime(v); rv != nil {
		rv.Apply(v)
	}
	s.changedAs("Change "+v.Name, false)
}

// SetStrategy changes a variable's update strategy; bound widgets show the
// effect at once.
func (s *Studio) SetStrategy(v *project.Variable, strategy string) {
	if v.Strategy == strategy {
		return
	}
	s.UpdateVariable(v, func(v *project.Variable) { v.Strategy = strategy }, false)
}

// SetBinding sets a dataBinding value (a query or path parameter, or
// "RequestBody"); an empty value removes the binding.
func (s *Studio) SetBinding(v *project.Variable, target, value string) {
	s.UpdateVariable(v, func(v *project.Variable) {
		out := v.DataBinding[:0:0]
		found := false
		for _, b := range v.DataBinding {
			if b.Target == target {
				found = true
				if value == "" {
					continue
				}
				b.Value = value
				if _, input := variable.BoundInput(value); input {
					// an input's datavalue is text; WaveMaker writes it so
					b.Type = "string"
				}
			}
			out = append(out, b)
		}
		if !found && value != "" {
			out = append(out, project.Binding{Target: target, Value: value, Type: "string"})
		}
		v.DataBinding = out
	}, false)
}

// SetVariableService binds a variable to another service and reconnects it.
func (s *Studio) SetVariableService(v *project.Variable, id string) {
	svc := s.proj.Service(id)
	if svc == nil || v.Service == id {
		return
	}
	s.UpdateVariable(v, func(v *project.Variable) {
		v.Service = svc.ID
		v.OperationID = svc.OperationID()
		v.Type = svc.ResponseType()
	}, true)
	s.showProps()
}

// RenameVariable renames a variable; widgets bound to it follow.
func (s *Studio) RenameVariable(v *project.Variable, name string) error {
	old := v.Name
	if err := s.proj.RenameVariable(old, name); err != nil {
		return fmt.Errorf("rename variable %s: %w", old, err)
	}
	if s.selected == varNode(old) {
		s.selected = varNode(v.Name)
	}
	if s.runtime(v) != nil {
		// the running variable and its page-script handlers go by name
		s.restart(v)
	}
	s.changedAs("Rename "+old+" to "+v.Name, true)
	s.showProps()
	s.tree.tree.Select(s.selected)
	return nil
}

// deleteVariable asks, then removes a variable (bound widgets are named).
func (s *Studio) deleteVariable(v *project.Variable) {
	var bound []string
	for _, pg := range s.proj.Pages {
		for _, w := range pg.Widgets {
			if w.Variable == v.Name {
				bound = append(bound, w.Name)
			}
		}
	}
	msg := "Delete the variable " + v.Name + "?"
	if len(bound) > 0 {
		msg += " Widgets bound to it keep their binding but show no data: " + strings.Join(bound, ", ") + "."
	}
	s.confirm("Delete variable", msg, func(ok bool) {
		if ok {
			s.showError(s.DeleteVariable(v))
		}
	})
}

// DeleteVariable stops and removes a variable.
func (s *Studio) DeleteVariable(v *project.Variable) error {
	s.sess.Park(v) // an undo brings it back running
	if _, err := s.proj.DeleteVariable(v.Name); err != nil {
		return fmt.Errorf("delete variable %s: %w", v.Name, err)
	}
	if s.selected == varNode(v.Name) {
		s.selected = ""
	}
	s.changedAs("Delete "+v.Name, true)
	s.showProps()
	s.console.setVariable(s.consoleVariable())
	return nil
}
