package wizard

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
)

// Labels of the source choice on the first step.
const (
	sourceURLLabel = "A WebSocket URL"
	sourceDocLabel = "An AsyncAPI document"
)

// docView is the first step's page for an AsyncAPI document: the file,
// what was read from it, the server and the channels to import.
type docView struct {
	w    *wizard
	root fyne.CanvasObject

	path     *keyEntry
	browse   *widget.Button
	read     *widget.Button
	docNote  *note
	server   *widget.Select
	srvRow   *fyne.Container // the Server row, shown when there is a choice
	channels *fyne.Container
	checks   map[string]*widget.Check
	warnNote *note

	syncing bool
}

func newDocView(w *wizard) *docView {
	v := &docView{w: w, checks: map[string]*widget.Check{}}
	v.path = newKeyEntry(w, false)
	v.path.SetPlaceHolder("/path/to/asyncapi.yaml")
	v.path.OnSubmitted = func(string) { v.readDoc() }
	v.browse = widget.NewButtonWithIcon("Browse…", theme.FolderOpenIcon(), v.pick)
	v.read = widget.NewButtonWithIcon("Read", theme.DocumentIcon(), v.readDoc)
	v.docNote = newNote()
	v.server = widget.NewSelect(nil, func(label string) {
		if v.syncing {
			return
		}
		for _, s := range w.m.servers() {
			if serverLabel(s.Name, s.URL) == label {
				w.m.setServer(s.Name)
			}
		}
		v.refresh()
	})
	v.srvRow = container.New(layout.NewFormLayout(), widget.NewLabel("Server"),
		container.NewVBox(v.server, hint("The server the channels connect to.")))
	v.channels = container.NewVBox()
	v.warnNote = newNote()

	form := container.New(layout.NewFormLayout(),
		widget.NewLabel("Document"), container.NewVBox(
			container.NewBorder(nil, nil, nil, container.NewHBox(v.browse, v.read), v.path),
			v.docNote.box,
			hint("AsyncAPI 2.0–2.6 or 3.0–3.1, YAML or JSON. Each WebSocket channel becomes a service: its URL, parameters, headers, sample messages and metadata come from the document.")),
	)
	v.root = container.NewBorder(container.NewVBox(form, v.srvRow), v.warnNote.box, nil, nil,
		container.NewBorder(heading("Channels to import"), nil, nil, nil, container.NewVScroll(v.channels)))
	v.refresh()
	return v
}

func serverLabel(name, url string) string { return name + " — " + url }

// readDoc reads the document named in the path entry.
func (v *docView) readDoc() {
	v.w.m.readDocument(v.path.Text)
	v.refresh()
	v.w.refresh()
}

// pick chooses the document with Fyne's file dialog and reads it.
func (v *docView) pick() {
	openFile(v.w, "document", []string{".yaml", ".yml", ".json"}, func(path string) {
		v.path.SetText(path)
		v.readDoc()
	})
}

// refresh shows what was read: the document's line, the server choice
// (only when there is one to make), the channels and the one warning.
func (v *docView) refresh() {
	m := v.w.m
	d := &m.docs
	switch {
	case d.err != nil:
		v.docNote.set(d.err.Error(), widget.DangerImportance)
	case d.doc == nil && d.path == "":
		v.docNote.set("", widget.MediumImportance)
	case d.doc == nil:
		v.docNote.set("Choose Read to list the channels of "+d.path+".", widget.LowImportance)
	default:
		title := d.doc.Title
		if title != "" {
			title = " · " + title
		}
		v.docNote.set(fmt.Sprintf("%s: AsyncAPI %s%s · %s that can be imported", m.docName(), d.doc.Version, title, plural(len(d.services), "WebSocket channel")), widget.SuccessImportance)
	}

	servers := m.servers()
	if len(servers) > 1 {
		opts := []string{"Each channel's first WebSocket server"}
		selected := opts[0]
		for _, s := range servers {
			l := serverLabel(s.Name, s.URL)
			opts = append(opts, l)
			if s.Name == d.server {
				selected = l
			}
		}
		v.syncing = true
		v.server.Options = opts
		v.server.SetSelected(selected)
		v.syncing = false
		v.srvRow.Show()
	} else {
		v.srvRow.Hide()
	}

	var rows []fyne.CanvasObject
	v.checks = map[string]*widget.Check{}
	for _, s := range d.services {
		channel := s.Channel
		text := "channel " + channel
		if s.Title != "" && s.Title != s.ID {
			text += " (" + s.Title + ")"
		}
		c := widget.NewCheck(text, func(on bool) {
			if v.syncing {
				return
			}
			m.setChecked(channel, on)
			v.w.refresh()
		})
		v.syncing = true
		c.SetChecked(d.checked[channel])
		v.syncing = false
		v.checks[channel] = c
		detail := fmt.Sprintf("becomes service %s · %s · server %s", s.ID, project.MaskURL(s.Endpoint), s.Server)
		if s.Request != nil {
			detail += " · sends and receives"
		}
		rows = append(rows, container.NewVBox(c, hintIndented(detail)))
	}
	if len(rows) == 0 && d.doc == nil {
		rows = append(rows, hint("No document read yet."))
	}
	v.channels.Objects = rows
	v.channels.Refresh()

	if len(d.warnings) > 0 {
		v.warnNote.set(strings.Join(d.warnings, " "), widget.WarningImportance)
	} else {
		v.warnNote.set("", widget.MediumImportance)
	}
	v.w.relayout()
}

// hintIndented is a hint under a check box, lined up with its text.
func hintIndented(text string) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedLayout(0, 0, theme.IconInlineSize()+theme.InnerPadding()*2, 0), hint(text))
}
