package widgets

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"wsstudio/variable/dataset"
)

// chartData is the chart's parsed points, kept in arrival order (oldest
// first, whatever the strategy) and updated incrementally: a redraw parses
// only the records that arrived since the previous one, so a chart of
// 100,000 records costs about what one of 1,000 does.
type chartData struct {
	path    string
	xKey    string
	yKeys   []string
	groupBy string // "" = one series per y key; else one per value of this field and y key

	version uint64
	valid   bool
	strat   dataset.Strategy
	lastRec dataset.Record // newest record parsed
	hasLast bool

	xs    []float64   // x per point (NaN = missing); unused when xKey == ""
	xText []string    // x as text when it is not a number (a category)
	ys    [][]float64 // per series, per point (NaN = missing): without groupBy one series per y key
	// with groupBy: the values held, sorted (so a fresh parse and the
	// incremental one agree, and the legend reads in order), the rows of
	// each, the value of each row, and the series of group g and y key k
	// at ys[g*len(yKeys)+k]
	groups    []string
	groupRows []int
	rowGroup  []string
	groupOf   map[string]int

	rows       int // rows seen in the snapshot (numeric or not)
	nonTime    int // numeric x values that are not epoch milliseconds
	numeric    int // points with a numeric x (or none needed) and a numeric y
	numX       int // rows with a numeric x
	cats       int // rows whose x is text
	catNumeric int // rows whose x is text and with a numeric y
	lastRow    gjson.Result
	textOnly   bool // the latest row is not structured (text, binary)
}

// maxGroups is the most series a groupBy field makes per y key; records
// with further values share one last series, "other".
const maxGroups = 12

// otherGroup is the key of the shared series of values past maxGroups (no
// field value holds a NUL, so it cannot clash with one).
const otherGroup = "\x00other"

// configure sets the keys; a change invalidates the cache.
func (d *chartData) configure(path, xKey string, yKeys []string, groupBy string) {
	if d.path == path && d.xKey == xKey && equalStrings(d.yKeys, yKeys) && d.groupBy == groupBy {
		return
	}
	d.path, d.xKey, d.yKeys, d.groupBy = path, xKey, append([]string(nil), yKeys...), groupBy
	d.valid = false
}

// seriesCount is the number of series: one per y key, or per group and y key.
func (d *chartData) seriesCount() int { return len(d.ys) }

// seriesName is the legend text of series s: the y key, or with groupBy
// the group's value ("ACME"), followed by the key when there are several
// ("ACME · price").
func (d *chartData) seriesName(s int) string {
	if d.groupBy == "" {
		if s < len(d.yKeys) {
			return seriesName(d.yKeys[s])
		}
		return ""
	}
	k := len(d.yKeys)
	if k == 0 {
		return ""
	}
	g := d.groups[s/k]
	switch g {
	case otherGroup:
		g = "other"
	case "":
		g = "(no " + seriesName(d.groupBy) + ")"
	}
	if k == 1 {
		return g
	}
	return g + " · " + seriesName(d.yKeys[s%k])
}

// grouped reports series made per value of a field.
func (d *chartData) grouped() bool { return d.groupBy != "" }

// groupLess orders group values: text order, the shared "other" last.
func groupLess(a, b string) bool {
	if a == otherGroup || b == otherGroup {
		return b == otherGroup && a != otherGroup
	}
	return a < b
}

// group returns the index of the group of row v, making its series (gaps
// for the rows before it) on first sight, and counts the row in it.
func (d *chartData) group(v gjson.Result) int {
	g := ""
	if gv := v.Get(d.groupBy); gv.Exists() && gv.Type != gjson.Null {
		g = gv.String()
	}
	if _, ok := d.groupOf[g]; !ok && len(d.groups) >= maxGroups-1 {
		g = otherGroup // the last series is for the rest
	}
	i, ok := d.groupOf[g]
	if !ok {
		i = sort.Search(len(d.groups), func(j int) bool { return !groupLess(d.groups[j], g) })
		d.groups = slices.Insert(d.groups, i, g)
		d.groupRows = slices.Insert(d.groupRows, i, 0)
		gaps := d.rows - 1 // the rows before this one
		fresh := make([][]float64, len(d.yKeys))
		for k := range fresh {
			ys := make([]float64, gaps, max(gaps*2, 16))
			for j := range ys {
				ys[j] = math.NaN()
			}
			fresh[k] = ys
		}
		d.ys = slices.Insert(d.ys, i*len(d.yKeys), fresh...)
		d.indexGroups()
	}
	d.groupRows[i]++
	d.rowGroup = append(d.rowGroup, g)
	return i
}

