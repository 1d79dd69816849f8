package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"wsstudio/project"
)

// Widen returns defs (a RootResponse and the definitions it refers to)
// widened so that each of messages conforms: defs are turned back into a
// sample, and that sample and the messages are inferred together as the
// items of one array, so a field whose types disagree widens by Infer's
// rules (an integer and a fraction give a double, anything else a string
// that may hold any value, marked project.FormatWidened). The sample is
// written twice, with a string and a number where a field was widened
// already, so that it stays widened. defs are not changed. A message that
// is not JSON is an error naming it.
func Widen(defs project.Definitions, messages ...[]byte) (project.Definitions, error) {
	if len(defs) == 0 {
		return nil, errors.New("widen: there is no root definition to widen")
	}
	root := defs[0].Name
	byName := map[string]*project.Definition{}
	for _, d := range defs {
		byName[d.Name] = d
	}
	var buf bytes.Buffer
	buf.WriteByte('[')
	for _, number := range []bool{false, true} {
		if number {
			buf.WriteByte(',')
		}
		if err := writeSample(&buf, byName, defs[0], number, 0); err != nil {
			return nil, err
		}
	}
	for i, m := range messages {
		m = bytes.TrimSpace(m)
		if _, err := scan(m, false); err != nil {
			return nil, fmt.Errorf("widen %s with message %d: %w", root, i+1, err)
		}
		buf.WriteByte(',')
		buf.Write(m)
	}
	buf.WriteByte(']')
	inferred, err := Infer(buf.Bytes(), root)
	if err != nil {
		return nil, fmt.Errorf("widen %s: %w", root, err)
	}
	// inferred[0] holds the array; its items are the widened root.
	items := inferred[0].Properties[0].Items
	if items == nil || items.Ref == "" {
		return nil, fmt.Errorf("widen %s: the messages are not objects", root)
	}
	out := project.Definitions{}
	for _, d := range inferred[1:] {
		if d.Name == items.Ref {
			out = append(project.Definitions{{Name: root, Properties: d.Properties}}, out...)
			continue
		}
		out = append(out, d)
	}
	return out, nil
}

// writeSample writes a JSON value of definition d whose inferred shape is
// d again: 0 for int32, a number beyond int32 for int64, 0.5 for a double,
// and for a widened field "" or, with number, 0.
func writeSample(b *bytes.Buffer, byName map[string]*project.Definition, d *project.Definition, number bool, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("widen: the definition %s refers to itself", d.Name)
	}
	b.WriteByte('{')
	for i, p := range d.Properties {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(p.Name))
		b.WriteByte(':')
		if err := writeValue(b, byName, p, number, depth); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func writeValue(b *bytes.Buffer, byName map[string]*project.Definition, p project.Property, number bool, depth int) error {
	if p.Ref != "" {
		d := byName[p.Ref]
		if d == nil {
			return fmt.Errorf("widen: %q refers to the definition %s, which is missing", p.Name, p.Ref)
		}
		return writeSample(b, byName, d, number, depth+1)
	}
	switch p.Type {
	case "integer":
		if p.Format == "int64" {
			b.WriteString("4294967296")
		} else {
			b.WriteString("0")
		}
	case "number":
		b.WriteString("0.5")
	case "boolean":
		b.WriteString("false")
	case "string":
		if number && p.Format == project.FormatWidened {
			b.WriteString("0")
		} else {
			b.WriteString(`""`)
		}
	case "array":
		b.WriteByte('[')
		if p.Items != nil {
			if err := writeValue(b, byName, *p.Items, number, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	default:
		b.WriteString("null")
	}
	return nil
}
