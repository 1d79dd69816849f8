package wizard

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/demo"
	"wsstudio/project"
)

// endpointView is step 1: URL, name, parameters, headers, protocol and TLS;
// for a new service also the choice of a URL or an AsyncAPI document, whose
// channel list (docView) comes before their endpoints.
type endpointView struct {
	w    *wizard
	root fyne.CanvasObject

	source  *widget.RadioGroup
	doc     *docView
	top     *fyne.Container
	urlPart fyne.CanvasObject
	quick1  fyne.CanvasObject // the Quick start row, for a URL only
	quick2  fyne.CanvasObject

	feeds     []demo.Feed
	quick     *widget.Select
	quickNote *note

	url      *keyEntry
	urlNote  *note
	insecure *fyne.Container
	warnNote *note
	proceed  *widget.Button

	name     *keyEntry
	nameNote *note

	tabs     *container.AppTabs
	query    *paramTable
	path     *paramTable
	headers  *paramTable
	subproto *keyEntry
	caFile   *keyEntry
	browse   *widget.Button
	caNote   *note
	skip     *widget.Check
	skipNote *note

	syncing bool // the model is writing into the entries: ignore their OnChanged
}

func newEndpointView(w *wizard) *endpointView {
	v := &endpointView{w: w, feeds: demo.Feeds()}
	m := w.m

	names := make([]string, len(v.feeds))
	for i, f := range v.feeds {
		names[i] = f.Name
	}
	v.quick = widget.NewSelect(names, v.pickFeed)
	v.quick.PlaceHolder = "Choose a built-in demo feed…"
	v.quickNote = newNote()

	v.url = newKeyEntry(w, false)
	v.url.SetPlaceHolder("wss://quotes.example.com/feeds/ticker?symbols=ACME")
	v.url.OnChanged = v.urlChanged
	v.urlNote = newNote()
	v.warnNote = newNote()
	v.proceed = widget.NewButtonWithIcon("Proceed without Test", theme.MediaSkipNextIcon(), w.proceedWithoutTest)
	v.proceed.Importance = widget.WarningImportance
	v.insecure = container.NewVBox(v.warnNote.box, container.NewHBox(v.proceed, layout.NewSpacer()))
	v.insecure.Hide()

	v.name = newKeyEntry(w, false)
	v.name.SetPlaceHolder("ticker")
	v.name.OnChanged = func(s string) {
		if v.syncing {
			return
		}
		m.setName(s)
		v.refresh()
	}
	v.nameNote = newNote()

	v.query = newParamTable(w, "Add query parameter", "name", "value",
		"No query parameters. Add one here or type it into the URL after a ?.", false,
		func(ps []project.Param) {
			m.setQuery(ps)
			v.syncing = true
			v.url.SetText(m.url)
			v.syncing = false
			v.path.set(m.pathParams)
			v.refresh()
		})
	v.path = newParamTable(w, "", "", "sample value",
		"No path parameters. Write a segment as {name} in the URL path (wss://host/rooms/{room}) to make one.", true,
		func(ps []project.Param) {
			m.pathParams = ps
			v.refresh()
		})
	v.headers = newParamTable(w, "Add header", "Authorization", "Bearer …",
		"No headers. Add one for a token or an API key the server expects in the opening handshake.", false,
		func(ps []project.Param) {
			m.headers = ps
			v.refresh()
		})

	v.subproto = newKeyEntry(w, false)
	v.subproto.SetPlaceHolder("graphql-transport-ws, v2.stomp")
	v.subproto.OnChanged = func(s string) {
		if !v.syncing {
			m.subproto = s
			v.refresh()
		}
	}
	v.caFile = newKeyEntry(w, false)
	v.caFile.SetPlaceHolder("/path/to/ca.pem")
	v.caFile.OnChanged = func(s string) {
		if !v.syncing {
			m.tls.CAFile = strings.TrimSpace(s)
			v.refresh()
		}
	}
	v.caNote = newNote()
	v.browse = widget.NewButtonWithIcon("Browse…", theme.FolderOpenIcon(), v.browseCA)
	v.skip = widget.NewCheck("Skip certificate verification", func(b bool) {
		if v.syncing {
			return
		}
		m.tls.InsecureSkipVerify = b
		v.refresh()
	})
	v.skipNote = newNote()

	tlsForm := container.New(layout.NewFormLayout(),
		widget.NewLabel("Subprotocols"), container.NewVBox(v.subproto,
			hint("Offered in the Sec-WebSocket-Protocol header, in this order; separate them with commas.")),
		widget.NewLabel("Trust CA file"), container.NewVBox(container.NewBorder(nil, nil, nil, v.browse, v.caFile), v.caNote.box,
			hint("A PEM certificate authority to trust besides the system ones, for servers with a private or self-signed certificate.")),
		widget.NewLabel("Verification"), container.NewVBox(v.skip, v.skipNote.box),
	)
	v.tabs = container.NewAppTabs(
		container.NewTabItem("Query parameters", container.NewVScroll(v.query.box)),
		container.NewTabItem("Path parameters", container.NewVScroll(v.path.box)),
		container.NewTabItem("Headers", container.NewVScroll(v.headers.box)),
		container.NewTabItem("Protocol & TLS", container.NewVScroll(tlsForm)),
	)

	v.quick1, v.quick2 = widget.NewLabel("Quick start"), container.NewVBox(v.quick, v.quickNote.box)
	v.top = container.New(layout.NewFormLayout())
	v.urlPart = container.NewBorder(v.top, nil, nil, nil, v.tabs)
	v.path.enums, v.query.enums = m.enums, m.enums
	if w.o.Existing != nil {
		v.root = v.urlPart
	} else {
		v.source = widget.NewRadioGroup([]string{sourceURLLabel, sourceDocLabel}, func(s string) {
			if v.syncing {
				return
			}
			w.setSource(s == sourceDocLabel)
		})
		v.source.Horizontal = true
		v.source.Required = true
		v.syncing = true
		v.source.SetSelected(sourceURLLabel)
		v.syncing = false
		v.doc = newDocView(w)
		v.root = container.NewBorder(
			container.New(layout.NewFormLayout(), widget.NewLabel("Import from"), v.source),
			nil, nil, nil,
			container.NewStack(v.urlPart, v.doc.root))
	}
	v.setMode()
	v.refresh()
	return v
}

