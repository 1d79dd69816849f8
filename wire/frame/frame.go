// Package frame says what a received WebSocket message is — JSON, XML, text
// or binary — and gives its JSON form, the one that fields are read from.
//
// It is the single classification of a message: the variable's dataset, its
// console and the import's connection test and sample inference all use it.
// It knows nothing of sockets; it imports nothing of the module.
package frame

import (
	"encoding/base64"
	"encoding/json"

	"github.com/tidwall/gjson"
)

// Kind says what a received message was.
type Kind uint8

// Message kinds.
const (
	JSON Kind = iota
	XML
	Text
	Binary
)

func (k Kind) String() string {
	switch k {
	case JSON:
		return "JSON"
	case XML:
		return "XML"
	case Text:
		return "text"
	case Binary:
		return "binary"
	}
	return "unknown"
}

// Classify says what raw is and returns it as JSON: raw itself if it parses
// as JSON, else the converted document if it is XML, else a JSON string of
// the text; a binary frame is binary whatever it holds, read as a base64
// string. raw is not changed; the JSON form of a JSON message is raw itself.
func Classify(raw []byte, binary bool) (Kind, []byte) {
	switch {
	case binary:
		return Binary, quote(base64.StdEncoding.EncodeToString(raw))
	case gjson.ValidBytes(raw):
		return JSON, raw
	}
	if doc, ok := xmlToJSON(raw); ok {
		return XML, doc
	}
	return Text, quote(string(raw))
}

// KindOf is Classify's kind alone.
func KindOf(raw []byte, binary bool) Kind {
	k, _ := Classify(raw, binary)
	return k
}

// quote is s as a JSON string, the way encoding/json writes it.
func quote(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}
