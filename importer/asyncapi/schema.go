package asyncapi

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"wsstudio/importer"
	"wsstudio/project"
)

// kind of a schema value, ordered like the studio's inference so that
// widening numbers is max().
type kind uint8

const (
	kNone kind = iota // nothing known yet (an empty schema, null)
	kInt32
	kInt64
	kDouble
	kBool
	kString
	kObject
	kArray
)

func isNumber(k kind) bool { return k >= kInt32 && k <= kDouble }

// shape is what a schema says about one place of a message, after oneOf,
// anyOf and allOf were merged by the studio's widening rules.
type shape struct {
	kind   kind
	format string // of a string: "date-time", "uuid" …
	title  string // names the definition of an object
	keys   []string
	fields map[string]*shape
	elem   *shape // array items; nil when the schema does not say
	recur  *shape // a recursive schema: this object is that enclosing one again
	def    string // the definition made for this object
	sample []byte // the schema's default or example, as JSON
}

// merge widens a with b, as the studio does for array items that disagree:
// integers widen to int64 then double, objects take the union of their
// fields, and anything else that disagrees becomes a string.
func merge(a, b *shape) *shape {
	switch {
	case b == nil:
		return a
	case a == nil:
		return b
	}
	if a.sample == nil {
		a.sample = b.sample
	}
	if a.title == "" {
		a.title = b.title
	}
	switch {
	case b.kind == kNone:
	case a.kind == kNone:
		sample, title := a.sample, a.title
		*a = *b
		a.sample, a.title = sample, title
	case isNumber(a.kind) && isNumber(b.kind):
		a.kind = max(a.kind, b.kind)
	case a.kind != b.kind:
		*a = shape{kind: kString}
	case a.kind == kObject:
		if a.recur != nil || b.recur != nil {
			if a.recur == nil && len(a.keys) == 0 {
				a.recur = b.recur
			}
			break
		}
		for _, k := range b.keys {
			if f, ok := a.fields[k]; ok {
				a.fields[k] = merge(f, b.fields[k])
			} else {
				a.addField(k, b.fields[k])
			}
		}
	case a.kind == kArray:
		a.elem = merge(a.elem, b.elem)
	case a.kind == kString && a.format != b.format:
		a.format = ""
	}
	return a
}

func (s *shape) addField(k string, f *shape) {
	if s.fields == nil {
		s.fields = map[string]*shape{}
	}
	if _, ok := s.fields[k]; !ok {
		s.keys = append(s.keys, k)
	}
	s.fields[k] = f
}

// Schema keywords the studio cannot express in its metadata; each is listed
// in the import's warning.
var unsupportedKeywords = []string{"not", "if", "then", "else", "patternProperties", "dependentSchemas",
	"dependencies", "propertyNames", "contains", "unevaluatedProperties", "unevaluatedItems", "$dynamicRef"}

