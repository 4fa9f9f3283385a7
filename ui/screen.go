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
