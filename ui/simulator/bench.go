package simulator

import (
	"context"
	"slices"
	"time"

	"limen/engine"
	"limen/engine/sim"
	"limen/ui"
)

// BenchResult compares a simulation run headless with the same run while the
// Simulator tab is attached: fed and redrawn on its real tick from coalesced
// figures, as in the console.
type BenchResult struct {
	Visitors int      `json:"visitors"`
	Headless RunSpeed `json:"headless"`
	Attached RunSpeed `json:"attached"`
	// Frames are the tab's redraws during the attached run: each one a
	// figures update, a log batch and a full View at Width×Height.
	Frames   int           `json:"frames"`
	FrameP50 time.Duration `json:"frameP50Ns"`
	FrameP99 time.Duration `json:"frameP99Ns"`
	FrameMax time.Duration `json:"frameMaxNs"`
	Width    int           `json:"width"`
	Height   int           `json:"height"`
}

// RunSpeed is how fast one run went: device calls (simulated events) per
// second of real time.
type RunSpeed struct {
	Ops          int64         `json:"ops"`
	Elapsed      time.Duration `json:"elapsedNs"`
	OpsPerSecond float64       `json:"opsPerSecond"`
}

// Bench runs the simulation s twice, each on a fresh project from open:
// headless, then with the tab attached at w×h.
func Bench(ctx context.Context, open func() (*engine.Project, error), s sim.Settings, w, h int) (BenchResult, error) {
	res := BenchResult{Visitors: s.Visitors, Width: w, Height: h}
	headless, err := benchRun(ctx, open, s, nil)
	if err != nil {
		return res, err
	}
	res.Headless = headless
	var frames []time.Duration
	attached, err := benchRun(ctx, open, s, func(p *engine.Project, sm *sim.Sim, done <-chan struct{}) {
		frames = drive(p, sm, w, h, done)
	})
	if err != nil {
		return res, err
	}
	res.Attached = attached
	res.Frames = len(frames)
	if len(frames) > 0 {
		slices.Sort(frames)
		res.FrameP50 = frames[len(frames)/2]
		res.FrameP99 = frames[min(len(frames)-1, len(frames)*99/100)]
		res.FrameMax = frames[len(frames)-1]
	}
	return res, nil
}

// benchRun runs a simulation to its end, with watch (if any) running beside
// it until it is done.
func benchRun(ctx context.Context, open func() (*engine.Project, error), s sim.Settings,
	watch func(*engine.Project, *sim.Sim, <-chan struct{})) (RunSpeed, error) {
	p, err := open()
	if err != nil {
		return RunSpeed{}, err
	}
	defer p.Close()
	sm, err := sim.New(p, s)
	if err != nil {
		return RunSpeed{}, err
	}
	done := make(chan struct{})
	watched := make(chan struct{})
	if watch != nil {
		go func() { defer close(watched); watch(p, sm, done) }()
	} else {
		close(watched)
	}
	start := time.Now()
	st, err := sm.RunToEnd(ctx)
	elapsed := time.Since(start)
	close(done)
	<-watched
	if err != nil {
		return RunSpeed{}, err
	}
	return RunSpeed{Ops: st.Ops, Elapsed: elapsed, OpsPerSecond: float64(st.Ops) / elapsed.Seconds()}, nil
}

// drive attaches a Simulator tab to a running simulation the way the
// console does — figures read every statsInterval, the log drained in
// batches — and times each redraw until done closes.
func drive(p *engine.Project, sm *sim.Sim, w, h int, done <-chan struct{}) []time.Duration {
	m := New(ui.Context{Project: p, Styles: ui.NewStyles(ui.DefaultTheme()), Now: time.Now})
	m.SetSize(w, h)
	m.gen++
	m.onCreated(createdMsg{gen: m.gen, sim: sm, stats: sm.Stats()})
	tick := time.NewTicker(statsInterval)
	defer tick.Stop()
	var frames []time.Duration
	for {
		select {
		case <-done:
			return frames
		case <-tick.C:
		}
		var batch []sim.Event
	drain:
		for {
			select {
			case e, ok := <-sm.Log():
				if !ok {
					break drain
				}
				batch = append(batch, e)
			default:
				break drain
			}
		}
		t0 := time.Now()
		m.onLog(logMsg{gen: m.gen, events: batch})
		m.onStats(statsMsg{gen: m.gen, stats: sm.Stats()})
		_ = m.View()
		frames = append(frames, time.Since(t0))
	}
}
