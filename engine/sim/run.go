package sim

import (
	"context"
	"errors"
	"math"
	"time"
)

// frame is how often Run wakes up to play the simulated time due.
const frame = 50 * time.Millisecond

// ErrRunning is returned by Run when the simulation is already running.
var ErrRunning = errors.New("sim: already running")

// SetSpeed changes how many simulated seconds Run plays per real second;
// it takes effect at Run's next frame. Values ≤ 0 are ignored.
func (s *Sim) SetSpeed(x float64) {
	if !(x > 0) || math.IsInf(x, 0) {
		return
	}
	s.speed.Store(math.Float64bits(x))
	s.poke()
}

// Speed is the current speed (simulated seconds per real second).
func (s *Sim) Speed() float64 { return math.Float64frombits(s.speed.Load()) }

// Run plays the simulation in real time for the console: every frame it
// runs the ticks that Speed × the real time elapsed allows, as fast as it
// can when it falls behind (without trying to catch up more than a second
// of backlog). It returns nil when every visitor is done, ErrStopped after
// Stop, ctx.Err() when ctx ends (after the calls in flight, losing
// nothing). While paused it waits.
func (s *Sim) Run(ctx context.Context) error {
	s.ctl.Lock()
	if s.running {
		s.ctl.Unlock()
		return ErrRunning
	}
	s.running = true
	s.ctl.Unlock()
	defer func() {
		s.ctl.Lock()
		s.running = false
		s.ctl.Unlock()
	}()
	timer := time.NewTimer(frame)
	defer timer.Stop()
	budget := 0.0 // simulated seconds due
	last := time.Now()
	for {
		switch {
		case s.stopped.Load():
			return ErrStopped
		case ctx.Err() != nil:
			return ctx.Err()
		case s.done.Load():
			return nil
		}
		now := time.Now()
		tick := s.set.Tick.Seconds()
		if s.paused.Load() {
			budget = 0
		} else {
			budget = min(budget+s.Speed()*now.Sub(last).Seconds(), max(s.Speed(), tick))
		}
		last = now
		for budget >= tick && s.playTick(ctx) {
			budget -= tick
		}
		timer.Reset(frame)
		select {
		case <-timer.C:
		case <-s.wake:
		case <-s.stopCh:
		case <-ctx.Done():
		}
	}
}

// playTick runs one tick for Run unless paused, stopped or done.
func (s *Sim) playTick(ctx context.Context) bool {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	if s.paused.Load() || s.stopped.Load() || s.done.Load() || ctx.Err() != nil {
		return false
	}
	s.tick(ctx)
	return true
}

// Pause stops Run from playing further ticks. It returns once no tick is
// running, so that Stats, the engine and the devices agree when it returns.
// Step still works while paused.
func (s *Sim) Pause() {
	s.paused.Store(true)
	s.runMu.Lock()
	s.runMu.Unlock() //nolint:staticcheck // waits for the tick in flight
	s.poke()
}

// Resume lets Run play again.
func (s *Sim) Resume() {
	s.paused.Store(false)
	s.poke()
}

// Paused reports whether the simulation is paused.
func (s *Sim) Paused() bool { return s.paused.Load() }

// Stop ends the simulation for good: the tick in flight ends after the
// device calls in flight (each committed by the engine), Run returns
// ErrStopped, and the Log channel is closed. It returns once no tick runs;
// Stats is then final and agrees with the engine and the devices.
func (s *Sim) Stop() {
	s.ctl.Lock()
	first := !s.stopped.Load()
	if first {
		s.stopped.Store(true)
		close(s.stopCh)
	}
	s.ctl.Unlock()
	s.runMu.Lock()
	defer s.runMu.Unlock()
	if first {
		close(s.log)
	}
}

// Stopped reports whether Stop was called.
func (s *Sim) Stopped() bool { return s.stopped.Load() }

func (s *Sim) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
