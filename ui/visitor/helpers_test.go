package visitor

import (
	"fmt"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"limen/engine"
	"limen/ui"
	"limen/ui/uitest"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// fixedIDs numbers ids: 00000001-0000-4000-8000-000000000001, ...
func fixedIDs() func() string {
	var mu sync.Mutex
	n := 0
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("%08x-0000-4000-8000-%012x", n, n)
	}
}

func newModel(p *engine.Project, clk *uitest.TickClock) *Model {
	m := New(ui.Context{Project: p, Styles: ui.NewStyles(ui.DefaultTheme()), Now: clk.Now})
	m.newID = fixedIDs()
	return m
}

// harness drives the screen: keys and messages go through Update, and the
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

// last is the latest sentence of the history.
func (h *harness) last() string {
	if len(h.m.history) == 0 {
		return ""
	}
	e := h.m.history[len(h.m.history)-1]
	return e.text + e.err
}

// browse views the n-th catalog product (1-based).
func (h *harness) browse(n int) {
	h.t.Helper()
	h.keys("b", "home")
	for range n - 1 {
		h.keys("down")
	}
	h.keys("enter")
}

// keys, send and run are the shared driver's, under the names the tests use.
func (h *harness) keys(keys ...string) { h.t.Helper(); h.Keys(keys...) }
func (h *harness) send(msg tea.Msg)    { h.t.Helper(); h.Send(msg) }
func (h *harness) run(cmd tea.Cmd)     { h.t.Helper(); h.Run(cmd) }
func keyMsg(k string) tea.KeyMsg       { return uitest.Key(k) }
