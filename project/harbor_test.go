package project

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// The harbor fixture is a project written the way WaveMaker writes one
// (Jackson's "key" : value, "{ }", no final newline), with a hand-edited
// profile, an older WebSocket service described by servicedef.xml whose
// host has no port, a REST service, and the pom.xml and project-services.xml
// entries of both. Each action must change exactly the lines it owns.

var chatFiles = []string{
	"?? services/chat/designtime/chat_API_WEBSOCKET_SERVICE.json",
	"?? services/chat/designtime/chat_apiTarget.json",
	"?? services/chat/designtime/chat_connection_settings.json",
	"?? services/chat/designtime/chat_studio_settings.json",
	"?? services/chat/designtime/service-info.json",
	"?? services/chat/src/chat.spring.xml",
	"?? services/chat/src/chat_apiTarget.json",
	"?? services/chat/src/servicedefs/chat-service-definitions.json",
}

var websocketGone = []string{
	"D services/websocket/designtime/servicedef.xml",
	"D services/websocket/designtime/websocket_API_WEBSOCKET_SERVICE.json",
	"D services/websocket/designtime/websocket_apiTarget.json",
	"D services/websocket/designtime/websocket_connection_settings.json",
	"D services/websocket/src/servicedefs/websocket-service-definitions.json",
	"D services/websocket/src/websocket.spring.xml",
	"D services/websocket/src/websocket_apiTarget.json",
}

const noNL = `\ No newline at end of file`

type harborCase struct {
	name   string
	act    func(t *testing.T, p *Project)
	status []string            // git status --porcelain, sorted
	diff   map[string][]string // removed and added lines of each modified file
}

