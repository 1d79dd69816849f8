package project

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// ParseProperties reads a Java .properties file with the full rules of
// java.util.Properties.load: logical lines joined by a trailing odd number
// of backslashes, leading white space of continuation lines dropped, "#" and
// "!" comments, "=", ":" or white space between key and value, the escapes
// \t \n \r \f \uXXXX, and a backslash before any other character standing
// for that character. Bytes are read as UTF-8 (invalid UTF-8 as Latin-1,
// which is what older tools wrote). A later key replaces an earlier one.
// name appears in errors, which give the line: "profiles/qa.properties:4: …".
//
// This is not magiconair/properties on purpose: it decodes a surrogate pair
// (\uD83D\uDE00) as two broken runes, fails on a backslash at the end of the
// file, and expands ${…} unless told not to — Java does none of these, and
// TestParseProperties holds the cases.
func ParseProperties(name string, data []byte) (map[string]string, error) {
	out := map[string]string{}
	if !utf8.Valid(data) {
		data = latin1ToUTF8(data)
	}
	s := strings.TrimPrefix(string(data), "\uFEFF")
	lineNo := 0
	for len(s) > 0 {
		// Read one logical line, remembering where it started.
		startLine := lineNo + 1
		var logical strings.Builder
		first := true
		for {
			lineNo++
			var line string
			i := strings.IndexAny(s, "\r\n")
			if i < 0 {
				line, s = s, ""
			} else {
				line = s[:i]
				if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
					i++
				}
				s = s[i+1:]
			}
			line = strings.TrimLeft(line, " \t\f")
			if first {
				if line == "" || line[0] == '#' || line[0] == '!' {
					startLine = lineNo + 1
					if len(s) == 0 {
						break
					}
					continue
				}
				first = false
			}
			// An odd number of trailing backslashes continues the line.
			n := 0
			for n < len(line) && line[len(line)-1-n] == '\\' {
				n++
			}
			if n%2 == 1 {
				logical.WriteString(line[:len(line)-1])
				if len(s) == 0 {
					break
				}
				continue
			}
			logical.WriteString(line)
			break
		}
		if first {
			continue
		}
		k, v, err := splitProperty(logical.String())
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, startLine, err)
		}
		out[k] = v
	}
	return out, nil
}

func latin1ToUTF8(b []byte) []byte {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return []byte(string(r))
}

// scanKey is where the key that starts at i in a logical line ends: at the
// first unescaped '=', ':' or white space.
func scanKey(line string, i int) int {
	for i < len(line) {
		c := line[i]
		if c == '\\' {
			i += 2
			continue
		}
		if c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f' {
			break
		}
		i++
	}
	if i > len(line) {
		i = len(line)
	}
	return i
}

// splitProperty splits a logical line into its unescaped key and value.
func splitProperty(line string) (key, value string, err error) {
	// The key ends at the first unescaped '=', ':' or white space.
	i := scanKey(line, 0)
	rawKey := line[:i]
	rest := strings.TrimLeft(line[i:], " \t\f")
	if len(rest) > 0 && (rest[0] == '=' || rest[0] == ':') {
		rest = strings.TrimLeft(rest[1:], " \t\f")
	}
	if key, err = unescapeProperty(rawKey); err != nil {
		return "", "", err
	}
	if value, err = unescapeProperty(rest); err != nil {
		return "", "", err
	}
	return key, value, nil
}

