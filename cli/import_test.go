package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"wsstudio/demo"
)

func impDemo(t *testing.T, useTLS bool) *demo.Server {
	t.Helper()
	s, err := demo.Start("", useTLS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func impRun(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	status := run(append([]string{"import"}, args...), &out, &errb)
	return status, out.String(), errb.String()
}

func impRead(t *testing.T, dir, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// impTree fingerprints every file under dir, to show nothing changed.
func impTree(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			lines = append(lines, rel+"/")
			return nil
		}
		b, _ := os.ReadFile(p)
		sum := sha256.Sum256(b)
		lines = append(lines, rel+" "+hex.EncodeToString(sum[:8]))
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestImportEachDemoFeed(t *testing.T) {
	s := impDemo(t, false)
	_, port, _ := net.SplitHostPort(s.Addr)
	for _, tc := range []struct {
		id, path string
		extra    []string
		fields   map[string]string // property → "type/format" or "@ref" or "[...]"
	}{
		{"echo", "/echo", []string{"--sample-request", `{"hello":"world","n":1}`}, map[string]string{"hello": "string", "n": "integer/int32"}},
		{"randomnumber", "/randomnumber?interval=10ms", nil, map[string]string{"time": "integer/int64", "value": "integer/int32"}},
		{"ticker", "/ticker?symbols=ACME&interval=10ms", nil, map[string]string{"symbol": "string", "price": "number/double", "change": "number/double", "volume": "integer/int32", "time": "integer/int64"}},
		{"sensors", "/sensors?interval=10ms", nil, map[string]string{"site": "string", "time": "integer/int64", "readings": "[@readings]"}},
		{"chat", "/chat?user=alice", nil, map[string]string{"user": "string", "text": "string", "time": "integer/int64"}},
		{"burst", "/burst?count=5&size=100", nil, map[string]string{"seq": "integer/int32", "time": "integer/int64", "pad": "string"}},
	} {
		t.Run(tc.id, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "proj")
			args := append([]string{dir, "--url", s.URL(tc.path), "--test", "--max", "1",
				"--variable", "Live", "--strategy", "append", "--limit", "50"}, tc.extra...)
			status, out, errOut := impRun(args...)
			if status != 0 {
				t.Fatalf("status %d: %s %s", status, out, errOut)
			}
			if !strings.Contains(out, "Imported service "+tc.id) || !strings.Contains(out, "Added variable Live on page Main (append, limit 50") {
				t.Errorf("stdout %q", out)
			}
			base := "services/" + tc.id + "/designtime/"
			info := impRead(t, dir, base+"service-info.json")
			if gjson.GetBytes(info, "id").String() != tc.id || gjson.GetBytes(info, "type").String() != "WebSocketService" {
				t.Errorf("service-info.json %s", info)
			}
			api := impRead(t, dir, base+tc.id+"_API_WEBSOCKET_SERVICE.json")
			if gjson.GetBytes(api, "swagger").String() != "2.0" || gjson.GetBytes(api, "host").String() != s.Addr ||
				gjson.GetBytes(api, "schemes.0").String() != "ws" || gjson.GetBytes(api, "info.x-WM-SERVICE_TYPE").String() != "WebSocketService" {
				t.Errorf("swagger header: %s", api)
			}
			rel := strings.SplitN(tc.path, "?", 2)[0]
			pathKey := "/" + tc.id + "/invoke" + rel
			op := gjson.GetBytes(api, "paths."+gjson.Escape(pathKey)+".get")
			if op.Get("operationId").String() != tc.id+"_WebSocketServiceVirtualController-invoke" {
				t.Errorf("no operation under %s in %s", pathKey, api)
			}
			root := gjson.GetBytes(api, "definitions.RootResponse")
			if root.Get("x-WM-FULLY_QUALIFIED_NAME").String() != tc.id+".RootResponse" {
				t.Errorf("RootResponse: %s", root.Raw)
			}
			for name, want := range tc.fields {
				p := root.Get("properties." + name)
				got := p.Get("type").String()
				if f := p.Get("format").String(); f != "" {
					got += "/" + f
				}
				if r := p.Get(`\$ref`).String(); r != "" {
					got = "@" + strings.TrimPrefix(r, "#/definitions/")
				}
				if p.Get("type").String() == "array" {
					got = "[@" + strings.TrimPrefix(p.Get(`items.\$ref`).String(), "#/definitions/") + "]"
				}
				if got != want {
					t.Errorf("property %s: %s, want %s (%s)", name, got, want, p.Raw)
				}
			}
			prof := string(impRead(t, dir, "profiles/development.properties"))
			if !strings.Contains(prof, "websocket."+tc.id+".host=127.0.0.1\\:"+port) || !strings.Contains(prof, "websocket."+tc.id+".scheme=ws") {
				t.Errorf("development.properties:\n%s", prof)
			}
			vars := impRead(t, dir, "src/main/webapp/pages/Main/Main.variables.json")
			v := gjson.GetBytes(vars, "Live")
			if v.Get("category").String() != "wm.WebSocketVariable" || v.Get("service").String() != tc.id ||
				v.Get("dataUpdateStrategy").String() != "append" || v.Get("dataLimit").Int() != 50 || !v.Get("startUpdate").Bool() ||
				v.Get("type").String() != tc.id+".RootResponse" {
				t.Errorf("variable: %s", vars)
			}
			if tc.id == "echo" {
				if got := v.Get("dataBinding").Raw; !strings.Contains(got, `"target": "RequestBody"`) || !strings.Contains(got, `"type": "object"`) {
					t.Errorf("the sample request is not the variable's RequestBody: %s", got)
				}
			}
			if tc.id == "ticker" {
				if b := v.Get(`dataBinding.#(target=="symbols")`); b.Get("value").String() != "ACME" || b.Get("type").String() != "string" {
					t.Errorf("the query is not bound: %s", v.Get("dataBinding").Raw)
				}
			}
			if !regexp.MustCompile(`^wm-Live-wm\.WebSocketVariable-\d+$`).MatchString(v.Get("_id").String()) {
				t.Errorf("_id %q", v.Get("_id").String())
			}
			conn := impRead(t, dir, base+tc.id+"_connection_settings.json")
			if !gjson.ValidBytes(conn) || gjson.GetBytes(conn, "sampleWebSocketResponse.responseBody").String() == "" {
				t.Errorf("connection settings: %s", conn)
			}
		})
	}
}

func TestImportSecureOverTLS(t *testing.T) {
	s := impDemo(t, true)
	dir := t.TempDir()
	status, out, errOut := impRun(dir, "--url", s.URL("/secure/ticker?symbols=ACME&interval=10ms"), "--name", "quotes",
		"--header", "Authorization: Bearer demo-token", "--ca-file", s.CAFile, "--test", "--max", "2")
	if status != 0 {
		t.Fatalf("status %d: %s %s", status, out, errOut)
	}
	if strings.Contains(out+errOut, "demo-token") {
		t.Errorf("token printed: %s %s", out, errOut)
	}
	api := impRead(t, dir, "services/quotes/designtime/quotes_API_WEBSOCKET_SERVICE.json")
	if gjson.GetBytes(api, "schemes.0").String() != "wss" || !gjson.GetBytes(api, "definitions.RootResponse.properties.price").Exists() {
		t.Errorf("%s", api)
	}

	// Without the token the test fails at run time (exit 1), in words, and
	// the folder stays as it was.
	before := impTree(t, dir)
	status, _, errOut = impRun(dir, "--url", s.URL("/secure/echo"), "--name", "other", "--ca-file", s.CAFile, "--test")
	if status != 1 || !strings.Contains(errOut, "connection test failed: The server refused the upgrade with 401 Unauthorized: check the token or the Authorization header.") {
		t.Fatalf("status %d: %s", status, errOut)
	}
	if impTree(t, dir) != before {
		t.Error("the project changed after a failed import")
	}
}

func TestImportWithoutTest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	status, out, errOut := impRun(dir, "--url", "ws://quotes.example.com/feeds/ticker?symbols=ACME", "--proceed-without-test",
		"--sample-response", `{"symbol":"ACME","price":12.5,"time":1764000000000}`, "--sample-request", `{"subscribe":"ACME"}`)
	if status != 0 {
		t.Fatalf("status %d: %s %s", status, out, errOut)
	}
	api := impRead(t, dir, "services/quotes/designtime/quotes_API_WEBSOCKET_SERVICE.json")
	if gjson.GetBytes(api, "host").String() != "quotes.example.com" ||
		gjson.GetBytes(api, "definitions.RootResponse.properties.time.format").String() != "int64" ||
		!gjson.GetBytes(api, "definitions.RootRequest").Exists() {
		t.Errorf("%s", api)
	}
	prof := string(impRead(t, dir, "profiles/development.properties"))
	if !strings.Contains(prof, "websocket.quotes.basepath=/feeds") {
		t.Errorf("profile:\n%s", prof)
	}
	// Importing again under the same id updates the service and keeps its API id.
	id := gjson.GetBytes(api, "info.x-WM-API_ID").String()
	status, out, _ = impRun(dir, "--url", "ws://quotes.example.com/feeds/ticker", "--proceed-without-test", "--sample-response", `{"symbol":"X"}`)
	if status != 0 || !strings.Contains(out, "Updated service quotes") {
		t.Fatalf("status %d: %s", status, out)
	}
	api = impRead(t, dir, "services/quotes/designtime/quotes_API_WEBSOCKET_SERVICE.json")
	if gjson.GetBytes(api, "info.x-WM-API_ID").String() != id || gjson.GetBytes(api, "definitions.RootResponse.properties.price").Exists() {
		t.Errorf("after update: %s", api)
	}
}

