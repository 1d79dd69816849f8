package wizard

import (
	"context"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/demo"
	"wsstudio/importer"
	"wsstudio/project"
)

// Options configure the wizard.
type Options struct {
	// Existing, when not nil, is the service to edit: the wizard opens
	// pre-filled, and its API id is kept so bound variables keep working.
	Existing *project.Service
	// Demo is the in-process demo server for the quick start list; nil
	// starts one on loopback the first time a feed is chosen.
	Demo *demo.Server
	// OnEdit is called after each change the wizard makes to the project
	// model: the service at Finish ("Import service quotes", "Edit service
	// quotes"), then the variable if one is made ("Add variable Quotes").
	// before and after are snapshots of the model around the change, for
	// Edit → Undo (project.Restore(before)) and Redo (Restore(after)). The
	// wizard writes nothing: the change is in memory until the project is
	// saved, so the studio should mark the project modified.
	OnEdit func(label string, before, after *project.State)
	// OnFinish is called when the wizard closes after Finish; svc is in
	// the project model, v is the variable made for it (also in the model),
	// or nil if the user made none.
	OnFinish func(svc *project.Service, v *project.Variable)
}

// size is the wizard's preferred size; it shrinks to fit a smaller window.
var size = fyne.NewSize(900, 640)

// Show opens the import wizard over win for project p.
func Show(win fyne.Window, p *project.Project, o Options) {
	show(win, p, o, config{})
}

// config holds what tests replace: the scheduler that brings background
// results onto the UI goroutine, and connection test timings.
type config struct {
	do               func(func())
	handshakeTimeout time.Duration
	window           time.Duration
	now              func() time.Time
}

// wizard is the dialog: the model plus its views.
type wizard struct {
	win  fyne.Window
	m    *model
	o    Options
	cfg  config
	demo *demo.Server

	popup     *widget.PopUp
	title     *widget.Label
	indicator *stepIndicator
	channel   *widget.Select // which of a document's channels the steps show
	chanRow   *fyne.Container
	body      *fyne.Container
	status    *note
	cancelBtn *widget.Button
	backBtn   *widget.Button
	nextBtn   *widget.Button

	views [stepCount]fyne.CanvasObject
	ep    *endpointView
	tv    *testView
	sv    *samplesView
	rv    *reviewView
	fv    *finishView

	stopTest   context.CancelFunc
	prevKey    func(*fyne.KeyEvent)
	closed     bool
	onCanvas   bool // the pop-up is shown: its fields can take the focus
	autoStatus bool // the status line shows why Next is off
	finishing  bool // the final "create a variable" panel is showing
}

func show(win fyne.Window, p *project.Project, o Options, cfg config) *wizard {
	if cfg.do == nil {
		cfg.do = fyne.Do
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	w := &wizard{win: win, m: newModel(p, o.Existing), o: o, cfg: cfg, demo: o.Demo}
	w.m.handshakeTimeout = cfg.handshakeTimeout
	w.m.window = cfg.window

	titleText := "Import a WebSocket service"
	if o.Existing != nil {
		titleText = "Edit service " + o.Existing.ID
	}
	w.title = widget.NewLabelWithStyle(titleText, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.title.SizeName = theme.SizeNameSubHeadingText
	w.indicator = newStepIndicator()
	w.status = newNote()
	w.channel = widget.NewSelect(nil, func(label string) {
		for i := range w.m.docs.drafts {
			if w.m.channelLabel(i) == label {
				w.showChannel(i)
				return
			}
		}
	})
	w.chanRow = container.New(layout.NewFormLayout(), widget.NewLabel("Channel"), w.channel)
	w.chanRow.Hide()

	w.cancelBtn = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), w.cancel)
	w.backBtn = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), w.back)
	w.nextBtn = widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), w.enter)
	w.nextBtn.IconPlacement = widget.ButtonIconTrailingText
	w.nextBtn.Importance = widget.HighImportance

	w.ep = newEndpointView(w)
	w.tv = newTestView(w)
	w.sv = newSamplesView(w)
	w.rv = newReviewView(w)
	w.views = [stepCount]fyne.CanvasObject{w.ep.root, w.tv.root, w.sv.root, w.rv.root}
	w.body = container.NewStack(w.views[:]...)

	buttons := container.NewHBox(w.cancelBtn, layout.NewSpacer(), w.backBtn, w.nextBtn)
	header := container.NewVBox(
		container.NewBorder(nil, nil, w.title, nil),
		w.indicator.box,
		widget.NewSeparator(),
		w.chanRow,
	)
	footer := container.NewVBox(widget.NewSeparator(), w.status.box, buttons)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	content := container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(4, 6, 8, 12),
		container.NewBorder(header, footer, nil, nil, w.body)))

	w.popup = widget.NewModalPopUp(content, win.Canvas())
	w.popup.Resize(fitIn(size, win.Canvas().Size()))
	cv := win.Canvas()
	w.prevKey = cv.OnTypedKey()
	cv.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyEscape:
			w.cancel()
		case fyne.KeyReturn, fyne.KeyEnter:
			w.enter()
		}
	})

	if o.Existing != nil {
		w.ep.load()
	}
	w.goTo(stepEndpoint)
	w.popup.Show()
	w.onCanvas = true
	w.focusFirst() // now that the content is on the canvas
	return w
}

