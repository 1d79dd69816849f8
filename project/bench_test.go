package project

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// bigProject writes a project with n WebSocket services, a variable and a
// chart for each.
func bigProject(b testing.TB, n int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "big")
	p, err := Create(dir, "Big")
	if err != nil {
		b.Fatal(err)
	}
	resp := Definitions{
		{Name: "RootResponse", Properties: []Property{
			{Name: "symbol", Type: "string"}, {Name: "price", Type: "number", Format: "double"},
			{Name: "time", Type: "integer", Format: "int64"}, {Name: "book", Ref: "book"}}},
		{Name: "book", Properties: []Property{{Name: "bid", Type: "number", Format: "double"}, {Name: "ask", Type: "number", Format: "double"}}},
	}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("feed%03d", i)
		s := &Service{ID: id, Endpoint: fmt.Sprintf("wss://feeds.example.com/v1/%s?symbols=ACME&token=t", id),
			QueryParams:    []Param{{Name: "symbols", Value: "ACME"}, {Name: "token", Value: "t"}},
			Headers:        []Param{{Name: "Authorization", Value: "Bearer x"}},
			SampleResponse: `{"symbol":"ACME","price":1.5,"time":1764000000000,"book":{"bid":1,"ask":2}}`,
			Response:       resp}
		if err := p.AddService(s); err != nil {
			b.Fatal(err)
		}
		v := &Variable{Name: "V" + id, Service: id, StartUpdate: true, Strategy: StrategyAppend, DataLimit: 20}
		if err := p.AddVariable(v); err != nil {
			b.Fatal(err)
		}
		if err := p.AddWidget(DefaultWidget(KindChart, "chart"+id, v, resp)); err != nil {
			b.Fatal(err)
		}
	}
	if err := p.Save(); err != nil {
		b.Fatal(err)
	}
	return dir
}

// readAll is the baseline: a plain read of every file of the project.
func readAll(b *testing.B, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			n += len(data)
		}
		return nil
	})
	return n
}

// BenchmarkOpenSave200 opens a project of 200 WebSocket services, changes
// one variable and saves it. It reports the time per open+save and its
// ratio to a plain read of the same files measured in the same run
// ("x_read").
func BenchmarkOpenSave200(b *testing.B) {
	dir := bigProject(b, 200)
	var base time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		readAll(b, dir)
		base += time.Since(t0)
	}
	b.ResetTimer()
	written := 0
	for i := 0; i < b.N; i++ {
		p, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		p.Variables[0].DataLimit = 21 + i%2
		if err := p.Save(); err != nil {
			b.Fatal(err)
		}
		written += p.disk.written
	}
	b.StopTimer()
	b.ReportMetric(float64(written)/float64(b.N), "files_written/op")
	per := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(per)/float64(base/time.Duration(b.N)), "x_read")
	b.ReportMetric(float64(per.Milliseconds()), "ms/open+save")
}

// BenchmarkOpen200 is the open alone, for comparison.
func BenchmarkOpen200(b *testing.B) {
	dir := bigProject(b, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Open(dir); err != nil {
			b.Fatal(err)
		}
	}
}

// One variable changed in a project of 200 services: the save writes one
// file, and nothing else in the folder changes.
func TestOpenSave200WritesOneFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 200-service project")
	}
	dir := bigProject(t, 200)
	before := tree(t, dir)
	p, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	p.Variables[0].DataLimit = 42
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	if p.disk.written != 1 {
		t.Errorf("%d files written, want 1", p.disk.written)
	}
	if c := changed(before, tree(t, dir)); len(c) != 1 || c[0] != varFile(p.Variables[0].Owner, p.Variables[0].Page) {
		t.Errorf("changed %v", c)
	}
}
