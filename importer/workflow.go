package importer

import (
	"errors"
	"fmt"

	"wsstudio/project"
)

// Plan is what one import puts into a project: a service built by Build
// and, optionally, a WebSocket variable bound to it.
type Plan struct {
	Service *project.Service
	// Replaces is the id of the service the import edits (the wizard
	// opened on an existing service, perhaps renaming it); "" for a new
	// service or one that replaces the service of the same id.
	Replaces string
	// Variable, when set, is added after the service.
	Variable *project.Variable
}

// Add puts the plans, in order, into the project model, in memory: all of
// them, or on error none (the model is as it was). undo takes them out
// again (the model returns to the state before Add); the window keeps it
// for Edit → Undo, the command line calls it when the save fails.
//
// This is the one import workflow: the wizard calls Add and leaves the
// save to the user; the command line calls Commit.
func Add(p *project.Project, plans ...Plan) (undo func(), err error) {
	if p == nil {
		return nil, errors.New("import: no project is open")
	}
	before := p.Snapshot()
	undo = func() { p.Restore(before) }
	for _, plan := range plans {
		if err := add(p, plan); err != nil {
			undo()
			return nil, err
		}
	}
	return undo, nil
}

func add(p *project.Project, plan Plan) error {
	svc := plan.Service
	if svc == nil {
		return errors.New("import: no service to add")
	}
	if plan.Replaces != "" && plan.Replaces != svc.ID {
		if err := p.RenameService(plan.Replaces, svc.ID); err != nil {
			return fmt.Errorf("rename service %s to %s: %w", plan.Replaces, svc.ID, err)
		}
	}
	if err := p.AddService(svc); err != nil {
		return fmt.Errorf("add service %s: %w", svc.ID, err)
	}
	if v := plan.Variable; v != nil {
		if err := p.AddVariable(v); err != nil {
			return fmt.Errorf("add variable %s: %w", v.Name, err)
		}
	}
	return nil
}

// Commit adds the plans, in order, and saves the project once. A save is
// all or nothing on disk; if any step fails, Commit also takes every plan
// out of the model again, so the model matches the folder.
func Commit(p *project.Project, plans ...Plan) error {
	undo, err := Add(p, plans...)
	if err != nil {
		return err
	}
	if err := p.Save(); err != nil {
		undo()
		return err
	}
	return nil
}
