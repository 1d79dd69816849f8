// Package ui is the studio window: the Imported APIs tree, the property
// panels, the live page canvas and the message console. It talks to the
// packages below (project, variable, widgets, importer) and holds no
// protocol or file-format logic of its own.
package ui

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/variable"
)

// AppName is the window title's product part.
const AppName = "WebSocket Studio"

// Options configure a Studio.
type Options struct {
	// Profile is the active profile; "" = project.DefaultProfile.
	Profile string
	// Env looks up environment overrides (WEBSOCKET_<ID>_HOST …) for the
	// running variables; nil = os.Getenv.
	Env func(string) string
	// EnvFor, when set, gives the lookup for one project instead of Env:
	// the bundled example points its services at the in-process demo feeds
	// without touching other projects opened later.
	EnvFor func(p *project.Project) func(string) string
	// Do runs f on the UI goroutine; nil = fyne.Do. Screenshots and tests
	// pass a queue they drain themselves.
	Do func(f func())
	// Handlers builds the event handlers of a running variable (the page
	// script); nil = none.
	Handlers func(p *project.Project, v *project.Variable) variable.Handlers
	// EventsSection builds the Events section of a variable's panel (the
	// script editor's); nil shows the plain list of events. onSaved is
	// called after the section wrote the page script to disk.
	EventsSection func(win fyne.Window, p *project.Project, v *project.Variable, onSaved func()) fyne.CanvasObject
	// CallPage runs the page-script function fn of page (a button's
	// on-click="Page.fn()"); nil = page functions are not available.
	CallPage func(p *project.Project, page, fn string) error
	// Demo is the in-process demo server, if one runs; the import wizard
	// offers its feeds.
	Demo *demo.Server
	// OnUnload is called with a project the window lets go of (another one
	// opened, or the window closed), after its variables stopped.
	OnUnload func(p *project.Project)
	// NoAutoConnect keeps variables closed when a project is opened.
	NoAutoConnect bool
	// Location is the time zone the live widgets show times in; nil =
	// local time. Tests and pictures that must not depend on the machine
	// pass one.
	Location *time.Location
	// LogFile is where a panic caught in a UI callback is written, with
	// its stack; "" = stderr.
	LogFile string
}

// Studio is the studio window on one project at a time.
type Studio struct {
	app  fyne.App
	win  fyne.Window
	opts Options
	do   func(func())

	proj    *project.Project
	profile string

	// hist is the undo history; last is the model as of the last recorded
	// edit (the "before" of the next one).
	hist       history
	last       *project.State
	savedState *project.State // the model as loaded or saved last
	// parked are variables that ran when an edit took them out of the
	// model; undo or redo bringing them back starts them again.
	parked map[*project.Variable]bool
	// feeds are the built-in feeds of projects made from an example.
	feeds exampleFeeds
	// wg counts the goroutines the studio started for its variables
	// (opens, closes) and its ticker; Wait waits for them.
	wg sync.WaitGroup

	// running variables of the open project, by model pointer (names
	// change on rename, pointers do not).
	running map[*project.Variable]*runningVar
	// inputs are the live values of the page's text inputs, which
	// variables read through bind:Widgets.<name>.datavalue.
	inputs *variable.Inputs

	tree     *projectTree
	page     *pageCanvas
	props    *fyne.Container
	console  *console
	bar      *toolbar
	body     fyne.CanvasObject
	root     *fyne.Container
	main     *container.Split // tree | the rest
	top      *container.Split // canvas | properties
	centre   *container.Split // canvas and properties | console
	laidOut  float32          // the window width the panes were last fitted to
	laidOutH float32          // and the height
	selected string

	statusMu   sync.Mutex
	status     statusState
	lastStates string // the state colours the tree shows
	closing    atomic.Bool
	quit       chan struct{} // closed by shutdown

	menu     menus
	varPanel *variablePanel // the variable panel shown, if any
	dialogs  []*tracked     // open dialogs, newest last; Escape closes the last
	notice   *notice

	// onChange is called after every change of the model (tests).
	onChange func()
}

type runningVar struct {
	rv     *variable.Variable
	cancel func()
	key    string // connKey when it was started
}

