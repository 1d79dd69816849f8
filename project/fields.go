package project

// Fields flattens a definition tree for display: nested paths joined with
// ".", array items marked "[]" ("readings[].cm"). Objects and arrays are
// listed as nodes before their children. The first definition is the root.
func (d Definitions) Fields() []Field {
	if len(d) == 0 {
		return nil
	}
	var out []Field
	seen := map[string]bool{}
	d.walk(d[0], "", seen, &out)
	return out
}

// Definition returns the definition with that name, or nil.
func (d Definitions) Definition(name string) *Definition {
	for _, def := range d {
		if def.Name == name {
			return def
		}
	}
	return nil
}

func (d Definitions) walk(def *Definition, prefix string, seen map[string]bool, out *[]Field) {
	if def == nil || seen[def.Name] {
		return // a definition that refers to itself is listed once
	}
	seen[def.Name] = true
	defer delete(seen, def.Name)
	for i := range def.Properties {
		d.property(&def.Properties[i], prefix+def.Properties[i].Name, seen, out)
	}
}

func (d Definitions) property(p *Property, path string, seen map[string]bool, out *[]Field) {
	switch {
	case p.Ref != "":
		*out = append(*out, Field{Path: path, Type: "object"})
		d.walk(d.Definition(p.Ref), path+".", seen, out)
	case p.Type == "array":
		*out = append(*out, Field{Path: path, Type: "array"})
		if p.Items == nil {
			return
		}
		if p.Items.Ref != "" {
			d.walk(d.Definition(p.Items.Ref), path+"[].", seen, out)
			return
		}
		d.property(p.Items, path+"[]", seen, out)
	default:
		*out = append(*out, Field{Path: path, Type: p.Type, Format: p.Format})
	}
}
