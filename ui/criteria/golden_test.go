package criteria

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
)

// TestGolden pins the list and the editor at three terminal sizes, with
// the Ascii colour profile (what NO_COLOR shows too). Run with -update to
// rewrite testdata/TestGolden/*.golden after a deliberate change.
func TestGolden(t *testing.T) {
	for _, s := range [][2]int{{80, 24}, {120, 36}, {200, 50}} {
		t.Run(fmt.Sprintf("list-%dx%d", s[0], s[1]), func(t *testing.T) {
			h := newHarness(t, s[0], s[1])
			checkFits(t, h.m.View(), s[0], s[1])
			golden.RequireEqual(t, []byte(h.m.View()))
		})
		t.Run(fmt.Sprintf("editor-%dx%d", s[0], s[1]), func(t *testing.T) {
			h := newHarness(t, s[0], s[1])
			h.keys("down", "down", "enter", "down", "down", "down", "down", "x")
			checkFits(t, h.m.View(), s[0], s[1])
			golden.RequireEqual(t, []byte(h.m.View()))
		})
	}
	t.Run("form-80x24", func(t *testing.T) {
		h := newHarness(t, 80, 24)
		h.keys("enter", "down", "enter")
		checkFits(t, h.m.View(), 80, 24)
		golden.RequireEqual(t, []byte(h.m.View()))
	})
	t.Run("publish-80x24", func(t *testing.T) {
		h := newHarness(t, 80, 24)
		h.keys("enter", "down", "enter", "tab", "tab", "tab", "tab", "ctrl+u", "type:900", "enter", "s", "P")
		checkFits(t, h.m.View(), 80, 24)
		golden.RequireEqual(t, []byte(h.m.View()))
	})
	t.Run("backtest-80x24", func(t *testing.T) {
		h := newHarness(t, 80, 24)
		h.keys("b")
		h.m.bt.result.Elapsed = 0
		checkFits(t, h.m.View(), 80, 24)
		golden.RequireEqual(t, []byte(h.m.View()))
	})
}

// checkFits fails when a view is taller or wider than the screen (the
// tab gets the window less three lines of shell).
func checkFits(t *testing.T, v string, w, h int) {
	t.Helper()
	if lipgloss.Height(v) > h {
		t.Errorf("%d lines for %d", lipgloss.Height(v), h)
	}
	for i, l := range strings.Split(v, "\n") {
		if lipgloss.Width(l) > w {
			t.Errorf("line %d is %d wide: %q", i, lipgloss.Width(l), l)
		}
	}
}
