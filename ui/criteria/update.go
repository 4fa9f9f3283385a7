package criteria

import (
	"bytes"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/textdiff"
	"limen/ui"
)

// Update dispatches a message to its handler.
func (m *Model) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.handleKey(msg)
	case listMsg:
		return m, m.gotList(msg)
	case countsMsg:
		m.gotCounts(msg)
	case opMsg:
		return m, m.gotOp(msg)
	case previewMsg:
		return m, m.gotPreview(msg)
	case btProgressMsg:
		return m, m.gotProgress(msg)
	case btDoneMsg:
		return m, m.gotBacktest(msg)
	case explainMsg:
		return m, m.gotExplain(msg)
	case importMsg:
		return m, m.gotImport(msg)
	case seenMsg:
		if msg.req == m.seenReq && msg.err == nil {
			m.seen = msg.seen
		}
	case ui.HappeningsMsg:
		return m, m.gotHappenings(msg)
	}
	return m, nil
}

// handleKey routes a key to what has focus: a dialog, an open page, then
// the list or the editor.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case m.confirm != nil:
		c := m.confirm
		done, cmd := c.update(m.keys, msg)
		if done && m.confirm == c {
			m.confirm = nil
		}
		return cmd
	case m.prompt != nil:
		p := m.prompt
		done, cmd := p.update(msg)
		if done && m.prompt == p {
			m.prompt = nil
		}
		return cmd
	case m.form != nil:
		done, edit, cmd := m.form.update(msg)
		if done {
			m.form = nil
			if edit != nil && m.ed != nil {
				m.ed.do(edit)
			}
		}
		return cmd
	case m.imp != nil:
		return m.importKey(msg)
	case m.text != nil:
		if done, cmd := m.text.update(msg); !done {
			return cmd
		}
		m.text = nil
		return nil
	case m.bt != nil:
		return m.backtestKey(msg)
	case m.mode == modeEditor && m.ed != nil:
		return m.editorKey(msg)
	}
	return m.listKey(msg)
}

// commonKey handles the keys the list and the editor share.
func (m *Model) commonKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Publish):
		return m.startPublish()
	case key.Matches(msg, k.Backtest):
		return m.startBacktest()
	case key.Matches(msg, k.Explain):
		m.startExplain()
	case key.Matches(msg, k.Import):
		m.startImport()
	case key.Matches(msg, k.Export):
		m.opReq = m.nextReq()
		return exportCmd(m.ctx.Project, m.opReq, m.ctx.ExportDir, m.ctx.Now)
	}
	return nil
}

func (m *Model) gotList(msg listMsg) tea.Cmd {
	if msg.req != m.listReq {
		return nil
	}
	if msg.err != nil {
		m.err = msg.err.Error()
		return nil
	}
	m.err = ""
	m.sets, m.loaded, m.eventLimit = msg.sets, true, msg.eventLimit
	m.cursor = max(0, min(m.cursor, len(m.sets)-1))
	ids := make([]string, len(m.sets))
	for i, s := range m.sets {
		ids[i] = s.ID
	}
	m.countReq = m.nextReq()
	return countsCmd(m.ctx.Project, m.countReq, ids)
}

func (m *Model) gotCounts(msg countsMsg) {
	if msg.req != m.countReq {
		return
	}
	if msg.err != nil {
		m.err = "counting profiles: " + msg.err.Error()
		return
	}
	m.counts, m.counted = msg.counts, true
}

// gotHappenings reloads the list (and the counts) after a profile was
// created or merged away, or criteria were published.
func (m *Model) gotHappenings(msg ui.HappeningsMsg) tea.Cmd {
	for _, h := range msg.Happenings {
		if h.Kind != engine.HappeningConverted {
			return m.reload()
		}
	}
	return nil
}

func (m *Model) gotOp(msg opMsg) tea.Cmd {
	if msg.req != m.opReq {
		return nil
	}
	if len(msg.problems) > 0 {
		m.showProblems("Refused: "+plural(len(msg.problems), "problem"), msg.problems)
		return nil
	}
	if msg.err != nil {
		return tea.Batch(ui.Notify(ui.LevelError, msg.what+": "+msg.err.Error()), m.reload())
	}
	switch msg.what {
	case "save":
		if m.ed != nil && m.ed.id == msg.id {
			m.ed.saved, m.ed.isNew = msg.saved, false
		}
	case "duplicate":
		m.selectAfterLoad(msg.id)
	case "export":
		return ui.Notify(ui.LevelSuccess, msg.note)
	}
	if msg.note == "" {
		return m.reload()
	}
	return tea.Batch(ui.Notify(ui.LevelSuccess, msg.note), m.reload())
}

// selectAfterLoad moves the cursor to the last row, where new sets land.
func (m *Model) selectAfterLoad(string) { m.cursor = len(m.sets) }

// startPublish asks for the diff of the set to publish.
func (m *Model) startPublish() tea.Cmd {
	id := m.currentID()
	if id == "" {
		return nil
	}
	if m.mode == modeEditor && m.ed != nil && m.ed.dirty() {
		return ui.Notify(ui.LevelWarn, "save the set first (s): only a saved draft is published")
	}
	m.previewReq = m.nextReq()
	return previewCmd(m.ctx.Project, m.previewReq, id)
}

// gotPreview shows the line difference and asks to confirm.
func (m *Model) gotPreview(msg previewMsg) tea.Cmd {
	if msg.req != m.previewReq {
		return nil
	}
	if msg.err != nil {
		return ui.Notify(ui.LevelError, "publish: "+msg.err.Error())
	}
	if bytes.Equal(msg.draft, msg.published) {
		return ui.Notify(ui.LevelInfo, "set "+msg.id+" is already published as it is")
	}
	var pub []string
	if msg.published != nil {
		pub = strings.Split(string(msg.published), "\n")
	}
	diff := textdiff.Lines(pub, strings.Split(string(msg.draft), "\n"), 2)
	body := make([]string, len(diff))
	for i, l := range diff {
		switch {
		case strings.HasPrefix(l, "+ "):
			body[i] = m.styles.Success.Render(l)
		case strings.HasPrefix(l, "- "):
			body[i] = m.styles.Error.Render(l)
		default:
			body[i] = m.styles.Muted.Render(l)
		}
	}
	q := "Publish set " + msg.id + "? Devices fetch it at their next criteria refresh."
	if msg.published == nil {
		q = "Publish set " + msg.id + " for the first time? Devices fetch it at their next criteria refresh."
	}
	id := msg.id
	m.confirm = &confirm{question: q, body: body, yes: "publish", no: "not now", run: func() tea.Cmd {
		m.opReq = m.nextReq()
		return publishCmd(m.ctx.Project, m.opReq, id)
	}}
	return nil
}
