package wizard

import (
	"errors"
	"fmt"
	"image/color"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/importer"
	"wsstudio/project"
	"wsstudio/wire"
)

// testView is step 2: the connection test and the messages it received.
type testView struct {
	w    *wizard
	root fyne.CanvasObject

	target   *widget.Label
	run      *widget.Button
	stop     *widget.Button
	progress *widget.ProgressBarInfinite
	elapsed  *widget.Label
	result   *note
	tryNext  *note
	insecure *note

	header *fyne.Container
	list   *fyne.Container
	rows   []*messageRow
	empty  *widget.Label
}

func newTestView(w *wizard) *testView {
	v := &testView{w: w}
	v.target = widget.NewLabel("")
	v.target.Wrapping = fyne.TextWrapBreak
	v.target.TextStyle.Monospace = true
	v.run = widget.NewButtonWithIcon("Run test", theme.MediaPlayIcon(), w.startTest)
	v.run.Importance = widget.HighImportance
	v.stop = widget.NewButtonWithIcon("Cancel test", theme.MediaStopIcon(), w.cancelTest)
	v.progress = widget.NewProgressBarInfinite()
	v.progress.Stop()
	v.progress.Hide()
	v.elapsed = widget.NewLabel("")
	v.result = newNote()
	v.tryNext = newNote()
	v.insecure = newNote()

	v.header = container.New(&rowLayout{}, canvasSpacer(), colHead("Time"), colHead("Size"), colHead("Kind"), colHead("Preview"))
	v.list = container.NewVBox()
	v.empty = hint("No messages yet. Run the test: the studio connects, sends the sample request if there is one, and lists what the server sends for a few seconds. You can also go on and type a sample by hand.")

	top := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel("Endpoint"), nil, v.target),
		container.NewBorder(nil, nil, container.NewHBox(v.run, v.stop), v.elapsed, v.progress),
		v.insecure.box,
		v.result.box,
		v.tryNext.box,
		widget.NewSeparator(),
		heading("Received messages — pick the one to use as the sample response"),
		v.header,
	)
	v.root = container.NewBorder(top, nil, nil, nil, container.NewVScroll(container.NewVBox(v.empty, v.list)))
	return v
}

func colHead(s string) fyne.CanvasObject {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func canvasSpacer() fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize()))
	return r
}

// refresh redraws the step from the model.
func (v *testView) refresh() {
	defer v.w.relayout()
	m := v.w.m
	v.target.SetText(targetText(m))
	if m.canTest() {
		v.run.Enable()
	} else {
		v.run.Disable()
	}
	if m.testing {
		v.run.Hide()
		v.stop.Show()
		v.progress.Show()
		v.progress.Start()
	} else {
		v.stop.Hide()
		v.run.Show()
		v.progress.Stop()
		v.progress.Hide()
	}
	if m.insecure() {
		v.insecure.set("This ws:// endpoint is not encrypted, so it is not tested. Go on to enter the samples by hand.", widget.WarningImportance)
	} else {
		v.insecure.set("", widget.MediumImportance)
	}
	v.tick()
	switch {
	case m.testing:
		v.result.set("Connecting and listening…", widget.MediumImportance)
		v.tryNext.set("", widget.MediumImportance)
	case m.testErr != nil:
		v.result.set(m.testErr.Error(), widget.DangerImportance)
		v.tryNext.set(tryNext(m.testErr), widget.MediumImportance)
	case m.result != nil:
		text := fmt.Sprintf("Connected and received %s in %.1f s.", plural(len(m.messages), "message"), m.testElapsed(v.w.cfg.now()).Seconds())
		if m.result.Subprotocol != "" {
			text += " The server chose subprotocol " + m.result.Subprotocol + "."
		}
		imp := widget.SuccessImportance
		if len(m.messages) == 0 {
			text += " Send a sample request (step 3, then test again) if the server waits for one, or type a sample response by hand."
			imp = widget.WarningImportance
		}
		v.result.set(text, imp)
		v.tryNext.set("", widget.MediumImportance)
	default:
		v.result.set("", widget.MediumImportance)
		v.tryNext.set("", widget.MediumImportance)
	}
	v.fillList()
}

// tick updates the elapsed time while a test runs.
func (v *testView) tick() {
	m := v.w.m
	if !m.testing {
		v.elapsed.SetText("")
		return
	}
	v.elapsed.SetText(m.testCounter(v.w.cfg.now()))
}

func (v *testView) fillList() {
	m := v.w.m
	for len(v.rows) < len(m.messages) {
		i := len(v.rows)
		r := newMessageRow(func() {
			m.pick(i)
			v.fillList()
		})
		v.rows = append(v.rows, r)
	}
	objs := make([]fyne.CanvasObject, 0, len(m.messages))
	for i, msg := range m.messages {
		v.rows[i].set(msg, i == m.picked)
		objs = append(objs, v.rows[i])
	}
	v.list.Objects = objs
	v.list.Refresh()
	if len(m.messages) == 0 && !m.testing {
		v.empty.Show()
		v.header.Hide()
	} else {
		v.empty.Hide()
		v.header.Show()
	}
}

