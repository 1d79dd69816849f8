package variable

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"wsstudio/project"
	"wsstudio/wire/frame"
)

// The live schema check: each incoming JSON message is checked against the
// JSON Schema of its service's RootResponse. Stats().SchemaChecked and
// SchemaMismatched count them; a window reads them for a badge from a
// Subscribe callback, which is called (coalesced) after new messages. Drift
// keeps the first mismatches, and the console gets a line for each of the
// first few of a connection.
//
// The schema is compiled once per snapshot into a plan of expected types,
// and a message is checked by scanning its raw bytes along that plan:
// nothing is decoded into maps, and values the plan does not know are
// skipped, not parsed.

// Mismatch is where a message did not conform to its service's schema.
type Mismatch struct {
	Path     string // "$.price", "$.trades[2].qty"
	Expected string // the type the schema has there: "number", "object" …
	Actual   string // the type the message had: "string", "array", "null" …
	More     int    // further mismatches in the same message
	Message  string // the message, masked and shortened for display
}

func (m Mismatch) String() string {
	s := m.Path + ": expected " + m.Expected + ", got " + m.Actual
	if m.More > 0 {
		s += " (and " + strconv.Itoa(m.More) + " more)"
	}
	return s
}

// Console lines for mismatches: the first few of each connection are
// shown, then one line says the rest are only counted.
const (
	schemaLinesShown = 10
	schemaMsgShown   = 200 // bytes of the message shown in a mismatch line
	schemaKept       = 5   // mismatches Drift keeps, the first ones
)

// value kinds as a bit set.
type kinds uint8

const (
	kNull kinds = 1 << iota
	kBool
	kInteger
	kFraction // a number with a fractional part
	kString
	kObject
	kArray

	kAny = kNull | kBool | kInteger | kFraction | kString | kObject | kArray
)

func kindName(k kinds) string {
	switch k {
	case kNull:
		return "null"
	case kBool:
		return "boolean"
	case kInteger, kFraction:
		return "number"
	case kString:
		return "string"
	case kObject:
		return "object"
	case kArray:
		return "array"
	}
	return "value"
}

// plan is a compiled schema node.
type plan struct {
	want  kinds
	name  string           // the expected type, for a person
	props map[string]*plan // an object's known properties
	order []field          // the same, in definition order
	items *plan            // an array's elements
}

type field struct {
	name   string
	quoted string // name and a closing quote, as a key without escapes is written; "" when name cannot be written so
	plan   *plan
}

// next is the field to try first at position at, when it can be matched in
// place; nil otherwise.
func (p *plan) next(at int) *field {
	if at < len(p.order) && p.order[at].quoted != "" {
		return &p.order[at]
	}
	return nil
}

// prop is the plan of an object's property key; at is where to look
// first, the place after the last one found, since a service sends its
// fields in the same order message after message.
func (p *plan) prop(key []byte, at *int) *plan {
	if *at < len(p.order) && p.order[*at].name == string(key) {
		c := p.order[*at].plan
		*at++
		return c
	}
	if len(p.order) > 16 {
		return p.props[string(key)]
	}
	for i := range p.order {
		if p.order[i].name == string(key) {
			*at = i + 1
			return p.order[i].plan
		}
	}
	return nil
}

// schemaPlan is the compiled RootResponse of a service.
type schemaPlan struct {
	root *plan
	// whole is the root's one property that stands for a message that
	// is not an object: a top-level array ("items") or value ("value").
	whole *plan
}

