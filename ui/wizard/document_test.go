package wizard

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wsstudio/importer"
	"wsstudio/importer/asyncapi"
	"wsstudio/project"
	"wsstudio/wire/frame"
)

// feedsDoc is an AsyncAPI 3.0 document of two channels on two WebSocket
// servers (and a Kafka one): the demo ticker, with query bindings, and a
// chat room with a {room} path parameter whose values are listed, a oneOf
// payload field and a "not" the studio cannot express.
func feedsDoc(host string) string {
	return `asyncapi: 3.0.0
info:
  title: Studio test feeds
  version: 1.0.0
defaultContentType: application/json
servers:
  local:
    host: ` + host + `
    protocol: ws
  production:
    host: feeds.example.com
    pathname: /v2
    protocol: wss
  events:
    host: broker.example.com
    protocol: kafka
channels:
  ticker:
    address: /ticker
    bindings:
      ws:
        query:
          type: object
          properties:
            symbols: {type: string, default: ACME, enum: [ACME, GLOBEX]}
            interval: {type: string, default: 40ms}
    messages:
      quote:
        payload:
          type: object
          properties:
            symbol: {type: string}
            price: {type: number}
            change: {type: number}
            volume: {type: integer, format: int32}
            time: {type: integer, format: int64}
        examples:
          - payload: {symbol: ACME, price: 101.5, change: -0.25, volume: 1200, time: 1717171717171}
  rooms:
    title: Chat rooms
    address: /rooms/{room}
    parameters:
      room:
        enum: [lobby, dev]
        default: lobby
    messages:
      said:
        payload:
          type: object
          not: {required: [spam]}
          properties:
            user: {type: string}
            text: {type: string}
            sent: {type: string, format: date-time}
            mood:
              oneOf: [{type: string}, {type: integer}]
operations:
  quotes:
    action: send
    channel: {$ref: '#/channels/ticker'}
  said:
    action: send
    channel: {$ref: '#/channels/rooms'}
`
}

