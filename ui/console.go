package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
	"wsstudio/variable"
	"wsstudio/widgets"
)

// stamp formats the time of a console entry; formatRate the message rate.
// Golden tests fix both.
var (
	stamp      = func(t time.Time) string { return t.Format("15:04:05.000") }
	formatRate = func(r float64) string { return fmt.Sprintf("%.1f msg/s", r) }
)

// consoleSize is how many of the latest entries the console shows.
const consoleSize = 500

// console is the bottom pane: one variable's messages in and out, a
// pretty-printed view of the selected one, a send box and the statistics.
type console struct {
	s       *Studio
	current *project.Variable
	entries []variable.Entry // filtered, oldest first
	notes   []string         // studio messages about the variable (start failures)
	picked  uint64           // Seq of the selected entry
	shown   listState        // what the list was last filled from

	vars    *widget.Select
	filter  *widget.Entry
	pause   *widget.Check
	list    *widget.List
	detail  *widget.Entry
	editor  *sendEntry
	status  *widgets.Line
	sendB   *widget.Button
	sendReq *widget.Button
	box     fyne.CanvasObject
}

func newConsole(s *Studio) *console {
	c := &console{s: s}
	c.vars = widget.NewSelect(nil, func(name string) {
		if s.proj == nil {
			return
		}
		if v := s.proj.Variable(name); v != nil && v != c.current {
			c.setVariable(v)
		}
	})
	c.vars.PlaceHolder = "(no variable)"
	c.filter = widget.NewEntry()
	c.filter.SetPlaceHolder("Filter messages")
	c.filter.OnChanged = func(string) { c.refresh() }
	c.pause = widget.NewCheck("Pause", func(paused bool) {
		if !paused {
			c.refresh()
		}
	})
	clear := newTipButton("Clear", theme.ContentClearIcon(), "Clear this variable's console", c.clear)

	c.list = widget.NewList(func() int { return len(c.entries) }, c.createRow, c.updateRow)
	c.list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(c.entries) {
			c.picked = c.entries[i].Seq
			c.showDetail(c.entries[i])
		}
	}
	c.detail = widget.NewMultiLineEntry()
	c.detail.TextStyle = fyne.TextStyle{Monospace: true}
	c.detail.Wrapping = fyne.TextWrapBreak
	c.detail.SetPlaceHolder("Select a message to see it here.")
	c.detail.SetMinRowsVisible(1) // it grows with the pane; a small window keeps room for the canvas
	c.editor = newSendEntry(func() { c.send(false) })
	c.editor.TextStyle = fyne.TextStyle{Monospace: true}
	c.editor.Wrapping = fyne.TextWrapWord // no scroll bar under a one-line message
	c.editor.SetPlaceHolder(`Message to send, e.g. {"subscribe":["ACME"]}`)
	c.editor.SetMinRowsVisible(2)
	c.sendB = widget.NewButtonWithIcon("Send", theme.MailSendIcon(), s.guard("sending", func() { c.send(false) }))
	c.sendB.Importance = widget.HighImportance
	c.sendReq = widget.NewButton("Send RequestBody", func() { c.send(true) })
	c.status = widgets.NewLine("")
	c.status.Truncate = true

	head := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabelWithStyle("Console", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), c.vars),
		container.NewHBox(c.pause, clear), filled(c.filter))
	sendBox := container.NewBorder(nil, nil, nil, container.NewVBox(c.sendB, c.sendReq), filled(c.editor))
	right := container.NewBorder(nil, sendBox, nil, nil, filled(c.detail))
	split := container.NewHSplit(c.list, right)
	split.Offset = 0.6
	c.box = container.NewBorder(container.NewVBox(widget.NewSeparator(), head),
		container.NewBorder(nil, nil, nil, s.notice.label, c.status), nil, nil, split)
	if s.opts.SoftwarePainter {
		c.box = container.NewStack(canvas.NewRectangle(theme.Color(theme.ColorNameBackground)), c.box)
	}
	return c
}

func (c *console) object() fyne.CanvasObject { return c.box }

