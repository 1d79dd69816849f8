package variable

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"wsstudio/demo"
	"wsstudio/importer"
	"wsstudio/project"
	"wsstudio/variable/dataset"
	"wsstudio/wire/frame"
)

// driftVar opens variable Feed on /drift?count=n, its service's
// RootResponse inferred from the feed's conforming sample, and waits for
// the feed's close.
func driftVar(t *testing.T, n int, opts Options) *Variable {
	t.Helper()
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL(fmt.Sprintf("/drift?count=%d", n)), nil)
	defs, err := importer.Infer([]byte(demo.DriftSample), "RootResponse")
	if err != nil {
		t.Fatal(err)
	}
	p.Service("feed").Response = defs
	v, err := New(p, pv, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-v.Done()
	if got := v.Stats().MessagesIn; got != uint64(n) {
		t.Fatalf("received %d of %d messages", got, n)
	}
	return v
}

// schemaLines are the console's schema lines.
func schemaLines(v *Variable) []string {
	var out []string
	for _, e := range v.Console(DefaultConsoleSize) {
		if strings.Contains(e.Text, ": schema: ") {
			if e.Dir != Error {
				out = append(out, "not an error line: "+e.Text)
				continue
			}
			out = append(out, e.Text)
		}
	}
	return out
}

// TestSchemaDrift: of /drift's 20 messages the 6 off-shape ones are
// counted and each gets one console line naming the first mismatch, the
// types and the message; the check is on by default.
func TestSchemaDrift(t *testing.T) {
	v := driftVar(t, 20, Options{})
	st := v.Stats()
	if st.SchemaChecked != 20 || st.SchemaMismatched != 6 {
		t.Fatalf("checked %d, mismatched %d; want 20 and 6", st.SchemaChecked, st.SchemaMismatched)
	}
	msg := func(i int) string { return string(demo.DriftMessage(i)) }
	want := []string{
		"Feed: schema: $.price: expected number, got string in " + msg(3),
		"Feed: schema: $.price: expected number, got string (and 1 more) in " + msg(7),
		"Feed: schema: $.trades[1].qty: expected integer, got string in " + msg(9),
		"Feed: schema: $.price: expected number, got string in " + msg(11),
		"Feed: schema: $.price: expected number, got string (and 1 more) in " + msg(15),
		"Feed: schema: $.price: expected number, got string (and 1 more) in " + msg(19),
	}
	if got := schemaLines(v); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("console schema lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	d := v.Drift()
	if len(d) != schemaKept || d[2].Path != "$.trades[1].qty" || d[2].Expected != "integer" || d[2].Actual != "string" || d[2].Message != msg(9) {
		t.Fatalf("Drift() = %+v", d)
	}
	if st.LastError != "" {
		t.Fatalf("a mismatch became the last error: %q", st.LastError)
	}
}

// TestSchemaLinesLimited: a long drifting feed shows the first mismatches
// and one line saying the rest are counted; every one is counted.
func TestSchemaLinesLimited(t *testing.T) {
	v := driftVar(t, 100, Options{})
	st := v.Stats()
	// i%4 == 3 (25 messages), and i%10 == 9 where i%4 != 3 (9, 29, 49, 69, 89)
	if st.SchemaChecked != 100 || st.SchemaMismatched != 30 {
		t.Fatalf("checked %d, mismatched %d; want 100 and 30", st.SchemaChecked, st.SchemaMismatched)
	}
	lines := schemaLines(v)
	if len(lines) != schemaLinesShown+1 {
		t.Fatalf("%d schema lines, want %d:\n%s", len(lines), schemaLinesShown+1, strings.Join(lines, "\n"))
	}
	if !strings.HasSuffix(lines[schemaLinesShown-1], " in "+string(demo.DriftMessage(31))) {
		t.Fatalf("line %d is %q, want the mismatch of message 31", schemaLinesShown, lines[schemaLinesShown-1])
	}
	if want := "Feed: schema: more messages do not match RootResponse; they are counted, not shown"; lines[schemaLinesShown] != want {
		t.Fatalf("last line %q, want %q", lines[schemaLinesShown], want)
	}
}

// TestSchemaCheckOff: turned off, nothing is checked, counted or shown;
// turned on at run time, the next connection is checked.
func TestSchemaCheckOff(t *testing.T) {
	v := driftVar(t, 20, Options{SchemaCheck: SchemaCheckOff})
	if st := v.Stats(); st.SchemaChecked != 0 || st.SchemaMismatched != 0 || v.SchemaCheckOn() {
		t.Fatalf("off: checked %d, mismatched %d, on %v", st.SchemaChecked, st.SchemaMismatched, v.SchemaCheckOn())
	}
	if lines := schemaLines(v); len(lines) != 0 {
		t.Fatalf("off: schema lines %q", lines)
	}
	v.SetSchemaCheck(true)
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-v.Done()
	if st := v.Stats(); st.SchemaChecked != 20 || st.SchemaMismatched != 6 || len(schemaLines(v)) != 6 {
		t.Fatalf("on again: checked %d, mismatched %d, lines %q", st.SchemaChecked, st.SchemaMismatched, schemaLines(v))
	}
}

// TestSchemaLineMasked: a mismatch line shows the message with the
// variable's secrets masked, and a long message shortened.
func TestSchemaLineMasked(t *testing.T) {
	srv := startDemo(t)
	const secret = "s3cret-value-42"
	p, pv := newProject(t, srv.URL("/echo?token="+secret), nil)
	defs, err := importer.Infer([]byte(`{"price":1.5}`), "RootResponse")
	if err != nil {
		t.Fatal(err)
	}
	p.Service("feed").Response = defs
	v, err := New(p, pv, Options{Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	if err := v.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	long := `{"price":"` + secret + `","pad":"` + strings.Repeat("é", 300) + `"}`
	if err := v.Send([]byte(long)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, v, "the echo", func() bool { return v.Stats().SchemaMismatched == 1 })
	lines := schemaLines(v)
	if len(lines) != 1 || strings.Contains(lines[0], secret) || !strings.Contains(lines[0], `{"price":"••••`) || !strings.HasSuffix(lines[0], "…") {
		t.Fatalf("schema lines %q: want one, masked and shortened", lines)
	}
	if n := len(strings.TrimPrefix(lines[0], "Feed: schema: $.price: expected number, got string in ")); n > schemaMsgShown+len("…") {
		t.Fatalf("the message shown is %d bytes long", n)
	}
}

// planDefs covers nested definitions, lists of objects, arrays of
// primitives, formats and a definition that refers to itself.
func planDefs() project.Definitions {
	return project.Definitions{
		{Name: "RootResponse", Properties: []project.Property{
			{Name: "s", Type: "string"},
			{Name: "d", Type: "number", Format: "double"},
			{Name: "i", Type: "integer", Format: "int32"},
			{Name: "b", Type: "boolean"},
			{Name: "o", Ref: "o"},
			{Name: "l", Type: "array", IsList: true, Items: &project.Property{Ref: "o"}},
			{Name: "a", Type: "array", Items: &project.Property{Type: "integer", Format: "int64"}},
			{Name: "we ird", Type: "string"},
			{Name: "w", Type: "string", Format: project.FormatWidened},
			{Name: "wl", Type: "array", Items: &project.Property{Type: "string", Format: project.FormatWidened}},
		}},
		{Name: "o", Properties: []project.Property{{Name: "x", Type: "integer"}, {Name: "next", Ref: "o"}}},
	}
}

func TestSchemaPlan(t *testing.T) {
	sp := compileSchema(planDefs())
	for _, tc := range []struct{ msg, want string }{
		{`{"s":"a","d":1.5,"i":3,"b":true,"o":{"x":1,"next":{"x":2,"next":null}},"l":[{"x":1}],"a":[1,2e3,3.0],"extra":[1]}`, ""},
		{`{}`, ""},
		{`{"w":1,"wl":[1,"a",{"x":1},[true],null]}`, ""},
		{`{"w":{"x":"any"}}`, ""},
		{`{"i":1.0,"d":7,"a":[10e-1]}`, ""},
		{`{"i":1.5}`, "$.i: expected integer, got number"},
		{`{"i":15e-1}`, "$.i: expected integer, got number"},
		{`{"a":[1,2,"3"]}`, "$.a[2]: expected integer, got string"},
		{`{"o":{"next":{"next":{"x":"deep"}}}}`, "$.o.next.next.x: expected integer, got string"},
		{`{"l":[{"x":1},{"x":true}],"b":"no"}`, "$.l[1].x: expected integer, got boolean (and 1 more)"},
		{`{"we ird":5}`, `$["we ird"]: expected string, got number`},
		{`{"o":[]}`, "$.o: expected object, got array"},
		{`[1]`, "$: expected object, got array"},
		{`"text"`, "$: expected object, got string"},
	} {
		var m Mismatch
		n := sp.check([]byte(tc.msg), frame.JSON, &m)
		got := ""
		if n > 0 {
			got = m.String()
		}
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.msg, got, tc.want)
		}
	}
	var m Mismatch
	if sp.check([]byte("hello"), frame.Text, &m) != 1 || m.String() != "$: expected object, got text" {
		t.Errorf("text message: %q", m.String())
	}
	if compileSchema(nil) != nil || compileSchema(project.Definitions{{Name: "RootResponse"}}) != nil {
		t.Error("a RootResponse without properties has something to check")
	}
}

// TestSchemaPlanTopLevel: a service whose sample was a top-level array or
// value checks the whole message against that root property.
func TestSchemaPlanTopLevel(t *testing.T) {
	for _, tc := range []struct{ sample, msg, want string }{
		{`[{"x":1}]`, `[{"x":2},{"x":3}]`, ""},
		{`[{"x":1}]`, `[{"x":2},{"x":"3"}]`, "$[1].x: expected integer, got string"},
		{`[1,2]`, `{"items":[1]}`, ""},
		{`42`, `43`, ""},
		{`42`, `"43"`, "$: expected integer, got string"},
	} {
		defs, err := importer.Infer([]byte(tc.sample), "RootResponse")
		if err != nil {
			t.Fatal(err)
		}
		var m Mismatch
		got := ""
		if compileSchema(defs).check([]byte(tc.msg), frame.JSON, &m) > 0 {
			got = m.String()
		}
		if got != tc.want {
			t.Errorf("sample %s, message %s: %q, want %q", tc.sample, tc.msg, got, tc.want)
		}
	}
}

// FuzzSchemaPlan: for any JSON message, the compiled plan and a JSON
// Schema library compiling the same definitions agree on whether it
// conforms.
func FuzzSchemaPlan(f *testing.F) {
	for _, s := range []string{`{"s":"a","o":{"x":1}}`, `{"i":1.0}`, `{"a":[1e400]}`, `{"l":[{"next":{"x":0.5}}]}`, `[]`, `null`, `{"i":-0e-0}`, `{"a":[100e-2,12e-1]}`,
		`{"\u0073":5}`, `{"we ird":1,"o":{"x":"a\"b","next":{"x":[1]}}}`, `{"l":[{"x":1},{"x":"2"},{"x":{"y":"}"}}]}`,
		`{"w":[1],"wl":[{"a":1},2]}`, `{"s":5,"w":"x"}`} {
		f.Add(s)
	}
	defs := planDefs()
	sp := compileSchema(defs)
	lib := compileLibrary(f, defs)
	f.Fuzz(func(t *testing.T, msg string) {
		if !json.Valid([]byte(msg)) {
			var m Mismatch
			sp.check([]byte(msg), frame.JSON, &m) // must not panic
			return
		}
		val, err := jsonschema.UnmarshalJSON(strings.NewReader(msg))
		if err != nil {
			return // beyond what the library reads (a duplicate key, say)
		}
		var m Mismatch
		ours := sp.check([]byte(msg), frame.JSON, &m) == 0
		theirs := lib.Validate(val) == nil
		if ours != theirs {
			t.Fatalf("%s: the plan says conforms=%v (%s), the library %v", msg, ours, m.String(), theirs)
		}
	})
}

func compileLibrary(t testing.TB, defs project.Definitions) *jsonschema.Schema {
	raw, err := json.Marshal(defs.JSONSchema("RootResponse"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("root.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("root.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// BenchmarkSchemaCheckRatio runs the same /burst through two variables,
// one checking every message against the service's RootResponse and one
// not, alternately, and reports the checking one's throughput as a
// fraction of the other's (target: at least 0.8).
func BenchmarkSchemaCheckRatio(b *testing.B) {
	const n = 200_000
	srv := startDemo(b)
	url := srv.URL(fmt.Sprintf("/burst?count=%d&size=100", n))
	open := func(check SchemaCheck) *Variable {
		p, pv := newProject(b, url, func(pv *project.Variable) {
			pv.Strategy, pv.DataLimit = project.StrategyAppend, 1000
		})
		defs, err := importer.Infer([]byte(`{"seq":1,"time":1764590000000,"pad":"xxxx"}`), "RootResponse")
		if err != nil {
			b.Fatal(err)
		}
		p.Service("feed").Response = defs
		v, err := New(p, pv, Options{SchemaCheck: check})
		if err != nil {
			b.Fatal(err)
		}
		return v
	}
	on, off := open(SchemaCheckOn), open(SchemaCheckOff)
	burst := func(v *Variable) time.Duration {
		start := time.Now()
		if err := v.Open(context.Background()); err != nil {
			b.Fatal(err)
		}
		<-v.Done() // the server closed after the burst
		return time.Since(start)
	}
	var tOn, tOff time.Duration
	for b.Loop() {
		tOff += burst(off)
		tOn += burst(on)
	}
	if st := on.Stats(); st.SchemaChecked != st.MessagesIn || st.SchemaMismatched != 0 || off.Stats().SchemaChecked != 0 {
		b.Fatalf("checked %d of %d (%d mismatched); unchecked variable checked %d", st.SchemaChecked, st.MessagesIn, st.SchemaMismatched, off.Stats().SchemaChecked)
	}
	b.ReportMetric(tOff.Seconds()/tOn.Seconds(), "check/nocheck")
	b.ReportMetric(float64(b.N*n)/tOn.Seconds(), "msgs/s")
}

// TestSchemaFollowsTheSnapshot: ApplyProject compiles the service's new
// RootResponse for the next connection; Apply keeps the one it has.
func TestSchemaFollowsTheSnapshot(t *testing.T) {
	srv := startDemo(t)
	p, pv := newProject(t, srv.URL("/drift?count=20"), nil)
	infer := func(sample string) project.Definitions {
		defs, err := importer.Infer([]byte(sample), "RootResponse")
		if err != nil {
			t.Fatal(err)
		}
		return defs
	}
	p.Service("feed").Response = infer(demo.DriftSample)
	v, err := New(p, pv, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	run := func() Stats {
		if err := v.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		<-v.Done()
		return v.Stats()
	}
	if st := run(); st.SchemaChecked != 20 || st.SchemaMismatched != 6 {
		t.Fatalf("first: checked %d, mismatched %d", st.SchemaChecked, st.SchemaMismatched)
	}
	// The service now says price is a string: the 15 messages with a
	// numeric price drift, the 5 with a string one conform.
	p.Service("feed").Response = infer(`{"price":"12.5"}`)
	v.Apply(pv)
	if st := run(); st.SchemaChecked != 40 || st.SchemaMismatched != 12 {
		t.Fatalf("after Apply: checked %d, mismatched %d, want the old schema (40, 12)", st.SchemaChecked, st.SchemaMismatched)
	}
	if err := v.ApplyProject(p, pv); err != nil {
		t.Fatal(err)
	}
	if st := run(); st.SchemaChecked != 60 || st.SchemaMismatched != 12+15 {
		t.Fatalf("after ApplyProject: checked %d, mismatched %d, want 60 and 27", st.SchemaChecked, st.SchemaMismatched)
	}
}

// BenchmarkSchemaPlan is the check alone on a /burst message, beside the
// validation every JSON message gets anyway.
func BenchmarkSchemaPlan(b *testing.B) {
	msg := []byte(`{"seq":123456,"time":1764590000000,"pad":"` + strings.Repeat("x", 60) + `"}`)
	defs, err := importer.Infer([]byte(`{"seq":1,"time":1764590000000,"pad":"xxxx"}`), "RootResponse")
	if err != nil {
		b.Fatal(err)
	}
	sp := compileSchema(defs)
	b.Run("check", func(b *testing.B) {
		var m Mismatch
		for b.Loop() {
			if sp.check(msg, frame.JSON, &m) != 0 {
				b.Fatal(m.String())
			}
		}
	})
	b.Run("classify", func(b *testing.B) {
		for b.Loop() {
			dataset.NewRecord(msg, false, time.Time{})
		}
	})
}

// TestSchemaWidened: a field whose types disagreed is flagged until the
// metadata is widened from the message; after that it takes any value,
// while the fields that were not widened stay as strict as before.
func TestSchemaWidened(t *testing.T) {
	defs, err := importer.Infer([]byte(`{"price":12.5,"symbol":"ACME","tags":["a"]}`), "RootResponse")
	if err != nil {
		t.Fatal(err)
	}
	check := func(defs project.Definitions, msg string) string {
		var m Mismatch
		if compileSchema(defs).check([]byte(msg), frame.JSON, &m) == 0 {
			return ""
		}
		return m.String()
	}
	before := []struct{ msg, want string }{
		{`{"price":"n/a"}`, "$.price: expected number, got string"},
		{`{"tags":[1]}`, "$.tags[0]: expected string, got number"},
		{`{"symbol":5}`, "$.symbol: expected string, got number"},
	}
	for _, tc := range before {
		if got := check(defs, tc.msg); got != tc.want {
			t.Errorf("before widening, %s: %q, want %q", tc.msg, got, tc.want)
		}
	}
	widened, err := importer.Widen(defs, []byte(`{"price":"n/a"}`), []byte(`{"tags":[1]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ msg, want string }{
		{`{"price":"n/a","tags":[1]}`, ""},
		{`{"price":13,"tags":["b",2,{"x":1}]}`, ""}, // the number price that was flagged before
		{`{"price":{"bid":1},"tags":[null]}`, ""},
		{`{"symbol":5}`, "$.symbol: expected string, got number"},
	} {
		if got := check(widened, tc.msg); got != tc.want {
			t.Errorf("after widening, %s: %q, want %q", tc.msg, got, tc.want)
		}
	}
	// the JSON Schema library reads the widened metadata the same way
	lib := compileLibrary(t, widened)
	for _, msg := range []string{`{"price":13,"tags":["b",2]}`, `{"symbol":5}`} {
		val, err := jsonschema.UnmarshalJSON(strings.NewReader(msg))
		if err != nil {
			t.Fatal(err)
		}
		if ours, theirs := check(widened, msg) == "", lib.Validate(val) == nil; ours != theirs {
			t.Errorf("%s: the plan says conforms=%v, the library %v", msg, ours, theirs)
		}
	}
}
