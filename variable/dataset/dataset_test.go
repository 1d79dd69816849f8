package dataset

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"wsstudio/wire/frame"
)

func rec(seq int) Record {
	r := NewRecord([]byte(fmt.Sprintf(`{"n":%d}`, seq)), false, time.Unix(int64(seq), 0))
	r.Seq = uint64(seq)
	return r
}

// seqs lists the records' sequence numbers in display order.
func seqs(d *Dataset) string {
	var b strings.Builder
	for i, r := range d.Records(0, d.Len()) {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, r.Seq)
	}
	return b.String()
}

func TestStrategies(t *testing.T) {
	tests := []struct {
		strategy Strategy
		limit    int
		add      int
		want     string
	}{
		{Refresh, 0, 5, "5"},
		{Refresh, 3, 5, "5"},
		{Append, 0, 5, "1,2,3,4,5"},
		{Append, 3, 5, "3,4,5"},
		{Append, 1, 5, "5"},
		{Prepend, 0, 5, "5,4,3,2,1"},
		{Prepend, 3, 5, "5,4,3"},
		{Prepend, 1, 5, "5"},
		{Append, 20, 100, "81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100"},
		{Prepend, 16, 40, "40,39,38,37,36,35,34,33,32,31,30,29,28,27,26,25"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v/limit%d/add%d", tt.strategy, tt.limit, tt.add), func(t *testing.T) {
			d := New(tt.strategy, tt.limit)
			for i := 1; i <= tt.add; i++ {
				d.Add(rec(i))
			}
			if got := seqs(d); got != tt.want {
				t.Fatalf("records = %s, want %s", got, tt.want)
			}
			if d.Version() != uint64(tt.add) {
				t.Errorf("version = %d, want %d", d.Version(), tt.add)
			}
			latest, ok := d.Latest()
			if !ok || latest.Seq != uint64(tt.add) {
				t.Errorf("latest = %d, %v; want %d", latest.Seq, ok, tt.add)
			}
			if tt.limit > 0 && d.Len() > tt.limit {
				t.Errorf("len %d exceeds limit %d", d.Len(), tt.limit)
			}
		})
	}
}

func TestLoweringLimitTrimsAtOnce(t *testing.T) {
	for _, tt := range []struct {
		s    Strategy
		want string
	}{{Append, "8,9,10"}, {Prepend, "10,9,8"}} {
		d := New(tt.s, 0)
		for i := 1; i <= 10; i++ {
			d.Add(rec(i))
		}
		v := d.Version()
		d.SetLimit(3)
		if got := seqs(d); got != tt.want {
			t.Errorf("%v: after SetLimit(3) records = %s, want %s", tt.s, got, tt.want)
		}
		if d.Version() == v {
			t.Errorf("%v: trimming did not bump the version", tt.s)
		}
		d.Add(rec(11))
		if d.Len() != 3 {
			t.Errorf("%v: len after add = %d, want 3", tt.s, d.Len())
		}
		// raising the limit keeps what is there and lets it grow again
		d.SetLimit(5)
		d.Add(rec(12))
		d.Add(rec(13))
		d.Add(rec(14))
		if d.Len() != 5 {
			t.Errorf("%v: len after raising the limit = %d, want 5", tt.s, d.Len())
		}
	}
}

func TestSetStrategy(t *testing.T) {
	d := New(Append, 4)
	for i := 1; i <= 6; i++ {
		d.Add(rec(i))
	}
	d.SetStrategy(Prepend)
	if got := seqs(d); got != "6,5,4,3" {
		t.Fatalf("append→prepend = %s", got)
	}
	d.Add(rec(7))
	if got := seqs(d); got != "7,6,5,4" {
		t.Fatalf("prepend add = %s", got)
	}
	d.SetStrategy(Refresh)
	if got := seqs(d); got != "7" {
		t.Fatalf("→refresh = %s", got)
	}
	d.SetStrategy(Append)
	d.Add(rec(8))
	if got := seqs(d); got != "7,8" {
		t.Fatalf("refresh→append = %s", got)
	}
	d.Clear()
	if d.Len() != 0 {
		t.Fatalf("clear left %d records", d.Len())
	}
	if _, ok := d.Latest(); ok {
		t.Fatal("Latest on an empty dataset reported a record")
	}
}

