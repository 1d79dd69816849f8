// Package wizard is the import wizard of the studio window: four steps
// (Endpoint, Test, Samples, Review) that turn a WebSocket URL into a
// service of the project model, and the same steps again to edit a service.
// The wizard changes the model in memory only; each change is reported
// through Options.OnEdit, and the files are written when the project is
// saved.
//
// What each step accepts and what Next does lives in model, plain Go that is
// tested without drawing; the Fyne views (wizard.go, endpoint.go, testview.go,
// samples.go, review.go, docview.go) are thin on top of it.
// All protocol and file work is done by the importer and project packages.
package wizard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"wsstudio/importer"
	"wsstudio/project"
)

// step is one page of the wizard.
type step int

const (
	stepEndpoint step = iota
	stepTest
	stepSamples
	stepReview
	stepCount
)

var stepTitles = [stepCount]string{"Endpoint", "Test", "Samples", "Review"}

func (s step) String() string {
	if s < 0 || s >= stepCount {
		return "step " + strconv.Itoa(int(s))
	}
	return stepTitles[s]
}

// model holds everything the wizard collected and the rules of each step.
// It is used from the UI goroutine only; the connection test runs elsewhere
// and reports back through the wizard's scheduler.
type model struct {
	p        *project.Project
	existing *project.Service

	step step

	// What the steps edit for one service; importing several channels of
	// an AsyncAPI document, the wizard keeps one per channel (see docs).
	serviceFields

	// Test
	handshakeTimeout time.Duration // 0 = the importer's default
	window           time.Duration // 0 = the importer's default
	testing          bool
	testGen          int // bumped per run, so a cancelled run's reports are ignored

	// Where the service comes from: a URL, or an AsyncAPI document
	source source
	docs   docState

	// Finish
	saved    *project.Service
	savedAll []*project.Service // every service of the Finish, saved first
}

// serviceFields is everything the wizard collected for one service.
type serviceFields struct {
	// Endpoint
	url        string
	ep         *importer.Endpoint
	urlErr     error
	name       string
	nameEdited bool // the user typed a name: stop suggesting one from the host
	query      []project.Param
	pathParams []project.Param
	headers    []project.Param
	subproto   string // comma-separated, as typed
	tls        project.TLSOptions
	skipTest   bool // "Proceed without Test" chosen for an insecure endpoint

	// Test
	testStarted time.Time
	testEnded   time.Time // zero while running or before any test
	testedFor   string    // endpointKey of the test shown; another endpoint makes it stale
	testErr     error
	result      *importer.TestResult
	messages    []importer.Message
	picked      int // index into messages of the sample response, -1 = none

	// Samples
	sampleRequest  string
	sampleResponse string
	// The samples belong to a service: samplesFor is the identity (see
	// serviceIdentity) of the endpoint they were entered for, and stash
	// keeps the samples of other identities met while typing, so that
	// going back to a service finds its samples again.
	samplesFor string
	stash      map[string][2]string
}

// edit is one change the wizard made to the project model, for the
// studio's undo history.
type edit struct {
	Label         string
	Before, After *project.State
}

func newModel(p *project.Project, existing *project.Service) *model {
	m := &model{p: p, existing: existing}
	m.picked = -1
	if existing != nil {
		m.name = existing.ID
		m.nameEdited = true
		m.query = cloneParams(existing.QueryParams)
		m.pathParams = cloneParams(existing.PathParams)
		m.headers = cloneParams(existing.Headers)
		m.subproto = strings.Join(existing.Subprotocols, ", ")
		m.tls = existing.TLS
		m.sampleRequest = existing.SampleRequest
		m.sampleResponse = existing.SampleResponse
		// Secret query values are shown masked; the table keeps them.
		m.url = project.MaskURL(existing.Endpoint)
		m.ep, m.urlErr = importer.ParseEndpoint(m.url)
		if m.ep != nil {
			// The saved values win over what the URL says.
			m.pathParams = mergeParams(m.ep.PathParams, m.pathParams)
			m.samplesFor = serviceIdentity(m.ep)
		}
	}
	return m
}

