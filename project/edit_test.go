package project

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	mainVars  = "src/main/webapp/pages/Main/Main.variables.json"
	mainHTML  = "src/main/webapp/pages/Main/Main.html"
	dashVars  = "src/main/webapp/pages/Dashboard/Dashboard.variables.json"
	dashHTML  = "src/main/webapp/pages/Dashboard/Dashboard.html"
	devProps  = "profiles/development.properties"
	depProps  = "profiles/deployment.properties"
	qaProps   = "profiles/qa.properties"
	wmProject = ".wmproject.properties"
)

func mustOpen(t *testing.T, dir string) *Project {
	t.Helper()
	p, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func widget(t *testing.T, p *Project, page, name string) *Widget {
	t.Helper()
	pg, i, err := p.widgetIndex(page, name)
	if err != nil {
		t.Fatal(err)
	}
	return pg.Widgets[i]
}

func TestOpenReadsTheFixture(t *testing.T) {
	p := mustOpen(t, copyFixture(t, "market"))
	if p.DisplayName != "Market Board" || p.HomePage != "Main" {
		t.Errorf("name %q home %q", p.DisplayName, p.HomePage)
	}
	var ids []string
	for _, s := range p.Services {
		ids = append(ids, s.ID+":"+s.Type)
	}
	if want := []string{"echo:WebSocketService", "sensors:WebSocketService", "ticker:WebSocketService", "weather:RestService"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("services %v, want %v", ids, want)
	}
	if w := p.Service("weather"); !w.ReadOnly || w.Title != "Weather API" || w.IsWebSocket() {
		t.Errorf("weather: %+v", w)
	}
	tk := p.Service("ticker")
	want := &Service{
		ID: "ticker", Title: "ticker", Type: ServiceTypeWebSocket,
		Endpoint: "wss://quotes.example.com:443/feeds/ticker?symbols=ACME&token=",
		Scheme:   "wss", Host: "quotes.example.com:443", BasePath: "/feeds", RelativePath: "/ticker",
		QueryParams:    []Param{{Name: "symbols", Value: "ACME", Type: "string"}, {Name: "token", Type: "string"}},
		Headers:        []Param{{Name: "Authorization", Value: "Bearer abc123", Type: "string"}},
		SampleRequest:  `{"subscribe":"ACME"}`,
		SampleResponse: `{"symbol":"ACME","price":12.5,"volume":300,"time":1764000000000}`,
		Request:        Definitions{{Name: "RootRequest", Properties: []Property{{Name: "subscribe", Type: "string"}}}},
		Response: Definitions{{Name: "RootResponse", Properties: []Property{
			{Name: "symbol", Type: "string"}, {Name: "price", Type: "number", Format: "double"},
			{Name: "volume", Type: "integer", Format: "int32"}, {Name: "time", Type: "integer", Format: "int64"}}}},
		APIID: "8f0f7d3e-1c44-4b8e-9a51-0d3c7f1e2a90",
	}
	if !reflect.DeepEqual(tk, want) {
		t.Errorf("ticker =\n%+v\nwant\n%+v", tk, want)
	}
	if p.disk.services["ticker"].layout.spring != "services/ticker/src/ticker.spring.xml" {
		t.Error("ticker's older src/ticker.spring.xml was not noticed")
	}
	se := p.Service("sensors")
	if !reflect.DeepEqual(se.PathParams, []Param{{Name: "site", Value: "north", Type: "string", Required: true}}) ||
		!reflect.DeepEqual(se.Subprotocols, []string{"v1.sensors"}) || len(se.Response) != 3 {
		t.Errorf("sensors: %+v", se)
	}
	if got := se.Response.Fields(); len(got) != 6 || got[2].Path != "readings[].cm" {
		t.Errorf("sensors fields %v", got)
	}

	q := p.Variable("Quotes")
	if q == nil || q.Page != "Main" || q.Owner != OwnerPage || q.Strategy != StrategyAppend || q.DataLimit != 100 ||
		!reflect.DeepEqual(q.DataBinding, []Binding{{Target: "symbols", Value: "ACME", Type: "string"}}) {
		t.Errorf("Quotes: %+v", q)
	}
	s := p.Variable("Sensors")
	if s == nil || s.Page != "Dashboard" || s.StartUpdate || !s.Reconnect.Enabled || s.Reconnect.MaxDelay != 30*time.Second || s.PingInterval != 15*time.Second {
		t.Errorf("Sensors: %+v", s)
	}
	if e := p.Variable("Echo"); e == nil || e.Owner != OwnerApp || e.Page != "" || e.DataLimit != 0 || e.Strategy != StrategyPrepend {
		t.Errorf("Echo: %+v", e)
	}
	if len(p.Variables) != 3 || p.Variable("staticData") != nil {
		t.Errorf("variables: only the three WebSocket variables are the studio's, got %d", len(p.Variables))
	}

	var names []string
	for _, pg := range p.Pages {
		for _, w := range pg.Widgets {
			names = append(names, pg.Name+"."+w.Name+":"+w.Kind)
		}
	}
	if want := []string{"Dashboard.sensorsChart:chart", "Main.label1:label", "Main.quotesChart:chart", "Main.quotesTable:table", "Main.echoList:list", "Main.sendButton:button"}; !reflect.DeepEqual(names, want) {
		t.Errorf("widgets %v, want %v", names, want)
	}
	qc := widget(t, p, "Main", "quotesChart")
	if qc.ChartType != "Line" || qc.Title != "ACME" || qc.Height != 300 || qc.XKey != "time" || !reflect.DeepEqual(qc.YKeys, []string{"price", "volume"}) {
		t.Errorf("quotesChart %+v", qc)
	}
	qt := widget(t, p, "Main", "quotesTable")
	if !reflect.DeepEqual(qt.Columns, []Column{{"symbol", "Symbol", "string"}, {"price", "Price", "number"}, {"time", "Time", "long"}}) {
		t.Errorf("quotesTable columns %+v", qt.Columns)
	}
	if sc := widget(t, p, "Dashboard", "sensorsChart"); sc.Variable != "Sensors" || sc.BindPath != "readings" || sc.ChartType != "Area" {
		t.Errorf("sensorsChart %+v", sc)
	}

	dep := p.Profile("deployment").Values
	for k, v := range map[string]string{
		"websocket.ticker.basepath": "/feeds/live",
		"websocket.ticker.host":     "quotes.example.com:443",
		"websocket.ticker.scheme":   "wss",
		"app.greeting":              "Grüße aus München",
		"app.path":                  `C:\data\feeds`,
		"weather.api.key":           "abc=123",
	} {
		if dep[k] != v {
			t.Errorf("deployment %s = %q, want %q", k, dep[k], v)
		}
	}
	if got := p.ProfileNames(); !reflect.DeepEqual(got, []string{"deployment", "development", "qa"}) {
		t.Errorf("profiles %v", got)
	}
	u, err := p.ResolveURL(tk, "deployment", q.DataBinding, func(string) string { return "" })
	if want := "wss://quotes.example.com:443/feeds/live/ticker?symbols=ACME"; err != nil || u != want {
		t.Errorf("deployment URL %q, %v; want %q", u, err, want)
	}
}

// edit opens a copy of the fixture, applies fn, saves, and returns the
// files that changed, the folder and the project reopened from it.
func edit(t *testing.T, fn func(p *Project)) ([]string, map[string][]byte, map[string][]byte, *Project) {
	t.Helper()
	dir := copyFixture(t, "market")
	before := tree(t, dir)
	p := mustOpen(t, dir)
	fn(p)
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	after := tree(t, dir)
	// Saving again is a no-op.
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	if c := changed(after, tree(t, dir)); len(c) > 0 {
		t.Errorf("a second save changed %v", c)
	}
	return changed(before, after), before, after, mustOpen(t, dir)
}

func wantChanged(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changed files\n%v\nwant\n%v", got, want)
	}
}

