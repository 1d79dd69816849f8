package assets_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"wsstudio/assets"
	"wsstudio/importer"
	"wsstudio/project"
)

var update = flag.Bool("update", false, "rewrite assets/example from the project package")

// buildExample makes the bundled example project with the real importer and
// project packages: three demo feeds, a variable for each (append, prepend,
// refresh), and a line chart, a table and a list.
func buildExample(t *testing.T, dir string) {
	t.Helper()
	p, err := project.Create(dir, "Live Dashboard")
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	services := []struct {
		spec  importer.Spec
		apiID string
	}{
		{importer.Spec{ID: "ticker", URL: "ws://127.0.0.1:8765/ticker?symbols=ACME,GLOBEX,INITECH&interval=700ms",
			SampleRequest:  `{"subscribe":["ACME","GLOBEX","INITECH"]}`,
			SampleResponse: `{"symbol":"ACME","price":212.5,"change":-1.25,"volume":2300,"time":1764000000000}`},
			"5f1d8a52-7c1e-4b7e-9a53-0d6f2b9e0a11"},
		{importer.Spec{ID: "randomnumber", URL: "ws://127.0.0.1:8765/randomnumber?interval=300ms",
			SampleResponse: `{"time":1764000000000,"value":42}`},
			"9b0c3e7d-2a4f-4d8e-8c61-3e5f7a9b1c22"},
		{importer.Spec{ID: "sensors", URL: "ws://127.0.0.1:8765/sensors?site=lab-1&interval=1s",
			SampleResponse: `{"site":"lab-1","time":1764000000000,"readings":[{"sensor":"s1","cm":12.5,"temperature":21.25,"ok":true}]}`},
			"c4e2f6a8-1b3d-4e5f-a7b9-5d6e8f0a2b33"},
	}
	for _, s := range services {
		svc, err := importer.Build(s.spec, &project.Service{ID: s.spec.ID, APIID: s.apiID})
		if err != nil {
			t.Fatalf("build %s: %v", s.spec.ID, err)
		}
		if err := p.AddService(svc); err != nil {
			t.Fatalf("add %s: %v", s.spec.ID, err)
		}
	}
	vars := []*project.Variable{
		{ID: "wm-Numbers-wm.WebSocketVariable-1764000000001", Name: "Numbers", Owner: project.OwnerApp, Service: "randomnumber",
			StartUpdate: true, Strategy: project.StrategyAppend, DataLimit: 60},
		{ID: "wm-Quotes-wm.WebSocketVariable-1764000000002", Name: "Quotes", Owner: project.OwnerPage, Service: "ticker",
			StartUpdate: true, Strategy: project.StrategyPrepend, DataLimit: 20,
			DataBinding: []project.Binding{
				{Target: "symbols", Value: "ACME,GLOBEX,INITECH", Type: "string"},
				{Target: "RequestBody", Value: `{"subscribe":["ACME","GLOBEX","INITECH"]}`, Type: "object"},
			}},
		{ID: "wm-Sensors-wm.WebSocketVariable-1764000000003", Name: "Sensors", Owner: project.OwnerPage, Service: "sensors",
			StartUpdate: true, Strategy: project.StrategyRefresh, DataLimit: 20,
			DataBinding: []project.Binding{{Target: "site", Value: "lab-1", Type: "string"}}},
	}
	for _, v := range vars {
		if err := p.AddVariable(v); err != nil {
			t.Fatalf("add variable %s: %v", v.Name, err)
		}
	}
	chart := project.DefaultWidget(project.KindChart, "numbersChart", p.Variable("Numbers"), p.Service("randomnumber").Response)
	chart.Title, chart.Height, chart.XKey, chart.YKeys = "Random numbers", 200, "time", []string{"value"}
	table := project.DefaultWidget(project.KindTable, "quotesTable", p.Variable("Quotes"), p.Service("ticker").Response)
	table.Title, table.Height = "Quotes, newest first", 200
	for i := range table.Columns {
		if table.Columns[i].Binding == "time" {
			table.Columns[i].Type = "time" // shown as a time of day, not epoch milliseconds
		}
	}
	list := project.DefaultWidget(project.KindList, "sensorsList", p.Variable("Sensors"), p.Service("sensors").Response)
	list.Title, list.Height, list.BindPath = "Sensor readings (latest message)", 200, "readings"
	list.ItemTitle, list.ItemSubtitle, list.ItemDetail = "sensor", "cm", "temperature"
	// the chart and the list share the first row of the studio's canvas at
	// 1280x800, the table's five columns take the second
	for _, w := range []*project.Widget{chart, list, table} {
		w.Page = p.HomePage
		if err := p.AddWidget(w); err != nil {
			t.Fatalf("add widget %s: %v", w.Name, err)
		}
	}
	if err := p.Save(); err != nil {
		t.Fatalf("save: %v", err)
	}
}

