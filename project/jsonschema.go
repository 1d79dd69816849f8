package project

// Schema is the JSON Schema of a definition or of a property, as the
// metadata says it: a $ref to another definition, or a type with its
// format, properties (an object's, in definition order) or items (an
// array's). Properties are never required and other properties are always
// allowed, since services add fields over time.
type Schema struct {
	Ref        string // the $ref target, as SchemaOptions.Ref names it; the rest is empty then
	Type       string // "object", "array", "string", "integer", "number", "boolean", or "" for any value
	Title      string // a definition's name
	Format     string // "int32", "int64", "double" or ""
	Nullable   bool   // null is accepted too
	Properties []SchemaProperty
	Items      *Schema
}

// FormatWidened is the format of a string property whose values had
// several types: inference widens disagreeing types to string, and the
// format says that any value is expected there. WaveMaker reads the
// property as a plain string; its JSON Schema has no type.
const FormatWidened = "widened"

// SchemaProperty is one named property of an object schema.
type SchemaProperty struct {
	Name   string
	Schema Schema
}

// SchemaOptions say how a definition tree becomes JSON Schema.
type SchemaOptions struct {
	// Ref names the $ref target of a definition the tree holds
	// ("#/$defs/Quote"); a definition the tree does not hold becomes an
	// open object. Nil: definitions are written in place, each once on a
	// path (a definition that refers to itself becomes an open object
	// where it recurs).
	Ref func(name string) string
	// Nullable accepts null in place of any value: Swagger 2.0 cannot say
	// that a field may be null, and a sample's null is typed as a string.
	Nullable bool
}

// DefinitionSchema is the JSON Schema of one definition of the tree: an
// object titled with the definition's name.
func (d Definitions) DefinitionSchema(def *Definition, o SchemaOptions) Schema {
	return d.defSchema(def, o, map[string]bool{})
}

// PropertySchema is the JSON Schema of one property (or array items).
func (d Definitions) PropertySchema(p *Property, o SchemaOptions) Schema {
	return d.propSchema(p, o, map[string]bool{}, 0)
}

func (d Definitions) defSchema(def *Definition, o SchemaOptions, path map[string]bool) Schema {
	s := Schema{Type: "object", Title: def.Name, Nullable: o.Nullable}
	path[def.Name] = true
	defer delete(path, def.Name)
	s.Properties = make([]SchemaProperty, 0, len(def.Properties))
	for i := range def.Properties {
		p := &def.Properties[i]
		s.Properties = append(s.Properties, SchemaProperty{p.Name, d.propSchema(p, o, path, 0)})
	}
	return s
}

func (d Definitions) propSchema(p *Property, o SchemaOptions, path map[string]bool, depth int) Schema {
	if p.Ref != "" {
		def := d.Definition(p.Ref)
		switch {
		case def == nil:
		case o.Ref != nil:
			return Schema{Ref: o.Ref(p.Ref)}
		case !path[def.Name]:
			return d.defSchema(def, o, path)
		}
		return Schema{Type: "object", Nullable: o.Nullable}
	}
	typ := p.Type
	if typ == "" {
		typ = "string"
	}
	s := Schema{Type: typ, Format: p.Format, Nullable: o.Nullable}
	if typ == "string" && p.Format == FormatWidened {
		s.Type = ""
	}
	if typ == "array" {
		s.Items = &Schema{Type: "string", Nullable: o.Nullable}
		if p.Items != nil && depth < maxDepth {
			it := d.propSchema(p.Items, o, path, depth+1)
			s.Items = &it
		}
	}
	return s
}

// JSONSchema is the JSON Schema (draft 2020-12) of the definition named
// root and everything it refers to, as one self-contained document: root
// at the top, the others under $defs, null accepted anywhere. It is the
// form a JSON Schema library compiles; nil when the tree has no such
// definition.
func (d Definitions) JSONSchema(root string) map[string]any {
	def := d.Definition(root)
	if def == nil {
		return nil
	}
	o := SchemaOptions{Ref: func(name string) string { return "#/$defs/" + name }, Nullable: true}
	doc := d.DefinitionSchema(def, o).Map()
	doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	defs := map[string]any{}
	for _, other := range d {
		if other.Name != root {
			defs[other.Name] = d.DefinitionSchema(other, o).Map()
		}
	}
	if len(defs) > 0 {
		doc["$defs"] = defs
	}
	return doc
}

// Map is s as a JSON value: maps, slices and strings.
func (s Schema) Map() map[string]any {
	if s.Ref != "" {
		return map[string]any{"$ref": s.Ref}
	}
	m := map[string]any{}
	switch {
	case s.Type == "":
	case s.Nullable:
		m["type"] = []any{s.Type, "null"}
	default:
		m["type"] = s.Type
	}
	if s.Title != "" {
		m["title"] = s.Title
	}
	if s.Format != "" {
		m["format"] = s.Format
	}
	if s.Properties != nil {
		props := map[string]any{}
		for _, p := range s.Properties {
			props[p.Name] = p.Schema.Map()
		}
		m["properties"] = props
	}
	if s.Items != nil {
		m["items"] = s.Items.Map()
	}
	return m
}