func lineWith(data []byte, s string) string {
	for _, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestEditVariableTouchesOnlyItsFile(t *testing.T) {
	c, before, after, q := edit(t, func(p *Project) {
		p.Variable("Quotes").DataLimit = 50
		p.Variable("Quotes").Strategy = StrategyPrepend
	})
	wantChanged(t, c, mainVars)
	if v := q.Variable("Quotes"); v.DataLimit != 50 || v.Strategy != StrategyPrepend {
		t.Errorf("reopened Quotes %+v", v)
	}
	b, a := string(before[mainVars]), string(after[mainVars])
	for _, keep := range []string{"staticData", "weatherForecast"} {
		i := strings.Index(b, `"`+keep+`" : {`)
		j := strings.Index(b[i:], "\n  }") + i + 4
		if !strings.Contains(a, b[i:j]) {
			t.Errorf("foreign entry %s did not keep its bytes:\n%s", keep, a)
		}
	}
	if !strings.Contains(a, `"spinnerContext" : "page"`) {
		t.Errorf("a property the studio does not know was dropped:\n%s", a)
	}
	if !strings.Contains(a, `"dataLimit" : 50`) || !strings.Contains(a, `"dataUpdateStrategy" : "prepend"`) {
		t.Errorf("edit not written:\n%s", a)
	}
}

func TestEditExtensionsOmittedWhenDefault(t *testing.T) {
	c, _, after, q := edit(t, func(p *Project) {
		v := p.Variable("Sensors")
		v.Reconnect, v.PingInterval = Reconnect{}, 0
	})
	wantChanged(t, c, dashVars)
	if strings.Contains(string(after[dashVars]), `"studio"`) {
		t.Errorf("default extensions still written:\n%s", after[dashVars])
	}
	if !strings.Contains(string(after[dashVars]), `"goToMain"`) {
		t.Error("foreign navigation variable lost")
	}
	if v := q.Variable("Sensors"); v.Reconnect.Enabled || v.PingInterval != 0 {
		t.Errorf("reopened %+v", v)
	}
}

func TestEditWidgetTouchesOnlyItsElement(t *testing.T) {
	c, before, after, q := edit(t, func(p *Project) {
		w := widget(t, p, "Main", "quotesChart")
		w.ChartType, w.YKeys = "Bar", []string{"price"}
	})
	wantChanged(t, c, mainHTML)
	want := `            <wm-chart type="Bar" name="quotesChart" title="ACME" height="300" dataset="bind:Variables.Quotes.dataSet" xaxisdatakey="time" yaxisdatakey="price" class="quotes-chart" show="true"></wm-chart>`
	if got := lineWith(after[mainHTML], `name="quotesChart"`); got != want {
		t.Errorf("chart written as\n%s\nwant\n%s", got, want)
	}
	// Every other line is as it was.
	bl, al := strings.Split(string(before[mainHTML]), "\n"), strings.Split(string(after[mainHTML]), "\n")
	if len(bl) != len(al) {
		t.Fatalf("line count %d → %d", len(bl), len(al))
	}
	for i := range bl {
		if bl[i] != al[i] && !strings.Contains(bl[i], "quotesChart") {
			t.Errorf("line %d changed:\n%s\n%s", i+1, bl[i], al[i])
		}
	}
	if w := widget(t, q, "Main", "quotesChart"); w.ChartType != "Bar" || !reflect.DeepEqual(w.YKeys, []string{"price"}) {
		t.Errorf("reopened %+v", w)
	}
}

func TestEditTableColumnsKeepsOtherChildren(t *testing.T) {
	c, _, after, q := edit(t, func(p *Project) {
		w := widget(t, p, "Main", "quotesTable")
		w.Columns = []Column{{"price", "Last", "number"}, {"symbol", "Symbol", "string"}}
	})
	wantChanged(t, c, mainHTML)
	a := string(after[mainHTML])
	wantBlock := `                        <wm-table name="quotesTable" title="Quotes" dataset="bind:Variables.Quotes.dataSet" navigation="Basic" editmode="none">
                            <wm-table-action key="refresh" display-name="Refresh" show="true"></wm-table-action>
                            <wm-table-column binding="price" caption="Last" type="number"></wm-table-column>
                            <wm-table-column binding="symbol" caption="Symbol" type="string"></wm-table-column>
                        </wm-table>`
	if !strings.Contains(a, wantBlock) {
		t.Errorf("table written as\n%s", a)
	}
	if w := widget(t, q, "Main", "quotesTable"); !reflect.DeepEqual(w.Columns, []Column{{"price", "Last", "number"}, {"symbol", "Symbol", "string"}}) {
		t.Errorf("reopened columns %+v", w.Columns)
	}
	if !strings.Contains(a, `<wm-table name="forecastTable" dataset="bind:Variables.weatherForecast.dataSet" navigation="Pager">`) {
		t.Error("foreign table changed")
	}
}

func TestEditDisplayName(t *testing.T) {
	c, before, after, q := edit(t, func(p *Project) { p.DisplayName = "Markets & More" })
	wantChanged(t, c, wmProject)
	want := strings.Replace(string(before[wmProject]), ">Market Board<", ">Markets &amp; More<", 1)
	if string(after[wmProject]) != want {
		t.Errorf("got\n%s\nwant\n%s", after[wmProject], want)
	}
	if q.DisplayName != "Markets & More" {
		t.Errorf("reopened %q", q.DisplayName)
	}
}

func TestEditServiceEndpoint(t *testing.T) {
	c, before, after, q := edit(t, func(p *Project) {
		s := p.Service("ticker")
		s.Endpoint = "wss://eu.quotes.example.com/v2/feeds/ticker?symbols=ACME&token="
		s.Scheme, s.Host = "", ""
	})
	wantChanged(t, c, devProps,
		"services/ticker/designtime/ticker_API_WEBSOCKET_SERVICE.json",
		"services/ticker/designtime/ticker_apiTarget.json",
		"services/ticker/designtime/ticker_connection_settings.json")
	if !bytes.Contains(after[devProps], []byte("websocket.ticker.host=eu.quotes.example.com\n")) ||
		!bytes.Contains(after[devProps], []byte("websocket.ticker.basepath=/v2/feeds\n")) {
		t.Errorf("development profile:\n%s", after[devProps])
	}
	if !bytes.Equal(before[depProps], after[depProps]) {
		t.Error("the deployment profile is the user's and must not follow")
	}
	s := q.Service("ticker")
	if s.Host != "eu.quotes.example.com" || s.APIID != "8f0f7d3e-1c44-4b8e-9a51-0d3c7f1e2a90" {
		t.Errorf("reopened ticker %+v", s)
	}
	if _, err := os.Stat(filepath.Join(q.Dir, "services/ticker/src/service_ticker.spring.xml")); err == nil {
		t.Error("an older project's spring file name was not kept")
	}
}

func TestAddService(t *testing.T) {
	var added *Service
	c, before, after, q := edit(t, func(p *Project) {
		added = &Service{ID: "chat", Endpoint: "ws://localhost:8765/chat/{room}",
			PathParams: []Param{{Name: "room", Value: "lobby"}},
			Response:   Definitions{{Name: "RootResponse", Properties: []Property{{Name: "text", Type: "string"}}}}}
		if err := p.AddService(added); err != nil {
			t.Fatal(err)
		}
	})
	var want []string
	for rel := range serviceFiles(added, false) {
		want = append(want, rel)
	}
	want = append(want, depProps, devProps, qaProps)
	sortStrings(want)
	wantChanged(t, c, want...)
	// The hand-edited profile keeps every line; the new keys come after.
	if !bytes.HasPrefix(after[depProps], before[depProps]) || !bytes.HasSuffix(after[depProps], []byte("\nwebsocket.chat.basepath=/chat\nwebsocket.chat.host=localhost\\:8765\nwebsocket.chat.scheme=ws\n")) {
		t.Errorf("deployment:\n%s", after[depProps])
	}
	s := q.Service("chat")
	if s == nil || s.APIID == "" || s.APIID != added.APIID || s.RelativePath != "/{room}" || s.BasePath != "/chat" {
		t.Fatalf("reopened chat %+v", s)
	}
	// Replacing the service keeps its API id.
	repl := &Service{ID: "chat", Endpoint: "ws://localhost:9999/chat/{room}"}
	if err := q.AddService(repl); err != nil || repl.APIID != added.APIID {
		t.Errorf("replace: %v, API id %q → %q", err, added.APIID, repl.APIID)
	}
	if err := q.AddService(&Service{ID: "weather", Endpoint: "ws://x/"}); err == nil {
		t.Error("replacing a REST service was allowed")
	}
	if err := q.AddService(&Service{ID: "../evil", Endpoint: "ws://x/"}); err == nil {
		t.Error("an unsafe id was accepted")
	}
}

func TestDeleteService(t *testing.T) {
	var bound []string
	c, _, after, q := edit(t, func(p *Project) {
		var err error
		if bound, err = p.DeleteService("echo"); err != nil {
			t.Fatal(err)
		}
	})
	if !reflect.DeepEqual(bound, []string{"Echo"}) {
		t.Errorf("bound %v", bound)
	}
	var want []string
	for rel := range serviceFiles(&Service{ID: "echo"}, false) {
		want = append(want, rel)
	}
	want = append(want, depProps, devProps)
	sortStrings(want)
	wantChanged(t, c, want...)
	if bytes.Contains(after[depProps], []byte("websocket.echo")) || !bytes.Contains(after[depProps], []byte("app.path=C\\:\\\\data\\\\feeds\n")) {
		t.Errorf("deployment:\n%s", after[depProps])
	}
	if q.Service("echo") != nil {
		t.Error("echo still there")
	}
	if _, err := q.DeleteService("weather"); err == nil {
		t.Error("a REST service was deleted")
	}
}

func TestRenameServiceAndVariable(t *testing.T) {
	c, _, after, q := edit(t, func(p *Project) {
		if err := p.RenameService("ticker", "quotes"); err != nil {
			t.Fatal(err)
		}
		if err := p.RenameVariable("Quotes", "Prices"); err != nil {
			t.Fatal(err)
		}
	})
	for _, f := range c {
		if !strings.HasPrefix(f, "services/ticker/") && !strings.HasPrefix(f, "services/quotes/") &&
			f != mainVars && f != mainHTML && f != depProps && f != devProps && f != qaProps {
			t.Errorf("unexpected change to %s", f)
		}
	}
	v := q.Variable("Prices")
	if v == nil || v.Service != "quotes" || v.OperationID != "quotes_WebSocketServiceVirtualController-invoke" || v.Type != "quotes.RootResponse" {
		t.Errorf("reopened Prices %+v", v)
	}
	if w := widget(t, q, "Main", "quotesTable"); w.Variable != "Prices" {
		t.Errorf("table still bound to %q", w.Variable)
	}
	if q.Service("ticker") != nil || q.Service("quotes").APIID != "8f0f7d3e-1c44-4b8e-9a51-0d3c7f1e2a90" {
		t.Error("service rename lost the API id or left the old folder")
	}
	if string(after["services/quotes/designtime/notes.json"]) != "" || string(after["services/sensors/designtime/notes.json"]) == "" {
		t.Error("fixture: notes.json is in sensors")
	}
	// Renamed in their own lines, the hand-written continuation kept.
	if !bytes.Contains(after[depProps], []byte("websocket.quotes.basepath /feeds/\\\n    live\n")) || bytes.Contains(after[depProps], []byte("websocket.ticker.")) {
		t.Errorf("deployment keys did not follow:\n%s", after[depProps])
	}
}

func TestRenameServiceKeepsForeignFiles(t *testing.T) {
	_, before, after, q := edit(t, func(p *Project) {
		if err := p.RenameService("sensors", "probes"); err != nil {
			t.Fatal(err)
		}
		if err := p.RenameService("probes", "gauges"); err != nil {
			t.Fatal(err)
		}
	})
	if string(after["services/gauges/designtime/notes.json"]) != string(before["services/sensors/designtime/notes.json"]) {
		t.Error("a file the studio does not own was lost in the rename")
	}
	for f := range after {
		if strings.HasPrefix(f, "services/sensors/") || strings.HasPrefix(f, "services/probes/") {
			t.Errorf("%s left behind", f)
		}
	}
	if s := q.Service("gauges"); s == nil || s.APIID != "2b7f6f9a-5a0e-4a43-8d3c-6c1f0e9b1d22" || q.Variable("Sensors").Service != "gauges" {
		t.Errorf("reopened %+v", s)
	}
}

func TestWidgetAddMoveDelete(t *testing.T) {
	c, _, after, q := edit(t, func(p *Project) {
		w := DefaultWidget(KindTable, "readingsTable", p.Variable("Sensors"), p.Service("sensors").Response)
		if err := p.AddWidget(w); err != nil {
			t.Fatal(err)
		}
		if err := p.DeleteWidget("Main", "quotesTable"); err != nil {
			t.Fatal(err)
		}
		if err := p.MoveWidget("Main", "echoList", 0); err != nil {
			t.Fatal(err)
		}
	})
	wantChanged(t, c, dashHTML, mainHTML)
	wantDash := `<wm-page name="mainPage">
    <wm-content name="content1">
        <wm-page-content columnwidth="12" name="page_content1">
            <wm-chart type="Area" name="sensorsChart" dataset="bind:Variables.Sensors.dataSet.readings" xaxisdatakey="at" yaxisdatakey="cm"></wm-chart>
            <wm-table name="readingsTable" dataset="bind:Variables.Sensors.dataSet" navigation="Basic">
                <wm-table-column binding="site" caption="Site" type="string"></wm-table-column>
            </wm-table>
        </wm-page-content>
    </wm-content>
</wm-page>
`
	if string(after[dashHTML]) != wantDash {
		t.Errorf("Dashboard.html\n%s\nwant\n%s", after[dashHTML], wantDash)
	}
	a := string(after[mainHTML])
	if strings.Contains(a, "quotesTable") || !strings.Contains(a, `<wm-table-action`) == true && strings.Contains(a, "wm-table-action") {
		t.Errorf("quotesTable not removed:\n%s", a)
	}
	if !strings.Contains(a, "<wm-gridcolumn columnwidth=\"12\" name=\"gridcolumn1\">\n                    </wm-gridcolumn>") {
		t.Errorf("the grid around the removed table was not kept:\n%s", a)
	}
	var order []string
	for _, w := range q.Page("Main").Widgets {
		order = append(order, w.Name)
	}
	if !reflect.DeepEqual(order, []string{"echoList", "label1", "quotesChart", "sendButton"}) {
		t.Errorf("order %v", order)
	}
}

func TestAddVariableOnNewPage(t *testing.T) {
	c, _, after, q := edit(t, func(p *Project) {
		v := &Variable{Name: "Live", Page: "Live", Service: "echo", StartUpdate: true, DataLimit: 5, Strategy: StrategyAppend}
		if err := p.AddVariable(v); err != nil {
			t.Fatal(err)
		}
		if err := p.AddWidget(DefaultWidget(KindList, "liveList", v, nil)); err != nil {
			t.Fatal(err)
		}
	})
	wantChanged(t, c, "src/main/webapp/pages/Live/Live.css", "src/main/webapp/pages/Live/Live.html",
		"src/main/webapp/pages/Live/Live.js", "src/main/webapp/pages/Live/Live.variables.json")
	if v := q.Variable("Live"); v == nil || v.Page != "Live" || v.DataLimit != 5 || !strings.HasPrefix(v.ID, "wm-Live-wm.WebSocketVariable-") {
		t.Errorf("reopened %+v", v)
	}
	if !bytes.Contains(after["src/main/webapp/pages/Live/Live.html"], []byte(`<wm-list name="liveList" dataset="bind:Variables.Live.dataSet" navigation="None"></wm-list>`)) {
		t.Errorf("Live.html:\n%s", after["src/main/webapp/pages/Live/Live.html"])
	}
}

func TestEditRejectsBadNames(t *testing.T) {
	p := mustOpen(t, copyFixture(t, "market"))
	for name, err := range map[string]error{
		"variable ..":       p.AddVariable(&Variable{Name: "..", Service: "echo"}),
		"variable dup":      p.AddVariable(&Variable{Name: "Quotes", Service: "echo"}),
		"variable no svc":   p.AddVariable(&Variable{Name: "X", Service: "nope"}),
		"rename var space":  p.RenameVariable("Quotes", "my quotes"),
		"widget slash":      p.AddWidget(&Widget{Kind: KindChart, Name: "a/b", Variable: "Quotes"}),
		"widget kind":       p.AddWidget(&Widget{Kind: "gauge", Name: "g", Variable: "Quotes"}),
		"widget other page": p.AddWidget(&Widget{Kind: KindChart, Name: "c", Page: "Main", Variable: "Sensors"}),
		"rename svc":        p.RenameService("ticker", "../x"),
		"page name":         p.AddVariable(&Variable{Name: "Y", Service: "echo", Page: "../../etc"}),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSaveFailureLeavesEveryFile(t *testing.T) {
	dir := copyFixture(t, "market")
	p := mustOpen(t, dir)
	p.Variable("Quotes").DataLimit = 7
	widget(t, p, "Main", "quotesChart").Title = "changed"
	p.Service("sensors").SampleResponse = `{"site":"south"}`
	// A folder where a file the save must replace is: the rename cannot
	// happen, so the save must fail before touching anything.
	// Main.html sorts after every service file, so by then the save has
	// staged files and made folders it must clean up.
	blocker := filepath.Join(dir, mainHTML)
	orig, _ := os.ReadFile(blocker)
	os.Remove(blocker)
	if err := os.Mkdir(blocker, 0o755); err != nil {
		t.Fatal(err)
	}
	// A new service too, so the failed save had folders to make.
	if err := p.AddService(&Service{ID: "zzz", Endpoint: "ws://localhost:1/z"}); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dir)
	err := p.Save()
	if _, serr := os.Stat(filepath.Join(dir, "services/zzz")); serr == nil {
		t.Error("the failed save left the new service's folder behind")
	}
	if err == nil || !strings.Contains(err.Error(), "Main.html") {
		t.Fatalf("save error %v, want one naming Main.html", err)
	}
	if c := changed(before, tree(t, dir)); len(c) > 0 {
		t.Errorf("a failed save changed %v", c)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "services/sensors/src")); len(ents) != 3 {
		t.Errorf("temporaries left behind: %v", ents)
	}
	// After the blocker is gone the same save succeeds.
	os.Remove(blocker)
	os.WriteFile(blocker, orig, 0o644)
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	q := mustOpen(t, dir)
	if q.Variable("Quotes").DataLimit != 7 || widget(t, q, "Main", "quotesChart").Title != "changed" || q.Service("zzz") == nil {
		t.Error("the retried save did not write")
	}
}

func TestSaveFailureReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders; TestSaveFailureLeavesEveryFile covers the failure")
	}
	dir := copyFixture(t, "market")
	p := mustOpen(t, dir)
	p.Variable("Quotes").DataLimit = 7
	widget(t, p, "Main", "quotesChart").Title = "changed"
	ro := filepath.Join(dir, "src/main/webapp/pages/Main")
	os.Chmod(ro, 0o555)
	defer os.Chmod(ro, 0o755)
	before := tree(t, dir)
	if err := p.Save(); err == nil || !strings.Contains(err.Error(), "Main.") {
		t.Fatalf("save error %v", err)
	}
	if c := changed(before, tree(t, dir)); len(c) > 0 {
		t.Errorf("a failed save changed %v", c)
	}
}

