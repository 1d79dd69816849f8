package wizard

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"wsstudio/importer"
	"wsstudio/importer/asyncapi"
	"wsstudio/project"
)

// source is where a new service comes from.
type source int

const (
	sourceURL      source = iota // a WebSocket URL, typed or from the quick start list
	sourceDocument               // the WebSocket channels of an AsyncAPI document
)

// docState is the AsyncAPI source: the document read, the server and the
// channels chosen, and one draft per channel on its way to a service.
type docState struct {
	path     string             // as typed or picked
	doc      *asyncapi.Document // nil until a document was read
	err      error              // why the document cannot be imported, in one sentence
	server   string             // the chosen server; "" = each channel's first WebSocket server
	services []asyncapi.Service // the channels that can be imported, as read
	warnings []string           // what the document holds that is not imported
	checked  map[string]bool    // channel name → import it

	// onList: the Endpoint step shows the channel list. Next leaves it
	// for the channels' endpoints, which the steps edit one at a time.
	onList bool
	drafts []*draft
	cur    int // the draft the steps show
	// urlFields keeps what was typed for a URL while the document is
	// the source, for when the user switches back.
	urlFields serviceFields
}

// draft is one checked channel: the service the document gives and what
// the steps edited of it while another channel was shown.
type draft struct {
	from   asyncapi.Service
	fields serviceFields
}

// setSource switches between a URL and a document. A changed source
// clears the test: its result belongs to an endpoint that is no longer
// the one shown.
func (m *model) setSource(s source) {
	if s == m.source || m.existing != nil || m.testing {
		return
	}
	m.clearTest()
	if s == sourceDocument {
		m.docs.urlFields = m.serviceFields
		m.docs.onList = true
		m.serviceFields = serviceFields{picked: -1}
		if len(m.docs.drafts) > 0 {
			m.serviceFields = m.docs.drafts[m.docs.cur].fields
		}
	} else {
		m.storeDraft()
		m.serviceFields = m.docs.urlFields
	}
	m.source = s
}

// clearTest forgets the test shown, and the tests of every draft.
func (m *model) clearTest() {
	clear := func(f *serviceFields) {
		f.testedFor, f.testErr, f.result, f.messages, f.picked = "", nil, nil, nil, -1
		f.testStarted, f.testEnded = time.Time{}, time.Time{}
	}
	clear(&m.serviceFields)
	for _, d := range m.docs.drafts {
		clear(&d.fields)
	}
}

// readDocument reads the AsyncAPI document at path and lists its
// channels, every one checked. A document that cannot be imported leaves
// the list empty and docs.err saying why, in the same sentence as the
// command line's.
func (m *model) readDocument(path string) {
	d := &m.docs
	d.path = strings.TrimSpace(path)
	d.doc, d.err, d.server, d.services, d.warnings = nil, nil, "", nil, nil
	d.checked = map[string]bool{}
	m.dropDrafts()
	if d.path == "" {
		return
	}
	doc, err := asyncapi.Read(d.path)
	if err != nil {
		d.err = err
		return
	}
	d.doc = doc
	m.listChannels()
}

// setServer chooses the server every channel connects to ("" = each
// channel's first WebSocket server) and lists the channels again.
func (m *model) setServer(name string) {
	if m.docs.doc == nil || name == m.docs.server {
		return
	}
	m.docs.server = name
	m.dropDrafts()
	m.listChannels()
}

// listChannels turns the document's channels into services for the
// chosen server; channels checked before stay checked, new ones are.
func (m *model) listChannels() {
	d := &m.docs
	svcs, warnings, err := d.doc.Services(asyncapi.Options{Server: d.server})
	d.services, d.warnings, d.err = svcs, warnings, err
	seen := map[string]bool{}
	for _, s := range svcs {
		if _, ok := d.checked[s.Channel]; !ok {
			d.checked[s.Channel] = true
		}
		seen[s.Channel] = true
	}
	for c := range d.checked {
		if !seen[c] {
			delete(d.checked, c)
		}
	}
}