// fitIn shrinks want to fit inside a window of size have, with a margin.
func fitIn(want, have fyne.Size) fyne.Size {
	const margin = 24
	if have.Width > 0 && want.Width > have.Width-margin {
		want.Width = have.Width - margin
	}
	if have.Height > 0 && want.Height > have.Height-margin {
		want.Height = have.Height - margin
	}
	return want
}

// goTo shows step s.
func (w *wizard) goTo(s step) {
	w.m.step = s
	w.m.dropStaleTest()
	for i, v := range w.views {
		if step(i) == s {
			v.Show()
		} else {
			v.Hide()
		}
	}
	switch s {
	case stepEndpoint:
		w.ep.setMode()
		if w.m.source == sourceDocument && !w.m.docs.onList {
			w.ep.load()
		}
	case stepTest:
		w.tv.refresh()
	case stepSamples:
		w.sv.load()
	case stepReview:
		w.rv.refresh()
	}
	w.status.set("", widget.MediumImportance)
	w.refresh()
	w.focusFirst()
}

// focusFirst focuses the first entry of the step. Before the pop-up is
// shown its content is not part of the canvas, and focusing it then only
// makes Fyne complain on stderr, so nothing is focused until it is.
func (w *wizard) focusFirst() {
	var f fyne.Focusable
	switch w.m.step {
	case stepEndpoint:
		f = w.ep.url
		if w.m.source == sourceDocument && w.m.docs.onList {
			f = w.ep.doc.path
		}
	case stepSamples:
		f = w.sv.response
	}
	w.focus(f)
}

// focus focuses f, or unfocuses for nil, when the wizard is on the canvas.
func (w *wizard) focus(f fyne.Focusable) {
	if w.closed || !w.onCanvas {
		return
	}
	if f == nil {
		w.win.Canvas().Unfocus()
		return
	}
	w.win.Canvas().Focus(f)
}

// stepMark says how the indicator draws step s: steps are ticked only
// when they are done, and the Test step only when a test ran for this
// endpoint and passed.
func (w *wizard) stepMark(s step) mark {
	m := w.m
	current := m.step
	if w.finishing {
		current = stepCount
	}
	switch {
	case s == current:
		return markCurrent
	case s == stepTest && m.skipTest:
		return markSkipped
	case s == stepTest && m.testPassed():
		return markDone
	case s == stepTest:
		return markTodo
	case s < current:
		return markDone
	}
	return markTodo
}