func TestSaveNeverWritesThroughASymlink(t *testing.T) {
	dir := copyFixture(t, "market")
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "services", "evil")); err != nil {
		t.Fatal(err)
	}
	p := mustOpen(t, dir)
	if err := p.AddService(&Service{ID: "evil", Endpoint: "ws://localhost:1/"}); err == nil {
		if err := p.Save(); err == nil || !strings.Contains(err.Error(), "outside the project folder") {
			t.Errorf("save through a link: %v", err)
		}
	}
	if ents, _ := os.ReadDir(outside); len(ents) > 0 {
		t.Errorf("files written outside the project: %v", ents)
	}
}

// A new widget moved before the widgets already in the markup is written
// there, so the page reopens in the order the user left it.
func TestNewWidgetMovedFirstKeepsItsPlace(t *testing.T) {
	c, _, after, q := edit(t, func(p *Project) {
		w := DefaultWidget(KindTable, "readingsTable", p.Variable("Sensors"), p.Service("sensors").Response)
		w.Page = "Dashboard"
		if err := p.AddWidget(w); err != nil {
			t.Fatal(err)
		}
		if err := p.MoveWidget("Dashboard", "readingsTable", 0); err != nil {
			t.Fatal(err)
		}
	})
	wantChanged(t, c, dashHTML)
	wantDash := `<wm-page name="mainPage">
    <wm-content name="content1">
        <wm-page-content columnwidth="12" name="page_content1">
            <wm-table name="readingsTable" dataset="bind:Variables.Sensors.dataSet" navigation="Basic">
                <wm-table-column binding="site" caption="Site" type="string"></wm-table-column>
            </wm-table>
            <wm-chart type="Area" name="sensorsChart" dataset="bind:Variables.Sensors.dataSet.readings" xaxisdatakey="at" yaxisdatakey="cm"></wm-chart>
        </wm-page-content>
    </wm-content>
</wm-page>
`
	if string(after[dashHTML]) != wantDash {
		t.Errorf("Dashboard.html\n%s\nwant\n%s", after[dashHTML], wantDash)
	}
	var order []string
	for _, w := range q.Page("Dashboard").Widgets {
		order = append(order, w.Name)
	}
	if !reflect.DeepEqual(order, []string{"readingsTable", "sensorsChart"}) {
		t.Errorf("order after reopening %v", order)
	}
}

