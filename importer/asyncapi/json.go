package asyncapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var errExampleTooBig = errors.New("an example is nested too deeply or is too large")

// maxSample is the largest sample an example is turned into.
const maxSample = 1 << 20

// appendJSON writes a YAML value as compact JSON in document order.
// Numbers keep the literal they were written with when it is valid JSON,
// so a price written 1.00 stays a double.
func appendJSON(b []byte, n *yaml.Node, depth int, work *int) ([]byte, error) {
	n = alias(n)
	*work++
	if n == nil || depth > maxJSONDepth || *work > maxWork || len(b) > maxSample {
		if n == nil {
			return append(b, "null"...), nil
		}
		return b, errExampleTooBig
	}
	var err error
	switch n.Kind {
	case yaml.MappingNode:
		b = append(b, '{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b = append(b, ',')
			}
			k := alias(n.Content[i])
			key := ""
			if k != nil {
				key = k.Value
			}
			b = appendString(b, key)
			b = append(b, ':')
			if b, err = appendJSON(b, n.Content[i+1], depth+1, work); err != nil {
				return b, err
			}
		}
		return append(b, '}'), nil
	case yaml.SequenceNode:
		b = append(b, '[')
		for i, c := range n.Content {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, c, depth+1, work); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case yaml.ScalarNode:
		return appendScalar(b, n), nil
	}
	return append(b, "null"...), nil
}

func appendScalar(b []byte, n *yaml.Node) []byte {
	v := n.Value
	switch n.ShortTag() {
	case "!!null":
		return append(b, "null"...)
	case "!!bool":
		if strings.EqualFold(v, "true") {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case "!!int":
		if isJSONNumber(v) {
			return append(b, v...)
		}
		if i, err := strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 0, 64); err == nil {
			return strconv.AppendInt(b, i, 10)
		}
		if f, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64); err == nil {
			return strconv.AppendFloat(b, f, 'g', -1, 64)
		}
	case "!!float":
		if isJSONNumber(v) {
			return append(b, v...)
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimPrefix(v, "+"), "_", ""), 64)
		if err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			s := strconv.FormatFloat(f, 'f', -1, 64)
			if !strings.ContainsAny(s, ".e") {
				s += ".0"
			}
			return append(b, s...)
		}
		if err != nil {
			break
		}
		return append(b, "null"...)
	}
	return appendString(b, v)
}

func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			return appendQuoted(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendQuoted escapes s as encoding/json does, without escaping HTML.
func appendQuoted(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return append(b, bytes.TrimRight(buf.Bytes(), "\n")...)
}

// isJSONNumber reports whether s is a number literal JSON accepts.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	return i == len(s)
}
