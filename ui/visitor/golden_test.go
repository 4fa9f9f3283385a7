package visitor

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGolden pins the screen at three terminal sizes with the Ascii colour
// profile (what NO_COLOR shows too): a consenting visitor two big-ticket
// views away from criteria 101, then the why pane, the forms and an
// activated device. Run with -update after a deliberate change.
func TestGolden(t *testing.T) {
	twoViews := func(h *harness) {
		h.keys("b", "enter") // dropped: no consent yet
		h.keys("c")
		h.browse(1)
		h.browse(3)
		h.keys("u", "type:city=Lyon, newsletter=true", "enter")
	}
	for _, s := range [][2]int{{80, 24}, {120, 36}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(t *testing.T) {
			h := newHarness(t, s[0], s[1])
			twoViews(h)
			golden.RequireEqual(t, []byte(h.m.View()))
		})
	}
	cases := []struct {
		name string
		w, h int
		keys []string
	}{
		{"120x36-why", 120, 36, []string{"w"}},
		{"200x50-why", 200, 50, []string{"w"}},
		{"80x24-why", 80, 24, []string{"w"}},
		{"80x24-catalog", 80, 24, []string{"b", "down"}},
		{"80x24-identify", 80, 24, []string{"i", "type:ann@example", "enter", "tab", "right"}},
		{"120x36-fields", 120, 36, []string{"u", "type:city=Paris"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.w, c.h)
			twoViews(h)
			h.keys(c.keys...)
			golden.RequireEqual(t, []byte(h.m.View()))
		})
	}
	t.Run("120x36-merged", func(t *testing.T) {
		h := newHarness(t, 120, 36)
		twoViews(h)
		h.browse(2)
		h.keys("i", "type:ann@example.com", "enter")
		golden.RequireEqual(t, []byte(h.m.View()))
	})
}
