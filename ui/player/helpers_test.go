package player

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"limen/engine"
	"limen/ui"
	"limen/ui/uitest"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

func newModel(p *engine.Project, clk *uitest.TickClock) *Model {
	m := New(ui.Context{Project: p, Styles: ui.NewStyles(ui.DefaultTheme()), Now: clk.Now})
	m.delay = time.Millisecond
	return m
}

// harness drives the player: keys and messages go through Update, and the
// commands they return run at once, their messages fed back.
type harness struct {
	t *testing.T
	m *Model
	p *engine.Project
	*uitest.Driver
}

func newHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	p, clk := uitest.FixtureProject(t)
	hs := &harness{t: t, p: p, m: newModel(p, clk)}
	hs.m.SetSize(w, h)
	hs.Driver = &uitest.Driver{T: t, Update: func(msg tea.Msg) tea.Cmd { _, cmd := hs.m.Update(msg); return cmd }}
	hs.run(hs.m.Init())
	return hs
}

// open opens the fixture scenario name from the list.
func (h *harness) open(name string) {
	h.t.Helper()
	for i, e := range h.m.entries {
		if e.name == name {
			h.m.cursor = i
			h.keys("enter")
			if h.m.story == nil {
				h.t.Fatalf("%s did not open: %s", name, h.m.err)
			}
			return
		}
	}
	h.t.Fatalf("no scenario %s", name)
}

// texts lists the timeline's sentences.
func (h *harness) texts() []string {
	out := make([]string, len(h.m.lines))
	for i, l := range h.m.lines {
		out[i] = l.Text + l.Error
	}
	return out
}

// keys, send and run are the shared driver's, under the names the tests use.
func (h *harness) keys(keys ...string) { h.t.Helper(); h.Keys(keys...) }
func (h *harness) send(msg tea.Msg)    { h.t.Helper(); h.Send(msg) }
func (h *harness) run(cmd tea.Cmd)     { h.t.Helper(); h.Run(cmd) }
func keyMsg(k string) tea.KeyMsg       { return uitest.Key(k) }
