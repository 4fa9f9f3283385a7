package messages

import (
	"errors"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
)

// Update dispatches a message to its handler.
func (m *Model) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyMsg:
		cmd = m.handleKey(msg)
	case listMsg:
		cmd = m.onList(msg)
	case statsMsg:
		cmd = m.onStats(msg)
	case pollMsg:
		m.armed = false
		cmd = m.poll()
	case opMsg:
		cmd = m.onOp(msg)
	case previewDueMsg:
		cmd = m.onPreviewDue(msg)
	case previewMsg:
		m.onPreview(msg)
	case poolMsg:
		cmd = m.onPool(msg)
	case lookupMsg:
		cmd = m.onLookup(msg)
	case ui.HappeningsMsg:
		cmd = m.onHappenings(msg)
	}
	m.updateKeys()
	return m, cmd
}

// handleKey routes a key: a confirmation first, then the editor, then the
// list.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case m.confirm != nil:
		c := m.confirm
		done, cmd := c.update(m.keys, msg)
		if done && m.confirm == c {
			m.confirm = nil
		}
		return cmd
	case m.ed != nil:
		return m.editorKey(msg)
	}
	return m.listKey(msg)
}

func (m *Model) listKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		m.cursor--
	case key.Matches(msg, k.Down):
		m.cursor++
	case key.Matches(msg, k.Top):
		m.cursor = 0
	case key.Matches(msg, k.Bottom):
		m.cursor = len(m.campaigns) - 1
	case key.Matches(msg, k.New):
		return m.startNew()
	case key.Matches(msg, k.Edit):
		if c, ok := m.selected(); ok {
			return m.openEditor(c)
		}
	case key.Matches(msg, k.StartStop):
		return m.startStop()
	case key.Matches(msg, k.Delete):
		return m.startDelete()
	case msg.String() == "d":
		if c, ok := m.selected(); ok && c.State != engine.CampaignDraft {
			return ui.Notify(ui.LevelWarn, fmt.Sprintf("%q has run and keeps its history: only drafts are deleted (s stops it)", c.Name))
		}
	}
	m.cursor = max(0, min(m.cursor, len(m.campaigns)-1))
	m.offset = scrollOffset(m.cursor, m.offset, m.visibleRows(), len(m.campaigns))
	return nil
}

// startStop starts the selected campaign, or asks before stopping it.
func (m *Model) startStop() tea.Cmd {
	c, ok := m.selected()
	if !ok {
		return nil
	}
	if c.State != engine.CampaignRunning {
		m.opReq = m.nextReq()
		return startCmd(m.ctx.Project, m.opReq, c)
	}
	m.confirm = &confirm{
		question: fmt.Sprintf("Stop %q?", c.Name),
		note:     "Nothing more is delivered. Messages already delivered can still be clicked, and purchases after a click still count.",
		yes:      "stop it", no: "keep running",
		run: func() tea.Cmd {
			m.opReq = m.nextReq()
			return stopCmd(m.ctx.Project, m.opReq, c)
		},
	}
	return nil
}

// startDelete asks before deleting the selected draft.
func (m *Model) startDelete() tea.Cmd {
	c, ok := m.selected()
	if !ok || c.State != engine.CampaignDraft {
		return nil
	}
	m.confirm = &confirm{
		question: fmt.Sprintf("Delete the draft %q?", c.Name),
		note:     "It has never run, so no message or figure is lost.",
		yes:      "delete", no: "keep it",
		run: func() tea.Cmd {
			m.opReq = m.nextReq()
			return deleteCmd(m.ctx.Project, m.opReq, c)
		},
	}
	return nil
}

func (m *Model) onList(msg listMsg) tea.Cmd {
	if msg.req != m.listReq {
		return nil
	}
	if msg.err != nil {
		m.err = msg.err.Error()
		return ui.Notify(ui.LevelError, "campaigns: "+m.err)
	}
	m.err, m.loaded = "", true
	prev, had := m.selected()
	m.campaigns, m.sets = msg.campaigns, msg.sets
	clear(m.names)
	for _, s := range msg.sets {
		m.names[s.ID] = s.Name
	}
	want := m.wantID
	if want == 0 && had {
		want = prev.ID
	}
	m.wantID = 0
	for i, c := range m.campaigns {
		if c.ID == want {
			m.cursor = i
		}
	}
	m.cursor = max(0, min(m.cursor, len(m.campaigns)-1))
	m.offset = scrollOffset(m.cursor, m.offset, m.visibleRows(), len(m.campaigns))
	if m.ed != nil {
		m.ed.setSets(msg.sets)
	}
	return m.readStats()
}

