// Package profiles is the console's profile browser: a table of the
// project's profiles paged from Badger, with search and filters, a detail
// pane (identifiers, unknownSession context, identity history, consent,
// data fields, events), and actions (identify, forget, export, copy).
// Every engine call runs in a command; Update and View do no I/O.
package profiles

import (
	"io"
	"os"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"limen/engine"
	"limen/ui"
)

// focus is which part of the browser takes keys (when no dialog is open).
type focus int

const (
	focusTable focus = iota
	focusSearch
	focusDetail
)

// Model is the profile browser. It implements ui.Screen.
type Model struct {
	ctx    ui.Context
	styles ui.Styles
	keys   KeyMap
	ckeys  confirmKeys

	width, height int
	lay           panes
	cols          []column

	focus   focus
	spin    spinner.Model
	animate bool      // run the spinner (tests turn it off)
	clip    io.Writer // where OSC 52 copies are written: the terminal

	// Request ids: each answer carries the id of its request, and answers
	// to anything but the latest request of their kind are dropped.
	seq                                 int
	listReq, countReq, detailReq, evReq int
	listing                             bool // a listing request is in flight

	filter filter
	rows   []engine.Profile // the listing from its top, as far as loaded
	next   engine.Cursor    // of the page after rows; "" when all are loaded
	loaded bool             // the first page arrived
	cursor int
	offset int
	count  matchCount
	total  int
	hasTot bool
	names  map[string]string // criteria set names by id
	ids    []string          // criteria set ids, in first-match order
	err    string            // the last error, shown on the filter line

	// Live refresh: at most one at a time; happenings arriving meanwhile
	// ask for one more.
	dirty  bool
	wantID uint64 // where the cursor goes after the next listing, if listed

	search textinput.Model
	detail detail
	form   *identifyForm
	forget *forgetDialog
}

var _ ui.Screen = (*Model)(nil)

// New builds the profile browser over c.Project. Data loads when Init's
// commands run.
func New(c ui.Context) *Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "email or userId prefix"
	_ = in.Cursor.SetMode(cursor.CursorStatic)
	sp := spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(c.Styles.Accent))
	m := &Model{ctx: c, styles: c.Styles, keys: DefaultKeyMap(), ckeys: defaultConfirmKeys(), spin: sp, animate: true,
		clip: os.Stdout, filter: defaultFilter(), names: map[string]string{}, search: in, detail: newDetail(c.Styles)}
	m.detail.names = m.names
	m.updateKeys()
	return m
}

// Init loads the criteria names, the first page, the counts.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{criteriaCmd(m.ctx.Project), totalCmd(m.ctx.Project), m.reload()}
	if m.animate {
		cmds = append(cmds, m.spin.Tick)
	}
	return tea.Batch(cmds...)
}

// Title is the tab's name.
func (m *Model) Title() string { return "Profiles" }

// Badge is the live number of profiles.
func (m *Model) Badge() string {
	if !m.hasTot {
		return ""
	}
	return ui.Thousands(m.total)
}

// Typing reports that keys must all come here: the search box or the
// identify form has focus, or a confirmation is open (dialogs are modal;
// ctrl+c still reaches the shell).
func (m *Model) Typing() bool { return m.focus == focusSearch || m.form != nil || m.forget != nil }

// Unsaved is always empty: the browser holds no unsaved work.
func (m *Model) Unsaved() string { return "" }

// ShortHelp is the status bar's help for the current state.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case m.forget != nil:
		return []key.Binding{m.ckeys.Yes, m.ckeys.No, m.ckeys.Toggle, m.ckeys.Enter}
	case m.form != nil && m.form.stage == stageConfirm:
		return []key.Binding{m.ckeys.Yes, m.ckeys.No, m.ckeys.Toggle, m.ckeys.Enter}
	case m.form != nil:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "preview")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
	case m.focus == focusSearch:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear"))}
	}
	return m.keys.ShortHelp()
}

