// Package session runs the WebSocket variables of the project open in a
// window: it starts and stops them, opens and closes one or all of them,
// finds the running variable of a model variable, and brings the running
// variables in line with the model after an edit, an undo or a redo. It
// draws nothing: the window asks it what to show and subscribes to its
// changes (Options.OnChange).
//
// A Session's methods are for one goroutine, the window's; OnChange is
// called from any, and Wait may be called from any.
package session

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"wsstudio/project"
	"wsstudio/variable"
)

// openTimeout bounds one open, the handshake included.
const openTimeout = 30 * time.Second

// Options configure a Session.
type Options struct {
	// Profile is the active profile; "" = project.DefaultProfile.
	Profile string
	// Env gives the environment lookup (WEBSOCKET_<ID>_HOST …) for the
	// variables of project p; a nil Env, or a nil lookup, is the process
	// environment.
	Env func(p *project.Project) func(string) string
	// Handlers builds the event handlers of a running variable (the page
	// script); nil = none.
	Handlers func(p *project.Project, v *project.Variable) variable.Handlers
	// OnChange is called, from any goroutine, after a running variable's
	// state, data or statistics changed and after an open or a close the
	// session started has finished. It should return soon.
	OnChange func()
	// NoAutoStart keeps every variable closed when a project is loaded.
	NoAutoStart bool
}

// Session is the run time of one open project: its running variables,
// the variables an edit took out of the model while they ran, and the live
// values of the page's text inputs.
type Session struct {
	opts    Options
	proj    *project.Project
	profile string

	// running variables of the project, by model pointer (names change on
	// rename, pointers do not).
	running map[*project.Variable]*runner
	// parked are variables that ran when an edit took them out of the
	// model; an undo or redo bringing them back starts them again.
	parked map[*project.Variable]bool
	// inputs are the live values of the page's text inputs, which
	// variables read through bind:Widgets.<name>.datavalue.
	inputs *variable.Inputs
	// wg counts the goroutines the session started (opens, closes).
	wg sync.WaitGroup
}

// runner is one running variable.
type runner struct {
	rv     *variable.Variable
	cancel func() // ends the subscription to rv's changes
	key    string // connKey when it was last started
	// wantOpen is what the session last asked of rv: open (Start) or
	// closed (Close, Drop). Opens and closes run on goroutines of their
	// own, in whatever order they get to run; each checks it when done,
	// so that the last request wins.
	wantOpen atomic.Bool
}

// open opens r's variable on the calling goroutine; a Close or Drop that
// came meanwhile, even before the open began, closes it again.
func (r *runner) open() {
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	_ = r.rv.Open(ctx) // failures land in the variable's console and stats
	if !r.wantOpen.Load() && r.rv.State() != variable.Closed {
		_ = r.rv.Close()
	}
}

// close closes r's variable on the calling goroutine; a Start that came
// meanwhile, and whose open this close undid or found refused, opens it
// once more.
func (r *runner) close() {
	_ = r.rv.Close()
	if r.wantOpen.Load() && r.rv.State() == variable.Closed {
		r.open()
	}
}

// New makes a session with no project; Load gives it one.
func New(opts Options) *Session {
	s := &Session{opts: opts, profile: opts.Profile,
		running: map[*project.Variable]*runner{}, parked: map[*project.Variable]bool{},
		inputs: variable.NewInputs()}
	if s.profile == "" {
		s.profile = project.DefaultProfile
	}
	return s
}

// StartError is a variable that could not be started: its settings make
// no connection (its service is gone, its URL does not resolve …).
type StartError struct {
	Variable *project.Variable
	Name     string // the variable's name when it failed
	Err      error
}

func (e *StartError) Error() string { return "cannot start " + e.Name + ": " + e.Err.Error() }

func (e *StartError) Unwrap() error { return e.Err }

// Failures lists the start errors in err, as the session's methods that
// start several variables return them (joined); nil for nil.
func Failures(err error) []*StartError {
	if err == nil {
		return nil
	}
	var out []*StartError
	if se, ok := err.(*StartError); ok {
		return []*StartError{se}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, Failures(e)...)
		}
	}
	return out
}

// StartOrder lists the variables of p App ones first, each group in
// project order: the order they start in, and the order a person reads
// them in.
func StartOrder(p *project.Project) []*project.Variable {
	if p == nil {
		return nil
	}
	var app, page []*project.Variable
	for _, v := range p.Variables {
		if v.Owner == project.OwnerApp {
			app = append(app, v)
		} else {
			page = append(page, v)
		}
	}
	return append(app, page...)
}

