package wizard

import (
	"errors"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"wsstudio/importer"
	"wsstudio/project"
	"wsstudio/wire"
	"wsstudio/wire/frame"
)

// TestGoldenSteps renders every step to an image under testdata/. The
// endpoint is a fixed remote URL (nothing dials it) and the Test step shows
// a fixed set of messages, so the pictures do not depend on the clock.
func TestGoldenSteps(t *testing.T) {
	fixed := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	p := newProject(t)
	h := newHarness(t, p, Options{}, config{now: func() time.Time { return fixed }})
	w := h.w
	snap := h.snap

	snap("step0_empty.png")

	test.Type(w.ep.url, "wss://quotes.example.com:443/feeds/ticker?symbols=ACME,GLOBEX&interval=500ms")
	test.Tap(w.ep.headers.add)
	test.Type(w.ep.headers.entries[0][0], "Authorization")
	test.Type(w.ep.headers.entries[0][1], "Bearer s3cr3t")
	snap("step1_endpoint.png")

	w.ep.tabs.SelectIndex(3)
	test.Type(w.ep.subproto, "quotes.v1")
	w.ep.skip.SetChecked(true)
	snap("step1_tls.png")
	w.ep.skip.SetChecked(false)
	w.ep.tabs.SelectIndex(0)

	h.next(stepTest)
	// A test under way: the counter is the model's messages and its clock,
	// the same numbers the summary shows when the test ends.
	gen := w.m.beginTest(fixed.Add(-4800 * time.Millisecond))
	for i, d := range []string{`{"symbol":"ACME","price":12.5,"volume":1200,"time":1764062998120}`, `{"symbol":"GLOBEX","price":88.75,"volume":310,"time":1764062999330}`} {
		at := fixed.Add(-1880*time.Millisecond + time.Duration(i)*1210*time.Millisecond)
		w.m.addMessage(gen, importer.Message{Time: at, Kind: frame.JSON, Data: []byte(d), Size: len(d)})
	}
	w.tv.refresh()
	w.refresh()
	w.tv.progress.Stop() // a still picture of the moving bar
	snap("step2_running.png")
	w.m.cancelTest(fixed)

	gen = w.m.beginTest(fixed)
	msgs := []importer.Message{
		{Time: fixed.Add(120 * time.Millisecond), Kind: frame.JSON, Data: []byte(`{"symbol":"ACME","price":12.5,"change":0.25,"volume":1200,"time":1764063000120}`)},
		{Time: fixed.Add(130 * time.Millisecond), Kind: frame.JSON, Data: []byte(`{"symbol":"GLOBEX","price":88.75,"change":-1.5,"volume":310,"time":1764063000130}`)},
		{Time: fixed.Add(620 * time.Millisecond), Kind: frame.JSON, Data: []byte(`{"symbol":"ACME","price":12.75,"change":0.5,"volume":1350,"time":1764063000620}`)},
		{Time: fixed.Add(700 * time.Millisecond), Kind: frame.Text, Data: []byte(`heartbeat`)},
	}
	for i := range msgs {
		msgs[i].Size = len(msgs[i].Data)
	}
	w.m.endTest(gen, &importer.TestResult{Messages: msgs, Elapsed: 3 * time.Second}, nil, fixed.Add(3*time.Second))
	w.m.pick(1)
	w.tv.refresh()
	w.refresh()
	snap("step2_test.png")

	gen = w.m.beginTest(fixed)
	w.m.endTest(gen, nil, &wire.Error{Class: wire.HTTPStatus, Host: "quotes.example.com:443", StatusCode: 401,
		Status: "401 Unauthorized", Err: errors.New("bad handshake")}, fixed.Add(200*time.Millisecond))
	w.tv.refresh()
	w.refresh()
	snap("step2_failed.png")

	// Run again, and this time the test passes: from here on the Test
	// step is ticked.
	gen = w.m.beginTest(fixed)
	w.m.endTest(gen, &importer.TestResult{Messages: msgs, Elapsed: 3 * time.Second}, nil, fixed.Add(3*time.Second))
	w.m.pick(1)
	h.next(stepSamples)
	test.Type(w.sv.request, `{"subscribe":["ACME","GLOBEX"]}`)
	snap("step3_samples.png")

	h.next(stepReview)
	snap("step4_review.png")

	h.finish()
	snap("step5_variable.png")
}

// snap renders the window, with nothing focused, and compares it with
// the golden image name under testdata/.
func (h *harness) snap(name string) {
	h.t.Helper()
	c := h.win.Canvas()
	c.Unfocus()
	test.AssertRendersToImage(h.t, name, c)
}

// TestGoldenInsecure renders the warning for ws:// to a remote host.
func TestGoldenInsecure(t *testing.T) {
	h := newHarness(t, newProject(t), Options{}, config{})
	test.Type(h.w.ep.url, "ws://quotes.example.com/feeds/ticker")
	h.win.Canvas().Unfocus()
	test.AssertRendersToImage(t, "step1_insecure.png", h.win.Canvas())
}

// TestGoldenEdit renders the wizard reopened on a saved service.
func TestGoldenEdit(t *testing.T) {
	p := newProject(t)
	svc, err := importer.Build(importer.Spec{
		ID:             "rooms",
		URL:            "wss://chat.example.com/v2/rooms/{room}?user=guest&token=abc123",
		Query:          []project.Param{{Name: "user", Value: "guest"}, {Name: "token", Value: "abc123"}},
		PathParams:     []project.Param{{Name: "room", Value: "lobby"}},
		Subprotocols:   []string{"chat.v2"},
		SampleResponse: `{"user":"ann","text":"hi","time":1764063000000}`,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AddService(svc); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, p, Options{Existing: p.Service("rooms")}, config{})
	if got := h.w.ep.path.rows; len(got) != 1 || got[0].Name != "room" || got[0].Value != "lobby" {
		t.Fatalf("path parameters of the edited service = %+v", got)
	}
	h.w.ep.tabs.SelectIndex(1)
	h.win.Canvas().Unfocus()
	test.AssertRendersToImage(t, "edit_step1.png", h.win.Canvas())
}

// TestGoldenDocument renders the steps of an import from an AsyncAPI
// document: the channel list with the server choice and the warning, a
// channel's endpoint with the values the document offers, the samples
// with the schema's metadata, the review of several services, the final
// panel, and a document that cannot be imported. The document is read by
// a relative path, so the pictures do not show a temporary folder.
func TestGoldenDocument(t *testing.T) {
	dir := t.TempDir()
	writeDoc(t, dir, "feeds.yaml", feedsDoc("127.0.0.1:8765"))
	writeDoc(t, dir, "plain.yaml", "title: not an api\n")
	h := newHarness(t, newProject(t), Options{}, config{})
	w := h.w
	snap := h.snap

	readIn := func(name string) {
		t.Helper()
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chdir(dir); err != nil {
			t.Fatal(err)
		}
		defer os.Chdir(wd)
		readInWizard(t, w, name)
	}
	readIn("plain.yaml")
	snap("doc0_error.png")

	readIn("feeds.yaml")
	snap("doc1_channels.png")

	h.next(stepEndpoint)
	w.channel.SetSelected(w.channel.Options[1])
	w.ep.tabs.SelectIndex(1)
	snap("doc2_endpoint.png")

	w.ep.tabs.SelectIndex(0)
	h.next(stepTest)
	h.next(stepSamples)
	snap("doc3_samples.png")

	h.next(stepReview)
	snap("doc4_review.png")

	h.finish()
	snap("doc5_variable.png")
}