// readTree reads every file under root, by slash path.
func readTree(t *testing.T, fsys fs.FS) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		out[path] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExampleIsWhatTheProjectPackageWrites rebuilds the example and
// compares it with the bundled files; -update rewrites them.
func TestExampleIsWhatTheProjectPackageWrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "example")
	buildExample(t, dir)
	if *update {
		if err := os.RemoveAll("example"); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS("example", os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readTree(t, os.DirFS(dir))
	bundled, ok := assets.Example()
	if !ok {
		t.Fatal("the build carries no example project; run go test ./assets -update")
	}
	got := readTree(t, bundled)
	var names []string
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !bytes.Equal(got[n], want[n]) {
			t.Errorf("example file %s differs from what the project package writes (go test ./assets -update)", n)
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("example file %s is not written by the project package", n)
		}
	}
}

func TestCopyExampleWritesAProjectAndKeepsUserChanges(t *testing.T) {
	if _, ok := assets.Example(); !ok {
		t.Skip("no example project in this build")
	}
	dir := filepath.Join(t.TempDir(), "ex")
	if err := assets.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	p, err := project.Open(dir)
	if err != nil {
		t.Fatalf("open the copied example: %v", err)
	}
	if len(p.Variables) != 3 || len(p.Page(p.HomePage).Widgets) != 3 {
		t.Fatalf("example has %d variables and %d widgets, want 3 and 3", len(p.Variables), len(p.Page(p.HomePage).Widgets))
	}
	// a second copy keeps what the user changed
	marker := filepath.Join(dir, "src/main/webapp/pages/Main/Main.css")
	if err := os.WriteFile(marker, []byte("/* mine */\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := assets.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(marker); string(b) != "/* mine */\n" {
		t.Fatalf("a second copy overwrote the user's file: %q", b)
	}
}

func TestIconIsEmbedded(t *testing.T) {
	ic := assets.Icon()
	if ic == nil || len(ic.Content()) < 8 || !bytes.HasPrefix(ic.Content(), []byte("\x89PNG")) {
		t.Fatal("the app icon is missing or not a PNG")
	}
}

// TestExamplesOpenOnTheBuiltInFeeds: every bundled example is a project
// that opens, whose services all live on the demo feeds' address, so that
// it runs live without a network.
func TestExamplesOpenOnTheBuiltInFeeds(t *testing.T) {
	var names []string
	for _, e := range assets.Examples() {
		names = append(names, e.Name)
		if e.Title == "" || e.Summary == "" {
			t.Errorf("example %s has no title or summary", e.Name)
		}
		fsys, err := assets.ExampleNamed(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), e.Name)
		if err := os.CopyFS(dir, fsys); err != nil {
			t.Fatal(err)
		}
		p, err := project.Open(dir)
		if err != nil {
			t.Fatalf("example %s: %v", e.Name, err)
		}
		if len(p.Services) == 0 || len(p.Variables) == 0 || len(p.Page(p.HomePage).Widgets) == 0 {
			t.Errorf("example %s has %d services, %d variables and %d widgets; want some of each",
				e.Name, len(p.Services), len(p.Variables), len(p.Page(p.HomePage).Widgets))
		}
		for _, svc := range p.Services {
			if svc.Scheme != "ws" || svc.Host != "127.0.0.1:8765" {
				t.Errorf("example %s: service %s is on %s://%s, not on the built-in feeds", e.Name, svc.ID, svc.Scheme, svc.Host)
			}
		}
	}
	if got := strings.Join(names, ","); got != "dashboard,heartrate,chatroom" {
		t.Fatalf("examples = %s, want dashboard,heartrate,chatroom", got)
	}
	_, err := assets.ExampleNamed("chat")
	if want := `there is no example called "chat"; the examples are dashboard, heartrate, chatroom`; err == nil || err.Error() != want {
		t.Fatalf("ExampleNamed(chat) = %v, want %q", err, want)
	}
}
