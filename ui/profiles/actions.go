package profiles

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
)

// startSearch focuses the search box, keeping what it holds.
func (m *Model) startSearch() tea.Cmd {
	m.focus = focusSearch
	m.search.SetValue(m.filter.Prefix)
	m.search.CursorEnd()
	m.sizeSearch()
	return m.search.Focus()
}

// searchKey edits the search: every change lists the new prefix's matches
// at once (older answers are dropped by request id); enter keeps the
// filter, esc clears it.
func (m *Model) searchKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEnter:
		m.search.Blur()
		m.focus = focusTable
		return nil
	case tea.KeyEsc:
		m.search.Blur()
		m.search.SetValue("")
		m.focus = focusTable
		if m.filter.Prefix == "" {
			return nil
		}
		m.filter.Prefix = ""
		return m.reload()
	}
	var cmd tea.Cmd
	m.search, cmd = m.search.Update(msg)
	m.sizeSearch()
	prefix := strings.TrimSpace(m.search.Value())
	if prefix == m.filter.Prefix {
		return cmd
	}
	m.filter.Prefix = prefix
	return tea.Batch(cmd, m.reload())
}

func (m *Model) cycleKind() tea.Cmd {
	m.filter.Kind = nextKind(m.filter.Kind)
	return m.reload()
}

func (m *Model) cycleCriteria() tea.Cmd {
	m.filter.CriteriaID = nextCriteria(m.filter.CriteriaID, m.ids)
	return m.reload()
}

// toggleOrder switches between created time and last activity, newest
// first.
func (m *Model) toggleOrder() tea.Cmd {
	if m.filter.Order == engine.OrderActivity {
		m.filter.Order = engine.OrderCreated
	} else {
		m.filter.Order = engine.OrderActivity
	}
	m.filter.Desc = true
	m.layout()
	return m.reload()
}

func (m *Model) reverseOrder() tea.Cmd {
	m.filter.Desc = !m.filter.Desc
	return m.reload()
}

// startIdentify opens the identify form on the selected unknown profile.
func (m *Model) startIdentify() tea.Cmd {
	sel, ok := m.selected()
	if !ok || sel.Kind != engine.KindUnknown {
		return nil
	}
	m.form = newIdentifyForm(sel)
	m.layout()
	return nil
}

// formKey drives the identify form: type, enter to preview, then y/n.
func (m *Model) formKey(msg tea.KeyMsg) tea.Cmd {
	f := m.form
	switch f.stage {
	case stageInput:
		switch msg.Type {
		case tea.KeyEsc:
			m.form = nil
			return nil
		case tea.KeyEnter:
			to := parseIdentity(f.input.Value())
			if to.IsZero() {
				f.problem = "type an email or a userId"
				return nil
			}
			wasBusy := m.busy()
			f.stage, f.problem, f.req = stagePreviewing, "", m.nextReq()
			return tea.Batch(previewCmd(m.ctx.Project, f.req, f.profile.ID, to), m.spinCmd(wasBusy))
		}
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		f.problem = ""
		return cmd
	case stagePreviewing:
		if msg.Type == tea.KeyEsc {
			f.stage, f.req = stageInput, 0 // the answer will be dropped
		}
		return nil
	case stageConfirm:
		if f.preview.Outcome == engine.PreviewExisting {
			if msg.Type == tea.KeyEsc || msg.Type == tea.KeyEnter {
				m.form = nil
			}
			return nil
		}
		done, yes := f.confirm.update(msg, m.ckeys)
		switch {
		case !done:
			return nil
		case !yes:
			f.stage = stageInput // back to the input, to change it or esc
			return nil
		}
		wasBusy := m.busy()
		f.stage = stageApplying
		return tea.Batch(identifyCmd(m.ctx.Project, f.preview), m.spinCmd(wasBusy))
	}
	return nil // applying: wait for the answer
}

