package wizard

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// samplesView is step 3: the sample request and response, and the
// metadata inferred from them.
type samplesView struct {
	w    *wizard
	root fyne.CanvasObject

	request      *keyEntry
	requestNote  *note
	response     *keyEntry
	responseNote *note
	prettyReq    *widget.Button
	prettyResp   *widget.Button

	tree     *fyne.Container
	treeHint *widget.Label
	loading  bool
}

func newSamplesView(w *wizard) *samplesView {
	v := &samplesView{w: w}
	m := w.m
	v.request = newKeyEntry(w, true)
	v.request.TextStyle.Monospace = true
	v.request.Wrapping = fyne.TextWrapBreak
	v.request.SetPlaceHolder(`{"subscribe": "ACME"}`)
	v.request.OnChanged = func(s string) {
		if v.loading {
			return
		}
		m.sampleRequest = s
		v.refresh()
	}
	v.response = newKeyEntry(w, true)
	v.response.TextStyle.Monospace = true
	v.response.Wrapping = fyne.TextWrapBreak
	v.response.SetPlaceHolder(`{"symbol": "ACME", "price": 12.5, "time": 1764000000000}`)
	v.response.OnChanged = func(s string) {
		if v.loading {
			return
		}
		m.sampleResponse = s
		v.refresh()
	}
	v.requestNote = newNote()
	v.responseNote = newNote()
	v.prettyReq = widget.NewButtonWithIcon("Pretty-print", theme.ViewRefreshIcon(), func() { v.pretty(v.request, v.requestNote) })
	v.prettyResp = widget.NewButtonWithIcon("Pretty-print", theme.ViewRefreshIcon(), func() { v.pretty(v.response, v.responseNote) })
	v.prettyReq.Importance = widget.LowImportance
	v.prettyResp.Importance = widget.LowImportance

	editor := func(title, help string, e *keyEntry, n *note, b *widget.Button) fyne.CanvasObject {
		top := container.NewBorder(nil, nil, heading(title), b)
		return container.NewBorder(container.NewVBox(top, hint(help)), n.box, nil, nil, e)
	}
	left := container.NewGridWithRows(2,
		editor("Sample request", "Sent after connecting (optional). Becomes RootRequest and the variable's RequestBody.", v.request, v.requestNote, v.prettyReq),
		editor("Sample response", "A message as the server sends it. Becomes RootResponse: the fields widgets bind to.", v.response, v.responseNote, v.prettyResp),
	)
	v.tree = container.NewVBox()
	v.treeHint = hint("")
	right := container.NewBorder(
		container.NewVBox(heading("Metadata"), v.treeHint),
		nil, nil, nil,
		container.NewVScroll(v.tree))
	split := container.NewHSplit(left, right)
	split.Offset = 0.56
	v.root = split
	return v
}

// load puts the model's samples into the editors (entering the step).
func (v *samplesView) load() {
	m := v.w.m
	v.loading = true
	if v.request.Text != m.sampleRequest {
		v.request.SetText(m.sampleRequest)
	}
	if v.response.Text != m.sampleResponse {
		v.response.SetText(m.sampleResponse)
	}
	v.loading = false
	v.refresh()
}

func (v *samplesView) pretty(e *keyEntry, n *note) {
	s, err := pretty(e.Text)
	if err != nil {
		n.set(err.Error(), widget.DangerImportance)
		return
	}
	e.SetText(s)
}

