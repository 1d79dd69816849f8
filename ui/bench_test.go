package ui

import (
	"context"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"wsstudio/demo"
	"wsstudio/project"
	"wsstudio/variable"
)

const burstCount = 20000

// burstProject is a project whose variable reads the demo burst feed.
func burstProject(b *testing.B, addr string) *project.Project {
	svc := &project.Service{
		ID: "burst", Title: "burst", Type: project.ServiceTypeWebSocket,
		Endpoint: "ws://" + addr + "/burst?count=" + strconv.Itoa(burstCount) + "&size=128",
		Scheme:   "ws", Host: addr, RelativePath: "/burst",
		QueryParams: []project.Param{{Name: "count", Value: strconv.Itoa(burstCount)}, {Name: "size", Value: "128"}},
		Response: project.Definitions{{Name: "RootResponse", Properties: []project.Property{
			{Name: "seq", Type: "integer", Format: "int32"},
		}}},
	}
	p := &project.Project{Dir: b.TempDir(), DisplayName: "Burst", HomePage: "Main",
		Services: []*project.Service{svc}, Pages: []*project.Page{{Name: "Main"}}}
	v := NewVariable("Burst", svc, project.OwnerPage, "Main")
	v.Strategy, v.DataLimit = project.StrategyAppend, 1000
	p.Variables = []*project.Variable{v}
	chart := project.DefaultWidget(project.KindChart, "burstChart", v, svc.Response)
	table := project.DefaultWidget(project.KindTable, "burstTable", v, svc.Response)
	chart.Page, table.Page = "Main", "Main"
	p.Pages[0].Widgets = []*project.Widget{chart, table}
	return p
}

// bare reads one burst with a variable and no window: the baseline.
func bare(b *testing.B, p *project.Project) time.Duration {
	start := time.Now()
	rv, err := variable.New(p, p.Variables[0], variable.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := rv.Open(context.Background()); err != nil {
		b.Fatal(err)
	}
	for rv.Stats().MessagesIn < burstCount {
		time.Sleep(200 * time.Microsecond)
	}
	d := time.Since(start)
	rv.Close()
	return d
}

// inStudio reads one burst with the studio window showing a chart and a
// table of it, the UI queue drained as a driver loop would.
func inStudio(b *testing.B, a fyne.App, p *project.Project) (time.Duration, uint64, int) {
	q := &Queue{}
	w := a.NewWindow("")
	w.Resize(fyne.NewSize(1280, 800))
	s := New(a, w, Options{Do: q.Do})
	start := time.Now() // from Load: connecting, the canvas, the burst
	s.Load(p)
	drains := 0
	for {
		drains += q.Drain()
		rv := s.runtime(p.Variables[0])
		if rv != nil && rv.Stats().MessagesIn >= burstCount {
			break
		}
		time.Sleep(200 * time.Microsecond)
	}
	drains += q.Drain()
	d := time.Since(start)
	redraws := s.page.redraws()
	s.Shutdown()
	q.Drain()
	w.Close()
	return d, redraws, drains
}

// BenchmarkBurstInStudio reads a burst of 20,000 messages from the demo
// feed through the studio window (live chart, table, console and state
// dots) and, as the baseline in the same run, through a bare variable.
// studio/bare is the cost of the window; redraws/burst shows coalescing.
func BenchmarkBurstInStudio(b *testing.B) {
	srv, err := demo.Start("127.0.0.1:0", false)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	a := test.NewTempApp(b)
	p := burstProject(b, srv.Addr)
	var bareT, studioT time.Duration
	var redraws uint64
	var ui int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bareT += bare(b, p)
		d, r, n := inStudio(b, a, p)
		studioT += d
		redraws += r
		ui += n
	}
	b.ReportMetric(float64(studioT)/float64(bareT), "studio/bare")
	b.ReportMetric(float64(redraws)/float64(b.N), "redraws/burst")
	b.ReportMetric(float64(ui)/float64(b.N), "ui-calls/burst")
	b.ReportMetric(float64(bareT.Microseconds())/float64(b.N)/1000, "bare-ms/burst")
}
