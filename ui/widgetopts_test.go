package ui

import (
	"reflect"
	"testing"

	"wsstudio/project"
	"wsstudio/widgets"
)

// TestLiveProps: every property of a project widget reaches its live
// widget, in the widgets' own kinds and columns, and the live widget's
// copy does not change when the project's widget is edited afterwards.
func TestLiveProps(t *testing.T) {
	for _, tc := range []struct {
		name string
		w    *project.Widget
		want widgets.Props
	}{
		{"none", nil, widgets.Props{}},
		{"chart", &project.Widget{Kind: project.KindChart, Name: "c", Variable: "Quotes", BindPath: "bind:Variables.Quotes.dataSet",
			Title: "Prices", Height: 240, ChartType: "Stacked Area", XKey: "time", YKeys: []string{"price", "change"}, GroupBy: "symbol"},
			widgets.Props{Kind: widgets.KindChart, BindPath: "bind:Variables.Quotes.dataSet", Title: "Prices", Height: 240,
				ChartType: "Stacked Area", XKey: "time", YKeys: []string{"price", "change"}, GroupBy: "symbol"}},
		{"table", &project.Widget{Kind: project.KindTable, BindPath: "readings", Columns: []project.Column{
			{Binding: "symbol", Caption: "Symbol", Type: "string"}, {Binding: "time", Caption: "Time", Type: "time"}}},
			widgets.Props{Kind: widgets.KindTable, BindPath: "readings", Columns: []widgets.Column{
				{Binding: "symbol", Caption: "Symbol", Type: widgets.TypeString}, {Binding: "time", Caption: "Time", Type: widgets.TypeTime}}}},
		{"list", &project.Widget{Kind: project.KindList, Height: 200, ItemTitle: "sensor", ItemSubtitle: "cm", ItemDetail: "time",
			ItemTitleFormat: "", ItemSubtitleFormat: "2", ItemDetailFormat: "hh:mm:ss a"},
			widgets.Props{Kind: widgets.KindList, Height: 200, ItemTitle: "sensor", ItemSubtitle: "cm", ItemDetail: "time",
				ItemSubtitleFormat: "2", ItemDetailFormat: "hh:mm:ss a"}},
		{"label", &project.Widget{Kind: project.KindLabel, Variable: "HeartRate", Caption: "bind:Variables.HeartRate.lastRecord.time", Format: "hh:mm a"},
			widgets.Props{Kind: widgets.KindLabel, Caption: "bind:Variables.HeartRate.lastRecord.time", Format: "hh:mm a"}},
		{"text", &project.Widget{Kind: project.KindText, Placeholder: "Your name", DataValue: "Ada"},
			widgets.Props{Kind: widgets.KindText, Placeholder: "Your name", Value: "Ada"}},
		{"textarea", &project.Widget{Kind: project.KindTextarea, Placeholder: "Message"},
			widgets.Props{Kind: widgets.KindTextarea, Placeholder: "Message"}},
		{"button", &project.Widget{Kind: project.KindButton, Caption: "Send", Icon: "wi wi-send", OnClick: "Variables.Chatroom.send()"},
			widgets.Props{Kind: widgets.KindButton, Caption: "Send", Icon: "wi wi-send"}},
		{"unknown kind", &project.Widget{Kind: "gauge", Title: "G"}, widgets.Props{Kind: widgets.KindList, Title: "G"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := liveProps(tc.w)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("liveProps =\n %+v\nwant\n %+v", got, tc.want)
			}
			if tc.w == nil {
				return
			}
			if len(tc.w.YKeys) > 0 {
				tc.w.YKeys[0] = "edited"
			}
			if len(tc.w.Columns) > 0 {
				tc.w.Columns[0].Caption = "edited"
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("editing the project widget changed the live widget's props: %+v", got)
			}
		})
	}
}
