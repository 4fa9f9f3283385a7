package simulator

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine/sim"
	"limen/ui"
)

// Update dispatches a message to its handler.
func (m *Model) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	var cmd tea.Cmd
	if k, ok := msg.(tea.KeyMsg); ok {
		cmd = m.handleKey(k) // keys go to the mode shown only
	} else {
		cmd = tea.Batch(m.live(msg), m.forward(msg))
	}
	m.updateKeys()
	return m, cmd
}

// live handles the live simulation's messages.
func (m *Model) live(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case createdMsg:
		cmd = m.onCreated(msg)
	case statsMsg:
		cmd = m.onStats(msg)
	case logMsg:
		cmd = m.onLog(msg)
	case steppedMsg:
		cmd = m.onStepped(msg)
	case pausedMsg:
		if msg.gen == m.gen {
			m.setStats(msg.stats)
			if m.state == stateRunning {
				// Resumed before the pause took effect: resume again.
				m.sim.Resume()
			}
		}
	case endedMsg:
		cmd = m.onEnded(msg)
	case inspectMsg:
		if m.insp != nil && msg.req == m.insp.req {
			m.insp.load(msg, m.styles)
		}
	case devicesMsg:
		m.onDevices(msg)
	case criteriaMsg:
		m.criteria = msg.version
	case ui.HappeningsMsg:
		if m.ctx.Project != nil {
			cmd = criteriaCmd(m.ctx.Project)
		}
	}
	return cmd
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if !m.Typing() {
		if cmd, ok := m.modeKey(msg); ok {
			return cmd
		}
	}
	if h := m.active(); h != nil {
		return h.update(msg)
	}
	switch {
	case m.confirming:
		return m.handleConfirm(msg)
	case m.searching:
		return m.handleSearch(msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Toggle):
		return m.toggle()
	case key.Matches(msg, k.Step):
		return m.step()
	case key.Matches(msg, k.Faster):
		return m.setSpeed(+1)
	case key.Matches(msg, k.Slower):
		return m.setSpeed(-1)
	case key.Matches(msg, k.MoreArrivals):
		return m.setArrival(+1)
	case key.Matches(msg, k.FewerArrivals):
		return m.setArrival(-1)
	case key.Matches(msg, k.MoreConsent):
		return m.setConsent(+1)
	case key.Matches(msg, k.LessConsent):
		return m.setConsent(-1)
	case key.Matches(msg, k.Mix):
		return m.nextMix()
	case key.Matches(msg, k.Reset):
		return m.askRestart()
	case key.Matches(msg, k.Close):
		m.insp = nil
		m.layout()
		return nil
	}
	if m.insp != nil && m.insp.scroll(msg, k) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		m.moveList(-1)
	case key.Matches(msg, k.Down):
		m.moveList(+1)
	case key.Matches(msg, k.PageUp):
		m.moveList(-max(1, m.lay.listRows()-1))
	case key.Matches(msg, k.PageDown):
		m.moveList(max(1, m.lay.listRows()-1))
	case key.Matches(msg, k.Newest):
		if m.pane == paneLog {
			m.log.end()
		} else {
			m.devCur = max(0, len(m.devices)-1)
		}
	case key.Matches(msg, k.Filter):
		return m.cycleFilter()
	case key.Matches(msg, k.Search):
		return m.startSearch()
	case key.Matches(msg, k.Devices):
		return m.togglePane()
	case key.Matches(msg, k.Inspect):
		return m.inspectSelected()
	}
	return nil
}

func (m *Model) handleConfirm(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Yes):
		m.confirming = false
		return m.restart()
	case key.Matches(msg, m.keys.No), msg.Type == tea.KeyEnter:
		m.confirming = false // enter takes the safe answer
	}
	return nil
}

func (m *Model) handleSearch(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEnter:
		m.searching = false
		m.search.Blur()
		if m.search.Value() == "" {
			m.log.setFilter(filterAll, "")
		}
		return nil
	case tea.KeyEsc:
		m.searching = false
		m.search.Blur()
		m.search.SetValue("")
		m.log.setFilter(filterAll, "")
		return nil
	}
	var cmd tea.Cmd
	m.search, cmd = m.search.Update(msg)
	m.log.setFilter(filterVisitor, m.search.Value())
	return cmd
}

