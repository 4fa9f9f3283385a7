package player

import (
	"limen/ui/uitest"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"limen/engine"
	"limen/fixtures"
	"limen/ui"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// tickClock is a deterministic clock: every reading is one second after
// the previous one.
type tickClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *tickClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

// openProject opens an in-memory email project with the fixture criteria
// (101–104) and one existing customer, ann@example.com.
func openProject(t testing.TB) (*engine.Project, *tickClock) {
	t.Helper()
	clk := &tickClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	p, err := engine.Open(engine.Options{InMemory: true, Clock: clk.Now, ProjectID: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	s := p.Settings()
	s.Type = engine.TypeEmail
	if err := p.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	if _, err := p.ReplaceCriteria(fixtures.Criteria()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.CreateKnownProfile("ann@example.com", "ann", map[string]any{"tier": "gold", "firstName": "Ann"}); err != nil {
		t.Fatal(err)
	}
	return p, clk
}

func newModel(p *engine.Project, clk *tickClock) *Model {
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
	p, clk := openProject(t)
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

func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), h, view)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw != w {
			t.Fatalf("line %d is %d wide, want %d:\n%s", i, lw, w, view)
		}
	}
}

// keys, send and run are the shared driver's, under the names the tests use.
func (h *harness) keys(keys ...string) { h.t.Helper(); h.Keys(keys...) }
func (h *harness) send(msg tea.Msg)    { h.t.Helper(); h.Send(msg) }
func (h *harness) run(cmd tea.Cmd)     { h.t.Helper(); h.Run(cmd) }
func keyMsg(k string) tea.KeyMsg       { return uitest.Key(k) }