// servers are the document's WebSocket servers that have an address.
func (m *model) servers() []asyncapi.Server {
	if m.docs.doc == nil {
		return nil
	}
	var out []asyncapi.Server
	for _, s := range m.docs.doc.Servers {
		if s.WebSocket() && s.URL != "" {
			out = append(out, s)
		}
	}
	return out
}

// setChecked checks or unchecks a channel.
func (m *model) setChecked(channel string, on bool) {
	if m.docs.checked != nil {
		m.docs.checked[channel] = on
	}
}

// listErr is why the channel list cannot be left, or nil.
func (m *model) listErr() error {
	d := &m.docs
	switch {
	case d.err != nil:
		return d.err
	case d.path == "":
		return errors.New("choose an AsyncAPI document with Browse…, or type its path and choose Read")
	case d.doc == nil:
		return fmt.Errorf("%s has not been read yet: choose Read", d.path)
	}
	for _, s := range d.services {
		if d.checked[s.Channel] {
			return nil
		}
	}
	return errors.New("check at least one channel to import")
}

// leaveList makes one draft per checked channel, in the document's
// order, and shows the first. A channel met before keeps what was edited
// for it; its server must be the same.
func (m *model) leaveList() error {
	if err := m.listErr(); err != nil {
		return err
	}
	d := &m.docs
	m.storeDraft()
	old := map[string]*draft{}
	for _, dr := range d.drafts {
		old[dr.from.Channel+"\x00"+dr.from.Server] = dr
	}
	d.drafts = nil
	for _, s := range d.services {
		if !d.checked[s.Channel] {
			continue
		}
		if dr := old[s.Channel+"\x00"+s.Server]; dr != nil {
			d.drafts = append(d.drafts, dr)
			continue
		}
		d.drafts = append(d.drafts, m.newDraft(s))
	}
	d.cur = 0
	m.serviceFields = d.drafts[0].fields
	d.onList = false
	return nil
}

// newDraft fills the steps' fields from a channel's service: the URL and
// its parameters, headers, subprotocols and the samples from the examples.
func (m *model) newDraft(s asyncapi.Service) *draft {
	saved := m.serviceFields
	m.serviceFields = serviceFields{picked: -1}
	m.nameEdited = true
	m.setURL(s.Endpoint)
	m.setQuery(s.QueryParams)
	m.pathParams = mergeParams(m.pathParams, s.PathParams)
	m.headers = cloneParams(s.Headers)
	m.subproto = strings.Join(s.Subprotocols, ", ")
	m.tls = s.TLS
	m.name = m.uniqueName(s.ID)
	m.sampleRequest, m.sampleResponse = s.SampleRequest, s.SampleResponse
	dr := &draft{from: s, fields: m.serviceFields}
	m.serviceFields = saved
	return dr
}

// storeDraft keeps what the steps show in the current draft.
func (m *model) storeDraft() {
	if m.source == sourceDocument && !m.docs.onList && m.docs.cur < len(m.docs.drafts) {
		m.docs.drafts[m.docs.cur].fields = m.serviceFields
	}
}

// showDraft makes the steps show channel i.
func (m *model) showDraft(i int) {
	d := &m.docs
	if m.testing || i < 0 || i >= len(d.drafts) || i == d.cur {
		return
	}
	m.storeDraft()
	d.cur = i
	m.serviceFields = d.drafts[i].fields
}

// dropDrafts forgets the drafts (another document or server).
func (m *model) dropDrafts() {
	m.docs.drafts, m.docs.cur = nil, 0
	if m.source == sourceDocument {
		m.serviceFields = serviceFields{picked: -1}
	}
}

// draft is the channel the steps show, or nil.
func (m *model) draft() *draft {
	d := &m.docs
	if m.source != sourceDocument || d.onList || d.cur >= len(d.drafts) {
		return nil
	}
	return d.drafts[d.cur]
}

