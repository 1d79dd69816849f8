package project

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestValidIdentifier(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" = valid, else part of the error
	}{
		{"ticker", ""}, {"_x1", ""}, {"Quotes2", ""},
		{"", "empty"}, {"..", `"." is not allowed`}, {"a/b", `"/" is not allowed`},
		{"my feed", `" " is not allowed`}, {"1abc", "must start with a letter"},
		{"é", "not allowed"}, {strings.Repeat("a", 101), "too long"},
	} {
		err := ValidIdentifier(c.in)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("ValidIdentifier(%q) = %v, want %q", c.in, err, c.want)
		}
	}
}

func TestAbsRejectsEscapes(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	p := &Project{Dir: root}
	for _, rel := range []string{"../x", "/etc/passwd", "a/../../x", "link/file", "link"} {
		if _, err := p.Abs(rel); err == nil || !strings.Contains(err.Error(), rel+": path lea") {
			t.Errorf("Abs(%q) = %v; want an error naming the path", rel, err)
		}
	}
	got, err := p.Abs("services/a/b.json")
	if err != nil || got != filepath.Join(root, "services/a/b.json") {
		t.Errorf("inside(services/a/b.json) = %q, %v", got, err)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "f.txt")
	if err := WriteFileAtomic(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o600)
	if err := WriteFileAtomic(p, []byte("two")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(b) != "two" || fi.Mode().Perm() != 0o600 {
		t.Errorf("got %q mode %v, want \"two\" 0600", b, fi.Mode().Perm())
	}
	ents, _ := os.ReadDir(filepath.Dir(p))
	if len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
	// A folder where the file should go: the error names the file.
	os.Mkdir(filepath.Join(dir, "d"), 0o755)
	if err := WriteFileAtomic(filepath.Join(dir, "d"), []byte("x")); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "d")) {
		t.Errorf("write over a folder: %v", err)
	}
}

func TestSplitEndpoint(t *testing.T) {
	for _, c := range []struct{ in, scheme, host, base, rel string }{
		{"wss://quotes.example.com:443/feeds/ticker?symbols=ACME", "wss", "quotes.example.com:443", "/feeds", "/ticker"},
		{"wss://quotes.example.com/feeds/ticker", "wss", "quotes.example.com", "/feeds", "/ticker"},
		{"ws://127.0.0.1:8765/", "ws", "127.0.0.1:8765", "", "/"},
		{"ws://localhost", "ws", "localhost", "", "/"},
		{"ws://[::1]:9/a/{room}/b", "ws", "[::1]:9", "/a/{room}", "/b"},
		{"ws://h/rooms/{room}", "ws", "h", "/rooms", "/{room}"},
	} {
		ep, err := SplitEndpoint(c.in)
		if err != nil || ep.Scheme != c.scheme || ep.Host != c.host || ep.BasePath != c.base || ep.RelativePath != c.rel {
			t.Errorf("SplitEndpoint(%q) = %+v, %v", c.in, ep, err)
		}
	}
	for _, bad := range []string{"http://x/", "wss://", "::"} {
		if _, err := SplitEndpoint(bad); err == nil {
			t.Errorf("SplitEndpoint(%q) accepted", bad)
		}
	}
}

func TestResolveURL(t *testing.T) {
	s := &Service{
		ID: "my-feed", Endpoint: "wss://quotes.example.com:443/feeds/rooms/{room}?symbols=ACME&token=",
		Scheme: "wss", Host: "quotes.example.com:443", BasePath: "/feeds/rooms", RelativePath: "/{room}",
		QueryParams: []Param{{Name: "symbols", Value: "ACME"}, {Name: "token"}, {Name: "q", Value: "a b&c"}},
		PathParams:  []Param{{Name: "room", Value: "lobby"}},
	}
	p := &Project{Profiles: []*Profile{
		{Name: "development", Values: map[string]string{"websocket.my-feed.host": "127.0.0.1:9000", "websocket.my-feed.scheme": "ws"}},
	}}
	noEnv := func(string) string { return "" }
	got, err := p.ResolveURL(s, "", nil, noEnv)
	if want := "ws://127.0.0.1:9000/feeds/rooms/lobby?symbols=ACME&q=a+b%26c"; err != nil || got != want {
		t.Errorf("development: %q, %v; want %q", got, err, want)
	}
	got, _ = p.ResolveURL(s, "qa", []Binding{{Target: "room", Value: "r 1"}, {Target: "token", Value: "s3cr=t"}}, noEnv)
	if want := "wss://quotes.example.com:443/feeds/rooms/r%201?symbols=ACME&token=s3cr%3Dt&q=a+b%26c"; got != want {
		t.Errorf("qa with bindings: %q; want %q", got, want)
	}
	env := map[string]string{"WEBSOCKET_MY_FEED_HOST": "localhost:1", "WEBSOCKET_MY_FEED_BASEPATH": "/x"}
	got, _ = p.ResolveURL(s, "", nil, func(k string) string { return env[k] })
	if want := "ws://localhost:1/x/lobby?symbols=ACME&q=a+b%26c"; got != want {
		t.Errorf("env override: %q; want %q", got, want)
	}
	s.PathParams[0].Value = ""
	if _, err := p.ResolveURL(s, "", nil, noEnv); err == nil || !strings.Contains(err.Error(), "path parameter room") {
		t.Errorf("missing path value: %v", err)
	}
}

func TestEnvName(t *testing.T) {
	if got := EnvName("my-feed.v2", "host"); got != "WEBSOCKET_MY_FEED_V2_HOST" {
		t.Errorf("EnvName = %q", got)
	}
}

func TestFields(t *testing.T) {
	d := Definitions{
		{Name: "RootResponse", Properties: []Property{
			{Name: "time", Type: "integer", Format: "int64"},
			{Name: "meta", Ref: "meta"},
			{Name: "readings", Type: "array", IsList: true, Items: &Property{Ref: "readings"}},
			{Name: "tags", Type: "array", Items: &Property{Type: "string"}},
		}},
		{Name: "meta", Properties: []Property{{Name: "src", Type: "string"}, {Name: "self", Ref: "meta"}}},
		{Name: "readings", Properties: []Property{{Name: "cm", Type: "number", Format: "double"}}},
	}
	want := []Field{
		{"time", "integer", "int64"}, {"meta", "object", ""}, {"meta.src", "string", ""}, {"meta.self", "object", ""},
		{"readings", "array", ""}, {"readings[].cm", "number", "double"},
		{"tags", "array", ""}, {"tags[]", "string", ""},
	}
	if got := d.Fields(); !reflect.DeepEqual(got, want) {
		t.Errorf("Fields =\n%v\nwant\n%v", got, want)
	}
}

func TestScriptPath(t *testing.T) {
	p := &Project{}
	if got := p.ScriptPath(OwnerApp, ""); got != "src/main/webapp/app.js" {
		t.Error(got)
	}
	if got := p.ScriptPath(OwnerPage, "Main"); got != "src/main/webapp/pages/Main/Main.js" {
		t.Error(got)
	}
}
