package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"wsstudio/demo"
	"wsstudio/importer"
	"wsstudio/project"
)

// watchProject writes a real project folder with service "feed" at url and
// variable "Feed" using strategy and limit.
func watchProject(t *testing.T, url, strategy string, limit int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "proj")
	p, err := project.Create(dir, "Watch")
	if err != nil {
		t.Fatal(err)
	}
	ep, err := project.SplitEndpoint(url)
	if err != nil {
		t.Fatal(err)
	}
	// query parameters as the import wizard records them
	if err := p.AddService(&project.Service{ID: "feed", Endpoint: url, QueryParams: ep.Query}); err != nil {
		t.Fatal(err)
	}
	if err := p.AddVariable(&project.Variable{Name: "Feed", Service: "feed", Strategy: strategy, DataLimit: limit, StartUpdate: true}); err != nil {
		t.Fatal(err)
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runCmd(args ...string) (status int, stdout, stderr string) {
	var o, e bytes.Buffer
	status = run(args, &o, &e)
	return status, o.String(), e.String()
}

// seqsOf reads the "seq" fields of a printed dataset (an array or one value).
func seqsOf(t *testing.T, out string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	var s []string
	for _, x := range list {
		s = append(s, fmt.Sprint(x.(map[string]any)["seq"]))
	}
	return strings.Join(s, ",")
}

func TestWatchPrintsTheDataset(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tests := []struct {
		strategy string
		limit    int
		args     []string
		want     string
	}{
		{"refresh", 20, nil, "0"},
		{"refresh", 20, []string{"--count", "4"}, "3"},
		{"append", 20, []string{"--count", "3"}, "0,1,2"},
		{"append", 2, []string{"--count=5"}, "3,4"},
		{"prepend", 20, []string{"--count", "3"}, "2,1,0"},
		{"append", 0, []string{"--count", "0"}, "0,1,2,3,4,5,6,7,8,9"}, // until the server's normal close
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.strategy, tt.limit, tt.args), func(t *testing.T) {
			dir := watchProject(t, srv.URL("/burst?count=10&size=64"), tt.strategy, tt.limit)
			status, out, errOut := runCmd(append([]string{"watch", dir, "Feed"}, tt.args...)...)
			if status != 0 {
				t.Fatalf("status %d, stderr:\n%s", status, errOut)
			}
			if got := seqsOf(t, out); got != tt.want {
				t.Fatalf("printed seqs %s, want %s; stdout:\n%s", got, tt.want, out)
			}
			if !strings.Contains(errOut, "Feed: connecting to ws://127.0.0.1:") || !strings.Contains(errOut, "Feed: connected") {
				t.Errorf("stderr lacks the connection lines:\n%s", errOut)
			}
		})
	}
}

func TestWatchTimeoutWithoutMessages(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := watchProject(t, srv.URL("/echo"), "append", 20)
	status, out, errOut := runCmd("watch", dir, "Feed", "--timeout", "100ms", "--count", "5")
	if status != 0 || out != "[]\n" {
		t.Fatalf("status %d, stdout %q, stderr:\n%s", status, out, errOut)
	}
	dir = watchProject(t, srv.URL("/echo"), "refresh", 20)
	status, out, _ = runCmd("watch", "--timeout=100ms", dir, "Feed")
	if status != 0 || out != "null\n" {
		t.Fatalf("refresh: status %d, stdout %q", status, out)
	}
}

