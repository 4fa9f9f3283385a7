// Package visitor is the console's "be a visitor" mode: one device (a new
// visitor, or one of the project's devices) driven by keys while the
// audience watches. Every action is a device call made in a command; the
// screen then says in plain words what happened (the sentences of
// `limen scenario run`), keeps them as a scrollable history, and shows the
// device: identity, consent, sessions, local events, profile update, cached
// criteria, and why it has not activated yet.
package visitor

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/google/uuid"

	"limen/engine/device"
	"limen/fixtures"
	"limen/ui"
)

// entry is one sentence of the history.
type entry struct {
	at    string // wall-clock time, HH:MM:SS
	label string // the action
	text  string
	err   string
}

// Model is the visitor screen.
type Model struct {
	ctx    ui.Context
	styles ui.Styles
	keys   KeyMap
	fkeys  formKeys

	width, height int
	// newID generates the device's userIds and event ids (UUID v4; tests
	// pin it).
	newID func() string

	// Request ids: answers to anything but the latest request are dropped.
	seq, req int
	busy     bool // an open or an action is in flight

	dev      *device.Device
	n        int // the latest you-N number used
	view     deviceView
	names    map[string]string
	cart     []device.Item
	catalog  []fixtures.Product
	lastSeen int // the catalog index last browsed; -1 for none
	history  []entry
	err      string

	showWhy bool
	hist    ui.Scroller
	why     ui.Scroller

	pick   *picker
	fields *fieldsForm
	ident  *identifyForm
}

// New builds the visitor screen over c.Project; Init opens a new visitor.
func New(c ui.Context) *Model {
	m := &Model{ctx: c, styles: c.Styles, keys: DefaultKeyMap(), fkeys: defaultFormKeys(), newID: uuid.NewString,
		names: map[string]string{}, catalog: fixtures.Catalog(), lastSeen: -1}
	m.hist.Follow = true
	m.updateKeys()
	return m
}

// Init opens a new visitor.
func (m *Model) Init() tea.Cmd { return m.open("") }

// open asks for a new visitor (id "") or device id.
func (m *Model) open(id string) tea.Cmd {
	m.req, m.busy = m.nextReq(), true
	m.updateKeys()
	return openCmd(m.ctx.Project, m.req, id, m.n, m.ctx.Now, m.newID)
}

// Typing reports that a picker or form is open: it takes every key.
func (m *Model) Typing() bool { return m.pick != nil || m.fields != nil || m.ident != nil }

// SetSize lays the screen out in w×h.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// ShortHelp is the status bar's help for the current state.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case m.ident != nil:
		return []key.Binding{m.fkeys.Next, m.fkeys.Left, m.fkeys.Submit, m.fkeys.Cancel}
	case m.fields != nil:
		return []key.Binding{m.fkeys.Submit, m.fkeys.Cancel}
	case m.pick != nil:
		return []key.Binding{m.fkeys.Up, m.fkeys.Down, m.fkeys.Submit, m.fkeys.Cancel}
	}
	return m.keys.ShortHelp()
}

// FullHelp is every key of the screen.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Commands are the screen's palette entries, for what applies now.
func (m *Model) Commands() []ui.Command {
	entry := func(b key.Binding, name string, run func() tea.Cmd) []ui.Command {
		if !b.Enabled() {
			return nil
		}
		return []ui.Command{{Name: "visitor: " + name, Help: b.Help().Key + ": " + b.Help().Desc, Run: run}}
	}
	var out []ui.Command
	out = append(out, entry(m.keys.Consent, m.keys.Consent.Help().Desc, m.toggleConsent)...)
	out = append(out, entry(m.keys.Browse, "browse a product", func() tea.Cmd { m.openCatalog(pickBrowse); return nil })...)
	out = append(out, entry(m.keys.Add, "add to cart", m.addToCart)...)
	out = append(out, entry(m.keys.Purchase, "purchase the cart", m.purchase)...)
	out = append(out, entry(m.keys.Update, "update profile fields", func() tea.Cmd { return m.openFields() })...)
	out = append(out, entry(m.keys.Session, "new session", m.newSession)...)
	out = append(out, entry(m.keys.Identify, "identify", func() tea.Cmd { m.ident = newIdentifyForm(); m.updateKeys(); return nil })...)
	out = append(out, entry(m.keys.Logout, "log out", m.logout)...)
	out = append(out, entry(m.keys.Why, "why not activated", func() tea.Cmd { m.toggleWhy(); return nil })...)
	out = append(out, entry(m.keys.Devices, "pick a device", m.listDevices)...)
	out = append(out, entry(m.keys.NewVisitor, "new visitor", func() tea.Cmd { return m.open("") })...)
	return out
}

// updateKeys enables the bindings that apply now.
func (m *Model) updateKeys() {
	st := m.view.state
	m.keys.update(keyState{ready: m.dev != nil && !m.busy && !m.Typing(), consent: st.Consent,
		cart: len(m.cart) > 0, visitor: st.Mode == device.Visitor || st.Mode == "", message: len(st.Inbox) > 0})
}

func (m *Model) nextReq() int {
	m.seq++
	return m.seq
}
