package script

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHandlersListsTopLevelAssignments(t *testing.T) {
	src := readTestdata(t, "Main.js")
	got := Handlers(src)
	want := []string{"Page.onReady", "Page.QuotesonMessageReceive", "Page.QuotesonBeforeOpen", "Page.QuotesonError"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Handlers = %q, want %q", got, want)
	}
}

func TestHandlersCases(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"empty", "", nil},
		{"syntax error", "Page.a = function( {", nil},
		{"app", "App.QonOpen = function(v) {};\nApp.x = 1;", []string{"App.QonOpen"}},
		{"not Page", "Other.a = function() {};\nwindow.Page.b = function() {};", nil},
		{"nested is not top level", "if (true) { Page.a = function() {}; }", nil},
		{"compound assignment", "Page.a += function() {};", nil},
		{"twice listed once", "Page.a = function() {};\nPage.b = () => 1;\nPage.a = function() { return 2; };", []string{"Page.a", "Page.b"}},
		{"computed name ignored", "Page[name] = function() {};", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Handlers([]byte(tt.src)); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Handlers(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestFunctionSource(t *testing.T) {
	src := readTestdata(t, "Main.js")
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"Page.QuotesonMessageReceive", "function(variable, data, options) {\n    if (data.symbol === \"HIDDEN\") {\n        return false;\n    }\n    data.price = data.price / 100;\n    return data;\n}", true},
		{"Page.QuotesonBeforeOpen", "(variable) => {\n    console.log(\"opening\", variable.name);\n}", true},
		{"Page.QuotesonError", "async function (variable, evt) {\n\tconsole.error(evt.message);\n}", true},
		{"Page.QuotesonClose", "", false},
		{"App.QuotesonMessageReceive", "", false},
	}
	for _, tt := range tests {
		got, ok := FunctionSource(src, tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FunctionSource(%s) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
	// The last assignment is the one that runs.
	two := []byte("Page.a = function() { return 1; };\nPage.a = function() { return 2; };\n")
	if got, _ := FunctionSource(two, "Page.a"); got != "function() { return 2; }" {
		t.Errorf("FunctionSource of a twice-assigned name = %q, want the last one", got)
	}
}

func TestSetFunctionGolden(t *testing.T) {
	src := readTestdata(t, "Main.js")
	out, err := SetFunction(src, "Page.QuotesonMessageReceive",
		"function (variable, data, options) {\n    return {symbol: data.symbol, price: data.price / 1000};\n}")
	if err != nil {
		t.Fatal(err)
	}
	out, err = SetFunction(out, "Page.QuotesonClose", Template(OnClose))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "Main.edited.js")
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := readTestdata(t, "Main.edited.js")
	if !bytes.Equal(out, want) {
		t.Fatalf("edited script differs from %s:\n%s", golden, out)
	}
}

func TestSetFunctionKeepsOtherBytes(t *testing.T) {
	src := readTestdata(t, "Main.js")
	for _, name := range Handlers(src) {
		old, _ := FunctionSource(src, name)
		start := bytes.Index(src, []byte(old))
		const fn = "function () { /* replaced */ }"
		out, err := SetFunction(src, name, fn)
		if err != nil {
			t.Fatalf("SetFunction(%s): %v", name, err)
		}
		if !bytes.Equal(out[:start], src[:start]) {
			t.Errorf("%s: bytes before the function changed", name)
		}
		if !bytes.Equal(out[start+len(fn):], src[start+len(old):]) {
			t.Errorf("%s: bytes after the function changed", name)
		}
		if got, _ := FunctionSource(out, name); got != fn {
			t.Errorf("%s: FunctionSource after SetFunction = %q", name, got)
		}
		// Putting back what was there gives the original bytes.
		back, err := SetFunction(out, name, old)
		if err != nil || !bytes.Equal(back, src) {
			t.Errorf("%s: restoring the old function did not give the original script back (err %v)", name, err)
		}
	}
}

func TestSetFunctionAppends(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", "Page.a = function () {};\n"},
		{"var x = 1;", "var x = 1;\n\nPage.a = function () {};\n"},
		{"var x = 1;\n", "var x = 1;\n\nPage.a = function () {};\n"},
	}
	for _, tt := range tests {
		out, err := SetFunction([]byte(tt.src), "Page.a", "function () {}")
		if err != nil || string(out) != tt.want {
			t.Errorf("SetFunction(%q) = %q, %v; want %q", tt.src, out, err, tt.want)
		}
	}
	// Trailing and leading white space of the editor's text is not kept.
	out, err := SetFunction([]byte("Page.a = function () {};\n"), "Page.a", "\n  function (v) { return 1; }\n\n")
	if err != nil || string(out) != "Page.a = function (v) { return 1; };\n" {
		t.Errorf("SetFunction with padded text = %q, %v", out, err)
	}
}

