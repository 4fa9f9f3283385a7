package ui

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// Screen is one tab of the console. Besides being a Bubble Tea model it
// knows its size, its key map (rendered as help), whether a text input has
// focus (then every key goes to it), and whether leaving would lose work.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	help.KeyMap
	// Title is the tab's name; Badge a live count shown beside it.
	Title() string
	Badge() string
	// Typing reports that a text input has focus.
	Typing() bool
	// Unsaved describes work that quitting would lose, or "".
	Unsaved() string
	// Commands are the screen's entries in the command palette.
	Commands() []Command
}

// Command is one entry of the command palette.
type Command struct {
	Name string
	Help string
	Run  func() tea.Cmd
}

// Mode is a screen the Simulator tab hosts as one of its modes (be a
// visitor, the scenario player): a Screen but for the tab's title, badge
// and unsaved work, with Update returning its own model.
type Mode[M any] interface {
	Init() tea.Cmd
	Update(tea.Msg) (M, tea.Cmd)
	View() string
	SetSize(width, height int)
	help.KeyMap
	Typing() bool
	Commands() []Command
}
