package wizard

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wsstudio/project"
)

// reviewView is step 4: what Finish will create.
type reviewView struct {
	w       *wizard
	root    fyne.CanvasObject
	summary *fyne.Container
	files   *fyne.Container
	intro   *widget.Label
}

func newReviewView(w *wizard) *reviewView {
	v := &reviewView{w: w, summary: container.New(layout.NewFormLayout()), files: container.NewVBox()}
	v.intro = hint("")
	left := container.NewBorder(container.NewVBox(v.intro, heading("Service")), nil, nil, nil, container.NewVScroll(v.summary))
	right := container.NewBorder(container.NewVBox(heading("Files written on Save"),
		hint("Relative to the project folder. Nothing is written until you save the project; files the studio does not own are left as they are.")), nil, nil, nil,
		container.NewVScroll(v.files))
	split := container.NewHSplit(left, right)
	split.Offset = 0.55
	v.root = split
	return v
}

func (v *reviewView) refresh() {
	m := v.w.m
	s := m.spec()
	if m.existing != nil {
		v.intro.SetText(fmt.Sprintf("Finish puts the changes to %s into the project; its API id is kept, so variables bound to it keep working. The files are written when you save the project.", m.existing.ID))
	} else {
		v.intro.SetText("Finish adds the service to the project; then you can create a WebSocket variable bound to it. The files are written when you save the project.")
	}
	drafts := m.docs.drafts
	several := m.source == sourceDocument && len(drafts) > 1
	if several {
		v.intro.SetText(fmt.Sprintf("Finish adds the %d channels of %s as services, in one step you can undo; then you can create a WebSocket variable bound to one of them. The files are written when you save the project. Below: the channel chosen above.", len(drafts), m.docName()))
	}
	var rows []fyne.CanvasObject
	add := func(k, val string) {
		l := widget.NewLabel(val)
		l.Wrapping = fyne.TextWrapWord // a long URL still breaks inside
		rows = append(rows, widget.NewLabelWithStyle(k, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}), l)
	}
	if several {
		var all []string
		for i, d := range drafts {
			f := d.fields
			if i == m.docs.cur {
				f = m.serviceFields
			}
			all = append(all, fmt.Sprintf("%s — channel %s, %s", f.name, d.from.Channel, project.MaskURL(f.realURL())))
		}
		add("Services", strings.Join(all, "\n"))
	}
	add("Service id", s.ID)
	add("Endpoint", project.MaskURL(s.URL))
	if ep := m.ep; ep != nil {
		parts := ep.Scheme + "://" + ep.Host
		if ep.BasePath != "" {
			parts += " · base path " + ep.BasePath
		}
		add("Connects to", parts+" · path "+ep.RelativePath)
	}
	add("Query parameters", params(s.Query))
	add("Path parameters", params(s.PathParams))
	add("Headers", params(s.Headers))
	if len(s.Subprotocols) > 0 {
		add("Subprotocols", strings.Join(s.Subprotocols, ", "))
	}
	tls := "Certificates verified"
	if s.TLS.CAFile != "" {
		tls += ", also trusting " + s.TLS.CAFile
	}
	if s.TLS.InsecureSkipVerify {
		tls = "NOT verified: certificate checks are skipped (development servers only)"
	}
	if m.ep != nil && m.ep.Scheme == "ws" {
		tls = "None (ws://)"
	}
	add("TLS", tls)
	add("Sample request", sampleLine(s.SampleRequest))
	add("Sample response", sampleLine(s.SampleResponse))
	if defs, fromSchema, _ := m.definitions("RootResponse"); fromSchema {
		add("Metadata", fmt.Sprintf("From the document's payload schemas: %s", plural(len(defs.Fields()), "response field")))
	}
	if m.skipTest {
		add("Test", "Skipped (proceeded without test)")
	} else if m.testPassed() {
		add("Test", fmt.Sprintf("Passed, %s received in %.1f s", plural(len(m.messages), "message"), m.testElapsed(v.w.cfg.now()).Seconds()))
	} else if m.testErr != nil {
		add("Test", "Failed: "+m.testErr.Error())
	} else {
		add("Test", "Not run")
	}
	v.summary.Objects = rows
	v.summary.Refresh()

	var fl []fyne.CanvasObject
	files := m.files()
	if several {
		files = nil
		seen := map[string]bool{}
		for i, d := range drafts {
			name := d.fields.name
			if i == m.docs.cur {
				name = m.name
			}
			if m.p == nil {
				continue
			}
			for _, f := range m.p.NewServiceFiles(name) {
				if !seen[f] { // the profiles and build files are shared
					seen[f] = true
					files = append(files, f)
				}
			}
		}
	}
	for _, f := range files {
		fl = append(fl, container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), nil, widget.NewLabel(f)))
	}
	v.files.Objects = fl
	v.files.Refresh()
}

