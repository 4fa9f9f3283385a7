package simulator

import (
	"fmt"
	"time"

	"limen/engine/sim"
)

// Control steps and bounds. Speed applies to a running simulation at once;
// the other settings are fixed when a simulation is created, so they apply
// on the next (re)start.

// speedSteps are the speeds + and - move through (simulated seconds per
// real second).
func speedSteps() []float64 { return []float64{1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600} }

// arrivalSteps are the arrival rates a and A move through (visitors per
// simulated minute).
func arrivalSteps() []float64 { return []float64{1, 2, 5, 10, 20, 50, 100, 200, 500} }

// Consent rate bounds and step, in percent.
const (
	consentStep = 5
	consentMax  = 100
)

// stepIn moves from cur to the next value of steps in direction dir (+1 or
// -1), staying at the ends. A value between two steps moves to the nearest
// step in that direction.
func stepIn(steps []float64, cur float64, dir int) float64 {
	if dir > 0 {
		for _, s := range steps {
			if s > cur {
				return s
			}
		}
		return steps[len(steps)-1]
	}
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i] < cur {
			return steps[i]
		}
	}
	return steps[0]
}

// stepConsent moves a consent rate in percent by one step, within 0–100.
func stepConsent(pct, dir int) int { return min(consentMax, max(0, pct+dir*consentStep)) }

// mixPreset is one persona mix: nil weights keep each persona's share.
type mixPreset struct {
	name    string
	weights map[string]float64
}

// mixPresets are the mixes m cycles: the personas' own shares, then one
// persona at a time made five times as likely as each other one.
func mixPresets(personas []string) []mixPreset {
	out := []mixPreset{{name: "default"}}
	for _, p := range personas {
		w := make(map[string]float64, len(personas))
		for _, q := range personas {
			w[q] = 1
		}
		w[p] = 5
		out = append(out, mixPreset{name: "mostly " + p, weights: w})
	}
	return out
}

// controls are the settings the next simulation is created with, and the
// speed (which also applies live).
type controls struct {
	seed     uint64
	visitors int
	speed    float64
	arrival  float64
	consent  int // percent
	mix      int // index into presets
	presets  []mixPreset
	// start is where simulated time begins: the console's now, so that the
	// simulated visitors join the project's own days (zero: the sim default).
	start time.Time
}

func defaultControls(personas []string) controls {
	d := sim.DefaultSettings()
	return controls{seed: d.Seed, visitors: d.Visitors, speed: d.Speed, arrival: d.ArrivalPerMinute,
		consent: int(d.ConsentRate*100 + 0.5), presets: mixPresets(personas)}
}

// settings are the simulation settings of the controls: the defaults,
// with the project's existing known customers (KnownProfiles 0) as the
// people sign-ups log in as.
func (c controls) settings() sim.Settings {
	s := sim.DefaultSettings()
	s.Seed, s.Visitors, s.Speed = c.seed, c.visitors, c.speed
	s.ArrivalPerMinute, s.ConsentRate = c.arrival, float64(c.consent)/100
	s.KnownProfiles = 0
	if !c.start.IsZero() {
		s.Start = c.start
	}
	if c.mix > 0 && c.mix < len(c.presets) {
		s.Mix = c.presets[c.mix].weights
	}
	return s
}

// mixName is the name of the selected persona mix.
func (c controls) mixName() string {
	if c.mix < 0 || c.mix >= len(c.presets) {
		return "default"
	}
	return c.presets[c.mix].name
}

// differs reports which creation settings differ from those a simulation
// was created with (they apply on restart).
func (c controls) differs(s sim.Settings) bool {
	cur := c.settings()
	return cur.ArrivalPerMinute != s.ArrivalPerMinute || cur.ConsentRate != s.ConsentRate ||
		!sameMix(cur.Mix, s.Mix)
}

func sameMix(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// speedText shows a speed as a multiple of real time.
func speedText(x float64) string {
	if x == float64(int64(x)) {
		return fmt.Sprintf("%d×", int64(x))
	}
	return fmt.Sprintf("%.1f×", x)
}

// rateText shows an arrival rate.
func rateText(x float64) string {
	if x == float64(int64(x)) {
		return fmt.Sprintf("%d/min", int64(x))
	}
	return fmt.Sprintf("%.1f/min", x)
}