func TestWatchFailures(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	burst := watchProject(t, srv.URL("/burst?count=2&size=64"), "append", 20)
	secure := watchProject(t, srv.URL("/secure/echo"), "append", 20)
	// A second server, started while the first runs (so it cannot get the
	// same port), then stopped: nothing listens at its address.
	gone, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	refused := watchProject(t, gone.URL("/echo"), "append", 20)
	gone.Close()
	notProject := t.TempDir()

	tests := []struct {
		args   []string
		status int
		stderr string
		stdout string
	}{
		{[]string{"watch"}, 2, "wsstudio: watch: give the project folder and the variable name", ""},
		{[]string{"watch", burst}, 2, "give the project folder and the variable name", ""},
		{[]string{"watch", burst, "Feed", "extra"}, 2, `unexpected argument "extra"`, ""},
		{[]string{"watch", burst, "Nope"}, 2, `has no WebSocket variable "Nope"; it has Feed`, ""},
		{[]string{"watch", burst, "Feed", "--count", "-1"}, 2, "--count -1 is negative", ""},
		{[]string{"watch", burst, "Feed", "--timeout", "soon"}, 2, "watch: invalid value", ""},
		{[]string{"watch", burst, "Feed", "--profile", "qa"}, 2, `has no profile "qa"`, ""},
		{[]string{"watch", burst, "Feed", "--bogus"}, 2, "flag provided but not defined: -bogus", ""},
		{[]string{"watch", filepath.Join(notProject, "missing"), "Feed"}, 2, "missing does not exist", ""},
		{[]string{"watch", burst, "Feed", "--count", "5"}, 1, "the connection of Feed closed after 2 of 5 messages: closed with 1000 (burst of 2 complete)", `"seq": 1`},
		{[]string{"watch", refused, "Feed"}, 1, "wsstudio: watch: open Feed: Nothing is listening at 127.0.0.1:", ""},
		{[]string{"watch", secure, "Feed"}, 1, "401 Unauthorized", ""},
	}
	for _, tt := range tests {
		status, out, errOut := runCmd(tt.args...)
		if status != tt.status || !strings.Contains(errOut, tt.stderr) || !strings.Contains(out, tt.stdout) {
			t.Errorf("%v: status %d, stdout %q, stderr:\n%s\nwant status %d and stderr containing %q", tt.args[1:], status, out, errOut, tt.status, tt.stderr)
		}
		if strings.Count(errOut, "Nothing is listening") > 1 {
			t.Errorf("%v said the error twice:\n%s", tt.args[1:], errOut)
		}
		if strings.Contains(errOut, "goroutine ") {
			t.Errorf("%v printed a Go trace", tt.args[1:])
		}
	}
}

func TestWatchHelp(t *testing.T) {
	status, out, _ := runCmd("watch", "--help")
	for _, want := range []string{"--count N", "--profile P", "--timeout D", "--check-schema", "--send MESSAGE", "3 with\n--check-schema when any message did not match", "Examples:", "wsstudio watch DIR VARIABLE"} {
		if status != 0 || !strings.Contains(out, want) {
			t.Errorf("help lacks %q (status %d):\n%s", want, status, out)
		}
	}
}

var updateWatch = flag.Bool("update-watch", false, "rewrite testdata/watch golden files")

