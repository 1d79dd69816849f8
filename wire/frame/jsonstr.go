package frame

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s, which must be valid UTF-8, as a JSON string
// the way JavaScript's JSON.stringify writes it: only ", \ and control
// characters are escaped (\b \f \n \r \t by name, the rest as \u00XX), and
// everything else — "<", "&", U+2028 — is written as it is, so that text
// reads as it was sent. (encoding/json differs: it escapes HTML characters
// and U+2028/U+2029, and replaces invalid UTF-8.)
func AppendJSONString(out []byte, s string) []byte {
	out = append(out, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		out = append(out, s[start:i]...)
		switch c {
		case '"', '\\':
			out = append(out, '\\', c)
		case '\b':
			out = append(out, '\\', 'b')
		case '\f':
			out = append(out, '\\', 'f')
		case '\n':
			out = append(out, '\\', 'n')
		case '\r':
			out = append(out, '\\', 'r')
		case '\t':
			out = append(out, '\\', 't')
		default:
			out = append(out, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	out = append(out, s[start:]...)
	return append(out, '"')
}
