package frame

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"unicode/utf8"
)

// maxXMLDepth bounds element nesting; deeper documents are kept as text
// rather than risking the stack of whoever reads the converted JSON.
const maxXMLDepth = 512

// xnode is one element while a document is converted.
type xnode struct {
	name     string
	attrs    []xml.Attr
	text     []byte
	children []*xnode
}

// xmlToJSON turns an XML document into JSON. It reports false when raw is
// not a well-formed XML document with exactly one root element.
//
// The document becomes an object holding the root element under its name.
// An element becomes an object: attributes as "@name", child elements under
// their names (repeated children become an array, in document order), and
// its text as "#text". An element with neither attributes nor children is
// its text, a JSON string. Namespace prefixes are dropped; whitespace-only
// text between elements is ignored. Keys keep their first-seen order.
func xmlToJSON(raw []byte) ([]byte, bool) {
	trimmed := bytes.TrimLeft(raw, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '<' || !utf8.Valid(raw) {
		return nil, false
	}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	dec.Strict = true
	var (
		root  *xnode
		stack []*xnode
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil && len(stack) == 0 {
				return nil, false // a second root element
			}
			if len(stack) >= maxXMLDepth {
				return nil, false
			}
			n := &xnode{name: t.Name.Local}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue // namespace declarations are not data
				}
				n.attrs = append(n.attrs, a)
			}
			if len(stack) == 0 {
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) != 0 {
					return nil, false // text outside the root element
				}
				continue
			}
			top := stack[len(stack)-1]
			top.text = append(top.text, t...)
		}
	}
	if root == nil || len(stack) != 0 {
		return nil, false
	}
	out := make([]byte, 0, len(raw)+len(raw)/4)
	out = append(out, '{')
	out = AppendJSONString(out, root.name)
	out = append(out, ':')
	out = appendNode(out, root)
	out = append(out, '}')
	return out, true
}

// appendNode writes an element's value. Recursion is bounded by maxXMLDepth.
func appendNode(out []byte, n *xnode) []byte {
	text := n.text
	if len(n.children) > 0 {
		text = bytes.TrimSpace(text)
	}
	if len(n.attrs) == 0 && len(n.children) == 0 {
		return AppendJSONString(out, string(text))
	}
	out = append(out, '{')
	first := true
	comma := func() {
		if !first {
			out = append(out, ',')
		}
		first = false
	}
	for _, a := range n.attrs {
		comma()
		out = AppendJSONString(out, "@"+a.Name.Local)
		out = append(out, ':')
		out = AppendJSONString(out, a.Value)
	}
	// Group children by name, in first-seen order (linear in the children).
	var order []string
	groups := make(map[string][]*xnode, len(n.children))
	for _, c := range n.children {
		if _, seen := groups[c.name]; !seen {
			order = append(order, c.name)
		}
		groups[c.name] = append(groups[c.name], c)
	}
	for _, name := range order {
		g := groups[name]
		comma()
		out = AppendJSONString(out, name)
		out = append(out, ':')
		if len(g) == 1 {
			out = appendNode(out, g[0])
			continue
		}
		out = append(out, '[')
		for k, d := range g {
			if k > 0 {
				out = append(out, ',')
			}
			out = appendNode(out, d)
		}
		out = append(out, ']')
	}
	if len(text) > 0 {
		comma()
		out = AppendJSONString(out, "#text")
		out = append(out, ':')
		out = AppendJSONString(out, string(text))
	}
	return append(out, '}')
}
