package project

import (
	"reflect"
	"strings"
	"testing"
)

func TestWidgetKindsRegistry(t *testing.T) {
	for _, c := range []struct{ kind, element string }{{KindChart, "wm-chart"}, {KindTable, "wm-table"}, {KindList, "wm-list"}} {
		k := KindByName(c.kind)
		if k == nil || k.Element != c.element || KindByElement(c.element) != k {
			t.Errorf("%s: %+v", c.kind, k)
		}
		for _, p := range k.Props {
			if p.Key == "" || p.Label == "" || p.Get == nil || p.Set == nil {
				t.Errorf("%s.%s is incomplete", c.kind, p.Key)
			}
		}
	}
	chart := KindByName(KindChart)
	if !reflect.DeepEqual(chart.Prop("chartType").Choices, []string{"Line", "Area", "Bar", "Column", "Pie", "Donut", "Bubble"}) {
		t.Error("chart types")
	}
	w := &Widget{Kind: KindChart}
	for key, v := range map[string]string{"chartType": "donut", "y": " price , volume ,", "height": "240px", "dataset": "bind:Variables.Quotes.dataSet.items"} {
		if err := chart.Prop(key).Set(w, v); err != nil {
			t.Errorf("set %s: %v", key, err)
		}
	}
	if w.ChartType != "Donut" || !reflect.DeepEqual(w.YKeys, []string{"price", "volume"}) || w.Height != 240 || w.Variable != "Quotes" || w.BindPath != "items" {
		t.Errorf("%+v", w)
	}
	if chart.Prop("y").Get(w) != "price,volume" || chart.Prop("dataset").Get(w) != "bind:Variables.Quotes.dataSet.items" {
		t.Error("get")
	}
	for key, v := range map[string]string{"chartType": "Gauge", "height": "tall", "dataset": "bind:Variables.a b.dataSet", "name": "a-b"} {
		if err := chart.Prop(key).Set(w, v); err == nil {
			t.Errorf("set %s=%q accepted", key, v)
		}
	}
	table := KindByName(KindTable)
	if err := table.Prop("columns").Set(w, "price:Last:number, symbol"); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(w.Columns, []Column{{"price", "Last", "number"}, {"symbol", "Symbol", "string"}}) {
		t.Errorf("columns %+v", w.Columns)
	}
	if got := table.Prop("columns").Get(w); got != "price:Last:number, symbol:Symbol:string" {
		t.Error(got)
	}
	if err := table.Prop("columns").Set(w, "a:A:float"); err == nil || !strings.Contains(err.Error(), "float") {
		t.Errorf("bad column type: %v", err)
	}
}

func TestParseDatasetBinding(t *testing.T) {
	for in, want := range map[string][3]string{
		"bind:Variables.Quotes.dataSet":             {"Quotes", "", "true"},
		"bind:Variables.Quotes.dataSet.quote.price": {"Quotes", "quote.price", "true"},
		"bind:Variables.Quotes.dataSet.":            {"", "", "false"},
		"bind:Variables.Quotes":                     {"", "", "false"},
		"bind:Widgets.table1.selecteditem":          {"", "", "false"},
		"Variables.Quotes.dataSet":                  {"", "", "false"},
	} {
		v, p, ok := ParseDatasetBinding(in)
		if [3]string{v, p, map[bool]string{true: "true", false: "false"}[ok]} != want {
			t.Errorf("%q → %q %q %v", in, v, p, ok)
		}
	}
}