// New builds the studio inside win (its content, title, menu and close
// intercept). Open or Load a project next.
func New(a fyne.App, win fyne.Window, opts Options) *Studio {
	s := &Studio{app: a, win: win, opts: opts, running: map[*project.Variable]*runningVar{},
		parked: map[*project.Variable]bool{}, quit: make(chan struct{}), inputs: variable.NewInputs()}
	s.do = opts.Do
	if s.do == nil {
		s.do = fyne.Do
	}
	s.layOutEachFrame()
	s.profile = opts.Profile
	if s.profile == "" {
		s.profile = project.DefaultProfile
	}
	s.notice = newNotice(s)
	s.tree = newProjectTree(s)
	s.page = newPageCanvas(s)
	s.console = newConsole(s)
	s.bar = newToolbar(s)
	s.props = container.NewStack()

	s.top = container.NewHSplit(s.page.object(), container.NewPadded(s.props))
	s.top.Offset = 0.585
	s.centre = container.NewVSplit(s.top, s.console.object())
	s.centre.Offset = 0.7
	s.main = container.NewHSplit(s.tree.object(), s.centre)
	s.main.Offset = 0.17
	s.body = s.main
	s.root = container.NewBorder(s.bar.object(), nil, nil, nil, s.main)
	studioOf[win] = s
	tips := newTipLayer()
	tipLayers[win.Canvas()] = tips
	win.SetContent(container.New(&windowLayout{s: s}, s.root, tips.layer))
	win.SetMainMenu(s.mainMenu())
	s.addShortcuts()
	win.SetCloseIntercept(s.guard("closing the window", s.requestClose))
	s.showProject()
	return s
}

// requestClose is the window's close button: unsaved changes are offered
// for saving first, then everything stops and the window closes.
func (s *Studio) requestClose() {
	s.confirmDiscard("closing the window", func() {
		s.shutdown()
		s.win.Close()
	})
}

// Window is the studio's window.
func (s *Studio) Window() fyne.Window { return s.win }

// Project is the open project, or nil.
func (s *Studio) Project() *project.Project { return s.proj }

// Modified reports unsaved changes.
func (s *Studio) Modified() bool { return s.proj != nil && s.hist.modified() }

// Profile is the active profile.
func (s *Studio) Profile() string { return s.profile }

// OpenDir opens the project folder dir (after the caller has dealt with
// unsaved changes) and connects its variables.
func (s *Studio) OpenDir(dir string) error {
	p, err := project.Open(dir)
	if err != nil {
		return fmt.Errorf("open project %s: %w", dir, err)
	}
	s.Load(p)
	s.addRecent(p.Dir)
	return nil
}

// Load shows project p (nil = no project) and starts the variables that
// "Connect on page load", App variables first.
func (s *Studio) Load(p *project.Project) {
	s.stopAll()
	if old := s.proj; old != nil && old != p && s.opts.OnUnload != nil {
		s.opts.OnUnload(old)
	}
	s.proj = p
	s.hist.reset()
	s.last = nil
	if p != nil {
		s.last = p.Snapshot()
	}
	s.savedState = s.last
	clear(s.parked)
	s.selected = ""
	if p != nil && p.Profile(s.profile) == nil && s.profile != project.DefaultProfile {
		s.profile = project.DefaultProfile
	}
	if p != nil && !s.opts.NoAutoConnect {
		for _, v := range startOrder(p) {
			if v.StartUpdate {
				s.connect(v)
			}
		}
	}
	s.showProject()
}