// schema converts a JSON Schema (or AsyncAPI Schema) into a shape. active
// holds the schemas being converted above this one, so that a schema that
// contains itself becomes a reference to its own definition.
func (d *Document) schema(l loc, path string, depth int, active map[*yaml.Node]*shape) (*shape, error) {
	l, err := d.r.deref(l)
	if err != nil {
		return nil, err
	}
	if !d.r.spend() {
		return nil, d.r.tooComplex()
	}
	n := l.n
	if n == nil || n.Kind != yaml.MappingNode {
		return &shape{}, nil // true, false, or nothing: any value
	}
	if s, ok := active[n]; ok {
		if s.kind == kObject {
			return &shape{kind: kObject, recur: s}, nil
		}
		return &shape{kind: kString}, nil
	}
	if depth > maxSchemaDepth {
		d.r.note("schemas nested deeper than %d levels (at %s)", maxSchemaDepth, path)
		return &shape{kind: kString}, nil
	}
	s := &shape{title: str(field(l, "title"))}
	active[n] = s
	defer delete(active, n)

	if v := firstValueNode(l); v != nil {
		if b, err := appendJSON(nil, v, 0, &d.r.work); err == nil {
			s.sample = b
		} else if d.r.work > maxWork {
			return nil, d.r.tooComplex()
		}
	}
	for _, k := range unsupportedKeywords {
		if get(n, k) != nil {
			d.r.note("%s at %s", k, path)
		}
	}

	var kinds []kind
	t := field(l, "type")
	if seq := items(t); len(seq) > 0 {
		for _, x := range seq {
			if k, ok := typeKind(str(x), l); ok {
				kinds = append(kinds, k)
			}
		}
	} else if k, ok := typeKind(str(t), l); ok {
		kinds = append(kinds, k)
	}
	if len(kinds) == 0 {
		switch {
		case get(n, "properties") != nil:
			kinds = append(kinds, kObject)
		case get(n, "items") != nil || get(n, "prefixItems") != nil:
			kinds = append(kinds, kArray)
		default:
			for _, v := range append(items(field(l, "enum")), field(l, "const")) {
				if k := valueKind(v.n); k != kNone {
					kinds = append(kinds, k)
				}
			}
		}
	}
	for _, k := range kinds {
		one := &shape{kind: k}
		switch k {
		case kString:
			one.format = str(field(l, "format"))
		case kObject:
			// With one type the fields go straight into s, so that a
			// recursive reference below sees an object.
			target := one
			if len(kinds) == 1 {
				s.kind = kObject
				target = s
			}
			props, err := d.r.deref(field(l, "properties"))
			if err != nil {
				return nil, err
			}
			for _, m := range members(props) {
				f, err := d.schema(m.val, path+"."+m.key, depth+1, active)
				if err != nil {
					return nil, err
				}
				target.addField(m.key, f)
			}
			if len(target.keys) == 0 {
				if ap := field(l, "additionalProperties"); isMap(ap) {
					d.r.note("objects with free keys (additionalProperties) at %s", path)
				}
			}
			if target == s {
				continue
			}
		case kArray:
			it := field(l, "items")
			var alts []loc
			if seq := items(it); len(seq) > 0 {
				alts = seq
			} else if it.ok() {
				alts = []loc{it}
			}
			alts = append(alts, items(field(l, "prefixItems"))...)
			for i, a := range alts {
				e, err := d.schema(a, path+"[]", depth+1, active)
				if err != nil {
					return nil, err
				}
				if i == 0 {
					one.elem = e
				} else {
					one.elem = merge(one.elem, e)
				}
			}
		}
		merge(s, one)
	}
	for _, key := range []string{"allOf", "oneOf", "anyOf"} {
		for i, a := range items(field(l, key)) {
			alt, err := d.schema(a, path+"."+key+"["+strconv.Itoa(i)+"]", depth+1, active)
			if err != nil {
				return nil, err
			}
			merge(s, alt)
		}
	}
	return s, nil
}

// typeKind maps a JSON Schema type; null and unknown types say nothing.
func typeKind(t string, l loc) (kind, bool) {
	switch t {
	case "integer":
		switch str(field(l, "format")) {
		case "int32":
			return kInt32, true
		case "int64":
			return kInt64, true
		}
		lo, okLo := number(field(l, "minimum"))
		hi, okHi := number(field(l, "maximum"))
		if okLo && okHi && lo >= -1<<31 && hi <= 1<<31-1 {
			return kInt32, true
		}
		return kInt64, true
	case "number":
		return kDouble, true
	case "boolean":
		return kBool, true
	case "string":
		return kString, true
	case "object":
		return kObject, true
	case "array":
		return kArray, true
	}
	return kNone, false
}

func number(l loc) (float64, bool) {
	f, err := strconv.ParseFloat(str(l), 64)
	return f, err == nil
}

// valueKind is the kind of an enum or const value.
func valueKind(n *yaml.Node) kind {
	n = alias(n)
	if n == nil {
		return kNone
	}
	switch n.Kind {
	case yaml.MappingNode:
		return kObject
	case yaml.SequenceNode:
		return kArray
	}
	switch n.ShortTag() {
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil && i >= -1<<31 && i <= 1<<31-1 {
			return kInt32
		}
		return kInt64
	case "!!float":
		return kDouble
	case "!!bool":
		return kBool
	case "!!null":
		return kNone
	}
	return kString
}

// firstValueNode is the node of a schema's default, first example, example
// or const.
func firstValueNode(l loc) *yaml.Node {
	if v := get(l.n, "default"); v != nil {
		return v
	}
	if e := items(field(l, "examples")); len(e) > 0 {
		return e[0].n
	}
	for _, k := range []string{"example", "const"} {
		if v := get(l.n, k); v != nil {
			return v
		}
	}
	if e := items(field(l, "enum")); len(e) > 0 {
		return e[0].n
	}
	return nil
}

