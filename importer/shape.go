package importer

import (
	"strconv"

	"wsstudio/project"
)

// Kind is the type of the values seen at one place of a message. Numbers
// are ordered so that widening them is max().
type Kind uint8

// Kinds of a Shape.
const (
	KindNone   Kind = iota // nothing known yet: only null, or a schema that says nothing
	KindInt32              // integers that fit in 32 bits
	KindInt64              // larger integers
	KindDouble             // any other number
	KindBool
	KindString
	KindObject
	KindArray
	// KindMixed is values of several kinds that do not widen to one
	// another: a string property that may hold any value (its format is
	// project.FormatWidened).
	KindMixed
)

// IsNumber reports an integer or a double.
func (k Kind) IsNumber() bool { return k >= KindInt32 && k <= KindDouble }

// Shape is what is known about the values at one place of a message,
// inferred from a sample or read from a schema; Definitions turns a tree of
// them into the studio's metadata.
type Shape struct {
	Kind   Kind
	Format string   // of a string: "date-time", "uuid" …
	Title  string   // names the definition made for an object
	Keys   []string // an object's fields, in first-seen order
	Fields map[string]*Shape
	Elem   *Shape // array items; nil while none was seen
	// Recur is set on an object that is an enclosing one again (a schema
	// that contains itself): it refers to that one's definition.
	Recur *Shape
	// Example is a value for this place (a schema's default or example)
	// as JSON; inference leaves it empty.
	Example []byte

	def string // the definition made for this object
}

// AddField adds or replaces the field k of an object.
func (s *Shape) AddField(k string, f *Shape) {
	if s.Fields == nil {
		s.Fields = map[string]*Shape{}
	}
	if _, ok := s.Fields[k]; !ok {
		s.Keys = append(s.Keys, k)
	}
	s.Fields[k] = f
}

// DefinitionNames hands out the names of nested definitions, so that the
// definitions of one service never clash: a name is the object's key (or
// title) made safe, with a number added when it is taken.
type DefinitionNames struct {
	used map[string]bool
	next map[string]int // next number to try per base name, keeping Unique linear
}

// NewDefinitionNames returns names with taken (and RootRequest and
// RootResponse) already in use.
func NewDefinitionNames(taken ...string) *DefinitionNames {
	n := &DefinitionNames{used: map[string]bool{"RootRequest": true, "RootResponse": true}}
	for _, t := range taken {
		n.used[t] = true
	}
	return n
}

// Unique turns key into a definition name not used yet: characters other
// than letters, digits and _ become _, and a number is added on a clash.
// With request, a clash first tries the name with a "Request" suffix.
func (n *DefinitionNames) Unique(key string, request bool) string {
	name := SafeName(key)
	if name == "" {
		name = "Object"
	}
	if !n.used[name] {
		n.used[name] = true
		return name
	}
	base := name
	if request {
		base = name + "Request"
		if !n.used[base] {
			n.used[base] = true
			return base
		}
	}
	if n.next == nil {
		n.next = map[string]int{}
	}
	i := max(n.next[base], 2)
	candidate := base + strconv.Itoa(i)
	for n.used[candidate] {
		i++
		candidate = base + strconv.Itoa(i)
	}
	n.next[base] = i + 1
	n.used[candidate] = true
	return candidate
}

// Definitions turns the shape of a whole message into Swagger definitions:
// root first (an object's fields, or one property "items" for an array and
// "value" for anything else), then the nested objects' definitions in the
// order they appear. Names come from names; request says the definitions
// are a request's (see DefinitionNames.Unique). A nil s gives a root with
// no properties.
func (s *Shape) Definitions(root string, names *DefinitionNames, request bool) project.Definitions {
	b := &defBuilder{names: names, request: request}
	names.used[root] = true
	def := &project.Definition{Name: root}
	b.defs = append(b.defs, def)
	if s == nil {
		return b.defs
	}
	s.def = root
	switch s.Kind {
	case KindNone:
	case KindObject:
		def.Properties = b.properties(s)
	case KindArray:
		def.Properties = []project.Property{b.property(TopLevelProperty, s, root+"Item")}
	default:
		def.Properties = []project.Property{b.property(TopLevelValue, s, "")}
	}
	return b.defs
}

type defBuilder struct {
	defs    project.Definitions
	names   *DefinitionNames
	request bool
}

func (b *defBuilder) properties(s *Shape) []project.Property {
	props := make([]project.Property, 0, len(s.Keys))
	for _, k := range s.Keys {
		props = append(props, b.property(k, s.Fields[k], k))
	}
	return props
}

// property describes shape s under key name; defName names the definition
// of an object (or of the objects of an array) found there, unless the
// object has a title.
func (b *defBuilder) property(name string, s *Shape, defName string) project.Property {
	p := project.Property{Name: name}
	switch s.Kind {
	case KindInt32:
		p.Type, p.Format = "integer", "int32"
	case KindInt64:
		p.Type, p.Format = "integer", "int64"
	case KindDouble:
		p.Type, p.Format = "number", "double"
	case KindBool:
		p.Type = "boolean"
	case KindObject:
		if s.Recur != nil && s.Recur.def != "" {
			p.Ref = s.Recur.def
			break
		}
		if s.Title != "" {
			defName = s.Title
		}
		def := &project.Definition{Name: b.names.Unique(defName, b.request)}
		s.def = def.Name
		b.defs = append(b.defs, def)
		def.Properties = b.properties(s)
		p.Ref = def.Name
	case KindArray:
		p.Type = "array"
		items := project.Property{Type: "string"}
		if s.Elem != nil {
			items = b.property("", s.Elem, defName)
		}
		p.Items = &items
		p.IsList = items.Ref != ""
	case KindMixed:
		p.Type, p.Format = "string", project.FormatWidened
	default: // a string, and null never typed by another value
		p.Type, p.Format = "string", s.Format
	}
	return p
}
