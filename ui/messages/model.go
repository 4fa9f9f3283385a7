// Package messages is the console's Messages tab: campaigns that message
// unknown (and known) users on a channel — in-app, embedded, push or email
// — with their live figures, and an editor whose preview renders the
// message for a chosen profile as it is typed. Every engine call runs in a
// command; Update and View do no I/O.
package messages

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/ui"
)

// Model is the Messages tab. It implements ui.Screen.
type Model struct {
	ctx    ui.Context
	styles ui.Styles
	keys   KeyMap

	width, height int

	// Request ids: each answer carries the id of its request, and answers
	// to anything but the latest request of their kind are dropped.
	seq                      int
	listReq, statsReq, opReq int

	campaigns []engine.Campaign
	sets      []engine.CriteriaSetInfo
	names     map[string]string // criteria set names by id
	loaded    bool
	err       string
	cursor    int
	offset    int
	wantID    uint64 // where the cursor goes after the next listing

	// Live figures: read on a tick, one read at a time.
	stats    map[uint64]engine.CampaignStats
	hasStats bool
	reading  bool // a stats read is in flight
	armed    bool // a poll tick is armed
	again    bool // read once more when the read in flight answers
	active   bool // the tab is on screen (see SetActive)

	ed      *editor
	confirm *confirm

	// after schedules msg in d: tea.Tick in the console; tests replace it.
	after func(d time.Duration, msg tea.Msg) tea.Cmd
}

var _ ui.Screen = (*Model)(nil)

// New builds the tab over c.Project; data loads when Init's commands run.
func New(c ui.Context) *Model {
	m := &Model{ctx: c, styles: c.Styles, keys: DefaultKeyMap(), names: map[string]string{},
		stats: map[uint64]engine.CampaignStats{}, active: true,
		after: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		}}
	m.updateKeys()
	return m
}

// Init loads the campaigns (their figures follow).
func (m *Model) Init() tea.Cmd { return m.reload() }

// reload asks for the campaigns and the criteria sets.
func (m *Model) reload() tea.Cmd {
	m.listReq = m.nextReq()
	return listCmd(m.ctx.Project, m.listReq)
}

// Title is the tab's name.
func (m *Model) Title() string { return "Messages" }

// Badge is the number of running campaigns.
func (m *Model) Badge() string {
	if n := m.running(); n > 0 {
		return fmt.Sprintf("%s %d", glyphRunning, n)
	}
	return ""
}

// running counts the running campaigns.
func (m *Model) running() int {
	n := 0
	for _, c := range m.campaigns {
		if c.State == engine.CampaignRunning {
			n++
		}
	}
	return n
}

// Typing reports that every key must come here: the editor is a form, and
// confirmations are modal (ctrl+c still reaches the shell).
func (m *Model) Typing() bool { return m.ed != nil || m.confirm != nil }

// Unsaved names the editor's unsaved campaign, or "".
func (m *Model) Unsaved() string {
	if m.ed == nil || !m.ed.dirty() {
		return ""
	}
	if m.ed.isNew() {
		return "a new, unsaved campaign"
	}
	return fmt.Sprintf("unsaved edits to campaign %q", m.ed.orig.Name)
}

// SetActive tells the tab whether it is on screen: its figures are read
// every second only while they are shown.
func (m *Model) SetActive(on bool) tea.Cmd {
	m.active = on
	return m.poll()
}

// ShortHelp is the status bar's help for the current state.
func (m *Model) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp is every key of the tab.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Commands are the tab's palette entries, for what applies now.
func (m *Model) Commands() []ui.Command {
	entry := func(b key.Binding, name, help string, run func() tea.Cmd) []ui.Command {
		if !b.Enabled() {
			return nil
		}
		return []ui.Command{{Name: name, Help: b.Help().Key + ": " + help, Run: run}}
	}
	var out []ui.Command
	out = append(out, entry(m.keys.New, "new campaign", "message unknown users", m.startNew)...)
	if c, ok := m.selected(); ok {
		out = append(out, entry(m.keys.Edit, "edit campaign", c.Name, func() tea.Cmd { return m.openEditor(c) })...)
		verb := "start campaign"
		if c.State == engine.CampaignRunning {
			verb = "stop campaign"
		}
		out = append(out, entry(m.keys.StartStop, verb, c.Name, m.startStop)...)
		out = append(out, entry(m.keys.Delete, "delete campaign", "a draft: "+c.Name, m.startDelete)...)
	}
	return out
}

// SetSize lays the tab out in w×h.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

func (m *Model) layout() {
	if m.ed != nil {
		m.ed.setWidths(formWidth(m.width))
	}
	m.offset = scrollOffset(m.cursor, m.offset, m.visibleRows(), len(m.campaigns))
}

// selected is the campaign under the cursor.
func (m *Model) selected() (engine.Campaign, bool) {
	if m.cursor < 0 || m.cursor >= len(m.campaigns) {
		return engine.Campaign{}, false
	}
	return m.campaigns[m.cursor], true
}

// updateKeys enables the bindings that apply now.
func (m *Model) updateKeys() {
	sel, ok := m.selected()
	m.keys.update(keyState{editing: m.ed != nil, confirm: m.confirm != nil, selected: ok,
		draft: ok && sel.State == engine.CampaignDraft, rows: len(m.campaigns)})
}

func (m *Model) nextReq() int {
	m.seq++
	return m.seq
}

// scrollOffset is the first visible row that keeps the cursor in view,
// moving the previous offset as little as possible.
func scrollOffset(cursor, offset, visible, total int) int {
	if visible <= 0 {
		return cursor
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+visible {
		offset = cursor - visible + 1
	}
	return max(0, min(offset, total-visible))
}
