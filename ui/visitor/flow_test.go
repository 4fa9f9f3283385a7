package visitor

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"limen/ui"
	"limen/ui/uitest"
)

// TestFlowActivateThenMerge runs the console with the visitor screen as a
// real program: consent, browse three big-ticket products, see the
// activation by criteria 101, identify with the existing customer's email,
// see the merge.
func TestFlowActivateThenMerge(t *testing.T) {
	p, clk := uitest.FixtureProject(t)
	m := newModel(p, clk)
	tm := teatest.NewTestModel(t, ui.NewApp(ui.NewStyles(ui.DefaultTheme()), "flow test", uitest.Tab[*Model]{M: m, Name: "Visitor"}), teatest.WithInitialTermSize(120, 36))
	waitFor := func(texts ...string) { t.Helper(); uitest.WaitFor(t, tm, texts...) }
	enter := tea.KeyMsg{Type: tea.KeyEnter}
	down := tea.KeyMsg{Type: tea.KeyDown}

	waitFor("new visitor you-1")
	tm.Type("c")
	waitFor("criteria v1 fetched")
	for i := range 3 {
		tm.Type("b")
		waitFor("Browse a product")
		tm.Send(tea.KeyMsg{Type: tea.KeyHome})
		for range i {
			tm.Send(down)
		}
		tm.Send(enter)
		if i < 2 {
			waitFor(fmt.Sprintf("What happened (%d)", 3+i))
		}
	}
	waitFor("activated by criteria 101") // the status bar's notification
	tm.Type("i")
	waitFor("Identify (setEmail")
	tm.Type("ann@example.com")
	tm.Send(enter)
	waitFor("merged into ann@example.com")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	if _, err := p.ProfileByEmail("ann@example.com"); err != nil {
		t.Fatal(err)
	}
	view := final.View()
	for _, want := range []string{"ACTIVATED by criteria", "MERGED into the", "● known user"} {
		if !bytes.Contains([]byte(view), []byte(want)) {
			t.Fatalf("final view lacks %q:\n%s", want, view)
		}
	}
	golden.RequireEqual(t, []byte(final.View()))
}