func TestImportBadInput(t *testing.T) {
	s := impDemo(t, false)
	existing := t.TempDir()
	if status, _, errOut := impRun(existing, "--url", s.URL("/echo"), "--proceed-without-test", "--variable", "Echo"); status != 0 {
		t.Fatal(errOut)
	}
	before := impTree(t, existing)
	sample := filepath.Join(t.TempDir(), "deep.json")
	os.WriteFile(sample, []byte(strings.Repeat("[", 5000)), 0o600)
	for _, tc := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{existing}, 2, "import needs --url"},
		{[]string{"--url", s.URL("/echo")}, 2, "import needs the project folder DIR"},
		{[]string{existing, "--url", "http://127.0.0.1/x"}, 2, `is an HTTP address: WebSocket URLs start with ws://, try "ws://127.0.0.1/x".`},
		{[]string{existing, "--url", "wss://h.example.com/a b"}, 2, "contains a space"},
		{[]string{existing, "--url", "ws://quotes.example.com/feed"}, 2, "ws:// to quotes.example.com is not encrypted and browsers block it from https pages, so it cannot be tested: use wss://, or pass --proceed-without-test"},
		{[]string{existing, "--url", "ws://quotes.example.com/feed", "--test"}, 2, "cannot be tested"},
		{[]string{existing, "--url", s.URL("/echo"), "--test", "--proceed-without-test"}, 2, "--test and --proceed-without-test exclude each other"},
		{[]string{existing, "--url", s.URL("/echo"), "--name", "my service"}, 2, `--name: "my service" is not a safe name`},
		{[]string{existing, "--url", s.URL("/echo"), "--name", "e2", "--variable", "Echo"}, 2, "already has a variable named Echo"},
		{[]string{existing, "--url", s.URL("/echo"), "--strategy", "append"}, 2, "add --variable NAME"},
		{[]string{existing, "--url", s.URL("/echo"), "--variable", "V", "--strategy", "sideways"}, 2, `--strategy "sideways" is not refresh, append or prepend`},
		{[]string{existing, "--url", s.URL("/echo"), "--query", "novalue"}, 2, `--query "novalue" is not name=value`},
		{[]string{existing, "--url", s.URL("/echo"), "--header", "Authorization Bearer zzz"}, 2, `--header "Authorization ••••" is not 'Name: value': put a colon after the header name`},
		{[]string{existing, "--url", s.URL("/echo"), "--header", "X-A: b\r\nX-Inject: 1"}, 2, "--header: the value of header X-A has a carriage return (CR), which a header value cannot hold"},
		{[]string{existing, "--url", s.URL("/echo"), "--header", "X-A: b\x00zzz"}, 2, "--header: the value of header X-A has the control character U+0000"},
		{[]string{existing, "--url", s.URL("/echo"), "--header", "X(A): zzz"}, 2, `--header: header name "X(A)" has '('`},
		{[]string{existing, "--url", s.URL("/echo"), "--sample-response", "@" + sample + ".missing"}, 2, "--sample-response: cannot read " + sample + ".missing: no such file or directory"},
		{[]string{existing, "--url", s.URL("/echo"), "--sample-response", "@" + sample, "--name", "deep"}, 2, "sample response: The sample nests objects and arrays deeper than 1000 levels"},
		{[]string{existing, "--url", s.URL("/rooms/{room}"), "--test"}, 2, "The path parameter {room} has no value: enter one to connect."},
		{[]string{existing, "--url", s.URL("/echo"), "--ca-file", "/no/such.pem"}, 2, "--ca-file: cannot read /no/such.pem"},
		{[]string{existing, "--url", "ws://127.0.0.1:1/x", "--test", "--name", "down"}, 1, "connection test failed: Nothing is listening at 127.0.0.1:1 (connection refused)"},
		{[]string{existing, "--url", s.URL("/echo"), "--test", "--window", "50ms", "--name", "quiet"}, 1, "the connection test received no text message within 50ms"},
		{[]string{existing, "--url", s.URL("/echo"), "--bogus"}, 2, "flag provided but not defined: -bogus"},
	} {
		status, _, errOut := impRun(tc.args...)
		if status != tc.status || !strings.Contains(errOut, tc.want) {
			t.Errorf("import %q: status %d, stderr %q; want %d and %q", tc.args, status, errOut, tc.status, tc.want)
		}
		if strings.Contains(errOut, "zzz") || strings.Contains(errOut, "Inject") {
			t.Errorf("import %q shows a header value: %q", tc.args, errOut)
		}
		if strings.Count(errOut, "wsstudio: ") != 1 || strings.Count(errOut[strings.Index(errOut, "wsstudio: "):], "\n") != 1 {
			t.Errorf("import %q: not one sentence: %q", tc.args, errOut)
		}
		if after := impTree(t, existing); after != before {
			t.Fatalf("import %q changed the project", tc.args)
		}
	}

	// A failed import into a missing folder leaves no folder behind.
	missing := filepath.Join(t.TempDir(), "never")
	if status, _, _ := impRun(missing, "--url", "ws://127.0.0.1:1/x", "--test"); status != 1 {
		t.Fatal("refused connection did not fail")
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("%s was created: %v", missing, err)
	}
	// A folder that is not a project is refused.
	notProject := t.TempDir()
	os.WriteFile(filepath.Join(notProject, "notes.txt"), []byte("x"), 0o600)
	if status, _, errOut := impRun(notProject, "--url", s.URL("/echo"), "--proceed-without-test"); status != 2 || !strings.Contains(errOut, "is not empty and is not a project") {
		t.Errorf("not a project: %d %q", status, errOut)
	}
}

