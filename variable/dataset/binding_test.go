package dataset

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

func TestParseBinding(t *testing.T) {
	tests := []struct {
		expr string
		want Binding
		gj   string
	}{
		{"bind:Variables.HeartRate.lastRecord.value", Binding{BindVariable, "HeartRate", LastRecord, "value"}, "value"},
		{"bind:Variables.HeartRate.lastRecord.time", Binding{BindVariable, "HeartRate", LastRecord, "time"}, "time"},
		{"bind:Variables.HeartRate.firstRecord", Binding{BindVariable, "HeartRate", FirstRecord, ""}, ""},
		{"bind:Variables.Quotes.dataSet", Binding{BindVariable, "Quotes", DataSet, ""}, ""},
		{"bind:Variables.Quotes.dataSet.items", Binding{BindVariable, "Quotes", DataSet, "items"}, "items"},
		{"bind:Variables.Quotes.dataSet[0].price", Binding{BindVariable, "Quotes", DataSet, "[0].price"}, "0.price"},
		{"bind:Variables.q.lastRecord.quote.price", Binding{BindVariable, "q", LastRecord, "quote.price"}, "quote.price"},
		{"bind:Variables.$v_1.lastRecord.a[2][3].b-c", Binding{BindVariable, "$v_1", LastRecord, "a[2][3].b-c"}, "a.2.3.b-c"},
		{"bind:Widgets.messageText.datavalue", Binding{BindWidget, "messageText", DataValue, ""}, ""},
	}
	for _, tt := range tests {
		b, err := ParseBinding(tt.expr)
		if err != nil {
			t.Errorf("ParseBinding(%q): %v", tt.expr, err)
			continue
		}
		if b != tt.want {
			t.Errorf("ParseBinding(%q) = %+v, want %+v", tt.expr, b, tt.want)
		}
		if s := b.String(); s != tt.expr {
			t.Errorf("String() = %q, want %q", s, tt.expr)
		}
		if g := b.GJSONPath(); g != tt.gj {
			t.Errorf("%q: GJSONPath() = %q, want %q", tt.expr, g, tt.gj)
		}
	}
}

func TestParseBindingErrors(t *testing.T) {
	tests := []struct{ expr, reason string }{
		{"", `does not start with "bind:"`},
		{"Variables.HeartRate.lastRecord.value", `does not start with "bind:"`},
		{"bind:Variable.HeartRate.lastRecord", "binds neither Variables.<name> nor Widgets.<name>"},
		{"bind:Variables.", "names no variable"},
		{"bind:Variables.HeartRate", "names no property of variable HeartRate; want lastRecord, firstRecord or dataSet"},
		{"bind:Variables.HeartRate.", "names no property of variable HeartRate"},
		{"bind:Variables.1x.dataSet", `"1x" is not a valid variable name`},
		{"bind:Variables.Heart-Rate.dataSet", `"Heart-Rate" is not a valid variable name`},
		{"bind:Variables.HeartRate.lastRecod.value", `"lastRecod" is not a property of a variable`},
		{"bind:Variables.HeartRate.lastRecord.", "ends with a dot after lastRecord"},
		{"bind:Variables.HeartRate.lastRecord..value", "empty field name after lastRecord"},
		{"bind:Variables.HeartRate.lastRecord.[0]", "empty field name after lastRecord"},
		{"bind:Variables.HeartRate.lastRecord.a..b", `path "a..b": empty field name at 2`},
		{"bind:Variables.HeartRate.lastRecord.a b", `path "a b": ' ' at 1 is not allowed in a field name`},
		{"bind:Variables.HeartRate.lastRecord.a[1", `path "a[1": [ at 1 is not closed`},
		{"bind:Variables.HeartRate.lastRecord.a[x]", `path "a[x]": index [x] is not a whole number`},
		{"bind:Variables.HeartRate.lastRecord.a[]", `path "a[]": index [] is not a whole number`},
		{"bind:Variables.HeartRate.lastRecord.a[0]b", `path "a[0]b": 'b' after an index`},
		{"bind:Variables.HeartRate.lastRecord.a.#", `path "a.#": '#' at 2 is not allowed`},
		{"bind:Widgets.messageText", "names no property of widget messageText; want datavalue"},
		{"bind:Widgets.messageText.caption", `a widget binding reads datavalue, not "caption"`},
		{"bind:Widgets.messageText.datavalue.x", "datavalue of widget messageText takes no path"},
		{"bind:Widgets..datavalue", "names no widget"},
	}
	for _, tt := range tests {
		_, err := ParseBinding(tt.expr)
		var be *BindingError
		if !errors.As(err, &be) {
			t.Errorf("ParseBinding(%q) = %v, want a *BindingError", tt.expr, err)
			continue
		}
		if be.Expr != tt.expr || !strings.HasPrefix(err.Error(), "binding "+strconv.Quote(tt.expr)+": ") {
			t.Errorf("ParseBinding(%q): %q does not name the expression", tt.expr, err)
		}
		if !strings.Contains(be.Reason, tt.reason) {
			t.Errorf("ParseBinding(%q): reason %q, want it to say %q", tt.expr, be.Reason, tt.reason)
		}
	}
}