// Project is the project the session runs, or nil.
func (s *Session) Project() *project.Project { return s.proj }

// Profile is the active profile.
func (s *Session) Profile() string { return s.profile }

// Inputs are the live values of the page's text inputs, shared by every
// variable of the session.
func (s *Session) Inputs() *variable.Inputs { return s.inputs }

// Load stops the variables of the project before (without waiting for
// their closes; see Wait), takes p (nil = none) and starts its variables
// that "Connect on page load", App variables first. A profile p does not
// have gives way to the default one. The error joins the variables that
// could not start (see Failures); the others run.
func (s *Session) Load(p *project.Project) error {
	s.StopAll()
	s.proj = p
	clear(s.parked)
	if p != nil && p.Profile(s.profile) == nil && s.profile != project.DefaultProfile {
		s.profile = project.DefaultProfile
	}
	if p == nil || s.opts.NoAutoStart {
		return nil
	}
	var errs []error
	for _, v := range StartOrder(p) {
		if v.StartUpdate {
			errs = append(errs, s.Start(v))
		}
	}
	return errors.Join(errs...)
}

// Variable is the running variable of v, or nil.
func (s *Session) Variable(v *project.Variable) *variable.Variable {
	if r := s.running[v]; r != nil {
		return r.rv
	}
	return nil
}

// IsOpen reports whether v is open or on its way there.
func (s *Session) IsOpen(v *project.Variable) bool {
	rv := s.Variable(v)
	return rv != nil && rv.State() != variable.Closed && rv.State() != variable.Closing
}

// OpenCount is how many variables of the project are open (or opening),
// of how many.
func (s *Session) OpenCount() (open, all int) {
	if s.proj == nil {
		return 0, 0
	}
	for _, v := range s.proj.Variables {
		if s.IsOpen(v) {
			open++
		}
	}
	return open, len(s.proj.Variables)
}

// Start starts v, or opens it again if it runs already; the open goes on
// on the session's own goroutine, its failures land in the variable's
// console and statistics. The error is a *StartError when v's settings make
// no connection.
func (s *Session) Start(v *project.Variable) error {
	if s.proj == nil || v == nil {
		return nil
	}
	r := s.running[v]
	if r == nil {
		var h variable.Handlers
		if s.opts.Handlers != nil {
			h = s.opts.Handlers(s.proj, v)
		}
		rv, err := variable.New(s.proj, v, variable.Options{Profile: s.profile, Handlers: h, Env: s.env(), Inputs: s.inputs})
		if err == nil && rv == nil {
			err = errors.New("the variable made no connection")
		}
		if err != nil {
			return &StartError{Variable: v, Name: v.Name, Err: err}
		}
		r = &runner{rv: rv, cancel: rv.Subscribe(s.changed)}
		s.running[v] = r
	}
	r.key = s.connKey(v)
	r.wantOpen.Store(true)
	s.spawn(func() {
		r.open()
		s.changed()
	})
	return nil
}

// Close closes v; the session keeps its running variable, and with it the
// dataset, for the next Start.
func (s *Session) Close(v *project.Variable) {
	if r := s.running[v]; r != nil {
		r.wantOpen.Store(false)
		s.spawn(func() {
			r.close()
			s.changed()
		})
	}
}

// Drop closes v, without waiting, and forgets its running variable.
func (s *Session) Drop(v *project.Variable) {
	r := s.running[v]
	if r == nil {
		return
	}
	delete(s.running, v)
	r.cancel()
	r.wantOpen.Store(false) // for good: a later Start makes a new runner
	s.spawn(r.close)
}

// Park drops v, an edit taking it out of the model: if it ran, Apply
// starts it again once an undo or redo brings it back.
func (s *Session) Park(v *project.Variable) {
	if s.running[v] != nil {
		s.parked[v] = true
	}
	s.Drop(v)
}

// Restart drops v and, if it ran, starts it anew: the settings its
// connection is made from changed.
func (s *Session) Restart(v *project.Variable) error {
	if s.running[v] == nil {
		return nil
	}
	s.Drop(v)
	return s.Start(v)
}

