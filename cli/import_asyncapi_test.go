package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wsstudio/project"
)

const demoFeedsDoc = "../importer/asyncapi/testdata/demo-feeds.yaml"

func TestImportAsyncAPIEveryChannel(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "feeds")
	status, out, errOut := runCmd("import", dir, "--asyncapi", demoFeedsDoc)
	if status != 0 {
		t.Fatalf("status %d, stderr:\n%s", status, errOut)
	}
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range p.Services {
		ids = append(ids, s.ID)
		if !strings.Contains(out, "as service "+s.ID+" ") {
			t.Errorf("stdout does not report service %s:\n%s", s.ID, out)
		}
	}
	if len(ids) < 4 {
		t.Fatalf("services %v, want one per WebSocket channel of the document", ids)
	}
	tk := p.Service("ticker")
	if tk == nil {
		t.Fatalf("no ticker service among %v", ids)
	}
	if got := tk.Scheme + "://" + tk.Host + tk.BasePath + tk.RelativePath; got != "ws://127.0.0.1:8765/ticker" {
		t.Errorf("ticker endpoint %s, want ws://127.0.0.1:8765/ticker", got)
	}
	if len(tk.Response.Fields()) == 0 {
		t.Error("the ticker service has no response metadata")
	}
}

func TestImportAsyncAPIOneChannelWithVariable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "feeds")
	status, out, errOut := runCmd("import", dir, "--asyncapi", demoFeedsDoc, "--channel", "ticker", "--variable", "Quotes", "--strategy", "append")
	if status != 0 {
		t.Fatalf("status %d, stderr:\n%s", status, errOut)
	}
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Services) != 1 || p.Service("ticker") == nil {
		t.Fatalf("services %v, want only ticker", p.Services)
	}
	v := p.Variable("Quotes")
	if v == nil || v.Service != "ticker" || v.Strategy != project.StrategyAppend {
		t.Fatalf("variable %+v, want Quotes bound to ticker, append", v)
	}
	if !strings.Contains(out, "Added variable Quotes") {
		t.Errorf("stdout:\n%s", out)
	}
}

func TestImportAsyncAPIBadInput(t *testing.T) {
	notAsync := filepath.Join(t.TempDir(), "plain.yaml")
	if err := os.WriteFile(notAsync, []byte("openapi: 3.0.0\ninfo: {title: x}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--asyncapi", demoFeedsDoc, "--url", "ws://127.0.0.1:1/x"}, "--url and --asyncapi exclude each other"},
		{[]string{"--channel", "ticker", "--url", "ws://127.0.0.1:1/x"}, "--channel and --server choose from an AsyncAPI document"},
		{[]string{"--asyncapi", demoFeedsDoc, "--name", "x"}, "leave out --name"},
		{[]string{"--asyncapi", demoFeedsDoc, "--variable", "V"}, "--variable binds one service"},
		{[]string{"--asyncapi", demoFeedsDoc, "--channel", "nosuch"}, "nosuch"},
		{[]string{"--asyncapi", notAsync}, "plain.yaml"},
		{[]string{"--asyncapi", filepath.Join(t.TempDir(), "missing.yaml")}, "missing.yaml"},
	}
	for _, c := range cases {
		dir := filepath.Join(t.TempDir(), "p")
		status, out, errOut := runCmd(append([]string{"import", dir}, c.args...)...)
		if status != 2 || out != "" || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
			t.Errorf("%v: status %d, stdout %q, stderr %q; want 2 and one line with %q", c.args, status, out, errOut, c.want)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%v: the failed import created %s", c.args, dir)
		}
	}
}
