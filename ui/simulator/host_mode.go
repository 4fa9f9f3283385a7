package simulator

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/ui"
	"limen/ui/player"
	"limen/ui/visitor"
)

// modeHost adapts a mode's screen to hosted.
type modeHost[M ui.Mode[M]] struct{ m M }

func newVisitorHost(c ui.Context) hosted { return &modeHost[*visitor.Model]{m: visitor.New(c)} }
func newPlayerHost(c ui.Context) hosted  { return &modeHost[*player.Model]{m: player.New(c)} }

func (h *modeHost[M]) init() tea.Cmd { return h.m.Init() }
func (h *modeHost[M]) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	h.m, cmd = h.m.Update(msg)
	return cmd
}
func (h *modeHost[M]) view() string              { return h.m.View() }
func (h *modeHost[M]) setSize(w, ht int)         { h.m.SetSize(w, ht) }
func (h *modeHost[M]) shortHelp() []key.Binding  { return h.m.ShortHelp() }
func (h *modeHost[M]) fullHelp() [][]key.Binding { return h.m.FullHelp() }
func (h *modeHost[M]) typing() bool              { return h.m.Typing() }
func (h *modeHost[M]) commands() []ui.Command    { return h.m.Commands() }