// startOrder lists the variables App ones first, each group in project order.
func startOrder(p *project.Project) []*project.Variable {
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

// showProject rebuilds every part of the window from the model.
func (s *Studio) showProject() {
	s.updateTitle()
	s.refreshEditMenu()
	s.bar.refresh()
	s.tree.refresh()
	s.page.rebuild()
	s.console.setVariable(s.consoleVariable())
	s.showProps()
}

func (s *Studio) updateTitle() {
	title := AppName
	if s.proj != nil {
		name := s.proj.DisplayName
		if name == "" {
			name = s.proj.Dir
		}
		if s.Modified() {
			name += " *"
		}
		title = name + " — " + AppName
	}
	s.win.SetTitle(title)
}

// changed marks the project modified and records the edit for undo
// under a general name; see changedAs.
func (s *Studio) changed(structural bool) { s.changedAs("Edit", structural) }

// env is the environment lookup for running variables; nil is the
// process environment, where a WEBSOCKET_<ID>_* variable set to "" still
// overrides the profile.
func (s *Studio) env() func(string) string {
	if env := s.feeds.envFor(s.proj); env != nil {
		return env
	}
	if s.opts.EnvFor != nil {
		if env := s.opts.EnvFor(s.proj); env != nil {
			return env
		}
	}
	if s.opts.Env != nil {
		return s.opts.Env
	}
	return nil
}

// runtime returns the running variable of v, or nil.
func (s *Studio) runtime(v *project.Variable) *variable.Variable {
	if v == nil {
		return nil
	}
	if r := s.running[v]; r != nil {
		return r.rv
	}
	return nil
}

// connect starts (or restarts) variable v.
func (s *Studio) connect(v *project.Variable) {
	if s.proj == nil || v == nil {
		return
	}
	r := s.running[v]
	if r == nil {
		var h variable.Handlers
		if s.opts.Handlers != nil {
			h = s.opts.Handlers(s.proj, v)
		}
		rv, err := variable.New(s.proj, v, variable.Options{Profile: s.profile, Handlers: h, Env: s.env(), Inputs: s.inputs})
		if err != nil || rv == nil {
			s.console.note(v, fmt.Sprintf("cannot start %s: %v", v.Name, err))
			return
		}
		r = &runningVar{rv: rv}
		r.cancel = rv.Subscribe(s.statusChanged)
		s.running[v] = r
		s.page.rebind()
		s.console.setVariable(s.consoleVariable())
	}
	r.key = s.connKey(v)
	rv := r.rv
	s.goVar(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = rv.Open(ctx) // failures land in the variable's console and stats
		s.statusChanged()
	})
}