func TestRecordsWindow(t *testing.T) {
	d := New(Append, 10)
	for i := 1; i <= 25; i++ { // wraps the ring
		d.Add(rec(i))
	}
	got := d.Records(7, 10)
	if len(got) != 3 || got[0].Seq != 23 || got[2].Seq != 25 {
		t.Fatalf("Records(7,10) = %d records starting %v", len(got), got)
	}
	if d.Records(10, 1) != nil || d.Records(0, 0) != nil {
		t.Fatal("out-of-range windows should be empty")
	}
	if r := d.Records(-3, 1); len(r) != 1 || r[0].Seq != 16 {
		t.Fatalf("negative from = %v", r)
	}
}

func TestSubscribeCancelInsideCallback(t *testing.T) {
	d := New(Append, 0)
	calls := 0
	var cancel func()
	cancel = d.Subscribe(func() {
		calls++
		cancel() // must not deadlock
		d.Subscribe(func() {})
	})
	d.Add(rec(1))
	d.Add(rec(2))
	if calls != 1 {
		t.Fatalf("callback ran %d times after cancelling itself, want 1", calls)
	}
}

func TestConcurrentReadersAndWriter(t *testing.T) {
	d := New(Append, 100)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				rs := d.Records(0, 50)
				for i := 1; i < len(rs); i++ {
					if rs[i].Seq != rs[i-1].Seq+1 {
						t.Errorf("snapshot out of order: %d after %d", rs[i].Seq, rs[i-1].Seq)
						return
					}
				}
			}
		}()
	}
	for i := 1; i <= 20000; i++ {
		d.Add(rec(i))
		if i%5000 == 0 {
			d.SetLimit(50 + i%3)
		}
	}
	close(stop)
	wg.Wait()
}

func TestNewRecordKinds(t *testing.T) {
	at := time.Unix(1, 0)
	tests := []struct {
		raw    string
		binary bool
		kind   frame.Kind
		json   string
	}{
		{`{"price":12.5}`, false, frame.JSON, `{"price":12.5}`},
		{` [1,2] `, false, frame.JSON, ` [1,2] `},
		{`42`, false, frame.JSON, `42`},
		{`<q s="ACME"><p>12.5</p></q>`, false, frame.XML, `{"q":{"@s":"ACME","p":"12.5"}}`},
		{`hello <world>`, false, frame.Text, `"hello \u003cworld\u003e"`},
		{`{"broken":`, false, frame.Text, `"{\"broken\":"`},
		{"\x00\xff", true, frame.Binary, `"AP8="`},
	}
	for _, tt := range tests {
		r := NewRecord([]byte(tt.raw), tt.binary, at)
		if r.Kind != tt.kind || string(r.JSON) != tt.json {
			t.Errorf("NewRecord(%q) = %v %s, want %v %s", tt.raw, r.Kind, r.JSON, tt.kind, tt.json)
		}
		if string(r.Raw) != tt.raw {
			t.Errorf("NewRecord(%q) changed the raw bytes", tt.raw)
		}
	}
	r := NewRecord([]byte(`{"a":{"b":[1,2,3]}}`), false, at)
	if got := r.Get("a.b.1").Int(); got != 2 {
		t.Errorf("Get(a.b.1) = %d", got)
	}
	if !r.Get("").IsObject() {
		t.Error(`Get("") is not the whole object`)
	}
}

func TestChangesCoalesce(t *testing.T) {
	d := New(Append, 10)
	ch, cancel := d.Changes()
	for i := 1; i <= 1000; i++ {
		d.Add(rec(i)) // never blocks, though nobody reads yet
	}
	<-ch
	select {
	case <-ch:
		t.Fatal("1000 changes left more than one pending signal")
	default:
	}
	d.SetLimit(5)
	<-ch
	cancel()
	d.Add(rec(1001))
	select {
	case <-ch:
		t.Fatal("a signal arrived after cancel")
	default:
	}
}

func BenchmarkAdd(b *testing.B) {
	d := New(Append, 1000)
	r := rec(1)
	b.ReportAllocs()
	for b.Loop() {
		d.Add(r)
	}
}

func BenchmarkNewRecordJSON(b *testing.B) {
	raw := []byte(`{"seq":123456,"time":1764000000000,"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		NewRecord(raw, false, time.Time{})
	}
}

func BenchmarkRecords(b *testing.B) {
	d := New(Append, 100000)
	for i := range 100000 {
		d.Add(rec(i))
	}
	b.ReportAllocs()
	for b.Loop() {
		d.Records(50000, 50) // what a widget shows: O(50), not O(100000)
	}
}
