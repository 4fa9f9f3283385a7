package simulator

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/ui"
	"limen/ui/player"
)

// playerHost hosts ui/player (the scenario player).
type playerHost struct{ m *player.Model }

func newPlayerHost(c ui.Context) hosted { return &playerHost{m: player.New(c)} }

func (h *playerHost) init() tea.Cmd { return h.m.Init() }
func (h *playerHost) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	h.m, cmd = h.m.Update(msg)
	return cmd
}
func (h *playerHost) view() string              { return h.m.View() }
func (h *playerHost) setSize(w, ht int)         { h.m.SetSize(w, ht) }
func (h *playerHost) shortHelp() []key.Binding  { return h.m.ShortHelp() }
func (h *playerHost) fullHelp() [][]key.Binding { return h.m.FullHelp() }
func (h *playerHost) typing() bool              { return h.m.Typing() }
func (h *playerHost) commands() []ui.Command    { return h.m.Commands() }