// TestImportWarnsAboutASampleThatIsNotJSON: the command line says what the
// wizard's Samples step says, and imports the sample as plain text.
func TestImportWarnsAboutASampleThatIsNotJSON(t *testing.T) {
	dir := t.TempDir()
	status, _, errOut := impRun(dir, "--url", "ws://127.0.0.1:1/feed", "--proceed-without-test", "--sample-response", `{"a":`)
	want := "wsstudio: warning: --sample-response: Not valid JSON (line 1, column 5: unexpected end of JSON input); it will be kept as plain text.\n"
	if status != 0 || errOut != want {
		t.Fatalf("status %d, stderr %q; want 0 and %q", status, errOut, want)
	}
	status, _, errOut = impRun(dir, "--url", "ws://127.0.0.1:1/feed", "--proceed-without-test", "--sample-response", `{"a":1}`, "--sample-request", "a\n b}")
	if status != 0 || !strings.HasPrefix(errOut, "wsstudio: warning: --sample-request: Not valid JSON (line 1, column 1: invalid character 'a' looking for beginning of value)") ||
		strings.Contains(errOut, "--sample-response") {
		t.Fatalf("status %d, stderr %q", status, errOut)
	}
}

func TestImportHelp(t *testing.T) {
	var out bytes.Buffer
	if run([]string{"import", "--help"}, &out, &out) != 0 {
		t.Fatal("help failed")
	}
	for _, f := range []string{"--url", "--name", "--query", "--path", "--header", "--subprotocol", "--sample-request", "--sample-response",
		"--test", "--proceed-without-test", "--window", "--max", "--timeout", "--ca-file", "--insecure-skip-verify",
		"--variable", "--strategy", "--limit", "--no-start-update", "Example"} {
		if !strings.Contains(out.String(), f) {
			t.Errorf("help does not explain %s", f)
		}
	}
}
