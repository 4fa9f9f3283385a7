package player

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGolden pins the player at three terminal sizes with the Ascii colour
// profile (what NO_COLOR shows too): the scenario list, big-ticket-merge
// half played, and played to the end with the profiles it touched. Run
// with -update after a deliberate change.
func TestGolden(t *testing.T) {
	for _, s := range [][2]int{{80, 24}, {120, 36}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d-list", s[0], s[1]), func(t *testing.T) {
			h := newHarness(t, s[0], s[1])
			h.keys("down")
			golden.RequireEqual(t, []byte(h.m.View()))
		})
		t.Run(fmt.Sprintf("%dx%d-step8", s[0], s[1]), func(t *testing.T) {
			h := newHarness(t, s[0], s[1])
			h.open("big-ticket-merge")
			for range 8 {
				h.keys("enter")
			}
			golden.RequireEqual(t, []byte(h.m.View()))
		})
		t.Run(fmt.Sprintf("%dx%d-end", s[0], s[1]), func(t *testing.T) {
			h := newHarness(t, s[0], s[1])
			h.open("big-ticket-merge")
			h.keys("space")
			golden.RequireEqual(t, []byte(h.m.View()))
		})
	}
	t.Run("80x24-file", func(t *testing.T) {
		h := newHarness(t, 80, 24)
		h.keys("f", "type:/nope.json", "enter", "f", "type:stories/q")
		golden.RequireEqual(t, []byte(h.m.View()))
	})
}
