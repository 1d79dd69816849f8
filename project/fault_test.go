package project

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// harborImport is the import every fault test makes: a new service and a
// variable for it, with fixed ids so that the result is always the same
// bytes.
func harborImport(p *Project) error {
	s, err := NewService("chat", "wss://chat.example.com/rooms/lobby")
	if err != nil {
		return err
	}
	s.APIID = "11111111-2222-4333-8444-555555555555"
	if err := p.AddService(s); err != nil {
		return err
	}
	v := NewVariable("Chat", s, OwnerPage, "Main")
	v.ID = "wm-Chat-wm.WebSocketVariable-1764000000000"
	return p.AddVariable(v)
}

// importAndDelete is harborImport with a service folder removed in the
// same save.
func importAndDelete(p *Project) error {
	if err := harborImport(p); err != nil {
		return err
	}
	_, err := p.DeleteService("websocket")
	return err
}

// projectTree is the folder's files without the repository's.
func projectTree(t testing.TB, dir string) map[string][]byte {
	out := tree(t, dir)
	for k := range out {
		if strings.HasPrefix(k, ".git/") {
			delete(out, k)
		}
	}
	return out
}

func sameTree(a, b map[string][]byte) bool { return len(changed(a, b)) == 0 }

// A file that cannot be replaced in the middle of a save: every file already
// replaced gets its old bytes back, the deleted service's folder returns,
// and no temporary is left.
func TestSaveRestoresOnFailure(t *testing.T) {
	dir := copyFixture(t, "harbor")
	before := projectTree(t, dir)
	p, err := Open(dir)
	must(t, err)
	must(t, importAndDelete(p))
	// Renamed in path order: pom.xml and the profiles come before the page's
	// variables file, which is made immutable.
	victim := filepath.Join(dir, "src/main/webapp/pages/Main/Main.variables.json")
	if out, err := exec.Command("chattr", "+i", victim).CombinedOutput(); err != nil {
		t.Skipf("chattr +i is not supported here (%v: %s); the restore on failure is not tested", err, bytes.TrimSpace(out))
	}
	defer exec.Command("chattr", "-i", victim).Run()
	err = p.Save()
	if err == nil || !strings.Contains(err.Error(), "Main.variables.json") {
		t.Fatalf("save onto an immutable file: %v", err)
	}
	exec.Command("chattr", "-i", victim).Run()
	after := projectTree(t, dir)
	if c := changed(before, after); len(c) > 0 {
		t.Errorf("a failed save changed %v", c)
	}
	if temps := tempsIn(t, dir); len(temps) > 0 {
		t.Errorf("temporaries left: %v", temps)
	}
	// Once the file can be written, the same save goes through.
	must(t, p.Save())
	q, err := Open(dir)
	must(t, err)
	if q.Service("chat") == nil || q.Service("websocket") != nil || q.Variable("Chat") == nil {
		t.Errorf("after the retry: services %v", q.Services)
	}
}

// A folder that cannot be written (read-only bind mount) fails the save
// before anything is replaced.
func TestSaveReadOnlyFolder(t *testing.T) {
	dir := copyFixture(t, "harbor")
	ro := filepath.Join(dir, "src/main/webapp/WEB-INF")
	if err := syscall.Mount(ro, ro, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount (%v); the read-only folder case is not tested", err)
	}
	defer syscall.Unmount(ro, syscall.MNT_DETACH)
	if err := syscall.Mount("", ro, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only (%v)", err)
	}
	before := projectTree(t, dir)
	p, err := Open(dir)
	must(t, err)
	must(t, importAndDelete(p))
	if err := p.Save(); err == nil || !strings.Contains(err.Error(), "project-services.xml") {
		t.Fatalf("save into a read-only folder: %v", err)
	}
	if c := changed(before, projectTree(t, dir)); len(c) > 0 {
		t.Errorf("a failed save changed %v", c)
	}
	if temps := tempsIn(t, dir); len(temps) > 0 {
		t.Errorf("temporaries left: %v", temps)
	}
}

