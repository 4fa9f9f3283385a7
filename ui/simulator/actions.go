package simulator

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine/sim"
	"limen/ui"
)

// toggle starts, pauses or resumes the simulation.
func (m *Model) toggle() tea.Cmd {
	switch m.state {
	case stateIdle, stateDone:
		return m.create(actRun)
	case stateRunning:
		m.state = statePaused
		return pauseCmd(m.sim, m.gen)
	case statePaused:
		m.state = stateRunning
		m.sim.Resume()
		return m.armStats()
	}
	return nil
}

// step runs one tick of a paused simulation, creating one (paused) first
// when there is none.
func (m *Model) step() tea.Cmd {
	switch m.state {
	case stateIdle:
		return m.create(actStep)
	case statePaused, stateDone:
		return stepCmd(m.sim, m.gen)
	}
	return nil
}

// create starts creating a new simulation with the controls' settings,
// replacing the current one (which is stopped first).
func (m *Model) create(then action) tea.Cmd {
	old, oldGen := m.sim, m.gen
	m.gen++
	m.sim, m.state, m.ticking, m.logging = nil, stateCreating, false, false
	m.stats, m.hasStats = sim.Stats{}, false
	m.log = newLogView()
	m.devices, m.devCur, m.devOff, m.insp = nil, 0, 0, nil
	m.layout()
	mk := createCmd(m.ctx.Project, m.ctl.settings(), m.gen, then)
	if old == nil {
		return mk
	}
	return tea.Sequence(stopCmd(old, oldGen), mk)
}

// askRestart restarts at once, or asks first while the simulation runs.
func (m *Model) askRestart() tea.Cmd {
	if m.state == stateRunning {
		m.confirming = true
		return nil
	}
	return m.restart()
}

// restart starts a new simulation with the next seed.
func (m *Model) restart() tea.Cmd {
	m.ctl.seed++
	return m.create(actRun)
}

// setSpeed moves the speed one step; it applies to a running simulation
// at once.
func (m *Model) setSpeed(dir int) tea.Cmd {
	m.ctl.speed = stepIn(speedSteps(), m.ctl.speed, dir)
	if m.sim != nil {
		m.sim.SetSpeed(m.ctl.speed)
	}
	return nil
}

func (m *Model) setArrival(dir int) tea.Cmd {
	m.ctl.arrival = stepIn(arrivalSteps(), m.ctl.arrival, dir)
	return m.pendingNote()
}

func (m *Model) setConsent(dir int) tea.Cmd {
	m.ctl.consent = stepConsent(m.ctl.consent, dir)
	return m.pendingNote()
}

func (m *Model) nextMix() tea.Cmd {
	m.ctl.mix = (m.ctl.mix + 1) % max(1, len(m.ctl.presets))
	return m.pendingNote()
}

// pendingNote says when a changed setting applies.
func (m *Model) pendingNote() tea.Cmd {
	if m.sim == nil || !m.ctl.differs(m.made) {
		return nil
	}
	return ui.Notify(ui.LevelInfo, "applies on restart (r)")
}

func (m *Model) cycleFilter() tea.Cmd {
	m.pane = paneLog
	m.log.cycle()
	if m.log.filter != filterVisitor {
		m.search.SetValue("")
	} else {
		m.search.SetValue(m.log.device)
	}
	return nil
}

func (m *Model) startSearch() tea.Cmd {
	m.pane = paneLog
	m.searching = true
	m.log.setFilter(filterVisitor, m.search.Value())
	return m.search.Focus()
}

func (m *Model) togglePane() tea.Cmd {
	if m.pane == paneDevices {
		m.pane = paneLog
		return nil
	}
	m.pane = paneDevices
	return m.loadDevices()
}

func (m *Model) loadDevices() tea.Cmd {
	m.polls = 0
	if m.sim == nil {
		return nil
	}
	m.devReq = m.nextReq()
	return devicesCmd(m.sim, m.gen, m.devReq)
}

func (m *Model) moveList(d int) {
	if m.pane == paneLog {
		m.log.move(d)
		return
	}
	if len(m.devices) > 0 {
		m.devCur = min(len(m.devices)-1, max(0, m.devCur+d))
	}
}

// inspectSelected opens the inspector on the selected row's device.
func (m *Model) inspectSelected() tea.Cmd {
	id := ""
	if m.pane == paneLog {
		if e, ok := m.log.selected(); ok {
			id = e.Device
		}
	} else if m.devCur < len(m.devices) {
		id = m.devices[m.devCur].id
	}
	if id == "" {
		return nil
	}
	fresh := m.insp == nil
	cmd := m.inspect(id)
	if fresh {
		m.layout()
	}
	return cmd
}

// inspect (re)loads the inspector for device id.
func (m *Model) inspect(id string) tea.Cmd {
	if m.insp == nil || m.insp.id != id {
		m.insp = newInspector(id)
		m.insp.setSize(m.lay.inspW(), m.lay.inspH())
	}
	m.insp.req = m.nextReq()
	return inspectCmd(m.ctx.Project, id, m.insp.req)
}

// statusText is the run state in words.
func (m *Model) statusText() string {
	switch m.state {
	case stateCreating:
		return "… preparing"
	case stateRunning:
		return "▶ running"
	case statePaused:
		return "‖ paused"
	case stateDone:
		return "✓ done"
	}
	return "■ stopped"
}

// runText names the run, once there is one.
func (m *Model) runText() string {
	if m.sim == nil {
		return ""
	}
	return fmt.Sprintf("run %d", m.sim.RunNumber())
}