// serviceIdentity is what makes two endpoints the same service: the host
// and the path. The scheme, the port's spelling, the query, headers and
// TLS options may change without making it another service.
func serviceIdentity(ep *importer.Endpoint) string {
	if ep == nil {
		return ""
	}
	host := strings.ToLower(ep.Host)
	switch {
	case ep.Scheme == "wss":
		host = strings.TrimSuffix(host, ":443")
	case ep.Scheme == "ws":
		host = strings.TrimSuffix(host, ":80")
	}
	return host + ep.BasePath + ep.RelativePath
}

// followService keeps the samples with the service they were entered for:
// when the endpoint becomes another service, the samples typed so far are
// put aside and the new service's own (none, unless it was met before) are
// taken out.
func (m *model) followService() {
	id := serviceIdentity(m.ep)
	if id == "" || id == m.samplesFor {
		return
	}
	if m.samplesFor != "" || m.sampleRequest != "" || m.sampleResponse != "" {
		if m.stash == nil {
			m.stash = map[string][2]string{}
		}
		m.stash[m.samplesFor] = [2]string{m.sampleRequest, m.sampleResponse}
	}
	got := m.stash[id]
	m.sampleRequest, m.sampleResponse = got[0], got[1]
	m.samplesFor = id
}

// endpointKey is everything the connection test depends on besides the
// sample request: a change to any of it makes a test result stale.
func (m *model) endpointKey() string {
	o := m.testOptions()
	var b strings.Builder
	b.WriteString(o.URL)
	for _, group := range [][]project.Param{o.Query, o.PathParams, o.Headers} {
		b.WriteByte(0)
		for _, p := range group {
			b.WriteString(p.Name + "\x01" + p.Value + "\x02")
		}
	}
	b.WriteByte(0)
	b.WriteString(strings.Join(o.Subprotocols, ","))
	fmt.Fprintf(&b, "\x00%s\x00%v", o.TLS.CAFile, o.TLS.InsecureSkipVerify)
	return b.String()
}

// dropStaleTest forgets the result of a test made for another endpoint:
// its messages, error and the pick among them. The wizard calls it when it
// enters a step, so typing through other URLs on the way back to the
// tested one loses nothing. The sample response it
// chose stays (it follows the service, see followService).
func (m *model) dropStaleTest() {
	if m.testing || m.testedFor == "" || m.testedFor == m.endpointKey() {
		return
	}
	m.testedFor = ""
	m.testErr = nil
	m.result = nil
	m.messages = nil
	m.picked = -1
	m.testStarted, m.testEnded = time.Time{}, time.Time{}
}

// testPassed reports a finished test, for the current endpoint, that
// connected and ended without an error.
func (m *model) testPassed() bool {
	return !m.testing && m.result != nil && m.testErr == nil && m.testedFor == m.endpointKey()
}

// testElapsed is how long the test shown has run: up to now while it
// runs, up to its end after. The live counter and the final summary both
// use it, with len(m.messages), so they never disagree.
func (m *model) testElapsed(now time.Time) time.Duration {
	if m.testStarted.IsZero() {
		return 0
	}
	if !m.testEnded.IsZero() {
		return m.testEnded.Sub(m.testStarted)
	}
	return now.Sub(m.testStarted)
}

// testCounter is the one line saying how far a test got: "3.0 s · 12 messages".
func (m *model) testCounter(now time.Time) string {
	return fmt.Sprintf("%.1f s · %s", m.testElapsed(now).Seconds(), plural(len(m.messages), "message"))
}

// ---- Step 1: Endpoint ----

// setURL takes the URL as typed: it is checked at once, the query table is
// filled from it, path parameters follow its {name} segments and the
// service name is suggested from the host unless the user typed one.
func (m *model) setURL(raw string) {
	m.url = raw
	m.ep, m.urlErr = importer.ParseEndpoint(raw)
	if m.ep == nil {
		return
	}
	q := cloneParams(m.ep.Query)
	for i := range q {
		if q[i].Value == project.Masked { // a masked value left as it was shown
			for _, old := range m.query {
				if old.Name == q[i].Name {
					q[i].Value = old.Value
					break
				}
			}
		}
	}
	m.query = q
	m.pathParams = mergeParams(m.ep.PathParams, m.pathParams)
	if !m.nameEdited && m.existing == nil {
		m.name = m.uniqueName(m.ep.SuggestedID)
	}
	m.skipTest = m.skipTest && m.ep.Insecure
	m.followService()
}

