// Package demo seeds a ready demo project from the embedded fixtures: the
// published criteria, a few hundred known profiles, every built-in scenario,
// and a short generated run of visitors browsing the catalog, so that
// unknown, converted and merged profiles exist from the console's first frame.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"limen/engine"
	"limen/engine/device"
	"limen/engine/scenario"
	"limen/fixtures"
)

// Options size the demo.
type Options struct {
	Seed uint64
	// Now is when the generated activity ends; it starts three days before.
	Now           time.Time
	KnownProfiles int // default 300
	Visitors      int // default 150
	// ServerClock, when set, is told the simulated instant before each
	// device call, so that a project whose clock it drives records the
	// simulated time (profiles created when their visitor activated).
	ServerClock func(time.Time)
}

// Summary says what seeding created.
type Summary struct {
	Known, Visitors, Activated, Identified, Events int
}

// Span is how far back the generated activity starts.
const Span = 72 * time.Hour

// Seed fills a new, empty project. It is deterministic for a given Options.
func Seed(ctx context.Context, p *engine.Project, opt Options) (Summary, error) {
	if opt.KnownProfiles == 0 {
		opt.KnownProfiles = 300
	}
	if opt.Visitors == 0 {
		opt.Visitors = 150
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now().UTC().Truncate(time.Second)
	}
	s := p.Settings()
	s.Type, s.EventLimit = engine.TypeEmail, device.DefaultEventLimit
	if err := p.SetSettings(s); err != nil {
		return Summary{}, fmt.Errorf("demo settings: %w", err)
	}
	if _, err := p.ReplaceCriteria(fixtures.Criteria()); err != nil {
		return Summary{}, fmt.Errorf("demo criteria: %w", err)
	}
	g := &generator{p: p, rng: rand.New(rand.NewPCG(opt.Seed, 0x5eed)), start: opt.Now.Add(-Span), end: opt.Now, serverClock: opt.ServerClock}
	if g.serverClock == nil {
		g.serverClock = func(time.Time) {}
	}
	g.serverClock(g.start)
	var sum Summary
	known, err := g.knownProfiles(opt.KnownProfiles)
	if err != nil {
		return sum, err
	}
	sum.Known = len(known)
	if err := g.stories(ctx); err != nil {
		return sum, err
	}
	if err := g.campaigns(); err != nil {
		return sum, err
	}
	for i := range opt.Visitors {
		if err := g.visitor(ctx, i, known, &sum); err != nil {
			return sum, err
		}
	}
	sum.Visitors = opt.Visitors
	return sum, nil
}

type generator struct {
	p           *engine.Project
	rng         *rand.Rand
	start, end  time.Time
	serverClock func(time.Time)
}

func (g *generator) newID() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(g.rng.Uint32())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return uuid.UUID(b).String()
}

// knownProfiles creates n known customers and returns their emails.
func (g *generator) knownProfiles(n int) ([]string, error) {
	people := fixtures.PeopleData()
	emails := make([]string, 0, n)
	for i := range n {
		first := people.FirstNames[i%len(people.FirstNames)]
		last := people.LastNames[(i/len(people.FirstNames)+i*7)%len(people.LastNames)]
		email := fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(first), strings.ToLower(last), i)
		fields := map[string]any{
			"firstName": first, "lastName": last,
			"city":     people.Cities[g.rng.IntN(len(people.Cities))],
			"tier":     people.Tiers[g.rng.IntN(len(people.Tiers))],
			"optedIn":  g.rng.IntN(3) > 0,
			"lifetime": float64(g.rng.IntN(400) * 10),
		}
		if _, err := g.p.CreateKnownProfile(email, fmt.Sprintf("cust-%05d", i+1), fields); err != nil {
			return nil, fmt.Errorf("demo profile %s: %w", email, err)
		}
		emails = append(emails, email)
	}
	return emails, nil
}

// stories plays every built-in scenario on the demo project, one after the
// other across the three days, keeping the demo's criteria.
func (g *generator) stories(ctx context.Context) error {
	names := fixtures.Scenarios()
	for i, name := range names {
		raw, err := fixtures.Scenario(name)
		if err != nil {
			return err
		}
		sc, err := scenario.Parse(raw)
		if err != nil {
			return fmt.Errorf("demo scenario %s: %w", name, err)
		}
		at := g.start.Add(time.Duration(i) * Span / time.Duration(2*len(names)))
		r := scenario.New(g.p, sc, scenario.Config{Seed: uint64(i + 1), Start: at, DevicePrefix: "story-" + name + "/",
			KeepCriteria: true, ServerClock: g.serverClock})
		g.serverClock(at)
		if err := r.CreateKnownProfiles(); err != nil {
			return fmt.Errorf("demo scenario %s: %w", name, err)
		}
		r.Run(ctx)
	}
	return nil
}
