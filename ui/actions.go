package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
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
	s.changed(true)
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
	s.changed(true)
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
		dialog.ShowInformation("Add Variable", "Import a WebSocket service first: a variable connects to one.", s.win)
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
	d.Resize(fyne.NewSize(420, 240))
	d.Show()
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
		return w
	}
	w.Variable = v.Name
	if w := project.DefaultWidgetFor(kind, name, v, s.proj.Service(v.Service)); w != nil {
		return w
	}
	return &project.Widget{Kind: kind, Name: name, Variable: v.Name}
}