// reparse checks the URL again without touching the tables; used after the
// URL was rewritten from the query table.
func (m *model) reparse() {
	m.ep, m.urlErr = importer.ParseEndpoint(m.url)
	if m.ep != nil {
		m.pathParams = mergeParams(m.ep.PathParams, m.pathParams)
		m.followService()
	}
}

// setQuery replaces the query parameters and rewrites the URL's query to
// match, so the table and the URL never disagree.
func (m *model) setQuery(ps []project.Param) {
	m.query = cloneParams(ps)
	shown := cloneParams(ps)
	for i := range shown {
		shown[i].Value = project.MaskValue(shown[i].Name, shown[i].Value)
	}
	m.url = withQuery(m.url, shown) // secrets stay in the table, masked in the URL
	m.reparse()
}

// realURL is the endpoint with secret query values put back where the URL
// field shows them masked.
func (f *serviceFields) realURL() string {
	u := strings.TrimSpace(f.url)
	if strings.Contains(u, project.Masked) {
		return withQuery(u, nonEmpty(f.query))
	}
	return u
}

// setName takes a service name typed by the user.
func (m *model) setName(s string) {
	m.name = strings.TrimSpace(s)
	m.nameEdited = true
}

// nameErr says what is wrong with the service name, or nil.
func (m *model) nameErr() error {
	if err := project.ValidIdentifier(m.name); err != nil {
		return err
	}
	if m.existing != nil && m.name == m.existing.ID {
		return nil
	}
	if m.p != nil && m.p.Service(m.name) != nil {
		return fmt.Errorf("a service named %q already exists in this project: choose another name", m.name)
	}
	if dr := m.draft(); dr != nil {
		for i, other := range m.docs.drafts {
			if i != m.docs.cur && other.fields.name == m.name {
				return fmt.Errorf("channel %s is imported as service %s already: choose another name", other.from.Channel, m.name)
			}
		}
	}
	return nil
}

// uniqueName is base, or base2, base3 … if base is taken.
func (m *model) uniqueName(base string) string {
	if base == "" || m.p == nil {
		return base
	}
	name := base
	for i := 2; m.p.Service(name) != nil; i++ {
		name = base + strconv.Itoa(i)
	}
	return name
}

