package profiles

import (
	"errors"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/ui"
)

// Update dispatches a message to its handler.
func (m *Model) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyMsg:
		cmd = m.handleKey(msg)
	case spinner.TickMsg:
		if m.animate && m.busy() {
			m.spin, cmd = m.spin.Update(msg)
		}
	case listMsg:
		cmd = m.onList(msg)
	case countMsg:
		if msg.req == m.countReq {
			m.count = msg.count
			if msg.count.Err != "" {
				cmd = ui.Notify(ui.LevelError, "counting matches: "+msg.count.Err)
			}
		}
	case totalMsg:
		cmd = m.onTotal(msg)
	case criteriaMsg:
		cmd = m.onCriteria(msg)
	case detailMsg:
		cmd = m.onDetail(msg)
	case eventsMsg:
		if msg.req == m.evReq && msg.id == m.detail.id {
			m.detail.addEvents(msg)
			if msg.err != nil {
				cmd = ui.Notify(ui.LevelError, fmt.Sprintf("events of profile #%d: %v", msg.id, msg.err))
			}
		}
	case refreshDueMsg:
		cmd = m.refresh()
	case previewMsg:
		cmd = m.onPreview(msg)
	case identifiedMsg:
		cmd = m.onIdentified(msg)
	case forgottenMsg:
		cmd = m.onForgotten(msg)
	case exportedMsg:
		cmd = m.onExported(msg)
	case copiedMsg:
		cmd = ui.Notify(ui.LevelSuccess, "copied "+msg.what+" "+msg.text+" to the clipboard")
	case ui.HappeningsMsg:
		cmd = m.onHappenings(msg)
	}
	m.updateKeys()
	return m, cmd
}

// busy reports that something the spinner stands for is under way.
func (m *Model) busy() bool {
	return !m.loaded || (m.form != nil && (m.form.stage == stagePreviewing || m.form.stage == stageApplying))
}

// spinCmd restarts the spinner when it is not already ticking.
func (m *Model) spinCmd(wasBusy bool) tea.Cmd {
	if m.animate && !wasBusy && m.busy() {
		return m.spin.Tick
	}
	return nil
}

// reload lists the filter's first page (a new filter) and counts it.
func (m *Model) reload() tea.Cmd {
	m.listReq, m.listing, m.dirty = m.nextReq(), true, false
	m.count = matchCount{}
	m.countReq = m.nextReq()
	cmds := []tea.Cmd{listCmd(m.ctx.Project, m.listReq, listReplace, m.filter, "", pageSize)}
	if _, local := counted(m.filter, 0, false); !local {
		cmds = append(cmds, countCmd(m.ctx.Project, m.countReq, m.filter))
	}
	return tea.Batch(cmds...)
}

// refresh re-reads the rows loaded so far (live updates), keeping the
// cursor on its profile; while a listing is in flight it only asks for
// one more.
func (m *Model) refresh() tea.Cmd {
	if m.listing {
		m.dirty = true
		return nil
	}
	m.listReq, m.listing = m.nextReq(), true
	cmds := []tea.Cmd{listCmd(m.ctx.Project, m.listReq, listRefresh, m.filter, "", len(m.rows))}
	if _, local := counted(m.filter, 0, false); !local {
		m.countReq = m.nextReq()
		cmds = append(cmds, countCmd(m.ctx.Project, m.countReq, m.filter))
	}
	return tea.Batch(cmds...)
}

// loadMore reads the next page when the cursor nears the end of the rows.
func (m *Model) loadMore() tea.Cmd {
	if m.listing || m.next == "" || m.cursor < len(m.rows)-max(pageSize/4, m.visibleRows()) {
		return nil
	}
	m.listReq, m.listing = m.nextReq(), true
	return listCmd(m.ctx.Project, m.listReq, listAppend, m.filter, m.next, pageSize)
}

