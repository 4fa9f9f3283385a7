package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// confirmDialog asks a yes/no question with the safe answer (no) selected.
type confirmDialog struct {
	question string
	yes, no  string
	// onYes is true when the cursor rests on the yes answer.
	onYes bool
	keys  confirmKeys
}

type confirmKeys struct{ yes, no, toggle, enter key.Binding }

func newConfirm(question, yes, no string) *confirmDialog {
	return &confirmDialog{question: question, yes: yes, no: no, keys: confirmKeys{
		yes:    key.NewBinding(key.WithKeys("y")),
		no:     key.NewBinding(key.WithKeys("n", "esc")),
		toggle: key.NewBinding(key.WithKeys("left", "right", "h", "l", "tab")),
		enter:  key.NewBinding(key.WithKeys("enter")),
	}}
}

// update handles a key; done reports that the dialog is answered, yes how.
func (d *confirmDialog) update(msg tea.KeyMsg) (done, yes bool) {
	switch {
	case key.Matches(msg, d.keys.yes):
		return true, true
	case key.Matches(msg, d.keys.no):
		return true, false
	case key.Matches(msg, d.keys.toggle):
		d.onYes = !d.onYes
	case key.Matches(msg, d.keys.enter):
		return true, d.onYes
	}
	return false, false
}

func (d *confirmDialog) view(s Styles) string {
	button := func(label string, selected bool) string {
		if selected {
			return s.ActiveTab.Render("▸ " + label)
		}
		return s.Tab.Render("  " + label)
	}
	buttons := lipgloss.JoinHorizontal(lipgloss.Top, button("(n) "+d.no, !d.onYes), "  ", button("(y) "+d.yes, d.onYes))
	return s.Dialog.Render(lipgloss.JoinVertical(lipgloss.Left, d.question, "", buttons))
}
