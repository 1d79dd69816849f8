package ui

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"wsstudio/assets"
	"wsstudio/importer"
	"wsstudio/project"
)

var updateExamples = flag.Bool("update", false, "rewrite the bundled heartrate and chatroom examples in ../assets from what the studio saves")

// exampleBuild is one bundled example made in the window from an empty
// project, the way a person makes it: the import wizard's finish (the
// service, then its variable), widgets from the Add menu, property and
// binding edits from the panels, Save.
type exampleBuild struct {
	name   string // the example's name in assets
	folder string // the new project's folder (and display name)
	// The two values the wizard makes up: the service's API id (a random
	// UUID) and the variable's creation time (its _id).
	apiID   string
	created time.Time
	spec    importer.Spec
	varName string
	limit   int
	widgets func(t *testing.T, h *harness, v *project.Variable)
}

var exampleBuilds = []exampleBuild{
	{
		name: "heartrate", folder: "HeartRateMonitor",
		apiID: "7d3f9b2e-4a61-4c58-9e0d-2b8a6c1f5e71", created: time.UnixMilli(1764000000001),
		spec: importer.Spec{ID: "heartrate", URL: "ws://127.0.0.1:8765/heartrate",
			SampleResponse: `{"time":1764000000000,"value":72}`},
		varName: "HeartRate", limit: 20,
		widgets: func(t *testing.T, h *harness, v *project.Variable) {
			// on top, two labels: the latest reading's time (as a time of
			// day) and value
			at := addWidget(t, h, project.KindLabel, v) // bound to lastRecord.time on its own
			setProp(t, h, at, "format", "hh:mm:ss a")
			value := addWidget(t, h, project.KindLabel, v)
			setProp(t, h, value, "caption", "bind:Variables.HeartRate.lastRecord.value")
			addWidget(t, h, project.KindTable, v)
			addWidget(t, h, project.KindChart, v)
		},
	},
	{
		name: "chatroom", folder: "ChatRoom",
		apiID: "b1e8c4d2-6f3a-4e97-8a5c-0d2f7b9e3a16", created: time.UnixMilli(1764000000002),
		spec: importer.Spec{ID: "chatroom", URL: "ws://127.0.0.1:8765/chatroom?username=user1",
			Query:          []project.Param{{Name: "username", Value: "user1"}},
			SampleRequest:  `{"text":"hello"}`,
			SampleResponse: `{"username":"user1","text":"hello","time":1764000000000}`},
		varName: "Chatroom", limit: 20,
		widgets: func(t *testing.T, h *harness, v *project.Variable) {
			// each message's name, text and time of day
			list := addWidget(t, h, project.KindList, v)
			setProp(t, h, list, "itemSubtitle", "text")
			setProp(t, h, list, "itemDetail", "time")
			setProp(t, h, list, "itemDetailFormat", "hh:mm:ss a")
			// what is typed in the textarea is sent by the button's send()
			text := addWidget(t, h, project.KindTextarea, v)
			addWidget(t, h, project.KindButton, v)
			h.s.SetBinding(v, "RequestBody", project.InputBinding(text.Name))
		},
	},
}

// addWidget is Project → Add <kind> with v selected.
func addWidget(t *testing.T, h *harness, kind string, v *project.Variable) *project.Widget {
	t.Helper()
	w, err := h.s.AddWidget(kind, v)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// setProp is a property typed into the widget panel and applied.
func setProp(t *testing.T, h *harness, w *project.Widget, key, value string) {
	t.Helper()
	prop := project.KindByName(w.Kind).Prop(key)
	if prop == nil {
		t.Fatalf("a %s has no property %s", w.Kind, key)
	}
	var err error
	h.s.UpdateWidget(w, func(w *project.Widget) { err = prop.Set(w, value) })
	if err != nil {
		t.Fatal(err)
	}
}

// build makes the example in h's window and saves it; it returns the
// project's folder.
func (b exampleBuild) build(t *testing.T, h *harness) string {
	t.Helper()
	parent := t.TempDir()
	if err := h.s.CreateProject(parent, b.folder); err != nil {
		t.Fatal(err)
	}
	p := h.s.proj
	// the wizard's Finish: the service goes in, then its variable, with
	// the strategy and limit chosen on the wizard's last panel
	svc, err := importer.Build(b.spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc.APIID = b.apiID
	if _, err := importer.Add(p, importer.Plan{Service: svc}); err != nil {
		t.Fatal(err)
	}
	v := NewVariable(b.varName, svc, project.OwnerPage, p.HomePage)
	v.ID = project.VariableID(b.varName, b.created)
	v.Strategy, v.DataLimit = project.StrategyAppend, b.limit
	if err := p.AddVariable(v); err != nil {
		t.Fatal(err)
	}
	h.s.imported(svc, v)
	b.widgets(t, h, v)
	if err := h.s.Save(); err != nil {
		t.Fatal(err)
	}
	return p.Dir
}

// TestBundledExamplesAreWhatTheStudioSaves builds each interactive example
// in the window and compares the saved folder, byte for byte, with the
// bundled one; -update rewrites the bundled files.
func TestBundledExamplesAreWhatTheStudioSaves(t *testing.T) {
	for _, b := range exampleBuilds {
		t.Run(b.name, func(t *testing.T) {
			h := newHarness(t, nil, Options{NoAutoConnect: true})
			dir := b.build(t, h)
			if *updateExamples {
				dst := filepath.Join("..", "assets", b.name)
				if err := os.RemoveAll(dst); err != nil {
					t.Fatal(err)
				}
				if err := os.CopyFS(dst, os.DirFS(dir)); err != nil {
					t.Fatal(err)
				}
				return
			}
			bundled, err := assets.ExampleNamed(b.name)
			if err != nil {
				t.Fatalf("%v (go test ./ui -run BundledExamples -update)", err)
			}
			sameTree(t, b.name+" (go test ./ui -run BundledExamples -update)", readTree(t, os.DirFS(dir)), readTree(t, bundled))
		})
	}
}
