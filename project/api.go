package project

import "errors"

// errTODO marks functions whose implementation is under way.
var errTODO = errors.New("not implemented yet")

// Open reads the project folder dir.
func Open(dir string) (*Project, error) { return nil, errTODO }

// Create writes a new, empty project named name into dir (empty or missing).
func Create(dir, name string) (*Project, error) { return nil, errTODO }

// Save writes every file the studio owns, atomically per file, leaving
// files it does not own untouched.
func (p *Project) Save() error { return errTODO }

// Service returns the service with that id, or nil.
func (p *Project) Service(id string) *Service {
	for _, s := range p.Services {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Variable returns the WebSocket variable with that name, or nil.
func (p *Project) Variable(name string) *Variable {
	for _, v := range p.Variables {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// Page returns the page with that name, or nil.
func (p *Project) Page(name string) *Page {
	for _, pg := range p.Pages {
		if pg.Name == name {
			return pg
		}
	}
	return nil
}

// AddService adds a WebSocket service (its id must be a safe identifier and
// unused) or replaces the service with the same id (keeping its API id).
func (p *Project) AddService(s *Service) error { return errTODO }

// RenameService changes a service's id; variables bound to it follow.
func (p *Project) RenameService(oldID, newID string) error { return errTODO }

// DeleteService removes a service (its folder and profile keys at the next
// Save) and returns the names of variables still bound to it.
func (p *Project) DeleteService(id string) (boundVariables []string, err error) {
	return nil, errTODO
}

// AddVariable adds a WebSocket variable (name must be a safe identifier, unused).
func (p *Project) AddVariable(v *Variable) error { return errTODO }

// RenameVariable renames a variable; widgets bound to it follow.
func (p *Project) RenameVariable(oldName, newName string) error { return errTODO }

// DeleteVariable removes a variable and returns the widgets still bound to it.
func (p *Project) DeleteVariable(name string) (boundWidgets []string, err error) {
	return nil, errTODO
}

// AddWidget adds a widget at the end of its page (w.Page; "" = home page).
func (p *Project) AddWidget(w *Widget) error { return errTODO }

// RenameWidget renames a widget on a page.
func (p *Project) RenameWidget(page, oldName, newName string) error { return errTODO }

// DeleteWidget removes a widget from a page.
func (p *Project) DeleteWidget(page, name string) error { return errTODO }

// MoveWidget moves a widget to position index on its page.
func (p *Project) MoveWidget(page, name string, index int) error { return errTODO }

// ServiceFiles lists the files of a service folder, relative to the
// project folder, for the generated-files viewer.
func (p *Project) ServiceFiles(id string) ([]string, error) { return nil, errTODO }
