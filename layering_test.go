package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// arrows is the order of the module's packages, top to bottom, as
// docs/ARCHITECTURE.md draws it: each package may import, of the module,
// only the packages listed with it, and every one of those comes later in
// this list; topPackage may import every package below it. "main" is the
// top-level package. A package missing here is a failure: a new package
// takes its place in the order before it lands.
var arrows = []struct {
	pkg string
	may []string
}{
	{"main", []string{"cli"}},
	{"cli", nil},
	{"ui", []string{"ui/wizard", "ui/scriptedit", "widgets", "session", "importer", "variable", "variable/dataset", "project", "demo", "assets"}},
	{"ui/wizard", []string{"importer", "importer/asyncapi", "wire", "project", "demo"}},
	{"ui/scriptedit", []string{"variable/script", "project"}},
	{"widgets", []string{"variable/dataset"}},
	{"session", []string{"variable", "variable/dataset", "project"}},
	{"variable/script", []string{"variable", "variable/dataset", "wire/frame", "project"}},
	{"variable", []string{"variable/dataset", "wire", "wire/frame", "project"}},
	{"importer/asyncapi", []string{"importer", "project"}},
	{"importer", []string{"wire", "wire/frame", "project"}},
	{"wire", []string{"project"}},
	{"variable/dataset", []string{"wire/frame"}},
	{"wire/frame", nil},
	{"project", nil},
	{"demo", nil},
	{"assets", nil},
}

// Only these packages may import the socket library, that is touch a
// *websocket.Conn.
var socketPackages = []string{"wire", "variable", "demo"}

// These know nothing of sockets: not even through the packages they import.
var socketFree = []string{"widgets", "variable/dataset", "wire/frame"}

// topPackage may import every package below it: the command line wires
// the window and the commands from all of them.
const topPackage = "cli"

// These import, besides the module, only the standard library: the
// program itself is the command line package and nothing else.
var stdlibOnly = []string{"main"}

// Nothing below widgets imports Fyne.
var belowWidgets = []string{"session", "project", "importer", "importer/asyncapi", "variable", "variable/dataset", "variable/script", "wire", "wire/frame", "demo", "assets"}

// Packages made for tests, which the production binary must not link.
var testPackages = []string{"fyne.io/fyne/v2/test", "github.com/stretchr/testify", "github.com/davecgh/go-spew", "github.com/pmezard/go-difflib"}

const (
	modulePath = "wsstudio"
	socketPath = "github.com/gorilla/websocket"
	fynePath   = "fyne.io/fyne/v2"
)

// knownViolations are the failures of the rules above that are still to be
// straightened out, each naming the file that holds the import. Removing an
// entry makes the test strict for it; an entry that no longer fails is
// itself a failure, so the list only shrinks.
var knownViolations = map[string]bool{
	// The icon is a fyne.Resource; the bundled project could be served
	// without Fyne, the icon moved up beside the window.
	"assets/assets.go: assets imports fyne.io/fyne/v2, but nothing below widgets imports Fyne": true,
}

// modPackage is one package of the module as the checks see it.
type modPackage struct {
	name    string              // "main", "ui/wizard", …
	imports map[string][]string // import path → files importing it (module-relative paths)
	deps    []string            // every package it links
}

// binaryPackage is one package linked into the production binary.
type binaryPackage struct {
	path    string
	deps    []string            // every package it links
	imports map[string][]string // module packages only: import path → files
}

func TestLayering(t *testing.T) {
	if problems := checkArrowsTable(); len(problems) > 0 {
		t.Fatalf("the order itself is wrong:\n%s", strings.Join(problems, "\n"))
	}
	pkgs, err := modulePackages("")
	if err != nil {
		t.Fatal(err)
	}
	got := checkLayering(pkgs)
	for _, tags := range []string{"", "ci"} {
		bin, err := binaryPackages(tags)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range checkBinary(bin, tags) {
			if !slices.Contains(got, v) {
				got = append(got, v)
			}
		}
	}
	var fail, stale []string
	for _, v := range got {
		if !knownViolations[v] {
			fail = append(fail, v)
		}
	}
	for v := range knownViolations {
		if !slices.Contains(got, v) {
			stale = append(stale, v)
		}
	}
	sort.Strings(stale)
	if len(fail) > 0 {
		t.Errorf("imports against the layering of docs/ARCHITECTURE.md:\n%s", strings.Join(fail, "\n"))
	}
	if len(stale) > 0 {
		t.Errorf("known violations that no longer occur (remove them from knownViolations):\n%s", strings.Join(stale, "\n"))
	}
	var known []string
	for _, v := range got {
		if knownViolations[v] {
			known = append(known, v)
		}
	}
	if len(known) > 0 {
		t.Logf("known violations still to be fixed:\n%s", strings.Join(known, "\n"))
	}
}

