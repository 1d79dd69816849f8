package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wsstudio/assets"
	"wsstudio/project"
)

// filesUnder reads every file under dir, keyed by its slash path relative
// to dir.
func filesUnder(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFiles(t *testing.T, got, want map[string]string) {
	t.Helper()
	for rel, b := range want {
		if g, ok := got[rel]; !ok {
			t.Errorf("%s is missing", rel)
		} else if g != b {
			t.Errorf("%s differs:\n%s\nwant:\n%s", rel, g, b)
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s should not be there", rel)
		}
	}
}

// TestNewMakesWhatFileNewMakes: without --example, the folder holds byte
// for byte the project File → New creates under the same name, whether
// the folder was missing or empty.
func TestNewMakesWhatFileNewMakes(t *testing.T) {
	ref := filepath.Join(t.TempDir(), "Quotes")
	if _, err := project.Create(ref, "Quotes"); err != nil { // as ui's CreateProject calls it
		t.Fatal(err)
	}
	want := filesUnder(t, ref)
	for _, existing := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "Quotes")
		if existing {
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		status, out, errOut := runCmd("new", dir)
		if status != 0 || errOut != "" {
			t.Fatalf("existing %v: status %d, stderr %q", existing, status, errOut)
		}
		if want := "Created the empty project Quotes in " + dir + ".\n"; out != want {
			t.Errorf("stdout %q, want %q", out, want)
		}
		sameFiles(t, filesUnder(t, dir), want)
		p, err := project.Open(dir)
		if err != nil || p.HomePage != "Main" || p.DisplayName != "Quotes" {
			t.Fatalf("the new project opens as %+v, %v", p, err)
		}
	}
}

// TestNewFromEachExample: --example NAME copies exactly the files of the
// bundled example NAME, for every example the build carries.
func TestNewFromEachExample(t *testing.T) {
	examples := assets.Examples()
	if len(examples) == 0 {
		t.Fatal("the build carries no example")
	}
	for _, e := range examples {
		t.Run(e.Name, func(t *testing.T) {
			src, err := assets.ExampleNamed(e.Name)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					b, _ := fs.ReadFile(src, p)
					want[p] = string(b)
				}
				return err
			})
			dir := filepath.Join(t.TempDir(), "proj")
			status, out, errOut := runCmd("new", dir, "--example", e.Name)
			if status != 0 || errOut != "" {
				t.Fatalf("status %d, stderr %q", status, errOut)
			}
			sameFiles(t, filesUnder(t, dir), want)
			p, err := project.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if want := "Created the project " + p.DisplayName + " in " + dir + " from the example " + e.Name + ".\n"; out != want {
				t.Errorf("stdout %q, want %q", out, want)
			}
			// the flag may come first, or as --example=NAME
			dir2 := filepath.Join(t.TempDir(), "proj")
			if status, _, errOut := runCmd("new", "--example="+e.Name, dir2); status != 0 {
				t.Fatalf("--example=%s first: status %d, %s", e.Name, status, errOut)
			}
			sameFiles(t, filesUnder(t, dir2), want)
		})
	}
}

// TestNewRefuses: a folder that is not empty, a file, an unknown example
// and bad usage are exit 2 with one sentence naming what is wrong, and
// leave the disk as it was.
func TestNewRefuses(t *testing.T) {
	full := filepath.Join(t.TempDir(), "full")
	if err := os.MkdirAll(full, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(full, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(full, "notes.txt")
	fresh := filepath.Join(t.TempDir(), "fresh")
	var names []string
	for _, e := range assets.Examples() {
		names = append(names, e.Name)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"new", full}, "new: " + full + " is not empty; give a folder that does not exist yet or is empty"},
		{[]string{"new", full, "--example", names[0]}, "new: " + full + " is not empty"},
		{[]string{"new", file}, "new: " + file + " is a file; give a folder that does not exist yet or is empty"},
		{[]string{"new", fresh, "--example", "no-such-example"}, `there is no example called "no-such-example"; the examples are ` + strings.Join(names, ", ")},
		{[]string{"new"}, "the project folder DIR is missing"},
		{[]string{"new", fresh, "other"}, `one project folder only, got "` + fresh + `" and "other"`},
		{[]string{"new", fresh, "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"new", fresh, "--example"}, "flag needs an argument: -example"},
		{[]string{"new", ""}, `the project folder "" is empty`},
	} {
		status, out, errOut := runCmd(tc.args...)
		if status != 2 || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want 2 and %q", tc.args, status, out, errOut, tc.want)
		}
		if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "wsstudio: new: ") {
			t.Errorf("%q: not one line: %q", tc.args, errOut)
		}
	}
	if got := filesUnder(t, full); len(got) != 1 || got["notes.txt"] != "mine" {
		t.Errorf("the full folder changed: %v", got)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("a refused command made %s (%v)", fresh, err)
	}
}

func TestNewHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "--help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	help := stdout.String()
	if !strings.HasPrefix(help, "create a project: an empty one, or a copy of a bundled example\n\nUsage: wsstudio new DIR [--example NAME]\n") {
		t.Errorf("help starts %q", help)
	}
	for _, want := range []string{"--example NAME", "Examples:\n  wsstudio new ", "File → New"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	for _, e := range assets.Examples() {
		if !strings.Contains(help, e.Name+" ") || !strings.Contains(help, e.Title) {
			t.Errorf("help does not offer the example %s (%s):\n%s", e.Name, e.Title, help)
		}
	}
}
