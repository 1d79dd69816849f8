package project

// State is a copy of everything an edit of the project model can change:
// the services, variables, pages with their widgets, profiles and the
// project's own properties. Snapshot takes one before an edit; Restore
// puts the model back, for undo and redo.
//
// Restore gives back the very objects the model held (the same *Service,
// *Variable, *Widget, *Page and *Profile pointers) with their old values,
// so whatever is keyed by those pointers, such as what Save compares
// against or the variables the window runs, stays attached to them. A
// State can be restored any number of times.
type State struct {
	displayName, homePage string

	services    []*Service
	serviceVals []Service

	variables []*Variable
	varVals   []Variable

	pages    []*Page
	pageVals []pageState0

	profiles    []*Profile
	profileVals []Profile

	renamed map[string]string
}

// pageState0 is a page's value: its name, its widgets in order and their
// values.
type pageState0 struct {
	name       string
	widgets    []*Widget
	widgetVals []Widget
}

// Snapshot copies the model's current state.
func (p *Project) Snapshot() *State {
	st := &State{displayName: p.DisplayName, homePage: p.HomePage}
	st.services = append([]*Service(nil), p.Services...)
	for _, s := range p.Services {
		st.serviceVals = append(st.serviceVals, *cloneService(s))
	}
	st.variables = append([]*Variable(nil), p.Variables...)
	for _, v := range p.Variables {
		st.varVals = append(st.varVals, cloneVariable(v))
	}
	st.pages = append([]*Page(nil), p.Pages...)
	for _, pg := range p.Pages {
		ps := pageState0{name: pg.Name, widgets: append([]*Widget(nil), pg.Widgets...)}
		for _, w := range pg.Widgets {
			ps.widgetVals = append(ps.widgetVals, cloneWidget(w))
		}
		st.pageVals = append(st.pageVals, ps)
	}
	st.profiles = append([]*Profile(nil), p.Profiles...)
	for _, pr := range p.Profiles {
		st.profileVals = append(st.profileVals, Profile{Name: pr.Name, Values: cloneMap(pr.Values)})
	}
	if p.disk != nil {
		st.renamed = cloneMap(p.disk.renamed)
	}
	return st
}

// Restore puts the model back to st. It does not touch the folder: the
// next Save writes whatever differs from the disk.
func (p *Project) Restore(st *State) {
	p.DisplayName, p.HomePage = st.displayName, st.homePage
	p.Services = append([]*Service(nil), st.services...)
	for i, s := range st.services {
		*s = *cloneService(&st.serviceVals[i])
	}
	p.Variables = append([]*Variable(nil), st.variables...)
	for i, v := range st.variables {
		*v = cloneVariable(&st.varVals[i])
	}
	p.Pages = append([]*Page(nil), st.pages...)
	for i, pg := range st.pages {
		ps := st.pageVals[i]
		pg.Name = ps.name
		pg.Widgets = append([]*Widget(nil), ps.widgets...)
		for j, w := range ps.widgets {
			*w = cloneWidget(&ps.widgetVals[j])
		}
	}
	p.Profiles = append([]*Profile(nil), st.profiles...)
	for i, pr := range st.profiles {
		pr.Name = st.profileVals[i].Name
		pr.Values = cloneMap(st.profileVals[i].Values)
	}
	if p.disk != nil {
		if st.renamed == nil {
			clear(p.disk.renamed)
		} else {
			p.disk.renamed = cloneMap(st.renamed)
		}
	}
}
