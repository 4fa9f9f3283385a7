package player

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the player's keys; enablement follows the stage (see update).
type KeyMap struct {
	// Choosing a scenario.
	Up, Down, Open, File key.Binding
	// Playing: one step, play/pause, start again, back to the list.
	Next, Play, Restart, Back key.Binding
	// Scrolling the timeline.
	PageUp, PageDown, Top, Bottom key.Binding
}

// DefaultKeyMap returns the player's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		File:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "open a file")),
		Next:     key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter/→", "next step")),
		Play:     key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "play/pause")),
		Restart:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "run again")),
		Back:     key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "scenarios")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
	}
}

type keyState struct {
	picking bool // the scenario list shows
	playing bool // a story is loaded
	more    bool // steps are left
	idle    bool // no request in flight
}

func (k *KeyMap) update(s keyState) {
	k.Up.SetEnabled(s.picking || s.playing)
	k.Down.SetEnabled(s.picking || s.playing)
	k.Open.SetEnabled(s.picking)
	k.File.SetEnabled(s.picking)
	k.Next.SetEnabled(s.playing && s.more)
	k.Play.SetEnabled(s.playing && s.more)
	k.Restart.SetEnabled(s.playing && s.idle)
	k.Back.SetEnabled(s.playing)
	for _, b := range []*key.Binding{&k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(s.playing)
	}
}

// ShortHelp is the status bar's help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.File, k.Next, k.Play, k.Back}
}

// FullHelp is every key, by concern.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Open, k.File},
		{k.Next, k.Play, k.Restart, k.Back},
		{k.PageUp, k.PageDown, k.Top, k.Bottom},
	}
}