var harborCases = []harborCase{
	{
		name: "import",
		act: func(t *testing.T, p *Project) {
			s, err := NewService("chat", "wss://chat.example.com/rooms/lobby")
			must(t, err)
			s.APIID = "11111111-2222-4333-8444-555555555555"
			s.Subprotocols = []string{"chat.v1"}
			must(t, p.AddService(s))
			t.Cleanup(func() {
				// The new service is written the way the project's are.
				data, err := os.ReadFile(filepath.Join(p.Dir, "services/chat/designtime/service-info.json"))
				if err != nil || string(data) != "{\n  \"id\" : \"chat\",\n  \"type\" : \"WebSocketService\",\n  \"title\" : \"chat\"\n}" {
					t.Errorf("chat service-info.json: %q %v", data, err)
				}
				if fi, err := os.Stat(filepath.Join(p.Dir, "services/chat/designtime/chat_connection_settings.json")); err != nil || fi.Mode().Perm() != 0o600 {
					t.Errorf("connection settings mode: %v %v", fi.Mode(), err)
				}
			})
		},
		status: append([]string{
			"M pom.xml", "M profiles/deployment.properties", "M profiles/development.properties",
			"M src/main/webapp/WEB-INF/project-services.xml"}, chatFiles...),
		diff: map[string][]string{
			"pom.xml": {
				"+            <resource>",
				"+                <directory>services/chat/src</directory>",
				"+                <includes>",
				"+                    <include>**/*.xml</include>",
				"+                    <include>**/*.json</include>",
				"+                </includes>",
				"+            </resource>",
				"+                                <source>services/chat/src</source>",
			},
			"profiles/deployment.properties": {
				"+websocket.chat.basepath = /rooms",
				"+websocket.chat.host = chat.example.com",
				"+websocket.chat.scheme = wss",
			},
			"profiles/development.properties": {
				"-websocket.websocket.scheme=wss", noNL,
				"+websocket.websocket.scheme=wss",
				"+websocket.chat.basepath=/rooms",
				"+websocket.chat.host=chat.example.com",
				"+websocket.chat.scheme=wss", noNL,
			},
			"src/main/webapp/WEB-INF/project-services.xml": {`+    <import resource="classpath:chat.spring.xml"/>`},
		},
	},
	{
		name: "add variable",
		act: func(t *testing.T, p *Project) {
			v := NewVariable("Chat", p.Service("websocket"), OwnerPage, "Main")
			v.ID = "wm-Chat-wm.WebSocketVariable-1764000000000"
			must(t, p.AddVariable(v))
		},
		status: []string{"M src/main/webapp/pages/Main/Main.variables.json"},
		diff: map[string][]string{"src/main/webapp/pages/Main/Main.variables.json": {
			"+  },",
			`+  "Chat" : {`,
			`+    "_id" : "wm-Chat-wm.WebSocketVariable-1764000000000",`,
			`+    "name" : "Chat",`,
			`+    "owner" : "Page",`,
			`+    "category" : "wm.WebSocketVariable",`,
			`+    "dataBinding" : [ ],`,
			`+    "service" : "websocket",`,
			`+    "operationId" : "websocket_WebSocketServiceVirtualController-invoke",`,
			`+    "dataSet" : [ ],`,
			`+    "type" : "websocket.RootResponse",`,
			`+    "isDefault" : false,`,
			`+    "isList" : false,`,
			`+    "startUpdate" : true,`,
			`+    "dataUpdateStrategy" : "refresh",`,
			`+    "dataLimit" : 20`,
		}},
	},
	{
		name:   "edit a variable property",
		act:    func(t *testing.T, p *Project) { p.Variable("Echo").DataLimit = 50 },
		status: []string{"M src/main/webapp/pages/Main/Main.variables.json"},
		diff: map[string][]string{"src/main/webapp/pages/Main/Main.variables.json": {
			`-    "dataLimit" : 20`, `+    "dataLimit" : 50`,
		}},
	},
	{
		name: "rename a service",
		act: func(t *testing.T, p *Project) {
			must(t, p.RenameService("websocket", "echo"))
			t.Cleanup(func() {
				data, err := os.ReadFile(filepath.Join(p.Dir, "services/echo/designtime/servicedef.xml"))
				if err != nil || !strings.Contains(string(data), `id="echo" type="WebSocketService" springFile="echo.spring.xml" CRUDService="false">`) {
					t.Errorf("servicedef.xml after the rename:\n%s", data)
				}
			})
		},
		status: append(append([]string{
			"M pom.xml", "M profiles/deployment.properties", "M profiles/development.properties"}, websocketGone...),
			"M src/main/webapp/WEB-INF/project-services.xml", "M src/main/webapp/pages/Main/Main.variables.json",
			"?? services/echo/designtime/echo_API_WEBSOCKET_SERVICE.json",
			"?? services/echo/designtime/echo_apiTarget.json",
			"?? services/echo/designtime/echo_connection_settings.json",
			"?? services/echo/designtime/servicedef.xml",
			"?? services/echo/src/echo.spring.xml",
			"?? services/echo/src/echo_apiTarget.json",
			"?? services/echo/src/servicedefs/echo-service-definitions.json"),
		diff: map[string][]string{
			"pom.xml": {
				"-                <directory>services/websocket/src</directory>",
				"+                <directory>services/echo/src</directory>",
				"-                                <source>services/websocket/src</source>",
				"+                                <source>services/echo/src</source>",
			},
			"profiles/deployment.properties": {
				"-websocket.websocket.scheme = wss",
				"-websocket.websocket.host = echo.websocket.org",
				"-websocket.websocket.basepath = ",
				"+websocket.echo.scheme = wss",
				"+websocket.echo.host = echo.websocket.org",
				"+websocket.echo.basepath = ",
			},
			"profiles/development.properties": {
				"-websocket.websocket.basepath=",
				"-websocket.websocket.host=echo.websocket.org",
				"-websocket.websocket.scheme=wss", noNL,
				"+websocket.echo.basepath=",
				"+websocket.echo.host=echo.websocket.org",
				"+websocket.echo.scheme=wss", noNL,
			},
			"src/main/webapp/WEB-INF/project-services.xml": {
				`-    <import resource="classpath:websocket.spring.xml"/>`,
				`+    <import resource="classpath:echo.spring.xml"/>`,
			},
			"src/main/webapp/pages/Main/Main.variables.json": {
				`-    "service" : "websocket",`,
				`-    "operationId" : "websocket_WebSocketServiceVirtualController-invoke",`,
				`+    "service" : "echo",`,
				`+    "operationId" : "echo_WebSocketServiceVirtualController-invoke",`,
				`-    "type" : "websocket.RootResponse",`,
				`+    "type" : "echo.RootResponse",`,
			},
		},
	},
	{
		name: "delete a service",
		act: func(t *testing.T, p *Project) {
			bound, err := p.DeleteService("websocket")
			must(t, err)
			if !reflect.DeepEqual(bound, []string{"Echo"}) {
				t.Errorf("variables bound to the deleted service: %v", bound)
			}
		},
		status: append(append([]string{
			"M pom.xml", "M profiles/deployment.properties", "M profiles/development.properties"}, websocketGone...),
			"M src/main/webapp/WEB-INF/project-services.xml"),
		diff: map[string][]string{
			"pom.xml": {
				"-            <resource>",
				"-                <directory>services/websocket/src</directory>",
				"-                <includes>",
				"-                    <include>**/*.xml</include>",
				"-                    <include>**/*.json</include>",
				"-                </includes>",
				"-            </resource>",
				"-                                <source>services/websocket/src</source>",
			},
			"profiles/deployment.properties": {
				"-websocket.websocket.scheme = wss",
				"-websocket.websocket.host = echo.websocket.org",
				"-websocket.websocket.basepath = ",
			},
			"profiles/development.properties": {
				`-weatherapi.api.url=https\://api.weather.example.org/v1`,
				"-websocket.websocket.basepath=",
				"-websocket.websocket.host=echo.websocket.org",
				"-websocket.websocket.scheme=wss", noNL,
				`+weatherapi.api.url=https\://api.weather.example.org/v1`, noNL,
			},
			"src/main/webapp/WEB-INF/project-services.xml": {`-    <import resource="classpath:websocket.spring.xml"/>`},
		},
	},
	{
		name: "add a widget",
		act: func(t *testing.T, p *Project) {
			must(t, p.AddWidget(&Widget{Kind: KindChart, Name: "countChart", Page: "Main", Variable: "Echo", ChartType: "Line", XKey: "message", YKeys: []string{"count"}}))
		},
		status: []string{"M src/main/webapp/pages/Main/Main.html"},
		diff: map[string][]string{"src/main/webapp/pages/Main/Main.html": {
			`+            <wm-chart type="Line" name="countChart" dataset="bind:Variables.Echo.dataSet" xaxisdatakey="message" yaxisdatakey="count"></wm-chart>`,
		}},
	},
	{
		name:   "move a widget",
		act:    func(t *testing.T, p *Project) { must(t, p.MoveWidget("Main", "echoTable", 1)) }, // below the heading label1
		status: []string{"M src/main/webapp/pages/Main/Main.html"},
		diff: map[string][]string{"src/main/webapp/pages/Main/Main.html": {
			`-            <wm-list name="echoList" dataset="bind:Variables.Echo.dataSet" navigation="None" itemtitle="message"></wm-list>`,
			`+            <wm-list name="echoList" dataset="bind:Variables.Echo.dataSet" navigation="None" itemtitle="message"></wm-list>`,
		}},
	},
	{
		name:   "delete a widget",
		act:    func(t *testing.T, p *Project) { must(t, p.DeleteWidget("Main", "echoList")) },
		status: []string{"M src/main/webapp/pages/Main/Main.html"},
		diff: map[string][]string{"src/main/webapp/pages/Main/Main.html": {
			`-            <wm-list name="echoList" dataset="bind:Variables.Echo.dataSet" navigation="None" itemtitle="message"></wm-list>`,
		}},
	},
	{
		name: "edit a service",
		act: func(t *testing.T, p *Project) {
			s := p.Service("websocket")
			s.Endpoint = "wss://echo.example.net/socket?room=harbor"
			s.Scheme, s.Host, s.QueryParams = "", "", nil
			s.Headers = []Param{{Name: "Authorization", Value: "Bearer x", Type: "string"}}
		},
		status: []string{
			"M profiles/development.properties",
			"M services/websocket/designtime/websocket_API_WEBSOCKET_SERVICE.json",
			"M services/websocket/designtime/websocket_apiTarget.json",
			"M services/websocket/designtime/websocket_connection_settings.json",
			"M services/websocket/src/servicedefs/websocket-service-definitions.json",
			"M services/websocket/src/websocket_apiTarget.json",
		},
		diff: map[string][]string{
			"profiles/development.properties": {"-websocket.websocket.host=echo.websocket.org", "+websocket.websocket.host=echo.example.net"},
			"services/websocket/designtime/websocket_API_WEBSOCKET_SERVICE.json": append([]string{
				`-  "host" : "echo.websocket.org",`, `+  "host" : "echo.example.net",`,
				`-    "/websocket/invoke/" : {`, `+    "/websocket/invoke/socket" : {`},
				swaggerEdit("/websocket/invoke/", "/websocket/invoke/socket")...),
			"services/websocket/designtime/websocket_apiTarget.json": append([]string{
				`-  "host" : "echo.websocket.org",`, `+  "host" : "echo.example.net",`,
				`-    "/" : {`, `+    "/socket" : {`},
				swaggerEdit("/", "/socket")...),
			"services/websocket/src/websocket_apiTarget.json": append([]string{`-    "/" : {`, `+    "/socket" : {`},
				swaggerEdit("/", "/socket")...),
			"services/websocket/designtime/websocket_connection_settings.json": {
				`-  "endpointAddress" : "wss://echo.websocket.org",`,
				`+  "endpointAddress" : "wss://echo.example.net/socket?room=harbor",`,
				`-  "headers" : { },`,
				`-  "queryParams" : { },`,
				`+  "headers" : {`,
				`+    "Authorization" : "Bearer x"`,
				`+  },`,
				`+  "queryParams" : {`,
				`+    "room" : "harbor"`,
				`+  },`,
			},
			"services/websocket/src/servicedefs/websocket-service-definitions.json": {
				`-      "relativePath" : "/websocket/invoke/",`,
				`-      "directPath" : "${websocket.websocket.scheme}://${websocket.websocket.host}${websocket.websocket.basepath}/",`,
				`-      "parameters" : [ ],`,
				`+      "relativePath" : "/websocket/invoke/socket",`,
				`+      "directPath" : "${websocket.websocket.scheme}://${websocket.websocket.host}${websocket.websocket.basepath}/socket",`,
				`+      "parameters" : [ {`,
				`+        "name" : "room",`,
				`+        "parameterType" : "query",`,
				`+        "type" : "string",`,
				`+        "required" : false`,
				`+      } ],`,
			},
		},
	},
	{name: "save with no change", act: func(t *testing.T, p *Project) {}},
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestHarborMinimalDiffs(t *testing.T) {
	for _, c := range harborCases {
		t.Run(c.name, func(t *testing.T) {
			dir := gitFixture(t, "harbor")
			p, err := Open(dir)
			must(t, err)
			c.act(t, p)
			must(t, p.Save())
			status, diff := gitChanges(t, dir)
			sort.Strings(status)
			want := append([]string(nil), c.status...)
			sort.Strings(want)
			if !reflect.DeepEqual(status, want) {
				t.Errorf("git status:\n%s\nwant:\n%s", strings.Join(status, "\n"), strings.Join(want, "\n"))
			}
			lines := 0
			for _, s := range status {
				f := s[strings.IndexByte(s, ' ')+1:]
				switch {
				case strings.HasPrefix(s, "M "):
					if !reflect.DeepEqual(diff[f], c.diff[f]) {
						t.Errorf("%s changed by:\n%s\nwant:\n%s", f, strings.Join(diff[f], "\n"), strings.Join(c.diff[f], "\n"))
					}
					for _, l := range diff[f] {
						if l != noNL {
							lines++
						}
					}
				case strings.HasPrefix(s, "?? "):
					data, err := os.ReadFile(filepath.Join(dir, f))
					must(t, err)
					lines += strings.Count(string(data), "\n") + 1
				}
			}
			t.Logf("%s: %d files, %d changed lines (new files counted whole)", c.name, len(status), lines)

			// Saving again, and reopening and saving, writes nothing.
			must(t, p.Save())
			q, err := Open(dir)
			must(t, err)
			must(t, q.Save())
			again, _ := gitChanges(t, dir)
			sort.Strings(again)
			if !reflect.DeepEqual(again, status) {
				t.Errorf("a second save changed the status to:\n%s", strings.Join(again, "\n"))
			}
			if temps := tempsIn(t, dir); len(temps) > 0 {
				t.Errorf("temporary files left: %v", temps)
			}
		})
	}
}

// tempsIn lists a save's temporaries under dir.
func tempsIn(t testing.TB, dir string) []string {
	var out []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && isTempName(fi.Name()) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// The servicedef.xml service is a whole WebSocket service: endpoint as
// written (no port added), samples, metadata, runnable.
func TestHarborServiceDefService(t *testing.T) {
	p, err := Open(copyFixture(t, "harbor"))
	must(t, err)
	s := p.Service("websocket")
	if s == nil || !s.IsWebSocket() || s.Type != ServiceTypeWebSocket || s.ReadOnly {
		t.Fatalf("websocket service: %+v", s)
	}
	if s.Host != "echo.websocket.org" || s.Endpoint != "wss://echo.websocket.org" || s.APIID != "3d1c2b7e-5a4f-4e8b-9c61-2f0a7d5e4b13" {
		t.Errorf("endpoint %q host %q API id %q", s.Endpoint, s.Host, s.APIID)
	}
	if len(s.Response) != 1 || len(s.Response[0].Properties) != 2 || s.SampleResponse == "" {
		t.Errorf("metadata %+v sample %q", s.Response, s.SampleResponse)
	}
	u, err := p.ResolveURLLookup(s, "", nil, func(string) (string, bool) { return "", false })
	if err != nil || u != "wss://echo.websocket.org/" {
		t.Errorf("URL %q, %v", u, err)
	}
	if r := p.Service("weatherapi"); r == nil || r.Type != "RestService" || !r.ReadOnly {
		t.Errorf("REST service %+v", r)
	}
	// An environment variable set to "" still overrides the profile.
	u, err = p.ResolveURLLookup(s, "", nil, func(k string) (string, bool) {
		if k == "WEBSOCKET_WEBSOCKET_HOST" {
			return "127.0.0.1:9", true
		}
		if k == "WEBSOCKET_WEBSOCKET_BASEPATH" {
			return "", true
		}
		return "", false
	})
	if err != nil || u != "wss://127.0.0.1:9/" {
		t.Errorf("URL with environment %q, %v", u, err)
	}
}

// Open, then Save without a change: no file is written (mtimes stay).
func TestHarborNoChangeWritesNothing(t *testing.T) {
	dir := copyFixture(t, "harbor")
	old := time.Unix(1_600_000_000, 0)
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	p, err := Open(dir)
	must(t, err)
	must(t, p.Save())
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.ModTime().Equal(old) {
			t.Errorf("%s was touched", p)
		}
		return nil
	})
}

