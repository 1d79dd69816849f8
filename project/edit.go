package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

func (p *Project) sortServices() {
	sort.SliceStable(p.Services, func(i, j int) bool { return p.Services[i].ID < p.Services[j].ID })
}

// AddService adds a WebSocket service (its id must be a safe identifier and
// unused) or replaces the service with the same id (keeping its API id).
// Every profile that has no settings for the service yet gets them. A
// service without QueryParams or PathParams (nil) gets the endpoint's own;
// NewService makes a complete one.
func (p *Project) AddService(s *Service) error {
	if s == nil {
		return errors.New("add service: no service")
	}
	if err := ValidIdentifier(s.ID); err != nil {
		return fmt.Errorf("service id: %w", err)
	}
	if s.Type == "" {
		s.Type = ServiceTypeWebSocket
	}
	if s.Type != ServiceTypeWebSocket || s.ReadOnly {
		return fmt.Errorf("service %s: only WebSocket services can be added", s.ID)
	}
	if err := fillService(s); err != nil {
		return err
	}
	replaced := false
	for i, old := range p.Services {
		if old.ID != s.ID {
			continue
		}
		if !old.IsWebSocket() {
			return fmt.Errorf("service %s exists and is %s, which the studio does not change", s.ID, old.kindPhrase())
		}
		if old.APIID != "" {
			s.APIID = old.APIID
		}
		p.Services[i] = s
		replaced = true
	}
	if !replaced {
		p.Services = append(p.Services, s)
		p.sortServices()
	}
	for _, pr := range p.Profiles {
		if pr.Values == nil {
			pr.Values = map[string]string{}
		}
		for part, v := range map[string]string{"scheme": s.Scheme, "host": s.Host, "basepath": s.BasePath} {
			if _, ok := pr.Values[profileKey(s.ID, part)]; !ok || pr.Name == DefaultProfile {
				pr.Values[profileKey(s.ID, part)] = v
			}
		}
	}
	return nil
}

// writableService returns the WebSocket service id or an error.
func (p *Project) writableService(id string) (*Service, error) {
	s := p.Service(id)
	if s == nil {
		return nil, fmt.Errorf("there is no service %q", id)
	}
	if !s.IsWebSocket() {
		return nil, fmt.Errorf("service %s is %s, which the studio does not change", id, s.kindPhrase())
	}
	return s, nil
}

// RenameService changes a service's id; variables bound to it follow, and
// so do its keys in every profile.
func (p *Project) RenameService(oldID, newID string) error {
	s, err := p.writableService(oldID)
	if err != nil {
		return err
	}
	if err := ValidIdentifier(newID); err != nil {
		return fmt.Errorf("service id: %w", err)
	}
	if oldID == newID {
		return nil
	}
	if p.Service(newID) != nil {
		return fmt.Errorf("a service named %s exists already", newID)
	}
	if p.disk == nil {
		p.disk = newDisk()
	}
	onDisk := oldID
	if o, ok := p.disk.renamed[oldID]; ok {
		onDisk = o
		delete(p.disk.renamed, oldID)
	}
	p.disk.renamed[newID] = onDisk
	s.ID = newID
	if s.Title == oldID || s.Title == "" {
		s.Title = newID
	}
	for _, v := range p.Variables {
		if v.Service == oldID {
			v.Service = newID
			v.OperationID = s.OperationID()
			v.Type = s.ResponseType()
		}
	}
	for _, pr := range p.Profiles {
		for _, part := range []string{"scheme", "host", "basepath"} {
			if v, ok := pr.Values[profileKey(oldID, part)]; ok {
				delete(pr.Values, profileKey(oldID, part))
				pr.Values[profileKey(newID, part)] = v
			}
		}
	}
	p.sortServices()
	return nil
}

// DeleteService removes a service (its folder and profile keys at the next
// Save) and returns the names of variables still bound to it.
func (p *Project) DeleteService(id string) (boundVariables []string, err error) {
	if _, err := p.writableService(id); err != nil {
		return nil, err
	}
	for i, s := range p.Services {
		if s.ID == id {
			p.Services = append(p.Services[:i:i], p.Services[i+1:]...)
			break
		}
	}
	for _, pr := range p.Profiles {
		for _, part := range []string{"scheme", "host", "basepath"} {
			delete(pr.Values, profileKey(id, part))
		}
	}
	for _, v := range p.Variables {
		if v.Service == id {
			boundVariables = append(boundVariables, v.Name)
		}
	}
	return boundVariables, nil
}

