package messages

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"limen/ui"
)

// confirm asks a yes/no question with the safe answer (no) preselected.
type confirm struct {
	question string
	note     string // under the question, muted
	yes, no  string
	onYes    bool
	run      func() tea.Cmd // on yes
}

// update handles a key: done when answered, with the command to run.
func (c *confirm) update(k KeyMap, msg tea.KeyMsg) (done bool, cmd tea.Cmd) {
	switch {
	case key.Matches(msg, k.Yes):
		return true, c.run()
	case key.Matches(msg, k.No):
		return true, nil
	case key.Matches(msg, k.Toggle):
		c.onYes = !c.onYes
	case msg.Type == tea.KeyEnter:
		if c.onYes {
			return true, c.run()
		}
		return true, nil
	}
	return false, nil
}

func (c *confirm) view(s ui.Styles, inner int) string {
	button := func(label string, selected bool) string {
		if selected {
			return s.ActiveTab.Render("▸ " + label)
		}
		return s.Tab.Render("  " + label)
	}
	buttons := lipgloss.JoinHorizontal(lipgloss.Top, button("(n) "+c.no, !c.onYes), "  ", button("(y) "+c.yes, c.onYes))
	lines := []string{lipgloss.NewStyle().Width(inner).Render(c.question)}
	if c.note != "" {
		lines = append(lines, "", s.Muted.Width(inner).Render(c.note))
	}
	lines = append(lines, "", buttons)
	return strings.Join(lines, "\n")
}