// setMode shows the channel list of a document, or the endpoint form
// (with the quick start list for a URL).
func (v *endpointView) setMode() {
	m := v.w.m
	rows := []fyne.CanvasObject{
		widget.NewLabel("URL"), container.NewVBox(v.url, v.urlNote.box, v.insecure),
		widget.NewLabel("Service name"), container.NewVBox(v.name, v.nameNote.box),
	}
	if v.w.o.Existing == nil && m.source == sourceURL {
		rows = append([]fyne.CanvasObject{v.quick1, v.quick2}, rows...)
	}
	v.top.Objects = rows
	v.top.Refresh()
	if v.doc == nil {
		return
	}
	v.syncing = true
	if m.source == sourceDocument {
		v.source.SetSelected(sourceDocLabel)
	} else {
		v.source.SetSelected(sourceURLLabel)
	}
	v.syncing = false
	if m.source == sourceDocument && m.docs.onList {
		v.urlPart.Hide()
		v.doc.root.Show()
		v.doc.refresh()
	} else {
		v.doc.root.Hide()
		v.urlPart.Show()
	}
}

// load fills the entries from the model (editing a service).
func (v *endpointView) load() {
	m := v.w.m
	v.syncing = true
	v.url.SetText(m.url)
	v.name.SetText(m.name)
	v.subproto.SetText(m.subproto)
	v.caFile.SetText(m.tls.CAFile)
	v.skip.SetChecked(m.tls.InsecureSkipVerify)
	v.syncing = false
	v.query.set(m.query)
	v.path.set(m.pathParams)
	v.headers.set(m.headers)
	v.refresh()
}

func (v *endpointView) urlChanged(s string) {
	if v.syncing {
		return
	}
	m := v.w.m
	m.setURL(s)
	if m.ep != nil {
		v.query.set(m.query)
		v.path.set(m.pathParams)
		v.syncing = true
		v.name.SetText(m.name)
		v.syncing = false
	}
	v.refresh()
}

