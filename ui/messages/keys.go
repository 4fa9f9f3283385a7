package messages

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key of the Messages tab; help is rendered from it, and a
// disabled binding neither acts nor shows.
type KeyMap struct {
	// List.
	Up, Down, Top, Bottom key.Binding
	New, Edit, StartStop  key.Binding
	Delete                key.Binding

	// Editor (a form: every key goes to it).
	Next, Prev, Choose       key.Binding
	NextProfile, PrevProfile key.Binding
	Save, Close              key.Binding

	// Confirmations.
	Yes, No, Toggle key.Binding
}

// DefaultKeyMap is the tab's keys.
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Up:        b("↑/k", "up", "up", "k"),
		Down:      b("↓/j", "down", "down", "j"),
		Top:       b("g/home", "top", "home", "g"),
		Bottom:    b("G/end", "bottom", "end", "G"),
		New:       b("n", "new campaign", "n"),
		Edit:      b("enter/e", "edit", "enter", "e"),
		StartStop: b("s", "start/stop", "s"),
		Delete:    b("d", "delete draft", "d"),

		Next:        b("tab/↓", "next field", "tab", "down"),
		Prev:        b("shift+tab/↑", "previous field", "shift+tab", "up"),
		Choose:      b("←/→", "choose", "left", "right"),
		NextProfile: b("ctrl+n", "next profile", "ctrl+n"),
		PrevProfile: b("ctrl+p", "previous profile", "ctrl+p"),
		Save:        b("ctrl+s", "save", "ctrl+s"),
		Close:       b("esc", "close", "esc"),

		Yes:    b("y", "yes", "y"),
		No:     b("n/esc", "no", "n", "esc"),
		Toggle: b("←/→", "switch", "left", "right", "h", "l", "tab"),
	}
}

// keyState is what the bindings' enablement depends on.
type keyState struct {
	editing  bool // the editor is open
	confirm  bool // a confirmation is open
	selected bool // a campaign is selected in the list
	draft    bool // the selected campaign is a draft
	rows     int
}

// update enables the bindings that apply in state s.
func (k *KeyMap) update(s keyState) {
	list := !s.editing && !s.confirm
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Top, &k.Bottom} {
		b.SetEnabled(list && s.rows > 1)
	}
	k.New.SetEnabled(list)
	k.Edit.SetEnabled(list && s.selected)
	k.StartStop.SetEnabled(list && s.selected)
	k.Delete.SetEnabled(list && s.selected && s.draft)
	ed := s.editing && !s.confirm
	for _, b := range []*key.Binding{&k.Next, &k.Prev, &k.Choose, &k.NextProfile, &k.PrevProfile, &k.Save, &k.Close} {
		b.SetEnabled(ed)
	}
	for _, b := range []*key.Binding{&k.Yes, &k.No, &k.Toggle} {
		b.SetEnabled(s.confirm)
	}
}

// ShortHelp is the status bar's help: the keys that matter now.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.New, k.Edit, k.StartStop, k.Delete, k.Save, k.NextProfile, k.Close, k.Yes, k.No}
}

// FullHelp is every key, by concern.
func (k KeyMap) FullHelp() [][]key.Binding {
	all := DefaultKeyMap() // full help lists every key, whatever applies now
	return [][]key.Binding{
		{all.Up, all.Down, all.Top, all.Bottom},
		{all.New, all.Edit, all.StartStop, all.Delete},
		{all.Next, all.Prev, all.Choose, all.Save, all.Close},
		{all.NextProfile, all.PrevProfile},
	}
}