// subprotocols splits the comma-separated subprotocol field.
func (m *model) subprotocols() []string {
	var out []string
	for _, s := range strings.Split(m.subproto, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// insecure reports a ws:// endpoint to a host that is not loopback.
func (m *model) insecure() bool { return m.ep != nil && m.ep.Insecure }

// canTest reports whether the connection test may run.
func (m *model) canTest() bool { return m.ep != nil && !m.ep.Insecure && !m.testing }

// endpointErr is why the Endpoint step cannot be left, or nil.
func (m *model) endpointErr() error {
	if m.source == sourceDocument && m.docs.onList {
		return m.listErr()
	}
	if strings.TrimSpace(m.url) == "" {
		return errors.New("enter the WebSocket URL of the service, or pick a quick start feed")
	}
	if m.urlErr != nil {
		return m.urlErr
	}
	if m.ep == nil {
		return errors.New("the URL has not been checked yet")
	}
	if err := m.nameErr(); err != nil {
		return err
	}
	for _, group := range []struct {
		what string
		ps   []project.Param
	}{{"query parameter", m.query}, {"header", m.headers}} {
		for i, p := range group.ps {
			if strings.TrimSpace(p.Name) == "" && p.Value != "" {
				return fmt.Errorf("%s %d has a value but no name", group.what, i+1)
			}
		}
	}
	for _, h := range m.headers {
		if strings.ContainsAny(h.Name, " :\r\n") || strings.ContainsAny(h.Value, "\r\n") {
			return fmt.Errorf("header %q is not a valid HTTP header", h.Name)
		}
	}
	return m.caErr()
}

// caErr says why the CA file cannot be used, or nil.
func (m *model) caErr() error {
	f := m.tls.CAFile
	if f == "" {
		return nil
	}
	b, err := os.ReadFile(f)
	if err != nil {
		return fmt.Errorf("the CA file %s cannot be read: choose a PEM certificate file", f)
	}
	if !bytes.Contains(b, []byte("-----BEGIN CERTIFICATE-----")) {
		return fmt.Errorf("the CA file %s holds no PEM certificate (-----BEGIN CERTIFICATE-----)", f)
	}
	return nil
}

// ---- Step 2: Test ----

// testOptions is the importer's view of what was entered.
func (m *model) testOptions() importer.TestOptions {
	return importer.TestOptions{
		URL:              m.realURL(),
		Query:            nonEmpty(m.query),
		PathParams:       cloneParams(m.pathParams),
		Headers:          nonEmpty(m.headers),
		Subprotocols:     m.subprotocols(),
		TLS:              m.tls,
		HandshakeTimeout: m.handshakeTimeout,
		Window:           m.window,
		SampleRequest:    strings.TrimSpace(m.sampleRequest),
	}
}

// beginTest marks a test as running and returns its generation number.
func (m *model) beginTest(now time.Time) int {
	m.testGen++
	m.testing = true
	m.testStarted = now
	m.testEnded = time.Time{}
	m.testedFor = m.endpointKey()
	m.testErr = nil
	m.result = nil
	m.messages = nil
	m.picked = -1
	return m.testGen
}

// addMessage records a message of test gen as it arrives.
func (m *model) addMessage(gen int, msg importer.Message) bool {
	if gen != m.testGen || !m.testing {
		return false
	}
	m.messages = append(m.messages, msg)
	if m.picked < 0 && m.autoPick() {
		m.pick(0)
	}
	return true
}

// endTest records how test gen ended, at now.
func (m *model) endTest(gen int, res *importer.TestResult, err error, now time.Time) bool {
	if gen != m.testGen {
		return false
	}
	m.testing = false
	m.testEnded = now
	m.testErr = err
	m.result = res
	if res != nil && len(res.Messages) >= len(m.messages) {
		m.messages = res.Messages
	}
	if m.picked < 0 && len(m.messages) > 0 && m.autoPick() {
		m.pick(0)
	}
	return true
}

// autoPick reports whether the first message of a test becomes the
// sample response by itself: not for a channel of a document, whose
// sample is the document's example (and its metadata the payload schema)
// until the user picks a message.
func (m *model) autoPick() bool { return m.draft() == nil }

// cancelTest stops listening to the running test.
func (m *model) cancelTest(now time.Time) {
	if !m.testing {
		return
	}
	m.testGen++
	m.testing = false
	m.testEnded = now
	m.testErr = errors.New("The test was cancelled.")
}

// pick makes message i the sample response.
func (m *model) pick(i int) {
	if i < 0 || i >= len(m.messages) {
		return
	}
	m.picked = i
	m.sampleResponse = string(m.messages[i].Data)
}

// ---- Step 3: Samples ----

// jsonStatus describes a sample for the line under its editor.
func jsonStatus(s string) (msg string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "Empty: no definition will be made.", true
	}
	if w := importer.SampleWarning(s); w != "" {
		return w, false
	}
	return "Valid JSON.", true
}

// pretty indents a JSON sample; anything else comes back unchanged.
func pretty(s string) (string, error) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(strings.TrimSpace(s)), "", "  "); err != nil {
		return s, fmt.Errorf("the sample is not valid JSON, so it cannot be pretty-printed: %w", err)
	}
	return buf.String(), nil
}

// ---- Step 4: Review and finish ----

