package project

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// PropType is how the property panel edits a widget property.
type PropType string

// Property types.
const (
	PropText    PropType = "text"    // free text
	PropInt     PropType = "int"     // a whole number; "" or 0 = default
	PropChoice  PropType = "choice"  // one of Choices
	PropKeys    PropType = "keys"    // comma-separated field paths ("price,volume")
	PropColumns PropType = "columns" // table columns, see FormatColumns
	PropBinding PropType = "binding" // the dataset binding: "Quotes" or "Quotes.readings"
	PropFormat  PropType = "format"  // a display format: a date pattern ("hh:mm:ss a") or decimals ("2")
	PropCaption PropType = "caption" // literal text or a binding (bind:Variables.X.lastRecord.value)
	PropAction  PropType = "action"  // a button's on-click, see ParseOnClick
)

// WidgetProp describes one property of a widget kind: where it lives in the
// markup, how the property panel shows it, and how it is read from and
// written to a Widget. Values are strings in the form the panel shows.
type WidgetProp struct {
	Key     string   // stable key: "name", "dataset", "title", "height", "chartType", "x", "y", "columns", …
	Attr    string   // markup attribute; "" when the property is written as child elements
	Label   string   // label in the property panel
	Type    PropType //
	Choices []string // for PropChoice
	Default string   // value of a new widget
	Get     func(w *Widget) string
	Set     func(w *Widget, value string) error
	// Read and Write, when set, take the place of Set and Get for the
	// markup: the attribute may hold more than the panel edits (a label's
	// caption carries its format), and Read keeps what Set would refuse,
	// so that an element the studio did not write loses nothing.
	Read  func(w *Widget, attr string)
	Write func(w *Widget) string
}

// read sets the property from its markup attribute.
func (p *WidgetProp) read(w *Widget, v string) {
	if p.Read != nil {
		p.Read(w, v)
		return
	}
	p.Set(w, v) // a value the studio cannot use is left at its default
}

// write is the property's markup attribute value.
func (p *WidgetProp) write(w *Widget) string {
	if p.Write != nil {
		return p.Write(w)
	}
	return p.Get(w)
}

// WidgetKind describes one kind of widget once, for the property panel, the
// markup reader and writer, and inspect.
type WidgetKind struct {
	Kind    string       // KindChart, KindTable, KindList, KindLabel …
	Element string       // "wm-chart", "wm-table", "wm-list", "wm-label" …
	Label   string       // "Chart"
	Props   []WidgetProp // in the order attributes are written
	// Extra attributes written on a new element only (WaveMaker defaults).
	Extra [][2]string
}

// ChartTypes are the chart types the studio draws.
var ChartTypes = []string{"Line", "Area", "Bar", "Column", "Pie", "Donut", "Bubble"}

// ColumnTypes are the types a table column can have.
var ColumnTypes = []string{"long", "integer", "number", "string", "boolean", "time"}

// Prop returns the property with that key, or nil.
func (k *WidgetKind) Prop(key string) *WidgetProp {
	for i := range k.Props {
		if k.Props[i].Key == key {
			return &k.Props[i]
		}
	}
	return nil
}

var (
	propName = WidgetProp{Key: "name", Attr: "name", Label: "Name", Type: PropText,
		Get: func(w *Widget) string { return w.Name },
		Set: func(w *Widget, v string) error {
			if err := ValidIdentifier(v); err != nil {
				return fmt.Errorf("widget name: %w", err)
			}
			w.Name = v
			return nil
		}}
	propTitle = WidgetProp{Key: "title", Attr: "title", Label: "Title", Type: PropText,
		Get: func(w *Widget) string { return w.Title },
		Set: func(w *Widget, v string) error { w.Title = v; return nil }}
	propHeight = WidgetProp{Key: "height", Attr: "height", Label: "Height (px)", Type: PropInt,
		Get: func(w *Widget) string {
			if w.Height == 0 {
				return ""
			}
			return strconv.Itoa(w.Height)
		},
		Set: func(w *Widget, v string) error {
			v = strings.TrimSuffix(strings.TrimSpace(v), "px")
			if v == "" {
				w.Height = 0
				return nil
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("height %q is not a number of pixels", v)
			}
			w.Height = n
			return nil
		}}
	propDataset = WidgetProp{Key: "dataset", Attr: "dataset", Label: "Dataset", Type: PropBinding,
		Get: func(w *Widget) string { return DatasetBinding(w.Variable, w.BindPath) },
		Set: func(w *Widget, v string) error {
			name, path, ok := ParseDatasetBinding(v)
			if !ok {
				return fmt.Errorf("dataset %q is not a binding to a variable's dataSet", v)
			}
			w.Variable, w.BindPath = name, path
			return nil
		}}
)