// indexGroups rebuilds the map from group value to index.
func (d *chartData) indexGroups() {
	if d.groupOf == nil {
		d.groupOf = map[string]int{}
	}
	clear(d.groupOf)
	for i, g := range d.groups {
		d.groupOf[g] = i
	}
}

// dropGroupRows takes the k oldest rows out of their groups' counts and
// drops the groups left with no rows, series and all.
func (d *chartData) dropGroupRows(k int) {
	for _, g := range d.rowGroup[:k] {
		d.groupRows[d.groupOf[g]]--
	}
	d.rowGroup = d.rowGroup[k:]
	n := len(d.yKeys)
	kept := 0
	for i, g := range d.groups {
		if d.groupRows[i] == 0 {
			continue
		}
		d.groups[kept], d.groupRows[kept] = g, d.groupRows[i]
		copy(d.ys[kept*n:(kept+1)*n], d.ys[i*n:(i+1)*n])
		kept++
	}
	if kept < len(d.groups) {
		d.groups, d.groupRows, d.ys = d.groups[:kept], d.groupRows[:kept], d.ys[:kept*n]
		d.indexGroups()
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (d *chartData) reset() {
	d.xs = d.xs[:0]
	d.xText = d.xText[:0]
	if d.groupBy != "" {
		d.ys = d.ys[:0]
		d.groups, d.groupRows, d.rowGroup = d.groups[:0], d.groupRows[:0], d.rowGroup[:0]
		clear(d.groupOf)
	} else {
		for i := range d.ys {
			d.ys[i] = d.ys[i][:0]
		}
		if len(d.ys) != len(d.yKeys) {
			d.ys = make([][]float64, len(d.yKeys))
		}
	}
	d.rows, d.nonTime, d.numeric, d.numX, d.cats, d.catNumeric = 0, 0, 0, 0, 0, 0
	d.hasLast = false
	d.lastRow = gjson.Result{}
	d.textOnly = false
}

// sync brings the points up to date with src. It reports whether anything
// changed.
func (d *chartData) sync(src dataset.Source) bool {
	if src == nil {
		changed := d.valid || d.rows > 0
		d.reset()
		d.valid, d.version = false, 0
		return changed
	}
	v := src.Version()
	if d.valid && v == d.version {
		return false
	}
	strat := src.Strategy()
	n := src.Len()
	d.version = v
	if strat == dataset.Refresh {
		d.reset()
		d.valid, d.strat = true, strat
		recs := src.Records(0, 1)
		if len(recs) == 0 {
			return true
		}
		val := recs[0].Get(d.path)
		if val.IsArray() {
			val.ForEach(func(_, item gjson.Result) bool {
				d.addRow(item)
				return true
			})
		} else if val.Exists() {
			d.addRow(val)
		}
		return true
	}
	if d.valid && d.strat == strat && d.hasLast && n > 0 {
		for k := 2; ; k *= 2 {
			k = min(k, n)
			recs := newest(src, strat, n, k)
			if i := findRecord(recs, d.lastRec); i >= 0 {
				fresh := recs[i+1:]
				dropped := d.rows + len(fresh) - n
				if dropped >= 0 && dropped <= d.rows {
					d.dropOldest(dropped)
					for _, r := range fresh {
						d.addRecord(r)
					}
					return true
				}
				break
			}
			if k == n {
				break
			}
		}
	}
	d.reset()
	d.valid, d.strat = true, strat
	for _, r := range newest(src, strat, n, n) {
		d.addRecord(r)
	}
	return true
}

// newest returns the k newest of n records, oldest first.
func newest(src dataset.Source, strat dataset.Strategy, n, k int) []dataset.Record {
	if strat == dataset.Prepend {
		recs := src.Records(0, k)
		for i, j := 0, len(recs)-1; i < j; i, j = i+1, j-1 {
			recs[i], recs[j] = recs[j], recs[i]
		}
		return recs
	}
	return src.Records(n-k, k)
}

// findRecord finds r among recs, searching from the newest.
func findRecord(recs []dataset.Record, r dataset.Record) int {
	for i := len(recs) - 1; i >= 0; i-- {
		if sameRecord(recs[i], r) {
			return i
		}
	}
	return -1
}

// sameRecord tells whether two records are the same received message: same
// sequence number, time and backing bytes.
func sameRecord(a, b dataset.Record) bool {
	if a.Seq != b.Seq || !a.Time.Equal(b.Time) || len(a.JSON) != len(b.JSON) || a.Kind != b.Kind {
		return false
	}
	if len(a.JSON) == 0 {
		return true
	}
	return &a.JSON[0] == &b.JSON[0]
}

func (d *chartData) addRecord(r dataset.Record) {
	d.lastRec, d.hasLast = r, true
	d.addRow(r.Get(d.path))
}

func (d *chartData) addRow(v gjson.Result) {
	d.rows++
	d.lastRow = v
	structured := v.IsObject()
	d.textOnly = !structured && v.Type != gjson.Number
	x, cat := math.NaN(), ""
	if d.xKey != "" {
		if structured {
			xv := v.Get(d.xKey)
			x = numberOf(xv)
			if math.IsNaN(x) && xv.Exists() && xv.Type != gjson.Null {
				cat = xv.String()
			}
		}
		if !math.IsNaN(x) {
			d.numX++
			if x < minEpochMS || x >= maxEpochMS {
				d.nonTime++
			}
		}
		if cat != "" {
			d.cats++
		}
		d.xs = append(d.xs, x)
		d.xText = append(d.xText, cat)
	}
	any := false
	first := 0 // the row's own series; with groups, the others get a gap
	if d.groupBy != "" {
		first = d.group(v) * len(d.yKeys)
		for s := range d.ys {
			if s < first || s >= first+len(d.yKeys) {
				d.ys[s] = append(d.ys[s], math.NaN())
			}
		}
	}
	for i, k := range d.yKeys {
		y := math.NaN()
		switch {
		case k == "" || k == "@this":
			y = numberOf(v)
		case structured:
			y = numberOf(v.Get(k))
		}
		if !math.IsNaN(y) {
			any = true
		}
		d.ys[first+i] = append(d.ys[first+i], y)
	}
	if any && (d.xKey == "" || !math.IsNaN(x)) {
		d.numeric++
	}
	if any && cat != "" {
		d.catNumeric++
	}
}

// numberOf reads a number, a numeric string or a time string as float64;
// anything else is NaN.
func numberOf(v gjson.Result) float64 {
	f := math.NaN()
	switch v.Type {
	case gjson.Number:
		f = v.Num
	case gjson.String:
		if t, ok := timeOf(v); ok {
			return float64(t.UnixMilli())
		}
		if p, err := strconv.ParseFloat(strings.TrimSpace(v.Str), 64); err == nil {
			f = p
		}
	}
	if math.IsInf(f, 0) {
		return math.NaN() // "Infinity", 1e999: nothing to scale an axis to
	}
	return f
}

// dropOldest forgets the k oldest points.
func (d *chartData) dropOldest(k int) {
	if k <= 0 {
		return
	}
	for i := 0; i < k; i++ {
		numericY := false
		for s := range d.ys {
			if !math.IsNaN(d.ys[s][i]) {
				numericY = true
			}
		}
		okX := true
		if d.xKey != "" {
			x := d.xs[i]
			okX = !math.IsNaN(x)
			if okX {
				d.numX--
				if x < minEpochMS || x >= maxEpochMS {
					d.nonTime--
				}
			}
			if d.xText[i] != "" {
				d.cats--
				if numericY {
					d.catNumeric--
				}
			}
		}
		if numericY && okX {
			d.numeric--
		}
	}
	if d.xKey != "" {
		d.xs = d.xs[k:]
		d.xText = d.xText[k:]
	}
	for s := range d.ys {
		d.ys[s] = d.ys[s][k:]
	}
	if d.groupBy != "" {
		d.dropGroupRows(k)
	}
	d.rows -= k
}

// x is the x value of point i: the x key, or the arrival index when there
// is no x key or x is a category.
func (d *chartData) x(i int) float64 {
	if d.xKey == "" || d.categorical() {
		return float64(i)
	}
	return d.xs[i]
}

// categorical reports whether x is text (symbols, names): points are then
// placed in arrival order and labelled with their x.
func (d *chartData) categorical() bool {
	return d.xKey != "" && d.numX == 0 && d.cats > 0
}

// plottable is the number of points that can be drawn.
func (d *chartData) plottable() int {
	if d.categorical() {
		return d.catNumeric
	}
	return d.numeric
}

// xLabel is the label of point i on a category or index axis.
func (d *chartData) xLabel(i int) string {
	if d.categorical() {
		return d.xText[i]
	}
	return formatNumber(d.x(i))
}

// timeAxis reports whether x values are epoch milliseconds.
func (d *chartData) timeAxis() bool {
	return d.xKey != "" && d.nonTime == 0 && d.numX > 0
}
