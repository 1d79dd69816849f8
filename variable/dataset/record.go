package dataset

import (
	"time"

	"wsstudio/wire/frame"
)

// NewRecord classifies a received frame and builds its record (see
// frame.Classify): JSON if it parses, else XML turned into JSON, else text;
// binary frames are kept as bytes and read as a base64 string. Seq is left
// for the caller to set.
func NewRecord(raw []byte, binary bool, at time.Time) Record {
	kind, doc := frame.Classify(raw, binary)
	return Record{Time: at, Raw: raw, Kind: kind, JSON: doc}
}
