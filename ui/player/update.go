package player

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/ui"
)

// Update handles keys and the answers of commands.
func (m *Model) Update(msg tea.Msg) (*Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case catalogMsg:
		m.entries = msg.entries
	case loadedMsg:
		cmd = m.loaded(msg)
	case steppedMsg:
		cmd = m.stepped(msg)
	case touchedMsg:
		if msg.req == m.req {
			m.touched = msg.profiles
			m.refresh()
		}
	case tickMsg:
		if msg.id == m.tick && m.autoplay && !m.busy {
			cmd = m.step()
		}
	case tea.KeyMsg:
		cmd = m.handleKey(msg)
	}
	m.updateKeys()
	return m, cmd
}

// load reads and prepares a story.
func (m *Model) load(src source) tea.Cmd {
	m.req, m.busy, m.autoplay, m.err = m.nextReq(), true, false, ""
	m.src = src
	return loadCmd(m.ctx.Project, m.req, src, m.ctx.Now(), seed, m.runs)
}

func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	if msg.req != m.req {
		return nil
	}
	m.busy = false
	if msg.err != nil {
		m.err = msg.err.Error()
		return ui.Notify(ui.LevelError, "cannot open "+m.src.String())
	}
	m.story, m.lines, m.next, m.at, m.refs, m.touched = msg.story, nil, 0, msg.story.start, nil, nil
	if n := nextRun([]string{msg.story.prefix}, 0); n-1 > m.runs {
		m.runs = n - 1
	}
	m.tl.Follow, m.tl.Offset = true, 0
	m.layout()
	return nil
}

// step plays the next step.
func (m *Model) step() tea.Cmd {
	if m.story == nil || m.busy || m.next >= len(m.story.sc.Steps) {
		return nil
	}
	m.req, m.busy = m.nextReq(), true
	return stepCmd(m.story, m.req, m.next, m.at)
}

func (m *Model) stepped(msg steppedMsg) tea.Cmd {
	if msg.req != m.req {
		return nil
	}
	m.busy = false
	m.lines = append(m.lines, msg.res.line)
	m.next, m.at = msg.i+1, msg.res.next
	m.refs = addRefs(m.refs, refsOf(msg.res))
	m.tl.Follow = true
	m.refresh()
	if m.next >= len(m.story.sc.Steps) {
		m.autoplay = false
		m.req = m.nextReq()
		return touchedCmd(m.ctx.Project, m.req, m.refs)
	}
	if m.autoplay {
		m.tick++
		id := m.tick
		return tea.Tick(m.delay, func(time.Time) tea.Msg { return tickMsg{id: id} })
	}
	return nil
}

// addRefs adds refs not yet listed (by userId, else email).
func addRefs(list, refs []touched) []touched {
	for _, r := range refs {
		dup := false
		for i, l := range list {
			if (r.ref.UserID != "" && l.ref.UserID == r.ref.UserID) || (r.ref.UserID == "" && r.ref.Email != "" && l.ref.Email == r.ref.Email) {
				if r.note != "" {
					list[i].note = r.note
				}
				dup = true
			}
		}
		if !dup {
			list = append(list, r)
		}
	}
	return list
}

func (m *Model) togglePlay() tea.Cmd {
	m.autoplay = !m.autoplay
	if m.autoplay {
		m.tick++
		return m.step()
	}
	return nil
}

func (m *Model) back() {
	m.story, m.autoplay, m.lines, m.err = nil, false, nil, ""
	m.req = m.nextReq() // drop answers in flight
	m.busy = false
	m.layout()
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if m.path != nil {
		return m.promptKey(msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Open):
		if m.cursor < len(m.entries) {
			return m.load(source{name: m.entries[m.cursor].name})
		}
	case key.Matches(msg, k.File):
		m.openPrompt()
	case key.Matches(msg, k.Next):
		m.autoplay = false
		return m.step()
	case key.Matches(msg, k.Play):
		return m.togglePlay()
	case key.Matches(msg, k.Restart):
		return m.load(m.src)
	case key.Matches(msg, k.Back):
		m.back()
	case m.story == nil && key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
	case m.story == nil && key.Matches(msg, k.Down):
		m.cursor = min(len(m.entries)-1, m.cursor+1)
	case key.Matches(msg, k.Up):
		m.tl.Scroll(-1)
	case key.Matches(msg, k.Down):
		m.tl.Scroll(1)
	case key.Matches(msg, k.PageUp):
		m.tl.Page(-1)
	case key.Matches(msg, k.PageDown):
		m.tl.Page(1)
	case key.Matches(msg, k.Top):
		m.tl.Top()
	case key.Matches(msg, k.Bottom):
		m.tl.Bottom()
	}
	return nil
}

func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		m.path = nil
		return nil
	case tea.KeyEnter:
		p := strings.TrimSpace(m.path.Value())
		if p == "" {
			m.err = "type the path of a scenario file"
			return nil
		}
		m.path = nil
		return m.load(source{path: p})
	}
	m.err = ""
	var cmd tea.Cmd
	*m.path, cmd = m.path.Update(msg)
	return cmd
}
