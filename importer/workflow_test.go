package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wsstudio/project"
)

func newProject(t *testing.T) *project.Project {
	t.Helper()
	p, err := project.Create(filepath.Join(t.TempDir(), "app"), "app")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func chatPlan(t *testing.T, p *project.Project) Plan {
	t.Helper()
	svc, err := Build(Spec{ID: "chat", URL: "wss://chat.example.com/rooms/lobby", SampleResponse: `{"text":"hi","time":1764000000000}`}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Plan{Service: svc, Variable: project.NewVariable("Chat", svc, project.OwnerPage, p.HomePage)}
}

func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAddIsInMemoryAndUndoable(t *testing.T) {
	p := newProject(t)
	before := files(t, p.Dir)
	undo, err := Add(p, chatPlan(t, p))
	if err != nil {
		t.Fatal(err)
	}
	if p.Service("chat") == nil || p.Variable("Chat") == nil {
		t.Fatal("Add did not put the service and the variable into the model")
	}
	if got := files(t, p.Dir); len(got) != len(before) {
		t.Errorf("Add wrote to the folder: %d files, want %d", len(got), len(before))
	}
	undo()
	if p.Service("chat") != nil || p.Variable("Chat") != nil {
		t.Fatal("undo left the service or the variable in the model")
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	got := files(t, p.Dir)
	for rel, data := range before {
		if got[rel] != data {
			t.Errorf("%s changed after undo and save", rel)
		}
	}
	if len(got) != len(before) {
		t.Errorf("after undo and save the folder has %d files, want %d", len(got), len(before))
	}
}

func TestAddFailureLeavesTheModel(t *testing.T) {
	p := newProject(t)
	plan := chatPlan(t, p)
	plan.Variable.Name = "not a name"
	if _, err := Add(p, plan); err == nil || !strings.Contains(err.Error(), "add variable") {
		t.Fatalf("error %v, want one naming the variable", err)
	}
	if p.Service("chat") != nil {
		t.Error("a failed Add left the service in the model")
	}
}

func TestCommitFailureRollsBack(t *testing.T) {
	p := newProject(t)
	before := files(t, p.Dir)
	// A file where the service's folder must go: the save cannot write it.
	if err := os.MkdirAll(filepath.Join(p.Dir, "services"), 0o755); err != nil {
		t.Fatal(err)
	}
	block := filepath.Join(p.Dir, "services", "chat")
	if err := os.WriteFile(block, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	before[filepath.Join("services", "chat")] = "x"
	err := Commit(p, chatPlan(t, p))
	if err == nil {
		t.Fatal("Commit succeeded although the service folder cannot be made")
	}
	if p.Service("chat") != nil || p.Variable("Chat") != nil {
		t.Error("a failed Commit left the plan in the model")
	}
	got := files(t, p.Dir)
	for rel, data := range before {
		if got[rel] != data {
			t.Errorf("%s changed by a failed Commit", rel)
		}
	}
	if len(got) != len(before) {
		t.Errorf("a failed Commit left %d files, want %d: %v", len(got), len(before), got)
	}

	// Once the obstacle is gone, the same import succeeds.
	if err := os.Remove(block); err != nil {
		t.Fatal(err)
	}
	if err := Commit(p, chatPlan(t, p)); err != nil {
		t.Fatal(err)
	}
	q, err := project.Open(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if q.Service("chat") == nil || q.Variable("Chat") == nil {
		t.Error("the committed plan is not in the reopened project")
	}
}

func TestCommitSeveralIsAllOrNothing(t *testing.T) {
	p := newProject(t)
	before := files(t, p.Dir)
	one := chatPlan(t, p)
	two := chatPlan(t, p)
	two.Service.ID = "chat2"
	two.Variable.Name = "Chat" // taken by the first plan: the second Add fails
	if err := Commit(p, one, two); err == nil || !strings.Contains(err.Error(), "Chat") {
		t.Fatalf("error %v, want one naming the variable Chat", err)
	}
	if p.Service("chat") != nil || p.Service("chat2") != nil || p.Variable("Chat") != nil {
		t.Error("a failed Commit of two plans left one of them in the model")
	}
	if got := files(t, p.Dir); len(got) != len(before) {
		t.Errorf("a failed Commit of two plans wrote files: %d, want %d", len(got), len(before))
	}
	two.Variable.Name = "Chat2"
	if err := Commit(p, one, two); err != nil {
		t.Fatal(err)
	}
	q, err := project.Open(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if q.Service("chat") == nil || q.Service("chat2") == nil || q.Variable("Chat2") == nil {
		t.Error("the two committed plans are not both in the reopened project")
	}
}

// TestAddSeveral: the wizard's one Finish for several channels puts every
// service in, and one undo takes them all out; a plan that fails leaves
// none of them in.
func TestAddSeveral(t *testing.T) {
	p := newProject(t)
	first := chatPlan(t, p)
	second, err := Build(Spec{ID: "ticker", URL: "wss://quotes.example.com/ticker", SampleResponse: `{"price":1.5}`}, nil)
	if err != nil {
		t.Fatal(err)
	}
	undo, err := Add(p, first, Plan{Service: second})
	if err != nil {
		t.Fatal(err)
	}
	if p.Service("chat") == nil || p.Service("ticker") == nil || p.Variable("Chat") == nil {
		t.Fatal("Add of two plans did not put both services into the model")
	}
	undo()
	if p.Service("chat") != nil || p.Service("ticker") != nil || p.Variable("Chat") != nil {
		t.Fatal("one undo did not take both plans out")
	}

	bad := chatPlan(t, p)
	bad.Variable.Name = "not a name"
	if _, err := Add(p, Plan{Service: second}, bad); err == nil || !strings.Contains(err.Error(), "add variable not a name") {
		t.Fatalf("error %v, want one naming the variable", err)
	}
	if p.Service("ticker") != nil || p.Service("chat") != nil {
		t.Fatal("a failed second plan left the first one in the model")
	}
}
