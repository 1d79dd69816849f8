package script

import (
	"sync"

	"wsstudio/project"
	"wsstudio/variable"
)

// Registry keeps the Scripts of each project a studio has open, so that a
// window can hand out handlers per variable and reload a script after it
// was edited, without holding the Scripts itself. Safe for concurrent use.
type Registry struct {
	opts Options

	mu sync.Mutex
	m  map[*project.Project]*Scripts
}

// NewRegistry makes an empty registry; every engine it starts uses opts.
func NewRegistry(opts Options) *Registry {
	return &Registry{opts: opts, m: map[*project.Project]*Scripts{}}
}

func (r *Registry) scripts(p *project.Project) *Scripts {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.m[p]
	if s == nil {
		s = ForProject(p, r.opts)
		r.m[p] = s
	}
	return s
}

// Handlers returns v's handlers from its script (see Scripts.Handlers). A
// script that cannot be read is reported to the log (unless it skips
// notes) and the variable runs without handlers; its console says why at
// its first event.
func (r *Registry) Handlers(p *project.Project, v *project.Variable) variable.Handlers {
	h, err := r.scripts(p).Handlers(v)
	if err != nil {
		if r.opts.Log != nil && !r.opts.LogSkipsNotes {
			r.opts.Log(err.Error())
		}
		return &unreadable{err: err}
	}
	return h
}

// unreadable stands in for the handlers of a script that cannot be read:
// none run, and the variable's console gets the error at its first event.
type unreadable struct {
	variable.NopHandlers
	err  error
	once sync.Once
}

func (u *unreadable) note(v *variable.Variable) {
	u.once.Do(func() {
		if v != nil {
			v.Note(variable.Error, u.err.Error())
		}
	})
}

func (u *unreadable) BeforeOpen(v *variable.Variable) bool {
	u.note(v)
	return true
}

func (u *unreadable) BeforeMessageSend(v *variable.Variable, _ []byte) ([]byte, bool) {
	u.note(v)
	return nil, true
}

func (u *unreadable) Error(v *variable.Variable, _ error) { u.note(v) }

// Err is the problem found when v's script was last loaded, or nil (see
// Scripts.Err).
func (r *Registry) Err(p *project.Project, v *project.Variable) error {
	r.mu.Lock()
	s := r.m[p]
	r.mu.Unlock()
	if s == nil {
		return nil
	}
	return s.Err(v)
}

// Reload reads v's script again after it changed; variables already
// running with its handlers use the new script from their next event.
func (r *Registry) Reload(p *project.Project, v *project.Variable) {
	if err := r.scripts(p).Reload(v); err != nil && r.opts.Log != nil {
		r.opts.Log(err.Error())
	}
}

// Forget closes the engines of project p (when the studio closes it).
func (r *Registry) Forget(p *project.Project) {
	r.mu.Lock()
	s := r.m[p]
	delete(r.m, p)
	r.mu.Unlock()
	if s != nil {
		s.Close()
	}
}