// direction arrows of console rows.
func dirMark(d variable.Direction) string {
	switch d {
	case variable.In:
		return "↓ in"
	case variable.Out:
		return "↑ out"
	case variable.Error:
		return "! error"
	}
	return "• info"
}

func (c *console) createRow() fyne.CanvasObject { return newConsoleRow() }

// rowMark is the direction arrow with the kind of a frame.
func rowMark(e variable.Entry) string {
	switch e.Dir {
	case variable.In:
		return "↓ " + e.Kind.String()
	case variable.Out:
		return "↑ " + e.Kind.String()
	case variable.Error:
		return "! error"
	}
	return "• info"
}

func (c *console) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(c.entries) {
		return
	}
	e := c.entries[i]
	size := ""
	if e.Dir == variable.In || e.Dir == variable.Out {
		size = humanBytes(e.Size)
	}
	o.(*consoleRow).set(stamp(e.Time), rowMark(e), size, entryPreview(e), e.Dir == variable.Error)
}

// entryPreview is the one-line text of an entry.
func entryPreview(e variable.Entry) string {
	if e.Dir == variable.Info || e.Dir == variable.Error {
		return e.Text
	}
	if e.Kind.String() == "binary" {
		return fmt.Sprintf("(%d bytes of binary data)", e.Size)
	}
	s := string(e.Data)
	if len(s) > 300 {
		s = s[:300]
	}
	return strings.Join(strings.Fields(s), " ")
}

func humanBytes(n int) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// setVariable makes the console follow v (nil = none).
func (c *console) setVariable(v *project.Variable) {
	s := c.s
	var names []string
	if s.proj != nil {
		for _, x := range startOrder(s.proj) {
			names = append(names, x.Name)
		}
	}
	c.vars.Options = names
	if v != c.current {
		c.picked = 0
		c.detail.SetText("")
		c.notes = nil
	}
	c.current = v
	if v != nil {
		c.vars.Selected = v.Name
	} else {
		c.vars.Selected = ""
	}
	c.vars.Refresh()
	c.refresh()
}

// note adds a studio message about v to the console.
func (c *console) note(v *project.Variable, text string) {
	if v == c.current {
		c.notes = append(c.notes, text)
		c.refresh()
	}
}

