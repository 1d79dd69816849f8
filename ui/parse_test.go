package ui

import (
	"reflect"
	"testing"
	"time"
)

func TestParseDur(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true}, {"0", 0, true}, {" 500ms ", 500 * time.Millisecond, true}, {"30s", 30 * time.Second, true},
		{"-1s", 0, false}, {"soon", 0, false}, {"5", 0, false},
	} {
		got, ok := parseDur(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("parseDur(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseDur(f *testing.F) {
	for _, s := range []string{"", "0", "500ms", "1h2m3s", "-1s", "9999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := parseDur(s); ok && d < 0 {
			t.Fatalf("%q accepted as negative %v", s, d)
		}
	})
}

func TestFileTree(t *testing.T) {
	files := []string{
		"services/ticker/designtime/service-info.json",
		"services/ticker/designtime/ticker_apiTarget.json",
		"services/ticker/src/servicedefs/ticker-service-definitions.json",
		"services/ticker/src/ticker_apiTarget.json",
	}
	tr := newFileTree("services/ticker/", files)
	want := map[string][]string{
		"":                {"designtime", "src"},
		"designtime":      {"designtime/service-info.json", "designtime/ticker_apiTarget.json"},
		"src":             {"src/servicedefs", "src/ticker_apiTarget.json"},
		"src/servicedefs": {"src/servicedefs/ticker-service-definitions.json"},
	}
	if !reflect.DeepEqual(tr.children, want) {
		t.Fatalf("children = %v", tr.children)
	}
	if i, ok := tr.index["src/ticker_apiTarget.json"]; !ok || i != 3 {
		t.Fatalf("index = %v", tr.index)
	}
	if !tr.dirs["src/servicedefs"] || tr.dirs["src/ticker_apiTarget.json"] {
		t.Fatalf("dirs = %v", tr.dirs)
	}
}
