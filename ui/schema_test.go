package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"wsstudio/demo"
	"wsstudio/importer"
	"wsstudio/project"
	"wsstudio/variable"
)

// driftProject is a saved project whose variable Drift reads count
// messages of the demo's /drift feed, imported from its conforming sample.
func driftProject(t *testing.T, srv *demo.Server) *project.Project {
	t.Helper()
	defs, err := importer.Infer([]byte(demo.DriftSample), "RootResponse")
	if err != nil {
		t.Fatal(err)
	}
	addr := srv.Addr
	svc := &project.Service{
		ID: "drift", Title: "drift", Type: project.ServiceTypeWebSocket,
		Endpoint: "ws://" + addr + "/drift?count=20", Scheme: "ws", Host: addr, RelativePath: "/drift",
		QueryParams:    []project.Param{{Name: "count", Value: "20", Type: "string"}},
		SampleResponse: demo.DriftSample,
		Response:       defs,
	}
	p := &project.Project{Dir: t.TempDir(), DisplayName: "Drift", HomePage: "Main",
		Services: []*project.Service{svc}, Pages: []*project.Page{{Name: "Main"}}}
	v := NewVariable("Drift", svc, project.OwnerPage, "Main")
	v.Strategy, v.DataLimit = project.StrategyAppend, 100
	p.Variables = []*project.Variable{v}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	return p
}

// folder is every file under dir, by relative path.
func folder(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func fieldType(defs project.Definitions, path string) string {
	for _, f := range defs.Fields() {
		if f.Path == path {
			return f.Type
		}
	}
	return ""
}

func TestSchemaDriftBadgePanelAndWiden(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	p := driftProject(t, srv)
	onDisk := folder(t, p.Dir)
	oldDefs := project.Definitions{}
	for _, d := range p.Services[0].Response { // a deep copy, to compare with after undo
		c := *d
		c.Properties = append([]project.Property(nil), d.Properties...)
		oldDefs = append(oldDefs, &c)
	}
	h := newHarness(t, p, Options{})
	v := p.Variable("Drift")
	h.s.Select(VariableNode("Drift"))
	checked := func() (uint64, uint64) { return h.s.schemaCounts(v) }
	// the feed closes after its 20 messages: the picture shows a closed
	// variable, whatever the timing
	h.waitFor(t, "20 messages checked and the feed closed", func() bool {
		c, _ := checked()
		return c == 20 && h.s.runtime(v).State() == variable.Closed
	})
	// the window shows it through its coalesced refresh: wait until the
	// refresh after the last message has run
	h.waitFor(t, "the status refresh", func() bool {
		return h.s.lastStates == h.s.stateSignature() && h.s.varPanel.schema.line.Text == h.s.SchemaLine(v)
	})

	// 3, 7, 9, 11, 15 and 19 of the first 20 do not conform
	if c, bad := checked(); c != 20 || bad != 6 {
		t.Fatalf("schema counts = %d checked, %d mismatched; want 20 and 6", c, bad)
	}
	if count, tip := h.s.DriftBadge(v); count != "6" || tip != "6 messages did not match the schema" {
		t.Fatalf("badge = %q, %q", count, tip)
	}
	box := h.s.varPanel.schema
	if got := box.line.Text; got != "14 of 20 messages matched" {
		t.Fatalf("schema line = %q", got)
	}
	if box.shown != 5 || !box.widen.Visible() || box.widen.Text != "Update metadata from these messages" {
		t.Fatalf("panel lists %d mismatches, button %q visible %v", box.shown, box.widen.Text, box.widen.Visible())
	}
	if d := h.s.runtime(v).Drift(); d[0].Path != "$.price" || d[0].Expected != "number" || d[0].Actual != "string" {
		t.Fatalf("first mismatch = %+v, want $.price number → string", d[0])
	}
	h.freeze()
	// the panel scrolled to its Schema part, as a person would
	scr := h.s.varPanel.box.(*fyne.Container).Objects[0].(*container.Scroll)
	top := fyne.CurrentApp().Driver().AbsolutePositionForObject(box.box).Y -
		fyne.CurrentApp().Driver().AbsolutePositionForObject(scr.Content).Y
	scr.ScrollToOffset(fyne.NewPos(0, top-48))
	test.AssertImageMatches(t, "panel_variable_drift.png", captureObject(h.w, h.s.props))
	test.AssertImageMatches(t, "tree_drift.png", captureObject(h.w, h.s.tree.object()))

	test.Tap(box.widen)
	h.q.Drain()
	resp := p.Services[0].Response
	for _, path := range []string{"price", "quote", "trades[].qty"} {
		if got := fieldType(resp, path); got != "string" {
			t.Errorf("after widening %s is %q, want string", path, got)
		}
	}
	if got := fieldType(resp, "seq"); got != "integer" {
		t.Errorf("seq became %q; only the fields that disagreed may widen", got)
	}
	if h.s.UndoName() != "Update metadata of drift" || !h.s.Modified() {
		t.Fatalf("undo names %q, modified %v", h.s.UndoName(), h.s.Modified())
	}
	if !reflect.DeepEqual(folder(t, p.Dir), onDisk) {
		t.Fatal("the folder changed before Save")
	}
	// the variable reconnected with the new schema and the same 20
	// messages: none of them mismatches. The widened fields take any value,
	// so the numbers and objects that are still sent there conform too.
	h.waitFor(t, "the new connection's 20 messages", func() bool { c, _ := checked(); return c == 20 })
	for _, m := range h.s.runtime(v).Drift() {
		t.Errorf("after widening a message still mismatches: %s", m)
	}
	// widening again has nothing to learn from: no second edit
	if err := h.s.WidenSchema(v); err == nil || !strings.Contains(err.Error(), "every message matched the schema") {
		t.Fatalf("widening twice: err = %v", err)
	}
	if h.s.UndoName() != "Update metadata of drift" || len(h.s.hist.done) != 1 {
		t.Fatalf("after a second widening the history has %d edits, last %q", len(h.s.hist.done), h.s.UndoName())
	}

	if err := h.s.Save(); err != nil {
		t.Fatal(err)
	}
	saved := folder(t, p.Dir)
	var changed []string
	for rel, b := range saved {
		if onDisk[rel] != b {
			changed = append(changed, rel)
		}
	}
	if len(changed) == 0 {
		t.Fatal("Save wrote nothing new")
	}
	for _, rel := range changed {
		if !strings.Contains(rel, "drift") {
			t.Errorf("Save changed %s, which is not the service's", rel)
		}
	}

	if !h.s.Undo() {
		t.Fatal("nothing to undo")
	}
	h.q.Drain()
	if !reflect.DeepEqual(p.Services[0].Response, oldDefs) {
		t.Fatalf("undo gave back\n%+v\nwant\n%+v", p.Services[0].Response, oldDefs)
	}
	if !reflect.DeepEqual(folder(t, p.Dir), saved) {
		t.Fatal("the folder changed on Undo, before Save")
	}
	// saved again, the folder reads back as the old metadata
	if err := h.s.Save(); err != nil {
		t.Fatal(err)
	}
	back, err := project.Open(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := back.Service("drift").Response.Fields(), oldDefs.Fields(); !reflect.DeepEqual(got, want) {
		t.Fatalf("after undo and save the folder reads back as\n%v\nwant\n%v", got, want)
	}
}
