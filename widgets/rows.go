package widgets

import (
	"github.com/tidwall/gjson"

	"wsstudio/variable/dataset"
)

// row is one row of a table or list: a value read from a record, and the
// record it came from (for its time and kind).
type row struct {
	val gjson.Result
	rec dataset.Record
}

// windowRows is how many records a rowView copies at a time. Tables and
// lists show a few dozen rows, so one window covers the visible part and
// scrolling costs one more copy.
const windowRows = 128

// rowView turns a Source into rows, reading records lazily a window at a
// time so that a redraw costs O(rows shown), not O(dataset).
//
// For a refresh dataset the rows are the array at the binding path inside
// the latest record (or that record itself when it is not an array); for
// append and prepend they are the records, each read at the binding path.
type rowView struct {
	src  dataset.Source
	path string
	n    int

	strategy dataset.Strategy
	array    bool
	arr      []gjson.Result
	arrRec   dataset.Record

	winStart int
	win      []dataset.Record
}

// sync takes a new snapshot of src.
func (v *rowView) sync(src dataset.Source, path string) {
	v.src, v.path = src, path
	v.win, v.winStart = nil, 0
	v.arr, v.array, v.n = nil, false, 0
	if src == nil {
		return
	}
	v.strategy = src.Strategy()
	if v.strategy != dataset.Refresh {
		v.n = src.Len()
		return
	}
	v.array = true
	recs := src.Records(0, 1)
	if len(recs) == 0 {
		return
	}
	v.arrRec = recs[0]
	val := recs[0].Get(path)
	switch {
	case !val.Exists():
	case val.IsArray():
		v.arr = val.Array()
	default:
		v.arr = []gjson.Result{val}
	}
	v.n = len(v.arr)
}

// len is the number of rows in the snapshot.
func (v *rowView) len() int { return v.n }

// row returns row i; false when it is out of range or the dataset shrank
// since the snapshot was taken.
func (v *rowView) row(i int) (row, bool) {
	if i < 0 || i >= v.n {
		return row{}, false
	}
	if v.array {
		return row{val: v.arr[i], rec: v.arrRec}, true
	}
	if i < v.winStart || i >= v.winStart+len(v.win) {
		start := max(i-windowRows/2, 0)
		v.win, v.winStart = v.src.Records(start, windowRows), start
		if i >= start+len(v.win) {
			return row{}, false
		}
	}
	rec := v.win[i-v.winStart]
	return row{val: rec.Get(v.path), rec: rec}, true
}

// newest is the index of the row that arrived last: the last row for
// append and refresh, the first for prepend.
func (v *rowView) newest() int {
	if v.strategy == dataset.Prepend {
		return 0
	}
	return v.n - 1
}
