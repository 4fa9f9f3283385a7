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
	t     *testing.T
	m     *Model
	p     *engine.Project
	notes []ui.NotifyMsg
}

func newHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	p, clk := openProject(t)
	hs := &harness{t: t, p: p, m: newModel(p, clk)}
	hs.m.SetSize(w, h)
	hs.run(hs.m.Init())
	return hs
}

func keyMsg(k string) tea.KeyMsg { return uitest.Key(k) }

func (h *harness) keys(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			for _, r := range text {
				h.send(keyMsg(string(r)))
			}
			continue
		}
		h.send(keyMsg(k))
	}
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

func collect(cmd tea.Cmd) []tea.Msg { return uitest.Collect(cmd) }

func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := collect(cmd)
	for n := 0; len(queue) > 0; n++ {
		if n > 1000 {
			h.t.Fatal("commands never settle")
		}
		msg := queue[0]
		queue = queue[1:]
		if note, ok := msg.(ui.NotifyMsg); ok {
			h.notes = append(h.notes, note)
			continue
		}
		_, next := h.m.Update(msg)
		queue = append(queue, collect(next)...)
	}
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