func TestReadOnlyServiceErrorsNameTheKind(t *testing.T) {
	p := &Project{Services: []*Service{{ID: "db", Type: "DataService", ReadOnly: true}, {ID: "odd", ReadOnly: true}}}
	for id, want := range map[string]string{
		"db":  "service db is a DataService service, which the studio does not change",
		"odd": "service odd is a service of another kind, which the studio does not change",
	} {
		if _, err := p.DeleteService(id); err == nil || err.Error() != want {
			t.Errorf("DeleteService(%s): %v, want %q", id, err, want)
		}
	}
	s, err := NewService("odd", "wss://x.example.com/a")
	must(t, err)
	if err := p.AddService(s); err == nil || err.Error() != "service odd exists and is a service of another kind, which the studio does not change" {
		t.Errorf("AddService over a read-only service: %v", err)
	}
}

// TestNewServiceFilesAreWhatSaveWrites: the list the wizard shows is the
// list of files an import then writes, on a project with pom.xml and
// project-services.xml and on a bare one.
func TestNewServiceFilesAreWhatSaveWrites(t *testing.T) {
	for _, fixture := range []string{"harbor", "market"} {
		t.Run(fixture, func(t *testing.T) {
			dir := copyFixture(t, fixture)
			p := mustOpen(t, dir)
			must(t, p.Save())
			before := tree(t, dir)
			want := p.NewServiceFiles("chat")
			s, err := NewService("chat", "wss://chat.example.com/rooms/lobby")
			must(t, err)
			must(t, p.AddService(s))
			must(t, p.Save())
			got := changed(before, tree(t, dir))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Save wrote\n%v\nNewServiceFiles said\n%v", got, want)
			}
		})
	}
}

