package project

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

// VariableOn returns the variable a widget on page sees under that name:
// the page's own variable, else the App's; nil when there is none.
// (WaveMaker allows one variable name on several pages.)
func (p *Project) VariableOn(page, name string) *Variable {
	var app *Variable
	for _, v := range p.Variables {
		if v.Name != name {
			continue
		}
		if v.Owner == OwnerPage && v.Page == page {
			return v
		}
		if v.Owner == OwnerApp {
			app = v
		}
	}
	return app
}