// refresh checks both samples and redraws the metadata tree.
func (v *samplesView) refresh() {
	defer v.w.relayout()
	m := v.w.m
	for _, s := range []struct {
		text string
		n    *note
	}{{m.sampleRequest, v.requestNote}, {m.sampleResponse, v.responseNote}} {
		msg, ok := jsonStatus(s.text)
		imp := widget.SuccessImportance
		switch {
		case strings.TrimSpace(s.text) == "":
			imp = widget.LowImportance
		case !ok:
			imp = widget.WarningImportance
		}
		s.n.set(msg, imp)
	}
	v.treeHint.SetText("Inferred from the samples as you type. Nested objects get their own definition; arrays of objects are lists.")
	if dr := m.draft(); dr != nil {
		v.treeHint.SetText(fmt.Sprintf("From the payload schemas of channel %s in %s while the samples are the document's; edit a sample to infer its metadata from it instead.", dr.from.Channel, m.docName()))
	}
	var objs []fyne.CanvasObject
	objs = append(objs, v.section("RootResponse", m.sampleResponse)...)
	if strings.TrimSpace(m.sampleRequest) != "" {
		objs = append(objs, widget.NewSeparator())
		objs = append(objs, v.section("RootRequest", m.sampleRequest)...)
	}
	v.tree.Objects = objs
	v.tree.Refresh()
}

// maxTreeRows bounds the preview tree; a huge sample stays responsive.
const maxTreeRows = 400

// section is the tree of one definition: a title row, then one row per
// field indented by depth with its type and format.
func (v *samplesView) section(root, sample string) []fyne.CanvasObject {
	id := v.w.m.name
	out := []fyne.CanvasObject{container.NewBorder(nil, nil,
		widget.NewIcon(theme.FolderOpenIcon()),
		nil,
		widget.NewLabelWithStyle(id+"."+root, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))}
	defs, fromSchema, err := v.w.m.definitions(root)
	fs := defs.Fields()
	switch {
	case err != nil:
		l := hint(err.Error())
		l.Importance = widget.DangerImportance
		return append(out, l)
	case fromSchema && len(fs) == 0:
		return append(out, hint("The schema says nothing about the fields: a definition with no properties."))
	case fromSchema:
	case strings.TrimSpace(sample) == "":
		return append(out, hint("No sample: an empty definition."))
	case len(fs) == 0:
		return append(out, hint("Not JSON: a definition with no properties (the message is kept as text)."))
	}
	out = append(out, fieldRow("Field", "Type", "Format", 0, true))
	shown := fs
	if len(shown) > maxTreeRows {
		shown = shown[:maxTreeRows]
	}
	for _, f := range shown {
		out = append(out, fieldRow(leafName(f.Path), f.Type, f.Format, depth(f.Path), false))
	}
	if len(fs) > len(shown) {
		out = append(out, hint(fmt.Sprintf("… and %d more fields (all are saved; the Review step lists the files).", len(fs)-len(shown))))
	}
	return out
}

func fieldRow(name, typ, format string, depth int, bold bool) fyne.CanvasObject {
	style := fyne.TextStyle{Bold: bold}
	n := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, style)
	n.Truncation = fyne.TextTruncateEllipsis
	t := widget.NewLabelWithStyle(typ, fyne.TextAlignLeading, style)
	f := widget.NewLabelWithStyle(format, fyne.TextAlignLeading, style)
	if !bold {
		t.TextStyle.Monospace = true
		f.TextStyle.Monospace = true
	}
	return container.New(&fieldLayout{depth: depth}, n, t, f)
}

// fieldLayout indents the name column by depth and gives type and format
// fixed columns on the right.
type fieldLayout struct{ depth int }

func (l *fieldLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	const typeW, formatW = 84, 84
	indent := float32(l.depth) * 18
	nameW := s.Width - typeW - formatW - indent
	objs[0].Move(fyne.NewPos(indent, 0))
	objs[0].Resize(fyne.NewSize(nameW, s.Height))
	objs[1].Move(fyne.NewPos(s.Width-typeW-formatW, 0))
	objs[1].Resize(fyne.NewSize(typeW, s.Height))
	objs[2].Move(fyne.NewPos(s.Width-formatW, 0))
	objs[2].Resize(fyne.NewSize(formatW, s.Height))
}

func (l *fieldLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(220, h)
}

// leafName is the last segment of a field path ("readings[].cm" → "cm").
func leafName(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// depth is how deep a field path is nested.
func depth(path string) int { return strings.Count(path, ".") }
