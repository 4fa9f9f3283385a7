package player

import (
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"limen/ui"
	"limen/ui/uitest"
)

// TestFlowStepThroughMerge runs the console with the player as a real
// program: open big-ticket-merge, step through it, see the merge.
func TestFlowStepThroughMerge(t *testing.T) {
	p, clk := uitest.FixtureProject(t)
	m := newModel(p, clk)
	tm := teatest.NewTestModel(t, ui.NewApp(ui.NewStyles(ui.DefaultTheme()), "flow test", uitest.Tab[*Model]{M: m, Name: "Player"}), teatest.WithInitialTermSize(120, 36))
	waitFor := func(texts ...string) { t.Helper(); uitest.WaitFor(t, tm, texts...) }
	waitFor("big-ticket-merge")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter}) // the first story of the list
	waitFor("runs with the project's criteria")
	for i := 1; i < 18; i++ {
		tm.Send(tea.KeyMsg{Type: tea.KeyRight})
		waitFor("step " + strconv.Itoa(i) + "/18")
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyRight})
	waitFor("userId ann  email ann@example.com") // the profiles it touched
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	view := final.View()
	for _, want := range []string{"MERGED into the existing", "known    userId ann  email ann@example.com", "step 18/18 · done"} {
		if !strings.Contains(view, want) {
			t.Fatalf("final view lacks %q:\n%s", want, view)
		}
	}
	golden.RequireEqual(t, []byte(view))
}
