package profiles

import (
	"io"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"limen/engine"
	"limen/ui"
	"limen/ui/uitest"
)

// TestFlowSearchThenConvert runs the console with the browser as a real
// program: search an unknown profile by its email prefix, identify it with
// a new email, see the convert preview, confirm, and see it become known.
func TestFlowSearchThenConvert(t *testing.T) {
	p, clk, err := openSeeded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	styles := ui.NewStyles(ui.DefaultTheme())
	m := New(ui.Context{Project: p, Styles: styles, Now: clk.Now, ExportDir: t.TempDir()})
	m.clip = io.Discard
	tm := teatest.NewTestModel(t, ui.NewApp(styles, "flow test", m), teatest.WithInitialTermSize(120, 36))
	// waitFor reads the program's output until every text was drawn (what
	// it reads is consumed: the next wait sees only later frames).
	waitFor := func(texts ...string) { t.Helper(); uitest.WaitFor(t, tm, texts...) }
	enter := tea.KeyMsg{Type: tea.KeyEnter}

	waitFor("7 profiles")
	tm.Type("/0000000d")
	waitFor("— 1 match")
	tm.Send(enter)
	tm.Type("i")
	waitFor("Identify unknown profile")
	tm.Type("paris@example.com")
	tm.Send(enter)
	waitFor("Will CONVERT this unknown profile")
	tm.Type("y")
	waitFor("converted profile #", "paris@example.com · known")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))

	pr, err := p.ProfileByEmail("paris@example.com")
	if err != nil || pr.Kind != engine.KindKnown || pr.MatchedCriteriaID != "104" {
		t.Fatalf("profile %+v, %v", pr, err)
	}
	golden.RequireEqual(t, []byte(final.View()))
}