// build makes a dataset of strategy s from the given messages, in order of
// arrival.
func build(s Strategy, msgs ...string) *Dataset {
	d := New(s, 0)
	for i, m := range msgs {
		r := NewRecord([]byte(m), false, time.Unix(int64(i), 0))
		r.Seq = uint64(i + 1)
		d.Add(r)
	}
	return d
}

func TestBindingEval(t *testing.T) {
	msgs := []string{
		`{"time":1,"value":61,"who":"","gone":null,"items":[{"p":1},{"p":2}]}`,
		`{"time":2,"value":62,"who":"ann"}`,
		`{"time":3,"value":63,"who":"bob","items":[{"p":7}]}`,
	}
	const none = "<no value>"
	sets := map[string]*Dataset{
		"append":        build(Append, msgs...),
		"prepend":       build(Prepend, msgs...),
		"refresh":       build(Refresh, msgs...),
		"append empty":  build(Append),
		"prepend empty": build(Prepend),
		"refresh empty": build(Refresh),
		"refresh text":  build(Refresh, `plain words`),
	}
	tests := []struct {
		set, expr, want string
	}{
		// append: records in arrival order
		{"append", "lastRecord.value", "63"},
		{"append", "firstRecord.value", "61"},
		{"append", "lastRecord", msgs[2]},
		{"append", "firstRecord.who", `""`}, // an empty string is a value
		{"append", "firstRecord.gone", "null"},
		{"append", "lastRecord.gone", none}, // a field the record lacks is not
		{"append", "lastRecord.items[0].p", "7"},
		{"append", "firstRecord.items[1].p", "2"},
		{"append", "firstRecord.items.length", "2"},
		{"append", "firstRecord.items[2].p", none},
		{"append", "lastRecord.value.deeper", none},
		{"append", "dataSet", "[" + strings.Join(msgs, ",") + "]"},
		{"append", "dataSet.length", "3"},
		{"append", "dataSet[1].who", `"ann"`},
		{"append", "dataSet[3]", none},
		{"append", "dataSet.value", none}, // a list has no fields of its own
		// prepend: newest first
		{"prepend", "lastRecord.value", "61"},
		{"prepend", "firstRecord.value", "63"},
		{"prepend", "dataSet[0].time", "3"},
		{"prepend", "dataSet", "[" + msgs[2] + "," + msgs[1] + "," + msgs[0] + "]"},
		// refresh: the latest value is everything
		{"refresh", "lastRecord.value", "63"},
		{"refresh", "firstRecord.value", "63"},
		{"refresh", "dataSet.value", "63"},
		{"refresh", "dataSet", msgs[2]},
		{"refresh", "dataSet.items[0].p", "7"},
		{"refresh", "dataSet.length", none},
		{"refresh", "dataSet[0]", none},
		{"refresh text", "dataSet", `"plain words"`},
		{"refresh text", "dataSet.value", none},
		// empty datasets have no value at all
		{"append empty", "lastRecord", none},
		{"append empty", "firstRecord.value", none},
		{"append empty", "dataSet", none},
		{"append empty", "dataSet.length", none},
		{"prepend empty", "lastRecord.value", none},
		{"prepend empty", "dataSet", none},
		{"refresh empty", "dataSet", none},
		{"refresh empty", "lastRecord.value", none},
		{"prepend empty", "firstRecord", none},
		{"refresh empty", "firstRecord", none},
		// the page's inputs, whatever the dataset holds
		{"append", "Widgets.messageText.datavalue", `"hello there"`},
		{"append empty", "Widgets.messageText.datavalue", `"hello there"`},
		{"prepend", "Widgets.quoted.datavalue", `"say \"hi\" <b>"`},
		{"refresh", "Widgets.blank.datavalue", `""`},          // cleared: a value
		{"refresh empty", "Widgets.userName.datavalue", none}, // never typed in: none
		// another variable than the one the scope has
		{"append", "Variables.Other.lastRecord", none},
	}
	inputs := map[string]string{"messageText": "hello there", "quoted": `say "hi" <b>`, "blank": ""}
	for _, tt := range tests {
		expr := "bind:" + tt.expr
		if !strings.HasPrefix(tt.expr, "Widgets.") && !strings.HasPrefix(tt.expr, "Variables.") {
			expr = "bind:Variables.V." + tt.expr
		}
		b, err := ParseBinding(expr)
		if err != nil {
			t.Fatal(err)
		}
		sc := Scope{
			Variable: func(name string) Source {
				if name != "V" {
					return nil
				}
				return sets[tt.set]
			},
			Input: func(name string) (string, bool) { v, ok := inputs[name]; return v, ok },
		}
		got := none
		v, ok := b.Resolve(sc)
		if ok {
			got = v.Raw
		} else if v.Exists() {
			t.Errorf("%s on %s: no value, but a result %q", tt.expr, tt.set, v.Raw)
		}
		if got != tt.want {
			t.Errorf("%s on %s = %s, want %s", tt.expr, tt.set, got, tt.want)
		}
		if ok && b.Target == BindWidget && v.String() != inputs[b.Name] {
			t.Errorf("%s: String() = %q, want the input's text %q", tt.expr, v.String(), inputs[b.Name])
		}
		if b.Target == BindVariable && b.Name == "V" {
			// Eval on the dataset itself agrees with Resolve.
			ev, eok := b.Eval(sets[tt.set])
			if eok != ok || ev.Raw != v.Raw {
				t.Errorf("%s on %s: Eval = %q %v, Resolve = %q %v", tt.expr, tt.set, ev.Raw, eok, v.Raw, ok)
			}
		}
	}
	if _, ok := mustParse(t, "bind:Widgets.messageText.datavalue").Resolve(Scope{}); ok {
		t.Error("a widget value from a scope without inputs")
	}
	if _, ok := mustParse(t, "bind:Variables.V.dataSet").Resolve(Scope{}); ok {
		t.Error("a variable value from a scope without variables")
	}
}