func params(ps []project.Param) string {
	if len(ps) == 0 {
		return "None"
	}
	var b []string
	for _, p := range ps {
		b = append(b, p.Name+" = "+project.MaskValue(p.Name, p.Value))
	}
	return strings.Join(b, "\n")
}

func sampleLine(s string) string {
	if s == "" {
		return "None"
	}
	msg, _ := jsonStatus(s)
	return strconv.Itoa(len(s)) + " bytes · " + strings.TrimSuffix(strings.SplitN(msg, " (", 2)[0], ".") + "\n" + preview([]byte(s), 80)
}

// finishView is the panel after a successful Finish: it offers a
// WebSocket variable bound to the new service.
type finishView struct {
	w        *wizard
	svc      *project.Service
	root     fyne.CanvasObject
	name     *keyEntry
	strategy *widget.RadioGroup
	limit    *keyEntry
	errNote  *note
	service  *widget.Select // which service, after a Finish of several
}

var strategyLabels = map[string]string{
	project.StrategyRefresh: "Refresh — the dataset is the latest message",
	project.StrategyAppend:  "Append — add each message as the last record",
	project.StrategyPrepend: "Prepend — add each message as the first record",
}

var strategyOrder = []string{project.StrategyRefresh, project.StrategyAppend, project.StrategyPrepend}

func newFinishView(w *wizard, svc *project.Service) *finishView {
	v := &finishView{w: w, svc: svc}
	v.name = newKeyEntry(w, false)
	v.name.SetText(w.m.variableName(svc.ID))
	opts := make([]string, len(strategyOrder))
	for i, s := range strategyOrder {
		opts[i] = strategyLabels[s]
	}
	v.limit = newKeyEntry(w, false)
	v.limit.SetText("20")
	v.strategy = widget.NewRadioGroup(opts, func(string) {
		// The limit only applies to append and prepend.
		if v.strategyValue() == project.StrategyRefresh {
			v.limit.Disable()
		} else {
			v.limit.Enable()
		}
	})
	v.strategy.Required = true
	v.strategy.SetSelected(strategyLabels[project.StrategyRefresh])
	v.errNote = newNote()

	done := newNote()
	text := fmt.Sprintf("Service %s is added to the project. Its files are written when you save the project.", svc.ID)
	var serviceRow []fyne.CanvasObject
	target := svc.ID
	if all := w.m.savedAll; len(all) > 1 {
		target = "the chosen service"
		ids := make([]string, len(all))
		for i, s := range all {
			ids[i] = s.ID
		}
		text = fmt.Sprintf("Services %s are added to the project. Their files are written when you save the project.", strings.Join(ids, ", "))
		pick := widget.NewSelect(ids, func(id string) {
			for _, s := range all {
				if s.ID == id && s != w.m.saved {
					w.m.saved = s
					v.svc = s
					v.name.SetText(w.m.variableName(s.ID))
				}
			}
		})
		pick.SetSelected(svc.ID)
		v.service = pick
		serviceRow = []fyne.CanvasObject{widget.NewLabel("Service"), pick}
	}
	if w.m.existing != nil {
		text = fmt.Sprintf("The changes to service %s are in the project. Its files are written when you save the project.", svc.ID)
	}
	done.set(text, widget.SuccessImportance)
	form := container.New(layout.NewFormLayout(), append(serviceRow,
		widget.NewLabel("Variable name"), v.name,
		widget.NewLabel("Update strategy"), v.strategy,
		widget.NewLabel("Record limit"), container.NewVBox(v.limit, hint("For append and prepend: the most records kept; the oldest are dropped. Empty or 0 means no limit.")),
	)...)
	v.root = container.NewVBox(
		done.box,
		widget.NewSeparator(),
		heading("Create a WebSocket variable for it?"),
		hint(fmt.Sprintf("The variable connects to %s when the page loads and keeps the received messages as its dataset, for charts, tables and lists to bind to.", target)),
		form,
		v.errNote.box,
	)
	return v
}

func (v *finishView) strategyValue() string {
	for _, s := range strategyOrder {
		if strategyLabels[s] == v.strategy.Selected {
			return s
		}
	}
	return project.StrategyRefresh
}

// create makes the variable, puts it into the project model and closes
// the wizard.
func (v *finishView) create() {
	m := v.w.m
	pv, err := m.newVariable(variableChoice{Name: v.name.Text, Strategy: v.strategyValue(), Limit: v.limit.Text}, v.w.cfg.now())
	var e *edit
	if err == nil {
		e, err = m.addVariable(pv)
	}
	if err != nil {
		v.errNote.set(err.Error(), widget.DangerImportance)
		return
	}
	v.w.report(e)
	v.w.done(pv)
}
