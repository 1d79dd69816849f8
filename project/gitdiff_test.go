package project

import (
	"os/exec"
	"strings"
	"testing"
)

// gitFixture copies testdata/<name> into a temporary folder and commits it
// to a new git repository, so that what an action changes shows in git.
func gitFixture(t *testing.T, name string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := copyFixture(t, name)
	git(t, dir, "init", "-q")
	git(t, dir, "add", "-A")
	git(t, dir, "-c", "user.name=fixture", "-c", "user.email=fixture@example.com", "commit", "-q", "-m", "fixture")
	return dir
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// gitChanges is what git sees after an action: the status lines
// ("M pom.xml", "?? services/chat/…") and, per tracked file, the lines
// removed and added ("-old", "+new", "\ No newline at end of file").
func gitChanges(t *testing.T, dir string) (status []string, diff map[string][]string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimRight(git(t, dir, "status", "--porcelain", "--untracked-files=all"), "\n"), "\n") {
		if l != "" {
			status = append(status, strings.TrimSpace(l))
		}
	}
	diff = map[string][]string{}
	file := ""
	for _, l := range strings.Split(git(t, dir, "diff", "--unified=0", "--no-color", "--no-renames"), "\n") {
		switch {
		case strings.HasPrefix(l, "diff --git "):
			file = l[strings.LastIndex(l, " b/")+3:]
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"), strings.HasPrefix(l, "@@"),
			strings.HasPrefix(l, "index "), strings.HasPrefix(l, "new file"), strings.HasPrefix(l, "deleted file"), l == "":
		default:
			diff[file] = append(diff[file], l)
		}
	}
	return status, diff
}
