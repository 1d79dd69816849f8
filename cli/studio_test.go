package cli

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"wsstudio/assets"
	"wsstudio/project"
)

// exampleCopy copies the bundled example into a fresh folder and returns
// it with a snapshot of its files.
func exampleCopy(t *testing.T) (string, map[string]string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "example")
	if err := assets.CopyExample(dir); err != nil {
		t.Fatal(err)
	}
	return dir, snapshot(t, dir)
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// colours counts the distinct colours of an image: a rendered window with
// text, a chart and a table has hundreds; an empty one has a handful.
func colours(img image.Image) int {
	seen := map[color.RGBA]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}] = true
		}
	}
	return len(seen)
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", path, err)
	}
	return img
}

func TestScreenshotOfTheExampleWithLiveData(t *testing.T) {
	dir, before := exampleCopy(t)
	out := filepath.Join(t.TempDir(), "shots", "studio.png")
	var stdout, stderr bytes.Buffer
	code := run([]string{"screenshot", dir, "--out", out, "--wait", "300ms", "--size", "1024x700"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "wrote "+out) {
		t.Errorf("stdout = %q", stdout.String())
	}
	img := readPNG(t, out)
	if got := img.Bounds().Size(); got != image.Pt(1024, 700) {
		t.Fatalf("picture is %v, want 1024x700", got)
	}
	if n := colours(img); n < 200 {
		t.Fatalf("picture has %d colours: it looks empty", n)
	}
	after := snapshot(t, dir)
	for p, b := range before {
		if after[p] != b {
			t.Errorf("a screenshot changed %s", p)
		}
	}
	if len(after) != len(before) {
		t.Errorf("a screenshot added files to the project: %d → %d", len(before), len(after))
	}
}

func TestScreenshotBadUsage(t *testing.T) {
	dir, _ := exampleCopy(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"screenshot"}, "DIR is missing"},
		{[]string{"screenshot", dir}, "--out FILE.png is required"},
		{[]string{"screenshot", dir, "--out", "x.png", "--size", "big"}, `--size "big"`},
		{[]string{"screenshot", dir, "--out", "x.png", "--size", "10x10"}, "from 320x240"},
		{[]string{"screenshot", dir, "--out", "x.png", "--wait", "soon"}, "invalid value"},
		{[]string{"screenshot", filepath.Join(dir, "missing"), "--out", "x.png"}, "is not a project folder"},
		{[]string{"screenshot", dir, "extra", "--out", "x.png"}, `unexpected argument "extra"`},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", tc.args, code, stderr.String())
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: stderr %q lacks %q", tc.args, stderr.String(), tc.want)
		}
		if strings.Count(strings.TrimSpace(stderr.String()), "\n") > 0 {
			t.Errorf("%v: error is more than one line: %q", tc.args, stderr.String())
		}
	}
}

func TestScreenshotHelpExplainsEveryFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"screenshot", "--help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, f := range []string{"--out", "--wait", "--size", "--dark", "--select", "Example:"} {
		if !strings.Contains(stdout.String(), f) {
			t.Errorf("help lacks %s", f)
		}
	}
}

// noScreen clears the display variables and sends the user folders to
// temporary ones.
func noScreen(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	// Fyne keeps the storage of an app made in CI mode under TMPDIR, and
	// its settings watcher may still be writing there after the command
	// returned: give it a folder of its own that the test does not judge.
	fyneTmp, err := os.MkdirTemp("", "wsstudio-fyne-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(fyneTmp) })
	t.Setenv("TMPDIR", fyneTmp)
	t.Setenv("XDG_DATA_HOME", filepath.Join(tmp, "data"))
	t.Setenv("HOME", tmp)
	return tmp
}

func TestNoScreenRendersTheExampleToAPNG(t *testing.T) {
	if !hasScreenCheckApplies() {
		t.Skip("this platform has no DISPLAY convention")
	}
	tmp := noScreen(t)
	var stdout, stderr bytes.Buffer
	if code := run(nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := filepath.Join(os.TempDir(), "wsstudio-studio.png")
	if got := stdout.String(); got != "No screen found; rendered the studio to "+want+"\n" {
		t.Fatalf("output = %q", got)
	}
	if n := colours(readPNG(t, want)); n < 200 {
		t.Fatalf("rendered picture has %d colours: it looks empty", n)
	}
	// first start copied the example to the user's data folder
	if _, err := project.Open(filepath.Join(tmp, "data", "wsstudio", "example")); err != nil {
		t.Fatalf("the example was not copied to the data folder: %v", err)
	}
}

func TestSmokeNeedsAScreen(t *testing.T) {
	if !hasScreenCheckApplies() {
		t.Skip("this platform has no DISPLAY convention")
	}
	noScreen(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--smoke"}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "--smoke needs a screen") {
		t.Fatalf("stderr = %q", stderr.String())
	}
}

// hasScreenCheckApplies: the DISPLAY rule holds on Linux and the BSDs.
func hasScreenCheckApplies() bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		return true
	}
	return false
}