// Snapshot, edit, Restore, Save: the folder stays as it was, whatever the
// edit touched (a service, a profile, a variable, a widget).
func TestHarborSnapshotRestoreWritesNothing(t *testing.T) {
	dir := gitFixture(t, "harbor")
	p, err := Open(dir)
	must(t, err)
	st := p.Snapshot()
	s := p.Service("websocket")
	s.Endpoint, s.Host = "wss://other.example.com:8443/x", "other.example.com:8443"
	p.Variable("Echo").DataLimit = 99
	must(t, p.SetProfile("deployment", "db.harbor.url", "jdbc:hsqldb:mem:x"))
	must(t, p.DeleteWidget("Main", "echoList"))
	must(t, harborImport(p))
	p.Restore(st)
	must(t, p.Save())
	if status, _ := gitChanges(t, dir); len(status) > 0 {
		t.Errorf("restored project changed: %v", status)
	}
	if p.disk.written != 0 {
		t.Errorf("%d files written", p.disk.written)
	}
}

// swaggerEdit is the diff of a Swagger document whose path key went from
// oldKey to newKey and gained the query parameter room.
func swaggerEdit(oldKey, newKey string) []string {
	cp := "${websocket.websocket.scheme}://${websocket.websocket.host}${websocket.websocket.basepath}"
	return []string{
		`-        "parameters" : [ ],`,
		`+        "parameters" : [ {`,
		`+          "name" : "room",`,
		`+          "in" : "query",`,
		`+          "type" : "string",`,
		`+          "required" : false`,
		`+        } ],`,
		`-      "x-WM-BASE_PATH" : "` + oldKey + `",`,
		`+      "x-WM-BASE_PATH" : "` + newKey + `",`,
		`-      "x-WM-COMPLETE_PATH" : "` + cp + `/"`,
		`+      "x-WM-COMPLETE_PATH" : "` + cp + `/socket"`,
	}
}