// TestPropertyTypeAndRefSwapRoundTrips: a response property that becomes a
// string and then a $ref again (the metadata widened from a drifting feed,
// then the widening undone) is written back byte for byte, with no stale
// "type" beside its "$ref".
func TestPropertyTypeAndRefSwapRoundTrips(t *testing.T) {
	dir := copyFixture(t, "harbor")
	p := mustOpen(t, dir)
	s := p.Service("websocket")
	if s == nil || len(s.Response) == 0 {
		t.Fatal("the fixture has no websocket service with a response")
	}
	s.Response[0].Properties = append(s.Response[0].Properties, Property{Name: "quote", Ref: "Quote"})
	s.Response = append(s.Response, &Definition{Name: "Quote", Properties: []Property{{Name: "bid", Type: "number", Format: "double"}}})
	must(t, p.Save())
	withRef := tree(t, dir)
	st := p.Snapshot()

	last := len(s.Response[0].Properties) - 1
	s.Response[0].Properties[last] = Property{Name: "quote", Type: "string"}
	s.Response = s.Response[:len(s.Response)-1]
	must(t, p.Save())
	asString := tree(t, dir)
	api := "services/websocket/designtime/websocket_API_WEBSOCKET_SERVICE.json"
	if strings.Contains(string(asString[api]), "#/definitions/Quote") {
		t.Errorf("the property turned string still refers to Quote:\n%s", asString[api])
	}

	p.Restore(st)
	must(t, p.Save())
	for _, rel := range changed(withRef, tree(t, dir)) {
		t.Errorf("back to the $ref, %s differs from when it was first written:\n%s", rel, tree(t, dir)[rel])
	}
}
