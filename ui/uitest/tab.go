package uitest

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/ui"
)

// Tab hosts a mode as a console tab of its own, so that a test can run it
// in the real shell.
type Tab[M ui.Mode[M]] struct {
	M    M
	Name string
}

// Init, Update, View and the rest make Tab a ui.Screen.
func (t Tab[M]) Init() tea.Cmd { return t.M.Init() }
func (t Tab[M]) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	m, cmd := t.M.Update(msg)
	return Tab[M]{M: m, Name: t.Name}, cmd
}
func (t Tab[M]) View() string              { return t.M.View() }
func (t Tab[M]) SetSize(w, h int)          { t.M.SetSize(w, h) }
func (t Tab[M]) ShortHelp() []key.Binding  { return t.M.ShortHelp() }
func (t Tab[M]) FullHelp() [][]key.Binding { return t.M.FullHelp() }
func (t Tab[M]) Typing() bool              { return t.M.Typing() }
func (t Tab[M]) Commands() []ui.Command    { return t.M.Commands() }
func (t Tab[M]) Title() string             { return t.Name }
func (t Tab[M]) Badge() string             { return "" }
func (t Tab[M]) Unsaved() string           { return "" }
