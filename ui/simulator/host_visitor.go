package simulator

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/ui"
	"limen/ui/visitor"
)

// visitorHost hosts ui/visitor ("be a visitor").
type visitorHost struct{ m *visitor.Model }

func newVisitorHost(c ui.Context) hosted { return &visitorHost{m: visitor.New(c)} }

func (h *visitorHost) init() tea.Cmd { return h.m.Init() }
func (h *visitorHost) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	h.m, cmd = h.m.Update(msg)
	return cmd
}
func (h *visitorHost) view() string              { return h.m.View() }
func (h *visitorHost) setSize(w, ht int)         { h.m.SetSize(w, ht) }
func (h *visitorHost) shortHelp() []key.Binding  { return h.m.ShortHelp() }
func (h *visitorHost) fullHelp() [][]key.Binding { return h.m.FullHelp() }
func (h *visitorHost) typing() bool              { return h.m.Typing() }
func (h *visitorHost) commands() []ui.Command    { return h.m.Commands() }
