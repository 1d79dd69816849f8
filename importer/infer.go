package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"wsstudio/project"
	"wsstudio/wire/frame"
)

// MaxDepth is the deepest nesting of objects and arrays a sample may have.
const MaxDepth = 1000

// TopLevelProperty is the property of the root definition that holds a
// sample whose top level is an array ("items") or a single value ("value").
const (
	TopLevelProperty = "items"
	TopLevelValue    = "value"
)

// Infer builds Swagger 2.0 definitions from a sample: root is "RootResponse"
// or "RootRequest". JSON follows DESIGN.md's rules; an XML sample gives
// string properties; anything else (text, an empty sample) gives a root
// definition with no properties. Only a sample nested deeper than MaxDepth
// is an error. Time and memory are linear in the sample's size.
func Infer(sample []byte, root string) (project.Definitions, error) {
	if root == "" {
		return nil, errors.New("infer: the root definition needs a name such as RootResponse")
	}
	trimmed := bytes.TrimSpace(sample)
	if len(trimmed) == 0 {
		return project.Definitions{{Name: root}}, nil
	}
	tree, err := scan(trimmed, false)
	if err != nil {
		var deep *depthError
		if errors.As(err, &deep) {
			return nil, err
		}
		// Not JSON: XML becomes JSON with string leaves, anything else has
		// no properties.
		kind, doc := frame.Classify(trimmed, false)
		if kind != frame.XML {
			return project.Definitions{{Name: root}}, nil
		}
		if tree, err = scan(doc, true); err != nil {
			return project.Definitions{{Name: root}}, nil
		}
	}
	return tree.definitions(root), nil
}

// depthError is a sample nested deeper than MaxDepth.
type depthError struct{ offset int }

func (e *depthError) Error() string {
	return fmt.Sprintf("The sample nests objects and arrays deeper than %d levels (at byte %d): flatten it or choose a smaller sample.", MaxDepth, e.offset)
}

// kind of an inferred value. Numbers are ordered so that widening is max().
type kind uint8

const (
	kNull kind = iota
	kInt32
	kInt64
	kDouble
	kBool
	kString
	kObject
	kArray
)

func isNumber(k kind) bool { return k >= kInt32 && k <= kDouble }

// node is the inferred shape of every value seen at one place of the sample;
// the items of an array share one node, so they merge.
type node struct {
	kind   kind
	keys   []string // object keys in first-seen order
	fields map[string]*node
	elem   *node // array items; nil while none was seen
}

// absorb merges a value of kind k into n. It reports false when n cannot
// hold the children of that value (the kinds disagree and n became string).
func (n *node) absorb(k kind) bool {
	switch {
	case k == kNull || n.kind == k:
	case n.kind == kNull:
		n.kind = k
		if k == kObject {
			n.fields = map[string]*node{}
		}
	case isNumber(n.kind) && isNumber(k):
		n.kind = max(n.kind, k)
	default:
		n.kind, n.keys, n.fields, n.elem = kString, nil, nil, nil
		return false
	}
	return true
}

func (n *node) field(key []byte) *node {
	if f := n.fields[string(key)]; f != nil {
		return f
	}
	k := string(key)
	f := &node{}
	n.fields[k] = f
	n.keys = append(n.keys, k)
	return f
}

// level is one open object or array while scanning. n is nil when the
// container's values are not recorded (its kind clashed with earlier items).
type level struct {
	n   *node
	obj bool
	key []byte // current key of an object
}

type syntaxError struct{ offset int }

func (e *syntaxError) Error() string { return fmt.Sprintf("not JSON (byte %d)", e.offset) }

