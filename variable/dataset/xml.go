package dataset

// xmlToJSON turns an XML document into JSON. It reports false when raw is
// not a well-formed XML document.
func xmlToJSON(raw []byte) ([]byte, bool) {
	return nil, false // TODO: convert
}