// The helper process of TestSaveKilled: it toggles the harbor project
// between the old state and the imported one, saving each time, until it
// is killed.
func TestSaveLoopHelper(t *testing.T) {
	dir := os.Getenv("WSSTUDIO_SAVE_LOOP")
	if dir == "" {
		t.Skip("helper process only")
	}
	for i := 0; ; i++ {
		p, err := Open(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		if p.Service("chat") == nil {
			err = harborImport(p)
		} else {
			err = undoImport(p)
		}
		if err == nil {
			err = p.Save()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Println("saved", i)
	}
}

// undoImport takes the project back to the fixture's state.
func undoImport(p *Project) error {
	if _, err := p.DeleteVariable("Chat"); err != nil {
		return err
	}
	_, err := p.DeleteService("chat")
	return err
}

// A save killed at random moments leaves the old project or the new one,
// never a mix, and the next import of the same name succeeds and leaves no
// temporary behind.
func TestSaveKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a helper process several times")
	}
	// The two states the loop moves between, made in-process.
	oldDir := copyFixture(t, "harbor")
	oldTree := projectTree(t, oldDir)
	p, err := Open(oldDir)
	must(t, err)
	must(t, harborImport(p))
	must(t, p.Save())
	newTree := projectTree(t, oldDir)
	p, err = Open(oldDir)
	must(t, err)
	must(t, undoImport(p))
	must(t, p.Save())
	if back := projectTree(t, oldDir); !sameTree(back, oldTree) {
		// The state the loop returns to must be the fixture itself, or the
		// test would accept any third state.
		t.Fatalf("undoing the import leaves %v changed", changed(oldTree, back))
	}

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	seen := map[string]int{}
	saves := 0
	for round := 0; round < 12; round++ {
		dir := copyFixture(t, "harbor")
		cmd := exec.Command(os.Args[0], "-test.run=^TestSaveLoopHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), "WSSTUDIO_SAVE_LOOP="+dir)
		cmd.Dir, _ = os.Getwd()
		var stdout, stderr lockedBuffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		must(t, cmd.Start())
		// Wait until it has saved a few times, then kill it a moment later.
		k := 1 + rng.Intn(5)
		for i := 0; i < 4000 && strings.Count(stdout.String(), "saved") < k; i++ {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(time.Duration(rng.Intn(40)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		saves += strings.Count(stdout.String(), "saved")
		if strings.Contains(stderr.String(), "\n") && !strings.Contains(stdout.String(), "saved") {
			t.Fatalf("helper failed: %s", stderr.String())
		}

		if _, err := os.Stat(filepath.Join(dir, journalName)); err == nil {
			seen["stopped while renaming"]++
		} else if len(tempsIn(t, dir)) > 0 {
			seen["stopped while staging"]++
		}
		q, err := Open(dir) // finishes a save stopped after its journal
		if err != nil {
			t.Fatalf("round %d: open after the kill: %v", round, err)
		}
		got := projectTree(t, dir)
		for k := range got {
			if isTempName(filepath.Base(k)) || strings.Contains(k, tempMark) {
				delete(got, k) // left by the kill; never read, swept by the next save
			}
		}
		switch {
		case sameTree(got, oldTree):
			seen["old"]++
		case sameTree(got, newTree):
			seen["new"]++
		default:
			t.Fatalf("round %d: the folder is neither the old project nor the new one: old differs in %v, new in %v",
				round, changed(oldTree, got), changed(newTree, got))
		}
		// The next import of the same name goes through and cleans up.
		if q.Service("chat") != nil {
			must(t, undoImport(q))
			must(t, q.Save())
		}
		must(t, harborImport(q))
		must(t, q.Save())
		if temps := tempsIn(t, dir); len(temps) > 0 {
			t.Fatalf("round %d: temporaries left after the next save: %v", round, temps)
		}
		if !sameTree(projectTree(t, dir), newTree) {
			t.Fatalf("round %d: the import after the kill differs in %v", round, changed(newTree, projectTree(t, dir)))
		}
	}
	t.Logf("states found after a kill: %v, after %d saves in all", seen, saves)
}

// lockedBuffer is a buffer a child process writes to while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Temporaries a stopped save left are never read: a folder holding only
// them is no service and does not block importing that name, and the next
// save removes them all.
func TestLeftTemporariesAreIgnored(t *testing.T) {
	dir := copyFixture(t, "harbor")
	left := []string{
		"services/chat/designtime/.service-info.json.wsstudio-tmp-123",
		"services/chat/src/.chat.spring.xml.wsstudio-tmp-456",
		"profiles/.development.properties.wsstudio-bak-789",
		"services/.weatherapi.wsstudio-del-42/designtime/service-info.json",
		"src/main/webapp/pages/Feed/.Feed.html.wsstudio-tmp-1",
	}
	for _, rel := range left {
		full := filepath.Join(dir, rel)
		must(t, os.MkdirAll(filepath.Dir(full), 0o755))
		must(t, os.WriteFile(full, []byte(`{ "id" : "chat", "type" : "WebSocketService" }`), 0o644))
	}
	p, err := Open(dir)
	must(t, err)
	var ids []string
	for _, s := range p.Services {
		ids = append(ids, s.ID)
	}
	if strings.Join(ids, ",") != "weatherapi,websocket" {
		t.Errorf("services read: %v", ids)
	}
	if p.Page("Feed") != nil {
		t.Error("a page folder holding only temporaries was read as a page")
	}
	must(t, harborImport(p))
	must(t, p.Save())
	if temps := tempsIn(t, dir); len(temps) > 0 {
		t.Errorf("temporaries left after the save: %v", temps)
	}
	q, err := Open(dir)
	must(t, err)
	if s := q.Service("chat"); s == nil || !s.IsWebSocket() {
		t.Errorf("chat after the import: %+v", s)
	}
}