// A service folder with neither service-info.json nor servicedef.xml is
// listed read-only with the type its API file's name gives.
func TestServiceTypeFromTheAPIFile(t *testing.T) {
	dir := copyFixture(t, "harbor")
	must(t, os.Remove(filepath.Join(dir, "services/weatherapi/designtime/service-info.json")))
	p, err := Open(dir)
	must(t, err)
	if s := p.Service("weatherapi"); s == nil || s.Type != "RestService" || !s.ReadOnly {
		t.Errorf("weatherapi: %+v", s)
	}
	for _, c := range []struct{ files, want string }{
		{"x_API_WEBSOCKET_SERVICE.json", "WebSocketService"},
		{"notes.txt,x_API_SOAP_SERVICE.json", "SoapService"},
		{"notes.txt", ""},
		{"y_API_REST_SERVICE.json", ""},
	} {
		if got := typeFromFiles("x", strings.Split(c.files, ",")); got != c.want {
			t.Errorf("typeFromFiles(%s) = %q, want %q", c.files, got, c.want)
		}
	}
}

// A new variables file whose bindings carry a secret is created 0600; an
// existing file keeps its mode.
func TestSecretFilesAreCreatedPrivate(t *testing.T) {
	dir := copyFixture(t, "harbor")
	p, err := Open(dir)
	must(t, err)
	s := p.Service("websocket")
	v := NewVariable("Feed", s, OwnerPage, "Feed")
	v.DataBinding = []Binding{{Target: "token", Value: "abc", Type: "string"}}
	must(t, p.AddVariable(v))
	w := NewVariable("Plain", s, OwnerPage, "Plain")
	must(t, p.AddVariable(w))
	e := p.Variable("Echo")
	e.DataBinding = []Binding{{Target: "api_key", Value: "k", Type: "string"}}
	must(t, p.Save())
	for f, want := range map[string]os.FileMode{
		"src/main/webapp/pages/Feed/Feed.variables.json":   0o600,
		"src/main/webapp/pages/Plain/Plain.variables.json": 0o644,
		"src/main/webapp/pages/Main/Main.variables.json":   0o644,
	} {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", f, fi.Mode().Perm(), want, err)
		}
	}
}

// A profile that lacks an untouched service's keys is the user's choice:
// a save does not add them.
func TestUntouchedServiceAddsNoProfileKeys(t *testing.T) {
	dir := copyFixture(t, "harbor")
	dev := filepath.Join(dir, "profiles/development.properties")
	data, err := os.ReadFile(dev)
	must(t, err)
	cut := string(data[:strings.Index(string(data), "websocket.websocket.")])
	must(t, os.WriteFile(dev, []byte(cut), 0o644))
	p, err := Open(dir)
	must(t, err)
	must(t, p.Save())
	if p.disk.written != 0 {
		t.Errorf("%d files written", p.disk.written)
	}
	if got, _ := os.ReadFile(dev); string(got) != cut {
		t.Errorf("development profile became:\n%s", got)
	}
}
