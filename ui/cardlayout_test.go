package ui

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// box is an object with a fixed minimum size.
func box(w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(nil)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

func TestRowsLayoutPacksCardsThatFitSideBySide(t *testing.T) {
	pad := theme.Padding()
	cases := []struct {
		name  string
		minW  []float32
		width float32
		want  [][]int
	}{
		{"chart and list share a row, the table gets its own", []float32{320, 240, 440}, 620, [][]int{{0, 1}, {2}}},
		{"narrow: one card per row", []float32{320, 240, 440}, 500, [][]int{{0}, {1}, {2}}},
		{"wide: all three in one row", []float32{320, 240, 440}, 1000 + 2*pad, [][]int{{0, 1, 2}}},
		{"page order is kept: the table does not jump ahead", []float32{320, 440, 240}, 620, [][]int{{0}, {1}, {2}}},
		{"a placeholder (no minimum) stands alone", []float32{0, 240, 240}, 1000, [][]int{{0}, {1, 2}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := &rowsLayout{minWidths: c.minW}
			objs := []fyne.CanvasObject{box(10, 100), box(10, 150), box(10, 120)}
			if got := l.rows(objs, c.width); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("rows at %.0f = %v, want %v", c.width, got, c.want)
			}
		})
	}
}

func TestRowsLayoutPlacesRowsAndReportsTheirHeight(t *testing.T) {
	pad := theme.Padding()
	l := &rowsLayout{minWidths: []float32{320, 240, 440}}
	widths := 0
	l.onWidth = func() { widths++ }
	objs := []fyne.CanvasObject{box(10, 100), box(10, 150), box(10, 120)}
	l.Layout(objs, fyne.NewSize(620, 150+pad+120))
	if widths != 1 {
		t.Fatalf("onWidth called %d times for the first width", widths)
	}
	// the first row takes the taller card's height; widths in proportion
	free := 620 - pad
	if objs[0].Position() != fyne.NewPos(0, 0) || objs[0].Size() != fyne.NewSize(free*320/560, 150) {
		t.Errorf("chart at %v size %v", objs[0].Position(), objs[0].Size())
	}
	if x := free*320/560 + pad; objs[1].Position() != fyne.NewPos(x, 0) || objs[1].Size() != fyne.NewSize(620-x, 150) {
		t.Errorf("list at %v size %v, want x %.1f", objs[1].Position(), objs[1].Size(), x)
	}
	if objs[2].Position() != fyne.NewPos(0, 150+pad) || objs[2].Size() != fyne.NewSize(620, 120) {
		t.Errorf("table at %v size %v", objs[2].Position(), objs[2].Size())
	}
	if got := l.MinSize(objs); got.Height != 150+pad+120 {
		t.Errorf("MinSize at 620 = %v, want height %.0f", got, 150+pad+120)
	}
	// a taller pane: the rows share the spare height by their own heights
	l.Layout(objs, fyne.NewSize(620, 150+pad+120+54))
	if widths != 1 {
		t.Errorf("onWidth called again for the same width")
	}
	if objs[0].Size().Height != 180 || objs[2].Position().Y != 180+pad || objs[2].Size().Height != 144 {
		t.Errorf("stretched rows: chart %v, table at %v size %v", objs[0].Size(), objs[2].Position(), objs[2].Size())
	}
	l.Layout(objs, fyne.NewSize(500, 500))
	if widths != 2 || l.MinSize(objs).Height != 100+150+120+2*pad {
		t.Errorf("after narrowing: %d width changes, MinSize %v", widths, l.MinSize(objs))
	}
}