// spec is the import the wizard will build.
func (m *model) spec() importer.Spec {
	return importer.Spec{
		ID:             m.name,
		URL:            m.realURL(),
		Query:          nonEmpty(m.query),
		PathParams:     cloneParams(m.pathParams),
		Headers:        nonEmpty(m.headers),
		Subprotocols:   m.subprotocols(),
		TLS:            m.tls,
		SampleRequest:  strings.TrimSpace(m.sampleRequest),
		SampleResponse: strings.TrimSpace(m.sampleResponse),
	}
}

// files lists the files Save writes for the service, relative to the
// project folder.
// For a service being edited under its own id the project knows best
// (older projects keep their own file names).
func (m *model) files() []string {
	if m.existing != nil && m.name == m.existing.ID && m.p != nil {
		if fs, err := m.p.ServiceFiles(m.name); err == nil && len(fs) > 0 {
			return fs
		}
	}
	if m.p == nil {
		return nil
	}
	return m.p.NewServiceFiles(m.name)
}

// finish builds the service and puts it into the project model, in
// memory: nothing is written until the project is saved. The edit it
// returns holds the model before and after, for undo. On any error the
// model is left as it was.
func (m *model) finish() (*project.Service, *edit, error) {
	if err := m.endpointErr(); err != nil {
		return nil, nil, err
	}
	if m.p == nil {
		return nil, nil, errors.New("no project is open")
	}
	if m.source == sourceDocument {
		svcs, e, err := m.finishDocument()
		if err != nil {
			return nil, nil, err
		}
		m.saved, m.savedAll = svcs[0], svcs
		return svcs[0], e, nil
	}
	svc, err := importer.Build(m.spec(), m.existing)
	if err != nil {
		return nil, nil, fmt.Errorf("build service %s: %w", m.name, err)
	}
	plan := importer.Plan{Service: svc}
	label := "Import service " + svc.ID
	if m.existing != nil {
		plan.Replaces = m.existing.ID
		label = "Edit service " + m.existing.ID
		if m.existing.ID != svc.ID {
			label += " (renamed to " + svc.ID + ")"
		}
	}
	before := m.p.Snapshot()
	if _, err := importer.Add(m.p, plan); err != nil {
		return nil, nil, err
	}
	m.saved, m.savedAll = svc, []*project.Service{svc}
	return svc, &edit{Label: label, Before: before, After: m.p.Snapshot()}, nil
}

// variableName suggests a free variable name for service id.
func (m *model) variableName(id string) string {
	base := id
	if base != "" {
		base = strings.ToUpper(base[:1]) + base[1:]
	}
	if m.p == nil || m.p.Variable(base) == nil {
		return base
	}
	for i := 1; ; i++ {
		if n := base + strconv.Itoa(i); m.p.Variable(n) == nil {
			return n
		}
	}
}

// variableChoice is what the final panel asks for the new variable.
type variableChoice struct {
	Name     string
	Strategy string
	Limit    string // as typed; "" = no limit
}

// newVariable checks the choice and makes the variable for the saved service.
func (m *model) newVariable(c variableChoice, now time.Time) (*project.Variable, error) {
	svc := m.saved
	if svc == nil {
		return nil, errors.New("the service has not been saved yet")
	}
	name := strings.TrimSpace(c.Name)
	if err := project.ValidIdentifier(name); err != nil {
		return nil, err
	}
	if m.p.Variable(name) != nil {
		return nil, fmt.Errorf("a variable named %q already exists: choose another name", name)
	}
	switch c.Strategy {
	case project.StrategyRefresh, project.StrategyAppend, project.StrategyPrepend:
	default:
		return nil, fmt.Errorf("update strategy %q is not one of refresh, append or prepend", c.Strategy)
	}
	limit := 0
	if s := strings.TrimSpace(c.Limit); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("record limit %q is not a whole number of 0 or more", s)
		}
		limit = n
	}
	page := m.p.HomePage
	if page == "" {
		page = "Main"
	}
	// WaveMaker's defaults come from the one place that knows them; the
	// wizard only adds the user's strategy and limit, and a stable id.
	v := project.NewVariable(name, svc, project.OwnerPage, page)
	v.ID = project.VariableID(name, now)
	v.Strategy = c.Strategy
	v.DataLimit = limit
	return v, nil
}