func (m *Model) onCreated(msg createdMsg) tea.Cmd {
	if msg.gen != m.gen {
		if msg.sim != nil {
			return stopCmd(msg.sim, msg.gen) // replaced meanwhile
		}
		return nil
	}
	if msg.err != nil {
		m.state = stateIdle
		m.err = msg.err.Error()
		return ui.Notify(ui.LevelError, "simulation: "+msg.err.Error())
	}
	m.sim, m.made, m.err = msg.sim, msg.sim.Settings(), ""
	m.setStats(msg.stats)
	m.logging = true
	cmds := []tea.Cmd{runCmd(m.sim, m.gen), logCmd(m.sim.Log(), m.gen)}
	if msg.then == actStep {
		m.state = statePaused
		cmds = append(cmds, stepCmd(m.sim, m.gen))
	} else {
		m.state = stateRunning
		cmds = append(cmds, m.armStats())
	}
	note := fmt.Sprintf("simulation run %d: seed %d, %s visitors", m.sim.RunNumber(), m.made.Seed, ui.Thousands(int64(m.made.Visitors)))
	cmds = append(cmds, ui.Notify(ui.LevelInfo, note))
	return tea.Batch(cmds...)
}

// armStats arms the next stats read unless one is armed.
func (m *Model) armStats() tea.Cmd {
	if m.ticking || m.sim == nil {
		return nil
	}
	m.ticking = true
	return statsCmd(m.sim, m.gen)
}

func (m *Model) onStats(msg statsMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil
	}
	m.ticking = false
	m.setStats(msg.stats)
	var cmds []tea.Cmd
	if m.pane == paneDevices {
		if m.polls++; m.polls >= 10 {
			cmds = append(cmds, m.loadDevices())
		}
	}
	if m.state == stateRunning {
		cmds = append(cmds, m.armStats())
	}
	return tea.Batch(cmds...)
}

// setStats takes a new reading of the figures.
func (m *Model) setStats(st sim.Stats) {
	m.stats, m.hasStats = st, true
	if st.CriteriaVersion != 0 {
		m.criteria = st.CriteriaVersion
	}
	m.drawSparks()
}

func (m *Model) onLog(msg logMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil
	}
	m.log.add(msg.events)
	var cmds []tea.Cmd
	if m.insp != nil {
		for _, e := range msg.events {
			if e.Device == m.insp.id {
				cmds = append(cmds, m.inspect(m.insp.id))
				break
			}
		}
	}
	if msg.closed || m.sim == nil {
		m.logging = false
	} else {
		cmds = append(cmds, logCmd(m.sim.Log(), m.gen))
	}
	return tea.Batch(cmds...)
}

func (m *Model) onStepped(msg steppedMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil
	}
	m.setStats(msg.stats)
	if msg.stats.Done && m.state == statePaused {
		m.state = stateDone
	}
	var cmd tea.Cmd
	if m.insp != nil {
		cmd = m.inspect(m.insp.id)
	}
	if msg.err != nil {
		return tea.Batch(cmd, ui.Notify(ui.LevelError, "step: "+msg.err.Error()))
	}
	return cmd
}

func (m *Model) onEnded(msg endedMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil
	}
	if msg.err != nil {
		m.state = statePaused
		return ui.Notify(ui.LevelError, "simulation: "+msg.err.Error())
	}
	m.setStats(msg.stats)
	if m.state == stateRunning || m.state == statePaused {
		m.state = stateDone
		return ui.Notify(ui.LevelSuccess, fmt.Sprintf("simulation done: %s visitors, %s activations",
			ui.Thousands(msg.stats.Funnel.Visitors), ui.Thousands(msg.stats.Activations)))
	}
	return nil
}

func (m *Model) onDevices(msg devicesMsg) {
	if msg.req != m.devReq || msg.gen != m.gen {
		return
	}
	if msg.err != nil {
		m.err = msg.err.Error()
		return
	}
	var sel string
	if m.devCur < len(m.devices) {
		sel = m.devices[m.devCur].id
	}
	m.devices = msg.states
	m.devCur = min(m.devCur, max(0, len(m.devices)-1))
	for i, d := range m.devices {
		if d.id == sel {
			m.devCur = i
		}
	}
}
