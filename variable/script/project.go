package script

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
	"sync/atomic"
	"weak"

	"wsstudio/project"
	"wsstudio/variable"
)

// Scripts are the engines of a project's scripts — app.js and each page's
// <Page>.js — each loaded when a variable first needs it. Safe for
// concurrent use.
type Scripts struct {
	p    *project.Project
	opts Options

	mu    sync.Mutex
	slots map[string]*slot // by script path relative to the project folder
}

// slot holds the current engine of one script; handlers read it on every
// event, so a reload takes effect without rebinding variables.
type slot struct {
	rel    string
	owner  string
	engine atomic.Pointer[Engine]

	mu    sync.Mutex
	bound []weak.Pointer[handlers] // handed out for this script; gone once their variable is
	gen   atomic.Uint64            // grows when a variable is bound: Page.Variables is filled again
}

// bind remembers h, so that a reload can note its load error on h's
// variable at once.
func (sl *slot) bind(h *handlers) {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	live := sl.bound[:0]
	for _, w := range sl.bound {
		if w.Value() != nil {
			live = append(live, w)
		}
	}
	clear(sl.bound[len(live):])
	sl.bound = append(live, weak.Make(h))
}

// reloaded notes the load error of the new engine e, if any, on the console
// of every variable bound to the script that has had an event (the others
// see it at their first).
func (sl *slot) reloaded(e *Engine) {
	sl.mu.Lock()
	var hs []*handlers
	for _, w := range sl.bound {
		if h := w.Value(); h != nil {
			hs = append(hs, h)
		}
	}
	sl.mu.Unlock()
	for _, h := range hs {
		if v := h.v.Load(); v != nil {
			h.noteLoadError(e, v)
		}
	}
}

// ForProject prepares the scripts of project p; nothing is loaded yet.
func ForProject(p *project.Project, opts Options) *Scripts {
	return &Scripts{p: p, opts: opts, slots: map[string]*slot{}}
}

// ScriptFile is the absolute path of the script holding v's handlers:
// src/main/webapp/app.js for an App variable,
// src/main/webapp/pages/<Page>/<Page>.js for a page's (the home page when
// v.Page is empty).
func ScriptFile(p *project.Project, v *project.Variable) string {
	return filepath.Join(p.Dir, filepath.FromSlash(scriptRel(p, v)))
}

// Owner is the object v's handlers are assigned to in its script: "App"
// for an App variable, "Page" otherwise.
func Owner(v *project.Variable) string {
	if v.Owner == project.OwnerApp {
		return "App"
	}
	return "Page"
}

func scriptRel(p *project.Project, v *project.Variable) string {
	if v.Owner == project.OwnerApp {
		return p.ScriptPath(project.OwnerApp, "")
	}
	page := v.Page
	if page == "" {
		page = p.HomePage
	}
	if page == "" {
		page = "Main"
	}
	return p.ScriptPath(project.OwnerPage, page)
}

// Handlers loads (once) the script holding v's handlers and returns them
// bound to v. Problems in the script itself leave the variable working
// without them; they are reported to the log and noted on the console of
// the running variable at its first event, and again whenever the script is
// reloaded with a problem ("Main.js line 3: TypeError: …"). The error is
// only for a script file that exists but cannot be read.
func (s *Scripts) Handlers(v *project.Variable) (variable.Handlers, error) {
	sl, err := s.slot(scriptRel(s.p, v), Owner(v))
	if err != nil {
		return nil, err
	}
	h := newHandlers(sl.engine.Load, sl.owner, v.Name)
	h.slot = sl
	sl.bind(h)
	return h, nil
}

// Err is the problem found when v's script was last loaded — a syntax
// error or a top-level exception naming the file and line — or nil, also
// when the script has not been loaded yet.
func (s *Scripts) Err(v *project.Variable) error {
	s.mu.Lock()
	sl := s.slots[scriptRel(s.p, v)]
	s.mu.Unlock()
	if sl == nil {
		return nil
	}
	if e := sl.engine.Load(); e != nil {
		return e.Err()
	}
	return nil
}

// Engine returns the loaded engine of v's script, loading it if needed.
func (s *Scripts) Engine(v *project.Variable) (*Engine, error) {
	sl, err := s.slot(scriptRel(s.p, v), Owner(v))
	if err != nil {
		return nil, err
	}
	return sl.engine.Load(), nil
}

// Reload reads v's script again (after it was edited) and swaps the new
// engine in for every variable bound to it; the old one is closed in the
// background (it may be finishing a handler or a close it was asked for),
// so Reload does not block the UI. When the new script does not load
// cleanly, its problem is noted on the console of each running variable
// bound to it. A script never loaded is simply loaded.
func (s *Scripts) Reload(v *project.Variable) error {
	rel := scriptRel(s.p, v)
	s.mu.Lock()
	sl := s.slots[rel]
	s.mu.Unlock()
	if sl == nil {
		_, err := s.slot(rel, Owner(v))
		return err
	}
	e, err := s.load(rel, sl.owner)
	if err != nil {
		return err
	}
	if old := sl.engine.Swap(e); old != nil {
		go old.Close()
	}
	sl.reloaded(e)
	return nil
}

// Close stops every engine.
func (s *Scripts) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sl := range s.slots {
		if e := sl.engine.Swap(nil); e != nil {
			e.Close()
		}
	}
}

func (s *Scripts) slot(rel, owner string) (*slot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sl := s.slots[rel]; sl != nil {
		return sl, nil
	}
	e, err := s.load(rel, owner)
	if err != nil {
		return nil, err
	}
	sl := &slot{rel: rel, owner: owner}
	sl.engine.Store(e)
	s.slots[rel] = sl
	return sl, nil
}

// load reads and runs one script; a missing file is a script without
// handlers.
func (s *Scripts) load(rel, owner string) (*Engine, error) {
	src, err := readScript(filepath.Join(s.p.Dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	return Load(path.Base(rel), owner, src, s.opts), nil
}

// Save writes src as the script holding v's handlers, atomically, after
// checking that the file stays inside the project folder (the page name is
// a safe identifier and no symbolic link leads elsewhere).
func Save(p *project.Project, v *project.Variable, src []byte) error {
	if v.Owner != project.OwnerApp && v.Page != "" {
		if err := project.ValidIdentifier(v.Page); err != nil {
			return fmt.Errorf("save the script of page %q: %w", v.Page, err)
		}
	}
	file, err := p.Abs(scriptRel(p, v))
	if err != nil {
		return fmt.Errorf("save the script of %s: %w", v.Name, err)
	}
	return project.WriteFileAtomic(file, src)
}

// Read returns the script holding v's handlers; a missing file is an empty
// script.
func Read(p *project.Project, v *project.Variable) ([]byte, error) {
	return readScript(ScriptFile(p, v))
}

func readScript(file string) ([]byte, error) {
	src, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read script %s: %w", file, err)
	}
	return src, nil
}