func textProp(key, attr, label string, get func(*Widget) *string) WidgetProp {
	return WidgetProp{Key: key, Attr: attr, Label: label, Type: PropText,
		Get: func(w *Widget) string { return *get(w) },
		Set: func(w *Widget, v string) error { *get(w) = strings.TrimSpace(v); return nil }}
}

var widgetKinds = []*WidgetKind{
	{
		Kind: KindChart, Element: "wm-chart", Label: "Chart",
		Props: []WidgetProp{
			{Key: "chartType", Attr: "type", Label: "Chart type", Type: PropChoice, Choices: ChartTypes, Default: "Line",
				Get: func(w *Widget) string { return w.ChartType },
				Set: func(w *Widget, v string) error {
					for _, c := range ChartTypes {
						if strings.EqualFold(c, v) {
							w.ChartType = c
							return nil
						}
					}
					return fmt.Errorf("chart type %q is not one of %s", v, strings.Join(ChartTypes, ", "))
				}},
			propName, propTitle, propHeight, propDataset,
			textProp("x", "xaxisdatakey", "X axis field", func(w *Widget) *string { return &w.XKey }),
			{Key: "y", Attr: "yaxisdatakey", Label: "Y axis fields", Type: PropKeys,
				Get: func(w *Widget) string { return strings.Join(w.YKeys, ",") },
				Set: func(w *Widget, v string) error { w.YKeys = splitKeys(v); return nil }},
			// WaveMaker's groupby: one series per value of the field.
			textProp("groupBy", "groupby", "Group by field", func(w *Widget) *string { return &w.GroupBy }),
		},
	},
	{
		Kind: KindTable, Element: "wm-table", Label: "Table",
		Props: []WidgetProp{
			propName, propTitle, propHeight, propDataset,
			{Key: "columns", Label: "Columns", Type: PropColumns,
				Get: func(w *Widget) string { return FormatColumns(w.Columns) },
				Set: func(w *Widget, v string) error {
					cols, err := ParseColumns(v)
					if err == nil {
						w.Columns = cols
					}
					return err
				}},
		},
		Extra: [][2]string{{"navigation", "Basic"}},
	},
	{
		Kind: KindList, Element: "wm-list", Label: "List",
		Props: []WidgetProp{
			propName, propTitle, propHeight, propDataset,
			textProp("itemTitle", "itemtitle", "Item title field", func(w *Widget) *string { return &w.ItemTitle }),
			formatProp("itemTitleFormat", "itemtitleformat", "Title format", func(w *Widget) *string { return &w.ItemTitleFormat }),
			textProp("itemSubtitle", "itemsubtitle", "Item subtitle field", func(w *Widget) *string { return &w.ItemSubtitle }),
			formatProp("itemSubtitleFormat", "itemsubtitleformat", "Subtitle format", func(w *Widget) *string { return &w.ItemSubtitleFormat }),
			textProp("itemDetail", "itemdetail", "Item detail field", func(w *Widget) *string { return &w.ItemDetail }),
			formatProp("itemDetailFormat", "itemdetailformat", "Detail format", func(w *Widget) *string { return &w.ItemDetailFormat }),
		},
		Extra: [][2]string{{"navigation", "None"}},
	},
	{
		Kind: KindLabel, Element: "wm-label", Label: "Label",
		Props: []WidgetProp{propName,
			{Key: "caption", Attr: "caption", Label: "Caption", Type: PropCaption,
				Get: func(w *Widget) string { return w.Caption },
				Set: func(w *Widget, v string) error {
					// a WaveMaker filter typed with the caption is its format
					c, f := SplitCaption(strings.TrimSpace(v))
					if f != "" {
						w.Format = f
					}
					w.Caption = c
					w.Variable = CaptionVariable(w.Caption)
					return nil
				},
				Read: func(w *Widget, v string) {
					w.Caption, w.Format = SplitCaption(v)
					w.Variable = CaptionVariable(w.Caption)
				},
				Write: func(w *Widget) string { return JoinCaption(w.Caption, w.Format) }},
			// written inside the caption: caption="bind:… | toDate:'hh:mm:ss a'"
			{Key: "format", Label: "Format", Type: PropFormat,
				Get: func(w *Widget) string { return w.Format },
				Set: func(w *Widget, v string) error { w.Format = strings.TrimSpace(v); return nil }},
		},
		Extra: [][2]string{{"class", "p"}},
	},
	{
		Kind: KindText, Element: "wm-text", Label: "Text",
		Props: []WidgetProp{propName, propPlaceholder, propDataValue},
		Extra: [][2]string{{"type", "text"}},
	},
	{
		Kind: KindTextarea, Element: "wm-textarea", Label: "Textarea",
		Props: []WidgetProp{propName, propPlaceholder, propDataValue},
	},
	{
		Kind: KindButton, Element: "wm-button", Label: "Button",
		Props: []WidgetProp{propName,
			{Key: "caption", Attr: "caption", Label: "Caption", Type: PropText,
				Get: func(w *Widget) string { return w.Caption },
				Set: func(w *Widget, v string) error { w.Caption = v; return nil }},
			textProp("icon", "iconclass", "Icon class", func(w *Widget) *string { return &w.Icon }),
			{Key: "onClick", Attr: "on-click", Label: "On click", Type: PropAction,
				Get: func(w *Widget) string { return w.OnClick },
				Set: func(w *Widget, v string) error {
					v = strings.TrimSpace(v)
					oc, err := ParseOnClick(v)
					if err != nil {
						return err
					}
					w.OnClick, w.Variable = v, oc.Variable
					return nil
				},
				Read: func(w *Widget, v string) {
					w.OnClick = v
					oc, _ := ParseOnClick(v)
					w.Variable = oc.Variable
				}},
		},
		Extra: [][2]string{{"type", "button"}, {"class", "btn-primary"}},
	},
}

