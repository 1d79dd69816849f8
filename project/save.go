package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/tidwall/gjson"
)

// Save writes every file the studio owns, leaving files it does not own
// untouched. Only files whose bytes change are written; all of them are
// first written as temporaries beside their targets, and only when every
// one is on disk are they renamed into place. If a step fails (a full disk,
// a file or folder that cannot be written), the files already replaced are
// restored and the folders of deleted services come back, so the project
// is either the old one or the new one, and the error names the file.
// Temporaries left by a save that was stopped are removed first.
func (p *Project) Save() error {
	if p.Dir == "" {
		return fmt.Errorf("save: the project has no folder")
	}
	if p.disk == nil {
		p.disk = newDisk()
	}
	if err := recoverSave(p.Dir); err != nil {
		return fmt.Errorf("save %s: %w", p.Dir, err)
	}
	sweepTemps(p.Dir)
	out, removed, err := p.render()
	if err != nil {
		return fmt.Errorf("save %s: %w", p.Dir, err)
	}
	rels := make([]string, 0, len(out))
	for rel := range out {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	b := batch{root: p.Dir}
	for _, rel := range rels {
		full, err := inside(p.Dir, rel)
		if err != nil {
			b.abort()
			return fmt.Errorf("save: %w", err)
		}
		if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, out[rel]) {
			continue
		}
		if err := b.stage(full, out[rel], newFileMode(rel, out[rel])); err != nil {
			b.abort()
			return fmt.Errorf("save: %w", err)
		}
	}
	if err := p.carryOver(&b, removed); err != nil {
		b.abort()
		return err
	}
	for _, rel := range removed {
		full, err := inside(p.Dir, rel)
		if err != nil {
			b.abort()
			return fmt.Errorf("save: %w", err)
		}
		if _, err := os.Lstat(full); err != nil {
			continue
		}
		to, err := asideName(full)
		if err != nil {
			b.abort()
			return fmt.Errorf("save: remove %s: %w", rel, err)
		}
		b.move(full, to, true)
	}
	written := 0
	for _, s := range b.steps {
		if s.Kind == "write" {
			written++
		}
	}
	if err := b.commit(); err != nil {
		return fmt.Errorf("save: %w", err)
	}
	p.disk.written = written
	clear(p.disk.renamed)
	return p.refresh(out, removed)
}

// newFileMode is the mode a file gets when the save creates it: 0600 for
// one that holds secrets (a service's connection settings, a variables
// file with a secret binding), 0644 for the rest.
func newFileMode(rel string, data []byte) os.FileMode {
	if strings.HasSuffix(rel, "_connection_settings.json") {
		return 0o600
	}
	if strings.HasSuffix(rel, ".variables.json") {
		secret := false
		gjson.ParseBytes(data).ForEach(func(_, v gjson.Result) bool {
			v.Get("dataBinding").ForEach(func(_, b gjson.Result) bool {
				if IsSecret(b.Get("target").String()) && b.Get("value").String() != "" {
					secret = true
				}
				return !secret
			})
			return !secret
		})
		if secret {
			return 0o600
		}
	}
	return 0o644
}

