package criteria

import (
	"fmt"
	"testing"

	"limen/ui/criteria/tree"
)

// TestViewsFitTheConsole checks every view in the area the shell gives the
// tab at 80×24 and at its minimum size (the window less three lines).
func TestViewsFitTheConsole(t *testing.T) {
	views := map[string][]string{
		"list":     nil,
		"editor":   {"down", "down", "enter", "down", "down", "down", "down", "x"},
		"form":     {"enter", "down", "enter"},
		"new":      {"n"},
		"publish":  {"enter", "down", "enter", "tab", "tab", "tab", "tab", "ctrl+u", "type:900", "enter", "s", "P"},
		"delete":   {"x"},
		"json":     {"enter", "v"},
		"backtest": {"b"},
		"explain":  {"w", "type:d1", "enter"},
		"import":   {"i"},
		"problems": {"n", "enter", "enter", "s"},
	}
	for _, size := range [][2]int{{80, 21}, {72, 15}, {200, 47}} {
		for name, keys := range views {
			t.Run(fmt.Sprintf("%s-%dx%d", name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, size[0], size[1])
				h.keys(keys...)
				checkFits(t, h.m.View(), size[0], size[1])
			})
		}
	}
}

func TestMoveIntoAndOutOfGroups(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("down", "down", "enter") // set 103: And(And(read), Not(purchase)), cursor on the inner And
	h.keys(">")                     // into the Not group after it
	if c := h.m.ed.hist.Cursor(); len(c.Node) != 2 {
		t.Fatalf("not moved into a group: %v (%s)", c, h.m.ed.err)
	}
	if g, _ := tree.NodeAt(h.m.ed.set(), tree.Path{0}); *g.Combinator != tree.Not || len(g.Children) != 2 {
		t.Fatalf("the Not group holds %d", len(g.Children))
	}
	h.keys("<")
	if c := h.m.ed.hist.Cursor(); len(c.Node) != 1 {
		t.Fatalf("not moved out: %v (%s)", c, h.m.ed.err)
	}
}