// writeDoc writes a document into dir and returns its path.
func writeDoc(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readInWizard chooses the document source and reads path.
func readInWizard(t *testing.T, w *wizard, path string) {
	t.Helper()
	w.ep.source.SetSelected(sourceDocLabel)
	if w.m.source != sourceDocument || !w.ep.doc.root.Visible() || w.ep.urlPart.Visible() {
		t.Fatal("choosing the document source did not show the channel list")
	}
	retype(w.ep.doc.path, path)
	test.Tap(w.ep.doc.read)
}

// TestDocumentImportEndToEnd reads a document written for the test,
// imports both its channels in one Finish and checks the services against
// what the document says, the live test of one of them included.
func TestDocumentImportEndToEnd(t *testing.T) {
	srv := startDemo(t, false)
	host := strings.TrimPrefix(srv.URL(""), "ws://")
	host = strings.TrimSuffix(host, "/")
	path := writeDoc(t, t.TempDir(), "feeds.yaml", feedsDoc(host))
	p := newProject(t)
	onDisk := folder(t, p)
	h := newHarness(t, p, Options{Demo: srv}, config{})
	w := h.w

	readInWizard(t, w, path)
	if got := w.ep.doc.docNote.text(); got != "feeds.yaml: AsyncAPI 3.0.0 · Studio test feeds · 2 WebSocket channels that can be imported" {
		t.Fatalf("document line = %q", got)
	}
	if len(w.ep.doc.checks) != 2 || !w.ep.doc.checks["ticker"].Checked || !w.ep.doc.checks["rooms"].Checked {
		t.Fatalf("channel checks = %v", w.ep.doc.checks)
	}
	warn := w.ep.doc.warnNote.text()
	if !strings.Contains(warn, "not at message.payload") || strings.Count(warn, path) != 1 {
		t.Fatalf("the one warning = %q", warn)
	}
	if !w.ep.doc.srvRow.Visible() || len(w.ep.doc.server.Options) != 3 {
		t.Fatalf("server choice shown %v with %q; want each channel's first, local and production", w.ep.doc.srvRow.Visible(), w.ep.doc.server.Options)
	}
	w.ep.doc.server.SetSelected(serverLabel("production", "wss://feeds.example.com/v2"))
	if s := w.m.docs.services[0]; s.Server != "production" || s.Endpoint != "wss://feeds.example.com/v2/ticker" {
		t.Fatalf("after choosing production the ticker is %s on %s", s.Endpoint, s.Server)
	}
	w.ep.doc.server.SetSelected(serverLabel("local", srv.URL("")[:len(srv.URL(""))-1]))
	if w.m.docs.server != "local" {
		t.Fatalf("server = %q after choosing local", w.m.docs.server)
	}

	// unchecking both leaves nothing to import
	w.ep.doc.checks["ticker"].SetChecked(false)
	w.ep.doc.checks["rooms"].SetChecked(false)
	if !w.nextBtn.Disabled() || w.status.text() != "check at least one channel to import" {
		t.Fatalf("with no channel checked: Next disabled %v, status %q", w.nextBtn.Disabled(), w.status.text())
	}
	w.ep.doc.checks["ticker"].SetChecked(true)
	w.ep.doc.checks["rooms"].SetChecked(true)

	// Next: the endpoint of the first channel, filled in from the document
	h.next(stepEndpoint)
	if w.m.docs.onList || !w.ep.urlPart.Visible() || w.backBtn.Hidden {
		t.Fatal("Next did not go on to the channel's endpoint with a way back")
	}
	if want := srv.URL("/ticker?symbols=ACME&interval=40ms"); w.ep.url.Text != want || w.ep.name.Text != "ticker" {
		t.Fatalf("endpoint = %q named %q, want %q named ticker", w.ep.url.Text, w.ep.name.Text, want)
	}
	if got := w.ep.query.entries[0][1]; got.ActionItem == nil || got.PlaceHolder != "one of ACME, GLOBEX" {
		t.Fatalf("the symbols value offers no values (placeholder %q)", got.PlaceHolder)
	}
	if !w.chanRow.Visible() || len(w.channel.Options) != 2 || w.channel.Selected != "1 of 2: channel ticker, service ticker" {
		t.Fatalf("channel selector shown %v: %q, selected %q", w.chanRow.Visible(), w.channel.Options, w.channel.Selected)
	}

	// the live test of the ticker; the document's example stays the sample
	h.next(stepTest)
	h.runTest()
	if !w.m.testPassed() || len(w.m.messages) == 0 {
		t.Fatalf("the test of the ticker did not pass: %v", w.m.testErr)
	}
	if w.stepMark(stepTest) != markCurrent || w.m.picked != -1 || !strings.Contains(w.m.sampleResponse, `"price":101.5`) {
		t.Fatalf("after the test: picked %d, sample %q", w.m.picked, w.m.sampleResponse)
	}

	// the other channel has not been tested; the ticker's test is kept
	w.channel.SetSelected(w.channel.Options[1])
	if w.m.name != "rooms" || w.m.testPassed() || w.m.result != nil || w.tv.result.box.Visible() {
		t.Fatalf("channel rooms shows a test: %q, passed %v", w.m.name, w.m.testPassed())
	}
	// its {room} offers the document's values; choosing one sets it
	h.next(stepSamples)
	h.back(stepEndpoint)
	room := w.ep.path.entries[0][1]
	if room.Text != "lobby" || room.ActionItem == nil || room.PlaceHolder != "one of lobby, dev" {
		t.Fatalf("the room value %q offers nothing (placeholder %q)", room.Text, room.PlaceHolder)
	}
	test.Tap(room.ActionItem.(fyne.Tappable))
	// the menu is the Content of Fyne's overlay container
	top := reflect.ValueOf(h.win.Canvas().Overlays().Top()).Elem().FieldByName("Content")
	menu, ok := top.Interface().(*widget.PopUpMenu)
	if !ok || len(menu.Items) != 2 {
		t.Fatalf("the offer shows %T", h.win.Canvas().Overlays().Top())
	}
	test.Tap(menu.Items[1].(fyne.Tappable))
	if w.m.pathParams[0].Value != "dev" || w.ep.path.entries[0][1].Text != "dev" {
		t.Fatalf("after choosing dev the room is %q", w.m.pathParams[0].Value)
	}
	h.next(stepTest)
	h.next(stepSamples)
	if w.stepMark(stepTest) == markDone {
		t.Fatal("the Test step is ticked for rooms, which was never tested")
	}
	if !strings.Contains(w.sv.treeHint.Text, "payload schemas of channel rooms") {
		t.Fatalf("samples hint = %q", w.sv.treeHint.Text)
	}
	w.channel.SetSelected(w.channel.Options[0])
	if w.m.name != "ticker" || !w.m.testPassed() || w.stepMark(stepTest) != markDone {
		t.Fatal("going back to the ticker lost its passed test")
	}

	h.next(stepReview)
	h.finish()
	if len(h.edits) != 1 || h.edits[0].label != "Import 2 services from feeds.yaml" {
		t.Fatalf("edits = %+v, want one import of both", h.edits)
	}
	sameFolder(t, p, onDisk, "after Finish, before Save")

	doc, err := asyncapi.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := doc.Services(asyncapi.Options{Server: "local"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ws := range want {
		got := p.Service(ws.ID)
		if got == nil {
			t.Fatalf("service %s is not in the project", ws.ID)
		}
		if g, w := fieldList(got.Response), fieldList(ws.Response); g != w {
			t.Errorf("%s: response metadata\n%s\nwant the document's\n%s", ws.ID, g, w)
		}
		if got.SampleResponse != ws.SampleResponse {
			t.Errorf("%s: sample response %q, want %q", ws.ID, got.SampleResponse, ws.SampleResponse)
		}
	}
	rooms := p.Service("rooms")
	if len(rooms.PathParams) != 1 || rooms.PathParams[0].Value != "dev" || rooms.Title != "Chat rooms" {
		t.Errorf("rooms: path parameters %+v, title %q", rooms.PathParams, rooms.Title)
	}
	if !strings.Contains(fieldList(rooms.Response), "mood string widened") || !strings.Contains(fieldList(rooms.Response), "sent string date-time") {
		t.Errorf("rooms metadata lost the schema's formats: %s", fieldList(rooms.Response))
	}
	ticker := p.Service("ticker")
	if q := ticker.QueryParams; len(q) != 2 || q[0].Name != "symbols" || q[0].Value != "ACME" || q[1].Value != "40ms" {
		t.Errorf("ticker query = %+v", q)
	}

	// a variable for the second service, chosen on the final panel
	if w.fv.svc.ID != "ticker" {
		t.Fatalf("the final panel offers a variable for %s first, want ticker", w.fv.svc.ID)
	}
	chooseService(t, w, "rooms")
	if w.fv.name.Text != "Rooms" {
		t.Fatalf("variable name = %q after choosing rooms", w.fv.name.Text)
	}
	test.Tap(w.nextBtn)
	if !h.finished || h.v == nil || h.v.Service != "rooms" {
		t.Fatalf("variable = %+v, want one bound to rooms", h.v)
	}
}

// chooseService picks the service of the final panel's variable.
func chooseService(t *testing.T, w *wizard, id string) {
	t.Helper()
	if w.fv.service == nil {
		t.Fatal("the final panel has no service choice")
	}
	w.fv.service.SetSelected(id)
}

func fieldList(defs project.Definitions) string {
	var b strings.Builder
	for _, f := range defs.Fields() {
		fmt.Fprintf(&b, "%s %s %s\n", f.Path, f.Type, f.Format)
	}
	return b.String()
}

// TestDocumentBadDocuments: a document that cannot be imported gets the
// same one sentence as the command line, and Next stays off.
func TestDocumentBadDocuments(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"missing.yaml": "",
		"plain.yaml":   "title: not an api\nitems: [1, 2]\n",
		"kafka.yaml":   "asyncapi: 2.6.0\ninfo: {title: Orders, version: '1'}\nservers:\n  k: {url: 'broker:9092', protocol: kafka}\nchannels:\n  orders:\n    subscribe:\n      message: {payload: {type: string}}\n",
		"broken.json":  `{"asyncapi": "3.0.0", "info": {`,
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if text != "" {
				writeDoc(t, dir, name, text)
			}
			// what the command line says: Read's error, or that of Services
			var want string
			if doc, err := asyncapi.Read(path); err != nil {
				want = err.Error()
			} else if _, _, err := doc.Services(asyncapi.Options{}); err != nil {
				want = err.Error()
			} else {
				t.Fatalf("%s imports", name)
			}
			h := newHarness(t, newProject(t), Options{}, config{})
			readInWizard(t, h.w, path)
			if got := h.w.ep.doc.docNote.text(); got != want {
				t.Fatalf("note = %q, want %q", got, want)
			}
			if !strings.HasPrefix(want, path+": ") || strings.Count(want, ". ") > 0 {
				t.Fatalf("not one sentence naming the document: %q", want)
			}
			if !h.w.nextBtn.Disabled() || len(h.w.ep.doc.checks) != 0 {
				t.Fatal("Next is on for a document that cannot be imported")
			}
			test.Tap(h.w.nextBtn)
			if h.w.m.step != stepEndpoint || !h.w.m.docs.onList {
				t.Fatal("Next left the channel list")
			}
		})
	}
}