// RestartRunning restarts every running variable, App ones first (a
// profile changed, say).
func (s *Session) RestartRunning() error {
	var errs []error
	for _, v := range StartOrder(s.proj) {
		errs = append(errs, s.Restart(v))
	}
	return errors.Join(errs...)
}

// StopAll drops every running variable. It does not wait: the closes run
// on the session's own goroutines (see Wait).
func (s *Session) StopAll() {
	for v := range s.running {
		s.Drop(v)
	}
}

// Toggle is the switch for all variables: when every one is open it
// closes them all, otherwise it opens those that are not.
func (s *Session) Toggle() error {
	open, all := s.OpenCount()
	var errs []error
	for _, v := range StartOrder(s.proj) {
		if all > 0 && open == all {
			s.Close(v)
		} else if !s.IsOpen(v) {
			errs = append(errs, s.Start(v))
		}
	}
	return errors.Join(errs...)
}

// SetProfile switches the active profile; running variables restart with
// the hosts of the new one.
func (s *Session) SetProfile(name string) error {
	if name == "" || name == s.profile {
		return nil
	}
	s.profile = name
	return s.RestartRunning()
}

// Apply brings the running variables in line with the model after an
// edit, an undo or a redo: a variable no longer in it is parked, one that
// is back runs again if it ran when it left, and the others get their
// current settings, restarting when their connection itself changed (its
// name, service, bindings, handshake timeout or the profile).
func (s *Session) Apply() error {
	if s.proj == nil {
		return nil
	}
	in := map[*project.Variable]bool{}
	for _, v := range s.proj.Variables {
		in[v] = true
	}
	for v := range s.running {
		if !in[v] {
			s.Park(v)
		}
	}
	var errs []error
	for _, v := range StartOrder(s.proj) {
		r := s.running[v]
		switch {
		case r == nil && s.parked[v]:
			delete(s.parked, v)
			errs = append(errs, s.Start(v))
		case r != nil && r.key != s.connKey(v):
			errs = append(errs, s.Restart(v))
		case r != nil:
			r.rv.Apply(v)
		}
	}
	return errors.Join(errs...)
}

// Running lists the names of the running variables, in project order.
func (s *Session) Running() []string {
	if s.proj == nil {
		return nil
	}
	var names []string
	for _, v := range s.proj.Variables {
		if s.running[v] != nil {
			names = append(names, v.Name)
		}
	}
	return names
}

// LiveState says, for each running variable, whether it has received
// data: waiting names those that have not, with their state and last
// error; ready is true when none is waiting.
func (s *Session) LiveState() (ready bool, waiting []string) {
	if s.proj == nil {
		return true, nil
	}
	for _, v := range s.proj.Variables {
		r := s.running[v]
		if r == nil {
			continue
		}
		if ds := r.rv.Dataset(); ds == nil || ds.Len() == 0 {
			st := r.rv.Stats()
			msg := v.Name + " (" + st.State.String()
			if st.LastError != "" {
				msg += ": " + st.LastError
			}
			waiting = append(waiting, msg+")")
		}
	}
	return len(waiting) == 0, waiting
}

// Wait waits, at most for timeout, until every goroutine the session
// started has finished; it reports whether they all did. Call it after
// StopAll (or Load(nil)) to know the closes are done.
func (s *Session) Wait(timeout time.Duration) bool {
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// spawn runs f on a goroutine of the session's: Wait waits for it.
func (s *Session) spawn(f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

func (s *Session) changed() {
	if s.opts.OnChange != nil {
		s.opts.OnChange()
	}
}

// env is the environment lookup for the project's variables; nil is the
// process environment, where a WEBSOCKET_<ID>_* variable set to "" still
// overrides the profile.
func (s *Session) env() func(string) string {
	if s.opts.Env == nil {
		return nil
	}
	return s.opts.Env(s.proj)
}

// connKey sums up what a running variable's connection depends on: its
// name (the page script's handlers go by it), its service's settings, its
// bindings, its handshake timeout and the profile. A change of any of them
// needs a new connection.
func (s *Session) connKey(v *project.Variable) string {
	key := struct {
		Name, Profile string
		Service       *project.Service
		Bindings      []project.Binding
		Timeout       time.Duration
	}{Name: v.Name, Profile: s.profile, Service: s.proj.Service(v.Service), Bindings: v.DataBinding, Timeout: v.HandshakeTimeout}
	b, _ := json.Marshal(key)
	return string(b)
}
