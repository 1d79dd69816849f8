package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"wsstudio/widgets"
)

// chatPage is the chat room example's page in one window.
type chatPage struct {
	h      *harness
	input  *widgets.LiveInput
	button *widgets.LiveButton
	list   *widgets.LiveList
}

func openChatPage(t *testing.T, env func(string) string) *chatPage {
	t.Helper()
	c := &chatPage{h: newHarness(t, openExample(t, "chatroom"), Options{Env: env})}
	for _, card := range c.h.s.page.cards {
		switch l := card.live.(type) {
		case *widgets.LiveInput:
			c.input = l
		case *widgets.LiveButton:
			c.button = l
		case *widgets.LiveList:
			c.list = l
		}
	}
	if c.input == nil || c.button == nil || c.list == nil {
		t.Fatal("the chat room's page has no textarea, button or list")
	}
	return c
}

// has reports whether the list shows an item whose subtitle (the text) is
// text.
func (c *chatPage) has(text string) bool {
	for i := 0; i < c.list.Items(); i++ {
		if _, s, _ := c.list.ItemText(i); s == text {
			return true
		}
	}
	return false
}

// The chat room between two studio windows: what one window's textarea
// sends with its button shows in the other window's list, both ways.
func TestChatRoomBetweenTwoWindows(t *testing.T) {
	p := openExample(t, "chatroom")
	_, env := feedsFor(t, p)
	a, b := openChatPage(t, env), openChatPage(t, env)
	a.h.waitFor(t, "window A in the room", func() bool { return a.has("user1 joined") })
	b.h.waitFor(t, "window B in the room", func() bool { return b.has("user1 joined") })

	for _, m := range []struct {
		from, to *chatPage
		text     string
	}{{a, b, "hello from A"}, {b, a, "hello from B"}} {
		m.from.h.w.Canvas().Focus(m.from.input)
		test.Type(m.from.input, m.text)
		test.Tap(m.from.button)
		m.to.h.waitFor(t, "“"+m.text+"” in the other window's list", func() bool {
			m.from.h.q.Drain()
			return m.to.has(m.text)
		})
	}
}
