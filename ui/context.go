package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
)

// Context is what every screen is built with: the engine to read through
// (always inside commands, never in Update or View), the styles, the clock,
// and where exports go.
type Context struct {
	Project *engine.Project
	Styles  Styles
	Now     func() time.Time
	// ExportDir is where exported tables are written.
	ExportDir string
}

// HappeningsMsg carries the engine's one-off happenings (profiles created,
// converted, merged, deleted; criteria published), coalesced: the console
// sends at most one every LiveInterval, and drops none.
type HappeningsMsg struct {
	Happenings []engine.Happening
}

// LiveInterval is how often coalesced live updates reach the screens.
const LiveInterval = 200 * time.Millisecond

// forwardHappenings reads the engine's happenings and sends them to the
// program in batches, one batch per LiveInterval at most, until stop closes.
func forwardHappenings(p *engine.Project, send func(tea.Msg), stop <-chan struct{}) {
	ch, cancel := p.Subscribe()
	defer cancel()
	tick := time.NewTicker(LiveInterval)
	defer tick.Stop()
	var batch []engine.Happening
	for {
		select {
		case <-stop:
			return
		case h, ok := <-ch:
			if !ok {
				return
			}
			batch = append(batch, h)
		case <-tick.C:
			if len(batch) > 0 {
				send(HappeningsMsg{Happenings: batch})
				batch = nil
			}
		}
	}
}
