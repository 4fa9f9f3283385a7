package profiles

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"limen/engine"
)

// TestGolden pins the browser's screens at three terminal sizes, with the
// Ascii colour profile (what NO_COLOR shows too). Run with -update to
// rewrite testdata/TestGolden/*.golden after a deliberate change.
func TestGolden(t *testing.T) {
	for _, s := range [][2]int{{80, 24}, {120, 36}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(t *testing.T) {
			h := newHarness(t, s[0], s[1])
			golden.RequireEqual(t, []byte(h.m.View()))
		})
	}
	t.Run("120x36-detail", func(t *testing.T) {
		h := newHarness(t, 120, 36)
		h.selectWhere(func(p engine.Profile) bool { return p.Email == "ann@example.com" })
		h.keys("enter")
		d := &h.m.detail
		for d.current().kind != lineTree || d.tree[d.current().ref].Key != "favourite" {
			h.keys("down")
		}
		h.keys("right", "down", "down", "down", "down", "down", "enter")
		golden.RequireEqual(t, []byte(h.m.View()))
	})
	t.Run("80x24-detail", func(t *testing.T) {
		h := newHarness(t, 80, 24)
		h.selectWhere(func(p engine.Profile) bool { return p.Email == "zoe@example.com" })
		h.keys("enter", "down", "down", "down")
		golden.RequireEqual(t, []byte(h.m.View()))
	})
	t.Run("80x24-merge-preview", func(t *testing.T) {
		h := newHarness(t, 80, 24)
		h.selectWhere(func(p engine.Profile) bool {
			return p.Kind == engine.KindUnknown && p.MatchedCriteriaID == "101" && p.EventCount == 4
		})
		h.keys("i", "type:ann@example.com", "enter")
		golden.RequireEqual(t, []byte(h.m.View()))
	})
	t.Run("200x50-search", func(t *testing.T) {
		h := newHarness(t, 200, 50)
		h.keys("/", "type:0000000", "enter", "k")
		golden.RequireEqual(t, []byte(h.m.View()))
	})
}
