package dataset

import (
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/tidwall/gjson"
)

// NewRecord classifies a received frame and builds its record: JSON if it
// parses, else XML turned into JSON, else text; binary frames are kept as
// bytes and read as a base64 string. Seq is left for the caller to set.
func NewRecord(raw []byte, binary bool, at time.Time) Record {
	r := Record{Time: at, Raw: raw}
	switch {
	case binary:
		r.Kind = KindBinary
		r.JSON = quote(base64.StdEncoding.EncodeToString(raw))
	case gjson.ValidBytes(raw):
		r.Kind = KindJSON
		r.JSON = raw
	default:
		if doc, ok := xmlToJSON(raw); ok {
			r.Kind = KindXML
			r.JSON = doc
		} else {
			r.Kind = KindText
			r.JSON = quote(string(raw))
		}
	}
	return r
}

func quote(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}
