package ui

// The module keeps magiconair/properties among its requirements for the
// project tools; nothing in the studio window imports it directly.
import _ "github.com/magiconair/properties"
