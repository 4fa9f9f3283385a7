package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// palette is the command palette: type to filter, up/down to choose, enter
// to run, esc to close.
type palette struct {
	styles   Styles
	input    textinput.Model
	all      []Command
	matches  []Command
	selected int
}

func newPalette(styles Styles, cmds []Command) *palette {
	in := textinput.New()
	in.Prompt = ": "
	in.Placeholder = "type a command"
	in.Focus()
	p := &palette{styles: styles, input: in, all: cmds}
	p.filter()
	return p
}

// filter keeps the commands whose name or help contains every typed word.
func (p *palette) filter() {
	words := strings.Fields(strings.ToLower(p.input.Value()))
	p.matches = p.matches[:0]
	for _, c := range p.all {
		text := strings.ToLower(c.Name + " " + c.Help)
		ok := true
		for _, w := range words {
			if !strings.Contains(text, w) {
				ok = false
				break
			}
		}
		if ok {
			p.matches = append(p.matches, c)
		}
	}
	p.selected = min(p.selected, max(0, len(p.matches)-1))
}

// update handles a key: run is the chosen command's action, closed reports
// that the palette is done.
func (p *palette) update(msg tea.KeyMsg) (run func() tea.Cmd, closed bool) {
	switch msg.Type {
	case tea.KeyEsc, tea.KeyCtrlC:
		return nil, true
	case tea.KeyEnter:
		if len(p.matches) == 0 {
			return nil, false
		}
		return p.matches[p.selected].Run, true
	case tea.KeyUp, tea.KeyCtrlK, tea.KeyShiftTab:
		p.selected = max(0, p.selected-1)
		return nil, false
	case tea.KeyDown, tea.KeyCtrlJ, tea.KeyTab:
		p.selected = min(len(p.matches)-1, p.selected+1)
		return nil, false
	}
	p.input, _ = p.input.Update(msg)
	p.filter()
	return nil, false
}

func (p *palette) view(width int) string {
	w := min(64, width-8)
	p.input.Width = w - 4
	lines := []string{p.input.View(), ""}
	const shown = 10
	start := max(0, p.selected-shown+1)
	for i := start; i < len(p.matches) && i < start+shown; i++ {
		c := p.matches[i]
		line := c.Name + "  " + p.styles.Muted.Render(c.Help)
		if i == p.selected {
			line = p.styles.Selected.Render("▸ " + c.Name + "  " + c.Help)
		} else {
			line = "  " + line
		}
		lines = append(lines, truncate(line, w))
	}
	if len(p.matches) == 0 {
		lines = append(lines, p.styles.Muted.Render("  no command matches"))
	}
	return p.styles.Dialog.Width(w).Render(lipgloss.JoinVertical(lipgloss.Left, lines...))
}
