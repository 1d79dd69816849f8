package ui

import (
	"wsstudio/project"
	"wsstudio/widgets"
)

// liveProps describes a page widget of the project to the live widget
// that shows it: the widgets know nothing of the project's file format,
// so its kinds, columns and properties are translated here, in one place.
func liveProps(w *project.Widget) widgets.Props {
	if w == nil {
		return widgets.Props{}
	}
	p := widgets.Props{
		Kind:         liveKind(w.Kind),
		BindPath:     w.BindPath,
		Title:        w.Title,
		Height:       float32(w.Height),
		ChartType:    w.ChartType,
		XKey:         w.XKey,
		YKeys:        append([]string(nil), w.YKeys...),
		GroupBy:      w.GroupBy,
		ItemTitle:    w.ItemTitle,
		ItemSubtitle: w.ItemSubtitle,
		ItemDetail:   w.ItemDetail,

		ItemTitleFormat:    w.ItemTitleFormat,
		ItemSubtitleFormat: w.ItemSubtitleFormat,
		ItemDetailFormat:   w.ItemDetailFormat,

		Caption:     w.Caption,
		Format:      w.Format,
		Icon:        w.Icon,
		Placeholder: w.Placeholder,
		Value:       w.DataValue,
	}
	for _, c := range w.Columns {
		p.Columns = append(p.Columns, widgets.Column{Binding: c.Binding, Caption: c.Caption, Type: c.Type})
	}
	return p
}

// liveKind is the live widget kind of a project widget kind; a kind the
// widgets do not draw gets a list, which shows any record.
func liveKind(k string) string {
	switch k {
	case project.KindChart:
		return widgets.KindChart
	case project.KindTable:
		return widgets.KindTable
	case project.KindLabel:
		return widgets.KindLabel
	case project.KindText:
		return widgets.KindText
	case project.KindTextarea:
		return widgets.KindTextarea
	case project.KindButton:
		return widgets.KindButton
	}
	return widgets.KindList
}
