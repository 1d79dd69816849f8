package asyncapi

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"wsstudio/demo"
	"wsstudio/importer"
	"wsstudio/project"
)

// The demo feeds described by an AsyncAPI document of their own: imported
// into a project with a variable bound to each service, connected to a
// real demo server on loopback through the variable's bindings, and the
// message received has exactly the metadata the document gave.
func TestDemoFeedsLive(t *testing.T) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	port := srv.Addr[strings.LastIndexByte(srv.Addr, ':')+1:]
	data, err := os.ReadFile("testdata/demo-feeds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "default: '8765'", "default: '"+port+"'", 1))
	d, err := Parse(data, "demo-feeds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	svcs, warnings, err := d.Services(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings: %q", warnings)
	}
	var ids []string
	for _, s := range svcs {
		ids = append(ids, s.ID)
	}
	if got := strings.Join(ids, ","); got != "randomnumber,ticker,sensors,chat,secure" {
		t.Fatalf("services %s", got)
	}

	p, err := project.Create(t.TempDir(), "Demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs {
		v := project.NewVariable(s.ID+"Feed", s.Service, project.OwnerPage, p.HomePage)
		if err := importer.Commit(p, importer.Plan{Service: s.Service, Variable: v}); err != nil {
			t.Fatalf("import %s: %v", s.ID, err)
		}
	}
	reopened, err := project.Open(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs {
		t.Run(s.ID, func(t *testing.T) {
			svc := reopened.Service(s.ID)
			v := reopened.Variable(s.ID + "Feed")
			if svc == nil || v == nil {
				t.Fatalf("service or variable %s missing after save", s.ID)
			}
			url, err := reopened.ResolveURL(svc, "", v.DataBinding, func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(url, "ws://"+srv.Addr+"/") {
				t.Fatalf("resolved URL %s is not the demo server", url)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			res, err := importer.Test(ctx, importer.TestOptions{
				URL: url, Headers: svc.Headers, Subprotocols: svc.Subprotocols,
				SampleRequest: svc.SampleRequest, Max: 1, Window: 20 * time.Second,
			}, nil)
			if err != nil {
				t.Fatalf("connect %s: %v", url, err)
			}
			if len(res.Messages) != 1 {
				t.Fatalf("%d messages", len(res.Messages))
			}
			got, err := importer.Infer(res.Messages[0].Data, "RootResponse")
			if err != nil {
				t.Fatal(err)
			}
			if g, w := strings.Join(defsText(got), "\n"), strings.Join(defsText(svc.Response), "\n"); g != w {
				t.Errorf("message %s has the metadata\n%s\nthe document gave\n%s", res.Messages[0].Data, g, w)
			}
		})
	}
}
