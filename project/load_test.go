package project

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// memSource is a project held in memory, for the loader's fuzz targets.
type memSource map[string][]byte

func (m memSource) read(rel string) ([]byte, bool, error) {
	d, ok := m[rel]
	return d, ok, nil
}

func (m memSource) list(rel string, dirs bool) ([]string, error) {
	set := map[string]bool{}
	for k := range m {
		rest, ok := strings.CutPrefix(k, rel+"/")
		if !ok {
			continue
		}
		first, more, isDir := strings.Cut(rest, "/")
		_ = more
		if isDir == dirs {
			set[first] = true
		}
	}
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

func (m memSource) dirs(rel string) ([]string, error)  { return m.list(rel, true) }
func (m memSource) files(rel string) ([]string, error) { return m.list(rel, false) }

func fixtureSource(t testing.TB) memSource {
	m := memSource{}
	for rel, data := range tree(t, filepath.Join("testdata", "market")) {
		m[rel] = data
	}
	return m
}

func TestMalformedFilesNameFileAndLine(t *testing.T) {
	for _, c := range []struct {
		file, content, want string
	}{
		{mainVars, "{\n  \"a\": {\n    \"b\": ,\n  }\n}\n", "src/main/webapp/pages/Main/Main.variables.json:3:"},
		{"src/main/webapp/app.variables.json", "[1, 2]", "app.variables.json: expected a JSON object"},
		{"services/ticker/designtime/ticker_connection_settings.json", "{\n\"endpointAddress\": \"x\"\n\"method\": 1}", "ticker_connection_settings.json:3:"},
		{"services/ticker/src/ticker.spring.xml", "<beans>\n<bean>\n</beans>", "services/ticker/src/ticker.spring.xml:3: malformed XML"},
		{qaProps, "a=1\nb=\\uXYZW\n", "profiles/qa.properties:2: malformed \\uXXXX escape"},
		{wmProject, "<properties>\n<entry key=\"a\">\n</properties>", ".wmproject.properties:3: malformed XML"},
		{"services/echo/designtime/service-info.json", "{\"id\": \"echo\",", "service-info.json:1:"},
	} {
		dir := copyFixture(t, "market")
		if err := os.WriteFile(filepath.Join(dir, c.file), []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Open(dir)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.file, err, c.want)
		}
	}
}

func TestOpenNotAProject(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(dir)
	if err == nil || err.Error() != dir+" is not a WaveMaker project: no .wmproject.properties" || !errors.Is(err, ErrNotProject) {
		t.Errorf("%v", err)
	}
}

func TestCreate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	p, err := Create(dir, "Quotes Board")
	if err != nil {
		t.Fatal(err)
	}
	got := tree(t, dir)
	var names []string
	for k := range got {
		names = append(names, k)
	}
	sort.Strings(names)
	want := []string{".wmproject.properties", "profiles/deployment.properties", "profiles/development.properties",
		"src/main/webapp/app.js", "src/main/webapp/app.variables.json",
		"src/main/webapp/pages/Main/Main.css", "src/main/webapp/pages/Main/Main.html",
		"src/main/webapp/pages/Main/Main.js", "src/main/webapp/pages/Main/Main.variables.json"}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("files\n%v\nwant\n%v", names, want)
	}
	if p.DisplayName != "Quotes Board" || p.HomePage != "Main" || len(p.Pages) != 1 || len(p.Profiles) != 2 {
		t.Errorf("%+v", p)
	}
	if !strings.Contains(string(got[".wmproject.properties"]), `<entry key="displayName">Quotes Board</entry>`) {
		t.Error(string(got[".wmproject.properties"]))
	}
	if _, err := Create(dir, "again"); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("create over a project: %v", err)
	}
	// A new project saves as it is.
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	if c := changed(got, tree(t, dir)); len(c) > 0 {
		t.Errorf("saving a new project changed %v", c)
	}
}