// scan checks that data is one JSON value and infers its shape, without
// recursion: open containers live on an explicit stack bounded by MaxDepth.
// With allStrings every primitive value counts as a string (XML samples).
func scan(data []byte, allStrings bool) (*node, error) {
	root := &node{}
	stack := make([]level, 0, 16)
	i := skipWS(data, 0)
	bad := func(at int) (*node, error) { return nil, &syntaxError{at} }
	for {
		// A value is expected at data[i]; find where it goes.
		var target *node
		if len(stack) == 0 {
			target = root
		} else if top := &stack[len(stack)-1]; top.n != nil {
			if top.obj {
				target = top.n.field(top.key)
			} else {
				if top.n.elem == nil {
					top.n.elem = &node{}
				}
				target = top.n.elem
			}
		}
		if i >= len(data) {
			return bad(i)
		}
		switch c := data[i]; c {
		case '{', '[':
			if len(stack) >= MaxDepth {
				return nil, &depthError{i}
			}
			k := kArray
			if c == '{' {
				k = kObject
			}
			if target != nil && !target.absorb(k) {
				target = nil
			}
			stack = append(stack, level{n: target, obj: c == '{'})
			i = skipWS(data, i+1)
			if i < len(data) && (c == '{' && data[i] == '}' || c == '[' && data[i] == ']') {
				stack = stack[:len(stack)-1]
				i++
				break
			}
			if c == '{' {
				var ok bool
				if i, ok = scanKey(data, i, &stack[len(stack)-1]); !ok {
					return bad(i)
				}
			}
			continue
		case '"':
			end, ok := skipString(data, i)
			if !ok {
				return bad(i)
			}
			i = end
			if target != nil {
				target.absorb(kString)
			}
		case 't', 'f', 'n':
			lit, k := "null", kNull
			if c == 't' {
				lit, k = "true", kBool
			} else if c == 'f' {
				lit, k = "false", kBool
			}
			if !bytes.HasPrefix(data[i:], []byte(lit)) {
				return bad(i)
			}
			i += len(lit)
			if target != nil {
				if allStrings && k != kNull {
					k = kString
				}
				target.absorb(k)
			}
		default:
			end, k, ok := scanNumber(data, i)
			if !ok {
				return bad(i)
			}
			i = end
			if target != nil {
				if allStrings {
					k = kString
				}
				target.absorb(k)
			}
		}
		// After a value: a separator, the end of containers, or the end.
		for {
			i = skipWS(data, i)
			if len(stack) == 0 {
				if i != len(data) {
					return bad(i)
				}
				return root, nil
			}
			if i >= len(data) {
				return bad(i)
			}
			top := &stack[len(stack)-1]
			c := data[i]
			if c == ',' {
				i = skipWS(data, i+1)
				if top.obj {
					var ok bool
					if i, ok = scanKey(data, i, top); !ok {
						return bad(i)
					}
				}
				break
			}
			if top.obj && c == '}' || !top.obj && c == ']' {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			return bad(i)
		}
	}
}

// scanKey reads `"key" :` at data[i] into f.key and returns the position of
// the value.
func scanKey(data []byte, i int, f *level) (int, bool) {
	if i >= len(data) || data[i] != '"' {
		return i, false
	}
	end, ok := skipString(data, i)
	if !ok {
		return i, false
	}
	raw := data[i+1 : end-1]
	if bytes.IndexByte(raw, '\\') >= 0 {
		var s string
		if json.Unmarshal(data[i:end], &s) != nil {
			return i, false
		}
		raw = []byte(s)
	}
	f.key = raw
	i = skipWS(data, end)
	if i >= len(data) || data[i] != ':' {
		return i, false
	}
	return skipWS(data, i+1), true
}

func skipWS(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the position after the string starting at data[i].
func skipString(data []byte, i int) (int, bool) {
	i++
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			return i + 1, true
		case c == '\\':
			if i+1 >= len(data) {
				return i, false
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) || !isHex4(data[i+2:i+6]) {
					return i, false
				}
				i += 6
			default:
				return i, false
			}
		case c < 0x20:
			return i, false
		default:
			i++
		}
	}
	return i, false
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// scanNumber reads a JSON number at data[i] and classifies it: integers
// that fit in 32 bits, in 64 bits, and everything else (fractions,
// exponents, larger integers) as double.
func scanNumber(data []byte, i int) (int, kind, bool) {
	start := i
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && data[i] >= '1' && data[i] <= '9':
		i, _ = skipDigits(data, i)
	default:
		return i, 0, false
	}
	integer := true
	if i < len(data) && data[i] == '.' {
		integer = false
		var ok bool
		if i, ok = skipDigits(data, i+1); !ok {
			return i, 0, false
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		integer = false
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		var ok bool
		if i, ok = skipDigits(data, i); !ok {
			return i, 0, false
		}
	}
	if !integer {
		return i, kDouble, true
	}
	return i, intKind(data[start:i]), true
}

