// Package ui is the studio window: the Imported APIs tree, the property
// panels, the live page canvas and the message console. It talks to the
// packages below (project, session, variable, widgets, importer) and holds
// no protocol or file-format logic of its own: what runs is its session's.
package ui

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/session"
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
	// SoftwarePainter says the window is drawn by Fyne's software painter
	// (tests, the picture rendered with no screen). That painter clips
	// each nested scroll to its own bounds only, so a page taller than its
	// pane can draw over the console, and the console paints a background
	// of its own to cover it. The OpenGL painter clips to both, and there
	// a pane-sized rectangle would only add to the cost of every frame.
	SoftwarePainter bool
}

// Studio is the studio window on one project at a time.
type Studio struct {
	app  fyne.App
	win  fyne.Window
	opts Options
	do   func(func())

	proj *project.Project
	// sess runs the project's variables; the window shows what it asks
	// of it.
	sess *session.Session
	// inputs are the session's live values of the page's text inputs.
	inputs *variable.Inputs

	// hist is the undo history; last is the model as of the last recorded
	// edit (the "before" of the next one).
	hist       history
	last       *project.State
	savedState *project.State // the model as loaded or saved last
	// feeds are the built-in feeds of projects made from an example.
	feeds exampleFeeds
	// ticker counts the rate ticker's goroutine; Wait waits for it and
	// for the session's.
	ticker sync.WaitGroup

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

// New builds the studio inside win (its content, title, menu and close
// intercept). Open or Load a project next.
func New(a fyne.App, win fyne.Window, opts Options) *Studio {
	s := &Studio{app: a, win: win, opts: opts, quit: make(chan struct{})}
	s.do = opts.Do
	if s.do == nil {
		s.do = fyne.Do
	}
	s.layOutEachFrame()
	s.sess = session.New(session.Options{Profile: opts.Profile, Env: s.envFor, Handlers: opts.Handlers,
		OnChange: s.statusChanged, NoAutoStart: opts.NoAutoConnect})
	s.inputs = s.sess.Inputs()
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
func (s *Studio) Profile() string { return s.sess.Profile() }

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
	s.sess.StopAll()
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
	s.selected = ""
	s.noteFailures(s.sess.Load(p))
	s.showProject()
}

// startOrder lists the variables App ones first, each group in project
// order, as the session starts them.
func startOrder(p *project.Project) []*project.Variable { return session.StartOrder(p) }

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

// envFor is the environment lookup for the running variables of p; nil
// is the process environment, where a WEBSOCKET_<ID>_* variable set to ""
// still overrides the profile.
func (s *Studio) envFor(p *project.Project) func(string) string {
	if env := s.feeds.envFor(p); env != nil {
		return env
	}
	if s.opts.EnvFor != nil {
		if env := s.opts.EnvFor(p); env != nil {
			return env
		}
	}
	return s.opts.Env
}

// runtime returns the running variable of v, or nil.
func (s *Studio) runtime(v *project.Variable) *variable.Variable { return s.sess.Variable(v) }

// connect starts (or opens again) variable v; a variable that starts
// running is bound to the canvas and the console.
func (s *Studio) connect(v *project.Variable) {
	fresh := s.runtime(v) == nil
	if err := s.sess.Start(v); err != nil {
		s.noteFailures(err)
		return
	}
	if fresh && s.runtime(v) != nil {
		s.page.rebind()
		s.console.setVariable(s.consoleVariable())
	}
}

// disconnect closes variable v; its dataset stays on the canvas.
func (s *Studio) disconnect(v *project.Variable) { s.sess.Close(v) }

// drop closes and forgets the running variable of v, without waiting.
func (s *Studio) drop(v *project.Variable) { s.sess.Drop(v) }

// restart drops and reconnects v (service or profile changed).
func (s *Studio) restart(v *project.Variable) { s.followSession(s.sess.Restart(v)) }

// followSession binds the canvas and the console to the session's running
// variables after it started or dropped some, and notes in the console
// the variables that could not start (err, from the session).
func (s *Studio) followSession(err error) {
	s.page.rebind()
	s.console.setVariable(s.consoleVariable())
	s.noteFailures(err)
}

// noteFailures notes in the console each variable the session could not
// start.
func (s *Studio) noteFailures(err error) {
	for _, f := range session.Failures(err) {
		s.console.note(f.Variable, f.Error())
	}
}

// Wait waits, at most for timeout, until every goroutine the studio
// started for its variables (opens, closes) and its ticker has finished;
// it reports whether they all did. Call it after Shutdown, off the UI
// goroutine or after the window loop.
func (s *Studio) Wait(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	if !s.sess.Wait(timeout) {
		return false
	}
	done := make(chan struct{})
	go func() { s.ticker.Wait(); close(done) }()
	t := time.NewTimer(time.Until(deadline))
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
	s.sess.StopAll()
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
	s.ticker.Add(1)
	go func() {
		defer s.ticker.Done()
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
	}()
}

// LiveState says, for each variable that should be running, whether it has
// received data; ready is true when all of them have.
func (s *Studio) LiveState() (ready bool, waiting []string) { return s.sess.LiveState() }

// Running lists the names of the running variables.
func (s *Studio) Running() []string { return s.sess.Running() }

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
