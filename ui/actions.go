package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
	"wsstudio/ui/wizard"
)

// importService opens the import wizard; a finished import appears in the
// tree with its variable connected.
func (s *Studio) importService() { s.showWizard(nil) }

// showWizard opens the import wizard, editing existing when not nil.
func (s *Studio) showWizard(existing *project.Service) {
	if s.proj == nil {
		return
	}
	wizard.Show(s.win, s.proj, wizard.Options{
		Existing: existing,
		Demo:     s.opts.Demo,
		OnFinish: func(svc *project.Service, v *project.Variable) { s.imported(svc, v) },
	})
}

// imported takes a service the wizard finished, and its variable if any.
func (s *Studio) imported(svc *project.Service, v *project.Variable) {
	if svc != nil && s.proj.Service(svc.ID) == nil {
		if err := s.proj.AddService(svc); err != nil {
			s.showError(fmt.Errorf("add service %s: %w", svc.ID, err))
			return
		}
	}
	if svc != nil {
		// a service edited in place: variables bound to it reconnect
		for _, x := range s.proj.Variables {
			if x.Service == svc.ID && s.running[x] != nil {
				s.restart(x)
			}
		}
	}
	s.selected = ""
	if svc != nil {
		s.selected = svcNode(svc.ID)
	}
	if v != nil {
		if s.proj.Variable(v.Name) == nil {
			if err := s.proj.AddVariable(v); err != nil {
				s.showError(fmt.Errorf("add variable %s: %w", v.Name, err))
				v = nil
			}
		}
		if v != nil {
			s.selected = varNode(v.Name)
			if v.StartUpdate {
				s.connect(v)
			}
		}
	}
	desc := "Import"
	if svc != nil {
		desc = "Import " + svc.ID
	}
	s.changedAs(desc, true)
	s.showProps()
	s.console.setVariable(s.consoleVariable())
	if s.selected != "" {
		s.tree.tree.Select(s.selected)
	}
}

// NewVariable makes a WebSocket variable for service svc with WaveMaker's
// defaults; it is project.NewVariable, kept so that callers of the studio
// need not know where the defaults live.
func NewVariable(name string, svc *project.Service, owner, page string) *project.Variable {
	return project.NewVariable(name, svc, owner, page)
}

// AddVariable adds a variable for a service and connects it.
func (s *Studio) AddVariable(name, serviceID, owner string) (*project.Variable, error) {
	if s.proj == nil {
		return nil, fmt.Errorf("no project is open")
	}
	svc := s.proj.Service(serviceID)
	if svc == nil || !svc.IsWebSocket() {
		return nil, fmt.Errorf("add variable %s: there is no WebSocket service %q", name, serviceID)
	}
	v := NewVariable(strings.TrimSpace(name), svc, owner, s.homePage())
	if err := s.proj.AddVariable(v); err != nil {
		return nil, fmt.Errorf("add variable %s: %w", name, err)
	}
	s.selected = varNode(v.Name)
	s.connect(v)
	s.changedAs("Add variable "+v.Name, true)
	s.showProps()
	s.console.setVariable(v)
	s.tree.tree.Select(s.selected)
	return v, nil
}

func (s *Studio) addVariable() {
	if s.proj == nil {
		return
	}
	var services []string
	for _, svc := range s.proj.Services {
		if svc.IsWebSocket() {
			services = append(services, svc.ID)
		}
	}
	if len(services) == 0 {
		s.showDialog(dialog.NewInformation("Add Variable", "Import a WebSocket service first: a variable connects to one.", s.win))
		return
	}
	name := widget.NewEntry()
	svcSel := widget.NewSelect(services, nil)
	svcSel.SetSelected(services[0])
	name.SetText(s.freeVariableName(services[0]))
	svcSel.OnChanged = func(id string) { name.SetText(s.freeVariableName(id)) }
	owner := widget.NewRadioGroup([]string{project.OwnerPage, project.OwnerApp}, nil)
	owner.Horizontal = true
	owner.SetSelected(project.OwnerPage)
	d := dialog.NewForm("Add WebSocket Variable", "Add", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Service", svcSel),
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Owner", owner),
	}, func(ok bool) {
		if ok {
			if _, err := s.AddVariable(name.Text, svcSel.Selected, owner.Selected); err != nil {
				s.showError(err)
			}
		}
	}, s.win)
	s.showDialog(d)
	d.Resize(fyne.NewSize(420, 240))
}

// freeVariableName suggests an unused variable name for a service.
func (s *Studio) freeVariableName(serviceID string) string {
	base := strings.ToUpper(serviceID[:1]) + serviceID[1:] + "Feed"
	name := base
	for i := 2; s.proj.Variable(name) != nil; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}

// defaultWidget is a new widget of kind bound to v, keys picked from the
// metadata of v's service.
func (s *Studio) defaultWidget(kind, name string, v *project.Variable) *project.Widget {
	w := &project.Widget{Kind: kind, Name: name}
	if v == nil {
		if project.IsInteractive(kind) {
			return project.DefaultWidget(kind, name, nil, nil)
		}
		return w
	}
	w.Variable = v.Name
	if w := project.DefaultWidgetFor(kind, name, v, s.proj.Service(v.Service)); w != nil {
		return w
	}
	return &project.Widget{Kind: kind, Name: name, Variable: v.Name}
}

// The labels, inputs and buttons a page can have, as the toolbar's
// Controls menu, the page's context menu and the shortcuts offer them.
var controls = []struct {
	kind, label, keys string
	key               fyne.KeyName
}{
	{project.KindLabel, "Label", "Ctrl+Shift+4", fyne.Key4},
	{project.KindText, "Text", "Ctrl+Shift+5", fyne.Key5},
	{project.KindTextarea, "Textarea", "Ctrl+Shift+6", fyne.Key6},
	{project.KindButton, "Button", "Ctrl+Shift+7", fyne.Key7},
}

func init() {
	// Help → Keyboard Shortcuts lists them after the other widgets.
	at := len(shortcutList)
	for i, sc := range shortcutList {
		if sc.what == "Add list" {
			at = i + 1
		}
	}
	var add []struct{ keys, what string }
	for _, c := range controls {
		add = append(add, struct{ keys, what string }{c.keys, "Add " + strings.ToLower(c.label)})
	}
	shortcutList = slices.Insert(shortcutList, at, add...)
}

// controlItems are the menu items that add a label, text, textarea or
// button to the home page.
func controlItems(s *Studio) []*fyne.MenuItem {
	var items []*fyne.MenuItem
	for _, c := range controls {
		kind := c.kind
		it := fyne.NewMenuItem("Add "+c.label, func() { s.addWidget(kind) })
		it.Shortcut = controlShortcut(c.key)
		items = append(items, it)
	}
	return items
}

func controlShortcut(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

// addControlShortcuts binds Ctrl+Shift+4 … 7 to adding a label, text,
// textarea and button.
func (s *Studio) addControlShortcuts() {
	c := s.win.Canvas()
	for _, ctl := range controls {
		kind := ctl.kind
		g := s.guard("adding a "+kind, func() { s.addWidget(kind) })
		c.AddShortcut(controlShortcut(ctl.key), func(fyne.Shortcut) { g() })
	}
}
