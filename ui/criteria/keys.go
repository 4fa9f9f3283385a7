package criteria

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key of the Criteria tab; help is rendered from it.
type KeyMap struct {
	Up, Down, Enter, Back key.Binding

	// List.
	New, Rename, Duplicate, Delete, MoveUp, MoveDown key.Binding
	Publish, Backtest, Explain, Import, Export       key.Binding

	// Editor.
	AddBlock, AddCond, AddGroup, Toggle, Into, Out, Cut, Paste, Undo, Redo key.Binding
	Save, JSON                                                             key.Binding

	// Dialogs.
	Yes, No, Switch, Next, Prev key.Binding
}

// DefaultKeyMap is the tab's keys.
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Up:    b("↑/k", "up", "up", "k"),
		Down:  b("↓/j", "down", "down", "j"),
		Enter: b("enter", "edit", "enter"),
		Back:  b("esc", "back", "esc"),

		New:       b("n", "new set", "n"),
		Rename:    b("r", "rename", "r"),
		Duplicate: b("d", "duplicate", "d"),
		Delete:    b("x", "delete", "x"),
		MoveUp:    b("K", "move up", "K", "shift+up"),
		MoveDown:  b("J", "move down", "J", "shift+down"),
		Publish:   b("P", "publish", "P"),
		Backtest:  b("b", "backtest", "b"),
		Explain:   b("w", "why?", "w"),
		Import:    b("i", "import", "i"),
		Export:    b("e", "export", "e"),

		AddBlock: b("a", "add block", "a"),
		AddCond:  b("c", "add condition", "c"),
		AddGroup: b("g", "add group", "g"),
		Toggle:   b("t", "all/any/none", "t"),
		Into:     b(">", "into group", ">"),
		Out:      b("<", "out of group", "<"),
		Cut:      b("X", "cut", "X"),
		Paste:    b("p", "paste", "p"),
		Undo:     b("u", "undo", "u"),
		Redo:     b("ctrl+r", "redo", "ctrl+r"),
		Save:     b("s", "save", "s"),
		JSON:     b("v", "json", "v"),

		Yes:    b("y", "yes", "y"),
		No:     b("n/esc", "no", "n", "esc"),
		Switch: b("←/→", "choose", "left", "right", "h", "l"),
		Next:   b("tab", "next field", "tab", "down"),
		Prev:   b("shift+tab", "previous field", "shift+tab", "up"),
	}
}

func (k KeyMap) listShort() []key.Binding {
	return []key.Binding{k.Enter, k.New, k.Publish, k.Backtest, k.MoveUp}
}

func (k KeyMap) editorShort() []key.Binding {
	return []key.Binding{k.AddBlock, k.AddGroup, k.Save, k.Undo, k.Back}
}

func (k KeyMap) confirmHelp() []key.Binding { return []key.Binding{k.Yes, k.No, k.Switch} }

func (k KeyMap) inputHelp() []key.Binding {
	return []key.Binding{k.Next, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
}

// ShortHelp is the list's short help.
func (k KeyMap) ShortHelp() []key.Binding { return k.listShort() }

// FullHelp is every key, by view.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Enter, k.New, k.Rename, k.Duplicate, k.Delete, k.MoveUp, k.MoveDown},
		{k.Publish, k.Backtest, k.Explain, k.Import, k.Export, k.Back},
		{k.AddBlock, k.AddCond, k.AddGroup, k.Toggle, k.Into, k.Out, k.Cut, k.Paste},
		{k.Undo, k.Redo, k.Save, k.JSON},
	}
}