// addVariable adds v to the project model, in memory, and returns the
// edit for undo; on error the model is left as it was.
func (m *model) addVariable(v *project.Variable) (*edit, error) {
	before := m.p.Snapshot()
	if err := m.p.AddVariable(v); err != nil {
		m.p.Restore(before)
		return nil, fmt.Errorf("add variable %s: %w", v.Name, err)
	}
	return &edit{Label: "Add variable " + v.Name, Before: before, After: m.p.Snapshot()}, nil
}

// ---- navigation ----

// next is the step after the current one, or an error saying why not.
func (m *model) next() (step, error) {
	switch m.step {
	case stepEndpoint:
		if m.source == sourceDocument && m.docs.onList {
			return m.step, m.leaveList()
		}
		if err := m.endpointErr(); err != nil {
			return m.step, err
		}
		if m.insecure() && !m.skipTest {
			return m.step, errors.New("this ws:// endpoint is not encrypted, so it cannot be tested: choose Proceed without Test to enter samples by hand, or use wss://")
		}
		if m.skipTest {
			return stepSamples, nil
		}
		return stepTest, nil
	case stepTest:
		if m.testing {
			return m.step, errors.New("the connection test is still running: wait for it or cancel it")
		}
		return stepSamples, nil
	case stepSamples:
		return stepReview, nil
	}
	return m.step, errors.New("this is the last step: choose Finish")
}

// back is the step before the current one.
func (m *model) back() step {
	switch m.step {
	case stepSamples:
		if m.skipTest {
			return stepEndpoint
		}
		return stepTest
	case stepEndpoint:
		if m.source == sourceDocument && !m.docs.onList {
			m.storeDraft()
			m.docs.onList = true
		}
		return stepEndpoint
	}
	return m.step - 1
}

// ---- helpers ----

func cloneParams(ps []project.Param) []project.Param {
	if len(ps) == 0 {
		return nil
	}
	return append([]project.Param(nil), ps...)
}

// nonEmpty drops rows with neither name nor value (fresh table rows).
func nonEmpty(ps []project.Param) []project.Param {
	var out []project.Param
	for _, p := range ps {
		p.Name = strings.TrimSpace(p.Name)
		if p.Name == "" {
			continue
		}
		if p.Type == "" {
			p.Type = "string"
		}
		out = append(out, p)
	}
	return out
}

// mergeParams returns names (from the URL) with values kept from old where
// the name matches.
func mergeParams(names, old []project.Param) []project.Param {
	out := make([]project.Param, 0, len(names))
	for _, n := range names {
		for _, o := range old {
			if o.Name == n.Name {
				if o.Value != "" {
					n.Value = o.Value
				}
				break
			}
		}
		if n.Type == "" {
			n.Type = "string"
		}
		out = append(out, n)
	}
	return out
}

// withQuery replaces the query of raw with ps, leaving the rest (and any
// {name} path segments) exactly as typed.
func withQuery(raw string, ps []project.Param) string {
	base, frag := raw, ""
	if i := strings.IndexByte(base, '#'); i >= 0 {
		base, frag = base[:i], base[i:]
	}
	if i := strings.IndexByte(base, '?'); i >= 0 {
		base = base[:i]
	}
	var q strings.Builder
	for _, p := range ps {
		if strings.TrimSpace(p.Name) == "" {
			continue
		}
		if q.Len() > 0 {
			q.WriteByte('&')
		}
		q.WriteString(escapeQuery(p.Name))
		q.WriteByte('=')
		q.WriteString(escapeQuery(p.Value))
	}
	if q.Len() > 0 {
		base += "?" + q.String()
	}
	return base + frag
}

// escapeQuery percent-encodes only what would change the meaning of a
// query or is invisible (so "ACME,GLOBEX", "München" and the mask stay
// readable in the URL field).
func escapeQuery(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c <= ' ' || c == 0x7f || strings.IndexByte("&=#%+?;", c) >= 0:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