func TestParseStudioArgs(t *testing.T) {
	for _, tc := range []struct {
		dir     string
		args    []string
		want    studioArgs
		wantErr string
	}{
		{"", nil, studioArgs{smokeTimeout: defaultSmokeTimeout}, ""},
		{"p", nil, studioArgs{dir: "p", smokeTimeout: defaultSmokeTimeout}, ""},
		{"", []string{"--smoke", "p"}, studioArgs{dir: "p", smoke: true, smokeTimeout: defaultSmokeTimeout}, ""},
		{"p", []string{"--smoke=5s"}, studioArgs{dir: "p", smoke: true, smokeTimeout: 5 * time.Second}, ""},
		{"", []string{"--smoke=never"}, studioArgs{}, "--smoke=never"},
		{"", []string{"--smoke=-1s"}, studioArgs{}, "--smoke=-1s"},
		{"a", []string{"b"}, studioArgs{}, "one project folder only"},
		{"", []string{"--fast"}, studioArgs{}, `unknown flag "--fast"`},
	} {
		got, err := parseStudioArgs(tc.dir, tc.args)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q %v: error %v, want %q", tc.dir, tc.args, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q %v = %+v, %v; want %+v", tc.dir, tc.args, got, err, tc.want)
		}
	}
}

func TestAppMetadataComesFromFyneAppToml(t *testing.T) {
	m, err := appMetadata(testOptions.FyneApp)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "WebSocket Studio" || m.ID != "io.wsstudio.studio" || m.Version == "" || m.Version == "0.0.0" || m.Build < 1 {
		t.Fatalf("metadata = %+v", m)
	}
	if m.Icon == nil {
		t.Error("metadata has no icon")
	}
}

func TestDemoMovesToAFreePortWhen8765IsTaken(t *testing.T) {
	ln, err := net.Listen("tcp", demoAddr)
	if err == nil {
		defer ln.Close()
	} // else something else holds it already: the same case
	dir, _ := exampleCopy(t)
	sess, err := openSession(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.close()
	if sess.demo == nil {
		t.Fatal("no demo server for a project on the demo feeds")
	}
	if sess.demo.Addr == demoAddr {
		t.Fatalf("demo server on %s, which was taken", demoAddr)
	}
	for _, id := range []string{"ticker", "sensors", "randomnumber"} {
		if got := sess.env(project.EnvName(id, "host")); got != sess.demo.Addr {
			t.Errorf("%s host override = %q, want %q", id, got, sess.demo.Addr)
		}
	}
	if got := sess.env("PATH"); got != os.Getenv("PATH") {
		t.Errorf("other variables are not passed through: PATH = %q", got)
	}
}

func TestOpenSessionRejectsAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, []byte("x"), 0o644)
	_, err := openSession(f, nil)
	if err == nil || !strings.Contains(err.Error(), "is not a project folder") {
		t.Fatalf("err = %v", err)
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1280x800", "320X240", "x", "0x0", "99999x1", "-5x-5", "1e3x800"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sz, err := parseSize(s)
		if err == nil && (sz.Width < 320 || sz.Height < 240 || sz.Width > 8192 || sz.Height > 8192) {
			t.Fatalf("%q accepted as %v", s, sz)
		}
	})
}

// FuzzParseStudioArgs: the window's arguments mean the same in any order:
// two arguments given either way round are both accepted with the same
// result, or both refused; a refusal names an argument it refused; and a
// smoke run always has a timeout above zero.
func FuzzParseStudioArgs(f *testing.F) {
	f.Add("", "--smoke=3s", "proj")
	f.Add("dir", "--smoke", "--smoke=1m")
	f.Add("", "-x", "a")
	f.Add("", "a", "b")
	f.Fuzz(func(t *testing.T, dir, x, y string) {
		a, errA := parseStudioArgs(dir, []string{x, y})
		b, errB := parseStudioArgs(dir, []string{y, x})
		if (errA == nil) != (errB == nil) {
			t.Fatalf("%q %q: accepted in one order only (%v / %v)", x, y, errA, errB)
		}
		for _, err := range []error{errA, errB} {
			if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("%q", x)) && !strings.Contains(err.Error(), fmt.Sprintf("%q", y)) &&
				!strings.Contains(err.Error(), strings.TrimPrefix(x, "--smoke=")) && !strings.Contains(err.Error(), strings.TrimPrefix(y, "--smoke=")) {
				t.Fatalf("%q %q: %q names neither argument", x, y, err)
			}
		}
		if errA != nil {
			return
		}
		if a.smoke && a.smokeTimeout <= 0 {
			t.Fatalf("%q %q: smoke with timeout %v", x, y, a.smokeTimeout)
		}
		// the timeout of two --smoke= flags is the last one's, so only the
		// rest must agree
		if a.dir != b.dir || a.smoke != b.smoke {
			t.Fatalf("%q %q: %+v one way, %+v the other", x, y, a, b)
		}
	})
}

func TestDemoOverridesStayWithTheExample(t *testing.T) {
	ln, err := net.Listen("tcp", demoAddr)
	if err == nil {
		defer ln.Close()
	}
	dir, _ := exampleCopy(t)
	sess, err := openSession(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.close()
	key := project.EnvName("ticker", "host")
	if got := sess.envFor(sess.proj)(key); got != sess.demo.Addr {
		t.Fatalf("example: %s = %q, want the demo server", key, got)
	}
	other := &project.Project{Dir: t.TempDir()}
	if got := sess.envFor(other)(key); got != os.Getenv(key) {
		t.Fatalf("another project sees the example's override: %s = %q", key, got)
	}
}

// TestTheLogAndTheExampleLiveInTheUsersDataFolder: a panic the window
// catches is written to wsstudio/wsstudio.log beside the example copy.
func TestTheLogAndTheExampleLiveInTheUsersDataFolder(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	t.Setenv("XDG_DATA_HOME", data)
	if got, want := logFile(), filepath.Join(data, "wsstudio", "wsstudio.log"); got != want {
		t.Fatalf("log file %s, want %s", got, want)
	}
	ex, err := exampleDir()
	if err != nil || ex != filepath.Join(data, "wsstudio", "example") {
		t.Fatalf("example folder %s (%v)", ex, err)
	}
}
