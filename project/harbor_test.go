package project

import (
	"fmt"
	"testing"
)

func TestHarborProbe(t *testing.T) {
	for _, act := range []func(p *Project) error{
		func(p *Project) error {
			s, err := NewService("chat", "wss://chat.example.com/rooms/lobby")
			if err != nil {
				return err
			}
			s.APIID = "11111111-2222-4333-8444-555555555555"
			return p.AddService(s)
		},
		func(p *Project) error {
			v := NewVariable("Chat", p.Service("websocket"), OwnerPage, "Main")
			v.ID = "wm-Chat-wm.WebSocketVariable-1764000000000"
			return p.AddVariable(v)
		},
		func(p *Project) error { p.Variable("Echo").DataLimit = 50; return nil },
		func(p *Project) error { return p.RenameService("websocket", "echo") },
		func(p *Project) error { _, err := p.DeleteService("websocket"); return err },
		func(p *Project) error {
			return p.AddWidget(&Widget{Kind: KindChart, Name: "countChart", Page: "Main", Variable: "Echo", ChartType: "Line", XKey: "message", YKeys: []string{"count"}})
		},
		func(p *Project) error { return p.MoveWidget("Main", "echoTable", 0) },
		func(p *Project) error { return p.DeleteWidget("Main", "echoList") },
		func(p *Project) error { return nil },
	} {
		dir := gitFixture(t, "harbor")
		p, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := act(p); err != nil {
			t.Fatal(err)
		}
		if err := p.Save(); err != nil {
			t.Fatal(err)
		}
		st, d := gitChanges(t, dir)
		fmt.Println("=====")
		for _, s := range st {
			fmt.Println(s)
		}
		for f, ls := range d {
			fmt.Println("##", f)
			for _, l := range ls {
				fmt.Println(l)
			}
		}
	}
}
