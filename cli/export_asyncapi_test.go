package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wsstudio/importer/asyncapi"
	"wsstudio/project"
)

func runExport(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExportAsyncAPIWritesADocumentThatImportsBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "quotes")
	if code, _, errs := runExport("import", dir, "--url", "ws://127.0.0.1:8765/ticker?symbols=ACME",
		"--header", "Authorization: Bearer hunter2",
		"--sample-request", `{"subscribe":["ACME"]}`,
		"--sample-response", `{"symbol":"ACME","price":1.50,"volume":3,"time":1717171717171}`); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	out := filepath.Join(t.TempDir(), "quotes.asyncapi.json")
	code, stdout, stderr := runExport("export-asyncapi", dir, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := "Wrote AsyncAPI 3.0.0 document " + out + ": 1 channels.\n"; stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("{\n  \"asyncapi\": \"3.0.0\",")) {
		t.Errorf("a .json file is not JSON: %.60s", data)
	}
	if bytes.Contains(data, []byte("hunter2")) {
		t.Error("the export shows the Authorization header's value")
	}
	d, err := asyncapi.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	svcs, warnings, err := d.Services(asyncapi.Options{})
	if err != nil || len(warnings) != 0 || len(svcs) != 1 {
		t.Fatalf("import back: %v %q %d services", err, warnings, len(svcs))
	}
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	orig, got := p.Services[0], svcs[0]
	if got.ID != orig.ID || got.Host != "127.0.0.1:8765" || got.RelativePath != "/ticker" ||
		len(got.QueryParams) != 1 || got.QueryParams[0] != (project.Param{Name: "symbols", Value: "ACME", Type: "string"}) {
		t.Errorf("service back: %+v", got.Service)
	}
	if g, w := fieldsOf(got.Response), fieldsOf(orig.Response); g != w {
		t.Errorf("response fields %s, want %s", g, w)
	}
	if g, w := fieldsOf(got.Request), fieldsOf(orig.Request); g != w {
		t.Errorf("request fields %s, want %s", g, w)
	}

	// Without --out: YAML on stdout.
	code, stdout, _ = runExport("export-asyncapi", dir)
	if code != 0 || !strings.HasPrefix(stdout, "asyncapi: 3.0.0\ninfo:\n") {
		t.Fatalf("exit %d, stdout %.80q", code, stdout)
	}
	code, stdout, _ = runExport("export-asyncapi", dir, "--format", "json")
	if code != 0 || !strings.HasPrefix(stdout, "{\n  \"asyncapi\": \"3.0.0\"") {
		t.Fatalf("--format json: exit %d, stdout %.80q", code, stdout)
	}
}

func fieldsOf(d project.Definitions) string {
	var s []string
	for _, f := range d.Fields() {
		s = append(s, f.Path+":"+f.Type+"/"+f.Format)
	}
	return strings.Join(s, " ")
}

func TestExportAsyncAPIErrors(t *testing.T) {
	proj := filepath.Join(t.TempDir(), "p")
	if code, _, errs := runExport("import", proj, "--url", "ws://127.0.0.1:8765/echo", "--sample-response", "{}"); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	empty := t.TempDir()
	if _, err := project.Create(empty, "Empty"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{}, 2, "wsstudio: export-asyncapi needs the project folder DIR; see 'wsstudio export-asyncapi --help'\n"},
		{[]string{proj, proj}, 2, "wsstudio: export-asyncapi takes one project folder, got"},
		{[]string{proj, "--format", "xml"}, 2, "wsstudio: --format \"xml\" is not yaml or json\n"},
		{[]string{proj, "--bogus"}, 2, "wsstudio: export-asyncapi: flag provided but not defined: -bogus"},
		{[]string{proj, "--profile", "staging"}, 2, "wsstudio: export-asyncapi: the project has no profile \"staging\"; its profiles are deployment, development\n"},
		{[]string{empty}, 2, "wsstudio: export-asyncapi: the project in " + empty + " has no WebSocket services to export\n"},
		{[]string{filepath.Join(empty, "missing")}, 2, "wsstudio: export-asyncapi: "},
		{[]string{proj, "--out", filepath.Join(file, "doc.yaml")}, 1, "wsstudio: export-asyncapi: "},
	} {
		code, stdout, stderr := runExport(append([]string{"export-asyncapi"}, c.args...)...)
		if code != c.code || !strings.HasPrefix(stderr, c.msg) || stdout != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit %d and %q", c.args, code, stderr, stdout, c.code, c.msg)
		}
	}
}
