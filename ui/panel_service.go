package ui

import (
	"fmt"
	"image/color"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
)

// servicePanel shows a service: endpoint and parts, parameters, headers,
// samples, the metadata tree and the generated files. Apart from its name,
// a service is changed through the import wizard, so the rest is read-only.
type servicePanel struct {
	s      *Studio
	svc    *project.Service
	name   *widget.Entry
	files  []string
	tree   *fileTree
	viewer *widget.Entry
	box    fyne.CanvasObject
}

// maxViewBytes bounds what the generated-files viewer shows.
const maxViewBytes = 256 << 10

func newServicePanel(s *Studio, svc *project.Service) *servicePanel {
	sp := &servicePanel{s: s, svc: svc}
	var parts []fyne.CanvasObject
	if !svc.IsWebSocket() {
		typ := svc.Type
		if typ == "" {
			typ = "unknown"
		}
		parts = append(parts, widget.NewForm(
			widget.NewFormItem("Service", readOnly(svc.ID)),
			widget.NewFormItem("Type", readOnly(typ)),
		), placeholder("This service is not a WebSocket service. The studio lists it and keeps its files as they are."))
	} else {
		if svc.TLS.InsecureSkipVerify {
			warn := widget.NewLabelWithStyle("Certificate verification is off for this service: any server can pretend to be it.",
				fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			warn.Importance = widget.DangerImportance
			warn.Wrapping = fyne.TextWrapWord
			parts = append(parts, warn)
		}
		sp.name = widget.NewEntry()
		sp.name.SetText(svc.ID)
		sp.name.OnSubmitted = func(string) { sp.rename() }
		parts = append(parts, widget.NewForm(
			widget.NewFormItem("Service", renameRow(sp.name, func() string { return svc.ID }, sp.rename)),
			widget.NewFormItem("Endpoint", readOnly(project.MaskURL(svc.Endpoint))),
			widget.NewFormItem("Scheme", readOnly(svc.Scheme)),
			widget.NewFormItem("Host", readOnly(svc.Host)),
			widget.NewFormItem("Base path", readOnly(orDash(svc.BasePath))),
			widget.NewFormItem("Relative path", readOnly(orDash(svc.RelativePath))),
			widget.NewFormItem("Operation", readOnly(svc.OperationID())),
			widget.NewFormItem("Subprotocols", readOnly(orDash(strings.Join(svc.Subprotocols, ", ")))),
		))
		parts = append(parts, section("Query parameters"), paramTable(svc.QueryParams))
		parts = append(parts, section("Path parameters"), paramTable(svc.PathParams))
		parts = append(parts, section("Headers"), paramTable(svc.Headers))
		parts = append(parts, section("Sample request"), codeView(svc.SampleRequest))
		parts = append(parts, section("Sample response"), codeView(svc.SampleResponse))
		parts = append(parts, section("Response metadata"), fieldTable(svc.Response.Fields()))
		if len(svc.Request) > 0 {
			parts = append(parts, section("Request metadata"), fieldTable(svc.Request.Fields()))
		}
	}
	parts = append(parts, section("Generated files"), sp.filesView())
	edit := widget.NewButtonWithIcon("Edit in the import wizard", theme.DocumentCreateIcon(), func() { s.showWizard(svc) })
	del := widget.NewButtonWithIcon("Delete service", theme.DeleteIcon(), func() { s.deleteService(svc) })
	del.Importance = widget.DangerImportance
	if !svc.IsWebSocket() {
		edit.Disable()
		del.Disable()
	}
	parts = append(parts, widget.NewSeparator(), container.NewHBox(edit, layoutSpacer(), del))
	sp.box = panelScroll("Service", parts...)
	return sp
}

func (sp *servicePanel) object() fyne.CanvasObject { return sp.box }

func (sp *servicePanel) rename() {
	id := strings.TrimSpace(sp.name.Text)
	if id == sp.svc.ID {
		return
	}
	if err := sp.s.RenameService(sp.svc, id); err != nil {
		sp.s.showError(err)
		sp.name.SetText(sp.svc.ID)
	}
}

// RenameService changes a service's id. The variables bound to it follow
// (their operation and type names are made from the id) and reconnect if
// they were running; the service's folder is renamed at the next Save.
func (s *Studio) RenameService(svc *project.Service, id string) error {
	old := svc.ID
	if err := s.proj.RenameService(old, id); err != nil {
		return fmt.Errorf("rename service %s: %w", old, err)
	}
	if old == svc.ID {
		return nil
	}
	if s.selected == svcNode(old) {
		s.selected = svcNode(svc.ID)
	}
	for _, v := range s.proj.Variables {
		if v.Service == svc.ID && s.runtime(v) != nil {
			s.restart(v)
		}
	}
	s.changedAs("Rename service "+old+" to "+id, true)
	s.showProps()
	s.tree.tree.Select(s.selected)
	return nil
}

// filesView is the service folder's file list with a read-only viewer.
func (sp *servicePanel) filesView() fyne.CanvasObject {
	files, err := sp.s.proj.ServiceFiles(sp.svc.ID)
	if err != nil || len(files) == 0 {
		msg := "Not saved yet: the files appear after Save."
		if err != nil && sp.s.proj.Dir != "" {
			msg = "Cannot list the files: " + err.Error()
		}
		return placeholder(msg)
	}
	sp.files = files
	sp.viewer = widget.NewMultiLineEntry()
	sp.viewer.TextStyle = fyne.TextStyle{Monospace: true}
	sp.viewer.Wrapping = fyne.TextWrapOff
	sp.viewer.SetMinRowsVisible(12)
	sp.viewer.Disable()
	sp.tree = newFileTree("services/"+sp.svc.ID+"/", files)
	tr := widget.NewTree(
		func(id widget.TreeNodeID) []widget.TreeNodeID { return sp.tree.children[id] },
		func(id widget.TreeNodeID) bool { return id == "" || sp.tree.dirs[id] },
		func(branch bool) fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(nil), nil, l)
		},
		func(id widget.TreeNodeID, branch bool, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(path.Base(id))
			icon := theme.FileTextIcon()
			if branch {
				icon = theme.FolderIcon()
			}
			c.Objects[1].(*widget.Icon).SetResource(icon)
		})
	for d := range sp.tree.dirs {
		tr.OpenBranch(d)
	}
	tr.OnSelected = func(id widget.TreeNodeID) {
		if i, ok := sp.tree.index[id]; ok {
			sp.view(i)
		}
	}
	sizer := canvas.NewRectangle(color.Transparent)
	sizer.SetMinSize(fyne.NewSize(200, 220))
	return container.NewBorder(container.NewStack(sizer, tr), nil, nil, nil, sp.viewer)
}