func (m *Model) onList(msg listMsg) tea.Cmd {
	if msg.req != m.listReq {
		return nil // a stale answer: the filter changed, or a newer refresh is coming
	}
	m.listing = false
	wasLoaded := m.loaded
	m.loaded = true
	if msg.err != nil {
		m.err = msg.err.Error()
		return ui.Notify(ui.LevelError, "profiles: "+m.err)
	}
	m.err = ""
	prev, hadSel := m.selected()
	switch msg.mode {
	case listAppend:
		m.rows = append(m.rows, msg.rows...)
	case listReplace:
		m.rows, m.cursor, m.offset = msg.rows, 0, 0
	case listRefresh:
		id := prev.ID
		if !hadSel {
			id = 0
		}
		m.rows = msg.rows
		m.cursor = keepCursor(m.rows, id, m.cursor)
	}
	m.next = msg.next
	if m.wantID != 0 {
		m.cursor, m.wantID = keepCursor(m.rows, m.wantID, m.cursor), 0
	}
	if c, ok := counted(m.filter, len(m.rows), m.next == ""); ok {
		m.count = c
	}
	m.layout() // stacked, the split depends on the number of rows
	cmds := []tea.Cmd{m.syncDetail(!wasLoaded)}
	switch {
	case m.dirty && m.filter.Order == engine.OrderActivity && m.filter.Prefix == "":
		// Listing by activity reads every profile: while happenings keep
		// coming, refresh at most once a second rather than back to back.
		m.dirty = false
		cmds = append(cmds, tea.Tick(activityRefreshPause, func(time.Time) tea.Msg { return refreshDueMsg{} }))
	case m.dirty:
		m.dirty = false
		cmds = append(cmds, m.refresh())
	default:
		cmds = append(cmds, m.loadMore())
	}
	return tea.Batch(cmds...)
}

// syncDetail makes the detail pane follow the selected profile: a new
// selection loads, and so does a selected profile changed since it was
// loaded (force reloads regardless).
func (m *Model) syncDetail(force bool) tea.Cmd {
	sel, ok := m.selected()
	if !ok {
		m.detail.show(0)
		return nil
	}
	same := sel.ID == m.detail.id
	if same && !force && m.detail.loaded && sel.UpdatedAt.Equal(m.detail.profile.UpdatedAt) &&
		sel.EventCount == m.detail.profile.EventCount && sel.Kind == m.detail.profile.Kind {
		return nil
	}
	m.detail.show(sel.ID)
	m.detailReq = m.nextReq()
	return detailCmd(m.ctx.Project, m.detailReq, sel.ID, len(m.detail.events))
}

// refreshDueMsg asks for a refresh put off by activityRefreshPause.
type refreshDueMsg struct{}

// activityRefreshPause is the least time between two live refreshes of a
// listing by activity.
const activityRefreshPause = time.Second

// onDetail fills the detail pane with the latest answer. A profile gone
// meanwhile (merged, forgotten) says so in the pane; the refresh that the
// happening brings moves the cursor on. Other errors are notified too.
func (m *Model) onDetail(msg detailMsg) tea.Cmd {
	if msg.req != m.detailReq {
		return nil
	}
	m.detail.set(msg)
	switch {
	case msg.err == nil:
		return nil
	case errors.Is(msg.err, engine.ErrNotFound) && msg.profile.ID == 0:
		m.detail.err = fmt.Sprintf("profile #%d no longer exists (merged or forgotten)", msg.id)
		m.detail.rebuild()
		return nil
	}
	return ui.Notify(ui.LevelError, fmt.Sprintf("profile #%d: %v", msg.id, msg.err))
}

func (m *Model) onTotal(msg totalMsg) tea.Cmd {
	if msg.err != nil {
		return ui.Notify(ui.LevelError, "counting profiles: "+msg.err.Error())
	}
	m.total, m.hasTot = msg.n, true
	return nil
}

func (m *Model) onCriteria(msg criteriaMsg) tea.Cmd {
	if msg.err != nil {
		return ui.Notify(ui.LevelError, "reading criteria: "+msg.err.Error())
	}
	clear(m.names)
	m.ids = m.ids[:0]
	for _, s := range msg.sets {
		m.names[s.ID] = s.Name
		m.ids = append(m.ids, s.ID)
	}
	m.detail.rebuild()
	return nil
}