var (
	propPlaceholder = WidgetProp{Key: "placeholder", Attr: "placeholder", Label: "Placeholder", Type: PropText,
		Get: func(w *Widget) string { return w.Placeholder },
		Set: func(w *Widget, v string) error { w.Placeholder = v; return nil }}
	propDataValue = WidgetProp{Key: "datavalue", Attr: "datavalue", Label: "Default value", Type: PropText,
		Get: func(w *Widget) string { return w.DataValue },
		Set: func(w *Widget, v string) error { w.DataValue = v; return nil }}
)

func formatProp(key, attr, label string, get func(*Widget) *string) WidgetProp {
	p := textProp(key, attr, label, get)
	p.Type = PropFormat
	return p
}

// WidgetKinds lists the widget kinds: chart, table, list, label, text,
// textarea, button.
func WidgetKinds() []*WidgetKind { return widgetKinds }

// KindByName returns the kind description for KindChart, KindTable,
// KindList, KindLabel, KindText, KindTextarea or KindButton, or nil.
func KindByName(kind string) *WidgetKind {
	for _, k := range widgetKinds {
		if k.Kind == kind {
			return k
		}
	}
	return nil
}

// KindByElement returns the kind written as element (wm-chart …), or nil.
func KindByElement(element string) *WidgetKind {
	for _, k := range widgetKinds {
		if k.Element == element {
			return k
		}
	}
	return nil
}

// Value is the property of w as data rather than text: a number for
// PropInt, a list for PropKeys and PropColumns, the text otherwise. inspect
// prints widgets with it.
func (p WidgetProp) Value(w *Widget) any {
	s := p.Get(w)
	switch p.Type {
	case PropInt:
		n, _ := strconv.Atoi(s)
		return n
	case PropKeys:
		return append([]string{}, splitKeys(s)...)
	case PropColumns:
		cols, _ := ParseColumns(s)
		return append([]Column{}, cols...)
	}
	return s
}