// live reports that some figure may still move: a campaign has run
// (stopped ones still count clicks and purchases).
func (m *Model) live() bool {
	for _, c := range m.campaigns {
		if c.State != engine.CampaignDraft {
			return true
		}
	}
	return false
}

// readStats reads the figures now, or once the read in flight answers.
func (m *Model) readStats() tea.Cmd {
	if m.reading {
		m.again = true
		return nil
	}
	m.reading = true
	m.statsReq = m.nextReq()
	return statsCmd(m.ctx.Project, m.statsReq)
}

// poll reads the figures when a tick is due and they are worth reading:
// never two reads at once, and no tick while the tab is off screen or
// nothing can move.
func (m *Model) poll() tea.Cmd {
	if !m.active || !m.live() || m.reading || m.armed {
		return nil
	}
	return m.readStats()
}

func (m *Model) onStats(msg statsMsg) tea.Cmd {
	if msg.req != m.statsReq {
		return nil
	}
	m.reading = false
	var cmd tea.Cmd
	if msg.err != nil {
		m.err = "figures: " + msg.err.Error()
	} else {
		m.stats, m.hasStats = msg.stats, true
		if m.err != "" && m.loaded {
			m.err = ""
		}
	}
	switch {
	case m.again:
		m.again = false
		cmd = m.readStats()
	case m.active && m.live() && !m.armed:
		m.armed = true
		cmd = m.after(nextPoll(msg.took), pollMsg{})
	}
	return cmd
}

// onHappenings reloads the campaigns when one was saved, started, stopped
// or deleted, and the criteria names when criteria were published.
func (m *Model) onHappenings(msg ui.HappeningsMsg) tea.Cmd {
	for _, h := range msg.Happenings {
		if h.Kind == engine.HappeningCampaign || h.Kind == engine.HappeningPublished {
			return m.reload()
		}
	}
	return nil
}

// onOp reports what an operation did and reloads the list.
func (m *Model) onOp(msg opMsg) tea.Cmd {
	if msg.req != m.opReq {
		return nil
	}
	c := msg.campaign
	if msg.op == opSave {
		return m.onSaved(msg)
	}
	if msg.err != nil {
		return tea.Batch(ui.Notify(ui.LevelError, fmt.Sprintf("%s %q: %s", msg.op, c.Name, problemText(msg.err))), m.reload())
	}
	var note string
	switch msg.op {
	case opStart:
		m.wantID = c.ID
		note = startedText(c)
	case opStop:
		m.wantID = c.ID
		note = fmt.Sprintf("stopped %q: nothing more is delivered; clicks and purchases on delivered messages still count", c.Name)
	case opDelete:
		note = fmt.Sprintf("deleted the draft %q", c.Name)
	}
	return tea.Batch(ui.Notify(ui.LevelSuccess, note), m.reload())
}

// startedText says what starting a campaign did: when its messages go,
// and for email how many were sent and skipped.
func startedText(c engine.Campaign) string {
	switch c.Channel {
	case device.ChannelEmail:
		return fmt.Sprintf("started %q: emailed %s, skipped %s (placeholders and userId-only profiles are never emailed)",
			c.Name, people(c.Emailed), ui.Thousands(c.Skipped))
	case device.ChannelEmbedded:
		return fmt.Sprintf("started %q: it fills the %s placement for its audience from their next session", c.Name, c.Placement)
	case device.ChannelPush:
		return fmt.Sprintf("started %q: sent at each person's next session on a mobile device that allows notifications", c.Name)
	}
	return fmt.Sprintf("started %q: delivered at each person's next session", c.Name)
}

// problemText is an engine error in a marketer's words: an input error's
// problem without the field's name.
func problemText(err error) string {
	var ie *engine.InputError
	if errors.As(err, &ie) {
		return ie.Problem
	}
	return err.Error()
}