// onHappenings follows the engine: the badge, the loaded rows (cursor
// kept on its profile), the detail when its profile changed, the criteria
// names when criteria were published.
func (m *Model) onHappenings(msg ui.HappeningsMsg) tea.Cmd {
	cmds := []tea.Cmd{totalCmd(m.ctx.Project), m.refresh()}
	for _, h := range msg.Happenings {
		if h.Kind == engine.HappeningPublished {
			cmds = append(cmds, criteriaCmd(m.ctx.Project))
			break
		}
	}
	for _, h := range msg.Happenings {
		if h.ProfileID != 0 && h.ProfileID == m.detail.id && h.Kind != engine.HappeningDeleted {
			m.detailReq = m.nextReq()
			cmds = append(cmds, detailCmd(m.ctx.Project, m.detailReq, m.detail.id, len(m.detail.events)))
			break
		}
	}
	return tea.Batch(cmds...)
}

// handleKey routes a key: an open dialog or form first, then the search
// box, then the focused pane.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case m.forget != nil:
		return m.forgetKey(msg)
	case m.form != nil:
		return m.formKey(msg)
	case m.focus == focusSearch:
		return m.searchKey(msg)
	}
	if cmd, ok := m.actionKey(msg); ok {
		return cmd
	}
	if m.focus == focusDetail {
		return m.detailKey(msg)
	}
	return m.tableKey(msg)
}

// actionKey handles the keys that work in both panes.
func (m *Model) actionKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Search):
		return m.startSearch(), true
	case key.Matches(msg, k.Kind):
		return m.cycleKind(), true
	case key.Matches(msg, k.Criteria):
		return m.cycleCriteria(), true
	case key.Matches(msg, k.Sort):
		return m.toggleOrder(), true
	case key.Matches(msg, k.Reverse):
		return m.reverseOrder(), true
	case key.Matches(msg, k.Identify):
		return m.startIdentify(), true
	case key.Matches(msg, k.Forget):
		return m.startForget(), true
	case key.Matches(msg, k.Export):
		return m.export(formatCSV), true
	case key.Matches(msg, k.ExportJSON):
		return m.export(formatJSON), true
	case key.Matches(msg, k.Copy):
		return m.copy(false), true
	case key.Matches(msg, k.CopyEmail):
		return m.copy(true), true
	}
	return nil, false
}

func (m *Model) tableKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	page := max(1, m.visibleRows()-1)
	switch {
	case key.Matches(msg, k.Up):
		m.cursor--
	case key.Matches(msg, k.Down):
		m.cursor++
	case key.Matches(msg, k.PageUp):
		m.cursor -= page
	case key.Matches(msg, k.PageDown):
		m.cursor += page
	case key.Matches(msg, k.Top):
		m.cursor = 0
	case key.Matches(msg, k.Bottom):
		m.cursor = len(m.rows) - 1
	case key.Matches(msg, k.Detail):
		m.setFocus(focusDetail)
		return nil
	case key.Matches(msg, k.Clear):
		m.filter.Prefix = ""
		m.search.SetValue("")
		return m.reload()
	default:
		return nil
	}
	m.cursor = max(0, min(m.cursor, len(m.rows)-1))
	m.offset = scrollOffset(m.cursor, m.offset, m.visibleRows(), len(m.rows))
	return tea.Batch(m.syncDetail(false), m.loadMore())
}

func (m *Model) detailKey(msg tea.KeyMsg) tea.Cmd {
	k, d := m.keys, &m.detail
	switch {
	case key.Matches(msg, k.Back):
		m.setFocus(focusTable)
		return nil
	case key.Matches(msg, k.Up):
		d.move(-1)
	case key.Matches(msg, k.Down):
		d.move(1)
	case key.Matches(msg, k.PageUp):
		d.move(-d.page())
	case key.Matches(msg, k.PageDown):
		d.move(d.page())
	case key.Matches(msg, k.Top):
		d.move(-len(d.lines))
	case key.Matches(msg, k.Bottom):
		d.move(len(d.lines))
	case key.Matches(msg, k.Expand):
		d.expand()
	case key.Matches(msg, k.Collapse):
		d.collapse()
	case key.Matches(msg, k.Toggle):
		d.toggle()
	}
	if d.wantsMore() {
		d.loading = true
		d.rebuild()
		m.evReq = m.nextReq()
		return eventsCmd(m.ctx.Project, m.evReq, d.id, d.next)
	}
	return nil
}

// setFocus moves the focus; stacked, the split follows it.
func (m *Model) setFocus(f focus) {
	m.focus = f
	m.layout()
}