// fileTree is a service's folder as a tree: ids are paths inside the
// service folder ("designtime/service-info.json"), "" is the root.
type fileTree struct {
	children map[string][]string
	dirs     map[string]bool
	index    map[string]int // file id → index in the file list
}

func newFileTree(prefix string, files []string) *fileTree {
	t := &fileTree{children: map[string][]string{}, dirs: map[string]bool{}, index: map[string]int{}}
	for i, f := range files {
		rel := strings.TrimPrefix(f, prefix)
		t.index[rel] = i
		child := rel
		for {
			parent := path.Dir(child)
			if parent == "." {
				parent = ""
			}
			linked := t.dirs[parent] // a known folder is already under its parent
			if !contains(t.children[parent], child) {
				t.children[parent] = append(t.children[parent], child)
			}
			if parent == "" || linked {
				break
			}
			t.dirs[parent] = true
			child = parent
		}
	}
	for k := range t.children {
		sort.Strings(t.children[k])
	}
	return t
}

// view shows file i of the service in the viewer.
func (sp *servicePanel) view(i int) {
	if i < 0 || i >= len(sp.files) {
		return
	}
	path := filepath.Join(sp.s.proj.Dir, filepath.FromSlash(sp.files[i]))
	b, err := os.ReadFile(path)
	text := string(b)
	switch {
	case err != nil:
		text = "Cannot read " + sp.files[i] + ": " + err.Error()
	case len(b) > maxViewBytes:
		text = string(b[:maxViewBytes]) + "\n… (" + strconv.Itoa(len(b)) + " bytes; the rest is not shown)"
	case !utf8.Valid(b):
		text = "(" + strconv.Itoa(len(b)) + " bytes of binary data)"
	}
	sp.viewer.SetText(text)
}

// paramTable lists parameters, secret values masked.
func paramTable(ps []project.Param) fyne.CanvasObject {
	if len(ps) == 0 {
		return placeholder("None.")
	}
	form := widget.NewForm()
	for _, p := range ps {
		val := project.MaskValue(p.Name, p.Value)
		if val == "" {
			val = "(empty)"
		}
		extra := p.Type
		if p.Required {
			extra += ", required"
		}
		if extra != "" {
			val += "   [" + extra + "]"
		}
		form.Append(p.Name, readOnly(val))
	}
	return form
}

// fieldTable lists flattened metadata fields with type and format.
func fieldTable(fs []project.Field) fyne.CanvasObject {
	if len(fs) == 0 {
		return placeholder("No fields: the sample was empty or not JSON.")
	}
	// one row per field: the path takes the width left by its type, so a
	// long path never makes the panel wider than its pane
	rows := make([]fyne.CanvasObject, 0, len(fs))
	for _, f := range fs {
		path := widget.NewLabelWithStyle(f.Path, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		path.Truncation = fyne.TextTruncateEllipsis
		typ := f.Type
		if f.Format != "" {
			typ += " (" + f.Format + ")"
		}
		rows = append(rows, container.NewBorder(nil, nil, nil, widget.NewLabel(typ), path))
	}
	return container.NewVBox(rows...)
}

// codeView is a read-only monospace text, secrets never included.
func codeView(text string) fyne.CanvasObject {
	if strings.TrimSpace(text) == "" {
		return placeholder("None.")
	}
	l := widget.NewLabelWithStyle(prettyJSON([]byte(text)), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	l.Wrapping = fyne.TextWrapBreak
	l.Selectable = true
	return l
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

// deleteService asks, then removes the service; variables bound to it are
// named in the question.
func (s *Studio) deleteService(svc *project.Service) {
	var bound []string
	for _, v := range s.proj.Variables {
		if v.Service == svc.ID {
			bound = append(bound, v.Name)
		}
	}
	msg := "Delete the service " + svc.ID + "? Its folder is removed when the project is saved."
	if len(bound) > 0 {
		msg += " Variables still bound to it: " + strings.Join(bound, ", ") + "."
	}
	s.confirm("Delete service", msg, func(ok bool) {
		if !ok {
			return
		}
		if _, err := s.proj.DeleteService(svc.ID); err != nil {
			s.showError(err)
			return
		}
		for _, v := range s.proj.Variables {
			if v.Service == svc.ID {
				s.drop(v) // nothing left to connect to
			}
		}
		s.page.rebind()
		s.selected = ""
		s.changedAs("Delete service "+svc.ID, true)
		s.showProps()
	})
}
