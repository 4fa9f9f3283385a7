package messages

import (
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"limen/ui"
	"limen/ui/uitest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// harness drives the tab over a seeded project: keys and messages go
// through Update and the commands they return run at once, their messages
// fed back, until none is left. The preview's debounce fires at once; poll
// ticks are counted, not run (a test sends pollMsg itself).
type harness struct {
	t *testing.T
	m *Model
	*world
	*uitest.Driver
	polls int // poll ticks armed
}

// newHarness seeds a world (with the campaigns' story when campaigns) and
// opens the tab for a w×h terminal (less the shell's three lines).
func newHarness(t *testing.T, w, h int, campaigns bool) *harness {
	t.Helper()
	wd := newWorld(t, campaigns)
	c := ui.Context{Project: wd.p, Styles: ui.NewStyles(ui.DefaultTheme()), Now: wd.clk.Now, ExportDir: t.TempDir()}
	hs := &harness{t: t, m: New(c), world: wd}
	hs.m.after = func(_ time.Duration, msg tea.Msg) tea.Cmd {
		if _, ok := msg.(pollMsg); ok {
			hs.polls++
			return nil
		}
		return func() tea.Msg { return msg }
	}
	hs.m.SetSize(w, h-3)
	hs.Driver = &uitest.Driver{T: t, Update: func(msg tea.Msg) tea.Cmd { _, cmd := hs.m.Update(msg); return cmd }}
	hs.Run(hs.m.Init())
	return hs
}

// lastNote is the text of the latest notification.
func (h *harness) lastNote() string {
	if len(h.Notes) == 0 {
		return ""
	}
	return h.Notes[len(h.Notes)-1].Text
}

// press sends a key by type (ctrl+n and the like).
func (h *harness) press(k tea.KeyType) { h.t.Helper(); h.Send(tea.KeyMsg{Type: k}) }

// screen is the tab's view without styles.
func (h *harness) screen() string { return ansi.Strip(h.m.View()) }
