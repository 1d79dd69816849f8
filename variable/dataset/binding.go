package dataset

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// BindTarget says what a binding expression reads from.
type BindTarget uint8

// Binding targets.
const (
	BindVariable BindTarget = iota + 1 // bind:Variables.<name>.…
	BindWidget                         // bind:Widgets.<name>.datavalue
)

// BindProperty is the property a binding expression names after the
// variable or widget.
type BindProperty uint8

// Binding properties.
const (
	LastRecord  BindProperty = iota + 1 // lastRecord
	FirstRecord                         // firstRecord
	DataSet                             // dataSet
	DataValue                           // datavalue (widgets)
)

var propertyNames = map[BindProperty]string{
	LastRecord:  "lastRecord",
	FirstRecord: "firstRecord",
	DataSet:     "dataSet",
	DataValue:   "datavalue",
}

func (p BindProperty) String() string { return propertyNames[p] }

// Binding is a parsed binding expression such as
// "bind:Variables.HeartRate.lastRecord.value" or
// "bind:Widgets.messageText.datavalue".
type Binding struct {
	Target   BindTarget
	Name     string       // the variable's or the widget's name
	Property BindProperty // LastRecord, FirstRecord or DataSet for a variable; DataValue for a widget
	// Path is the field inside the property as written ("value",
	// "items[0].price", "[0].time"); "" reads the property itself.
	Path string
}

// BindingError is a binding expression that does not parse.
type BindingError struct {
	Expr   string // the expression as given
	Reason string
}

func (e *BindingError) Error() string {
	return fmt.Sprintf("binding %q: %s", e.Expr, e.Reason)
}

const bindPrefix = "bind:"

// ParseBinding reads a binding expression:
//
//	bind:Variables.<name>.lastRecord[.<path>]
//	bind:Variables.<name>.firstRecord[.<path>]
//	bind:Variables.<name>.dataSet[.<path>]
//	bind:Widgets.<name>.datavalue
//
// A path is field names separated by dots, each optionally followed by
// array indexes ("items[0].price"); a path may also start with an index
// ("dataSet[0].time").
func ParseBinding(expr string) (Binding, error) {
	fail := func(format string, a ...any) (Binding, error) {
		return Binding{}, &BindingError{Expr: expr, Reason: fmt.Sprintf(format, a...)}
	}
	rest, ok := strings.CutPrefix(expr, bindPrefix)
	if !ok {
		return fail("does not start with %q", bindPrefix)
	}
	var b Binding
	switch {
	case strings.HasPrefix(rest, "Variables."):
		b.Target, rest = BindVariable, rest[len("Variables."):]
	case strings.HasPrefix(rest, "Widgets."):
		b.Target, rest = BindWidget, rest[len("Widgets."):]
	default:
		return fail("binds neither Variables.<name> nor Widgets.<name>")
	}
	kind := "variable"
	if b.Target == BindWidget {
		kind = "widget"
	}
	name, rest, _ := strings.Cut(rest, ".")
	if !isIdentifier(name) {
		if name == "" {
			return fail("names no %s", kind)
		}
		return fail("%q is not a valid %s name (letters, digits, _ and $, not starting with a digit)", name, kind)
	}
	b.Name = name
	end := strings.IndexAny(rest, ".[")
	if end < 0 {
		end = len(rest)
	}
	prop, path := rest[:end], strings.TrimPrefix(rest[end:], ".")
	if rest[end:] == "." {
		return fail("ends with a dot after %s", prop)
	}
	if path != rest[end:] && path != "" && (path[0] == '.' || path[0] == '[') {
		return fail("empty field name after %s", prop)
	}
	if b.Target == BindWidget {
		if prop != "datavalue" {
			if prop == "" {
				return fail("names no property of widget %s; want datavalue", name)
			}
			return fail("a widget binding reads datavalue, not %q", prop)
		}
		if rest[end:] != "" {
			return fail("datavalue of widget %s takes no path", name)
		}
		b.Property = DataValue
		return b, nil
	}
	switch prop {
	case "lastRecord":
		b.Property = LastRecord
	case "firstRecord":
		b.Property = FirstRecord
	case "dataSet":
		b.Property = DataSet
	case "":
		return fail("names no property of variable %s; want lastRecord, firstRecord or dataSet", name)
	default:
		return fail("%q is not a property of a variable; want lastRecord, firstRecord or dataSet", prop)
	}
	if _, err := splitPath(path); err != nil {
		return fail("%v", err)
	}
	b.Path = path
	return b, nil
}

// String writes the binding expression back; for a parsed binding it is the
// text that was parsed.
func (b Binding) String() string {
	var s strings.Builder
	s.WriteString(bindPrefix)
	if b.Target == BindWidget {
		s.WriteString("Widgets.")
	} else {
		s.WriteString("Variables.")
	}
	s.WriteString(b.Name)
	s.WriteByte('.')
	s.WriteString(b.Property.String())
	if b.Path != "" {
		if b.Path[0] != '[' {
			s.WriteByte('.')
		}
		s.WriteString(b.Path)
	}
	return s.String()
}