func TestSetFunctionRefuses(t *testing.T) {
	ok := []byte("Page.a = function () {};\n")
	tests := []struct {
		name, src, handler, fn, wantErr string
	}{
		{"bad name", string(ok), "Window.a", "function () {}", `handler name "Window.a" is not Page.<name> or App.<name>`},
		{"bad property", string(ok), "Page.a-b", "function () {}", `handler name "Page.a-b"`},
		{"syntax error in the function", string(ok), "Page.a", "function () {\n  return (1;\n}", "Page.a line 2: syntax error"},
		{"not a function", string(ok), "Page.a", "42", "not a single function expression"},
		{"more code after", string(ok), "Page.a", "function () {}; alert(1)", "not a single function expression"},
		{"call of the function", string(ok), "Page.a", "function () {}\n(1)", "not a single function expression"},
		{"script does not parse", "Page.a = function ( {\n", "Page.a", "function () {}", "the script cannot be edited until it parses: script line 2: syntax error: Unexpected end of input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := SetFunction([]byte(tt.src), tt.handler, tt.fn)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("SetFunction = %q, %v; want an error containing %q", out, err, tt.wantErr)
			}
		})
	}
}

func TestRenameVariable(t *testing.T) {
	src := readTestdata(t, "Main.js")
	out, err := RenameVariable(src, "Page", "Quotes", "Prices")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer(
		"Page.QuotesonMessageReceive", "Page.PricesonMessageReceive",
		`Page["QuotesonBeforeOpen"]`, `Page["PricesonBeforeOpen"]`,
		"Page.QuotesonError", "Page.PricesonError",
	).Replace(string(src))
	if string(out) != want {
		t.Fatalf("renamed script:\n%s", out)
	}
	if same, _ := RenameVariable(src, "App", "Quotes", "Prices"); !bytes.Equal(same, src) {
		t.Error("renaming App handlers changed a page script")
	}
	if _, err := RenameVariable(src, "Page", "Quotes", "no good"); err == nil {
		t.Error("renamed to a name that is not an identifier")
	}
}

func TestTemplatesParse(t *testing.T) {
	for _, ev := range Events {
		out, err := SetFunction(nil, HandlerName("Page", "Quotes", ev), Template(ev))
		if err != nil {
			t.Fatalf("template of %s: %v", ev, err)
		}
		if got := Handlers(out); len(got) != 1 || got[0] != "Page.Quotes"+string(ev) {
			t.Fatalf("template of %s gives handlers %q", ev, got)
		}
	}
}

// FuzzFunctionSource checks the finder on any input: it never panics, each
// listed handler's source is found, and writing a function back leaves
// every other byte as it was.
func FuzzFunctionSource(f *testing.F) {
	f.Add(readTestdataF(f, "Main.js"))
	f.Add([]byte("Page.a = function() {};"))
	f.Add([]byte("Page['b c'] = () => 1;\nApp.x = async function(){}\n"))
	f.Add([]byte("Page.a = function( {"))
	f.Add([]byte("//# sourceMappingURL=/etc/passwd\nPage.a = function() {}"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if out, err := RenameVariable(src, "Page", "Quotes", "Q2"); err == nil && Check("", out) != nil {
			t.Fatalf("renaming broke the script: %v\n%s", Check("", out), out)
		}
		for _, name := range Handlers(src) {
			fn, ok := FunctionSource(src, name)
			if !ok {
				t.Fatalf("listed handler %q not found", name)
			}
			_, prop, _ := strings.Cut(name, ".")
			if !isIdentifier(prop) {
				continue
			}
			same, err := SetFunction(src, name, fn)
			if err == nil && !bytes.Equal(same, src) {
				t.Fatalf("writing %s back unchanged changed the script", name)
			}
			const repl = "function () { return 1; }"
			out, err := SetFunction(src, name, repl)
			if err != nil {
				continue
			}
			if got, _ := FunctionSource(out, name); got != repl {
				t.Fatalf("after SetFunction(%s) FunctionSource = %q", name, got)
			}
		}
	})
}

func readTestdataF(f *testing.F, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	return b
}