// TestLayeringCatches runs the checks on made-up graphs: each rule has to
// name the file and the import it fails on.
func TestLayeringCatches(t *testing.T) {
	cases := []struct {
		name string
		pkgs []modPackage
		want string
	}{
		{"upward import", []modPackage{{name: "project", imports: map[string][]string{"wsstudio/ui": {"project/model.go"}}}},
			"project/model.go: project imports ui, which is not below it (project may import nothing of the module)"},
		{"sideways import", []modPackage{{name: "widgets", imports: map[string][]string{"wsstudio/variable": {"widgets/chart.go"}}}},
			"widgets/chart.go: widgets imports variable, which is not below it (widgets may import variable/dataset)"},
		{"widgets reading the file format", []modPackage{{name: "widgets", imports: map[string][]string{"wsstudio/project": {"widgets/table.go"}}}},
			"widgets/table.go: widgets imports project, which is not below it (widgets may import variable/dataset)"},
		{"socket outside wire", []modPackage{{name: "importer", imports: map[string][]string{socketPath: {"importer/test.go"}}}},
			"importer/test.go: importer imports github.com/gorilla/websocket, but only wire, variable, demo touch a *websocket.Conn"},
		{"Fyne below widgets", []modPackage{{name: "variable/dataset", imports: map[string][]string{fynePath + "/canvas": {"variable/dataset/view.go"}}}},
			"variable/dataset/view.go: variable/dataset imports fyne.io/fyne/v2/canvas, but nothing below widgets imports Fyne"},
		{"sockets through an allowed import", []modPackage{
			{name: "variable/dataset", imports: map[string][]string{"wsstudio/wire/frame": {"variable/dataset/record.go"}}},
			{name: "wire/frame", imports: map[string][]string{}, deps: []string{socketPath}},
		}, "variable/dataset/record.go: variable/dataset imports wire/frame, which links github.com/gorilla/websocket, but variable/dataset knows nothing of sockets"},
		{"unknown package", []modPackage{{name: "newpkg", imports: map[string][]string{}}},
			"newpkg: the package has no place in the order of layering_test.go"},
		{"main past the command line", []modPackage{{name: "main", imports: map[string][]string{"wsstudio/ui": {"main.go"}, "wsstudio/cli": {"main.go"}}}},
			"main.go: main imports ui, which is not below it (main may import cli)"},
		{"main outside the standard library", []modPackage{{name: "main", imports: map[string][]string{"fyne.io/fyne/v2/app": {"main.go"}, "os": {"main.go"}}}},
			"main.go: main imports fyne.io/fyne/v2/app, but main imports only cli and the standard library"},
		{"import of the command line", []modPackage{{name: "ui", imports: map[string][]string{"wsstudio/cli": {"ui/studio.go"}}}},
			"ui/studio.go: ui imports cli, which is not below it (ui may import ui/wizard, ui/scriptedit, widgets, session, importer, variable, variable/dataset, project, demo, assets)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := checkLayering(c.pkgs)
			if len(got) != 1 || got[0] != c.want {
				t.Fatalf("got %q\nwant %q", got, c.want)
			}
		})
	}
	t.Run("allowed imports pass", func(t *testing.T) {
		got := checkLayering([]modPackage{{name: "importer", imports: map[string][]string{
			"wsstudio/wire": {"importer/test.go"}, "wsstudio/project": {"importer/build.go"}, "strings": {"importer/build.go"}}}})
		if len(got) != 0 {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("the command line may import any package below it", func(t *testing.T) {
		imports := map[string][]string{"fyne.io/fyne/v2/app": {"cli/studio.go"}}
		for _, a := range arrows[2:] {
			imports[modulePath+"/"+a.pkg] = []string{"cli/cli.go"}
		}
		got := checkLayering([]modPackage{{name: "cli", imports: imports},
			{name: "main", imports: map[string][]string{"wsstudio/cli": {"main.go"}, "os": {"main.go"}, "embed": {"main.go"}}}})
		if len(got) != 0 {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("test package in the binary", func(t *testing.T) {
		got := checkBinary([]binaryPackage{
			{path: "wsstudio", imports: map[string][]string{fynePath + "/test": {"cmd_screenshot.go"}, "wsstudio/ui": {"studio.go"}}},
			{path: fynePath + "/test", deps: []string{"github.com/stretchr/testify/assert", fynePath}},
			{path: "wsstudio/ui", imports: map[string][]string{fynePath: {"ui/studio.go"}}},
			{path: fynePath},
		}, "")
		want := []string{"cmd_screenshot.go: the binary links fyne.io/fyne/v2/test, a package for tests",
			"cmd_screenshot.go: the binary links github.com/stretchr/testify/assert (through fyne.io/fyne/v2/test), a package for tests"}
		if !slices.Equal(got, want) {
			t.Fatalf("got %q\nwant %q", got, want)
		}
	})
	t.Run("the order points down", func(t *testing.T) {
		if p := checkTable([]string{"ui", "project"}, map[string][]string{"project": {"ui"}, "ui": {"project"}}); len(p) != 1 ||
			p[0] != "project may import ui, which is not below it in the order" {
			t.Fatalf("got %q", p)
		}
	})
}

func checkArrowsTable() []string {
	var order []string
	may := map[string][]string{}
	for _, a := range arrows {
		order = append(order, a.pkg)
		may[a.pkg] = a.may
	}
	return checkTable(order, may)
}

// allowedImports is what each package may import of the module: its list,
// or for a package at the top, every package below it.
func allowedImports() map[string][]string {
	may := map[string][]string{}
	for i, a := range arrows {
		may[a.pkg] = a.may
		if a.pkg == topPackage {
			var below []string
			for _, b := range arrows[i+1:] {
				below = append(below, b.pkg)
			}
			may[a.pkg] = below
		}
	}
	return may
}

// isStandard reports whether an import path outside the module is of the
// standard library: its first element has no dot, as no module path's has.
func isStandard(importPath string) bool {
	first, _, _ := strings.Cut(importPath, "/")
	return !strings.Contains(first, ".")
}

// checkTable reports entries of may that do not point further down order.
func checkTable(order []string, may map[string][]string) []string {
	var out []string
	for i, p := range order {
		for _, m := range may[p] {
			if j := slices.Index(order, m); j <= i {
				out = append(out, fmt.Sprintf("%s may import %s, which is not below it in the order", p, m))
			}
		}
	}
	return out
}

// checkLayering applies the arrows, the socket rule and the Fyne rule to
// the production imports of pkgs. Each failure names the file.
func checkLayering(pkgs []modPackage) []string {
	may := allowedImports()
	deps := map[string][]string{}
	for _, p := range pkgs {
		deps[p.name] = p.deps
	}
	var out []string
	for _, p := range pkgs {
		allowed, known := may[p.name]
		if !known {
			out = append(out, p.name+": the package has no place in the order of layering_test.go")
			continue
		}
		for _, imp := range sortedKeys(p.imports) {
			files := p.imports[imp]
			var why string
			inModule := imp == modulePath || strings.HasPrefix(imp, modulePath+"/")
			switch {
			case !inModule && slices.Contains(stdlibOnly, p.name) && !isStandard(imp):
				why = fmt.Sprintf("%s imports %s, but %s imports only %s and the standard library", p.name, imp, p.name, strings.Join(allowed, ", "))
			case inModule:
				target := relName(imp)
				if slices.Contains(allowed, target) {
					if slices.Contains(socketFree, p.name) && slices.Contains(deps[target], socketPath) {
						why = fmt.Sprintf("%s imports %s, which links %s, but %s knows nothing of sockets", p.name, target, socketPath, p.name)
						break
					}
					continue
				}
				list := "nothing of the module"
				if len(allowed) > 0 {
					list = strings.Join(allowed, ", ")
				}
				why = fmt.Sprintf("%s imports %s, which is not below it (%s may import %s)", p.name, target, p.name, list)
			case imp == socketPath || strings.HasPrefix(imp, socketPath+"/"):
				if slices.Contains(socketPackages, p.name) {
					continue
				}
				why = fmt.Sprintf("%s imports %s, but only %s touch a *websocket.Conn", p.name, imp, strings.Join(socketPackages, ", "))
			case imp == fynePath || strings.HasPrefix(imp, fynePath+"/"):
				if !slices.Contains(belowWidgets, p.name) {
					continue
				}
				why = fmt.Sprintf("%s imports %s, but nothing below widgets imports Fyne", p.name, imp)
			default:
				continue
			}
			for _, f := range files {
				out = append(out, f+": "+why)
			}
		}
	}
	return out
}

// ciApp is Fyne's app package, which under the build tag ci is Fyne's
// software app and links Fyne's test package on purpose: that is Fyne's
// own choice for CI builds, not an import of ours.
const ciApp = fynePath + "/app"

// checkBinary reports every package for tests that the production binary
// built with tags links, named by the module file whose import brings it in.
func checkBinary(bin []binaryPackage, tags string) []string {
	deps := map[string][]string{}
	for _, b := range bin {
		deps[b.path] = b.deps
	}
	var out []string
	for _, b := range bin {
		for _, imp := range sortedKeys(b.imports) {
			if imp == modulePath || strings.HasPrefix(imp, modulePath+"/") {
				continue // reported where that package imports it
			}
			if imp == ciApp && slices.Contains(strings.Split(tags, ","), "ci") {
				continue
			}
			var linked []string
			if isTestPackage(imp) {
				linked = append(linked, fmt.Sprintf("%s, a package for tests", imp))
			}
			for _, d := range deps[imp] {
				if isTestPackage(d) {
					linked = append(linked, fmt.Sprintf("%s (through %s), a package for tests", d, imp))
				}
			}
			for _, f := range b.imports[imp] {
				for _, l := range linked {
					out = append(out, f+": the binary links "+l)
				}
			}
		}
	}
	return out
}

func isTestPackage(path string) bool {
	for _, t := range testPackages {
		if path == t || strings.HasPrefix(path, t+"/") {
			return true
		}
	}
	return false
}

func relName(importPath string) string {
	if importPath == modulePath {
		return "main"
	}
	return strings.TrimPrefix(importPath, modulePath+"/")
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// listed is what the checks read of `go list -json`.
type listed struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	CgoFiles   []string
	Deps       []string
	Module     *struct{ Path, Dir string }
}

func goList(tags string, args ...string) ([]listed, error) {
	cmdArgs := []string{"list", "-json"}
	if tags != "" {
		cmdArgs = append(cmdArgs, "-tags", tags)
	}
	cmd := exec.Command("go", append(cmdArgs, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %v: %s", strings.Join(append(cmdArgs, args...), " "), err, stderr.String())
	}
	var all []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var l listed
		if err := dec.Decode(&l); errors.Is(err, io.EOF) {
			return all, nil
		} else if err != nil {
			return nil, err
		}
		all = append(all, l)
	}
}

// fileImports maps each import of the package's production files to the
// files that hold it, as paths relative to the module root.
func fileImports(l listed) (map[string][]string, error) {
	root := l.Module.Dir
	imports := map[string][]string{}
	fset := token.NewFileSet()
	for _, name := range append(append([]string(nil), l.GoFiles...), l.CgoFiles...) {
		path := filepath.Join(l.Dir, name)
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return nil, err
		}
		for _, spec := range f.Imports {
			imp, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return nil, err
			}
			imports[imp] = append(imports[imp], filepath.ToSlash(rel))
		}
	}
	return imports, nil
}

func modulePackages(tags string) ([]modPackage, error) {
	list, err := goList(tags, "./...")
	if err != nil {
		return nil, err
	}
	var out []modPackage
	for _, l := range list {
		imports, err := fileImports(l)
		if err != nil {
			return nil, err
		}
		out = append(out, modPackage{name: relName(l.ImportPath), imports: imports, deps: l.Deps})
	}
	return out, nil
}

func binaryPackages(tags string) ([]binaryPackage, error) {
	list, err := goList(tags, "-deps", ".")
	if err != nil {
		return nil, err
	}
	var out []binaryPackage
	for _, l := range list {
		b := binaryPackage{path: l.ImportPath, deps: l.Deps}
		if l.Module != nil && l.Module.Path == modulePath {
			if b.imports, err = fileImports(l); err != nil {
				return nil, err
			}
		}
		out = append(out, b)
	}
	return out, nil
}
