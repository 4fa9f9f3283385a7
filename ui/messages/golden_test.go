package messages

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"limen/ui/uitest"
)

// TestGolden pins the tab at three terminal sizes (less the shell's three
// lines), with the Ascii colour profile (what NO_COLOR shows too): the list
// with a running and a stopped campaign, and the editor of the running one
// with its preview for the first unknown user. Run with -update to rewrite
// testdata/TestGolden/*.golden after a deliberate change.
func TestGolden(t *testing.T) {
	for _, s := range [][2]int{{80, 24}, {120, 36}, {200, 50}} {
		t.Run(fmt.Sprintf("list-%dx%d", s[0], s[1]), func(t *testing.T) {
			h := newHarness(t, s[0], s[1], true)
			uitest.RequireSize(t, h.m.View(), s[0], s[1]-3)
			golden.RequireEqual(t, []byte(h.m.View()))
		})
		t.Run(fmt.Sprintf("editor-%dx%d", s[0], s[1]), func(t *testing.T) {
			h := newHarness(t, s[0], s[1], true)
			h.Keys("enter", "tab", "tab", "tab", "tab")
			uitest.RequireSize(t, h.m.View(), s[0], s[1]-3)
			golden.RequireEqual(t, []byte(h.m.View()))
		})
	}
	t.Run("new-80x24", func(t *testing.T) {
		h := newHarness(t, 80, 24, true)
		h.Keys("n", "type:Spring")
		h.press(tea.KeyCtrlN)
		uitest.RequireSize(t, h.m.View(), 80, 21)
		golden.RequireEqual(t, []byte(h.m.View()))
	})
	t.Run("embedded-120x36", func(t *testing.T) {
		h := newHarness(t, 120, 36, true)
		h.Keys("down", "enter")
		uitest.RequireSize(t, h.m.View(), 120, 33)
		golden.RequireEqual(t, []byte(h.m.View()))
	})
	t.Run("stop-80x24", func(t *testing.T) {
		h := newHarness(t, 80, 24, true)
		h.Keys("s")
		uitest.RequireSize(t, h.m.View(), 80, 21)
		golden.RequireEqual(t, []byte(h.m.View()))
	})
	t.Run("empty-80x24", func(t *testing.T) {
		h := newHarness(t, 80, 24, false)
		uitest.RequireSize(t, h.m.View(), 80, 21)
		golden.RequireEqual(t, []byte(h.m.View()))
	})
}
