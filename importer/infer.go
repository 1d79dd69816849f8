package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

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
// or "RootRequest". JSON follows WaveMaker's inference rules (a Shape per
// place of the sample, numbers widened by Kind, Shape.Definitions for the
// metadata); an XML sample gives string properties; anything else (text, an empty sample) gives a root
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
	return tree.Definitions(root, NewDefinitionNames(), false), nil
}

// depthError is a sample nested deeper than MaxDepth.
type depthError struct{ offset int }

func (e *depthError) Error() string {
	return fmt.Sprintf("The sample nests objects and arrays deeper than %d levels (at byte %d): flatten it or choose a smaller sample.", MaxDepth, e.offset)
}

// absorb merges a value of kind k into n. It reports false when n cannot
// hold the children of that value (the kinds disagree and n became mixed).
func (n *Shape) absorb(k Kind) bool {
	switch {
	case k == KindNone || n.Kind == k:
	case n.Kind == KindNone:
		n.Kind = k
		if k == KindObject {
			n.Fields = map[string]*Shape{}
		}
	case n.Kind.IsNumber() && k.IsNumber():
		n.Kind = max(n.Kind, k)
	default:
		n.Kind, n.Keys, n.Fields, n.Elem = KindMixed, nil, nil, nil
		return false
	}
	return true
}

func (n *Shape) field(key []byte) *Shape {
	if f := n.Fields[string(key)]; f != nil {
		return f
	}
	k := string(key)
	f := &Shape{}
	n.Fields[k] = f
	n.Keys = append(n.Keys, k)
	return f
}

// level is one open object or array while scanning. n is nil when the
// container's values are not recorded (its kind clashed with earlier items).
type level struct {
	n   *Shape
	obj bool
	key []byte // current key of an object
}

type syntaxError struct{ offset int }

func (e *syntaxError) Error() string { return fmt.Sprintf("not JSON (byte %d)", e.offset) }

// scan checks that data is one JSON value and infers its shape, without
// recursion: open containers live on an explicit stack bounded by MaxDepth.
// With allStrings every primitive value counts as a string (XML samples).
func scan(data []byte, allStrings bool) (*Shape, error) {
	root := &Shape{}
	stack := make([]level, 0, 16)
	i := skipWS(data, 0)
	bad := func(at int) (*Shape, error) { return nil, &syntaxError{at} }
	for {
		// A value is expected at data[i]; find where it goes.
		var target *Shape
		if len(stack) == 0 {
			target = root
		} else if top := &stack[len(stack)-1]; top.n != nil {
			if top.obj {
				target = top.n.field(top.key)
			} else {
				if top.n.Elem == nil {
					top.n.Elem = &Shape{}
				}
				target = top.n.Elem
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
			k := KindArray
			if c == '{' {
				k = KindObject
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
				target.absorb(KindString)
			}
		case 't', 'f', 'n':
			lit, k := "null", KindNone
			if c == 't' {
				lit, k = "true", KindBool
			} else if c == 'f' {
				lit, k = "false", KindBool
			}
			if !bytes.HasPrefix(data[i:], []byte(lit)) {
				return bad(i)
			}
			i += len(lit)
			if target != nil {
				if allStrings && k != KindNone {
					k = KindString
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
					k = KindString
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
func scanNumber(data []byte, i int) (int, Kind, bool) {
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
		return i, KindDouble, true
	}
	return i, intKind(data[start:i]), true
}

// intKind classifies an integer literal (optional '-', digits).
func intKind(lit []byte) Kind {
	neg := lit[0] == '-'
	if neg {
		lit = lit[1:]
	}
	if len(lit) > 19 {
		return KindDouble
	}
	var u uint64
	for _, c := range lit {
		u = u*10 + uint64(c-'0') // 19 digits cannot overflow uint64
	}
	switch {
	case !neg && u <= 1<<31-1, neg && u <= 1<<31:
		return KindInt32
	case !neg && u <= 1<<63-1, neg && u <= 1<<63:
		return KindInt64
	}
	return KindDouble
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
