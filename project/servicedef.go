package project

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
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

var (
	serviceDefID     = regexp.MustCompile(`(<service\b[^>]*?\sid\s*=\s*)("[^"]*"|'[^']*')`)
	serviceDefSpring = regexp.MustCompile(`(<service\b[^>]*?\sspringFile\s*=\s*)("[^"]*"|'[^']*')`)
)

// retagServiceDef returns servicedef.xml with the root element's id and
// springFile attributes set to id and spring; every other byte stays. The
// input comes back as it was when they already hold those values.
func retagServiceDef(data []byte, id, spring string) []byte {
	set := func(re *regexp.Regexp, data []byte, value string) []byte {
		loc := re.FindSubmatchIndex(data)
		if loc == nil {
			return data
		}
		q := data[loc[4]]
		var esc bytes.Buffer
		xml.EscapeText(&esc, []byte(value))
		old := data[loc[4]+1 : loc[5]-1]
		if cur, err := unescapeXMLAttr(old); err == nil && cur == value {
			return data
		}
		out := append([]byte{}, data[:loc[4]]...)
		out = append(out, q)
		out = append(out, esc.Bytes()...)
		out = append(out, q)
		return append(out, data[loc[5]:]...)
	}
	data = set(serviceDefID, data, id)
	return set(serviceDefSpring, data, spring)
}

func unescapeXMLAttr(b []byte) (string, error) {
	var s string
	err := xml.Unmarshal(append(append([]byte("<a>"), b...), "</a>"...), &s)
	return s, err
}
