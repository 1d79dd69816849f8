package project

import (
	"testing"
)

func TestRoundTripChangesNoByte(t *testing.T) {
	dir := copyFixture(t, "market")
	before := tree(t, dir)
	p, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Save(); err != nil {
		t.Fatal(err)
	}
	if c := changed(before, tree(t, dir)); len(c) > 0 {
		t.Fatalf("open + save changed %v", c)
	}
}
