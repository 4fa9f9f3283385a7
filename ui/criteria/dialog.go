package criteria

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"limen/ui"
)

// confirm asks a yes/no question with the safe answer (no) preselected;
// body is shown above the buttons (a diff, a list of problems).
type confirm struct {
	question string
	body     []string
	yes, no  string
	onYes    bool
	run      func() tea.Cmd // on yes
	onNo     func() tea.Cmd // on no; may be nil
}

// update handles a key: done when answered, with the command to run.
func (c *confirm) update(k KeyMap, msg tea.KeyMsg) (done bool, cmd tea.Cmd) {
	answer := func(yes bool) (bool, tea.Cmd) {
		if yes {
			return true, c.run()
		}
		if c.onNo != nil {
			return true, c.onNo()
		}
		return true, nil
	}
	switch {
	case key.Matches(msg, k.Yes):
		return answer(true)
	case key.Matches(msg, k.No):
		return answer(false)
	case key.Matches(msg, k.Switch), msg.Type == tea.KeyTab:
		c.onYes = !c.onYes
	case msg.Type == tea.KeyEnter:
		return answer(c.onYes)
	}
	return false, nil
}

func (c *confirm) view(s ui.Styles, inner, maxLines int) string {
	button := func(label string, selected bool) string {
		if selected {
			return s.ActiveTab.Render("▸ " + label)
		}
		return s.Tab.Render("  " + label)
	}
	buttons := lipgloss.JoinHorizontal(lipgloss.Top, button("(n) "+c.no, !c.onYes), "  ", button("(y) "+c.yes, c.onYes))
	lines := []string{lipgloss.NewStyle().Width(inner).Render(c.question)}
	if len(c.body) > 0 {
		body := c.body
		room := max(1, maxLines-lipgloss.Height(lines[0])-4)
		if len(body) > room {
			body = append(body[:room-1:room-1], s.Muted.Render("  … "+plural(len(c.body)-room+1, "more line")))
		}
		lines = append(lines, "")
		for _, l := range body {
			lines = append(lines, truncate(l, inner))
		}
	}
	lines = append(lines, "", buttons)
	return strings.Join(lines, "\n")
}

// prompt asks for one or more lines of text; ok receives their values and
// returns the command to run, or an error message that keeps it open.
type prompt struct {
	title  string
	inputs []textinput.Model
	labels []string
	focus  int
	err    string
	ok     func(values []string) (tea.Cmd, string)
}

func newPrompt(title string, labels, values []string, ok func([]string) (tea.Cmd, string)) *prompt {
	p := &prompt{title: title, labels: labels, ok: ok}
	for i := range labels {
		in := textinput.New()
		in.Prompt = ""
		_ = in.Cursor.SetMode(cursor.CursorStatic)
		if i < len(values) {
			in.SetValue(values[i])
		}
		p.inputs = append(p.inputs, in)
	}
	p.inputs[0].Focus()
	return p
}

func (p *prompt) setWidth(w int) {
	lw := 0
	for _, l := range p.labels {
		lw = max(lw, lipgloss.Width(l))
	}
	for i := range p.inputs {
		p.inputs[i].Width = max(8, w-lw-3)
	}
}

// update handles a key: done when closed, with the command to run.
func (p *prompt) update(msg tea.Msg) (done bool, cmd tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch k.Type {
		case tea.KeyEsc:
			return true, nil
		case tea.KeyTab, tea.KeyDown, tea.KeyShiftTab, tea.KeyUp:
			d := 1
			if k.Type == tea.KeyShiftTab || k.Type == tea.KeyUp {
				d = len(p.inputs) - 1
			}
			p.inputs[p.focus].Blur()
			p.focus = (p.focus + d) % len(p.inputs)
			p.inputs[p.focus].Focus()
			return false, nil
		case tea.KeyEnter:
			if p.focus < len(p.inputs)-1 {
				p.inputs[p.focus].Blur()
				p.focus++
				p.inputs[p.focus].Focus()
				return false, nil
			}
			vals := make([]string, len(p.inputs))
			for i, in := range p.inputs {
				vals[i] = strings.TrimSpace(in.Value())
			}
			cmd, errText := p.ok(vals)
			if errText != "" {
				p.err = errText
				return false, nil
			}
			return true, cmd
		}
	}
	p.inputs[p.focus], cmd = p.inputs[p.focus].Update(msg)
	return false, cmd
}

func (p *prompt) view(s ui.Styles) string {
	lw := 0
	for _, l := range p.labels {
		lw = max(lw, lipgloss.Width(l))
	}
	lines := []string{s.Title.Render(p.title), ""}
	for i, in := range p.inputs {
		mark := "  "
		if i == p.focus {
			mark = "▸ "
		}
		lines = append(lines, mark+s.Muted.Render(padRight(p.labels[i], lw))+" "+in.View())
	}
	if p.err != "" {
		lines = append(lines, "", s.Error.Render("✗ "+p.err))
	}
	lines = append(lines, "", s.Muted.Render("tab next field · enter ok · esc cancel"))
	return strings.Join(lines, "\n")
}
