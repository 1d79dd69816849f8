package project

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseProperties(t *testing.T) {
	in := "# comment\n" +
		"! another comment\n" +
		"   \n" +
		"a=1\n" +
		"b = 2\n" +
		"c:3\n" +
		"d 4\n" +
		"e\t\t5\n" +
		"f\n" +
		"g=\n" +
		"h = multi \\\n    line \\\n\tvalue\n" +
		"i=C\\:\\\\temp\n" +
		"key\\ with\\ spaces = x\n" +
		"k\\=eq\\:colon=y\n" +
		"u=\\u0047r\\u00fc\\u00dfe \\uD83D\\uDE00\n" +
		"t=tab\\there\\nnew\n" +
		"tail=ends with backslash \\\\\n" +
		"  indented = yes\r\n" +
		"crlf=1\r\n" +
		"dup=first\n" +
		"dup=second\n" +
		"hash=#not a comment\n" +
		"other=\\q\n" +
		"last=cont\\"
	want := map[string]string{
		"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "", "g": "",
		"h": "multi line value", "i": `C:\temp`, "key with spaces": "x", "k=eq:colon": "y",
		"u": "Grüße 😀", "t": "tab\there\nnew", "tail": `ends with backslash \`, "indented": "yes",
		"crlf": "1", "dup": "second", "hash": "#not a comment", "other": "q", "last": "cont",
	}
	got, err := ParseProperties("x.properties", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%q = %q, want %q", k, got[k], v)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("unexpected key %q", k)
			}
		}
	}
}

func TestParsePropertiesLatin1(t *testing.T) {
	got, err := ParseProperties("x", []byte("name=M\xfcnchen\n"))
	if err != nil || got["name"] != "München" {
		t.Errorf("%q %v", got["name"], err)
	}
}

func TestParsePropertiesErrors(t *testing.T) {
	for in, want := range map[string]string{
		"a=1\nb=\\u12G4\n":        "profiles/qa.properties:2: malformed \\uXXXX escape",
		"a=1\n\nc=\\u12":          "profiles/qa.properties:3: malformed \\uXXXX escape",
		"a=1\\\n  b\\\nc=\\uZZZZ": "profiles/qa.properties:1: malformed", // the logical line starts on line 1
	} {
		_, err := ParseProperties("profiles/qa.properties", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

func TestFormatPropertiesRoundTrip(t *testing.T) {
	values := map[string]string{
		"websocket.ticker.host":     "quotes.example.com:443",
		"websocket.ticker.basepath": "",
		"key with space":            " leading space",
		"eq=key":                    "a=b#c!d\\e",
		"unicode":                   "Grüße 😀",
		"ctl":                       "a\tb\nc\rd\fe",
	}
	data := FormatProperties(values)
	want := "ctl=a\\tb\\nc\\rd\\fe\n" +
		"eq\\=key=a\\=b\\#c\\!d\\\\e\n" +
		"key\\ with\\ space=\\ leading space\n" +
		"unicode=Gr\\u00FC\\u00DFe \\uD83D\\uDE00\n" +
		"websocket.ticker.basepath=\n" +
		"websocket.ticker.host=quotes.example.com\\:443\n"
	if string(data) != want {
		t.Errorf("got\n%s\nwant\n%s", data, want)
	}
	back, err := ParseProperties("x", data)
	if err != nil || !reflect.DeepEqual(back, values) {
		t.Errorf("round trip %v %v", back, err)
	}
}

func FuzzParseProperties(f *testing.F) {
	f.Add([]byte("a=1\nb:2\nc 3\n# x\n! y\nd=\\u0041\\\n  e\n"))
	f.Add([]byte("k\\ey\\=\\:=v\\\\\\"))
	f.Add([]byte("\\uD83D\\uDE00=\\uD83D"))
	f.Fuzz(func(t *testing.T, data []byte) {
		values, err := ParseProperties("fuzz.properties", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.properties:") {
				t.Fatalf("error without file and line: %v", err)
			}
			return
		}
		// What we write, we read back the same.
		back, err := ParseProperties("again", FormatProperties(values))
		if err != nil {
			t.Fatalf("reading our own output: %v", err)
		}
		for k, v := range values {
			if want := strings.ToValidUTF8(v, "\uFFFD"); back[strings.ToValidUTF8(k, "\uFFFD")] != want && back[k] != v {
				t.Fatalf("%q: %q became %q", k, v, back[k])
			}
		}
	})
}

func TestXMLProperties(t *testing.T) {
	in := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE properties SYSTEM "http://java.sun.com/dtd/properties.dtd">
<properties>
<entry key="displayName">A &amp; B</entry>
<entry key="empty"></entry>
</properties>
`)
	xp, err := parseXMLProperties("p", in)
	if err != nil || xp.values["displayName"] != "A & B" || xp.values["empty"] != "" {
		t.Fatalf("%v %v", xp.values, err)
	}
	out := string(xp.set("empty", "<x>"))
	if !strings.Contains(out, `<entry key="empty">&lt;x&gt;</entry>`) || !strings.Contains(out, `>A &amp; B<`) {
		t.Error(out)
	}
	out = string(xp.set("homePage", "Main"))
	if !strings.HasSuffix(out, "<entry key=\"homePage\">Main</entry>\n</properties>\n") {
		t.Error(out)
	}
	if _, err := parseXMLProperties(".wmproject.properties", []byte("<properties>\n<entry key=\"a\">x</entr>\n</properties>")); err == nil || !strings.Contains(err.Error(), ".wmproject.properties:2:") {
		t.Errorf("malformed XML: %v", err)
	}
}
