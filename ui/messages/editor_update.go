package messages

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/ui"
)

// startNew opens the editor on a new campaign with the demo's defaults.
func (m *Model) startNew() tea.Cmd {
	return m.open(newEditor(engine.Campaign{}, m.sets, m.styles))
}

// openEditor opens the editor on a saved campaign.
func (m *Model) openEditor(c engine.Campaign) tea.Cmd {
	return m.open(newEditor(c, m.sets, m.styles))
}

// open shows an editor and starts its preview: the audience's profiles
// first, then a render for the first of them.
func (m *Model) open(e *editor) tea.Cmd {
	m.ed = e
	m.layout()
	return tea.Batch(m.loadPool(), m.schedulePreview())
}

// close leaves the editor.
func (m *Model) close() { m.ed = nil }

// editorKey handles a key in the editor: every key is the form's.
func (m *Model) editorKey(msg tea.KeyMsg) tea.Cmd {
	e, k := m.ed, m.keys
	switch {
	case key.Matches(msg, k.Close):
		return m.askClose()
	case key.Matches(msg, k.Save):
		return m.save()
	case key.Matches(msg, k.NextProfile), key.Matches(msg, k.PrevProfile):
		d := 1
		if key.Matches(msg, k.PrevProfile) {
			d = -1
		}
		if !e.cycle(d) {
			if len(e.pool) == 0 {
				return ui.Notify(ui.LevelInfo, "no profile in this audience yet: type an email or userId in preview for")
			}
			return nil
		}
		return m.renderNow()
	case msg.Type == tea.KeyEnter && e.focus == fFor:
		e.lookupReq = m.nextReq()
		return lookupCmd(m.ctx.Project, e.lookupReq, e.inputs[fFor].Value())
	case key.Matches(msg, k.Next), msg.Type == tea.KeyEnter:
		e.move(1)
		return nil
	case key.Matches(msg, k.Prev):
		e.move(-1)
		return nil
	}
	if isChoice(e.focus) {
		d := 0
		switch {
		case msg.Type == tea.KeyRight, msg.Type == tea.KeySpace, msg.String() == " ":
			d = 1
		case msg.Type == tea.KeyLeft:
			d = -1
		}
		if d == 0 || !e.choose(d) {
			return nil
		}
		return m.edited()
	}
	before := e.values()
	forBefore := e.inputs[fFor].Value()
	var cmd tea.Cmd
	if !e.takeExample(msg, m.styles) {
		e.inputs[e.focus], cmd = e.inputs[e.focus].Update(msg)
	}
	if e.focus == fFor {
		if e.inputs[fFor].Value() != forBefore {
			e.lookupErr = ""
		}
		return cmd
	}
	if e.values() == before {
		return cmd
	}
	return tea.Batch(cmd, m.edited())
}

// edited follows an edit: the audience's profiles when it changed, and a
// debounced preview.
func (m *Model) edited() tea.Cmd {
	e := m.ed
	var cmds []tea.Cmd
	if e.audienceValue() != e.poolAudience {
		cmds = append(cmds, m.loadPool())
	}
	return tea.Batch(append(cmds, m.schedulePreview())...)
}

// loadPool lists the profiles of the editor's audience.
func (m *Model) loadPool() tea.Cmd {
	e := m.ed
	e.poolReq = m.nextReq()
	e.poolAudience = e.audienceValue()
	return poolCmd(m.ctx.Project, e.poolReq, e.poolAudience)
}

// schedulePreview renders the preview once typing pauses: each edit
// re-arms the delay, and only the latest edit's render is asked for.
func (m *Model) schedulePreview() tea.Cmd {
	m.ed.rev++
	return m.after(previewDelay, previewDueMsg{rev: m.ed.rev})
}

func (m *Model) onPreviewDue(msg previewDueMsg) tea.Cmd {
	if m.ed == nil || msg.rev != m.ed.rev {
		return nil // a later edit re-armed the delay
	}
	return m.renderNow()
}

// renderNow asks for the preview of the form as it is.
func (m *Model) renderNow() tea.Cmd {
	e := m.ed
	c, _ := e.campaign()
	e.previewReq = m.nextReq()
	return previewCmd(m.ctx.Project, e.previewReq, c, e.profile.ID)
}