// TestDocumentSourceClearsTheTest: the wizard's state rules hold across a
// change of source: the old test is gone, and nothing is ticked that was
// not done for what is shown now.
func TestDocumentSourceClearsTheTest(t *testing.T) {
	fixed := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	h := newHarness(t, newProject(t), Options{}, config{now: func() time.Time { return fixed }})
	w := h.w
	test.Type(w.ep.url, "wss://quotes.example.com/feeds/ticker")
	h.next(stepTest)
	gen := w.m.beginTest(fixed)
	msg := importer.Message{Time: fixed, Kind: frame.JSON, Data: []byte(`{"price":1}`), Size: 11}
	w.m.endTest(gen, &importer.TestResult{Messages: []importer.Message{msg}, Elapsed: time.Second}, nil, fixed)
	h.next(stepSamples)
	if w.stepMark(stepTest) != markDone {
		t.Fatal("a passed test is not ticked")
	}
	h.back(stepEndpoint)

	path := writeDoc(t, t.TempDir(), "feeds.yaml", feedsDoc("127.0.0.1:8765"))
	readInWizard(t, w, path)
	if w.m.result != nil || w.stepMark(stepTest) != markTodo {
		t.Fatal("the URL's test shows with a document as the source")
	}
	h.next(stepEndpoint)
	if w.m.testPassed() || w.stepMark(stepTest) != markTodo || w.stepMark(stepEndpoint) != markCurrent {
		t.Fatal("a channel of the document is marked tested")
	}
	test.Tap(w.backBtn)
	w.ep.source.SetSelected(sourceURLLabel)
	if w.ep.url.Text != "wss://quotes.example.com/feeds/ticker" {
		t.Fatalf("the URL typed before is %q after switching back", w.ep.url.Text)
	}
	if w.m.result != nil || w.m.testPassed() || w.stepMark(stepTest) != markTodo {
		t.Fatal("switching the source back brought the old test back")
	}
	// reading another document forgets the channels of the first
	w.ep.source.SetSelected(sourceDocLabel)
	if len(w.m.docs.drafts) != 2 {
		t.Fatalf("the document's channels were lost on the way: %d drafts", len(w.m.docs.drafts))
	}
	readInWizard(t, w, filepath.Join(t.TempDir(), "other.yaml"))
	if len(w.m.docs.drafts) != 0 || w.m.docs.doc != nil {
		t.Fatal("another document kept the first one's channels")
	}
}

