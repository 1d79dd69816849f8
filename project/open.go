package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// disk is what Open read, kept so that Save rewrites only what changed and
// keeps everything else byte for byte.
type disk struct {
	style      jsonStyle // the project's JSON layout, for files it creates
	varStyle   jsonStyle // the layout of the project's variables files, for new ones
	styledVars bool
	rendered   map[string]serviceLayout // services the save in progress writes, by id
	written    int                      // files the last save wrote
	underscore bool                     // the project's services name their Spring file service_<id>.spring.xml
	build      map[string]*buildFile    // pom.xml and project-services.xml as read, by path
	propFiles  map[string]*propFile     // profiles as read, line by line, by name
	props      *xmlProperties
	propsSnap  [2]string               // displayName, homePage as read
	services   map[string]*serviceOrig // WebSocket services as read, by id
	varFiles   map[string]*varFileState
	varOrig    map[*Variable]*varOrig
	pages      map[string]*pageState // by page name
	widgetOrig map[*Widget]*widgetOrig
	profiles   map[string]map[string]string // profile values as read, by name
	profileRaw map[string]bool              // profiles that exist on disk
	pageDirs   map[string]bool              // page folders that exist on disk
	renamed    map[string]string            // new service id → id on disk, until the next Save
}

type serviceOrig struct {
	snap   *Service
	layout serviceLayout
}

type varOrig struct {
	file  string // variables file it was read from
	snap  Variable
	entry *jsonObject // the entry as read
	raw   []byte      // the member bytes ("Name": {...})
	slot  int         // its place among the file's WebSocket entries
}

type widgetOrig struct {
	page string
	snap Widget
	elem *element
	slot int // its place among the page's studio elements
}

func newDisk() *disk {
	return &disk{
		services:   map[string]*serviceOrig{},
		varFiles:   map[string]*varFileState{},
		varOrig:    map[*Variable]*varOrig{},
		pages:      map[string]*pageState{},
		widgetOrig: map[*Widget]*widgetOrig{},
		profiles:   map[string]map[string]string{},
		profileRaw: map[string]bool{},
		pageDirs:   map[string]bool{},
		renamed:    map[string]string{},
		build:      map[string]*buildFile{},
		propFiles:  map[string]*propFile{},
		style:      studioStyle,
	}
}

// ErrNotProject matches (errors.Is) Open's error for a folder that is not
// a project.
var ErrNotProject = errors.New("not a WaveMaker project")

// notProject is that error, worded as one sentence naming the folder.
type notProject string

func (e notProject) Error() string        { return string(e) }
func (e notProject) Is(target error) bool { return target == ErrNotProject }

// Open reads the project folder dir.
func Open(dir string) (*Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist", dir)
		}
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	if err := recoverSave(abs); err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	return load(abs, osSource(abs), dir)
}

// source is where the loader reads a project from: the folder, or memory
// in tests and fuzzing. Paths are slash-separated, relative to the project.
type source interface {
	read(rel string) (data []byte, ok bool, err error)
	dirs(rel string) ([]string, error)  // sub-folder names
	files(rel string) ([]string, error) // file names
}

type osSource string