// onPreview shows the latest render; older ones are dropped.
func (m *Model) onPreview(msg previewMsg) {
	e := m.ed
	if e == nil || msg.req != e.previewReq {
		return
	}
	e.blocked = msg.blocked
	e.setProblems(msg.problems, "")
	e.previewErr = ""
	if msg.err != nil {
		e.previewErr = msg.err.Error()
	}
	e.preview, e.rendered, e.previewFor = msg.preview, msg.rendered, msg.profileID
}

func (m *Model) onPool(msg poolMsg) tea.Cmd {
	e := m.ed
	if e == nil || msg.req != e.poolReq {
		return nil
	}
	if msg.err != nil {
		e.poolLoaded = true
		return ui.Notify(ui.LevelError, "profiles to preview: "+msg.err.Error())
	}
	if e.setPool(msg.profiles, msg.audience) || !e.rendered {
		return m.renderNow()
	}
	return nil
}

func (m *Model) onLookup(msg lookupMsg) tea.Cmd {
	e := m.ed
	if e == nil || msg.req != e.lookupReq {
		return nil
	}
	switch {
	case msg.err != nil:
		e.lookupErr = "looking up " + msg.text + ": " + msg.err.Error()
	case !msg.found:
		e.lookupErr = fmt.Sprintf("no profile has the email or userId %q", strings.TrimSpace(msg.text))
	default:
		at := -1
		for i, p := range e.pool {
			if p.ID == msg.profile.ID {
				at = i
			}
		}
		e.setProfile(msg.profile, at)
		return m.renderNow()
	}
	return nil
}

// save saves the form: the form's own problems (numbers) stop it first;
// the engine's come back by field, and nothing is changed.
func (m *Model) save() tea.Cmd {
	e := m.ed
	if e.saving {
		return nil
	}
	e.tried = true
	c, local := e.campaign()
	if len(local) > 0 {
		e.setProblems(nil, "")
		return ui.Notify(ui.LevelWarn, "not saved: "+plural(len(e.errs), "problem")+", marked ✗ by the field")
	}
	e.saving = true
	m.opReq = m.nextReq()
	return saveCmd(m.ctx.Project, m.opReq, c)
}

// onSaved closes the editor on the saved campaign, or shows the problems
// by their fields.
func (m *Model) onSaved(msg opMsg) tea.Cmd {
	e := m.ed
	if e != nil {
		e.saving = false
	}
	if msg.err != nil {
		problems, general := fieldProblems(msg.err)
		if e == nil {
			return ui.Notify(ui.LevelError, "not saved: "+msg.err.Error())
		}
		e.setProblems(problems, general)
		n := len(e.errs)
		if e.general != "" {
			n++
		}
		return ui.Notify(ui.LevelError, "not saved: "+plural(max(n, 1), "problem")+", marked ✗ by the field")
	}
	c := msg.campaign
	m.close()
	m.wantID = c.ID
	note := fmt.Sprintf("saved %q", c.Name)
	switch c.State {
	case engine.CampaignDraft:
		note = fmt.Sprintf("saved the draft %q: s starts it", c.Name)
	case engine.CampaignRunning:
		note += ": messages delivered from now on use the new text"
	}
	return tea.Batch(ui.Notify(ui.LevelSuccess, note), m.reload())
}

// askClose leaves the editor, asking first when edits would be lost.
func (m *Model) askClose() tea.Cmd {
	if !m.ed.dirty() {
		m.close()
		return nil
	}
	name := strings.TrimSpace(m.ed.inputs[fName].Value())
	q := "Discard this new campaign?"
	if !m.ed.isNew() {
		q = fmt.Sprintf("Discard your edits to %q?", m.ed.orig.Name)
	} else if name != "" {
		q = fmt.Sprintf("Discard the new campaign %q?", name)
	}
	m.confirm = &confirm{question: q, note: "ctrl+s saves it instead.", yes: "discard", no: "keep editing",
		run: func() tea.Cmd { m.close(); return nil }}
	return nil
}