// carryOver adds to b the moves of the files the studio does not own from
// the folder of a renamed service into its new folder, made before the old
// folder is put aside.
func (p *Project) carryOver(b *batch, removed []string) error {
	gone := map[string]bool{}
	for _, rel := range removed {
		gone[strings.TrimPrefix(rel, servicesDir+"/")] = true
	}
	for newID, oldID := range p.disk.renamed {
		if !gone[oldID] || p.Service(newID) == nil {
			continue
		}
		owned := map[string]bool{}
		sp := pathsOf(oldID)
		for _, f := range []string{sp.info, sp.designAPI, sp.designTarget, sp.connection, sp.studio, sp.defs, sp.spring, sp.oldSpring, sp.srcTarget, sp.xmlDef} {
			owned[f] = true
		}
		oldDir, err := inside(p.Dir, servicesDir+"/"+oldID)
		if err != nil {
			return fmt.Errorf("save: %w", err)
		}
		err = filepath.WalkDir(oldDir, func(full string, de fs.DirEntry, err error) error {
			if err != nil || de.IsDir() {
				return err
			}
			if isTempName(de.Name()) {
				return nil
			}
			r, _ := filepath.Rel(oldDir, full)
			r = filepath.ToSlash(r)
			if owned[servicesDir+"/"+oldID+"/"+r] {
				return nil
			}
			target, err := inside(p.Dir, servicesDir+"/"+newID+"/"+r)
			if err != nil {
				return err
			}
			if _, err := os.Lstat(target); err == nil {
				return nil // the new folder has its own
			}
			b.move(full, target, false)
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("save: move the files of service %s to %s: %w", oldID, newID, err)
		}
	}
	return nil
}

// refresh makes what Save compares against match the folder after a
// save: out holds the bytes of every file the save rendered, which are now
// on disk. The snapshots are the caller's own values, so the next Save
// without edits renders nothing.
func (p *Project) refresh(out map[string][]byte, removed []string) error {
	d := p.disk
	if data, ok := out[propertiesFile]; ok {
		xp, err := parseXMLProperties(propertiesFile, data)
		if err != nil {
			return fmt.Errorf("save: read back: %w", err)
		}
		d.props = xp
	}
	d.propsSnap = [2]string{p.DisplayName, p.HomePage}
	for _, rel := range removed {
		delete(d.services, strings.TrimPrefix(rel, servicesDir+"/"))
	}
	for id, l := range d.rendered {
		s := p.Service(id)
		if s == nil {
			continue
		}
		sp := pathsOf(id)
		if l.raw == nil {
			l.raw = map[string][]byte{}
		}
		for role, rel := range sp.roleFiles() {
			if data, ok := out[rel]; ok {
				l.styles[role] = detectStyle(data)
				l.raw[role] = data
			}
		}
		if l.xmlDef != nil {
			l.xmlDef = out[sp.xmlDef]
		}
		d.services[id] = &serviceOrig{snap: cloneService(s), layout: l}
	}
	clear(d.rendered)
	for _, pr := range p.Profiles {
		if data, ok := out[profileFile(pr.Name)]; ok {
			d.propFiles[pr.Name] = parsePropLines(data)
		}
		d.profiles[pr.Name] = cloneMap(pr.Values)
		d.profileRaw[pr.Name] = true
	}
	for rel, bf := range d.build {
		if data, ok := out[rel]; ok {
			bf.raw = data
		}
	}
	appNames := map[string]bool{}
	for _, v := range p.Variables {
		if v.Owner == OwnerApp {
			appNames[v.Name] = true
		}
	}
	for _, pg := range p.Pages {
		d.pageDirs[pg.Name] = true
	}

	// Variables files written: split them again.
	for f, data := range out {
		if !strings.HasSuffix(f, ".variables.json") {
			continue
		}
		owner, page := OwnerApp, ""
		if f != appVariables {
			owner, page = OwnerPage, strings.TrimSuffix(path.Base(f), ".variables.json")
		}
		st, vars, entries, err := readVarFile(f, data, owner, page)
		if err != nil {
			return fmt.Errorf("save: read back: %w", err)
		}
		d.varFiles[f] = st
		byName := map[string]*Variable{}
		for _, v := range p.Variables {
			if varFile(v.Owner, v.Page) == f {
				byName[v.Name] = v
			}
		}
		for v, o := range d.varOrig {
			if o.file == f {
				delete(d.varOrig, v)
			}
		}
		for n, rv := range vars {
			v := byName[rv.Name]
			if v == nil {
				continue
			}
			m := st.obj.members[st.owned[n]]
			d.varOrig[v] = &varOrig{file: f, snap: cloneVariable(v), entry: entries[rv], raw: data[m.start:m.end], slot: n}
		}
	}

	// Pages written: find their elements again.
	for _, pg := range p.Pages {
		rel := pageFile(pg.Name, ".html")
		data, ok := out[rel]
		if !ok {
			continue
		}
		owned := map[string]bool{}
		for n := range appNames {
			owned[n] = true
		}
		for _, v := range p.Variables {
			if v.Owner == OwnerPage && v.Page == pg.Name {
				owned[v.Name] = true
			}
		}
		// Widgets the model still holds are the studio's, even when their
		// variable was deleted: an undo brings it back.
		for _, w := range pg.Widgets {
			owned[w.Variable] = true
		}
		st, widgets, elems, err := readMarkup(rel, pg.Name, data, owned)
		if err != nil {
			return fmt.Errorf("save: read back: %w", err)
		}
		d.pages[pg.Name] = st
		byName := map[string]*Widget{}
		for _, w := range pg.Widgets {
			byName[w.Name] = w
		}
		for w, o := range d.widgetOrig {
			if o.page == pg.Name {
				delete(d.widgetOrig, w)
			}
		}
		for i, rw := range widgets {
			if w := byName[rw.Name]; w != nil {
				d.widgetOrig[w] = &widgetOrig{page: pg.Name, snap: cloneWidget(w), elem: elems[rw], slot: i}
			}
		}
	}
	return nil
}

// render computes the bytes of every file the studio owns and the service
// folders to remove.
func (p *Project) render() (map[string][]byte, []string, error) {
	d := p.disk
	out := map[string][]byte{}

	// .wmproject.properties
	if d.props == nil {
		out[propertiesFile] = newProperties(p.DisplayName, p.HomePage)
	} else if [2]string{p.DisplayName, p.HomePage} != d.propsSnap {
		data := d.props.raw
		if p.DisplayName != d.propsSnap[0] {
			data = d.props.set("displayName", p.DisplayName)
		}
		if p.HomePage != d.propsSnap[1] {
			xp, err := parseXMLProperties(propertiesFile, data)
			if err != nil {
				return nil, nil, err
			}
			data = xp.set("homePage", p.HomePage)
		}
		out[propertiesFile] = data
	}

	// Services: only those that are new or edited are written.
	d.rendered = map[string]serviceLayout{}
	current := map[string]bool{}
	changed := map[string]bool{}
	for _, s := range p.Services {
		if current[s.ID] {
			return nil, nil, fmt.Errorf("two services have the id %q", s.ID)
		}
		current[s.ID] = true
		if !s.IsWebSocket() {
			continue
		}
		if err := ValidIdentifier(s.ID); err != nil {
			return nil, nil, fmt.Errorf("service id: %w", err)
		}
		o := d.services[s.ID]
		if o != nil && reflect.DeepEqual(o.snap, s) {
			continue
		}
		changed[s.ID] = true
		if err := fillService(s); err != nil {
			return nil, nil, err
		}
		l := p.layoutFor(s.ID)
		for rel, data := range renderService(s, l) {
			out[rel] = data
		}
		d.rendered[s.ID] = l
	}
	var removed []string
	for id := range d.services {
		if !current[id] {
			removed = append(removed, servicesDir+"/"+id)
		}
	}
	sort.Strings(removed)
	p.renderBuildFiles(out, current)

	// Profiles: development follows the settings of the services that are
	// new or edited; an untouched service's keys are the user's.
	var dev *Profile
	for _, s := range p.Services {
		if !s.IsWebSocket() || !changed[s.ID] {
			continue
		}
		if dev == nil {
			if dev = p.Profile(DefaultProfile); dev == nil {
				p.SetProfile(DefaultProfile, profileKey(s.ID, "scheme"), s.Scheme)
				dev = p.Profile(DefaultProfile)
			}
		}
		for part, v := range map[string]string{"scheme": s.Scheme, "host": s.Host, "basepath": s.BasePath} {
			dev.Values[profileKey(s.ID, part)] = v
		}
	}
	renames := map[string]string{}
	for newID, oldID := range d.renamed {
		for _, part := range []string{"scheme", "host", "basepath"} {
			renames[profileKey(oldID, part)] = profileKey(newID, part)
		}
	}
	for _, pr := range p.Profiles {
		if err := ValidIdentifier(pr.Name); err != nil {
			return nil, nil, fmt.Errorf("profile name: %w", err)
		}
		switch {
		case !d.profileRaw[pr.Name]:
			out[profileFile(pr.Name)] = FormatProperties(pr.Values)
		case !sameValues(pr.Values, d.profiles[pr.Name]):
			pf := d.propFiles[pr.Name]
			if pf == nil {
				pf = parsePropLines(nil)
			}
			out[profileFile(pr.Name)] = pf.edit(d.profiles[pr.Name], pr.Values, renames)
		}
	}

	// Pages that are new get their files.
	for _, pg := range p.Pages {
		if err := ValidIdentifier(pg.Name); err != nil {
			return nil, nil, fmt.Errorf("page name: %w", err)
		}
		if !d.pageDirs[pg.Name] {
			out[pageFile(pg.Name, ".html")] = []byte(pageMarkup)
			out[pageFile(pg.Name, ".variables.json")] = documentStyled(obj{}, d.newVarStyle())
			out[pageFile(pg.Name, ".js")] = []byte(pageScript)
			out[pageFile(pg.Name, ".css")] = []byte{}
		}
	}

	if err := p.renderVariables(out); err != nil {
		return nil, nil, err
	}
	if err := p.renderPages(out); err != nil {
		return nil, nil, err
	}
	return out, removed, nil
}

// fillService completes what the writer needs: the endpoint parts, the
// endpoint's own query and path parameters where the service has none
// (nil), and an API id.
func fillService(s *Service) error {
	if s.Scheme == "" || s.Host == "" || s.RelativePath == "" {
		ep, err := SplitEndpoint(s.Endpoint)
		if err != nil {
			return fmt.Errorf("service %s: %w", s.ID, err)
		}
		s.Scheme, s.Host, s.BasePath, s.RelativePath = ep.Scheme, ep.Host, ep.BasePath, ep.RelativePath
	}
	s.QueryParams, s.PathParams = s.params()
	if s.APIID == "" {
		s.APIID = uuid.NewString()
	}
	if s.Title == "" {
		s.Title = s.ID
	}
	return nil
}

func (p *Project) renderVariables(out map[string][]byte) error {
	d := p.disk
	groups := map[string][]*Variable{}
	names := map[string]bool{}
	for _, v := range p.Variables {
		if err := ValidIdentifier(v.Name); err != nil {
			return fmt.Errorf("variable name: %w", err)
		}
		if v.Owner == OwnerPage {
			if err := ValidIdentifier(v.Page); err != nil {
				return fmt.Errorf("variable %s: page name: %w", v.Name, err)
			}
		}
		f := varFile(v.Owner, v.Page)
		// WaveMaker allows one name on two pages; one file holds it once.
		if names[f+"\x00"+v.Name] {
			return fmt.Errorf("%s: two variables are named %q", f, v.Name)
		}
		names[f+"\x00"+v.Name] = true
		groups[f] = append(groups[f], v)
	}
	files := map[string]bool{}
	for f := range groups {
		files[f] = true
	}
	for f := range d.varFiles {
		files[f] = true
	}
	for f := range files {
		st := d.varFiles[f]
		if st == nil {
			if len(groups[f]) == 0 {
				continue
			}
			style := d.newVarStyle()
			base := documentStyled(obj{}, style)
			if b, ok := out[f]; ok {
				base = b
			}
			o, err := parseObject(f, base)
			if err != nil {
				return err
			}
			st = &varFileState{rel: f, raw: base, obj: o, style: style}
		}
		indent := st.style.unit
		if len(st.obj.members) > 0 {
			indent = lineIndent(st.raw, st.obj.members[0].start)
		}
		group := groups[f]
		origSlot := make([]int, len(group))
		for i, v := range group {
			origSlot[i] = -1
			if o := d.varOrig[v]; o != nil && o.file == f && d.varFiles[f] == st {
				origSlot[i] = o.slot
			}
		}
		entry := func(v *Variable) spliceEntry {
			o := d.varOrig[v]
			if o != nil && o.file == f && reflect.DeepEqual(o.snap, *v) {
				return spliceEntry{key: v.Name, orig: o.raw}
			}
			var orig *jsonObject
			if o != nil {
				orig = o.entry
			}
			return spliceEntry{key: v.Name, value: renderVariable(v, orig, indent, st.style)}
		}
		perSlot, extraIdx := assignSlots(len(st.owned), origSlot)
		slots := make([]*spliceEntry, len(perSlot))
		for n, i := range perSlot {
			if i >= 0 {
				e := entry(group[i])
				slots[n] = &e
			}
		}
		var extra []spliceEntry
		for _, i := range extraIdx {
			extra = append(extra, entry(group[i]))
		}
		out[f] = spliceObject(st.obj, st.owned, slots, extra, st.style)
	}
	return nil
}

func (p *Project) renderPages(out map[string][]byte) error {
	d := p.disk
	for _, pg := range p.Pages {
		rel := pageFile(pg.Name, ".html")
		st := d.pages[pg.Name]
		if st == nil {
			if len(pg.Widgets) == 0 {
				continue
			}
			base, ok := out[rel]
			if !ok {
				base = []byte(pageMarkup)
			}
			var err error
			if st, _, _, err = readMarkup(rel, pg.Name, base, nil); err != nil {
				return err
			}
		}
		names := map[string]bool{}
		origSlot := make([]int, len(pg.Widgets))
		for i, w := range pg.Widgets {
			if err := ValidIdentifier(w.Name); err != nil {
				return fmt.Errorf("page %s: widget name: %w", pg.Name, err)
			}
			if names[w.Name] {
				return fmt.Errorf("page %s: two widgets are named %q", pg.Name, w.Name)
			}
			names[w.Name] = true
			if KindByName(w.Kind) == nil {
				return fmt.Errorf("page %s: widget %s has an unknown kind %q", pg.Name, w.Name, w.Kind)
			}
			origSlot[i] = -1
			if o := d.widgetOrig[w]; o != nil && o.page == pg.Name && d.pages[pg.Name] == st {
				origSlot[i] = o.slot
			}
		}
		render := func(w *Widget, slot int) []byte {
			o := d.widgetOrig[w]
			if o != nil && o.page == pg.Name && o.slot == slot && reflect.DeepEqual(o.snap, *w) {
				return st.raw[o.elem.start:o.elem.end]
			}
			var elem *element
			src := st.raw
			if o != nil && d.pages[o.page] != nil {
				elem, src = o.elem, d.pages[o.page].raw
			}
			var indent string
			switch {
			case slot >= 0:
				indent = lineIndent(st.raw, st.elems[slot].start)
			case len(st.elems) > 0 && origSlot != nil:
				indent = lineIndent(st.raw, st.elems[len(st.elems)-1].start)
			default:
				indent = lineIndent(st.raw, st.insert) + "    "
			}
			return renderWidget(w, elem, src, indent)
		}
		perSlot, extraIdx := assignSlots(len(st.elems), origSlot)
		slots := make([][]byte, len(perSlot))
		for n, i := range perSlot {
			if i >= 0 {
				slots[n] = render(pg.Widgets[i], n)
			}
		}
		// A new widget goes right before the next widget of the page that is
		// already in the markup, so the page keeps the model's order; one
		// with no such widget after it goes after the last element.
		slotOf := make(map[int]int, len(perSlot))
		for n, i := range perSlot {
			if i >= 0 {
				slotOf[i] = n
			}
		}
		before := make([][][]byte, len(perSlot))
		var extra [][]byte
		for _, i := range extraIdx {
			r := render(pg.Widgets[i], -1)
			next := -1
			for j := i + 1; j < len(pg.Widgets) && next < 0; j++ {
				if n, ok := slotOf[j]; ok {
					next = n
				}
			}
			if next >= 0 {
				before[next] = append(before[next], r)
			} else {
				extra = append(extra, r)
			}
		}
		out[rel] = spliceMarkup(st, slots, before, extra)
	}
	return nil
}

const pageMarkup = `<wm-page name="mainPage">
    <wm-content name="content1">
        <wm-page-content columnwidth="12" name="page_content1">
        </wm-page-content>
    </wm-content>
</wm-page>
`

const pageScript = `/* Page script: event handlers of the page and its variables. */
Page.onReady = function() {
};
`

const appScript0 = `/* App script: event handlers of the App and its variables. */
App.onAppVariablesReady = function() {
};
`

func newProperties(displayName, homePage string) []byte {
	if homePage == "" {
		homePage = "Main"
	}
	xp := &xmlProperties{raw: []byte(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE properties SYSTEM "http://java.sun.com/dtd/properties.dtd">
<properties>
<comment>WaveMaker project properties</comment>
</properties>
`), spans: map[string][2]int{}}
	xp.end = bytes.Index(xp.raw, []byte("</properties>"))
	for _, kv := range [][2]string{{"displayName", displayName}, {"homePage", homePage}, {"platformType", "WEB"}, {"type", "APPLICATION"}, {"version", "1.0"}} {
		xp.raw = xp.set(kv[0], kv[1])
		xp.end = bytes.Index(xp.raw, []byte("</properties>"))
	}
	return xp.raw
}

// Create writes a new, empty project named name into dir (empty or missing).
func Create(dir, name string) (*Project, error) {
	abs, err := newProjectDir(dir)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = filepath.Base(abs)
	}
	return createFiles(dir, abs, map[string][]byte{
		propertiesFile:                      newProperties(name, "Main"),
		profileFile(DefaultProfile):         {},
		profileFile("deployment"):           {},
		appVariables:                        []byte("{}\n"),
		appScript:                           []byte(appScript0),
		pageFile("Main", ".html"):           []byte(pageMarkup),
		pageFile("Main", ".variables.json"): []byte("{}\n"),
		pageFile("Main", ".js"):             []byte(pageScript),
		pageFile("Main", ".css"):            {},
	})
}

// CreateFrom writes the project held by src (a bundled example) into dir
// (empty or missing), all or nothing as Create does, and opens it.
func CreateFrom(dir string, src fs.FS) (*Project, error) {
	abs, err := newProjectDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	err = fs.WalkDir(src, ".", func(rel string, d fs.DirEntry, err error) error {
		switch {
		case err != nil || d.IsDir():
			return err
		case !d.Type().IsRegular():
			return fmt.Errorf("%s is not a regular file", rel)
		}
		files[rel], err = fs.ReadFile(src, rel)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	return createFiles(dir, abs, files)
}

// newProjectDir is dir made absolute, once it is known to be missing or
// empty.
func newProjectDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	if ents, err := os.ReadDir(abs); err == nil && len(ents) > 0 {
		return "", fmt.Errorf("cannot create a project in %s: the folder is not empty", dir)
	} else if err != nil && !os.IsNotExist(err) {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	return abs, nil
}

// createFiles writes files (by slash path) into the folder abs through one
// batch, so that a failure leaves none of them, and opens the project.
func createFiles(dir, abs string, files map[string][]byte) (*Project, error) {
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	var b batch
	for rel, data := range files {
		full, err := inside(abs, rel)
		if err == nil {
			err = b.stage(full, data, newFileMode(rel, data))
		}
		if err != nil {
			b.abort()
			return nil, fmt.Errorf("create %s: %w", dir, err)
		}
	}
	if err := b.commit(); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	return Open(abs)
}

func sameValues(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// newVarStyle is the layout of a variables file the save creates: that of
// the project's other variables files, else of its service files.
func (d *disk) newVarStyle() jsonStyle {
	if d.styledVars {
		return d.varStyle
	}
	return d.style
}

// layoutFor is how the folder of service id is laid out when it is
// written: as it was on disk (under its old id when it was renamed), or,
// for a new service, the way the project's other services are.
func (p *Project) layoutFor(id string) serviceLayout {
	d := p.disk
	sp := pathsOf(id)
	onDisk := id
	if o, ok := d.renamed[id]; ok {
		onDisk = o
	}
	if o := d.services[onDisk]; o != nil {
		l := o.layout
		l.raw = maps.Clone(l.raw)
		l.styles = maps.Clone(l.styles)
		if l.styles == nil {
			l.styles = map[string]jsonStyle{}
		}
		l.def = d.style
		if path.Base(l.spring) == "service_"+onDisk+".spring.xml" {
			l.spring = sp.spring
		} else {
			l.spring = sp.oldSpring
		}
		return l
	}
	l := serviceLayout{spring: sp.oldSpring, styles: map[string]jsonStyle{}, def: d.style}
	if d.underscore {
		l.spring = sp.spring
	}
	return l
}

// renderBuildFiles lists new services in pom.xml and project-services.xml
// (when the project has them), drops deleted ones and follows renames.
func (p *Project) renderBuildFiles(out map[string][]byte, current map[string]bool) {
	d := p.disk
	if len(d.build) == 0 {
		return
	}
	renamedFrom := map[string]string{} // id on disk → new id
	for newID, oldID := range d.renamed {
		if current[newID] && d.services[oldID] != nil {
			renamedFrom[oldID] = newID
		}
	}
	springOf := func(id string) string { return path.Base(p.layoutFor(id).spring) }
	edit := func(rel string, f func([]byte) []byte) {
		bf := d.build[rel]
		if bf == nil {
			return
		}
		data, ok := out[rel]
		if !ok {
			data = bf.raw
		}
		if nd := f(data); !bytes.Equal(nd, bf.raw) || ok {
			out[rel] = nd
		}
	}
	var ids []string
	for id := range d.services {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if current[id] {
			continue
		}
		o := d.services[id]
		oldSpring := path.Base(o.layout.spring)
		if newID, ok := renamedFrom[id]; ok {
			edit(pomFile, func(b []byte) []byte { return pomRename(b, id, newID) })
			edit(projectServicesFile, func(b []byte) []byte { return importsRename(b, oldSpring, springOf(newID)) })
			continue
		}
		edit(pomFile, func(b []byte) []byte { return pomRemove(b, id) })
		edit(projectServicesFile, func(b []byte) []byte { return importsRemove(b, oldSpring) })
	}
	for _, s := range p.Services {
		if !s.IsWebSocket() || d.services[s.ID] != nil {
			continue
		}
		if old, ok := d.renamed[s.ID]; ok && d.services[old] != nil {
			continue
		}
		id := s.ID
		edit(pomFile, func(b []byte) []byte { return pomAdd(b, id) })
		edit(projectServicesFile, func(b []byte) []byte { return importsAdd(b, springOf(id)) })
	}
}
