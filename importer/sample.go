package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// SampleWarning words a sample that is not valid JSON — where it breaks,
// and that it will be kept as plain text — or returns "" for valid JSON and
// for an empty sample. The import wizard shows it under a sample's editor
// and the import command prints it, in the same words.
func SampleWarning(text string) string {
	s := strings.TrimSpace(text)
	if s == "" || json.Valid([]byte(s)) {
		return ""
	}
	var raw json.RawMessage
	err := json.Unmarshal([]byte(s), &raw) // only to learn where it breaks
	if err == nil {
		err = errors.New("not a single JSON value")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := max(0, min(len(s), int(se.Offset)-1))
		line := 1 + strings.Count(s[:off], "\n")
		col := off - strings.LastIndex(s[:off], "\n")
		return fmt.Sprintf("Not valid JSON (line %d, column %d: %s); it will be kept as plain text.", line, col, se.Error())
	}
	return fmt.Sprintf("Not valid JSON (%s); it will be kept as plain text.", err)
}
