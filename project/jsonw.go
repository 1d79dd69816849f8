package project

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// The studio writes JSON with its own small writer so that keys come out in
// the order WaveMaker uses (and properties in sample order), pretty-printed
// with two spaces, the same bytes on every save.

// obj is a JSON object with ordered members.
type obj []member

type member struct {
	k string
	v any // string, bool, int, int64, nil, obj, arr, []string, rawJSON
}

// arr is a JSON array.
type arr []any

// rawJSON is a value kept exactly as it was read.
type rawJSON []byte

func (o obj) add(k string, v any) obj { return append(o, member{k, v}) }

// encodeJSON renders v pretty-printed, each nested line prefixed with
// indent (the indentation of the line v starts on), no trailing newline.
func encodeJSON(v any, indent string) []byte {
	var b bytes.Buffer
	writeJSON(&b, v, indent)
	return b.Bytes()
}

// document renders v as a whole file, ending with a newline.
func document(v any) []byte {
	b := encodeJSON(v, "")
	return append(b, '\n')
}

func writeJSON(b *bytes.Buffer, v any, indent string) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		writeString(b, x)
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case rawJSON:
		b.Write(x)
	case []string:
		a := make(arr, len(x))
		for i, s := range x {
			a[i] = s
		}
		writeJSON(b, a, indent)
	case arr:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		in := indent + "  "
		for i, e := range x {
			b.WriteString(in)
			writeJSON(b, e, in)
			if i < len(x)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent)
		b.WriteByte(']')
	case obj:
		if len(x) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		in := indent + "  "
		for i, m := range x {
			b.WriteString(in)
			writeString(b, m.k)
			b.WriteString(": ")
			writeJSON(b, m.v, in)
			if i < len(x)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent)
		b.WriteByte('}')
	default:
		panic(fmt.Sprintf("project: cannot write %T as JSON", v))
	}
}

// writeString writes a JSON string without HTML escaping, so that "<" and
// "&" stay readable in the files.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // cannot fail for a string
	b.Truncate(b.Len() - 1)
}

// checkJSON returns an error naming the file and the line when data is not
// valid JSON.
func checkJSON(name string, data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v any
	err := json.Unmarshal(data, &v)
	if se, ok := err.(*json.SyntaxError); ok {
		line, col := lineCol(data, int(se.Offset))
		return fmt.Errorf("%s:%d:%d: malformed JSON: %s", name, line, col, se.Error())
	}
	if err == nil {
		return fmt.Errorf("%s: malformed JSON", name)
	}
	return fmt.Errorf("%s: malformed JSON: %v", name, err)
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// jsonMember is one member of a top-level JSON object with its byte span.
type jsonMember struct {
	key        string
	start, end int // [start, end): from the key's opening quote to the end of the value
	value      []byte
}

// jsonObject is a JSON object file split into its members, for splicing.
type jsonObject struct {
	raw     []byte
	open    int // offset just after "{"
	close   int // offset of the final "}"
	members []jsonMember
}

// parseObject splits valid JSON data holding an object into its members.
func parseObject(name string, data []byte) (*jsonObject, error) {
	if err := checkJSON(name, data); err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(data))
	tok, err := d.Token()
	if delim, ok := tok.(json.Delim); err != nil || !ok || delim != '{' {
		return nil, fmt.Errorf("%s: expected a JSON object", name)
	}
	o := &jsonObject{raw: data, open: int(d.InputOffset())}
	prev := o.open
	for d.More() {
		start := skipSep(data, prev)
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		end := int(d.InputOffset())
		o.members = append(o.members, jsonMember{key: key, start: start, end: end, value: data[end-len(raw) : end]})
		prev = end
	}
	if _, err := d.Token(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	o.close = int(d.InputOffset()) - 1
	return o, nil
}

// skipSep skips white space and one comma from off.
func skipSep(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
			continue
		}
		break
	}
	return off
}

// lineIndent is the white space at the start of the line holding off.
func lineIndent(data []byte, off int) string {
	ls := bytes.LastIndexByte(data[:off], '\n') + 1
	i := ls
	for i < off && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	return string(data[ls:i])
}
