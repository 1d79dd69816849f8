package ui

import (
	"strings"

	"wsstudio/project"
)

// defaultWidgetFor picks sensible keys for a new widget from the response
// metadata: a time-like X key and the numeric fields for a chart, every
// plain field as a table column, text fields for a list's item.
func defaultWidgetFor(kind, name string, v *project.Variable, defs project.Definitions) *project.Widget {
	w := &project.Widget{Kind: kind, Name: name, Variable: v.Name}
	keys := recordKeys(defs.Fields(), "")
	if len(keys) == 0 {
		// a record with nested lists only: bind to the first list
		if arr := arrayPaths(defs.Fields()); len(arr) > 0 {
			w.BindPath = arr[0]
			keys = recordKeys(defs.Fields(), w.BindPath)
		}
	}
	switch kind {
	case project.KindChart:
		w.ChartType = "Line"
		for _, k := range keys {
			lk := strings.ToLower(k.Path)
			if w.XKey == "" && (lk == "time" || lk == "timestamp" || lk == "ts" || lk == "date") {
				w.XKey = k.Path
			}
		}
		for _, k := range numeric(keys) {
			if k.Path != w.XKey && len(w.YKeys) < 2 {
				w.YKeys = append(w.YKeys, k.Path)
			}
		}
	case project.KindTable:
		w.Columns = columnsFor(keys, nil, keyNames(keys))
	case project.KindList:
		for _, k := range keys {
			switch {
			case w.ItemTitle == "" && k.Type == "string":
				w.ItemTitle = k.Path
			case w.ItemSubtitle == "" && k.Path != w.ItemTitle:
				w.ItemSubtitle = k.Path
			}
		}
	}
	return w
}
