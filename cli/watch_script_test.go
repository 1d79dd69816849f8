package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/variable/script"
)

// writeScript writes the page script of the variable Feed in project dir.
func writeScript(t *testing.T, dir, src string) {
	t.Helper()
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	v := p.Variable("Feed")
	if v == nil {
		t.Fatal("variable Feed missing")
	}
	file := script.ScriptFile(p, v)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatchRunsThePageScript(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	t.Run("handlers", func(t *testing.T) {
		dir := watchProject(t, srv.URL("/burst?count=10&size=64"), "append", 0)
		writeScript(t, dir, `Page.FeedonOpen = function (variable) {
    console.log("watching", variable.name);
};
Page.FeedonMessageReceive = function (variable, data) {
    if (data.seq % 3 !== 0) {
        return false;
    }
    return {seq: data.seq};
};
`)
		status, out, errOut := runCmd("watch", dir, "Feed", "--count", "0")
		if status != 0 {
			t.Fatalf("status %d, stderr:\n%s", status, errOut)
		}
		if got := seqsOf(t, out); got != "0,3,6,9" {
			t.Fatalf("printed seqs %s, want 0,3,6,9; stdout:\n%s", got, out)
		}
		if n := strings.Count(errOut, "Main.js: watching Feed\n"); n != 1 {
			t.Errorf("stderr has the console line %d times, want once:\n%s", n, errOut)
		}
	})
	t.Run("syntax error", func(t *testing.T) {
		dir := watchProject(t, srv.URL("/burst?count=3&size=64"), "append", 0)
		writeScript(t, dir, "Page.FeedonMessageReceive = function (variable, data) {\n    return false;\n")
		status, out, errOut := runCmd("watch", dir, "Feed", "--count", "0")
		if status != 0 {
			t.Fatalf("status %d, stderr:\n%s", status, errOut)
		}
		if got := seqsOf(t, out); got != "0,1,2" {
			t.Fatalf("printed seqs %s, want 0,1,2 (the script does not run)", got)
		}
		if !strings.Contains(errOut, "Main.js line 3: syntax error: Unexpected end of input\n") {
			t.Errorf("stderr lacks the syntax error:\n%s", errOut)
		}
	})
}
