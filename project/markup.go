package project

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	xhtml "golang.org/x/net/html"
)

// attr is one attribute of an element as read.
type attr struct{ key, val string }

// element is one studio-owned widget element in a page's markup.
type element struct {
	start, end int    // [start, end) of the whole element, start tag to end tag
	tagEnd     int    // end of the start tag
	closeStart int    // start of the end tag (== end for a self-closing tag)
	attrs      []attr // attributes of the start tag in order
	columns    [][2]int
	selfClose  bool
}

// pageState is a page's markup as read, for splicing.
type pageState struct {
	rel    string
	raw    []byte
	elems  []*element // owned elements in order: the slots of Page.Widgets
	insert int        // where new widgets go when there are no slots
}

// readMarkup finds the wm-chart, wm-table and wm-list elements bound to one
// of the WebSocket variables in owned (names visible on the page), and the
// page's wm-label, wm-text, wm-textarea and wm-button elements that are
// not part of another widget's template (a list's item label): those are
// the page's own, whatever they bind or call, so that a heading the studio
// wrote stays its own when the page is read again. It returns the page
// state and one widget per owned element.
func readMarkup(rel, page string, data []byte, owned map[string]bool) (*pageState, []*Widget, map[*Widget]*element, error) {
	st := &pageState{rel: rel, raw: data, insert: -1}
	z := xhtml.NewTokenizer(bytes.NewReader(data))
	z.SetMaxBuf(0)
	off := 0
	var widgets []*Widget
	origs := map[*Widget]*element{}
	var cur *element // owned element being read
	var curTag string
	depth := 0
	var colStart = -1
	var colDepth int
	lastClose := map[string]int{}
	var foreign []string // open elements of data widgets the studio does not own
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			if err := z.Err(); err != nil && err.Error() != "EOF" {
				line, _ := lineCol(data, off)
				return nil, nil, nil, fmt.Errorf("%s:%d: %v", rel, line, err)
			}
			break
		}
		raw := z.Raw()
		start := off
		off += len(raw)
		switch tt {
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if cur != nil {
				if tag == curTag && tt == xhtml.StartTagToken {
					depth++
				}
				if tag == "wm-table-column" && colStart < 0 {
					if tt == xhtml.SelfClosingTagToken {
						cur.columns = append(cur.columns, [2]int{start, off})
					} else {
						colStart, colDepth = start, depth
					}
				}
				continue
			}
			k := KindByElement(tag)
			if k == nil {
				continue
			}
			if len(foreign) > 0 {
				if tag == foreign[len(foreign)-1] && tt == xhtml.StartTagToken {
					foreign = append(foreign, tag)
				}
				continue
			}
			var attrs []attr
			for hasAttr {
				var key, val []byte
				key, val, hasAttr = z.TagAttr()
				attrs = append(attrs, attr{string(key), string(val)})
			}
			w := &Widget{Kind: k.Kind, Page: page}
			for _, a := range attrs {
				if p := propByAttr(k, a.key); p != nil {
					p.read(w, a.val)
				}
			}
			if IsInteractive(k.Kind) {
				if ValidIdentifier(w.Name) != nil {
					continue
				}
			} else if w.Variable == "" || !owned[w.Variable] || ValidIdentifier(w.Name) != nil {
				// foreign: not bound to a WebSocket variable; what is inside
				// it belongs to it
				if tt == xhtml.StartTagToken {
					foreign = append(foreign, tag)
				}
				continue
			}
			e := &element{start: start, tagEnd: off, attrs: attrs}
			widgets = append(widgets, w)
			origs[w] = e
			st.elems = append(st.elems, e)
			if tt == xhtml.SelfClosingTagToken {
				e.end, e.closeStart, e.selfClose = off, off, true
				continue
			}
			cur, curTag, depth = e, tag, 0
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			lastClose[tag] = start
			if n := len(foreign); n > 0 && tag == foreign[n-1] {
				foreign = foreign[:n-1]
			}
			if cur == nil {
				continue
			}
			if tag == "wm-table-column" && colStart >= 0 && depth == colDepth {
				cur.columns = append(cur.columns, [2]int{colStart, off})
				colStart = -1
			}
			if tag == curTag {
				if depth > 0 {
					depth--
					continue
				}
				cur.closeStart, cur.end = start, off
				cur = nil
				colStart = -1
			}
		}
	}
	if cur != nil { // never closed: the element runs to the end of the file
		cur.closeStart, cur.end = len(data), len(data)
	}
	for _, tag := range []string{"wm-page-content", "wm-content", "wm-page"} {
		if at, ok := lastClose[tag]; ok {
			st.insert = at
			break
		}
	}
	if st.insert < 0 {
		st.insert = len(data)
	}
	// Read the table columns.
	for _, w := range widgets {
		e := origs[w]
		for _, c := range e.columns {
			w.Columns = append(w.Columns, readColumn(data[c[0]:c[1]]))
		}
	}
	return st, widgets, origs, nil
}

func propByAttr(k *WidgetKind, key string) *WidgetProp {
	for i := range k.Props {
		if k.Props[i].Attr == key && key != "" {
			return &k.Props[i]
		}
	}
	return nil
}

func readColumn(raw []byte) Column {
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	z.Next()
	var c Column
	_, more := z.TagName()
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "binding":
			c.Binding = string(v)
		case "caption":
			c.Caption = string(v)
		case "type":
			c.Type = string(v)
		}
	}
	return c
}