// compileSchema compiles the RootResponse of defs; nil when there is
// nothing to check (no definition, or one without properties: a sample
// that was not JSON).
func compileSchema(defs project.Definitions) *schemaPlan {
	root := defs.Definition("RootResponse")
	if root == nil || len(root.Properties) == 0 {
		return nil
	}
	o := project.SchemaOptions{Ref: func(name string) string { return name }, Nullable: true}
	named := map[string]*plan{}
	var build func(s project.Schema) *plan
	build = func(s project.Schema) *plan {
		if s.Ref != "" {
			if p, ok := named[s.Ref]; ok {
				return p
			}
			p := &plan{}
			named[s.Ref] = p // before its properties: a definition may refer to itself
			*p = *build(defs.DefinitionSchema(defs.Definition(s.Ref), o))
			return p
		}
		p := &plan{name: s.Type}
		switch s.Type {
		case "object":
			p.want = kObject
			p.props = make(map[string]*plan, len(s.Properties))
			for _, sp := range s.Properties {
				c := build(sp.Schema)
				p.props[sp.Name] = c
				f := field{name: sp.Name, plan: c}
				if !strings.ContainsAny(sp.Name, "\"\\") && !hasControl(sp.Name) {
					f.quoted = sp.Name + `"`
				}
				p.order = append(p.order, f)
			}
		case "array":
			p.want = kArray
			if s.Items != nil {
				p.items = build(*s.Items)
			}
		case "string":
			p.want = kString
		case "integer":
			p.want = kInteger
		case "number":
			p.want = kInteger | kFraction
		case "boolean":
			p.want = kBool
		default:
			// A type the check does not know, or none: a field widened
			// from values of several types (project.FormatWidened)
			// accepts anything.
			p.want = kAny
		}
		if s.Nullable {
			p.want |= kNull
		}
		return p
	}
	sp := &schemaPlan{root: build(defs.DefinitionSchema(root, o))}
	if len(root.Properties) == 1 {
		switch n := root.Properties[0].Name; n {
		case "items", "value":
			w := sp.root.props[n]
			if n == "value" || w.want&kArray != 0 {
				sp.whole = w
			}
		}
	}
	return sp
}

// check checks one message: the number of mismatches, and the first of
// them in m (without the message text). A message that is not JSON does
// not conform to a schema with properties.
func (sp *schemaPlan) check(raw []byte, kind frame.Kind, m *Mismatch) int {
	*m = Mismatch{}
	if kind != frame.JSON {
		*m = Mismatch{Path: "$", Expected: "object", Actual: kind.String()}
		return 1
	}
	sc := scanner{b: raw}
	sc.space()
	p := sp.root
	if sp.whole != nil && (sc.i >= len(raw) || raw[sc.i] != '{') {
		p = sp.whole
	}
	var segs []string
	n := sc.walk(p, &segs, m, 0)
	if n > 0 {
		var b strings.Builder
		b.WriteByte('$')
		for i := len(segs) - 1; i >= 0; i-- {
			b.WriteString(segs[i])
		}
		m.Path = b.String()
		m.More = n - 1
	}
	return n
}

// maxCheckDepth bounds how deeply the check follows a message (a
// definition may refer to itself); deeper values are taken as they come.
const maxCheckDepth = 256

// scanner reads a JSON text that is known to be valid (the reader has
// classified it) along a plan: values the plan has nothing to say about
// are skipped without being parsed, and nothing is allocated unless a
// mismatch is found. Input that is not valid after all ends the walk
// early, never with a panic.
type scanner struct {
	b []byte
	i int
}

