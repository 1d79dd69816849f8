package project

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
)

// serviceDef is what an older project's designtime/servicedef.xml says
// about its service: <service id="…" type="WebSocketService"
// springFile="<id>.spring.xml" …>.
type serviceDef struct {
	ID, Type, SpringFile string
}

// parseServiceDef reads the attributes of the root <service> element of a
// servicedef.xml; name appears in errors.
func parseServiceDef(name string, data []byte) (serviceDef, error) {
	var def serviceDef
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return def, fmt.Errorf("%s: no <service> element", name)
		}
		if err != nil {
			if se, ok := err.(*xml.SyntaxError); ok {
				return def, fmt.Errorf("%s:%d: malformed XML: %s", name, se.Line, se.Msg)
			}
			return def, fmt.Errorf("%s: malformed XML: %v", name, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "service" {
			return def, fmt.Errorf("%s: the root element is <%s>, not <service>", name, se.Name.Local)
		}
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "id":
				def.ID = a.Value
			case "type":
				def.Type = a.Value
			case "springFile":
				def.SpringFile = a.Value
			}
		}
		// The rest of the document must be well formed too.
		if err := checkXML(name, data); err != nil {
			return def, err
		}
		return def, nil
	}
}

// retagServiceDef returns servicedef.xml with the root element's id and
// springFile attributes set to id and spring; every other byte stays. The
// input comes back as it was when they already hold those values.
func retagServiceDef(data []byte, id, spring string) []byte {
	data = setRootAttr(data, "id", id)
	return setRootAttr(data, "springFile", spring)
}

// setRootAttr sets one attribute of the <service> start tag in place.
func setRootAttr(data []byte, name, value string) []byte {
	spans := serviceAttrs(data)
	sp, ok := spans[name]
	if !ok {
		return data
	}
	if cur, err := unescapeXMLAttr(data[sp[0]:sp[1]]); err == nil && cur == value {
		return data
	}
	var esc bytes.Buffer
	xml.EscapeText(&esc, []byte(value))
	e := bytes.ReplaceAll(esc.Bytes(), []byte("'"), []byte("&#39;"))
	out := append([]byte{}, data[:sp[0]]...)
	out = append(out, e...)
	return append(out, data[sp[1]:]...)
}

// serviceAttrs finds the value span (inside the quotes) of each attribute
// of the first <service start tag.
func serviceAttrs(data []byte) map[string][2]int {
	out := map[string][2]int{}
	i := 0
	for {
		j := bytes.Index(data[i:], []byte("<service"))
		if j < 0 {
			return out
		}
		i += j + len("<service")
		if i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
			break
		}
	}
	space := func() {
		for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
			i++
		}
	}
	for {
		space()
		if i >= len(data) || data[i] == '>' || data[i] == '/' {
			return out
		}
		start := i
		for i < len(data) && data[i] != '=' && data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n' && data[i] != '>' {
			i++
		}
		name := string(data[start:i])
		space()
		if i >= len(data) || data[i] != '=' {
			return out
		}
		i++
		space()
		if i >= len(data) || data[i] != '"' && data[i] != '\'' {
			return out
		}
		q := data[i]
		i++
		vs := i
		k := bytes.IndexByte(data[i:], q)
		if k < 0 {
			return out
		}
		i += k
		if _, dup := out[name]; !dup {
			out[name] = [2]int{vs, i}
		}
		i++
	}
}

func unescapeXMLAttr(b []byte) (string, error) {
	var s string
	err := xml.Unmarshal(append(append([]byte("<a>"), b...), "</a>"...), &s)
	return s, err
}
