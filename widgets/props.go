package widgets

// The kinds of live widget New makes.
const (
	KindChart    = "chart"
	KindTable    = "table"
	KindList     = "list"
	KindLabel    = "label"
	KindText     = "text"     // a one-line text input
	KindTextarea = "textarea" // a text input of several lines
	KindButton   = "button"
)

// Props describe what a live widget shows, in the widgets' own terms: an
// application fills them from however it stores its widgets. The zero
// Props are a list of whole records.
type Props struct {
	Kind string // one of the Kind constants ("" = a list)
	// BindPath is a gjson path inside each record to the values shown
	// ("" = the record itself, "readings" = an array inside it); a
	// WaveMaker binding ("bind:Variables.X.dataSet.readings") is read
	// as its path inside the dataset.
	BindPath string
	Title    string
	Height   float32 // the widget's height in Fyne units; 0 = its default

	// chart
	ChartType string   // ChartLine … ChartBubble, or a WaveMaker name ("Stacked Area")
	XKey      string   // "" = the record's arrival order
	YKeys     []string // numeric fields; "" entries and "a, b" lists are split
	GroupBy   string   // one series per value of this field; "" = one per y key

	// table
	Columns []Column // "" = the top-level fields of the first record

	// list
	ItemTitle    string // path of an item's title
	ItemSubtitle string
	ItemDetail   string
	// display formats of the item fields (see ParsePattern): a date
	// pattern ("hh:mm:ss a") or a number of decimals ("2"); "" shows the
	// value as it is
	ItemTitleFormat    string
	ItemSubtitleFormat string
	ItemDetailFormat   string

	// label and button
	Caption string // literal text, or for a label a binding (see LabelOptions)
	Format  string // label: display format of a bound caption
	Icon    string // button: an iconclass ("wi wi-send"), see IconFor

	// text and textarea
	Placeholder string
	Value       string // the text an input starts with
}

// Column is a table column: the path of its value in a record, its
// heading and how its values are written.
type Column struct {
	Binding string
	Caption string
	// Type is the format, one of the Type constants: "string", "number",
	// "integer", "long", "boolean", "time" (epoch milliseconds or a
	// date-time string), or "" for the value as it comes.
	Type string
}
