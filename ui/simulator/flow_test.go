package simulator

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"limen/engine"
	"limen/fixtures"
	"limen/ui"
)

// openProject is an in-memory project with the fixture criteria and a few
// known customers for sign-ups to log in as.
func openProject(t *testing.T) *engine.Project {
	t.Helper()
	p, err := engine.Open(engine.Options{InMemory: true, ProjectID: "flow"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	if _, err := p.ReplaceCriteria(fixtures.Criteria()); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		email := fmt.Sprintf("customer%d@example.com", i)
		if _, err := p.CreateKnownProfile(email, fmt.Sprintf("customer-%d", i), map[string]any{"firstName": "C"}); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// TestFlowRunPauseStep runs the console with the tab as a real program on a
// real project: start the simulation fast, see activations in the numbers,
// pause, step a few ticks, and stop it when the program ends.
func TestFlowRunPauseStep(t *testing.T) {
	p := openProject(t)
	styles := ui.NewStyles(ui.DefaultTheme())
	m := New(ui.Context{Project: p, Styles: styles, Now: time.Now, ExportDir: t.TempDir()})
	t.Cleanup(m.Close)
	tm := teatest.NewTestModel(t, ui.NewApp(styles, "flow test", m), teatest.WithInitialTermSize(120, 36))
	waitFor := func(re string) {
		t.Helper()
		r := regexp.MustCompile(re)
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return r.Match(bytes.ReplaceAll(b, []byte("\x1b"), nil)) },
			teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	waitFor(`criteria v1`)
	tm.Type("++++++") // 3600× real time
	tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	waitFor(`▶ running`)
	waitFor(`activations +[1-9][0-9,]*`)
	tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	waitFor(`‖ paused`)
	tm.Type("...")
	// Inspect the device of the newest log event: read from the project.
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(`(why not activated yet|activated — its local data)`)
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	// A devices list of this run.
	tm.Type("d")
	waitFor(`▸ sim-r1-000000 `) // the list's first row, under its title
	// The hosted modes show, and the live simulation is there on return.
	tm.Type("2")
	waitFor(`▸ 2 be a visitor`)
	tm.Type("3")
	waitFor(`▸ 3 scenario player`)
	tm.Type("1")
	waitFor(`▸ 1 live simulation`)
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	if m.sim == nil {
		t.Fatal("no simulation was made")
	}
	m.Close()
	st := m.sim.Stats()
	if st.Activations == 0 || st.Funnel.Visitors == 0 || !m.sim.Stopped() {
		t.Fatalf("after the flow: %d visitors, %d activations, stopped %v", st.Funnel.Visitors, st.Activations, m.sim.Stopped())
	}
	if n, err := p.CountProfiles(engine.KindUnknown); err != nil || n == 0 {
		t.Fatalf("unknown profiles in the project: %d, %v", n, err)
	}
}