func splitKeys(v string) []string {
	var out []string
	for _, k := range strings.Split(v, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// DatasetBinding is the dataset attribute of a widget showing variable's
// dataset, or the array at path inside it:
// "bind:Variables.Quotes.dataSet" or "bind:Variables.Quotes.dataSet.items".
func DatasetBinding(variable, path string) string {
	if variable == "" {
		return ""
	}
	s := "bind:Variables." + variable + ".dataSet"
	if path != "" {
		s += "." + path
	}
	return s
}

// ParseDatasetBinding reads a dataset attribute written by DatasetBinding.
func ParseDatasetBinding(s string) (variable, path string, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(s), "bind:Variables.")
	if !found {
		return "", "", false
	}
	variable, rest, found = strings.Cut(rest, ".")
	if !found || ValidIdentifier(variable) != nil {
		return "", "", false
	}
	if rest == "dataSet" {
		return variable, "", true
	}
	path, found = strings.CutPrefix(rest, "dataSet.")
	if !found || path == "" {
		return "", "", false
	}
	return variable, path, true
}

// FormatColumns writes columns as "binding:Caption:type" items separated
// by ", " — the text form the property panel edits.
func FormatColumns(cols []Column) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c.Binding + ":" + c.Caption + ":" + c.Type
	}
	return strings.Join(parts, ", ")
}

// ParseColumns reads the FormatColumns form; a missing caption is made from
// the binding and a missing type is "string".
func ParseColumns(s string) ([]Column, error) {
	var cols []Column
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		parts := strings.Split(item, ":")
		if len(parts) > 3 || strings.TrimSpace(parts[0]) == "" {
			return nil, fmt.Errorf("column %q is not binding:Caption:type", item)
		}
		c := Column{Binding: strings.TrimSpace(parts[0]), Type: "string"}
		if c.Caption = strings.TrimSpace(Caption(c.Binding)); c.Caption == "" {
			c.Caption = c.Binding // a binding with no words in it, such as "."
		}
		if len(parts) > 1 && strings.TrimSpace(parts[1]) != "" {
			c.Caption = strings.TrimSpace(parts[1])
		}
		if len(parts) > 2 && strings.TrimSpace(parts[2]) != "" {
			c.Type = strings.TrimSpace(parts[2])
			if !contains(ColumnTypes, c.Type) {
				return nil, fmt.Errorf("column %s: type %q is not one of %s", c.Binding, c.Type, strings.Join(ColumnTypes, ", "))
			}
		}
		cols = append(cols, c)
	}
	return cols, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Caption makes a column caption from a field path: "lastPrice" → "Last
// Price", "trade.volume_24h" → "Volume 24h".
func Caption(path string) string {
	if i := strings.LastIndexAny(path, ".]"); i >= 0 {
		path = path[i+1:]
	}
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = nil
		}
	}
	rs := []rune(path)
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == ' ':
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// ColumnType is the table column type of a definition property.
func ColumnType(p Property) string {
	switch {
	case p.Type == "integer" && p.Format == "int64":
		return "long"
	case p.Type == "integer":
		return "integer"
	case p.Type == "number":
		return "number"
	case p.Type == "boolean":
		return "boolean"
	}
	return "string"
}

// isTimeName reports whether a field name reads like a time stamp.
func isTimeName(name string) bool {
	l := strings.ToLower(name)
	switch l {
	case "time", "timestamp", "ts", "at", "t", "date":
		return true
	}
	return strings.HasSuffix(l, "time") || strings.HasSuffix(l, "timestamp") ||
		strings.HasSuffix(l, "_ts") || strings.HasSuffix(l, "_at") ||
		strings.HasSuffix(name, "At") || strings.HasSuffix(name, "Ts")
}

func isPrimitive(p Property) bool {
	return p.Ref == "" && (p.Type == "integer" || p.Type == "number" || p.Type == "string" || p.Type == "boolean")
}

func isNumeric(p Property) bool { return p.Ref == "" && (p.Type == "integer" || p.Type == "number") }

// DefaultWidget makes a new widget of kind named name showing variable v,
// with properties chosen from the response definitions: a chart plots the
// numeric fields against an int64 time-like field (else the record index),
// one series per value of a key field (symbol, id …) when the records have
// one; a table shows every top-level primitive field, a list uses the first
// string field as item title and the first numeric one as subtitle.
// DefaultWidgetFor also weighs the service's sample response.
func DefaultWidget(kind string, name string, v *Variable, defs Definitions) *Widget {
	return defaultWidget(kind, name, v, defs, "")
}