// AddVariable adds a WebSocket variable (name must be a safe identifier,
// unused). An empty Owner is a page variable, an empty Page the home page;
// missing defaults are filled in (refresh, operation id and type from the
// service).
func (p *Project) AddVariable(v *Variable) error {
	if v == nil {
		return errors.New("add variable: no variable")
	}
	if err := ValidIdentifier(v.Name); err != nil {
		return fmt.Errorf("variable name: %w", err)
	}
	if p.Variable(v.Name) != nil {
		return fmt.Errorf("a variable named %s exists already", v.Name)
	}
	s := p.Service(v.Service)
	if s == nil || !s.IsWebSocket() {
		return fmt.Errorf("variable %s: there is no WebSocket service %q", v.Name, v.Service)
	}
	switch v.Owner {
	case "":
		v.Owner = OwnerPage
	case OwnerApp:
		v.Page = ""
	case OwnerPage:
	default:
		return fmt.Errorf("variable %s: owner %q is neither Page nor App", v.Name, v.Owner)
	}
	if v.Owner == OwnerPage {
		if v.Page == "" {
			v.Page = p.HomePage
		}
		if err := p.ensurePage(v.Page); err != nil {
			return err
		}
	}
	if v.Strategy == "" {
		v.Strategy = StrategyRefresh
	}
	switch v.Strategy {
	case StrategyRefresh, StrategyAppend, StrategyPrepend:
	default:
		return fmt.Errorf("variable %s: update strategy %q is not refresh, append or prepend", v.Name, v.Strategy)
	}
	if v.DataLimit < 0 {
		return fmt.Errorf("variable %s: data limit %d is negative", v.Name, v.DataLimit)
	}
	v.OperationID, v.Type = s.OperationID(), s.ResponseType()
	p.Variables = append(p.Variables, v)
	return nil
}

// ensurePage adds an empty page of that name when there is none.
func (p *Project) ensurePage(name string) error {
	if err := ValidIdentifier(name); err != nil {
		return fmt.Errorf("page name: %w", err)
	}
	if p.Page(name) == nil {
		p.Pages = append(p.Pages, &Page{Name: name})
		sort.SliceStable(p.Pages, func(i, j int) bool { return p.Pages[i].Name < p.Pages[j].Name })
	}
	return nil
}

// RenameVariable renames a variable; widgets bound to it follow.
func (p *Project) RenameVariable(oldName, newName string) error {
	v := p.Variable(oldName)
	if v == nil {
		return fmt.Errorf("there is no variable %q", oldName)
	}
	if err := ValidIdentifier(newName); err != nil {
		return fmt.Errorf("variable name: %w", err)
	}
	if oldName == newName {
		return nil
	}
	if p.Variable(newName) != nil {
		return fmt.Errorf("a variable named %s exists already", newName)
	}
	v.Name = newName
	for _, pg := range p.Pages {
		if v.Owner == OwnerPage && pg.Name != v.Page {
			continue
		}
		for _, w := range pg.Widgets {
			w.renameVariable(oldName, newName)
		}
	}
	return nil
}

// DeleteVariable removes a variable and returns the widgets still bound to
// it (as "Page.widget").
func (p *Project) DeleteVariable(name string) (boundWidgets []string, err error) {
	v := p.Variable(name)
	if v == nil {
		return nil, fmt.Errorf("there is no variable %q", name)
	}
	for i, x := range p.Variables {
		if x == v {
			p.Variables = append(p.Variables[:i:i], p.Variables[i+1:]...)
			break
		}
	}
	for _, pg := range p.Pages {
		if v.Owner == OwnerPage && pg.Name != v.Page {
			continue
		}
		for _, w := range pg.Widgets {
			if w.Variable == name {
				boundWidgets = append(boundWidgets, pg.Name+"."+w.Name)
			}
		}
	}
	return boundWidgets, nil
}

// AddWidget adds a widget at the end of its page (w.Page; "" = home page).
// The widget must show a WebSocket variable of that page or of the App.
func (p *Project) AddWidget(w *Widget) error {
	if w == nil {
		return errors.New("add widget: no widget")
	}
	if KindByName(w.Kind) == nil {
		return fmt.Errorf("widget kind %q is not chart, table, list, label, text, textarea or button", w.Kind)
	}
	if err := ValidIdentifier(w.Name); err != nil {
		return fmt.Errorf("widget name: %w", err)
	}
	if w.Page == "" {
		w.Page = p.HomePage
	}
	if err := p.ensurePage(w.Page); err != nil {
		return err
	}
	if (w.Variable != "" || !IsInteractive(w.Kind)) && p.VariableOn(w.Page, w.Variable) == nil {
		return fmt.Errorf("widget %s: there is no variable %q on page %s or in the App", w.Name, w.Variable, w.Page)
	}
	pg := p.Page(w.Page)
	for _, x := range pg.Widgets {
		if x.Name == w.Name {
			return fmt.Errorf("page %s has a widget named %s already", w.Page, w.Name)
		}
	}
	pg.Widgets = append(pg.Widgets, w)
	return nil
}

