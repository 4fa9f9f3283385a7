package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"limen/engine/device"
	"limen/fixtures"
)

// step is what a visitor does next.
type step uint8

const (
	stepArrive       step = iota // first page load or app start
	stepConsent                  // answer the consent banner
	stepSessionStart             // a later session: page load, app start or foreground
	stepAction                   // one action of the current session (or the offer a click led to)
)

// visitor is one simulated person and its device. Only the goroutine
// running it (one at a time) touches it.
type visitor struct {
	idx      int
	persona  int
	platform string
	cp       *compiledPersona
	rng      *rand.Rand
	dev      *device.Device
	at       time.Time // time of its next step; the device's clock during it
	next     step
	// session is the current session (0-based) of sessions; left the
	// actions left in it.
	session, sessions, left int
	cart                    []device.Item
	who                     device.Identity // its sign-up identity, once chosen
	consentP                float64
	lastViewed              *fixtures.Product // the product it viewed last
	offer                   *offer            // bought at the session's next action

	// Mirror of the device's state, kept from the outcomes of its calls
	// (and re-read from the device after a failed call).
	mode                     device.Mode
	consent                  bool
	version, held            uint64
	stored, dropped, evicted int

	reached  [stageCount]bool
	signedUp bool
	done     bool
}

func newVisitor(s *Sim, i int, arrival time.Time) *visitor {
	rng := behaviourRNG(s.set.Seed, i)
	pi := pick(rng, s.mix)
	cp := &s.personas[pi]
	platform := platformNames()[max(0, pick(rng, cp.platforms[:]))]
	push := rng.Float64() < cp.PushOptIn && platform != "web"
	ids := idRNG(s.set.Seed, s.run, i)
	v := &visitor{idx: i, persona: pi, platform: platform, cp: cp, rng: rng, at: arrival, mode: device.Visitor,
		consentP: min(1, s.set.ConsentRate*cp.ConsentFactor)}
	v.sessions = max(1, intIn(rng, cp.Sessions))
	cfg := s.devCfg
	cfg.ID = fmt.Sprintf("%s%06d", s.DevicePrefix(), i)
	cfg.Platform, cfg.PushOptIn = platform, push
	cfg.Clock = func() time.Time { return v.at }
	cfg.NewID = func() string { return newUUID(ids) }
	v.dev = device.New(cfg)
	return v
}

// runUntil runs the visitor's steps before until, stopping early when
// halted says so (between two device calls).
func (v *visitor) runUntil(ctx context.Context, s *Sim, until time.Time, halted func() bool) {
	for !v.done && v.at.Before(until) && !halted() {
		v.do(ctx, s)
		s.settle(v)
		if !v.done && !v.at.Before(s.end) {
			v.finish(s) // the simulated duration is over
		}
	}
}

// do runs the visitor's next step and schedules the one after.
func (v *visitor) do(ctx context.Context, s *Sim) {
	switch v.next {
	case stepArrive:
		s.st.reach(v, stageVisitor)
		s.st.modes[0].Add(1)
		out, err := v.dev.StartSession(ctx)
		s.account(v, false, out, err)
		v.next = stepConsent
		v.at = v.at.Add(time.Duration(1+v.rng.IntN(8)) * time.Second)
	case stepConsent:
		if v.rng.Float64() < v.consentP {
			v.setConsent(ctx, s, true)
		}
		v.beginSession()
	case stepSessionStart:
		// On a phone the app may still be running: it comes to the
		// foreground. For an unknown or known user it starts a session all
		// the same (the foreground would do nothing for it), and the
		// session start is when its messages arrive.
		stillRunning := v.platform != "web" && v.rng.IntN(2) == 0
		var out device.Outcome
		var err error
		if stillRunning && v.mode == device.Visitor {
			out, err = v.dev.Foreground(ctx)
		} else {
			out, err = v.dev.StartSession(ctx)
		}
		s.account(v, false, out, err)
		if err == nil {
			v.respond(ctx, s, out)
		}
		v.beginSession()
	case stepAction:
		v.act(ctx, s)
		v.left--
		v.think()
	}
	if v.next == stepAction && v.left <= 0 {
		v.endSession()
	}
	if v.done {
		s.st.finished.Add(1)
		v.release()
	}
}

func (v *visitor) think() { v.at = v.at.Add(durIn(v.rng, v.cp.ThinkSeconds, time.Second)) }

func (v *visitor) beginSession() {
	v.next, v.left = stepAction, intIn(v.rng, v.cp.ActionsPerSession)
	if v.offer != nil {
		v.left = max(v.left, 1)
	}
	v.think()
}

func (v *visitor) endSession() {
	v.session++
	if v.session >= v.sessions {
		v.done = true
		return
	}
	v.next = stepSessionStart
	v.at = v.at.Add(durIn(v.rng, v.cp.HoursBetweenSessions, time.Hour))
}

// finish ends a visitor cut short by the end of the simulated duration.
func (v *visitor) finish(s *Sim) {
	v.done = true
	s.st.finished.Add(1)
	v.release()
}

// release drops what a finished visitor no longer needs; its counters and
// mirror stay for Stats.
func (v *visitor) release() {
	v.dev, v.rng, v.cart, v.cp = nil, nil, nil, nil
	v.lastViewed, v.offer = nil, nil
}