func TestServiceFiles(t *testing.T) {
	p := mustOpen(t, copyFixture(t, "market"))
	files, err := p.ServiceFiles("sensors")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"services/sensors/designtime/notes.json",
		"services/sensors/designtime/sensors_API_WEBSOCKET_SERVICE.json",
		"services/sensors/designtime/sensors_apiTarget.json",
		"services/sensors/designtime/sensors_connection_settings.json",
		"services/sensors/designtime/sensors_studio_settings.json",
		"services/sensors/designtime/service-info.json",
		"services/sensors/src/sensors_apiTarget.json",
		"services/sensors/src/service_sensors.spring.xml",
		"services/sensors/src/servicedefs/sensors-service-definitions.json",
	}
	if strings.Join(files, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s", strings.Join(files, "\n"))
	}
}

// FuzzLoadVariables feeds the loader arbitrary variables files: it must
// return a project or an error naming the file, never panic; and what it
// loads must save and load back to the same variables.
func FuzzLoadVariables(f *testing.F) {
	base := fixtureSource(f)
	f.Add(base[mainVars])
	f.Add([]byte(`{"V":{"category":"wm.WebSocketVariable","dataBinding":{"a":1},"dataLimit":"7","studio":{"pingInterval":5}}}`))
	f.Add([]byte(`{"../x":{"category":"wm.WebSocketVariable"}}`))
	f.Add([]byte(`{"a":1,"a":{"category":"wm.WebSocketVariable"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := memSource{}
		for k, v := range base {
			src[k] = v
		}
		src[mainVars] = data
		p, err := load("/fuzz", src, "/fuzz")
		if err != nil {
			if !strings.Contains(err.Error(), "Main.variables.json") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		out := map[string][]byte{}
		if err := p.renderVariables(out); err != nil {
			return // e.g. two entries with one name: refused, not written
		}
		if b := out[mainVars]; b != nil {
			if _, err := parseObject(mainVars, b); err != nil {
				t.Fatalf("the studio wrote invalid JSON: %v\n%s", err, b)
			}
		}
	})
}

// FuzzLoadMarkup feeds the loader arbitrary page markup.
func FuzzLoadMarkup(f *testing.F) {
	base := fixtureSource(f)
	f.Add(base[mainHTML])
	f.Add([]byte(`<wm-table name="t" dataset="bind:Variables.Quotes.dataSet"><wm-table-column binding="a"><wm-table name="x"></wm-table>`))
	f.Add([]byte(`<wm-chart name="c" dataset="bind:Variables.Quotes.dataSet.a.b"/><wm-list name="l" dataset="bind:Variables.Echo.dataSet">`))
	f.Add([]byte(chatPage))
	f.Add([]byte(`<wm-list name="x" dataset="bind:Variables.staticData.dataSet"><wm-label name="in" caption="bind:item"></wm-label></wm-list><wm-button name="b" on-click="Page.f()"/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := memSource{}
		for k, v := range base {
			src[k] = v
		}
		src[mainHTML] = data
		p, err := load("/fuzz", src, "/fuzz")
		if err != nil {
			if !strings.Contains(err.Error(), "Main.html") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		// Unchanged widgets render to the same bytes; changed ones parse back.
		out := map[string][]byte{}
		if err := p.renderPages(out); err != nil {
			return
		}
		if b := out[mainHTML]; b != nil && string(b) != string(data) {
			t.Fatalf("an unchanged page was rewritten:\n%q\n%q", data, b)
		}
		for _, w := range p.Page("Main").Widgets {
			w.Title = "t<&\">"
		}
		out = map[string][]byte{}
		if err := p.renderPages(out); err != nil {
			return
		}
		_, ws, _, err := readMarkup(mainHTML, "Main", out[mainHTML], map[string]bool{"Quotes": true, "Echo": true, "staticData": false})
		if err != nil {
			t.Fatal(err)
		}
		if len(ws) != len(p.Page("Main").Widgets) {
			t.Fatalf("%d widgets written, %d read back:\n%s", len(p.Page("Main").Widgets), len(ws), out[mainHTML])
		}
	})
}

// FuzzInside checks that no accepted name or path leads outside the folder.
func FuzzInside(f *testing.F) {
	for _, s := range []string{"ticker", "..", "a/../..", "/etc", "a\\..\\b", "..%2f", "x\x00y", "C:\\x"} {
		f.Add(s)
	}
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, s string) {
		if ValidIdentifier(s) == nil {
			if strings.ContainsAny(s, "./\\ \x00") {
				t.Fatalf("ValidIdentifier accepted %q", s)
			}
		}
		full, err := inside(root, s)
		if err != nil {
			return
		}
		rel, err := filepath.Rel(root, full)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || path.IsAbs(rel) {
			t.Fatalf("inside(%q) = %q, outside %q", s, full, root)
		}
	})
}

