package sim

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"time"
)

// Settings configure a simulation. The zero value of a field means its
// default, except ConsentRate (0 is a valid rate: nobody consents) and Seed.
type Settings struct {
	// Seed makes the run reproducible: the same seed and settings on the
	// same starting project give the same Stats whatever Workers (apart
	// from Elapsed, and the order of Log events), and whatever Tick too
	// (apart from Now, Ticks and the rolling windows, which count ticks).
	// Device calls that fail (Stats.Errors) break this: they depend on
	// timing. So do campaigns that reach known users (a known or a
	// criteria audience) when two visitors log in as one known customer:
	// an in-app message or a push goes to that person once, to whichever
	// visitor's session comes first; and any campaign when such a visitor
	// buys without a click of its own: the project may credit the purchase
	// to the other visitor's click, if that click came first.
	Seed uint64
	// Visitors is how many visitors arrive in all.
	Visitors int
	// ArrivalPerMinute is the mean arrival rate in visitors per simulated
	// minute (a Poisson process); default 10.
	ArrivalPerMinute float64
	// ConsentRate is the share of visitors who accept the consent banner,
	// multiplied by their persona's ConsentFactor (capped at 1).
	ConsentRate float64
	// Mix weighs personas by name; nil uses each persona's Share. Personas
	// left out of a non-nil Mix do not arrive.
	Mix map[string]float64
	// Personas replaces the personas of fixtures/personas.json.
	Personas []Persona
	// Speed is how many simulated seconds Run plays per real second
	// (default 60); Step and RunToEnd ignore it.
	Speed float64
	// Workers drive devices in parallel (default 2 × GOMAXPROCS: a device
	// call spends part of its time waiting for the storage's commit, so
	// more goroutines than cores keep every core busy).
	Workers int
	// Start is the simulated instant the first tick starts at (default
	// DefaultStart, so that runs are reproducible).
	Start time.Time
	// Duration bounds simulated time: nothing happens at or after
	// Start+Duration. 0: until every visitor is done.
	Duration time.Duration
	// Tick is the simulated time one Step advances (default DefaultTick).
	Tick time.Duration
	// KnownProfiles known customers are created before the run (those that
	// exist already are reused) for sign-ups to merge into; 0 uses the known
	// profiles the project already has (up to MaxKnownPool).
	KnownProfiles int
	// LogBuffer is the capacity of the Log channel (default 1024).
	LogBuffer int
}

// Defaults.
const (
	DefaultArrivalPerMinute = 10
	DefaultSpeed            = 60
	DefaultTick             = 10 * time.Second
	DefaultLogBuffer        = 1024
	// MaxKnownPool bounds the existing known profiles used when
	// KnownProfiles is 0.
	MaxKnownPool = 10000
	// MaxVisitors bounds Visitors (arrival times are computed up front).
	MaxVisitors = 10_000_000
)

// DefaultStart is the default simulated start.
func DefaultStart() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }

// DefaultSettings are sensible settings for a demo: 500 visitors, 80 %
// consent, 200 known customers.
func DefaultSettings() Settings {
	return Settings{Seed: 1, Visitors: 500, ArrivalPerMinute: DefaultArrivalPerMinute, ConsentRate: 0.8,
		Speed: DefaultSpeed, KnownProfiles: 200}
}

// withDefaults fills defaults and validates.
func (s Settings) withDefaults() (Settings, error) {
	if s.ArrivalPerMinute == 0 {
		s.ArrivalPerMinute = DefaultArrivalPerMinute
	}
	if s.Speed == 0 {
		s.Speed = DefaultSpeed
	}
	if s.Workers <= 0 {
		s.Workers = 2 * runtime.GOMAXPROCS(0)
	}
	if s.Start.IsZero() {
		s.Start = DefaultStart()
	}
	if s.Tick == 0 {
		s.Tick = DefaultTick
	}
	if s.LogBuffer <= 0 {
		s.LogBuffer = DefaultLogBuffer
	}
	switch {
	case s.Visitors < 0 || s.Visitors > MaxVisitors:
		return s, fmt.Errorf("sim: visitors %d: must be between 0 and %d", s.Visitors, MaxVisitors)
	case !(s.ArrivalPerMinute > 0) || math.IsInf(s.ArrivalPerMinute, 0):
		return s, fmt.Errorf("sim: arrival rate %g: must be above 0", s.ArrivalPerMinute)
	case !(s.ConsentRate >= 0 && s.ConsentRate <= 1):
		return s, fmt.Errorf("sim: consent rate %g: must be between 0 and 1", s.ConsentRate)
	case !(s.Speed > 0) || math.IsInf(s.Speed, 0):
		return s, fmt.Errorf("sim: speed %g: must be above 0", s.Speed)
	case s.Duration < 0:
		return s, fmt.Errorf("sim: duration %v: must not be negative", s.Duration)
	case s.Tick < time.Second:
		return s, fmt.Errorf("sim: tick %v: must be at least 1s", s.Tick)
	case s.KnownProfiles < 0:
		return s, fmt.Errorf("sim: known profiles %d: must not be negative", s.KnownProfiles)
	}
	return s, nil
}

// weights returns the persona weights of the mix, in persona order.
func (s Settings) weights(ps []Persona) ([]float64, error) {
	w := make([]float64, len(ps))
	total := 0.0
	for i, p := range ps {
		w[i] = p.Share
		if s.Mix != nil {
			w[i] = s.Mix[p.Name]
		}
		total += w[i]
	}
	for name, v := range s.Mix {
		if !slices.ContainsFunc(ps, func(p Persona) bool { return p.Name == name }) {
			return nil, fmt.Errorf("sim: mix: no persona %q", name)
		}
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("sim: mix: %s: weight must be ≥ 0", name)
		}
	}
	if !(total > 0) {
		return nil, fmt.Errorf("sim: mix: needs at least one persona with a weight above 0")
	}
	return w, nil
}