func mustParse(t *testing.T, expr string) Binding {
	t.Helper()
	b, err := ParseBinding(expr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// First and Last are lastRecord and firstRecord as Go calls, and agree
// with the binding expressions on every strategy.
func TestFirstAndLast(t *testing.T) {
	msgs := []string{`{"n":1}`, `{"n":2}`, `{"n":3}`}
	for _, tt := range []struct {
		s           Strategy
		first, last string
	}{
		{Append, msgs[0], msgs[2]},
		{Prepend, msgs[2], msgs[0]},
		{Refresh, msgs[2], msgs[2]},
	} {
		d := build(tt.s)
		if _, ok := d.First(); ok {
			t.Errorf("%v: First of an empty dataset", tt.s)
		}
		if _, ok := d.Last(); ok {
			t.Errorf("%v: Last of an empty dataset", tt.s)
		}
		d = build(tt.s, msgs...)
		f, fok := d.First()
		l, lok := d.Last()
		if !fok || string(f.Raw) != tt.first || !lok || string(l.Raw) != tt.last {
			t.Errorf("%v: First = %s %v, Last = %s %v; want %s and %s", tt.s, f.Raw, fok, l.Raw, lok, tt.first, tt.last)
		}
		for _, c := range []struct {
			expr string
			r    Record
		}{{"bind:Variables.V.firstRecord", f}, {"bind:Variables.V.lastRecord", l}} {
			if v, _ := mustParse(t, c.expr).Eval(d); v.Raw != string(c.r.JSON) {
				t.Errorf("%v: %s = %s, Go call gives %s", tt.s, c.expr, v.Raw, c.r.JSON)
			}
		}
	}
}

func TestBindingEvalFollowsTheDataset(t *testing.T) {
	d := New(Append, 2)
	b, _ := ParseBinding("bind:Variables.V.firstRecord.n")
	if _, ok := b.Eval(d); ok {
		t.Fatal("a value from an empty dataset")
	}
	for i := 1; i <= 3; i++ {
		d.Add(rec(i))
	}
	if v, ok := b.Eval(d); !ok || v.Int() != 2 {
		t.Fatalf("firstRecord.n after 3 adds with limit 2 = %v %v, want 2", v.Raw, ok)
	}
	d.SetStrategy(Refresh)
	if v, ok := b.Eval(d); !ok || v.Int() != 3 {
		t.Fatalf("firstRecord.n after switching to refresh = %v %v, want 3", v.Raw, ok)
	}
	d.Clear()
	if _, ok := b.Eval(d); ok {
		t.Fatal("a value after Clear")
	}
	w, _ := ParseBinding("bind:Widgets.messageText.datavalue")
	d.Add(rec(4))
	if v, ok := w.Eval(d); ok || v.Exists() {
		t.Fatalf("a widget binding read %q from a dataset", v.Raw)
	}
}

// FuzzParseBinding: an accepted expression writes back as itself and
// parses again to the same binding, and evaluates without panicking; a
// rejected one is a *BindingError naming the expression.
func FuzzParseBinding(f *testing.F) {
	for _, s := range []string{
		"bind:Variables.HeartRate.lastRecord.value", "bind:Variables.Q.dataSet[0].price",
		"bind:Variables.Q.firstRecord", "bind:Widgets.messageText.datavalue",
		"bind:Variables.Q.dataSet.items[1][2].x-y", "bind:Variables.Q.lastRecord..x",
		"bind:Variables.Q.lastRecord.[0]", "bind:Widgets.w.datavalue.x", "bind:", "",
		"bind:Variables.Q.dataSet.length",
	} {
		f.Add(s)
	}
	d := build(Append, `{"a":[1,{"b":2}],"x-y":"z"}`, `[1,2]`, `"t"`)
	f.Fuzz(func(t *testing.T, expr string) {
		b, err := ParseBinding(expr)
		if err != nil {
			var be *BindingError
			if !errors.As(err, &be) || be.Expr != expr || !strings.Contains(err.Error(), strconv.Quote(expr)) {
				t.Fatalf("ParseBinding(%q): error %v does not name the expression", expr, err)
			}
			if be.Reason == "" {
				t.Fatalf("ParseBinding(%q): no reason", expr)
			}
			return
		}
		if s := b.String(); s != expr {
			t.Fatalf("ParseBinding(%q).String() = %q", expr, s)
		}
		again, err := ParseBinding(b.String())
		if err != nil || again != b {
			t.Fatalf("re-parsing %q: %+v, %v; want %+v", expr, again, err, b)
		}
		v, ok := b.Eval(d)
		if ok != v.Exists() {
			t.Fatalf("%q: ok = %v but Exists() = %v", expr, ok, v.Exists())
		}
	})
}

// FuzzInputValue: whatever text an input holds, a widget binding reads it
// as that text, and its Raw is the JSON string of it.
func FuzzInputValue(f *testing.F) {
	for _, s := range []string{"", "hello", `say "hi" <b>`, "tab\tnew\nline", "\u2028", "ünï", "\x00"} {
		f.Add(s)
	}
	b, err := ParseBinding("bind:Widgets.messageText.datavalue")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, value string) {
		v, ok := b.Resolve(Scope{Input: func(string) (string, bool) { return value, true }})
		if !ok || v.Type != gjson.String || v.String() != value {
			t.Fatalf("Resolve = %q %v %v, want the text %q", v.String(), v.Type, ok, value)
		}
		if !gjson.Valid(v.Raw) {
			t.Fatalf("Raw %q is not JSON", v.Raw)
		}
		if utf8.ValidString(value) && gjson.Parse(v.Raw).String() != value {
			t.Fatalf("Raw %q reads back as %q, want %q", v.Raw, gjson.Parse(v.Raw).String(), value)
		}
	})
}