func TestOddButValidProjectsOpenAndSave(t *testing.T) {
	dir := copyFixture(t, "market")
	// A WebSocket variable with a name the studio cannot use, and one name
	// on two pages (WaveMaker allows both).
	dash := filepath.Join(dir, dashVars)
	data, _ := os.ReadFile(dash)
	data = []byte(strings.Replace(string(data), `"goToMain": {`, `"my-feed": {"category": "wm.WebSocketVariable", "service": "echo"},
  "Quotes": {"category": "wm.WebSocketVariable", "name": "Quotes", "service": "ticker"},
  "goToMain": {`, 1))
	os.WriteFile(dash, data, 0o644)
	before := tree(t, dir)
	p := mustOpen(t, dir)
	var names []string
	for _, v := range p.Variables {
		names = append(names, v.Page+"."+v.Name)
	}
	if p.VariableOn("Main", "Quotes").Page != "Main" || p.VariableOn("Dashboard", "Quotes").Page != "Dashboard" || p.VariableOn("Main", "Echo") == nil {
		t.Error("VariableOn")
	}
	if strings.Join(names, " ") != ".Echo Dashboard.Sensors Dashboard.Quotes Main.Quotes" {
		t.Errorf("variables %v", names)
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	if c := changed(before, tree(t, dir)); len(c) > 0 {
		t.Errorf("open + save changed %v", c)
	}
}

// FuzzLoadService feeds the loader arbitrary service files (the connection
// settings, the designtime Swagger file and the studio's own settings): it
// must return a project or an error naming the file, never panic; and a
// service it loads must write back as valid JSON.
func FuzzLoadService(f *testing.F) {
	base := fixtureSource(f)
	const (
		conn   = "services/ticker/designtime/ticker_connection_settings.json"
		api    = "services/ticker/designtime/ticker_API_WEBSOCKET_SERVICE.json"
		studio = "services/ticker/designtime/ticker_studio_settings.json"
	)
	f.Add(base[conn], base[api], base[studio])
	f.Add([]byte(`{"endpointAddress":"ws://h/{a}/{a}?x=%zz","queryParams":{"x":1,"x":[2]},"headers":[1]}`),
		[]byte(`{"paths":{"/":{"get":{"parameters":[{"in":"path","name":"a","required":"yes"}]}}},"definitions":{"RootResponse":{"properties":{"a":{"$ref":"#/definitions/RootResponse"}}}}}`),
		[]byte(`{"pathParams":[{"name":"a"},{"name":"b"}],"subprotocols":"v1"}`))
	f.Fuzz(func(t *testing.T, connData, apiData, studioData []byte) {
		src := memSource{}
		for k, v := range base {
			src[k] = v
		}
		src[conn], src[api], src[studio] = connData, apiData, studioData
		p, err := load("/fuzz", src, "/fuzz")
		if err != nil {
			if !strings.Contains(err.Error(), "ticker") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		s := p.Service("ticker")
		if s == nil {
			t.Fatal("the ticker service was dropped")
		}
		c := cloneService(s)
		if fillService(c) != nil {
			return // an endpoint the writer refuses: an error, not a file
		}
		for rel, data := range serviceFiles(c, false) {
			if strings.HasSuffix(rel, ".json") {
				if _, err := parseObject(rel, data); err != nil {
					t.Fatalf("the studio wrote invalid JSON to %s: %v\n%s", rel, err, data)
				}
			}
		}
	})
}