// TestDocumentModel: the rules of the document source, without drawing.
func TestDocumentModel(t *testing.T) {
	path := writeDoc(t, t.TempDir(), "feeds.yaml", feedsDoc("127.0.0.1:8765"))
	m := newModel(newProject(t), nil)
	m.setSource(sourceDocument)
	if err := m.listErr(); err == nil || !strings.Contains(err.Error(), "Browse") {
		t.Fatalf("no document: %v", err)
	}
	m.readDocument(path)
	m.setChecked("ticker", false)
	if err := m.leaveList(); err != nil || len(m.docs.drafts) != 1 || m.name != "rooms" {
		t.Fatalf("leaving with rooms checked: %v, %d drafts, showing %q", err, len(m.docs.drafts), m.name)
	}

	// the metadata is the schema's while the sample is the document's
	defs, fromSchema, err := m.definitions("RootResponse")
	if err != nil || !fromSchema || !strings.Contains(fieldList(defs), "sent string date-time") {
		t.Fatalf("document sample: from schema %v, %s (%v)", fromSchema, fieldList(defs), err)
	}
	m.sampleResponse = `{"user":"ann","text":"hi","sent":"x","mood":3,"room":"lobby"}`
	defs, fromSchema, _ = m.definitions("RootResponse")
	if fromSchema || !strings.Contains(fieldList(defs), "room string") || strings.Contains(fieldList(defs), "date-time") {
		t.Fatalf("an edited sample: from schema %v, %s", fromSchema, fieldList(defs))
	}
	m.name = "edited"

	// back on the list, another channel checked: the edited draft stays
	m.back()
	m.setChecked("ticker", true)
	if err := m.leaveList(); err != nil || len(m.docs.drafts) != 2 {
		t.Fatalf("leaving again: %v, %d drafts", err, len(m.docs.drafts))
	}
	if m.name != "ticker" || m.docs.drafts[1].fields.name != "edited" {
		t.Fatalf("drafts are %q and %q, want ticker and the edited rooms", m.name, m.docs.drafts[1].fields.name)
	}
	// two channels may not become one service
	m.name = "edited"
	if err := m.nameErr(); err == nil || !strings.Contains(err.Error(), "channel rooms is imported as service edited") {
		t.Fatalf("a name another channel has: %v", err)
	}
	m.name = "ticker"

	// another server lists the channels anew and forgets the drafts
	m.back()
	m.setServer("production")
	if len(m.docs.drafts) != 0 || m.docs.services[0].Endpoint != "wss://feeds.example.com/v2/ticker" {
		t.Fatalf("after choosing production: %d drafts, %s", len(m.docs.drafts), m.docs.services[0].Endpoint)
	}
}