// FullHelp is every key of the browser.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Commands are the browser's palette entries, for what applies now.
func (m *Model) Commands() []ui.Command {
	entry := func(b key.Binding, name, help string, run func() tea.Cmd) []ui.Command {
		if !b.Enabled() {
			return nil
		}
		return []ui.Command{{Name: name, Help: b.Help().Key + ": " + help, Run: run}}
	}
	var out []ui.Command
	out = append(out, entry(m.keys.Search, "search profiles", "email or userId prefix", m.startSearch)...)
	out = append(out, entry(m.keys.Kind, "filter profiles by kind", "all, unknown, known", m.cycleKind)...)
	out = append(out, entry(m.keys.Criteria, "filter profiles by criteria", "the activating set", m.cycleCriteria)...)
	out = append(out, entry(m.keys.Sort, "sort profiles", "created or activity", m.toggleOrder)...)
	out = append(out, entry(m.keys.Reverse, "reverse profile order", "newest or oldest first", m.reverseOrder)...)
	out = append(out, entry(m.keys.Identify, "identify profile", "convert or merge", m.startIdentify)...)
	out = append(out, entry(m.keys.Forget, "forget profile", "delete it and its data", m.startForget)...)
	out = append(out, entry(m.keys.Export, "export profiles as CSV", "all filtered rows", func() tea.Cmd { return m.export(formatCSV) })...)
	out = append(out, entry(m.keys.ExportJSON, "export profiles as JSON", "all filtered rows", func() tea.Cmd { return m.export(formatJSON) })...)
	out = append(out, entry(m.keys.Copy, "copy userId", "to the clipboard", func() tea.Cmd { return m.copy(false) })...)
	out = append(out, entry(m.keys.CopyEmail, "copy email", "to the clipboard", func() tea.Cmd { return m.copy(true) })...)
	return out
}

// SetSize lays the browser out in w×h.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// layout recomputes the panes, the columns and the detail size.
func (m *Model) layout() {
	m.lay = arrange(m.width, m.height, m.focus == focusDetail, len(m.rows))
	m.cols = layoutColumns(m.lay.tableW, m.filter.Order)
	ps := m.panelStyle()
	m.detail.focused = m.focus == focusDetail
	m.detail.setSize(m.lay.detailW-ps.GetHorizontalFrameSize(), m.lay.detailH-ps.GetVerticalFrameSize())
	m.offset = scrollOffset(m.cursor, m.offset, m.visibleRows(), len(m.rows))
	m.sizeSearch()
	if m.form != nil {
		_, inner := m.dialogWidth()
		m.form.input.Width = max(1, inner-len(m.form.input.Prompt)-1)
	}
}

// sizeSearch fits the search box to what it holds, so that the count
// follows it closely.
func (m *Model) sizeSearch() {
	w := ansi.StringWidth(m.search.Value()) + 1 // and the cursor
	if m.search.Value() == "" {
		w = ansi.StringWidth(m.search.Placeholder)
	}
	m.search.Width = max(1, min(w, m.width/2))
}

// visibleRows is how many rows the table shows under its header.
func (m *Model) visibleRows() int { return max(0, m.lay.tableH-1) }

// selected is the profile under the cursor.
func (m *Model) selected() (engine.Profile, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return engine.Profile{}, false
	}
	return m.rows[m.cursor], true
}

// updateKeys enables the bindings that apply now.
func (m *Model) updateKeys() {
	sel, ok := m.selected()
	m.keys.update(keyState{
		focus: m.focus, selected: ok, unknown: ok && sel.Kind == engine.KindUnknown, hasUserID: ok && sel.UserID != "",
		realEmail: ok && sel.Email != "" && !sel.Placeholder, rows: len(m.rows) > 0, searching: m.filter.Prefix != "",
	})
	if m.form != nil || m.forget != nil {
		m.keys.update(keyState{focus: -1})
	}
}

// nextReq hands out a request id.
func (m *Model) nextReq() int {
	m.seq++
	return m.seq
}