func TestCaption(t *testing.T) {
	for in, want := range map[string]string{"lastPrice": "Last Price", "trade.volume_24h": "Volume 24h", "HTTPStatus": "HTTP Status", "cm": "Cm", "readings[].at": "At"} {
		if got := Caption(in); got != want {
			t.Errorf("Caption(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDefaultWidget(t *testing.T) {
	defs := Definitions{{Name: "RootResponse", Properties: []Property{
		{Name: "symbol", Type: "string"},
		{Name: "price", Type: "number", Format: "double"},
		{Name: "volume", Type: "integer", Format: "int32"},
		{Name: "updatedAt", Type: "integer", Format: "int64"},
		{Name: "open", Type: "boolean"},
		{Name: "meta", Ref: "meta"},
		{Name: "tags", Type: "array", Items: &Property{Type: "string"}},
	}}}
	v := &Variable{Name: "Quotes", Page: "Main"}
	c := DefaultWidget(KindChart, "c", v, defs)
	if c.ChartType != "Line" || c.XKey != "updatedAt" || !reflect.DeepEqual(c.YKeys, []string{"price", "volume"}) || c.Variable != "Quotes" || c.Page != "Main" {
		t.Errorf("chart %+v", c)
	}
	tb := DefaultWidget(KindTable, "t", v, defs)
	// a number named like a time stamp is shown as a time, not as epoch
	// milliseconds; a number that is not (volume) stays a number
	want := []Column{{"symbol", "Symbol", "string"}, {"price", "Price", "number"}, {"volume", "Volume", "integer"}, {"updatedAt", "Updated At", "time"}, {"open", "Open", "boolean"}}
	if !reflect.DeepEqual(tb.Columns, want) {
		t.Errorf("table %+v", tb.Columns)
	}
	l := DefaultWidget(KindList, "l", v, defs)
	if l.ItemTitle != "symbol" || l.ItemSubtitle != "price" {
		t.Errorf("list %+v", l)
	}
	// No time-like int64: the x axis is the record index.
	noTime := Definitions{{Name: "RootResponse", Properties: []Property{{Name: "n", Type: "integer", Format: "int64"}, {Name: "v", Type: "number"}}}}
	if c := DefaultWidget(KindChart, "c", v, noTime); c.XKey != "" || !reflect.DeepEqual(c.YKeys, []string{"n", "v"}) {
		t.Errorf("chart without time %+v", c)
	}
	if DefaultWidget("gauge", "g", v, defs) != nil {
		t.Error("unknown kind")
	}
}

func TestRenderNewWidgets(t *testing.T) {
	for _, c := range []struct {
		w    *Widget
		want string
	}{
		{&Widget{Kind: KindChart, Name: "c", Variable: "Q", ChartType: "Line", Title: "ACME", Height: 300, XKey: "time", YKeys: []string{"price"}},
			`<wm-chart type="Line" name="c" title="ACME" height="300" dataset="bind:Variables.Q.dataSet" xaxisdatakey="time" yaxisdatakey="price"></wm-chart>`},
		{&Widget{Kind: KindTable, Name: "t", Variable: "Q", BindPath: "items", Columns: []Column{{"a", "A & B", "string"}}},
			"<wm-table name=\"t\" dataset=\"bind:Variables.Q.dataSet.items\" navigation=\"Basic\">\n    <wm-table-column binding=\"a\" caption=\"A &amp; B\" type=\"string\"></wm-table-column>\n</wm-table>"},
		{&Widget{Kind: KindList, Name: "l", Variable: "Q", ItemTitle: "symbol"},
			`<wm-list name="l" dataset="bind:Variables.Q.dataSet" itemtitle="symbol" navigation="None"></wm-list>`},
	} {
		if got := string(renderWidget(c.w, nil, nil, "")); got != c.want {
			t.Errorf("got\n%s\nwant\n%s", got, c.want)
		}
	}
}

// FuzzParseColumns: what ParseColumns accepts, FormatColumns writes back in
// a form that parses to exactly the same columns, every field trimmed and
// free of the separators.
func FuzzParseColumns(f *testing.F) {
	f.Add("price:Last:number, symbol")
	f.Add("a::,:b:c:d")
	f.Add(" time : When : long ,,volume::integer")
	f.Fuzz(func(t *testing.T, s string) {
		cols, err := ParseColumns(s)
		if err != nil {
			if !strings.Contains(err.Error(), "column") {
				t.Fatalf("%q: error %q does not say which column", s, err)
			}
			return
		}
		for _, c := range cols {
			for _, field := range []string{c.Binding, c.Caption, c.Type} {
				if field != strings.TrimSpace(field) || strings.ContainsAny(field, ",:") || field == "" {
					t.Fatalf("%q: column %+v has a field that is empty, untrimmed or holds a separator", s, c)
				}
			}
			if !contains(ColumnTypes, c.Type) {
				t.Fatalf("%q: column %+v has an unknown type", s, c)
			}
		}
		back, err := ParseColumns(FormatColumns(cols))
		if err != nil {
			t.Fatalf("%q: own output %q rejected: %v", s, FormatColumns(cols), err)
		}
		if !reflect.DeepEqual(back, cols) {
			t.Fatalf("%q: %+v came back as %+v", s, cols, back)
		}
	})
}

func FuzzParseDatasetBinding(f *testing.F) {
	f.Add("bind:Variables.Quotes.dataSet.items")
	f.Fuzz(func(t *testing.T, s string) {
		v, p, ok := ParseDatasetBinding(s)
		if !ok {
			return
		}
		if ValidIdentifier(v) != nil {
			t.Fatalf("%q: unsafe variable %q", s, v)
		}
		if v2, p2, ok2 := ParseDatasetBinding(DatasetBinding(v, p)); !ok2 || v2 != v || p2 != p {
			t.Fatalf("%q: %q %q does not round-trip", s, v, p)
		}
	})
}

// TestDefaultChartOneMagnitude: with a sample response, the default chart
// plots together only fields of the first one's magnitude, and groups the
// records by their key field.
func TestDefaultChartOneMagnitude(t *testing.T) {
	ticker := &Service{ID: "ticker", Response: Definitions{{Name: "RootResponse", Properties: []Property{
		{Name: "symbol", Type: "string"},
		{Name: "price", Type: "number", Format: "double"},
		{Name: "volume", Type: "integer", Format: "int32"},
		{Name: "time", Type: "integer", Format: "int64"},
	}}}, SampleResponse: `{"symbol":"ACME","price":12.5,"volume":30000,"time":1764000000000}`}
	v := &Variable{Name: "Quotes", Page: "Main"}
	for _, c := range []struct {
		name, sample string
		y            []string
	}{
		{"ticker", ticker.SampleResponse, []string{"price"}},
		{"no sample", "", []string{"price", "volume"}},
		{"not JSON", "ACME 12.5", []string{"price", "volume"}},
		{"same magnitude", `{"price":12.5,"volume":40}`, []string{"price", "volume"}},
		{"price zero", `{"price":0,"volume":30000}`, []string{"price", "volume"}},
		{"volume first met", `{"volume":30000}`, []string{"volume"}},
		{"array of records", `[{"price":101.5,"volume":120},{"price":99,"volume":80}]`, []string{"price", "volume"}},
		{"array, far apart", `[{"price":1.5,"volume":120}]`, []string{"price"}},
	} {
		svc := *ticker
		svc.SampleResponse = c.sample
		w := DefaultWidgetFor(KindChart, "c", v, &svc)
		if !reflect.DeepEqual(w.YKeys, c.y) || w.XKey != "time" || w.GroupBy != "symbol" {
			t.Errorf("%s: y %v x %q groupby %q, want y %v x time groupby symbol", c.name, w.YKeys, w.XKey, w.GroupBy, c.y)
		}
	}
	if w := DefaultWidgetFor(KindChart, "c", v, nil); w == nil || len(w.YKeys) != 0 || w.GroupBy != "" {
		t.Errorf("no service: %+v", w)
	}
	// No key-like string field: no grouping.
	chat := &Service{Response: Definitions{{Name: "RootResponse", Properties: []Property{
		{Name: "text", Type: "string"}, {Name: "n", Type: "integer"}}}}}
	if w := DefaultWidgetFor(KindChart, "c", v, chat); w.GroupBy != "" {
		t.Errorf("grouped by %q", w.GroupBy)
	}
	// Nothing to plot: nothing to group.
	if w := DefaultWidgetFor(KindChart, "c", v, &Service{Response: Definitions{{Name: "RootResponse", Properties: []Property{{Name: "symbol", Type: "string"}}}}}); w.GroupBy != "" {
		t.Errorf("grouped with no y keys: %q", w.GroupBy)
	}
}

// TestGroupByAttribute: groupby is a chart property of the registry, so
// it is written, read back and shown like the others.
func TestGroupByAttribute(t *testing.T) {
	chart := KindByName(KindChart)
	p := chart.Prop("groupBy")
	if p == nil || p.Attr != "groupby" || p.Label == "" {
		t.Fatalf("groupBy property %+v", p)
	}
	w := &Widget{Kind: KindChart, Name: "c", Variable: "Q", ChartType: "Line", XKey: "time", YKeys: []string{"price"}}
	if err := p.Set(w, " symbol "); err != nil || w.GroupBy != "symbol" || p.Get(w) != "symbol" {
		t.Fatalf("set: %v, %q", err, w.GroupBy)
	}
	want := `<wm-chart type="Line" name="c" dataset="bind:Variables.Q.dataSet" xaxisdatakey="time" yaxisdatakey="price" groupby="symbol"></wm-chart>`
	if got := string(renderWidget(w, nil, nil, "")); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	_, before, after, q := edit(t, func(p *Project) {
		widget(t, p, "Main", "quotesChart").GroupBy = "symbol"
	})
	old := lineWith(before[mainHTML], `name="quotesChart"`)
	if got := lineWith(after[mainHTML], `name="quotesChart"`); got != strings.Replace(old, `"></wm-chart>`, `" groupby="symbol"></wm-chart>`, 1) {
		t.Errorf("chart written as\n%s\nwas\n%s", got, old)
	}
	if w := widget(t, q, "Main", "quotesChart"); w.GroupBy != "symbol" {
		t.Errorf("reopened groupby %q", w.GroupBy)
	}
	_, before, after, _ = edit(t, func(p *Project) {
		widget(t, p, "Main", "quotesChart").Title = "Quotes"
	})
	if got := lineWith(after[mainHTML], `name="quotesChart"`); strings.Contains(got, "groupby") {
		t.Errorf("an empty groupby is written: %s", got)
	}
}