// refresh updates the step indicator and the buttons.
func (w *wizard) refresh() {
	m := w.m
	w.indicator.set(w.stepMark)
	if w.finishing {
		return
	}
	w.backBtn.Hidden = m.step == stepEndpoint && (m.source == sourceURL || m.docs.onList)
	w.backBtn.Refresh()
	w.refreshChannels()
	if m.step == stepReview {
		w.nextBtn.SetText("Finish")
		w.nextBtn.SetIcon(theme.ConfirmIcon())
	} else {
		w.nextBtn.SetText("Next")
		w.nextBtn.SetIcon(theme.NavigateNextIcon())
	}
	defer w.relayout()
	enable := true
	switch m.step {
	case stepEndpoint:
		err := m.endpointErr()
		if m.source == sourceDocument && m.docs.onList {
			// the list says what was read; only a choice still to make
			// goes to the status line
			enable = err == nil
			if err != nil && m.docs.doc != nil && m.docs.err == nil {
				w.status.set(err.Error(), widget.DangerImportance)
				w.autoStatus = true
			} else if w.autoStatus {
				w.status.set("", widget.MediumImportance)
				w.autoStatus = false
			}
			break
		}
		enable = err == nil && (!m.insecure() || m.skipTest)
		// Say why Next is off when the reason is not shown beside a field
		// that is in view (a header, or the CA file on another tab).
		hidden := err != nil && strings.TrimSpace(m.url) != "" && m.urlErr == nil && m.nameErr() == nil
		switch {
		case hidden:
			w.status.set(err.Error(), widget.DangerImportance)
			w.autoStatus = true
		case w.autoStatus:
			w.status.set("", widget.MediumImportance)
			w.autoStatus = false
		}
	case stepTest:
		enable = !m.testing
	}
	if enable {
		w.nextBtn.Enable()
	} else {
		w.nextBtn.Disable()
	}
}

// relayout lays the whole dialog out again after messages, warnings or
// rows appeared or went away. The window driver does this on its next
// frame; an off-screen canvas (tests, screenshots) has no frames, so the
// wizard does it itself: a width change cascades through every container.
func (w *wizard) relayout() {
	if w.popup == nil || w.popup.Content == nil {
		return
	}
	c := w.popup.Content
	s := c.Size()
	if s.Width < 2 {
		return
	}
	c.Resize(fyne.NewSize(s.Width-1, s.Height))
	c.Resize(s)
}

// enter is Enter and the Next/Finish button.
func (w *wizard) enter() {
	if w.closed {
		return
	}
	if w.finishing {
		w.fv.create()
		return
	}
	if w.m.step == stepReview {
		w.finish()
		return
	}
	s, err := w.m.next()
	if err != nil {
		w.status.set(err.Error(), widget.DangerImportance)
		return
	}
	w.goTo(s)
}

func (w *wizard) back() {
	if w.closed || w.finishing {
		return
	}
	if w.m.testing {
		w.cancelTest()
	}
	w.goTo(w.m.back())
}

// setSource switches the first step between a URL and an AsyncAPI
// document.
func (w *wizard) setSource(document bool) {
	s := sourceURL
	if document {
		s = sourceDocument
	}
	w.m.setSource(s)
	w.ep.setMode()
	w.ep.load()
	w.status.set("", widget.MediumImportance)
	w.refresh()
	w.focusFirst()
}

// showChannel makes the steps show channel i of the document, on the
// step they are at.
func (w *wizard) showChannel(i int) {
	if w.m.testing || i == w.m.docs.cur {
		w.refreshChannels()
		return
	}
	w.m.showDraft(i)
	w.ep.load()
	w.goTo(w.m.step)
}

// refreshChannels shows the channel selector when the steps edit more
// than one channel; it is off while a test runs.
func (w *wizard) refreshChannels() {
	m := w.m
	if m.source != sourceDocument || m.docs.onList || len(m.docs.drafts) < 2 || w.finishing {
		w.chanRow.Hide()
		return
	}
	opts := make([]string, len(m.docs.drafts))
	for i := range opts {
		opts[i] = m.channelLabel(i)
	}
	w.channel.Options = opts
	w.channel.Selected = opts[m.docs.cur]
	if m.testing {
		w.channel.Disable()
	} else {
		w.channel.Enable()
	}
	w.channel.Refresh()
	w.chanRow.Show()
}

// proceedWithoutTest is the way on for an insecure endpoint.
func (w *wizard) proceedWithoutTest() {
	if err := w.m.endpointErr(); err != nil {
		w.status.set(err.Error(), widget.DangerImportance)
		return
	}
	w.m.skipTest = true
	w.goTo(stepSamples)
}

