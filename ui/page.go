package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
	"wsstudio/variable/dataset"
	"wsstudio/widgets"
)

// defaultHeight is a widget's height on the canvas when it sets none.
const defaultHeight = 240

// pageCanvas is the centre pane: the home page's widgets, live, in page
// order. A card's header selects the widget; its buttons move and remove it.
type pageCanvas struct {
	s     *Studio
	box   *fyne.Container
	rows  *rowsLayout
	scr   *container.Scroll
	cards []*card
	// inputs are the names of the text inputs whose values the canvas
	// put in the studio's input values; one gone from the page (deleted,
	// renamed, undone) is taken out again
	inputs map[string]bool
}

type card struct {
	w     *project.Widget
	live  widgets.Live
	src   dataset.Source
	frame *cardFrame
	title *tapLabel
}

// tapLabel is a label that selects its widget when tapped.
type tapLabel struct {
	widget.Label
	onTap func()
}

func newTapLabel(text string, onTap func()) *tapLabel {
	l := &tapLabel{onTap: onTap}
	l.Text = text
	l.SizeName = theme.SizeNameCaptionText
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// Tapped implements fyne.Tappable.
func (l *tapLabel) Tapped(*fyne.PointEvent) {
	if l.onTap != nil {
		l.onTap()
	}
}

func newPageCanvas(s *Studio) *pageCanvas {
	pc := &pageCanvas{s: s, rows: &rowsLayout{}, inputs: map[string]bool{}}
	pc.box = container.New(pc.rows)
	pc.scr = container.NewVScroll(pc.box)
	// a new width can change how many cards share a row, and so the
	// height the scroll has to offer
	pc.rows.onWidth = func() { pc.scr.Refresh() }
	// a value set from elsewhere (a page function clearing the textarea
	// after a send) shows in its input; typing sets the same value back,
	// which is no change and ends there
	// (the value is read when the update runs, so that a late update
	// never puts back an older value over what is being typed)
	s.inputs.Subscribe(func(name string) {
		s.do(func() {
			value, _ := s.inputs.Get(name)
			pc.showInput(name, value)
		})
	})
	return pc
}

// showInput puts value into the input called name, if it is on the canvas
// and shows something else.
func (pc *pageCanvas) showInput(name, value string) {
	for _, c := range pc.cards {
		if in, ok := c.live.(*widgets.LiveInput); ok && c.w.Name == name && in.Value() != value {
			in.SetText(value)
		}
	}
}

func (pc *pageCanvas) object() fyne.CanvasObject { return pc.scr }

// stop unsubscribes every live widget.
func (pc *pageCanvas) stop() {
	for _, c := range pc.cards {
		if c.live != nil {
			c.live.Stop()
		}
	}
}

// source is the dataset a widget reads: its variable's live dataset, or nil.
func (pc *pageCanvas) source(w *project.Widget) dataset.Source {
	v := pc.s.proj.Variable(w.Variable)
	if rv := pc.s.runtime(v); rv != nil {
		if ds := rv.Dataset(); ds != nil {
			return ds
		}
	}
	return nil
}

// rebuild makes the cards anew from the model.
func (pc *pageCanvas) rebuild() {
	pc.stop()
	pc.cards = nil
	pc.box.Objects = nil
	pc.rows.minWidths = nil
	p := pc.s.proj
	if p == nil {
		pc.box.Add(pc.s.welcome())
		pc.box.Refresh()
		return
	}
	pg := p.Page(pc.s.homePage())
	pc.forgetInputs(pg)
	if pg == nil || len(pg.Widgets) == 0 {
		pc.box.Add(placeholder("This page has no widgets yet. Add a chart, a table or a list with the toolbar; each shows its variable's data as it arrives."))
		pc.box.Refresh()
		return
	}
	for _, w := range pg.Widgets {
		c := pc.newCard(w)
		pc.cards = append(pc.cards, c)
	}
	for _, c := range pc.cards {
		pc.box.Add(pc.cardObject(c))
		pc.rows.minWidths = append(pc.rows.minWidths, minCardWidth(c.w))
	}
	pc.showSelection()
	pc.box.Refresh()
}

// rebind points every widget at its variable's current dataset.
func (pc *pageCanvas) rebind() {
	for _, c := range pc.cards {
		src := pc.source(c.w)
		if c.live != nil && src != c.src {
			c.src = src
			c.live.SetSource(src)
		}
	}
}

// apply hands a widget's changed properties to its live widget.
func (pc *pageCanvas) apply(w *project.Widget) {
	for _, c := range pc.cards {
		if c.w == w {
			if c.live != nil {
				c.live.Apply(liveProps(w))
			}
			c.title.SetText(cardTitle(w))
			return
		}
	}
}

func (pc *pageCanvas) newCard(w *project.Widget) *card {
	c := &card{w: w, src: pc.source(w)}
	// the scheduler is given before the widget sees data, so even its
	// first redraw goes through the studio's queue
	o := widgets.Options{Location: pc.s.opts.Location}
	if pc.s.opts.Do != nil {
		o.Scheduler = widgets.Scheduler(pc.s.opts.Do)
	}
	c.live = widgets.NewWith(c.src, liveProps(w), o)
	pc.hook(c)
	c.title = newTapLabel(cardTitle(w), func() { pc.s.Select(widgetNode(w.Page, w.Name)) })
	return c
}

// cardTitle names the widget and the variable it shows; the widget draws
// its own title underneath, so the card does not repeat it.
func cardTitle(w *project.Widget) string {
	if w.Variable == "" {
		return w.Name
	}
	return w.Name + " · " + w.Variable
}

func (pc *pageCanvas) cardObject(c *card) fyne.CanvasObject {
	w := c.w
	s := pc.s
	sel := newIconButton(theme.SettingsIcon(), "Edit this widget's properties",
		s.guard("selecting a widget", func() { s.Select(widgetNode(w.Page, w.Name)) }))
	up := newIconButton(theme.MoveUpIcon(), "Move up (earlier on the page)",
		s.guard("moving a widget", func() { s.showError(s.MoveWidget(w, -1)) }))
	down := newIconButton(theme.MoveDownIcon(), "Move down (later on the page)",
		s.guard("moving a widget", func() { s.showError(s.MoveWidget(w, 1)) }))
	del := newIconButton(theme.DeleteIcon(), "Delete this widget",
		s.guard("deleting a widget", func() { s.deleteWidget(w) }))
	kind := widget.NewIcon(kindIcon(w.Kind))
	head := container.NewBorder(nil, nil,
		container.NewCenter(container.NewGridWrap(fyne.NewSize(16, 16), kind)),
		container.New(&tightRow{}, sel, up, down, del), c.title)

	var body fyne.CanvasObject
	switch {
	case c.live != nil && w.Kind == project.KindButton:
		body = container.NewVBox(container.NewHBox(c.live)) // its own size, at the top
	case c.live != nil && project.IsInteractive(w.Kind):
		body = container.NewVBox(c.live) // the card's width, its own height
	case c.live != nil:
		body = c.live
	default:
		body = placeholder("The " + w.Kind + " widget is not available in this build.")
	}
	h := float32(w.Height)
	if h <= 0 && !project.IsInteractive(w.Kind) {
		h = defaultHeight
	}
	sizer := canvas.NewRectangle(color.Transparent)
	sizer.SetMinSize(fyne.NewSize(200, h))
	content := container.NewBorder(head, nil, nil, nil, container.NewStack(sizer, body))
	frame, box := newCardFrame(head, container.NewPadded(content))
	c.frame = frame
	pc.showSelectionOf(c)
	return container.NewPadded(box)
}

// hook connects an input's typing to the studio's input values and a
// button to its on-click. An input shows the value it had before the
// canvas was rebuilt, or its default value.
func (pc *pageCanvas) hook(c *card) {
	s, w := pc.s, c.w
	switch live := c.live.(type) {
	case *widgets.LiveInput:
		name := w.Name
		if v, ok := s.inputs.Get(name); ok && pc.inputs[name] {
			live.SetText(v)
		} else {
			s.inputs.Set(name, live.Value())
		}
		pc.inputs[name] = true
		live.SetOnChanged(func(v string) { s.inputs.Set(name, v) })
	case *widgets.LiveButton:
		live.SetOnTapped(s.guard("running "+w.Name+"'s on-click", func() { s.Click(w) }))
	}
}

// forgetInputs takes the values of inputs no longer on pg out of the
// studio's input values, so that nothing binds to a widget that is gone.
func (pc *pageCanvas) forgetInputs(pg *project.Page) {
	keep := map[string]bool{}
	if pg != nil {
		for _, w := range pg.Widgets {
			if project.IsInput(w.Kind) {
				keep[w.Name] = true
			}
		}
	}
	for name := range pc.inputs {
		if !keep[name] {
			delete(pc.inputs, name)
			pc.s.inputs.Delete(name)
		}
	}
}

// Click runs a button's on-click: Variables.X.send() sends the
// variable's bound RequestBody, open() (and invoke(), as in WaveMaker's
// runtime) and close() connect and disconnect it, Page.fn() calls the page script through Options.CallPage.
// What goes wrong is a line in the console, not a dialog: a page in
// preview keeps running.
func (s *Studio) Click(w *project.Widget) {
	if s.proj == nil || w == nil {
		return
	}
	oc, err := project.ParseOnClick(w.OnClick)
	if err != nil {
		s.consoleLine(w.Name + ": " + err.Error())
		return
	}
	switch oc.Action {
	case project.ActionNone:
		s.consoleLine(w.Name + " has no on-click.")
	case project.ActionPage:
		if s.opts.CallPage == nil {
			s.consoleLine(w.Name + ": Page." + oc.Function + "() cannot run: page functions are not available here.")
			return
		}
		if err := s.opts.CallPage(s.proj, w.Page, oc.Function); err != nil {
			s.consoleLine(w.Name + ": Page." + oc.Function + "(): " + err.Error())
		}
	case project.ActionVariable:
		v := s.proj.VariableOn(w.Page, oc.Variable)
		if v == nil {
			s.consoleLine(w.Name + ": there is no variable " + oc.Variable + " on page " + w.Page + " or in the App.")
			return
		}
		switch oc.Method {
		case "open":
			if !s.IsOpen(v) {
				s.connect(v)
			}
		case "close":
			s.disconnect(v)
		case "invoke":
			// WaveMaker's WebSocket variable: invoke() opens it
			if !s.IsOpen(v) {
				s.connect(v)
			}
		default: // send
			rv := s.runtime(v)
			if rv == nil {
				s.consoleLine(w.Name + ": " + v.Name + " is not connected; open it first.")
				return
			}
			if err := rv.Send(nil); err != nil {
				s.console.note(v, w.Name+": "+err.Error())
				if v != s.console.current {
					s.consoleLine(w.Name + ": " + err.Error())
				}
			}
		}
		s.refreshStatus()
	}
}

// consoleLine adds a studio message to the console, whichever variable it
// follows.
func (s *Studio) consoleLine(text string) { s.console.note(s.console.current, text) }

// showSelection outlines the selected widget's card.
func (pc *pageCanvas) showSelection() {
	for _, c := range pc.cards {
		pc.showSelectionOf(c)
	}
}

func (pc *pageCanvas) showSelectionOf(c *card) {
	if c.frame != nil {
		c.frame.setSelected(c.w == pc.s.selectedWidget())
	}
}

// Redraws is the total number of redraws of the live widgets (tests).
func (pc *pageCanvas) redraws() uint64 {
	var n uint64
	for _, c := range pc.cards {
		if c.live != nil {
			n += c.live.Redraws()
		}
	}
	return n
}

// welcome is the canvas without a project: new, open, and recent projects.
func (s *Studio) welcome() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(AppName, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	intro := widget.NewLabel("Import a WebSocket service, bind a variable to it and watch charts, tables and lists fill with live data. Projects are saved as WaveMaker project folders.")
	intro.Wrapping = fyne.TextWrapWord
	newB := widget.NewButtonWithIcon("New Project…", theme.DocumentCreateIcon(), s.guard("creating a project", s.newProject))
	newB.Importance = widget.HighImportance
	openB := widget.NewButtonWithIcon("Open Project…", theme.FolderOpenIcon(), s.guard("opening a project", s.openProject))
	box := container.NewVBox(title, intro, container.NewHBox(newB, openB))
	if recent := Recent(s.app.Preferences()); len(recent) > 0 {
		box.Add(widget.NewLabelWithStyle("Recent projects", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for i, d := range recent {
			if i == 5 {
				break
			}
			dir := d
			b := widget.NewButtonWithIcon(dir, theme.FolderIcon(), s.guard("opening a project", func() { s.showError(s.OpenDir(dir)) }))
			b.Importance = widget.LowImportance
			b.Alignment = widget.ButtonAlignLeading
			box.Add(b)
		}
	}
	return container.NewPadded(box)
}

// scrollTo brings w's card into view (a new widget lands last on the page,
// below what the canvas showed).
func (pc *pageCanvas) scrollTo(w *project.Widget) {
	for i, c := range pc.cards {
		if c.w != w || i >= len(pc.box.Objects) {
			continue
		}
		pc.box.Resize(fyne.NewSize(pc.scr.Size().Width, pc.box.MinSize().Height))
		pc.box.Refresh()
		o := pc.box.Objects[i]
		y := o.Position().Y
		if bottom := y + o.Size().Height; bottom > pc.scr.Offset.Y+pc.scr.Size().Height {
			y = max(0, bottom-pc.scr.Size().Height)
		} else if y >= pc.scr.Offset.Y {
			return // already in view
		}
		pc.scr.ScrollToOffset(fyne.NewPos(0, min(y, max(0, pc.box.Size().Height-pc.scr.Size().Height))))
		return
	}
}