// DefaultWidgetFor is DefaultWidget for a variable of service svc: with a
// sample response, a chart plots together only the fields of one
// magnitude (the first numeric field's, within a factor of ten), so a
// price near 12 is not drawn flat under a volume near 30,000; the other
// numeric fields are left for the user to add.
func DefaultWidgetFor(kind string, name string, v *Variable, svc *Service) *Widget {
	if svc == nil {
		return DefaultWidget(kind, name, v, nil)
	}
	return defaultWidget(kind, name, v, svc.Response, svc.SampleResponse)
}

func defaultWidget(kind, name string, v *Variable, defs Definitions, sample string) *Widget {
	k := KindByName(kind)
	if k == nil {
		return nil
	}
	w := &Widget{Kind: kind, Name: name}
	if v != nil {
		w.Variable, w.Page = v.Name, v.Page
	}
	for _, p := range k.Props {
		if p.Default != "" {
			p.Set(w, p.Default)
		}
	}
	var props []Property
	if len(defs) > 0 {
		props = defs[0].Properties
	}
	switch kind {
	case KindChart:
		for _, p := range props {
			if p.Type == "integer" && p.Format == "int64" && isTimeName(p.Name) {
				w.XKey = p.Name
				break
			}
		}
		for _, p := range props {
			if isNumeric(p) && p.Name != w.XKey {
				w.YKeys = append(w.YKeys, p.Name)
			}
		}
		w.YKeys = oneMagnitude(w.YKeys, sampleNumbers(sample))
		if len(w.YKeys) > 0 {
			for _, p := range props {
				if p.Type == "string" && p.Ref == "" && isKeyName(p.Name) {
					w.GroupBy = p.Name
					break
				}
			}
		}
	case KindTable:
		for _, p := range props {
			if isPrimitive(p) {
				typ := ColumnType(p)
				if isNumeric(p) && isTimeName(p.Name) {
					typ = "time" // epoch milliseconds, shown as a time of day
				}
				w.Columns = append(w.Columns, Column{Binding: p.Name, Caption: Caption(p.Name), Type: typ})
			}
		}
	case KindList:
		for _, p := range props {
			if p.Type == "string" && p.Ref == "" && w.ItemTitle == "" {
				w.ItemTitle = p.Name
			}
			if isNumeric(p) && w.ItemSubtitle == "" {
				w.ItemSubtitle = p.Name
			}
		}
	case KindLabel:
		w.Caption = "Label"
		if v != nil {
			w.Caption = "bind:Variables." + v.Name + ".lastRecord"
			for _, p := range props {
				if isPrimitive(p) {
					w.Caption += "." + p.Name
					break
				}
			}
		} else {
			w.Variable = ""
		}
	case KindButton:
		w.Caption = "Button"
		if v != nil {
			w.Caption, w.OnClick = "Send", "Variables."+v.Name+".send()"
		}
	case KindText:
		w.Variable, w.Placeholder = "", "Enter text"
	case KindTextarea:
		w.Variable, w.Placeholder = "", "Type a message"
	}
	return w
}

// renameVariable makes a label's caption and a button's on-click that name
// variable old name variable new instead; Variable follows.
func (w *Widget) renameVariable(old, new string) {
	if w.Variable == old {
		w.Variable = new
	}
	switch w.Kind {
	case KindLabel:
		c := strings.TrimSpace(w.Caption)
		if CaptionVariable(c) == old {
			w.Caption = "bind:Variables." + new + strings.TrimPrefix(c, "bind:Variables."+old)
		}
	case KindButton:
		if oc, err := ParseOnClick(w.OnClick); err == nil && oc.Action == ActionVariable && oc.Variable == old {
			e := strings.TrimSpace(w.OnClick)
			w.OnClick = "Variables." + new + strings.TrimPrefix(e, "Variables."+old)
		}
	}
}

// InputBinding is the dataBinding value that reads input name's value.
func InputBinding(name string) string { return "bind:Widgets." + name + ".datavalue" }

// renameInputBindings makes the dataBinding values of the variables page
// can see that read input old read input new instead.
func (p *Project) renameInputBindings(page, old, new string) {
	for _, v := range p.Variables {
		if v.Owner == OwnerPage && v.Page != page {
			continue
		}
		for i := range v.DataBinding {
			if strings.TrimSpace(v.DataBinding[i].Value) == InputBinding(old) {
				v.DataBinding[i].Value = InputBinding(new)
			}
		}
	}
}

// IsInteractive reports whether widgets of kind are labels, inputs or
// buttons rather than views of a dataset: they need no variable.
func IsInteractive(kind string) bool {
	return kind == KindLabel || kind == KindButton || IsInput(kind)
}

