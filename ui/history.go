package ui

import "wsstudio/project"

// edit is one step of the undo history: the model before and after it.
type edit struct {
	desc          string
	before, after *project.State
}

// history is the project's undo and redo stacks. saved is the number of
// done edits at the last save (or load); -1 when that state can no longer
// be reached by undo and redo, so the project stays modified.
type history struct {
	done, undone []edit
	saved        int
}

// reset forgets every edit: a project was loaded or none is open.
func (h *history) reset() { *h = history{} }

func (h *history) push(e edit) {
	if h.saved > len(h.done) {
		h.saved = -1 // the saved state was undone and is now overwritten
	}
	h.done = append(h.done, e)
	h.undone = nil
}

func (h *history) modified() bool { return h.saved != len(h.done) }

// Record adds an edit made outside the studio's own methods (the import
// wizard finishing, say) to the history: before and after are snapshots
// of the model around it. The project is marked modified and the window
// shows the new model; running variables follow it.
func (s *Studio) Record(desc string, before, after *project.State) {
	if s.proj == nil || before == nil || after == nil {
		return
	}
	s.hist.push(edit{desc: desc, before: before, after: after})
	s.last = after
	s.afterHistory()
}

// changedAs marks the project modified after an edit the studio made to
// the model and records it for undo; structural is true when nodes were
// added, removed, renamed or moved.
func (s *Studio) changedAs(desc string, structural bool) {
	if s.proj == nil {
		return
	}
	after := s.proj.Snapshot()
	before := s.last
	if before == nil {
		before = after
	}
	s.hist.push(edit{desc: desc, before: before, after: after})
	s.last = after
	s.updateTitle()
	s.refreshEditMenu()
	s.tree.refresh()
	if structural {
		s.page.rebuild()
	}
	s.bar.refresh()
	if s.onChange != nil {
		s.onChange()
	}
}

// CanUndo and CanRedo say whether Undo and Redo have something to do;
// UndoName and RedoName describe it ("" when nothing).
func (s *Studio) CanUndo() bool { return len(s.hist.done) > 0 }
func (s *Studio) CanRedo() bool { return len(s.hist.undone) > 0 }

func (s *Studio) UndoName() string {
	if n := len(s.hist.done); n > 0 {
		return s.hist.done[n-1].desc
	}
	return ""
}

func (s *Studio) RedoName() string {
	if n := len(s.hist.undone); n > 0 {
		return s.hist.undone[n-1].desc
	}
	return ""
}

// dropPending forgets text typed into a property entry and not applied
// yet, and takes the focus from it: after an undo the entry's panel is
// rebuilt, and the old entry must not apply that text when it loses the
// focus later.
func (s *Studio) dropPending() {
	if s.win == nil {
		return
	}
	c := s.win.Canvas()
	switch e := c.Focused().(type) {
	case *commitEntry:
		e.SetText(e.committed)
		c.Unfocus()
	case *fieldEntry:
		e.SetText(e.committed)
		c.Unfocus()
	}
}

// Undo takes back the last edit; the running variables follow the model.
func (s *Studio) Undo() bool {
	return s.step(&s.hist.done, &s.hist.undone, func(e edit) *project.State { return e.before }, "Undone: ")
}

// Redo makes the last undone edit again.
func (s *Studio) Redo() bool {
	return s.step(&s.hist.undone, &s.hist.done, func(e edit) *project.State { return e.after }, "Redone: ")
}

// step moves the last edit of from onto to and puts the model in the state
// state picks of it: Undo and Redo are the same walk in two directions.
func (s *Studio) step(from, to *[]edit, state func(edit) *project.State, notice string) bool {
	n := len(*from)
	if s.proj == nil || n == 0 {
		return false
	}
	s.dropPending()
	e := (*from)[n-1]
	*from = (*from)[:n-1]
	*to = append(*to, e)
	st := state(e)
	s.proj.Restore(st)
	s.last = st
	s.afterHistory()
	s.notify(notice + e.desc)
	return true
}

// afterHistory shows the model after undo, redo or a recorded edit and
// brings the running variables in line with it.
func (s *Studio) afterHistory() {
	s.syncRunning()
	if !s.nodeExists(s.selected) {
		s.selected = ""
	}
	s.showProject()
	s.refreshEditMenu()
	if s.onChange != nil {
		s.onChange()
	}
}

// syncRunning makes the running variables follow the model (see
// session.Session.Apply) and binds the canvas and the console to them.
func (s *Studio) syncRunning() { s.followSession(s.sess.Apply()) }

// nodeExists reports whether a tree node id still names something.
func (s *Studio) nodeExists(id string) bool {
	if s.proj == nil || id == "" {
		return false
	}
	kind, parts := splitNode(id)
	switch kind {
	case "svc", "op", "defs", "fld":
		return s.proj.Service(parts[0]) != nil
	case "var":
		return s.proj.Variable(parts[0]) != nil
	case "page":
		return s.proj.Page(parts[0]) != nil
	case "wid":
		return len(parts) > 1 && findWidget(s.proj, parts[0], parts[1]) != nil
	}
	return false
}