// defBuilder turns shapes into the studio's definitions, named the way its
// inference names them: a nested object after its title or its key, made
// unique with a number.
type defBuilder struct {
	defs    project.Definitions
	used    map[string]bool
	request bool // request definitions that clash take a "Request" suffix first
}

func (b *defBuilder) build(s *shape, root string) project.Definitions {
	b.used[root] = true
	def := &project.Definition{Name: root}
	b.defs = append(b.defs, def)
	if s == nil {
		return b.defs
	}
	s.def = root
	switch s.kind {
	case kNone:
	case kObject:
		def.Properties = b.properties(s)
	case kArray:
		def.Properties = []project.Property{b.property(importer.TopLevelProperty, s, root+"Item")}
	default:
		def.Properties = []project.Property{b.property(importer.TopLevelValue, s, "")}
	}
	return b.defs
}

func (b *defBuilder) properties(s *shape) []project.Property {
	props := make([]project.Property, 0, len(s.keys))
	for _, k := range s.keys {
		props = append(props, b.property(k, s.fields[k], k))
	}
	return props
}

func (b *defBuilder) property(name string, s *shape, defName string) project.Property {
	p := project.Property{Name: name}
	switch s.kind {
	case kInt32:
		p.Type, p.Format = "integer", "int32"
	case kInt64:
		p.Type, p.Format = "integer", "int64"
	case kDouble:
		p.Type, p.Format = "number", "double"
	case kBool:
		p.Type = "boolean"
	case kObject:
		if s.recur != nil && s.recur.def != "" {
			p.Ref = s.recur.def
			break
		}
		if s.title != "" {
			defName = s.title
		}
		def := &project.Definition{Name: b.unique(defName)}
		s.def = def.Name
		b.defs = append(b.defs, def)
		def.Properties = b.properties(s)
		p.Ref = def.Name
	case kArray:
		p.Type = "array"
		items := project.Property{Type: "string"}
		if s.elem != nil {
			items = b.property("", s.elem, defName)
		}
		p.Items = &items
		p.IsList = items.Ref != ""
	case kString:
		p.Type, p.Format = "string", s.format
	default:
		p.Type = "string"
	}
	return p
}

func (b *defBuilder) unique(key string) string {
	name := importer.SafeName(key)
	if name == "" {
		name = "Object"
	}
	if !b.used[name] {
		b.used[name] = true
		return name
	}
	base := name
	if b.request {
		base = name + "Request"
		if !b.used[base] {
			b.used[base] = true
			return base
		}
	}
	for i := 2; ; i++ {
		c := base + strconv.Itoa(i)
		if !b.used[c] {
			b.used[c] = true
			return c
		}
	}
}

// generate makes a sample message from a shape: the schema's own defaults
// and examples where it has them, otherwise values the studio's inference
// reads back as the same types (1 for int32, 4294967296 for int64, 0.5 for
// a double).
func generate(b []byte, s *shape, depth int) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	if s.sample != nil && s.recur == nil {
		return append(b, s.sample...)
	}
	switch s.kind {
	case kInt32:
		return append(b, '1')
	case kInt64:
		return append(b, "4294967296"...)
	case kDouble:
		return append(b, "0.5"...)
	case kBool:
		return append(b, "true"...)
	case kObject:
		b = append(b, '{')
		if s.recur == nil && depth < maxSchemaDepth {
			for i, k := range s.keys {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendString(b, k)
				b = append(b, ':')
				b = generate(b, s.fields[k], depth+1)
			}
		}
		return append(b, '}')
	case kArray:
		if s.elem == nil || depth >= maxSchemaDepth || s.elem.recur != nil {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		b = generate(b, s.elem, depth+1)
		return append(b, ']')
	}
	return appendString(b, stringExample(s.format))
}

func stringExample(format string) string {
	switch format {
	case "date-time":
		return "2024-01-01T00:00:00Z"
	case "date":
		return "2024-01-01"
	case "time":
		return "00:00:00Z"
	case "uuid":
		return "00000000-0000-0000-0000-000000000000"
	case "email":
		return "user@example.com"
	case "uri", "url":
		return "https://example.com/"
	}
	return "string"
}