func (p *Project) widgetIndex(page, name string) (*Page, int, error) {
	pg := p.Page(page)
	if pg == nil {
		return nil, 0, fmt.Errorf("there is no page %q", page)
	}
	for i, w := range pg.Widgets {
		if w.Name == name {
			return pg, i, nil
		}
	}
	return nil, 0, fmt.Errorf("page %s has no widget %q", page, name)
}

// RenameWidget renames a widget on a page.
func (p *Project) RenameWidget(page, oldName, newName string) error {
	pg, i, err := p.widgetIndex(page, oldName)
	if err != nil {
		return err
	}
	if err := ValidIdentifier(newName); err != nil {
		return fmt.Errorf("widget name: %w", err)
	}
	for _, w := range pg.Widgets {
		if w.Name == newName && w != pg.Widgets[i] {
			return fmt.Errorf("page %s has a widget named %s already", page, newName)
		}
	}
	pg.Widgets[i].Name = newName
	if IsInput(pg.Widgets[i].Kind) {
		p.renameInputBindings(page, oldName, newName)
	}
	return nil
}

// DeleteWidget removes a widget from a page.
func (p *Project) DeleteWidget(page, name string) error {
	pg, i, err := p.widgetIndex(page, name)
	if err != nil {
		return err
	}
	pg.Widgets = append(pg.Widgets[:i:i], pg.Widgets[i+1:]...)
	return nil
}

// MoveWidget moves a widget to position index on its page (clamped to the
// first and last position).
func (p *Project) MoveWidget(page, name string, index int) error {
	pg, i, err := p.widgetIndex(page, name)
	if err != nil {
		return err
	}
	w := pg.Widgets[i]
	rest := append(pg.Widgets[:i:i], pg.Widgets[i+1:]...)
	index = max(0, min(index, len(rest)))
	pg.Widgets = append(rest[:index:index], append([]*Widget{w}, rest[index:]...)...)
	return nil
}

// ServiceFiles lists the files of a service folder, relative to the
// project folder, for the generated-files viewer: the files on disk and,
// for a WebSocket service, the files the next Save writes.
func (p *Project) ServiceFiles(id string) ([]string, error) {
	s := p.Service(id)
	if s == nil {
		return nil, fmt.Errorf("there is no service %q", id)
	}
	set := map[string]bool{}
	if s.IsWebSocket() && ValidIdentifier(id) == nil {
		if p.disk == nil {
			p.disk = newDisk()
		}
		c := cloneService(s)
		if err := fillService(c); err == nil {
			for rel := range renderService(c, p.layoutFor(id)) {
				set[rel] = true
			}
		}
	}
	if p.Dir != "" {
		root := filepath.Join(p.Dir, servicesDir, id)
		err := filepath.WalkDir(root, func(path string, de fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if de.IsDir() && isTempName(de.Name()) {
				return filepath.SkipDir
			}
			if !de.IsDir() && !strings.HasPrefix(de.Name(), ".") {
				rel, _ := filepath.Rel(p.Dir, path)
				set[filepath.ToSlash(rel)] = true
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("list service %s: %w", id, err)
		}
	}
	out := make([]string, 0, len(set))
	for rel := range set {
		out = append(out, rel)
	}
	sort.Strings(out)
	return out, nil
}

// NewServiceFiles lists, relative to the project folder, the files a Save
// writes when a new WebSocket service id is added: the service's own files,
// named the way this project names them, every profile (each gains the
// service's keys; a project with none gets development.properties), and
// pom.xml and project-services.xml when they list the project's services.
func (p *Project) NewServiceFiles(id string) []string {
	if p.disk == nil {
		p.disk = newDisk()
	}
	set := map[string]bool{}
	c := &Service{ID: id, Type: ServiceTypeWebSocket, Endpoint: "wss://host.invalid/x"}
	if ValidIdentifier(id) == nil && fillService(c) == nil {
		for rel := range renderService(c, p.layoutFor(id)) {
			set[rel] = true
		}
	}
	for _, pr := range p.Profiles {
		set[profileFile(pr.Name)] = true
	}
	if len(p.Profiles) == 0 {
		set[profileFile(DefaultProfile)] = true
	}
	adds := map[string]func([]byte) []byte{
		pomFile:             func(b []byte) []byte { return pomAdd(b, id) },
		projectServicesFile: func(b []byte) []byte { return importsAdd(b, path.Base(p.layoutFor(id).spring)) },
	}
	for rel, bf := range p.disk.build {
		if add := adds[rel]; add != nil && !bytes.Equal(add(bf.raw), bf.raw) {
			set[rel] = true
		}
	}
	out := make([]string, 0, len(set))
	for rel := range set {
		out = append(out, rel)
	}
	sort.Strings(out)
	return out
}

// kindPhrase names a service's kind in a sentence: "a RestService service",
// or "a service of another kind" when its files name none.
func (s *Service) kindPhrase() string {
	if s.Type == "" {
		return "a service of another kind"
	}
	return "a " + s.Type + " service"
}
