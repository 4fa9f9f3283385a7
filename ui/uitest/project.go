package uitest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"

	"limen/engine"
	"limen/fixtures"
)

// TickClock is a deterministic clock: every reading is one second after
// the previous one. Safe for concurrent use.
type TickClock struct {
	mu  sync.Mutex
	now time.Time
}

// Now advances the clock one second and returns it.
func (c *TickClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

// FixtureProject opens an in-memory email project (id "demo", so that
// placeholder emails are reproducible) with the fixture criteria (101–104)
// and one existing customer, ann@example.com, on a TickClock starting
// 2026-03-02 09:00 UTC. It closes when the test ends.
func FixtureProject(t testing.TB) (*engine.Project, *TickClock) {
	t.Helper()
	clk := &TickClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
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

// RequireSize fails the test unless view is exactly w cells wide and h
// lines high; what, if given, says which view.
func RequireSize(t testing.TB, view string, w, h int, what ...string) {
	t.Helper()
	prefix := strings.Join(what, " ")
	if prefix != "" {
		prefix += ": "
	}
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%s%d lines, want %d:\n%s", prefix, len(lines), h, view)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw != w {
			t.Fatalf("%sline %d is %d wide, want %d:\n%s", prefix, i, lw, w, view)
		}
	}
}
