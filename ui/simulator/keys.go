package simulator

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the simulator's keys. Bindings are enabled from the screen's
// state (see update) and help is rendered from the same struct.
type KeyMap struct {
	// Modes of the tab.
	Live, Visitor, Player key.Binding
	// Controls.
	Toggle, Step, Faster, Slower         key.Binding
	MoreArrivals, FewerArrivals          key.Binding
	MoreConsent, LessConsent, Mix, Reset key.Binding
	// The log and the devices list.
	Up, Down, PageUp, PageDown, Newest key.Binding
	Filter, Search, Inspect, Devices   key.Binding
	// The inspector.
	Close key.Binding
	// Confirmation of a restart.
	Yes, No key.Binding
}

// DefaultKeyMap returns the simulator's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Live:          key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "live simulation")),
		Visitor:       key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "be a visitor")),
		Player:        key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "scenario player")),
		Toggle:        key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "run/pause")),
		Step:          key.NewBinding(key.WithKeys("."), key.WithHelp(".", "step")),
		Faster:        key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "faster")),
		Slower:        key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "slower")),
		MoreArrivals:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "more arrivals")),
		FewerArrivals: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "fewer arrivals")),
		MoreConsent:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "more consent")),
		LessConsent:   key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "less consent")),
		Mix:           key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "persona mix")),
		Reset:         key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "restart (new seed)")),
		Up:            key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:          key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:        key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:      key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Newest:        key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "newest, follow")),
		Filter:        key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filter")),
		Search:        key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "device filter")),
		Inspect:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "inspect")),
		Devices:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "log/devices")),
		Close:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
		Yes:           key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "restart")),
		No:            key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep running")),
	}
}

// keyState is what enablement depends on.
type keyState struct {
	hosting    bool // modes 2 and 3 exist
	confirming bool // the restart confirmation is open
	running    bool // a simulation is playing (not paused)
	creating   bool // a simulation is being created
	rows       bool // the log or the devices list has a selected row
	inspecting bool
	simulated  bool // a simulation exists
}

// update enables the bindings that apply in state s.
func (k *KeyMap) update(s keyState) {
	all := []*key.Binding{&k.Live, &k.Visitor, &k.Player, &k.Toggle, &k.Step, &k.Faster, &k.Slower,
		&k.MoreArrivals, &k.FewerArrivals, &k.MoreConsent, &k.LessConsent, &k.Mix, &k.Reset,
		&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Newest, &k.Filter, &k.Search, &k.Inspect, &k.Devices, &k.Close}
	for _, b := range all {
		b.SetEnabled(!s.confirming)
	}
	k.Yes.SetEnabled(s.confirming)
	k.No.SetEnabled(s.confirming)
	if s.confirming {
		return
	}
	k.Visitor.SetEnabled(s.hosting)
	k.Player.SetEnabled(s.hosting)
	k.Live.SetEnabled(s.hosting)
	k.Toggle.SetEnabled(!s.creating)
	k.Step.SetEnabled(!s.running && !s.creating)
	k.Reset.SetEnabled(!s.creating)
	k.Inspect.SetEnabled(s.rows)
	k.Devices.SetEnabled(s.simulated)
	k.Close.SetEnabled(s.inspecting)
}

// ShortHelp is the status bar's help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Yes, k.No, k.Toggle, k.Step, k.Filter, k.Inspect, k.Close}
}

// FullHelp is every key, by concern.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Toggle, k.Step, k.Faster, k.Slower, k.Reset},
		{k.MoreArrivals, k.FewerArrivals, k.MoreConsent, k.LessConsent, k.Mix},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Newest},
		{k.Filter, k.Search, k.Inspect, k.Devices, k.Close},
		{k.Live, k.Visitor, k.Player},
	}
}
