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

// tab hosts the player as a console tab, the way the Simulator tab hosts
// it as a mode.
type tab struct{ *Model }

func (t tab) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	m, cmd := t.Model.Update(msg)
	return tab{m}, cmd
}
func (t tab) Title() string   { return "Player" }
func (t tab) Badge() string   { return "" }
func (t tab) Unsaved() string { return "" }

// TestFlowStepThroughMerge runs the console with the player as a real
// program: open big-ticket-merge, step through it, see the merge.
func TestFlowStepThroughMerge(t *testing.T) {
	p, clk := uitest.FixtureProject(t)
	m := newModel(p, clk)
	tm := teatest.NewTestModel(t, ui.NewApp(ui.NewStyles(ui.DefaultTheme()), "flow test", tab{m}), teatest.WithInitialTermSize(120, 36))
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
