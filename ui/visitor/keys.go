package visitor

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the visitor screen's keys. Bindings are enabled from the
// screen's state (see update) and help is rendered from the same struct.
type KeyMap struct {
	// Device actions.
	Consent, Revoke, Browse, Add, Purchase, Update, Session, Identify, Logout key.Binding
	// Click follows the first message the device holds (an in-app or
	// embedded message on screen, or a push notification).
	Click key.Binding
	// Why toggles the "why not activated yet" pane; Devices picks another
	// device; NewVisitor starts a fresh one.
	Why, Devices, NewVisitor key.Binding
	// Scrolling the history (or the why pane).
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// DefaultKeyMap returns the visitor screen's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Consent:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "consent")),
		Revoke:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "revoke consent")),
		Browse:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "browse")),
		Add:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add to cart")),
		Purchase:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "buy")),
		Update:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "profile")),
		Session:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new session")),
		Click:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "click message")),
		Identify:   key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "identify")),
		Logout:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "log out")),
		Why:        key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "why not")),
		Devices:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "pick device")),
		NewVisitor: key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "new visitor")),
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Top:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
		Bottom:     key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),
	}
}

// keyState is what the bindings' enablement depends on.
type keyState struct {
	ready   bool // a device is open, no action in flight, no form open
	consent bool
	cart    bool // the cart holds items
	visitor bool // the device's person is a visitor
	message bool // the device holds a message
}

func (k *KeyMap) update(s keyState) {
	for _, b := range []*key.Binding{&k.Consent, &k.Browse, &k.Add, &k.Update, &k.Session, &k.Identify,
		&k.Why, &k.Devices, &k.NewVisitor, &k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(s.ready)
	}
	k.Revoke.SetEnabled(s.ready && s.consent)
	k.Purchase.SetEnabled(s.ready && s.cart)
	k.Logout.SetEnabled(s.ready && !s.visitor)
	k.Click.SetEnabled(s.ready && s.message)
	if s.consent {
		k.Consent.SetHelp("c", "revoke")
	} else {
		k.Consent.SetHelp("c", "consent")
	}
}

// ShortHelp is the status bar's help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Consent, k.Browse, k.Identify, k.Why}
}

// FullHelp is every key, by concern.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Consent, k.Revoke, k.Session, k.Click, k.Logout},
		{k.Browse, k.Add, k.Purchase, k.Update, k.Identify},
		{k.Why, k.Devices, k.NewVisitor},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
	}
}