// refresh reads the variable's latest console entries and statistics.
func (c *console) refresh() {
	rv := c.s.runtime(c.current)
	if t := c.statusText(rv); t != c.status.Text {
		c.status.SetText(t)
	}
	hasVar := c.current != nil && rv != nil
	for _, b := range []*widget.Button{c.sendB, c.sendReq} {
		if hasVar {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if c.pause.Checked {
		return
	}
	var all []variable.Entry
	if rv != nil {
		all = rv.Console(consoleSize)
	}
	f := strings.ToLower(strings.TrimSpace(c.filter.Text))
	// nothing new since the last refresh: the list stays as it is drawn
	shown := listState{v: c.current, rv: rv, filter: f, n: len(all)}
	if len(all) > 0 {
		shown.last = all[len(all)-1].Seq
	}
	if shown == c.shown {
		return
	}
	c.shown = shown
	c.entries = c.entries[:0]
	for _, e := range all {
		if f == "" || strings.Contains(strings.ToLower(entryPreview(e)), f) ||
			strings.Contains(dirMark(e.Dir), f) || strings.EqualFold(e.Kind.String(), f) {
			c.entries = append(c.entries, e)
		}
	}
	c.list.Refresh()
	if c.picked == 0 {
		c.list.ScrollToBottom() // follow the newest until a message is picked
	}
	c.keepPicked()
}

// statusText is the line under the console: state, rate, counts, last error.
func (c *console) statusText(rv *variable.Variable) string {
	if c.current == nil {
		return "No variable selected."
	}
	if rv == nil {
		t := c.current.Name + ": not connected"
		if len(c.notes) > 0 {
			t += " · " + c.notes[len(c.notes)-1]
		}
		return t
	}
	st := rv.Stats()
	t := fmt.Sprintf("%s: %s · %s · in %d (%s) · out %d (%s)", c.current.Name, st.State,
		formatRate(st.Rate), st.MessagesIn, humanBytes(int(st.BytesIn)), st.MessagesOut, humanBytes(int(st.BytesOut)))
	if ds := rv.Dataset(); ds != nil {
		t += fmt.Sprintf(" · dataset %d", ds.Len())
	}
	if st.LastError != "" {
		t += " · last error: " + st.LastError
	}
	return t
}

// keepPicked keeps the selection on the same message as rows come and go.
func (c *console) keepPicked() {
	if c.picked == 0 {
		return
	}
	for i, e := range c.entries {
		if e.Seq == c.picked {
			c.list.Select(i)
			return
		}
	}
	c.list.UnselectAll()
}

func (c *console) showDetail(e variable.Entry) {
	if e.Dir == variable.Info || e.Dir == variable.Error {
		c.detail.SetText(stamp(e.Time) + "  " + e.Text)
		return
	}
	if e.Kind.String() == "binary" {
		c.detail.SetText(fmt.Sprintf("%d bytes of binary data", e.Size))
		return
	}
	c.detail.SetText(prettyJSON(e.Data))
}

func (c *console) clear() {
	c.entries = nil
	c.picked = 0
	c.detail.SetText("")
	if rv := c.s.runtime(c.current); rv != nil {
		rv.ClearConsole()
	}
	c.list.UnselectAll()
	c.refresh()
}

// send sends the editor's text (or, with requestBody, the bound RequestBody).
func (c *console) send(requestBody bool) {
	rv := c.s.runtime(c.current)
	if rv == nil {
		return
	}
	var err error
	if requestBody {
		err = rv.Send(nil)
	} else {
		if strings.TrimSpace(c.editor.Text) == "" {
			return
		}
		err = rv.Send([]byte(c.editor.Text))
	}
	if err != nil {
		c.s.showError(fmt.Errorf("send on %s: %w", c.current.Name, err))
	}
	c.refresh()
}

// prettyJSON indents JSON; anything else comes back as it is.
func prettyJSON(b []byte) string {
	var out bytes.Buffer
	if json.Valid(b) && json.Indent(&out, b, "", "  ") == nil {
		return out.String()
	}
	return string(b)
}

// sendEntry is the console's message editor: Ctrl+Enter sends.
type sendEntry struct {
	widget.Entry
	onSend func()
}

func newSendEntry(onSend func()) *sendEntry {
	e := &sendEntry{onSend: onSend}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut implements fyne.Shortcutable: Ctrl+Enter sends, the rest
// is the entry's.
func (e *sendEntry) TypedShortcut(sc fyne.Shortcut) {
	if cs, ok := sc.(*desktop.CustomShortcut); ok && cs.Modifier == fyne.KeyModifierShortcutDefault &&
		(cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) {
		if e.onSend != nil {
			e.onSend()
		}
		return
	}
	e.Entry.TypedShortcut(sc)
}

// listState is what the message list was filled from: the same state
// means the same rows, and no refresh.
type listState struct {
	v      *project.Variable
	rv     *variable.Variable
	filter string
	n      int
	last   uint64
}

// filled shows an entry with the console's filledInputs theme.
func filled(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewThemeOverride(o, filledInputs{})
}

// filledInputs is the theme of the console's entries: the app's theme, but
// with no outline round an entry that is not focused (a focused one is
// still outlined in the primary colour). An entry's outline is a rounded
// rectangle over the entry's whole area, so under software OpenGL the
// console's three outlines cost every live frame as much as their boxes;
// the filled box alone marks the field.
type filledInputs struct{}

func (filledInputs) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameInputBorder {
		return color.Transparent
	}
	return fyne.CurrentApp().Settings().Theme().Color(n, v)
}

func (filledInputs) Font(s fyne.TextStyle) fyne.Resource {
	return fyne.CurrentApp().Settings().Theme().Font(s)
}

func (filledInputs) Icon(n fyne.ThemeIconName) fyne.Resource {
	return fyne.CurrentApp().Settings().Theme().Icon(n)
}

func (filledInputs) Size(n fyne.ThemeSizeName) float32 {
	return fyne.CurrentApp().Settings().Theme().Size(n)
}