// goVar runs f on a goroutine the studio owns: Wait waits for it.
func (s *Studio) goVar(f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

// disconnect closes variable v; its dataset stays on the canvas.
func (s *Studio) disconnect(v *project.Variable) {
	if r := s.running[v]; r != nil {
		rv := r.rv
		s.goVar(func() {
			_ = rv.Close()
			s.statusChanged()
		})
	}
}

// drop closes and forgets the running variable of v, without waiting.
func (s *Studio) drop(v *project.Variable) {
	r := s.running[v]
	if r == nil {
		return
	}
	delete(s.running, v)
	r.cancel()
	rv := r.rv
	s.goVar(func() { _ = rv.Close() })
}

// restart drops and reconnects v (service or profile changed).
func (s *Studio) restart(v *project.Variable) {
	wasRunning := s.running[v] != nil
	s.drop(v)
	if wasRunning {
		s.connect(v)
	}
	s.page.rebind()
	s.console.setVariable(s.consoleVariable())
}

// stopAll closes every running variable. It does not wait: the closes run
// on the studio's own goroutines (see Wait), so the window stays live.
func (s *Studio) stopAll() {
	for v := range s.running {
		s.drop(v)
	}
}

// Wait waits, at most for timeout, until every goroutine the studio
// started for its variables has finished; it reports whether they all did.
// Call it after Shutdown, off the UI goroutine or after the window loop.
func (s *Studio) Wait(timeout time.Duration) bool {
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

// shutdown stops everything before the window goes away.
func (s *Studio) shutdown() {
	if s.closing.Swap(true) {
		return
	}
	close(s.quit)
	delete(studioOf, s.win)
	delete(tipLayers, s.win.Canvas())
	s.page.stop()
	s.stopAll()
	if s.proj != nil && s.opts.OnUnload != nil {
		s.opts.OnUnload(s.proj)
	}
	s.feeds.close()
}

// Shutdown stops the live widgets and closes the variables without
// waiting for the closes; Wait waits for them.
func (s *Studio) Shutdown() { s.shutdown() }

// statusEvery is the shortest time between two refreshes of the console
// and the status line: a person reads ten updates a second at most, and
// every refresh costs a repaint. statusTrail is how soon the last change
// of a burst shows when no later event brings it.
const (
	statusEvery = 100 * time.Millisecond
	statusTrail = 300 * time.Millisecond
)

// statusChanged is called from variable goroutines. A change refreshes the
// console and the state dots at once when the last refresh is statusEvery
// old, so the refresh lands in the frame the live widgets redraw in for
// the same message; a change sooner than that is left for the next event,
// or for a trailing refresh statusTrail later.
func (s *Studio) statusChanged() {
	if s.closing.Load() {
		return
	}
	s.statusMu.Lock()
	defer s.statusMu.Unlock()
	st := &s.status
	if st.queued {
		return
	}
	if time.Since(st.last) >= statusEvery {
		st.queued = true
		s.paint(s.runStatus)
		return
	}
	st.dirty = true
	if !st.trailing {
		st.trailing = true
		time.AfterFunc(statusTrail, func() {
			s.statusMu.Lock()
			st.trailing = false
			run := st.dirty && !st.queued && !s.closing.Load()
			if run {
				st.queued = true
			}
			s.statusMu.Unlock()
			if run {
				s.paint(s.runStatus)
			}
		})
	}
}

// runStatus is the scheduled refresh, on the UI goroutine.
func (s *Studio) runStatus() {
	s.statusMu.Lock()
	s.status.queued, s.status.dirty, s.status.last = false, false, time.Now()
	s.statusMu.Unlock()
	s.refreshStatus()
}

// statusState is the coalescing of status refreshes (see statusChanged).
type statusState struct {
	queued, dirty, trailing bool
	last                    time.Time
}

// refreshStatus redraws what shows connection state: dots, console, toolbar.
func (s *Studio) refreshStatus() {
	if s.closing.Load() {
		return
	}
	// the tree's dots only when a state changed: a repaint of the whole
	// tree per message is most of what a live window costs
	if sig := s.stateSignature(); sig != s.lastStates {
		s.lastStates = sig
		s.tree.refreshStates()
	}
	s.console.refresh()
	s.bar.refreshConnect()
	if vp := s.varPanel; vp != nil && s.selectedVariable() == vp.v {
		vp.refreshConn()
		vp.schema.refresh()
	}
}

// Tick refreshes rates and states; the window calls it once a second.
func (s *Studio) Tick() { s.statusChanged() }

// StartTicker refreshes rates once a second until the window closes.
func (s *Studio) StartTicker() {
	s.goVar(func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-s.quit:
				return
			case <-t.C:
				s.statusChanged()
			}
		}
	})
}

// LiveState says, for each variable that should be running, whether it has
// received data; ready is true when all of them have.
func (s *Studio) LiveState() (ready bool, waiting []string) {
	if s.proj == nil {
		return true, nil
	}
	for _, v := range s.proj.Variables {
		r := s.running[v]
		if r == nil {
			continue
		}
		ds := r.rv.Dataset()
		if ds == nil || ds.Len() == 0 {
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

// Running lists the names of the running variables.
func (s *Studio) Running() []string {
	var names []string
	if s.proj == nil {
		return nil
	}
	for _, v := range s.proj.Variables {
		if s.running[v] != nil {
			names = append(names, v.Name)
		}
	}
	return names
}

// FreezeLive stops the live widgets from following their datasets (for a
// still picture); the canvas keeps what it shows.
func (s *Studio) FreezeLive() { s.page.stop() }

// showError shows err in a dialog.
func (s *Studio) showError(err error) {
	if err == nil {
		return
	}
	showErr(s.win, err)
}

// placeholder is a dim, wrapped hint.
func placeholder(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return container.NewPadded(l)
}

// stateSignature sums up the state colours of the variables' dots and
// their drift badges.
func (s *Studio) stateSignature() string {
	if s.proj == nil {
		return ""
	}
	var b []byte
	for _, v := range s.proj.Variables {
		r, g, bl, a := s.stateColor(v).RGBA()
		b = append(b, byte(r>>8), byte(g>>8), byte(bl>>8), byte(a>>8))
		// and the drift badges: a new mismatch repaints the tree, a
		// matching message does not
		count, _ := s.DriftBadge(v)
		b = append(append(b, count...), 0)
	}
	return string(b)
}