// TestWatchGoldenKinds: how each kind of message is printed — JSON as it
// is, XML converted, text as a string, binary as base64 — for append.
func TestWatchGoldenKinds(t *testing.T) {
	frames := []struct {
		typ  int
		data string
	}{
		{websocket.TextMessage, `{"symbol":"ACME","price":12.5,"tags":["a","b"]}`},
		{websocket.TextMessage, `<quote symbol="ACME"><price>12.5</price><price>12.6</price></quote>`},
		{websocket.TextMessage, `market closed`},
		{websocket.BinaryMessage, "\x00\x01\x02\xff"},
	}
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for _, f := range frames {
			c.WriteMessage(f.typ, []byte(f.data))
		}
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	dir := watchProject(t, "ws"+strings.TrimPrefix(srv.URL, "http")+"/kinds", "append", 20)
	status, out, errOut := runCmd("watch", dir, "Feed", "--count", "4")
	if status != 0 {
		t.Fatalf("status %d, stderr:\n%s", status, errOut)
	}
	golden := filepath.Join("testdata", "watch", "kinds.json")
	if *updateWatch {
		os.WriteFile(golden, []byte(out), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Fatalf("stdout:\n%s\nwant (%s):\n%s", out, golden, want)
	}
}

// driftProject is a project whose service "feed" at url has the
// RootResponse inferred from /drift's conforming sample, as an import
// with that sample response writes it.
func driftProject(t *testing.T, url string) string {
	t.Helper()
	dir := watchProject(t, url, "append", 0)
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defs, err := importer.Infer([]byte(demo.DriftSample), "RootResponse")
	if err != nil {
		t.Fatal(err)
	}
	p.Service("feed").Response = defs
	p.Service("feed").SampleResponse = demo.DriftSample
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestWatchCheckSchema: --check-schema prints the drift summary of the
// deterministic /drift feed and exits 3; a feed that conforms exits 0; the
// check is not made without the flag.
func TestWatchCheckSchema(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	msg := func(i int) string { return string(demo.DriftMessage(i)) }

	dir := driftProject(t, srv.URL("/drift?count=20"))
	status, out, errOut := runCmd("watch", dir, "Feed", "--count", "0", "--check-schema")
	if status != 3 {
		t.Fatalf("status %d, want 3; stderr:\n%s", status, errOut)
	}
	want := strings.Join([]string{
		"Feed: schema check: 20 messages checked against feed.RootResponse, 6 did not match",
		"  $.price: expected number, got string in " + msg(3),
		"  $.price: expected number, got string (and 1 more) in " + msg(7),
		"  $.trades[1].qty: expected integer, got string in " + msg(9),
		"  $.price: expected number, got string in " + msg(11),
		"  $.price: expected number, got string (and 1 more) in " + msg(15),
		"  … and 1 more",
		"wsstudio: watch: 6 of 20 messages of Feed did not match the schema",
		"",
	}, "\n")
	if !strings.HasSuffix(errOut, want) {
		t.Fatalf("stderr:\n%s\nwant it to end with:\n%s", errOut, want)
	}
	if strings.Contains(errOut, "Feed: schema: ") {
		t.Errorf("the live schema lines were printed besides the summary:\n%s", errOut)
	}
	if got := seqsOf(t, out); got != "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19" {
		t.Errorf("printed seqs %s", got)
	}

	// The first three messages conform.
	status, _, errOut = runCmd("watch", driftProject(t, srv.URL("/drift?count=3")), "Feed", "--count", "0", "--check-schema")
	if status != 0 || !strings.Contains(errOut, "Feed: schema check: 3 messages checked against feed.RootResponse, 0 did not match\n") {
		t.Fatalf("conforming feed: status %d, stderr:\n%s", status, errOut)
	}

	status, _, errOut = runCmd("watch", dir, "Feed", "--count", "0")
	if status != 0 || strings.Contains(errOut, "schema") {
		t.Fatalf("without --check-schema: status %d, stderr:\n%s", status, errOut)
	}

	plain := watchProject(t, srv.URL("/drift?count=3"), "append", 0)
	status, _, errOut = runCmd("watch", plain, "Feed", "--check-schema")
	if want := "wsstudio: watch: --check-schema: service feed of Feed has no RootResponse fields to check against; import it with a JSON sample response\n"; status != 2 || errOut != want {
		t.Fatalf("no schema: status %d, stderr %q, want 2 and %q", status, errOut, want)
	}
}

// TestWatchSend: --send goes out once the connection is open; the chat
// room broadcasts it back, after the room's own join line.
func TestWatchSend(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := watchProject(t, srv.URL("/chatroom?username=ann"), "append", 20)
	msgFile := filepath.Join(t.TempDir(), "second.json")
	if err := os.WriteFile(msgFile, []byte(`{"text":"from a file"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	status, out, errOut := runCmd("watch", dir, "Feed", "--send", `{"text":"hello"}`, "--send", "@"+msgFile, "--count", "3")
	if status != 0 {
		t.Fatalf("status %d, stderr:\n%s", status, errOut)
	}
	var got []struct{ Username, Text string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, out)
	}
	want := []struct{ Username, Text string }{{"system", "ann joined"}, {"ann", "hello"}, {"ann", "from a file"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("dataset %v, want %v", got, want)
	}
}

func TestWatchSendFailures(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := watchProject(t, srv.URL("/echo"), "append", 20)
	missing := filepath.Join(t.TempDir(), "missing.json")
	for _, c := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"--send", "@" + missing}, 2, "--send: cannot read " + missing},
		{[]string{"--send", ""}, 1, "the variable has no RequestBody binding to send"},
	} {
		status, out, errOut := runCmd(append([]string{"watch", dir, "Feed", "--timeout", "5s"}, c.args...)...)
		if status != c.status || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: status %d, stdout %q, stderr:\n%s\nwant %d and %q", c.args, status, out, errOut, c.status, c.want)
		}
	}
}