func (sc *scanner) space() {
	for sc.i < len(sc.b) && sc.b[sc.i] <= ' ' {
		switch sc.b[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// hasKey reports whether the text at i is quoted (a key's bytes and its
// closing quote).
func (sc *scanner) hasKey(i int, quoted string) bool {
	return len(sc.b)-i >= len(quoted) && string(sc.b[i:i+len(quoted)]) == quoted
}

// walk checks the value at sc.i against p and returns the number of
// mismatches; the first one of the message (m.Expected was empty until
// then) leaves its types in m and its path in segs, innermost first.
func (sc *scanner) walk(p *plan, segs *[]string, m *Mismatch, depth int) int {
	sc.space()
	if sc.i >= len(sc.b) {
		return 0
	}
	var k kinds
	switch c := sc.b[sc.i]; c {
	case '{':
		k = kObject
	case '[':
		k = kArray
	case '"':
		k = kString
	case 't', 'f':
		k = kBool
	case 'n':
		k = kNull
	default:
		// A number: no children, so it is read once, here.
		start := sc.i
		k = kInteger
		if !sc.skipNumber() && p.want&(kInteger|kFraction) == kInteger && !isInteger(unsafe.String(&sc.b[start], sc.i-start)) {
			k = kFraction
		}
		if p.want&k == 0 {
			if m.Expected == "" {
				m.Expected, m.Actual = p.name, kindName(k)
			}
			return 1
		}
		return 0
	}
	if p.want&k == 0 {
		if m.Expected == "" {
			m.Expected, m.Actual = p.name, kindName(k)
		}
		sc.skip()
		return 1
	}
	switch {
	case depth >= maxCheckDepth:
	case k == kObject && len(p.props) > 0:
		return sc.object(p, segs, m, depth)
	case k == kArray && p.items != nil && p.items.want != kAny:
		return sc.array(p.items, segs, m, depth)
	}
	sc.skip()
	return 0
}

func (sc *scanner) object(p *plan, segs *[]string, m *Mismatch, depth int) int {
	n, at := 0, 0
	sc.i++ // {
	for {
		sc.space()
		if sc.i >= len(sc.b) || sc.b[sc.i] != '"' {
			sc.i++ // }
			return n
		}
		ks := sc.i + 1
		var c *plan
		var key string
		esc := false
		if f := p.next(at); f != nil && sc.hasKey(ks, f.quoted) {
			// The field that came next last time: the key is matched
			// in place, without looking for its end.
			c = f.plan
			at++
			sc.i = ks + len(f.quoted)
		} else {
			esc = sc.skipString()
			if sc.i > len(sc.b) {
				return n // the text ended inside the key
			}
			if esc {
				key = unquote(sc.b[ks-1 : sc.i])
				c = p.props[key]
			} else {
				c = p.prop(sc.b[ks:sc.i-1], &at)
			}
		}
		ke := sc.i - 1
		sc.space()
		sc.i++ // :
		if c == nil {
			sc.skip() // a field the service added
		} else {
			first := m.Expected == ""
			if e := sc.walk(c, segs, m, depth+1); e > 0 {
				if first {
					if !esc {
						key = string(sc.b[ks:ke])
					}
					*segs = append(*segs, pathKey(key))
				}
				n += e
			}
		}
		sc.space()
		if sc.i < len(sc.b) && sc.b[sc.i] == ',' {
			sc.i++
		}
	}
}

func (sc *scanner) array(items *plan, segs *[]string, m *Mismatch, depth int) int {
	n := 0
	sc.i++ // [
	for idx := 0; ; idx++ {
		sc.space()
		if sc.i >= len(sc.b) || sc.b[sc.i] == ']' {
			sc.i++
			return n
		}
		first := m.Expected == ""
		before := sc.i
		if e := sc.walk(items, segs, m, depth+1); e > 0 {
			if first {
				*segs = append(*segs, "["+strconv.Itoa(idx)+"]")
			}
			n += e
		}
		if sc.i == before {
			return n // not JSON after all
		}
		sc.space()
		if sc.i < len(sc.b) && sc.b[sc.i] == ',' {
			sc.i++
		}
	}
}

// skipString moves past the string at sc.i and reports whether it holds
// an escape, which only a key needs to know (value strings are skipped
// with skipValueString).
func (sc *scanner) skipString() (escaped bool) {
	start := sc.i + 1
	sc.skipValueString()
	end := min(sc.i-1, len(sc.b))
	return start < end && bytes.IndexByte(sc.b[start:end], '\\') >= 0
}

// skipValueString moves past the string at sc.i; past the end of the text
// (len+1) when it does not end.
func (sc *scanner) skipValueString() {
	sc.i++
	for sc.i <= len(sc.b) {
		j := bytes.IndexByte(sc.b[sc.i:], '"')
		if j < 0 {
			break
		}
		end := sc.i + j
		bs := 0
		for k := end - 1; k >= sc.i && sc.b[k] == '\\'; k-- {
			bs++
		}
		sc.i = end + 1
		if bs%2 == 0 {
			return
		}
	}
	sc.i = len(sc.b) + 1
}

// numChar tells the bytes of a JSON number: 1 for digits and the minus
// sign, 2 for what only a number that is not a plain integer has.
var numChar = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	t['-'] = 1
	t['+'], t['.'], t['e'], t['E'] = 2, 2, 2, 2
	return t
}()

// skipNumber moves past the number at sc.i and reports whether it was
// written as a plain integer (digits and a sign only).
func (sc *scanner) skipNumber() (plain bool) {
	var seen uint8
	i := sc.i
	for ; i < len(sc.b); i++ {
		c := numChar[sc.b[i]]
		if c == 0 {
			break
		}
		seen |= c
	}
	sc.i = i
	return seen&2 == 0
}

// skip moves past the value at sc.i, however deeply nested, without
// recursion.
func (sc *scanner) skip() {
	sc.space()
	if sc.i >= len(sc.b) {
		return
	}
	switch sc.b[sc.i] {
	case '"':
		sc.skipValueString()
		return
	case '{', '[':
	case 't', 'n':
		sc.i += 4
		return
	case 'f':
		sc.i += 5
		return
	default:
		sc.skipNumber()
		return
	}
	depth := 0
	for sc.i < len(sc.b) {
		switch sc.b[sc.i] {
		case '"':
			sc.skipValueString()
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				sc.i++
				return
			}
		}
		sc.i++
	}
}

// unquote reads a JSON string with escapes (a key, rarely).
func unquote(q []byte) string {
	var s string
	if json.Unmarshal(q, &s) != nil {
		return string(q)
	}
	return s
}

// isInteger reports whether a JSON number has no fractional part, as JSON
// Schema counts it: 1.0, 1e3 and 10e-1 are integers, 1.5 and 15e-1 are not.
func isInteger(raw string) bool {
	mant, exp := raw, 0
	if i := strings.IndexAny(raw, "eE"); i >= 0 {
		mant = raw[:i]
		e := raw[i+1:]
		neg := false
		if e != "" && (e[0] == '+' || e[0] == '-') {
			neg = e[0] == '-'
			e = e[1:]
		}
		for i := 0; i < len(e); i++ {
			if exp < 1<<30 {
				exp = exp*10 + int(e[i]-'0')
			}
		}
		if neg {
			exp = -exp
		}
	}
	if mant != "" && mant[0] == '-' {
		mant = mant[1:]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	// The digits of intPart and frac in a row; those at or after point
	// are fractional once the exponent has moved the decimal point.
	point := max(len(intPart)+exp, 0)
	for i := point; i < len(intPart)+len(frac); i++ {
		d := byte('0')
		if i < len(intPart) {
			d = intPart[i]
		} else {
			d = frac[i-len(intPart)]
		}
		if d != '0' {
			return false
		}
	}
	return true
}

// SchemaCheck is the choice of Options.SchemaCheck.
type SchemaCheck int

// Choices of SchemaCheck.
const (
	SchemaCheckDefault SchemaCheck = iota // DefaultSchemaCheck
	SchemaCheckOn
	SchemaCheckOff
)

// DefaultSchemaCheck is whether the live schema check runs when Options do
// not say. It is on: BenchmarkSchemaCheckRatio measures ingest with the
// check at about 0.9 of ingest without it on the fastest feed (/burst),
// and the check of a message costs less than its JSON validation.
const DefaultSchemaCheck = true

func (c SchemaCheck) on() bool {
	switch c {
	case SchemaCheckOn:
		return true
	case SchemaCheckOff:
		return false
	}
	return DefaultSchemaCheck
}

// SetSchemaCheck turns the live schema check on or off, from the next
// message on. The counts so far stay.
func (v *Variable) SetSchemaCheck(on bool) { v.schemaOn.Store(on) }

// SchemaCheckOn reports whether the live schema check runs.
func (v *Variable) SchemaCheckOn() bool { return v.schemaOn.Load() }

// Drift returns the first mismatches the live schema check found (a few;
// Stats counts them all), oldest first.
func (v *Variable) Drift() []Mismatch {
	v.statMu.Lock()
	defer v.statMu.Unlock()
	return append([]Mismatch(nil), v.drift...)
}

// driftLines counts the mismatch lines of one connection.
type driftLines struct{ shown int }

// checkSchema checks one received message against the snapshot's schema;
// the reading goroutine calls it. A mismatch is counted and, for the first
// few of a connection, written to the console.
func (v *Variable) checkSchema(cfg *settings, kind frame.Kind, raw []byte, now time.Time, lines *driftLines) {
	v.schemaChecked.Add(1)
	var m Mismatch
	if cfg.schema.check(raw, kind, &m) == 0 {
		return
	}
	if lines.shown <= schemaLinesShown {
		lines.shown++
		m.Message = shorten(cfg.secrets.Mask(string(raw)), schemaMsgShown)
		v.statMu.Lock()
		if len(v.drift) < schemaKept {
			v.drift = append(v.drift, m)
		}
		v.statMu.Unlock()
		text := v.name + ": schema: " + m.String() + " in " + m.Message
		if lines.shown > schemaLinesShown {
			text = v.name + ": schema: more messages do not match RootResponse; they are counted, not shown"
		}
		v.console.add(Entry{Time: now, Dir: Error, Kind: frame.Text, Text: text})
	}
	// Counted after the line is in: whoever sees the count sees the line.
	v.schemaMismatched.Add(1)
}

// shorten cuts s to at most n bytes on a character boundary, marking the
// cut with "…".
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// pathKey is ".key", or ["key"] for a key that is not a plain name.
func pathKey(k string) string {
	plain := k != ""
	for i := 0; i < len(k) && plain; i++ {
		c := k[i]
		plain = c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9'
	}
	if plain {
		return "." + k
	}
	return "[" + strconv.Quote(k) + "]"
}

// hasControl reports whether s holds a byte that JSON writes escaped.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' {
			return true
		}
	}
	return false
}
