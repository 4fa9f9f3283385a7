package simulator

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"limen/ui"
)

// mode is what the tab shows: the live simulation, or a hosted component.
type mode int

const (
	modeLive mode = iota
	modeVisitor
	modePlayer
	modeCount
)

func (md mode) label() string {
	switch md {
	case modeVisitor:
		return "be a visitor"
	case modePlayer:
		return "scenario player"
	}
	return "live simulation"
}

// hosted is a component the tab hosts in a mode (ui/visitor, ui/player),
// behind a small adapter per package (host_*.go).
type hosted interface {
	init() tea.Cmd
	update(tea.Msg) tea.Cmd
	view() string
	setSize(w, h int)
	shortHelp() []key.Binding
	fullHelp() [][]key.Binding
	typing() bool
	commands() []ui.Command
}

// hostState is a hosted component and whether it was started (Init runs
// the first time its mode is shown).
type hostState struct {
	h       hosted
	started bool
}

// newHosts builds the hosted components (nothing runs until started).
func newHosts(c ui.Context) [modeCount]*hostState {
	var hs [modeCount]*hostState
	hs[modeVisitor] = &hostState{h: newVisitorHost(c)}
	hs[modePlayer] = &hostState{h: newPlayerHost(c)}
	return hs
}

// hosting reports whether any mode besides live exists.
func (m *Model) hosting() bool {
	for _, h := range m.hosts {
		if h != nil {
			return true
		}
	}
	return false
}

// active is the hosted component of the current mode, or nil in live mode.
func (m *Model) active() hosted {
	if h := m.hosts[m.mode]; h != nil && m.mode != modeLive {
		return h.h
	}
	return nil
}

// switchMode shows mode md, starting its component the first time.
func (m *Model) switchMode(md mode) tea.Cmd {
	if md != modeLive && m.hosts[md] == nil {
		return nil
	}
	m.mode = md
	m.layout()
	if h := m.hosts[md]; h != nil && !h.started {
		h.started = true
		return h.h.init()
	}
	return nil
}

// forward passes a non-key message to every started hosted component:
// answers to their commands must reach them whichever mode shows.
func (m *Model) forward(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, h := range m.hosts {
		if h != nil && h.started {
			cmds = append(cmds, h.h.update(msg))
		}
	}
	return tea.Batch(cmds...)
}

// modeKey handles 1, 2 and 3; it reports whether msg was one of them.
func (m *Model) modeKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.keys.Live):
		return m.switchMode(modeLive), true
	case key.Matches(msg, m.keys.Visitor):
		return m.switchMode(modeVisitor), true
	case key.Matches(msg, m.keys.Player):
		return m.switchMode(modePlayer), true
	}
	return nil, false
}

// switcherView is the mode line: each mode with its key, the current one
// marked with a glyph as well as a style.
func (m *Model) switcherView() string {
	var parts []string
	for md := modeLive; md < modeCount; md++ {
		if md != modeLive && m.hosts[md] == nil {
			continue
		}
		label := string(rune('1'+md)) + " " + md.label()
		if md == m.mode {
			parts = append(parts, m.styles.ActiveTab.Render("▸ "+label))
		} else {
			parts = append(parts, m.styles.Tab.Render("  "+label))
		}
	}
	return ui.FitLine(lipgloss.JoinHorizontal(lipgloss.Top, parts...), m.width)
}

// modeCommands are the palette entries that switch modes.
func (m *Model) modeCommands() []ui.Command {
	var out []ui.Command
	for md := modeLive; md < modeCount; md++ {
		if md == m.mode || (md != modeLive && m.hosts[md] == nil) {
			continue
		}
		out = append(out, ui.Command{Name: "simulator: " + md.label(), Help: string(rune('1'+md)) + ": switch mode",
			Run: func() tea.Cmd { return m.switchMode(md) }})
	}
	return out
}