func (o osSource) read(rel string) ([]byte, bool, error) {
	data, err := os.ReadFile(filepath.Join(string(o), filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read %s: %w", rel, err)
	}
	return data, true, nil
}

func (o osSource) list(rel string, wantDir bool) ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(string(o), filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rel, err)
	}
	var names []string
	for _, e := range ents {
		if e.IsDir() == wantDir {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

func (o osSource) dirs(rel string) ([]string, error)  { return o.list(rel, true) }
func (o osSource) files(rel string) ([]string, error) { return o.list(rel, false) }

// load reads a project through read and dirs; shown is the folder name
// used in messages.
func load(abs string, src source, shown string) (*Project, error) {
	read, dirs := src.read, src.dirs
	p := &Project{Dir: abs, HomePage: "Main"}
	d := newDisk()
	p.disk = d

	raw, ok, err := read(propertiesFile)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notProject(fmt.Sprintf("%s is not a WaveMaker project: no %s", shown, propertiesFile))
	}
	if d.props, err = parseXMLProperties(propertiesFile, raw); err != nil {
		return nil, err
	}
	p.DisplayName = d.props.values["displayName"]
	if hp := d.props.values["homePage"]; hp != "" {
		p.HomePage = hp
	}
	d.propsSnap = [2]string{p.DisplayName, p.HomePage}

	// Services.
	ids, err := dirs(servicesDir)
	if err != nil {
		return nil, err
	}
	sort.Strings(ids)
	styled := false
	var infoStyle jsonStyle // a service-info.json's, when no Swagger file shows more
	infoStyled := false
	springs := [2]int{} // services naming their Spring file <id>.spring.xml, service_<id>.spring.xml
	for _, id := range ids {
		if isTempName(id) {
			continue
		}
		if only, err := onlyTemps(src, servicesDir+"/"+id); err != nil {
			return nil, err
		} else if only {
			continue // left by a save that was stopped: not a service
		}
		if ValidIdentifier(id) != nil {
			// A folder the studio could not name safely: list it read-only.
			p.Services = append(p.Services, &Service{ID: id, Title: id, ReadOnly: true})
			continue
		}
		s, layout, err := readService(id, read)
		if err != nil {
			return nil, err
		}
		if s.Type == "" {
			// Neither service-info.json nor servicedef.xml: the API file's
			// name still says what kind of service it is.
			names, err := src.files(servicesDir + "/" + id + "/designtime")
			if err != nil {
				return nil, err
			}
			s.Type = typeFromFiles(id, names)
		}
		p.Services = append(p.Services, s)
		if s.IsWebSocket() {
			d.services[id] = &serviceOrig{snap: cloneService(s), layout: layout}
			if path.Base(layout.spring) == "service_"+id+".spring.xml" {
				springs[1]++
			} else {
				springs[0]++
			}
		}
		if st, ok := layout.styles["designAPI"]; ok && !styled {
			d.style, styled = st, true
		} else if st, ok := layout.styles["info"]; ok && !styled && !infoStyled {
			infoStyle, infoStyled = st, true
		}
	}
	d.underscore = springs[1] > springs[0]
	for _, rel := range []string{pomFile, projectServicesFile} {
		data, ok, err := read(rel)
		if err != nil {
			return nil, err
		}
		if ok {
			d.build[rel] = &buildFile{raw: data}
		}
	}

	// Profiles.
	names, err := src.files(profilesDir)
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, f := range names {
		name, ok := strings.CutSuffix(f, ".properties")
		if !ok || ValidIdentifier(name) != nil {
			continue
		}
		rel := profileFile(name)
		data, _, err := read(rel)
		if err != nil {
			return nil, err
		}
		values, err := ParseProperties(rel, data)
		if err != nil {
			return nil, err
		}
		d.propFiles[name] = parsePropLines(data)
		p.Profiles = append(p.Profiles, &Profile{Name: name, Values: values})
		d.profiles[name] = cloneMap(values)
		d.profileRaw[name] = true
	}

	// Variables: the App's, then each page's.
	pages, err := dirs(pagesDir)
	if err != nil {
		return nil, err
	}
	sort.Strings(pages)
	kept := pages[:0]
	for _, pg := range pages {
		if isTempName(pg) {
			continue
		}
		if only, err := onlyTemps(src, pagesDir+"/"+pg); err != nil {
			return nil, err
		} else if only {
			continue // a page folder a stopped save had only begun
		}
		kept = append(kept, pg)
	}
	pages = kept
	appVars := map[string]bool{}
	if err := p.loadVars(appVariables, OwnerApp, "", read); err != nil {
		return nil, err
	}
	for _, v := range p.Variables {
		appVars[v.Name] = true
	}
	for _, pg := range pages {
		if ValidIdentifier(pg) != nil {
			continue
		}
		if err := p.loadVars(pageFile(pg, ".variables.json"), OwnerPage, pg, read); err != nil {
			return nil, err
		}
	}

	if !styled && d.styledVars {
		d.style, styled = d.varStyle, true
	}
	if !styled && infoStyled {
		d.style = infoStyle
	}

	// Page markup.
	for _, pg := range pages {
		if ValidIdentifier(pg) != nil {
			continue
		}
		page := &Page{Name: pg}
		d.pageDirs[pg] = true
		p.Pages = append(p.Pages, page)
		rel := pageFile(pg, ".html")
		data, ok, err := read(rel)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		owned := map[string]bool{}
		for n := range appVars {
			owned[n] = true
		}
		for _, v := range p.Variables {
			if v.Page == pg {
				owned[v.Name] = true
			}
		}
		st, widgets, origs, err := readMarkup(rel, pg, data, owned)
		if err != nil {
			return nil, err
		}
		d.pages[pg] = st
		page.Widgets = widgets
		for i, w := range widgets {
			d.widgetOrig[w] = &widgetOrig{page: pg, snap: cloneWidget(w), elem: origs[w], slot: i}
		}
	}
	return p, nil
}

func (p *Project) loadVars(rel, owner, page string, read readFunc) error {
	data, ok, err := read(rel)
	if err != nil || !ok {
		return err
	}
	st, vars, entries, err := readVarFile(rel, data, owner, page)
	if err != nil {
		return err
	}
	p.disk.varFiles[rel] = st
	if !p.disk.styledVars && len(st.obj.members) > 0 {
		p.disk.varStyle, p.disk.styledVars = st.style, true
	}
	for n, v := range vars {
		m := st.obj.members[st.owned[n]]
		p.disk.varOrig[v] = &varOrig{file: rel, snap: cloneVariable(v), entry: entries[v], raw: data[m.start:m.end], slot: n}
	}
	p.Variables = append(p.Variables, vars...)
	return nil
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// cloneService is a deep copy that keeps nil lists nil and empty lists
// empty, so that an untouched service compares equal to its copy.
func cloneService(s *Service) *Service {
	c := *s
	c.QueryParams = cloneSlice(s.QueryParams)
	c.PathParams = cloneSlice(s.PathParams)
	c.Headers = cloneSlice(s.Headers)
	c.Subprotocols = cloneSlice(s.Subprotocols)
	c.Request = cloneDefs(s.Request)
	c.Response = cloneDefs(s.Response)
	return &c
}

func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

func cloneDefs(d Definitions) Definitions {
	if d == nil {
		return nil
	}
	out := make(Definitions, len(d))
	for i, def := range d {
		c := &Definition{Name: def.Name, Properties: cloneSlice(def.Properties)}
		for j, p := range c.Properties {
			c.Properties[j] = cloneProperty(p)
		}
		out[i] = c
	}
	return out
}

func cloneProperty(p Property) Property {
	if p.Items != nil {
		it := cloneProperty(*p.Items)
		p.Items = &it
	}
	return p
}

func cloneVariable(v *Variable) Variable {
	c := *v
	c.DataBinding = cloneSlice(v.DataBinding)
	return c
}

func cloneWidget(w *Widget) Widget {
	c := *w
	c.YKeys = cloneSlice(w.YKeys)
	c.Columns = cloneSlice(w.Columns)
	return c
}

// typeFromFiles reads a service's type from the name of its designtime
// API file: <id>_API_REST_SERVICE.json is a RestService,
// <id>_API_WEBSOCKET_SERVICE.json a WebSocketService; "" when there is none.
func typeFromFiles(id string, names []string) string {
	sort.Strings(names)
	for _, n := range names {
		kind, ok := strings.CutPrefix(n, id+"_API_")
		if !ok {
			continue
		}
		kind, ok = strings.CutSuffix(kind, ".json")
		if !ok || kind == "" {
			continue
		}
		var b strings.Builder
		for _, w := range strings.Split(kind, "_") {
			if w == "" {
				continue
			}
			lw := strings.ToLower(w)
			if lw == "websocket" {
				b.WriteString("WebSocket")
				continue
			}
			b.WriteString(strings.ToUpper(lw[:1]) + lw[1:])
		}
		return b.String()
	}
	return ""
}