func targetText(m *model) string {
	o := m.testOptions()
	s := withQuery(o.URL, nil)
	for _, p := range o.PathParams {
		if p.Value != "" {
			s = strings.ReplaceAll(s, "{"+p.Name+"}", p.Value)
		}
	}
	var q []string
	for _, p := range o.Query {
		q = append(q, escapeQuery(p.Name)+"="+escapeQuery(project.MaskValue(p.Name, p.Value)))
	}
	if len(q) > 0 {
		s += "?" + strings.Join(q, "&")
	}
	var extra []string
	for _, h := range o.Headers {
		extra = append(extra, h.Name+": "+project.MaskValue(h.Name, h.Value))
	}
	if len(o.Subprotocols) > 0 {
		extra = append(extra, "subprotocols "+strings.Join(o.Subprotocols, ", "))
	}
	if o.SampleRequest != "" {
		extra = append(extra, "sends the sample request")
	}
	if len(extra) > 0 {
		s += "  (" + strings.Join(extra, "; ") + ")"
	}
	return s
}

// tryNext says where in the wizard to act on a failed test. The failure
// sentence itself (a *wire.Error) already says what failed and why.
func tryNext(err error) string {
	var we *wire.Error
	if !errors.As(err, &we) {
		if strings.Contains(strings.ToLower(err.Error()), "cancel") {
			return "Run the test again when ready, or choose Next and type a sample response by hand."
		}
		return "Try next: go Back and check the URL, the headers and the TLS options, then run the test again."
	}
	switch we.Class {
	case wire.DNS:
		return "Try next: go Back to Endpoint and correct the host name in the URL."
	case wire.Refused:
		return "Try next: go Back to Endpoint and check the port in the URL, or start the server; a Quick start feed works without one."
	case wire.TLSUnknownAuthority, wire.TLSHostname, wire.TLSExpired, wire.TLSOther:
		return "Try next: go Back to Endpoint › Protocol & TLS and choose the server's CA file (or, for a development server only, skip verification)."
	case wire.HTTPStatus:
		switch we.StatusCode {
		case 401, 403:
			return "Try next: go Back to Endpoint › Headers and add the token, for example Authorization: Bearer <token>, or the token query parameter the server expects."
		case 404:
			return "Try next: go Back to Endpoint and check the path of the URL."
		}
		return "Try next: go Back to Endpoint and check the query parameters, headers and subprotocols."
	case wire.Timeout:
		return "Try next: run the test again; if it keeps timing out, check that the URL points at a WebSocket server and not a plain HTTP or TCP port."
	case wire.ClosedByServer:
		return "Try next: if the server expects a subscribe message first, enter a sample request on the Samples step, come Back and test again."
	case wire.Canceled:
		return "Run the test again when ready, or choose Next and type a sample response by hand."
	}
	return "Try next: go Back and check the URL, the headers and the TLS options, then run the test again."
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// messageRow is one received message with a radio mark; tapping it picks
// the message as the sample response.
type messageRow struct {
	widget.BaseWidget
	onTap   func()
	radio   *widget.Icon
	time    *widget.Label
	size    *widget.Label
	kind    *widget.Label
	preview *widget.Label
	bg      *canvas.Rectangle
}

func newMessageRow(onTap func()) *messageRow {
	r := &messageRow{onTap: onTap,
		radio: widget.NewIcon(theme.RadioButtonIcon()),
		time:  widget.NewLabel(""), size: widget.NewLabel(""), kind: widget.NewLabel(""),
		preview: widget.NewLabel(""),
		bg:      canvas.NewRectangle(color.Transparent),
	}
	r.preview.Truncation = fyne.TextTruncateEllipsis
	r.preview.TextStyle.Monospace = true
	r.ExtendBaseWidget(r)
	return r
}

func (r *messageRow) set(msg importer.Message, picked bool) {
	r.time.SetText(msg.Time.Format("15:04:05.000"))
	r.size.SetText(byteSize(msg.Size))
	r.kind.SetText(kindName(msg))
	r.preview.SetText(preview(msg.Data, 200))
	if picked {
		r.radio.SetResource(theme.NewPrimaryThemedResource(theme.RadioButtonCheckedIcon()))
		r.bg.FillColor = theme.Color(theme.ColorNameSelection)
	} else {
		r.radio.SetResource(theme.RadioButtonIcon())
		r.bg.FillColor = color.Transparent
	}
	r.bg.Refresh()
}

// Tapped picks the message.
func (r *messageRow) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// CreateRenderer lays the row out in the message table's columns.
func (r *messageRow) CreateRenderer() fyne.WidgetRenderer {
	row := container.New(&rowLayout{}, container.NewCenter(r.radio), r.time, r.size, r.kind, r.preview)
	return widget.NewSimpleRenderer(container.NewStack(r.bg, row))
}

// rowLayout places the message table's columns: icon, time, size, kind,
// then the preview taking the rest.
type rowLayout struct{}

var colWidths = []float32{0, 120, 80, 70}

func (l *rowLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	x := theme.Padding()
	for i, o := range objs {
		w := colWidths[min(i, len(colWidths)-1)]
		if i == 0 {
			w = theme.IconInlineSize() + theme.Padding()
		}
		if i == len(objs)-1 {
			w = s.Width - x
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, s.Height))
		x += w
	}
}

func (l *rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(theme.IconInlineSize()+270+100, h)
}

func kindName(msg importer.Message) string {
	s := fmt.Sprint(msg.Kind)
	if s == "" || strings.HasPrefix(s, "%!") {
		return "text"
	}
	return s
}

func byteSize(n int) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// preview is the first n characters of a message on one line; binary
// data is shown as hex.
func preview(b []byte, n int) string {
	if !utf8.Valid(b) {
		if len(b) > n/3 {
			b = b[:n/3]
		}
		return fmt.Sprintf("% x…", b)
	}
	s := strings.Join(strings.Fields(string(b)), " ")
	if utf8.RuneCountInString(s) > n {
		r := []rune(s)
		s = string(r[:n]) + "…"
	}
	return s
}