// intKind classifies an integer literal (optional '-', digits).
func intKind(lit []byte) kind {
	neg := lit[0] == '-'
	if neg {
		lit = lit[1:]
	}
	if len(lit) > 19 {
		return kDouble
	}
	var u uint64
	for _, c := range lit {
		u = u*10 + uint64(c-'0') // 19 digits cannot overflow uint64
	}
	switch {
	case !neg && u <= 1<<31-1, neg && u <= 1<<31:
		return kInt32
	case !neg && u <= 1<<63-1, neg && u <= 1<<63:
		return kInt64
	}
	return kDouble
}

// definitions turns the inferred tree into Swagger definitions, the root
// first and nested ones in the order they appear.
func (n *node) definitions(root string) project.Definitions {
	b := &defBuilder{used: map[string]bool{"RootRequest": true, "RootResponse": true, root: true}}
	def := &project.Definition{Name: root}
	b.defs = append(b.defs, def)
	switch n.kind {
	case kNull:
	case kObject:
		def.Properties = b.properties(n)
	case kArray:
		def.Properties = []project.Property{b.property(TopLevelProperty, n, root+"Item")}
	default:
		def.Properties = []project.Property{b.property(TopLevelValue, n, "")}
	}
	return b.defs
}

type defBuilder struct {
	defs project.Definitions
	used map[string]bool
	next map[string]int // next number to try per base name, keeping unique linear
}

func (b *defBuilder) properties(n *node) []project.Property {
	props := make([]project.Property, 0, len(n.keys))
	for _, k := range n.keys {
		props = append(props, b.property(k, n.fields[k], k))
	}
	return props
}

// property describes node n under key name; defName names the definition
// of an object (or of the objects of an array) found there.
func (b *defBuilder) property(name string, n *node, defName string) project.Property {
	p := project.Property{Name: name}
	switch n.kind {
	case kInt32:
		p.Type, p.Format = "integer", "int32"
	case kInt64:
		p.Type, p.Format = "integer", "int64"
	case kDouble:
		p.Type, p.Format = "number", "double"
	case kBool:
		p.Type = "boolean"
	case kObject:
		def := &project.Definition{Name: b.unique(defName)}
		b.defs = append(b.defs, def)
		def.Properties = b.properties(n)
		p.Ref = def.Name
	case kArray:
		p.Type = "array"
		items := project.Property{Type: "string"}
		if n.elem != nil {
			items = b.property("", n.elem, defName)
		}
		p.Items = &items
		p.IsList = items.Ref != ""
	default: // string, and null never typed by another value
		p.Type = "string"
	}
	return p
}

// unique turns a key into a definition name not used yet: characters other
// than letters, digits and _ become _, and a number is added on a clash.
func (b *defBuilder) unique(key string) string {
	name := SafeName(key)
	if name == "" {
		name = "Object"
	}
	candidate := name
	if b.used[candidate] {
		if b.next == nil {
			b.next = map[string]int{}
		}
		i := max(b.next[name], 2)
		for candidate = name + strconv.Itoa(i); b.used[candidate]; candidate = name + strconv.Itoa(i) {
			i++
		}
		b.next[name] = i + 1
	}
	b.used[candidate] = true
	return candidate
}

// SafeName turns a JSON key into a definition name: letters, digits and _
// only, not starting with a digit, at most 80 bytes.
func SafeName(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s) && len(out) < 80; i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
			out = append(out, c)
		case c >= '0' && c <= '9':
			if len(out) == 0 {
				out = append(out, '_')
			}
			out = append(out, c)
		default:
			if len(out) > 0 && out[len(out)-1] != '_' {
				out = append(out, '_')
			}
		}
	}
	return string(bytes.TrimRight(out, "_"))
}

// skipDigits returns the index after the run of digits at data[i:], and
// whether there was at least one digit.
func skipDigits(data []byte, i int) (int, bool) {
	d := i
	for i < len(data) && data[i] >= '0' && data[i] <= '9' {
		i++
	}
	return i, i > d
}
