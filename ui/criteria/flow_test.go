package criteria

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"limen/ui"
	"limen/ui/uitest"
)

// TestFlowBuildAndSave runs the console with the tab as a real program:
// from an empty set, build "viewed a product over 500 at least twice AND
// NOT purchased" with the keyboard, save it, publish it (past the diff and
// its safe default) and backtest it.
func TestFlowBuildAndSave(t *testing.T) {
	p, clk, err := openSeeded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	styles := ui.NewStyles(ui.DefaultTheme())
	m := New(ui.Context{Project: p, Styles: styles, Now: clk.Now, ExportDir: t.TempDir()})
	tm := teatest.NewTestModel(t, ui.NewApp(styles, "flow test", m), teatest.WithInitialTermSize(120, 36))
	waitFor := func(texts ...string) { t.Helper(); uitest.WaitFor(t, tm, texts...) }
	press := func(keys ...tea.KeyType) {
		for _, k := range keys {
			tm.Send(tea.KeyMsg{Type: k})
		}
	}
	right5 := []tea.KeyType{tea.KeyRight, tea.KeyRight, tea.KeyRight, tea.KeyRight, tea.KeyRight}

	waitFor("first match wins", "Parisian window shopper")
	tm.Type("n")
	waitFor("New criteria set")
	press(tea.KeyTab)
	tm.Type("Keen browser")
	press(tea.KeyEnter)
	waitFor("nothing yet")

	tm.Type("a")
	waitFor("Add a condition block")
	press(tea.KeyTab)
	tm.Type("viewedProduct")
	press(tea.KeyTab)
	tm.Type("price")
	press(tea.KeyTab)
	press(right5...)
	press(tea.KeyTab)
	tm.Type("500")
	press(tea.KeyTab, tea.KeyBackspace)
	tm.Type("2")
	press(tea.KeyEnter)
	waitFor("viewed a product with price above 500, at least 2 times")

	tm.Type("gtt")
	waitFor("NONE of")
	tm.Type("a")
	waitFor("Add a condition block")
	press(tea.KeyRight, tea.KeyTab)
	tm.Type("total")
	press(tea.KeyTab)
	press(right5...)
	press(tea.KeyTab)
	tm.Type("0")
	press(tea.KeyEnter)
	waitFor("made a purchase with total above 0")

	tm.Type("s")
	waitFor("saved the draft of set 105")

	tm.Type("P")
	waitFor("(y) ", "+ ")
	press(tea.KeyEnter) // the preselected answer publishes nothing
	if ids := p.PublishedCriteria().Compiled.IDs(); len(ids) != 4 {
		t.Fatalf("enter on the safe answer published: %v", ids)
	}
	// The same dialog again renders the same lines, so there is no new
	// output to wait for: give the preview its moment, then answer yes.
	tm.Type("P")
	time.Sleep(300 * time.Millisecond)
	tm.Type("y")
	waitFor("published set 105 as version 1")

	tm.Type("b")
	waitFor("newly activated")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	checkBuiltDraft(t, p)
	if ids := p.PublishedCriteria().Compiled.IDs(); len(ids) != 5 || ids[4] != "105" {
		t.Fatalf("published after the flow: %v, want 105 last", ids)
	}
	golden.RequireEqual(t, []byte(final.View()))
}