// Eval reads a variable binding from the variable's dataset. lastRecord and
// firstRecord are the last and first record of an append or prepend
// dataset, and the value itself for refresh; dataSet is the list of records
// for append or prepend (a JSON array; "length" gives its size) and the
// value itself for refresh. ok is false when there is no value: an empty
// dataset, a field the record does not have, or a widget binding (which a
// dataset cannot answer). A field holding "" or null is a value.
func (b Binding) Eval(src Source) (v gjson.Result, ok bool) {
	if b.Target != BindVariable || src == nil {
		return gjson.Result{}, false
	}
	segs, err := splitPath(b.Path)
	if err != nil {
		return gjson.Result{}, false
	}
	var base gjson.Result
	switch {
	case src.Strategy() == Refresh || b.Property == FirstRecord:
		rs := src.Records(0, 1)
		if len(rs) == 0 {
			return gjson.Result{}, false
		}
		base = rs[0].Get("")
	case b.Property == LastRecord:
		rs := src.Records(src.Len()-1, 1)
		if len(rs) == 0 { // shrank meanwhile: take the last of what is there
			all := src.Records(0, src.Len())
			if len(all) == 0 {
				return gjson.Result{}, false
			}
			rs = all[len(all)-1:]
		}
		base = rs[0].Get("")
	default: // dataSet of a list
		rs := src.Records(0, src.Len())
		if len(rs) == 0 {
			return gjson.Result{}, false
		}
		n := 2
		for _, r := range rs {
			n += len(r.JSON) + 1
		}
		doc := make([]byte, 0, n)
		doc = append(doc, '[')
		for i, r := range rs {
			if i > 0 {
				doc = append(doc, ',')
			}
			doc = append(doc, r.JSON...)
		}
		base = gjson.ParseBytes(append(doc, ']'))
	}
	v = base
	for _, seg := range segs {
		if seg == "length" && v.IsArray() {
			v = gjson.Result{Type: gjson.Number, Num: float64(len(v.Array())), Raw: strconv.Itoa(len(v.Array()))}
			continue
		}
		if !v.IsArray() && !v.IsObject() {
			return gjson.Result{}, false
		}
		v = v.Get(seg)
	}
	if !v.Exists() {
		return gjson.Result{}, false
	}
	return v, true
}

// Scope is what bindings read: the datasets of the page's variables and
// the values of its inputs. A nil func has nothing to give.
type Scope struct {
	Variable func(name string) Source                  // nil Source = no such variable
	Input    func(name string) (value string, ok bool) // ok false = no value yet
}

// Resolve reads the binding from sc: a variable binding from that
// variable's dataset (as Eval does), a widget binding from the input's value,
// as a JSON string. ok is false when there is no value: no such variable, an
// empty dataset, a missing field, an input without a value yet.
func (b Binding) Resolve(sc Scope) (v gjson.Result, ok bool) {
	switch b.Target {
	case BindVariable:
		if sc.Variable == nil {
			return gjson.Result{}, false
		}
		src := sc.Variable(b.Name)
		if src == nil {
			return gjson.Result{}, false
		}
		return b.Eval(src)
	case BindWidget:
		if sc.Input == nil {
			return gjson.Result{}, false
		}
		val, ok := sc.Input(b.Name)
		if !ok {
			return gjson.Result{}, false
		}
		return gjson.Result{Type: gjson.String, Str: val, Raw: jsonString(val)}, true
	}
	return gjson.Result{}, false
}

// jsonString writes s as a JSON string, as typed (no HTML escapes).
func jsonString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// GJSONPath is the binding's path as a gjson path ("items[0].price" →
// "items.0.price").
func (b Binding) GJSONPath() string {
	segs, _ := splitPath(b.Path)
	return strings.Join(segs, ".")
}

// splitPath splits a binding path into its steps: field names and array
// indexes, in order. Field names use letters, digits, _, $ and -, which
// gjson reads literally.
func splitPath(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	var segs []string
	i := 0
	for i < len(p) {
		switch {
		case p[i] == '[':
			j := strings.IndexByte(p[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("path %q: [ at %d is not closed", p, i)
			}
			idx := p[i+1 : i+j]
			if idx == "" || strings.Trim(idx, "0123456789") != "" {
				return nil, fmt.Errorf("path %q: index [%s] is not a whole number", p, idx)
			}
			segs = append(segs, idx)
			i += j + 1
			if i < len(p) && p[i] != '.' && p[i] != '[' {
				return nil, fmt.Errorf("path %q: %q after an index; want . or [", p, p[i])
			}
		case p[i] == '.':
			if i == 0 {
				return nil, fmt.Errorf("path %q starts with a dot", p)
			}
			if i == len(p)-1 {
				return nil, fmt.Errorf("path %q ends with a dot", p)
			}
			i++
			if p[i] == '[' || p[i] == '.' {
				return nil, fmt.Errorf("path %q: empty field name at %d", p, i)
			}
		default:
			j := i
			for j < len(p) && isFieldByte(p[j]) {
				j++
			}
			if j == i {
				return nil, fmt.Errorf("path %q: %q at %d is not allowed in a field name (letters, digits, _, $ and -)", p, p[i], i)
			}
			segs = append(segs, p[i:j])
			i = j
		}
	}
	return segs, nil
}

func isFieldByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c == '-'
}

func isIdentifier(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isFieldByte(s[i]) || s[i] == '-' {
			return false
		}
	}
	return true
}
