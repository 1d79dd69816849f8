package asyncapi

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"wsstudio/importer"
	"wsstudio/project"
)

// shape is what a schema says about one place of a message, after oneOf,
// anyOf and allOf were merged by the studio's widening rules; its Example
// is the schema's default or example, as JSON.
type shape = importer.Shape

// merge widens a with b, as the studio does for array items that disagree:
// integers widen to int64 then double, objects take the union of their
// fields, and anything else that disagrees becomes a string that may hold
// any value (mixed).
func merge(a, b *shape) *shape {
	switch {
	case b == nil:
		return a
	case a == nil:
		return b
	}
	if a.Example == nil {
		a.Example = b.Example
	}
	if a.Title == "" {
		a.Title = b.Title
	}
	switch {
	case b.Kind == importer.KindNone:
	case a.Kind == importer.KindNone:
		example, title := a.Example, a.Title
		*a = *b
		a.Example, a.Title = example, title
	case a.Kind.IsNumber() && b.Kind.IsNumber():
		a.Kind = max(a.Kind, b.Kind)
	case a.Kind != b.Kind:
		*a = shape{Kind: importer.KindMixed}
	case a.Kind == importer.KindObject:
		if a.Recur != nil || b.Recur != nil {
			if a.Recur == nil && len(a.Keys) == 0 {
				a.Recur = b.Recur
			}
			break
		}
		for _, k := range b.Keys {
			if f, ok := a.Fields[k]; ok {
				a.Fields[k] = merge(f, b.Fields[k])
			} else {
				a.AddField(k, b.Fields[k])
			}
		}
	case a.Kind == importer.KindArray:
		a.Elem = merge(a.Elem, b.Elem)
	case a.Kind == importer.KindString && a.Format != b.Format:
		a.Format = ""
	}
	return a
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
		if s.Kind == importer.KindObject {
			return &shape{Kind: importer.KindObject, Recur: s}, nil
		}
		return &shape{Kind: importer.KindString}, nil
	}
	if depth > maxSchemaDepth {
		d.r.note("schemas nested deeper than %d levels (at %s)", maxSchemaDepth, path)
		return &shape{Kind: importer.KindString}, nil
	}
	s := &shape{Title: str(field(l, "title"))}
	active[n] = s
	defer delete(active, n)

	if v := firstValueNode(l); v != nil {
		if b, err := appendJSON(nil, v, 0, &d.r.work); err == nil {
			s.Example = b
		} else if d.r.work > maxWork {
			return nil, d.r.tooComplex()
		}
	}
	for _, k := range unsupportedKeywords {
		if get(n, k) != nil {
			d.r.note("%s at %s", k, path)
		}
	}

	var kinds []importer.Kind
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
			kinds = append(kinds, importer.KindObject)
		case get(n, "items") != nil || get(n, "prefixItems") != nil:
			kinds = append(kinds, importer.KindArray)
		case str(field(l, "format")) == project.FormatWidened:
			kinds = append(kinds, importer.KindMixed) // as the studio exports a widened field
		default:
			for _, v := range append(items(field(l, "enum")), field(l, "const")) {
				if k := valueKind(v.n); k != importer.KindNone {
					kinds = append(kinds, k)
				}
			}
		}
	}
	for _, k := range kinds {
		one := &shape{Kind: k}
		switch k {
		case importer.KindString:
			one.Format = str(field(l, "format"))
		case importer.KindObject:
			// With one type the fields go straight into s, so that a
			// recursive reference below sees an object.
			target := one
			if len(kinds) == 1 {
				s.Kind = importer.KindObject
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
				target.AddField(m.key, f)
			}
			if len(target.Keys) == 0 {
				if ap := field(l, "additionalProperties"); isMap(ap) {
					d.r.note("objects with free keys (additionalProperties) at %s", path)
				}
			}
			if target == s {
				continue
			}
		case importer.KindArray:
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
					one.Elem = e
				} else {
					one.Elem = merge(one.Elem, e)
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
func typeKind(t string, l loc) (importer.Kind, bool) {
	switch t {
	case "integer":
		switch str(field(l, "format")) {
		case "int32":
			return importer.KindInt32, true
		case "int64":
			return importer.KindInt64, true
		}
		lo, okLo := number(field(l, "minimum"))
		hi, okHi := number(field(l, "maximum"))
		if okLo && okHi && lo >= -1<<31 && hi <= 1<<31-1 {
			return importer.KindInt32, true
		}
		return importer.KindInt64, true
	case "number":
		return importer.KindDouble, true
	case "boolean":
		return importer.KindBool, true
	case "string":
		if str(field(l, "format")) == project.FormatWidened {
			return importer.KindMixed, true
		}
		return importer.KindString, true
	case "object":
		return importer.KindObject, true
	case "array":
		return importer.KindArray, true
	}
	return importer.KindNone, false
}

func number(l loc) (float64, bool) {
	f, err := strconv.ParseFloat(str(l), 64)
	return f, err == nil
}

// valueKind is the kind of an enum or const value.
func valueKind(n *yaml.Node) importer.Kind {
	n = alias(n)
	if n == nil {
		return importer.KindNone
	}
	switch n.Kind {
	case yaml.MappingNode:
		return importer.KindObject
	case yaml.SequenceNode:
		return importer.KindArray
	}
	switch n.ShortTag() {
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil && i >= -1<<31 && i <= 1<<31-1 {
			return importer.KindInt32
		}
		return importer.KindInt64
	case "!!float":
		return importer.KindDouble
	case "!!bool":
		return importer.KindBool
	case "!!null":
		return importer.KindNone
	}
	return importer.KindString
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

// generate makes a sample message from a shape: the schema's own defaults
// and examples where it has them, otherwise values the studio's inference
// reads back as the same types (1 for int32, 4294967296 for int64, 0.5 for
// a double).
func generate(b []byte, s *shape, depth int) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	if s.Example != nil && s.Recur == nil {
		return append(b, s.Example...)
	}
	switch s.Kind {
	case importer.KindInt32:
		return append(b, '1')
	case importer.KindInt64:
		return append(b, "4294967296"...)
	case importer.KindDouble:
		return append(b, "0.5"...)
	case importer.KindBool:
		return append(b, "true"...)
	case importer.KindObject:
		b = append(b, '{')
		if s.Recur == nil && depth < maxSchemaDepth {
			for i, k := range s.Keys {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendString(b, k)
				b = append(b, ':')
				b = generate(b, s.Fields[k], depth+1)
			}
		}
		return append(b, '}')
	case importer.KindArray:
		if s.Elem == nil || depth >= maxSchemaDepth || s.Elem.Recur != nil {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		b = generate(b, s.Elem, depth+1)
		return append(b, ']')
	}
	return appendString(b, stringExample(s.Format))
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