// renderWidget writes w's element. orig (may be nil) is the element as read
// with its bytes in page: its attribute order and the attributes the studio
// does not know are kept, as is everything inside it but the table columns.
func renderWidget(w *Widget, orig *element, page []byte, indent string) []byte {
	k := KindByName(w.Kind)
	var b bytes.Buffer
	b.WriteString("<" + k.Element)
	writeAttr := func(key, val string) {
		// a quote inside "…" needs no escape: toDate:'hh:mm' stays legible
		b.WriteString(" " + key + `="` + strings.ReplaceAll(html.EscapeString(val), "&#39;", "'") + `"`)
	}
	done := map[string]bool{}
	value := func(p *WidgetProp) (string, bool) {
		v := p.write(w)
		return v, v != "" || p.Key == "name" || p.Key == "dataset"
	}
	if orig != nil {
		for _, a := range orig.attrs {
			p := propByAttr(k, a.key)
			if p == nil {
				writeAttr(a.key, a.val)
				continue
			}
			done[a.key] = true
			if v, ok := value(p); ok || a.val == "" {
				writeAttr(a.key, v) // an attribute that was there stays
			}
		}
	}
	for i := range k.Props {
		p := &k.Props[i]
		if p.Attr == "" || done[p.Attr] {
			continue
		}
		if v, ok := value(p); ok {
			writeAttr(p.Attr, v)
		}
	}
	if orig == nil {
		for _, x := range k.Extra {
			writeAttr(x[0], x[1])
		}
	}
	b.WriteByte('>')

	// Inside: the original content with the columns replaced.
	colIndent := indent + "    "
	var cols []string
	for _, c := range w.Columns {
		cols = append(cols, `<wm-table-column binding="`+html.EscapeString(c.Binding)+`" caption="`+
			html.EscapeString(c.Caption)+`" type="`+html.EscapeString(orString(c.Type))+`"></wm-table-column>`)
	}
	var inner []byte
	if orig != nil && !orig.selfClose {
		inner = page[orig.tagEnd:orig.closeStart]
		if len(orig.columns) > 0 {
			base := orig.tagEnd
			var nb []byte
			pos := 0
			for n, c := range orig.columns {
				s, e := c[0]-base, c[1]-base
				if n == 0 {
					nb = append(nb, inner[pos:s]...)
					nb = append(nb, strings.Join(cols, "\n"+lineIndent(page, c[0]))...)
				} else {
					nb = append(nb, inner[pos:trimBack(inner, s)]...)
				}
				pos = e
			}
			nb = append(nb, inner[pos:]...)
			inner = nb
			cols = nil
		}
	}
	if len(cols) > 0 {
		var nb []byte
		for _, c := range cols {
			nb = append(nb, '\n')
			nb = append(nb, colIndent...)
			nb = append(nb, c...)
		}
		if len(bytes.TrimSpace(inner)) == 0 {
			nb = append(nb, '\n')
			nb = append(nb, indent...)
		} else {
			nb = append(nb, inner...)
		}
		inner = nb
	}
	b.Write(inner)
	b.WriteString("</" + k.Element + ">")
	return b.Bytes()
}

// trimBack moves s back over the spaces, tabs and one newline before it.
func trimBack(b []byte, s int) int {
	for s > 0 && (b[s-1] == ' ' || b[s-1] == '\t') {
		s--
	}
	if s > 0 && b[s-1] == '\n' {
		s--
		if s > 0 && b[s-1] == '\r' {
			s--
		}
	}
	return s
}

// spliceMarkup rebuilds a page: slot i (the i-th owned element as read)
// becomes slots[i], or is removed with its line when that is nil; the
// elements before[i] are put on lines of their own just before a kept slot
// i; extra elements follow the last slot still in use (or go before the
// page content's end tag).
func spliceMarkup(st *pageState, slots [][]byte, before [][][]byte, extra [][]byte) []byte {
	data := st.raw
	var out []byte
	pos := 0
	lastKept := -1
	for i, e := range st.elems {
		if slots[i] != nil {
			out = append(out, data[pos:e.start]...)
			ind := lineIndent(data, e.start)
			for _, r := range before[i] {
				out = append(out, r...)
				out = append(out, '\n')
				out = append(out, ind...)
			}
			out = append(out, slots[i]...)
			lastKept = i
		} else {
			out = append(out, data[pos:trimBack(data, e.start)]...)
		}
		pos = e.end
	}
	if len(extra) > 0 {
		if lastKept >= 0 && lastKept == len(st.elems)-1 {
			last := st.elems[lastKept]
			ind := lineIndent(data, last.start)
			for _, r := range extra {
				out = append(out, '\n')
				out = append(out, ind...)
				out = append(out, r...)
			}
		} else {
			at := st.insert
			if at < pos {
				at = pos
			}
			out = append(out, data[pos:at]...)
			from := pos
			pos = at
			ind := lineIndent(data, at)
			lineStart := bytes.LastIndexByte(data[:at], '\n') + 1
			onOwnLine := len(bytes.TrimSpace(data[lineStart:at])) == 0
			if onOwnLine && lineStart >= from {
				// insert whole lines before the end tag's line
				out = out[:len(out)-(at-lineStart)]
				for _, r := range extra {
					out = append(out, ind+"    "...)
					out = append(out, r...)
					out = append(out, '\n')
				}
				out = append(out, data[lineStart:at]...)
			} else {
				for _, r := range extra {
					out = append(out, '\n')
					out = append(out, ind+"    "...)
					out = append(out, r...)
				}
				out = append(out, '\n')
			}
		}
	}
	return append(out, data[pos:]...)
}