func (m *Model) onPreview(msg previewMsg) tea.Cmd {
	f := m.form
	if f == nil || f.stage != stagePreviewing || msg.req != f.req {
		return nil
	}
	switch {
	case msg.err != nil:
		f.stage, f.problem = stageInput, msg.err.Error()
	case msg.preview.Outcome == engine.PreviewInvalid:
		f.stage, f.problem = stageInput, msg.preview.Problem
	default:
		verb := "convert"
		if msg.preview.Outcome == engine.PreviewMerge {
			verb = "merge"
		}
		f.stage, f.preview, f.confirm = stageConfirm, msg.preview, confirm{yes: verb, no: "cancel"}
	}
	return nil
}

func (m *Model) onIdentified(msg identifiedMsg) tea.Cmd {
	m.form = nil
	if msg.err != nil {
		return ui.Notify(ui.LevelError, "identify failed: "+msg.err.Error())
	}
	pv, res := msg.preview, msg.result
	var text string
	switch res.Outcome {
	case device.OutcomeConverted:
		m.wantID = pv.Profile.ID
		text = fmt.Sprintf("converted profile #%d into %s", pv.Profile.ID, identityText(pv.To))
	case device.OutcomeMerged:
		m.wantID = pv.Destination.ID
		text = fmt.Sprintf("merged profile #%d into #%d %s: %s moved, %s kept, %d copied", pv.Profile.ID, pv.Destination.ID,
			ui.ProfileName(pv.Destination), plural(res.EventsMoved, "event"), plural(res.FieldsKept, "field"), res.FieldsCopied)
	default:
		text = "nothing changed: " + res.Outcome
	}
	m.detail.show(0) // reload whatever the cursor lands on
	return tea.Batch(ui.Notify(ui.LevelSuccess, text), m.refresh(), totalCmd(m.ctx.Project))
}

// startForget asks before forgetting the selected profile.
func (m *Model) startForget() tea.Cmd {
	if sel, ok := m.selected(); ok {
		m.forget = newForgetDialog(sel)
	}
	return nil
}

func (m *Model) forgetKey(msg tea.KeyMsg) tea.Cmd {
	done, yes := m.forget.confirm.update(msg, m.ckeys)
	if !done {
		return nil
	}
	p := m.forget.profile
	m.forget = nil
	if !yes {
		return nil
	}
	return forgetCmd(m.ctx.Project, p)
}

func (m *Model) onForgotten(msg forgottenMsg) tea.Cmd {
	if msg.err != nil {
		return ui.Notify(ui.LevelError, fmt.Sprintf("forget #%d failed: %v", msg.profile.ID, msg.err))
	}
	return tea.Batch(ui.Notify(ui.LevelSuccess, forgetText(msg)), m.refresh(), totalCmd(m.ctx.Project))
}

// export writes every row of the filtered table in a command.
func (m *Model) export(format string) tea.Cmd {
	if len(m.rows) == 0 {
		return nil
	}
	names := make(map[string]string, len(m.names))
	for k, v := range m.names {
		names[k] = v
	}
	now := m.ctx.Now
	if now == nil {
		return ui.Notify(ui.LevelError, "export: the console has no clock")
	}
	return tea.Batch(ui.Notify(ui.LevelInfo, "exporting "+strings.ToUpper(format)+"…"),
		exportCmd(m.ctx.Project, m.filter, format, m.ctx.ExportDir, now(), names))
}

func (m *Model) onExported(msg exportedMsg) tea.Cmd {
	if msg.err != nil {
		return ui.Notify(ui.LevelError, "export failed: "+msg.err.Error())
	}
	return ui.Notify(ui.LevelSuccess, fmt.Sprintf("exported %s to %s", plural(msg.rows, "profile"), msg.path))
}

// copy puts the selected profile's userId (or email) on the clipboard.
func (m *Model) copy(email bool) tea.Cmd {
	sel, ok := m.selected()
	if !ok {
		return nil
	}
	if email {
		if sel.Email == "" || sel.Placeholder {
			return nil
		}
		return copyCmd(m.clip, "email", sel.Email)
	}
	if sel.UserID == "" {
		return nil
	}
	return copyCmd(m.clip, "userId", sel.UserID)
}
