package importer

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"wsstudio/project"
)

// harborCopy copies the project package's harbor fixture (a project in
// WaveMaker's own style) into a temporary folder.
func harborCopy(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "project", "testdata", "harbor")
	dst := filepath.Join(t.TempDir(), "harbor")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func snapshotFiles(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(data)
		}
		return nil
	})
	return out
}

func diffFiles(a, b map[string]string) []string {
	var out []string
	for k, v := range b {
		if a[k] != v {
			out = append(out, k)
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// The one import workflow on a WaveMaker-style project: only the new
// service's folder, the build files' entries and the profiles' new keys
// change; a failed save (pom.xml cannot be replaced) leaves the folder as
// it was and the model without the service, and the same import then
// succeeds.
func TestCommitOnHarbor(t *testing.T) {
	dir := harborCopy(t)
	before := snapshotFiles(t, dir)
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	spec := Spec{URL: "wss://chat.example.com/rooms/lobby", ID: "chat", SampleResponse: `{"text":"hi"}`}
	build := func() Plan {
		svc, err := Build(spec, nil)
		if err != nil {
			t.Fatal(err)
		}
		return Plan{Service: svc, Variable: project.NewVariable("Chat", svc, project.OwnerPage, "Main")}
	}
	pom := filepath.Join(dir, "pom.xml")
	immutable := exec.Command("chattr", "+i", pom).Run() == nil
	if immutable {
		err := Commit(p, build())
		exec.Command("chattr", "-i", pom).Run()
		if err == nil || !strings.Contains(err.Error(), "pom.xml") {
			t.Fatalf("commit onto an immutable pom.xml: %v", err)
		}
		if c := diffFiles(before, snapshotFiles(t, dir)); len(c) > 0 {
			t.Errorf("a failed import changed %v", c)
		}
		if p.Service("chat") != nil || p.Variable("Chat") != nil {
			t.Error("a failed import left the service in the model")
		}
	} else {
		t.Log("chattr +i is not supported here: the failed import is not tested")
	}
	if err := Commit(p, build()); err != nil {
		t.Fatal(err)
	}
	after := snapshotFiles(t, dir)
	var touched []string
	for _, f := range diffFiles(before, after) {
		if !strings.HasPrefix(f, "services/chat/") {
			touched = append(touched, f)
		}
	}
	want := []string{"pom.xml", "profiles/deployment.properties", "profiles/development.properties",
		"src/main/webapp/WEB-INF/project-services.xml", "src/main/webapp/pages/Main/Main.variables.json"}
	if strings.Join(touched, " ") != strings.Join(want, " ") {
		t.Errorf("the import touched %v, want %v", touched, want)
	}
	if !strings.Contains(after["pom.xml"], "<source>services/chat/src</source>") ||
		!strings.Contains(after["src/main/webapp/WEB-INF/project-services.xml"], `<import resource="classpath:chat.spring.xml"/>`) {
		t.Error("the new service is not where a Maven build looks")
	}
	for _, f := range []string{"profiles/development.properties", "profiles/deployment.properties"} {
		if !strings.HasPrefix(after[f], strings.TrimRight(before[f], "\n")) {
			t.Errorf("%s did not keep its lines:\n%s", f, after[f])
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "services/chat/src/chat.spring.xml")); err != nil {
		t.Errorf("the Spring file is not named like the project's: %v", err)
	}
	var temps []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".wsstudio-") {
			temps = append(temps, p)
		}
		return nil
	})
	if len(temps) > 0 {
		t.Errorf("temporaries left: %v", temps)
	}
	if !bytes.Contains([]byte(after["src/main/webapp/pages/Main/Main.variables.json"]), []byte(`"Chat" : {`)) {
		t.Error("the new variable is not written in the file's own style")
	}
}
