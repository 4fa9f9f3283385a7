package simulator

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/sim"
)

// Messages carry the generation of the simulation they are about; the
// screen drops those of a simulation it has replaced.

// createdMsg answers createCmd: a new simulation, ready to run or step.
type createdMsg struct {
	gen   int
	sim   *sim.Sim
	stats sim.Stats // its first figures
	err   error
	then  action // what to do once created
}

// action is what a created simulation starts with.
type action int

const (
	actRun action = iota
	actStep
)

// statsMsg is a coalesced read of the simulation's figures.
type statsMsg struct {
	gen   int
	stats sim.Stats
}

// logMsg is a batch of log events; closed when the log channel closed
// (the simulation was stopped).
type logMsg struct {
	gen    int
	events []sim.Event
	closed bool
}

// steppedMsg answers stepCmd.
type steppedMsg struct {
	gen   int
	stats sim.Stats
	err   error
}

// pausedMsg answers pauseCmd, once no tick runs.
type pausedMsg struct {
	gen   int
	stats sim.Stats
}

// endedMsg says Run returned: every visitor is done, or it was stopped.
type endedMsg struct {
	gen   int
	stats sim.Stats
	err   error
}

// stoppedMsg answers stopCmd (a restart stops the old simulation first).
type stoppedMsg struct {
	gen int
}

// inspectMsg answers inspectCmd.
type inspectMsg struct {
	req    int
	id     string
	report sim.DeviceReport
	err    error
}

// devicesMsg answers devicesCmd.
type devicesMsg struct {
	req    int
	gen    int
	states []deviceRow
	err    error
}

// criteriaMsg is the published criteria version, read when the screen
// starts and whenever criteria are published.
type criteriaMsg struct {
	version uint64
}

// statsInterval is how often a running simulation's figures are read (one
// redraw per interval at most).
const statsInterval = 200 * time.Millisecond

// logWindow is how long a log batch gathers events after its first one.
const logWindow = 100 * time.Millisecond

// logBatchMax bounds a log batch.
const logBatchMax = 500

func createCmd(p *engine.Project, s sim.Settings, gen int, then action) tea.Cmd {
	return func() tea.Msg {
		sm, err := sim.New(p, s)
		if err != nil {
			return createdMsg{gen: gen, err: err, then: then}
		}
		if then == actStep {
			sm.Pause()
		}
		return createdMsg{gen: gen, sim: sm, stats: sm.Stats(), then: then}
	}
}

// runCmd plays the simulation until it is done or stopped.
func runCmd(s *sim.Sim, gen int) tea.Cmd {
	return func() tea.Msg {
		err := s.Run(context.Background())
		if errors.Is(err, sim.ErrStopped) {
			err = nil
		}
		return endedMsg{gen: gen, stats: s.Stats(), err: err}
	}
}

// statsCmd reads the figures after one interval.
func statsCmd(s *sim.Sim, gen int) tea.Cmd {
	return tea.Tick(statsInterval, func(time.Time) tea.Msg { return statsMsg{gen: gen, stats: s.Stats()} })
}

// logCmd waits for the next log event, then gathers what follows within
// logWindow into one batch.
func logCmd(ch <-chan sim.Event, gen int) tea.Cmd {
	return func() tea.Msg {
		e, ok := <-ch
		if !ok {
			return logMsg{gen: gen, closed: true}
		}
		batch := []sim.Event{e}
		timer := time.NewTimer(logWindow)
		defer timer.Stop()
		for len(batch) < logBatchMax {
			select {
			case e, ok := <-ch:
				if !ok {
					return logMsg{gen: gen, events: batch, closed: true}
				}
				batch = append(batch, e)
			case <-timer.C:
				return logMsg{gen: gen, events: batch}
			}
		}
		return logMsg{gen: gen, events: batch}
	}
}

func stepCmd(s *sim.Sim, gen int) tea.Cmd {
	return func() tea.Msg {
		st, err := s.Step(context.Background())
		return steppedMsg{gen: gen, stats: st, err: err}
	}
}

func pauseCmd(s *sim.Sim, gen int) tea.Cmd {
	return func() tea.Msg {
		s.Pause()
		return pausedMsg{gen: gen, stats: s.Stats()}
	}
}

func stopCmd(s *sim.Sim, gen int) tea.Cmd {
	return func() tea.Msg {
		s.Stop()
		return stoppedMsg{gen: gen}
	}
}

func inspectCmd(p *engine.Project, id string, req int) tea.Cmd {
	return func() tea.Msg {
		r, err := sim.InspectDevice(p, id)
		return inspectMsg{req: req, id: id, report: r, err: err}
	}
}

// deviceRow is one line of the devices list.
type deviceRow struct {
	id, mode string
	consent  bool
	stored   int // events kept locally while a visitor, in all
}

// maxDevices bounds the devices list.
const maxDevices = 500

func devicesCmd(s *sim.Sim, gen, req int) tea.Cmd {
	return func() tea.Msg {
		var rows []deviceRow
		after := ""
		for len(rows) < maxDevices {
			page, next, err := s.Devices(after, 200)
			if err != nil {
				return devicesMsg{req: req, gen: gen, err: err}
			}
			for _, st := range page {
				rows = append(rows, deviceRow{id: st.ID, mode: string(st.Mode), consent: st.Consent, stored: st.Stored})
			}
			if next == "" {
				break
			}
			after = next
		}
		return devicesMsg{req: req, gen: gen, states: rows}
	}
}

func criteriaCmd(p *engine.Project) tea.Cmd {
	return func() tea.Msg { return criteriaMsg{version: p.PublishedCriteria().Version} }
}