// pickFeed fills the URL from a built-in demo feed, starting the demo
// server if none is running.
func (v *endpointView) pickFeed(name string) {
	var feed *demo.Feed
	for i := range v.feeds {
		if v.feeds[i].Name == name {
			feed = &v.feeds[i]
		}
	}
	if feed == nil {
		return
	}
	srv, err := v.w.demoServer()
	if err != nil {
		v.quickNote.set(fmt.Sprintf("The built-in demo server could not start: %v", err), widget.DangerImportance)
		return
	}
	v.quickNote.set(feed.Description, widget.MediumImportance)
	m := v.w.m
	if !m.nameEdited {
		m.name = m.uniqueName(feed.Name)
		m.nameEdited = true
	}
	pq := feed.Path
	if feed.Query != "" {
		pq += "?" + feed.Query
	}
	v.url.SetText(srv.URL(pq)) // runs urlChanged: the samples follow the new service
	m.sampleRequest = feed.SampleRequest
	v.syncing = true
	v.name.SetText(m.name)
	v.syncing = false
	v.refresh()
}

func (v *endpointView) browseCA() {
	openFile(v.w, "CA file", []string{".pem", ".crt", ".cer"}, v.caFile.SetText)
}

// openFile lets the user choose a file with Fyne's dialog and hands its
// path to use; what names the file in an error.
func openFile(w *wizard, what string, exts []string, use func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.status.set(fmt.Sprintf("The %s could not be opened: %v", what, err), widget.DangerImportance)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		use(path)
	}, w.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Resize(fitIn(fyne.NewSize(760, 520), w.win.Canvas().Size()))
	d.Show()
}

// refresh shows the checks of what is typed.
func (v *endpointView) refresh() {
	m := v.w.m
	switch {
	case strings.TrimSpace(m.url) == "":
		v.urlNote.set("Enter a ws:// or wss:// URL. Write path parameters as {name} segments.", widget.LowImportance)
	case m.urlErr != nil:
		v.urlNote.set(m.urlErr.Error(), widget.DangerImportance)
	case m.insecure():
		v.urlNote.set(describe(m), widget.MediumImportance)
	case m.ep != nil:
		v.urlNote.set(describe(m), widget.SuccessImportance)
	}
	if m.insecure() {
		text := "This ws:// endpoint is not encrypted: browsers block it from https pages, and the studio will not test it. " +
			"Use wss:// if the server offers it, or proceed without a test and enter sample messages by hand."
		if m.ep.Warning != "" {
			text = m.ep.Warning
		}
		v.warnNote.set(text, widget.WarningImportance)
		v.insecure.Show()
	} else {
		v.insecure.Hide()
	}
	if err := m.nameErr(); err != nil && (m.name != "" || m.ep != nil) {
		v.nameNote.set(err.Error(), widget.DangerImportance)
	} else if m.existing != nil && m.name != m.existing.ID {
		v.nameNote.set(fmt.Sprintf("The service will be renamed from %s; variables bound to it follow.", m.existing.ID), widget.WarningImportance)
	} else {
		v.nameNote.set("", widget.MediumImportance)
	}
	if err := m.caErr(); err != nil {
		v.caNote.set(err.Error(), widget.DangerImportance)
	} else {
		v.caNote.set("", widget.MediumImportance)
	}
	if m.tls.InsecureSkipVerify {
		v.skipNote.set("Certificates are not checked: anyone on the network path can read and change this connection. Use only for development servers.", widget.WarningImportance)
	} else {
		v.skipNote.set("", widget.MediumImportance)
	}
	v.tabs.Items[0].Text = countTitle("Query parameters", len(nonEmpty(m.query)))
	v.tabs.Items[1].Text = countTitle("Path parameters", len(m.pathParams))
	v.tabs.Items[2].Text = countTitle("Headers", len(nonEmpty(m.headers)))
	v.tabs.Refresh()
	v.w.refresh()
}

func countTitle(s string, n int) string {
	if n == 0 {
		return s
	}
	return fmt.Sprintf("%s (%d)", s, n)
}

// describe summarises a checked endpoint in one line.
func describe(m *model) string {
	ep := m.ep
	parts := []string{"Host " + ep.Host}
	if ep.BasePath != "" {
		parts = append(parts, "base path "+ep.BasePath)
	}
	parts = append(parts, "path "+ep.RelativePath)
	s := strings.Join(parts, " · ")
	if ep.Scheme == "wss" {
		return "Secure endpoint. " + s
	}
	if ep.Loopback {
		return "Loopback endpoint (ws:// is allowed on this machine). " + s
	}
	return s
}
