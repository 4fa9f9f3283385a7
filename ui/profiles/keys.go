package profiles

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the profile browser's keys. k cycles the kind filter, so up is
// the arrow only (j still moves down). Bindings are enabled from the
// browser's state (see update), and help is rendered from the same struct:
// a disabled binding neither acts nor shows.
type KeyMap struct {
	// Table and detail navigation.
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	// Detail focuses the detail pane; Back returns to the table; Clear
	// ends the search from the table.
	Detail, Back, Clear key.Binding
	// In the detail pane: open or close a data-field node, show an event's
	// fields.
	Expand, Collapse, Toggle key.Binding
	// Filters and order.
	Search, Kind, Criteria, Sort, Reverse key.Binding
	// Actions on the selected profile or the filtered table.
	Identify, Forget, Export, ExportJSON, Copy, CopyEmail key.Binding
}

// DefaultKeyMap returns the browser's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:         key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Top:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "top")),
		Bottom:     key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last loaded")),
		Detail:     key.NewBinding(key.WithKeys("enter", "tab", "right", "l"), key.WithHelp("enter", "detail")),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to table")),
		Clear:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
		Expand:     key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "expand")),
		Collapse:   key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "collapse")),
		Toggle:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open/close")),
		Search:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Kind:       key.NewBinding(key.WithKeys("k"), key.WithHelp("k", "kind")),
		Criteria:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "criteria")),
		Sort:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Reverse:    key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse")),
		Identify:   key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "identify")),
		Forget:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "forget")),
		Export:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export csv")),
		ExportJSON: key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "export json")),
		Copy:       key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy userId")),
		CopyEmail:  key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy email")),
	}
}

// keyState is what the bindings' enablement depends on.
type keyState struct {
	focus     focus
	selected  bool // a profile is selected
	unknown   bool // the selected profile is unknown (identify applies)
	hasUserID bool
	realEmail bool // the selected profile has an email that is not a placeholder
	rows      bool // the table lists at least one profile
	searching bool // a search prefix is active (the order is fixed)
}

// update enables the bindings that apply in state s.
func (k *KeyMap) update(s keyState) {
	table, detail := s.focus == focusTable, s.focus == focusDetail
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(table || detail)
	}
	k.Detail.SetEnabled(table && s.selected)
	k.Back.SetEnabled(detail)
	k.Clear.SetEnabled(table && s.searching)
	k.Expand.SetEnabled(detail)
	k.Collapse.SetEnabled(detail)
	k.Toggle.SetEnabled(detail)
	browsing := table || detail
	k.Search.SetEnabled(browsing)
	k.Kind.SetEnabled(browsing)
	k.Criteria.SetEnabled(browsing)
	k.Sort.SetEnabled(browsing && !s.searching)
	k.Reverse.SetEnabled(browsing && !s.searching)
	k.Identify.SetEnabled(browsing && s.selected && s.unknown)
	k.Forget.SetEnabled(browsing && s.selected)
	k.Export.SetEnabled(browsing && s.rows)
	k.ExportJSON.SetEnabled(browsing && s.rows)
	k.Copy.SetEnabled(browsing && s.selected && s.hasUserID)
	k.CopyEmail.SetEnabled(browsing && s.selected && s.realEmail)
}

// ShortHelp is the status bar's help: the keys that matter most now.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Search, k.Clear, k.Detail, k.Back, k.Expand, k.Identify, k.Export}
}

// FullHelp is every key, by concern.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Detail, k.Back, k.Expand, k.Collapse, k.Toggle},
		{k.Search, k.Clear, k.Kind, k.Criteria, k.Sort, k.Reverse},
		{k.Identify, k.Forget, k.Export, k.ExportJSON, k.Copy, k.CopyEmail},
	}
}