// definitions is the metadata the service will have for root: the
// document's payload schema while the sample is the document's, else
// what is inferred from the sample.
func (m *model) definitions(root string) (defs project.Definitions, fromSchema bool, err error) {
	sample := m.sampleResponse
	if root == "RootRequest" {
		sample = m.sampleRequest
	}
	if dr := m.draft(); dr != nil {
		docDefs, docSample := dr.from.Response, dr.from.SampleResponse
		if root == "RootRequest" {
			docDefs, docSample = dr.from.Request, dr.from.SampleRequest
		}
		if len(docDefs) > 0 && strings.TrimSpace(sample) == strings.TrimSpace(docSample) {
			return docDefs, true, nil
		}
	}
	if strings.TrimSpace(sample) == "" {
		return nil, false, nil
	}
	defs, err = importer.Infer([]byte(sample), root)
	return defs, false, err
}

// channelLabel names draft i for the channel selector.
func (m *model) channelLabel(i int) string {
	dr := m.docs.drafts[i]
	name := dr.fields.name
	if i == m.docs.cur {
		name = m.name
	}
	return fmt.Sprintf("%d of %d: channel %s, service %s", i+1, len(m.docs.drafts), dr.from.Channel, name)
}

// docName is the document's file name, for labels.
func (m *model) docName() string { return filepath.Base(m.docs.path) }

// finishDocument builds a service from each draft and puts them all into
// the project model as one edit. The first draft that cannot be built is
// shown, with its error.
func (m *model) finishDocument() ([]*project.Service, *edit, error) {
	if m.p == nil {
		return nil, nil, errors.New("no project is open")
	}
	m.storeDraft()
	d := &m.docs
	cur := d.cur
	var plans []importer.Plan
	var svcs []*project.Service
	ids := map[string]string{}
	for i, dr := range d.drafts {
		d.cur = i
		m.serviceFields = dr.fields
		svc, err := m.buildDraft(dr)
		if err == nil && ids[svc.ID] != "" {
			err = fmt.Errorf("channels %s and %s would both become service %s: rename one", ids[svc.ID], dr.from.Channel, svc.ID)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("channel %s: %w", dr.from.Channel, err)
		}
		ids[svc.ID] = dr.from.Channel
		plans = append(plans, importer.Plan{Service: svc})
		svcs = append(svcs, svc)
	}
	d.cur = cur
	m.serviceFields = d.drafts[cur].fields
	before := m.p.Snapshot()
	if _, err := importer.Add(m.p, plans...); err != nil {
		return nil, nil, err
	}
	label := "Import service " + svcs[0].ID
	if len(svcs) > 1 {
		label = fmt.Sprintf("Import %d services from %s", len(svcs), m.docName())
	}
	return svcs, &edit{Label: label, Before: before, After: m.p.Snapshot()}, nil
}

// buildDraft builds the service of the draft the fields hold: what the
// steps edited, with the document's metadata where its samples were kept.
func (m *model) buildDraft(dr *draft) (*project.Service, error) {
	if err := m.endpointErr(); err != nil {
		return nil, err
	}
	svc, err := importer.Build(m.spec(), nil)
	if err != nil {
		return nil, fmt.Errorf("build service %s: %w", m.name, err)
	}
	if defs, fromSchema, _ := m.definitions("RootResponse"); fromSchema {
		svc.Response = defs
	}
	if defs, fromSchema, _ := m.definitions("RootRequest"); fromSchema {
		svc.Request = defs
	}
	if dr.from.Title != "" && dr.from.Title != dr.from.ID {
		svc.Title = dr.from.Title
	}
	return svc, nil
}

// enums are the values the document offers for a parameter of the
// channel shown.
func (m *model) enums(name string) []string {
	if dr := m.draft(); dr != nil {
		return dr.from.Enums[name]
	}
	return nil
}