// CaptionVariable is the variable a label's caption binds to
// ("bind:Variables.HeartRate.lastRecord.value" → "HeartRate"), or "".
func CaptionVariable(caption string) string {
	rest, ok := strings.CutPrefix(strings.TrimSpace(caption), "bind:Variables.")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, ".")
	if ValidIdentifier(name) != nil {
		return ""
	}
	return name
}

// SplitCaption reads a label's caption attribute: the caption and the
// display format a WaveMaker filter gives it. "bind:X | toDate:'hh:mm:ss
// a'" is "bind:X" with the format "hh:mm:ss a", "bind:X | toNumber:2" is
// "bind:X" with "2"; in the date pattern \' is a quote. A caption with
// any other filter, or none, is returned whole with no format.
func SplitCaption(attr string) (caption, format string) {
	if !strings.HasPrefix(strings.TrimSpace(attr), "bind:") {
		return attr, ""
	}
	// The filter is the whole rest after a "|": the first "|" after which
	// the rest reads as one filter is the one.
	for i := strings.IndexByte(attr, '|'); i >= 0; {
		head := strings.TrimSpace(attr[:i])
		if f, ok := captionFilter(strings.TrimSpace(attr[i+1:])); ok && head != "" {
			return head, f
		}
		j := strings.IndexByte(attr[i+1:], '|')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return attr, ""
}

// captionFilter reads "toNumber:2" or "toDate:'hh:mm:ss a'" as a format.
func captionFilter(filter string) (string, bool) {
	name, arg, ok := strings.Cut(filter, ":")
	if !ok {
		return "", false
	}
	arg = strings.TrimSpace(arg)
	switch strings.TrimSpace(name) {
	case "toNumber":
		return arg, isDecimals(arg)
	case "toDate":
		if len(arg) < 3 || arg[0] != '\'' || arg[len(arg)-1] != '\'' {
			return "", false
		}
		var b strings.Builder
		body := arg[1 : len(arg)-1]
		for j := 0; j < len(body); j++ {
			switch {
			case body[j] == '\\' && j+1 < len(body) && (body[j+1] == '\'' || body[j+1] == '\\'):
				j++
			case body[j] == '\'':
				return "", false // an unescaped quote ends the string early
			}
			b.WriteByte(body[j])
		}
		f := b.String()
		return f, f != "" && strings.TrimSpace(f) == f && !isDecimals(f)
	}
	return "", false
}

// isDecimals reports a number format: one or two digits.
func isDecimals(s string) bool {
	return s != "" && len(s) <= 2 && strings.Trim(s, "0123456789") == ""
}

// JoinCaption writes a caption with its format as SplitCaption reads it. A
// literal caption takes no format.
func JoinCaption(caption, format string) string {
	if format == "" || !strings.HasPrefix(caption, "bind:") {
		return caption
	}
	if isDecimals(format) {
		return caption + " | toNumber:" + format
	}
	r := strings.NewReplacer("\\", "\\\\", "'", "\\'")
	return caption + " | toDate:'" + r.Replace(format) + "'"
}

// Button actions of an on-click.
const (
	ActionNone     = ""
	ActionVariable = "variable" // Variables.<name>.<method>()
	ActionPage     = "page"     // Page.<fn>() or WaveMaker's fn($event, widget)
)

// OnClick is a parsed button on-click.
type OnClick struct {
	Action   string // ActionNone, ActionVariable or ActionPage
	Variable string // for ActionVariable
	Method   string // send, open, close or invoke
	Function string // for ActionPage
}

// VariableMethods are the methods an on-click may call on a variable.
var VariableMethods = []string{"send", "open", "close", "invoke"}

// String writes the on-click in its usual form.
func (o OnClick) String() string {
	switch o.Action {
	case ActionVariable:
		return "Variables." + o.Variable + "." + o.Method + "()"
	case ActionPage:
		return "Page." + o.Function + "()"
	}
	return ""
}

// ParseOnClick reads a button's on-click: empty (nothing happens),
// "Variables.<name>.send()" (also open, close, invoke), "Page.<fn>()", or
// the "<fn>($event, widget)" WaveMaker writes for a page function. The
// parentheses and a final ";" may be left out.
func ParseOnClick(s string) (OnClick, error) {
	fail := func(format string, a ...any) (OnClick, error) {
		return OnClick{}, fmt.Errorf("on-click %q: %s", s, fmt.Sprintf(format, a...))
	}
	e := strings.TrimSpace(s)
	e = strings.TrimSpace(strings.TrimSuffix(e, ";"))
	if e == "" {
		return OnClick{}, nil
	}
	call, args := e, ""
	if i := strings.IndexByte(e, '('); i >= 0 {
		if !strings.HasSuffix(e, ")") {
			return fail("the call's ( is not closed with a final )")
		}
		call, args = strings.TrimSpace(e[:i]), strings.TrimSpace(e[i+1:len(e)-1])
	}
	parts := strings.Split(call, ".")
	for _, p := range parts {
		if ValidIdentifier(p) != nil {
			return fail("%q is not a name (letters, digits and _)", p)
		}
	}
	switch {
	case len(parts) == 3 && parts[0] == "Variables":
		if !contains(VariableMethods, parts[2]) {
			return fail("a variable has no method %s; use %s", parts[2], strings.Join(VariableMethods, ", "))
		}
		if args != "" {
			return fail("%s() takes no arguments here; the variable sends its bound RequestBody", parts[2])
		}
		return OnClick{Action: ActionVariable, Variable: parts[1], Method: parts[2]}, nil
	case len(parts) == 2 && parts[0] == "Page":
		if args != "" && !wmHandlerArgs(args) {
			return fail("a page function is called with no arguments or ($event, widget)")
		}
		return OnClick{Action: ActionPage, Function: parts[1]}, nil
	case len(parts) == 1 && wmHandlerArgs(args):
		return OnClick{Action: ActionPage, Function: parts[0]}, nil
	}
	return fail("want Variables.<name>.send() (or open, close, invoke) or Page.<function>()")
}

// wmHandlerArgs reports WaveMaker's event handler arguments "$event, widget".
func wmHandlerArgs(args string) bool {
	a, b, ok := strings.Cut(args, ",")
	return ok && strings.TrimSpace(a) == "$event" && strings.TrimSpace(b) == "widget"
}

// isKeyName reports a field name that reads like what tells records of
// different series apart: a symbol, an id, a name, a device.
func isKeyName(name string) bool {
	l := strings.ToLower(name)
	switch l {
	case "symbol", "ticker", "pair", "market", "instrument", "id", "key", "name", "type", "kind",
		"category", "group", "series", "sensor", "device", "channel", "room", "source", "region", "host", "station":
		return true
	}
	return strings.HasSuffix(l, "symbol") || strings.HasSuffix(l, "_id") ||
		strings.HasSuffix(name, "Id") || strings.HasSuffix(name, "ID")
}

// sampleNumbers reads the top-level numbers of a sample response: of the
// object, or of the first object of a top-level array. Anything else gives
// none.
func sampleNumbers(sample string) map[string]float64 {
	sample = strings.TrimSpace(sample)
	if sample == "" {
		return nil
	}
	var rec map[string]json.RawMessage
	if err := json.Unmarshal([]byte(sample), &rec); err != nil {
		var list []map[string]json.RawMessage
		if json.Unmarshal([]byte(sample), &list) != nil || len(list) == 0 {
			return nil
		}
		rec = list[0]
	}
	out := map[string]float64{}
	for k, raw := range rec {
		var f float64
		if json.Unmarshal(raw, &f) == nil {
			out[k] = f
		}
	}
	return out
}

// oneMagnitude keeps the keys whose sample value is within a factor of
// ten of the first key's (zero matches anything). Without sample values
// every key is kept; a key the sample lacks goes with the others only
// when the sample has none of them.
func oneMagnitude(keys []string, sample map[string]float64) []string {
	if len(keys) < 2 || len(sample) == 0 {
		return keys
	}
	ref := math.NaN()
	for _, k := range keys {
		if v, ok := sample[k]; ok && v != 0 {
			ref = math.Log10(math.Abs(v))
			break
		}
	}
	if math.IsNaN(ref) {
		return keys
	}
	var out []string
	for _, k := range keys {
		v, ok := sample[k]
		if !ok {
			continue
		}
		if v == 0 || math.Abs(math.Log10(math.Abs(v))-ref) <= 1 {
			out = append(out, k)
		}
	}
	return out
}
