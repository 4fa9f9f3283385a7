package ui

import "github.com/charmbracelet/bubbles/key"

// globalKeys are the shell's own keys, active whenever no text input has
// focus.
type globalKeys struct {
	NextTab, PrevTab key.Binding
	Help             key.Binding
	Palette          key.Binding
	Quit             key.Binding
	ForceQuit        key.Binding
}

func defaultGlobalKeys() globalKeys {
	return globalKeys{
		NextTab:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next tab")),
		PrevTab:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous tab")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Palette:   key.NewBinding(key.WithKeys(":", "ctrl+p"), key.WithHelp(":/ctrl+p", "commands")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

func (k globalKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.NextTab, k.Palette, k.Help, k.Quit}
}

func (k globalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.NextTab, k.PrevTab}, {k.Palette, k.Help}, {k.Quit, k.ForceQuit}}
}