func unescapeProperty(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			break // a lone backslash at the end of the file
		}
		switch c = s[i]; c {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			if i+5 > len(s) {
				return "", fmt.Errorf("malformed \\uXXXX escape %q", s[i-1:])
			}
			var r rune
			for _, h := range []byte(s[i+1 : i+5]) {
				var d byte
				switch {
				case h >= '0' && h <= '9':
					d = h - '0'
				case h >= 'a' && h <= 'f':
					d = h - 'a' + 10
				case h >= 'A' && h <= 'F':
					d = h - 'A' + 10
				default:
					return "", fmt.Errorf("malformed \\uXXXX escape %q", s[i-1:i+5])
				}
				r = r<<4 | rune(d)
			}
			i += 4
			// A surrogate pair is two escapes.
			if r >= 0xD800 && r < 0xDC00 && strings.HasPrefix(s[i+1:], `\u`) {
				if lo, ok := hex4(s[i+3:]); ok && lo >= 0xDC00 && lo < 0xE000 {
					r = (r-0xD800)<<10 + (lo - 0xDC00) + 0x10000
					i += 6
				}
			}
			b.WriteRune(r)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, h := range []byte(s[:4]) {
		switch {
		case h >= '0' && h <= '9':
			r = r<<4 | rune(h-'0')
		case h >= 'a' && h <= 'f':
			r = r<<4 | rune(h-'a'+10)
		case h >= 'A' && h <= 'F':
			r = r<<4 | rune(h-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// FormatProperties writes values as a flat .properties file, one key=value
// per line, keys sorted. '\', ':', '=', '#', '!' and control characters are
// escaped, as are spaces in keys and a leading space in a value; characters
// outside ASCII are written as \uXXXX so that Java's ISO-8859-1 reader and
// ours agree.
func FormatProperties(values map[string]string) []byte {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	for _, k := range keys {
		escapeProperty(&b, k, true)
		b.WriteByte('=')
		escapeProperty(&b, values[k], false)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func escapeProperty(b *bytes.Buffer, s string, key bool) {
	for i, r := range s {
		switch r {
		case '\\', ':', '=', '#', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		case ' ':
			if key || i == 0 {
				b.WriteByte('\\')
			}
			b.WriteByte(' ')
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 || r > 0x7e {
				if r > 0xFFFF {
					r1, r2 := (r-0x10000)>>10+0xD800, (r-0x10000)&0x3FF+0xDC00
					fmt.Fprintf(b, `\u%04X\u%04X`, r1, r2)
				} else {
					fmt.Fprintf(b, `\u%04X`, r)
				}
				continue
			}
			b.WriteRune(r)
		}
	}
}

// xmlProperties is a Java XML properties file (.wmproject.properties) with
// the byte span of each entry's text, so that one value can be replaced
// without touching the rest of the file.
type xmlProperties struct {
	raw    []byte
	values map[string]string
	spans  map[string][2]int // key → [start, end) of the entry text
	end    int               // offset of "</properties>", -1 if missing
}

func parseXMLProperties(name string, data []byte) (*xmlProperties, error) {
	xp := &xmlProperties{raw: data, values: map[string]string{}, spans: map[string][2]int{}, end: -1}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	var key string
	inEntry := false
	start := 0
	var text strings.Builder
	for {
		before := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if se, ok := err.(*xml.SyntaxError); ok {
				return nil, fmt.Errorf("%s:%d: malformed XML: %s", name, se.Line, se.Msg)
			}
			return nil, fmt.Errorf("%s: malformed XML: %v", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "entry" {
				inEntry, key, start = true, "", int(d.InputOffset())
				text.Reset()
				for _, a := range t.Attr {
					if a.Name.Local == "key" {
						key = a.Value
					}
				}
			}
		case xml.CharData:
			if inEntry {
				text.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "entry" && inEntry {
				inEntry = false
				xp.values[key] = text.String()
				xp.spans[key] = [2]int{start, before}
			}
			if t.Name.Local == "properties" {
				xp.end = before
			}
		}
	}
	return xp, nil
}

// set returns the file with key's text replaced by value (or an entry added
// before </properties>).
func (xp *xmlProperties) set(key, value string) []byte {
	var esc bytes.Buffer
	xml.EscapeText(&esc, []byte(value))
	if sp, ok := xp.spans[key]; ok {
		out := append([]byte{}, xp.raw[:sp[0]]...)
		out = append(out, esc.Bytes()...)
		return append(out, xp.raw[sp[1]:]...)
	}
	var kesc bytes.Buffer
	xml.EscapeText(&kesc, []byte(key))
	entry := "<entry key=\"" + kesc.String() + "\">" + esc.String() + "</entry>\n"
	at := xp.end
	if at < 0 {
		at = len(xp.raw)
	}
	out := append([]byte{}, xp.raw[:at]...)
	out = append(out, entry...)
	return append(out, xp.raw[at:]...)
}

// checkXML returns an error naming the file and the line when data is not
// well-formed XML.
func checkXML(name string, data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if se, ok := err.(*xml.SyntaxError); ok {
				return fmt.Errorf("%s:%d: malformed XML: %s", name, se.Line, se.Msg)
			}
			return fmt.Errorf("%s: malformed XML: %v", name, err)
		}
	}
}

// propLine is one logical key line of a .properties file as read: its byte
// span (continuation lines and the line ending included), its key, and the
// bytes before its value (indentation, key and separator as written).
type propLine struct {
	start, end int
	key        string
	prefix     string
	ending     string // the line ending of its last physical line; "" at the end of the file
	keyStart   int    // the key as written: raw[keyStart:keyEnd]
	keyEnd     int
}

// propFile is a .properties file split into its key lines, so that one
// value can be replaced, a key removed or one appended without touching any
// other byte: comments, blank lines, order, escapes and continuation lines
// stay as the user wrote them.
type propFile struct {
	raw   []byte
	lines []propLine
	nl    string // the file's line ending
	sep   string // the separator most key lines use ("=", " = ", ":" …)
}

// parsePropLines splits data the way ParseProperties reads it.
func parsePropLines(data []byte) *propFile {
	pf := &propFile{raw: data, nl: "\n", sep: "="}
	if bytes.Contains(data, []byte("\r\n")) {
		pf.nl = "\r\n"
	}
	text := data
	latin1 := !utf8.Valid(text) // keys are read as ParseProperties reads them
	off := 0
	if bytes.HasPrefix(text, []byte("\uFEFF")) {
		off = 3
	}
	seps := map[string]int{}
	for off < len(text) {
		start := off
		var logical strings.Builder
		first := true
		var firstLine string
		ending := ""
		for {
			i := bytes.IndexAny(text[off:], "\r\n")
			var line string
			if i < 0 {
				line, off, ending = string(text[off:]), len(text), ""
			} else {
				line = string(text[off : off+i])
				j := off + i + 1
				if text[off+i] == '\r' && j < len(text) && text[j] == '\n' {
					j++
				}
				ending = string(text[off+i : j])
				off = j
			}
			trimmed := strings.TrimLeft(line, " \t\f")
			if first {
				if trimmed == "" || trimmed[0] == '#' || trimmed[0] == '!' {
					start = off
					if off >= len(text) {
						break
					}
					continue
				}
				first = false
				firstLine = line
			}
			n := 0
			for n < len(trimmed) && trimmed[len(trimmed)-1-n] == '\\' {
				n++
			}
			if n%2 == 1 {
				logical.WriteString(trimmed[:len(trimmed)-1])
				if off >= len(text) {
					break
				}
				continue
			}
			logical.WriteString(trimmed)
			break
		}
		if first {
			continue
		}
		ls := logical.String()
		if latin1 {
			ls = string(latin1ToUTF8([]byte(ls)))
		}
		key, _, err := splitProperty(ls)
		if err != nil {
			continue // ParseProperties reports it
		}
		prefix, sep, ks, ke := propPrefix(firstLine)
		seps[sep]++
		pf.lines = append(pf.lines, propLine{start: start, end: off, key: key, prefix: prefix, ending: ending, keyStart: start + ks, keyEnd: start + ke})
	}
	best := 0
	for s, n := range seps {
		if n > best || n == best && s < pf.sep {
			pf.sep, best = s, n
		}
	}
	return pf
}

// propPrefix is the part of a key line before its value, and the separator
// in it.
func propPrefix(line string) (prefix, sep string, keyStart, keyEnd int) {
	i := len(line) - len(strings.TrimLeft(line, " \t\f"))
	keyStart = i
	i = scanKey(line, i)
	keyEnd = i
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\f') {
		i++
	}
	if i < len(line) && (line[i] == '=' || line[i] == ':') {
		i++
		for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\f') {
			i++
		}
	}
	if i == len(line) && strings.HasSuffix(line, `\`) {
		// The value starts on a continuation line.
		return line[:keyEnd] + "=", "=", keyStart, keyEnd
	}
	sep = line[keyEnd:i]
	if sep == "" {
		sep = "="
		return line[:keyEnd] + sep, sep, keyStart, keyEnd
	}
	return line[:i], sep, keyStart, keyEnd
}

// edit returns the file with values applied, where old is what the file
// held: a changed value rewrites only the last line of its key (the one
// Java reads), a key missing from values loses all its lines, and new keys
// are appended after the last line, sorted so that the keys of one service
// stay together, in the file's separator style. renames (old key → new key,
// may be nil) renames a key in its own line when the file has the old key
// and not the new one. A file without a final line ending keeps none.
func (pf *propFile) edit(old, values map[string]string, renames map[string]string) []byte {
	last := map[string]int{}
	for i, l := range pf.lines {
		last[l.key] = i
	}
	replace := map[int]string{}
	drop := map[int]bool{}
	renamed := map[string]bool{}
	for i, l := range pf.lines {
		nv, keep := values[l.key]
		nk, isRename := renames[l.key]
		if _, has := last[nk]; !keep && isRename && !has && last[l.key] == i && !renamed[nk] {
			if v, ok := values[nk]; ok {
				renamed[nk] = true
				var kb, vb bytes.Buffer
				escapeProperty(&kb, nk, true)
				line := string(pf.raw[l.start:l.keyStart]) + kb.String() + string(pf.raw[l.keyEnd:l.end])
				if v != old[l.key] {
					escapeProperty(&vb, v, false)
					line = string(pf.raw[l.start:l.keyStart]) + kb.String() + l.prefix[l.keyEnd-l.start:] + vb.String() + l.ending
				}
				replace[i] = line
				continue
			}
		}
		switch {
		case !keep:
			drop[i] = true
		case last[l.key] == i && nv != old[l.key]:
			var b bytes.Buffer
			escapeProperty(&b, nv, false)
			replace[i] = l.prefix + b.String() + l.ending
		}
	}
	var added []string
	for k := range values {
		if _, ok := last[k]; !ok && !renamed[k] {
			added = append(added, k)
		}
	}
	if len(replace) == 0 && len(drop) == 0 && len(added) == 0 {
		return pf.raw
	}
	sort.Strings(added)
	var out bytes.Buffer
	prev := 0
	for i, l := range pf.lines {
		if !drop[i] && replace[i] == "" {
			continue
		}
		out.Write(pf.raw[prev:l.start])
		if !drop[i] {
			out.WriteString(replace[i])
		}
		prev = l.end
	}
	out.Write(pf.raw[prev:])
	finalNL := len(pf.raw) == 0 || bytes.HasSuffix(pf.raw, []byte("\n"))
	if !finalNL && len(added) == 0 {
		// A removed last line must not leave a line ending the file never had.
		b := bytes.TrimSuffix(out.Bytes(), []byte(pf.nl))
		return append([]byte(nil), b...)
	}
	if len(added) > 0 {
		b := out.Bytes()
		if len(b) > 0 && !bytes.HasSuffix(b, []byte("\n")) {
			out.WriteString(pf.nl)
		}
		if continues(out.Bytes()) {
			// The last line ends in a continuation backslash: a blank line
			// ends it, or it would swallow the first new key.
			out.WriteString(pf.nl)
		}
		for i, k := range added {
			escapeProperty(&out, k, true)
			out.WriteString(pf.sep)
			escapeProperty(&out, values[k], false)
			if finalNL || i < len(added)-1 {
				out.WriteString(pf.nl)
			}
		}
	}
	return out.Bytes()
}

// continues reports whether the last line of b (which ends with a line
// ending) is continued on the next: an odd number of trailing backslashes,
// on a line that is not a comment nor itself only a continuation's tail.
func continues(b []byte) bool {
	body := bytes.TrimSuffix(bytes.TrimSuffix(b, []byte("\n")), []byte("\r"))
	n := 0
	for n < len(body) && body[len(body)-1-n] == '\\' {
		n++
	}
	if n%2 == 0 {
		return false
	}
	// A comment line does not continue, unless it is itself the tail of a
	// continued line: ask the reader, which knows.
	before, err := ParseProperties("", b)
	if err != nil {
		return true
	}
	probe := append(append([]byte{}, b...), "wsstudio.probe=1"...)
	after, err := ParseProperties("", probe)
	if err != nil || after["wsstudio.probe"] != "1" {
		return true
	}
	delete(after, "wsstudio.probe")
	return !sameValues(before, after)
}
