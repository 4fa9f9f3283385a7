// Package criteria is the console's Criteria tab: the list of criteria sets
// in first-match order, a tree editor over one set (a thin view over
// ui/criteria/tree), publishing with a line diff, a backtest with progress,
// "why (not) activated?" explanations, and import / export. Every engine
// call runs in a command; Update and View do no I/O.
package criteria

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/ui"
)

// mode is which view of the tab is showing.
type mode int

const (
	modeList mode = iota
	modeEditor
)

// Model is the Criteria tab. It implements ui.Screen.
type Model struct {
	ctx    ui.Context
	styles ui.Styles
	keys   KeyMap

	width, height int
	mode          mode

	// Request ids: every answer carries the id of its request; answers to
	// anything but the latest request of their kind are dropped.
	seq               int
	listReq, countReq int
	opReq, previewReq int
	explainReq, btReq int
	seenReq           int
	seen              seen
	sets              []engine.CriteriaSetInfo
	loaded            bool
	counts            map[string]int // profiles activated, by set id
	counted           bool
	cursor, offset    int
	eventLimit        int
	err               string

	ed      *editor
	confirm *confirm
	prompt  *prompt
	form    *leafForm
	text    *textView // JSON, problems, diff or explanation
	bt      *backtest
	imp     *importer
}

var _ ui.Screen = (*Model)(nil)

// New builds the Criteria tab over c.Project; data loads when Init's
// commands run.
func New(c ui.Context) *Model {
	return &Model{ctx: c, styles: c.Styles, keys: DefaultKeyMap(), counts: map[string]int{}}
}

// Init loads the criteria sets and then the activation counts.
func (m *Model) Init() tea.Cmd { return tea.Batch(m.reload(), m.rescan()) }

// rescan asks what fields stored data holds (for the leaf form).
func (m *Model) rescan() tea.Cmd {
	m.seenReq = m.nextReq()
	return seenCmd(m.ctx.Project, m.seenReq)
}

// reload asks for the list (the counts follow it).
func (m *Model) reload() tea.Cmd {
	m.listReq = m.nextReq()
	return listCmd(m.ctx.Project, m.listReq)
}

// Title is the tab's name.
func (m *Model) Title() string { return "Criteria" }

// Badge is the number of sets, marked with * when some have changed since
// they were published.
func (m *Model) Badge() string {
	if !m.loaded {
		return ""
	}
	b := fmt.Sprint(len(m.sets))
	for _, s := range m.sets {
		if s.Status == engine.StatusChanged {
			return b + "*"
		}
	}
	return b
}

// Typing reports that every key must come here: a text input has focus or
// a modal dialog is open.
func (m *Model) Typing() bool {
	return m.prompt != nil || m.form != nil || m.confirm != nil || m.imp != nil
}

// Unsaved names the editor's unsaved edits, or "".
func (m *Model) Unsaved() string {
	if m.ed != nil && m.ed.dirty() {
		return "unsaved edits to set " + m.ed.id
	}
	return ""
}

// ShortHelp is the status bar's help for the current state.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case m.confirm != nil:
		return m.keys.confirmHelp()
	case m.prompt != nil || m.form != nil || m.imp != nil:
		return m.keys.inputHelp()
	case m.text != nil || m.bt != nil:
		return []key.Binding{m.keys.Back}
	case m.mode == modeEditor:
		return m.keys.editorShort()
	}
	return m.keys.listShort()
}

// FullHelp is every key of the tab.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

var _ help.KeyMap = (*Model)(nil)

// Commands are the tab's palette entries.
func (m *Model) Commands() []ui.Command {
	run := func(k string) func() tea.Cmd {
		return func() tea.Cmd { return m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}) }
	}
	return []ui.Command{
		{Name: "new criteria set", Help: "n: create a set", Run: run("n")},
		{Name: "publish criteria set", Help: "P: diff, confirm, publish", Run: run("P")},
		{Name: "backtest criteria", Help: "b: drafts against stored histories", Run: run("b")},
		{Name: "explain a visitor", Help: "w: why (not) activated", Run: run("w")},
		{Name: "import criteria", Help: "i: a file or pasted JSON", Run: run("i")},
		{Name: "export published criteria", Help: "e: what devices are served", Run: run("e")},
	}
}

// SetSize lays the tab out in w×h.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// layout resizes whatever is open.
func (m *Model) layout() {
	if m.text != nil {
		m.text.setSize(m.width, m.height)
	}
	if m.form != nil {
		m.form.setWidth(m.dialogInner())
	}
	if m.prompt != nil {
		m.prompt.setWidth(m.dialogInner())
	}
	if m.imp != nil {
		m.imp.setSize(m.dialogInner(), m.height)
	}
	if m.bt != nil {
		m.bt.bar.Width = max(10, min(60, m.width-20))
	}
}

// dialogInner is the text width inside a dialog box.
func (m *Model) dialogInner() int {
	return max(20, min(76, m.width-4)-m.styles.Dialog.GetHorizontalFrameSize())
}

func (m *Model) nextReq() int {
	m.seq++
	return m.seq
}

// selected is the set under the list cursor.
func (m *Model) selected() (engine.CriteriaSetInfo, bool) {
	if m.cursor < 0 || m.cursor >= len(m.sets) {
		return engine.CriteriaSetInfo{}, false
	}
	return m.sets[m.cursor], true
}

// currentID is the set the editor holds, or the one under the cursor.
func (m *Model) currentID() string {
	if m.mode == modeEditor && m.ed != nil {
		return m.ed.id
	}
	if s, ok := m.selected(); ok {
		return s.ID
	}
	return ""
}

// fitLines pads or cuts s to exactly h lines.
func fitLines(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