// cancel is Esc and the Cancel button: stop a running test and close.
// On the final panel it closes without making a variable.
func (w *wizard) cancel() {
	if w.closed {
		return
	}
	if w.finishing {
		w.done(nil)
		return
	}
	w.close()
}

func (w *wizard) close() {
	if w.closed {
		return
	}
	w.cancelTest()
	w.closed = true
	w.win.Canvas().SetOnTypedKey(w.prevKey)
	w.win.Canvas().Unfocus()
	w.popup.Hide()
}

// finish puts the service into the project model, reports the edit, then
// offers a variable.
func (w *wizard) finish() {
	svc, e, err := w.m.finish()
	if err != nil {
		w.status.set(err.Error(), widget.DangerImportance)
		return
	}
	w.report(e)
	w.finishing = true
	w.chanRow.Hide()
	w.fv = newFinishView(w, svc)
	w.body.Objects = []fyne.CanvasObject{w.fv.root}
	w.body.Refresh()
	w.status.set("", widget.MediumImportance)
	w.backBtn.Hide()
	w.cancelBtn.SetText("Not now")
	w.cancelBtn.SetIcon(nil)
	w.nextBtn.IconPlacement = widget.ButtonIconLeadingText
	w.nextBtn.SetText("Create variable")
	w.nextBtn.SetIcon(theme.ContentAddIcon())
	w.nextBtn.Enable()
	w.indicator.set(w.stepMark)
	w.relayout()
	w.focus(w.fv.name)
}

// report hands an edit of the project model to the studio.
func (w *wizard) report(e *edit) {
	if e != nil && w.o.OnEdit != nil {
		w.o.OnEdit(e.Label, e.Before, e.After)
	}
}

// done closes the wizard after a successful finish and tells the studio.
func (w *wizard) done(v *project.Variable) {
	svc := w.m.saved
	w.close()
	if w.o.OnFinish != nil {
		w.o.OnFinish(svc, v)
	}
}

// startTest runs the connection test in the background.
func (w *wizard) startTest() {
	m := w.m
	if !m.canTest() {
		return
	}
	opts := m.testOptions()
	gen := m.beginTest(w.cfg.now())
	ctx, cancel := context.WithCancel(context.Background())
	w.stopTest = cancel
	w.tv.refresh()
	w.refresh()

	do := w.cfg.do
	var once sync.Once
	stop := func() { once.Do(cancel) }
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				do(func() {
					if m.testGen == gen && m.testing {
						w.tv.tick()
					}
				})
			}
		}
	}()
	go func() {
		res, err := importer.Test(ctx, opts, func(msg importer.Message) {
			do(func() {
				if m.addMessage(gen, msg) {
					w.tv.refresh()
				}
			})
		})
		stop()
		do(func() {
			if m.endTest(gen, res, err, w.cfg.now()) {
				w.tv.refresh()
				w.refresh()
			}
		})
	}()
}

// cancelTest stops a running test.
func (w *wizard) cancelTest() {
	if w.stopTest != nil {
		w.stopTest()
		w.stopTest = nil
	}
	if w.m.testing {
		w.m.cancelTest(w.cfg.now())
		w.tv.refresh()
		w.refresh()
	}
}

// demoServer returns the demo server, starting one on loopback if needed.
func (w *wizard) demoServer() (*demo.Server, error) {
	if w.demo != nil {
		return w.demo, nil
	}
	srv, err := sharedDemo()
	if err != nil {
		return nil, err
	}
	w.demo = srv
	return srv, nil
}

var (
	demoMu  sync.Mutex
	demoSrv *demo.Server
)

// sharedDemo starts one demo server for the life of the process: variables
// made from a quick start feed keep connecting to it after the wizard closes.
func sharedDemo() (*demo.Server, error) {
	demoMu.Lock()
	defer demoMu.Unlock()
	if demoSrv != nil {
		return demoSrv, nil
	}
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		return nil, err
	}
	demoSrv = srv
	return srv, nil
}
