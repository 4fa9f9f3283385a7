package sim

import (
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

// Funnel stages. A visitor is counted once per stage, the first time it
// reaches it, and only once it has reached the stage the stage follows, so
// each stage is a subset of that one:
//
//		Visitors ≥ Consented ≥ Activated ≥ Messaged ≥ Clicked ≥ Purchased
//		                       Activated ≥ Identified ≥ Converted + Merged
//
//	  - Visitors: arrived (made its first page load or app start).
//	  - Consented: granted consent at least once (a later revoke does not
//	    remove it from the stage).
//	  - Activated: got an unknown profile at least once (which needs consent).
//	  - Messaged: got a campaign's message (shown, or a push notification
//	    received) while an unknown or known user, after its activation.
//	  - Clicked: clicked one of them.
//	  - Purchased: made a purchase the project credits to a campaign: sent to
//	    its profile within the attribution window after one of its own
//	    clicks (the purchase a click leads to, or any other made in time).
//	  - Identified: identified (signed up or logged in) while it was an
//	    unknown user, at least once. A visitor who signs up before any
//	    activation is not in this stage (it is counted in SignedUp).
//	  - Converted / Merged: the outcome of its first unknown → known
//	    identification: its unknown profile became the known profile, or was
//	    merged into an existing one. The rest of Identified were abandoned
//	    (merge turned off in the project settings).
const (
	stageVisitor = iota
	stageConsented
	stageActivated
	stageMessaged
	stageClicked
	stagePurchased
	stageIdentified
	stageConverted
	stageMerged
	stageCount
)

// stageAfter is the stage a stage follows (-1 for the first). Every stage
// comes after the stage it follows in the order above, which funnelOf
// relies on.
func stageAfter(stage int) int {
	switch stage {
	case stageVisitor:
		return -1
	case stageIdentified:
		return stageActivated
	case stageMerged:
		return stageIdentified
	}
	return stage - 1
}

// Funnel counts visitors per stage (see the stage constants above).
type Funnel struct {
	Visitors   int64 `json:"visitors"`
	Consented  int64 `json:"consented"`
	Activated  int64 `json:"activated"`
	Messaged   int64 `json:"messaged"`
	Clicked    int64 `json:"clicked"`
	Purchased  int64 `json:"purchased"`
	Identified int64 `json:"identified"`
	Converted  int64 `json:"converted"`
	Merged     int64 `json:"merged"`
}

// Check reports the first stage that is not a subset of the one it
// follows.
func (f Funnel) Check() error {
	steps := []struct {
		name        string
		later, prev int64
	}{
		{"consented ≤ visitors", f.Consented, f.Visitors},
		{"activated ≤ consented", f.Activated, f.Consented},
		{"messaged ≤ activated", f.Messaged, f.Activated},
		{"clicked ≤ messaged", f.Clicked, f.Messaged},
		{"purchased ≤ clicked", f.Purchased, f.Clicked},
		{"identified ≤ activated", f.Identified, f.Activated},
		{"converted + merged ≤ identified", f.Converted + f.Merged, f.Identified},
	}
	for _, s := range steps {
		if s.later > s.prev || s.later < 0 {
			return fmt.Errorf("funnel: %s does not hold: %d > %d", s.name, s.later, s.prev)
		}
	}
	if f.Visitors < 0 {
		return fmt.Errorf("funnel: %d visitors", f.Visitors)
	}
	return nil
}

// PersonaStats are one persona's figures.
type PersonaStats struct {
	Name   string `json:"name"`
	Funnel Funnel `json:"funnel"`
	// SignedUp counts its visitors who identified at least once, whether
	// or not they had been activated.
	SignedUp int64 `json:"signedUp"`
}

// Modes counts the arrived devices by their person's current state.
type Modes struct {
	Visitor int64 `json:"visitor"`
	Unknown int64 `json:"unknown"`
	Known   int64 `json:"known"`
}

// Stats is a snapshot of a simulation.
type Stats struct {
	// Now is the simulated time everything before which has run.
	Now time.Time `json:"now"`
	// LastCall is the simulated time of the latest device call (zero before
	// the first); unlike Now it does not depend on the tick length.
	LastCall time.Time `json:"lastCall"`
	// Ticks counts the ticks run; Done is set once every visitor is done
	// (or the simulated duration is over).
	Ticks    int64 `json:"ticks"`
	Done     bool  `json:"done"`
	Finished int64 `json:"finished"` // visitors with nothing left to do

	Funnel   Funnel         `json:"funnel"`
	Personas []PersonaStats `json:"personas"`
	Modes    Modes          `json:"modes"`

	// Ops counts every device call; Calls the tracking calls among them
	// (track, cart, purchase, profile update). Every tracking call is
	// exactly one of Stored (kept on the device: a consenting visitor),
	// Sent (to the profile of an unknown or known user) or Dropped (a
	// visitor without consent), unless it failed (Errors).
	Ops     int64 `json:"ops"`
	Calls   int64 `json:"calls"`
	Stored  int64 `json:"stored"`
	Sent    int64 `json:"sent"`
	Dropped int64 `json:"dropped"`
	// Evicted counts local events pushed out by the local event limit.
	Evicted int64 `json:"evicted"`

	Consents    int64 `json:"consents"`    // consent grants
	Revokes     int64 `json:"revokes"`     // consent revokes
	Activations int64 `json:"activations"` // unknown profiles created
	// Outdated counts activations refused because the criteria changed
	// meanwhile (the device refetched and matches again later).
	Outdated int64 `json:"outdated"`
	// SignUps counts identifications; each has one outcome: Created (a new
	// known profile), Existing (an existing known profile, from a visitor or
	// a known user), Conversions, Merges or Abandoned (from an unknown user).
	SignUps     int64 `json:"signUps"`
	Created     int64 `json:"created"`
	Existing    int64 `json:"existing"`
	Conversions int64 `json:"conversions"`
	Merges      int64 `json:"merges"`
	Abandoned   int64 `json:"abandoned"`
	Logouts     int64 `json:"logouts"`
	Purchases   int64 `json:"purchases"` // purchases stored or sent
	Errors      int64 `json:"errors"`

	// Messages counts the campaign messages the visitors got and what they
	// did with them.
	Messages MessageStats `json:"messages"`

	// ByCriteria counts activations per criteria set id.
	ByCriteria map[string]int64 `json:"byCriteria"`
	// CriteriaVersion is the published version; Holding the devices that
	// hold criteria (consenting visitors with a fetched copy) and OnLatest
	// the share of them holding the published version (1 when none hold).
	CriteriaVersion uint64  `json:"criteriaVersion"`
	Holding         int64   `json:"holding"`
	OnLatest        float64 `json:"onLatest"`

	// EventsPerSecond are device calls per simulated second over the last
	// Window ticks, oldest first; ActivationsPerMinute activations per
	// simulated minute over the last Window minutes, oldest first.
	EventsPerSecond      []float64 `json:"eventsPerSecond"`
	ActivationsPerMinute []int64   `json:"activationsPerMinute"`

	// LogDropped counts log events dropped because the reader was slow.
	LogDropped int64 `json:"logDropped"`
	// Elapsed is the real time spent running ticks.
	Elapsed time.Duration `json:"elapsed"`
	// FirstError is the first device call that failed, if any.
	FirstError string `json:"firstError,omitempty"`
}

// OpsPerRealSecond is the device calls run per real second.
func (s Stats) OpsPerRealSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Ops) / s.Elapsed.Seconds()
}

// Window is the length of the rolling windows of Stats.
const Window = 60

// counters are the live figures, updated with atomics by the workers.
type counters struct {
	finished, ops, calls, stored, sent, dropped, evicted                   atomic.Int64
	consents, revokes, activations, outdated, signUps, created, existing   atomic.Int64
	conversions, merges, abandoned, logouts, purchases, errors, logDropped atomic.Int64
	elapsed                                                                atomic.Int64
	ticks                                                                  atomic.Int64
	lastCall                                                               atomic.Int64 // unix nanos, 0: none

	funnel   [stageCount]atomic.Int64
	messages messageCounters
	persona  []personaCounters
	modes    [3]atomic.Int64 // visitor, unknown, known
	firstErr atomic.Pointer[string]

	// evRing counts device calls per tick (slot: tick number % Window),
	// actRing activations per simulated minute (minute number % Window).
	// The coordinator zeroes a slot before the tick that first uses it.
	evRing, actRing [Window]atomic.Int64

	mu         sync.Mutex
	byCriteria map[string]int64
	holding    map[uint64]int64 // criteria version held → devices
}

// messageCounters are the live figures of MessageStats.
type messageCounters struct {
	shown, received, opened, clicks, dismissed, credited atomic.Int64
	revenueCents                                         atomic.Int64
}

type personaCounters struct {
	funnel   [stageCount]atomic.Int64
	signedUp atomic.Int64
}

// reach puts visitor v in a funnel stage, once it is in the stage that
// stage follows.
func (c *counters) reach(v *visitor, stage int) {
	if v.reached[stage] {
		return
	}
	if after := stageAfter(stage); after >= 0 && !v.reached[after] {
		return
	}
	v.reached[stage] = true
	c.funnel[stage].Add(1)
	c.persona[v.persona].funnel[stage].Add(1)
}

// funnelOf reads stage counters from the last stage to the first: a visitor
// counted in a stage was counted in the stage it follows before (which
// comes earlier), so a snapshot taken while workers run is still a
// consistent funnel.
func funnelOf(f *[stageCount]atomic.Int64) Funnel {
	var v [stageCount]int64
	for i := stageCount - 1; i >= 0; i-- {
		v[i] = f[i].Load()
	}
	return Funnel{Visitors: v[stageVisitor], Consented: v[stageConsented], Activated: v[stageActivated],
		Messaged: v[stageMessaged], Clicked: v[stageClicked], Purchased: v[stagePurchased],
		Identified: v[stageIdentified], Converted: v[stageConverted], Merged: v[stageMerged]}
}

// called records a device call made at simulated time at.
func (c *counters) called(at time.Time) {
	n := at.UnixNano()
	for {
		last := c.lastCall.Load()
		if n <= last || c.lastCall.CompareAndSwap(last, n) {
			return
		}
	}
}

func (c *counters) fail(err error) {
	c.errors.Add(1)
	msg := err.Error()
	c.firstErr.CompareAndSwap(nil, &msg)
}

func (c *counters) activatedBy(criteriaID string) {
	c.mu.Lock()
	c.byCriteria[criteriaID]++
	c.mu.Unlock()
}

// hold moves a device from holding criteria version from to version to (0:
// not holding).
func (c *counters) hold(from, to uint64) {
	if from == to {
		return
	}
	c.mu.Lock()
	if from != 0 {
		if c.holding[from]--; c.holding[from] == 0 {
			delete(c.holding, from)
		}
	}
	if to != 0 {
		c.holding[to]++
	}
	c.mu.Unlock()
}

// snapshot fills the counter part of Stats.
func (c *counters) snapshot(names []string, published uint64) Stats {
	st := Stats{
		Funnel: funnelOf(&c.funnel), Finished: c.finished.Load(), Ticks: c.ticks.Load(),
		Ops: c.ops.Load(), Calls: c.calls.Load(), Stored: c.stored.Load(), Sent: c.sent.Load(),
		Dropped: c.dropped.Load(), Evicted: c.evicted.Load(), Consents: c.consents.Load(), Revokes: c.revokes.Load(),
		Activations: c.activations.Load(), Outdated: c.outdated.Load(), SignUps: c.signUps.Load(),
		Created: c.created.Load(), Existing: c.existing.Load(), Conversions: c.conversions.Load(),
		Merges: c.merges.Load(), Abandoned: c.abandoned.Load(), Logouts: c.logouts.Load(),
		Purchases: c.purchases.Load(), Errors: c.errors.Load(), LogDropped: c.logDropped.Load(),
		Elapsed:         time.Duration(c.elapsed.Load()),
		Modes:           Modes{Visitor: c.modes[0].Load(), Unknown: c.modes[1].Load(), Known: c.modes[2].Load()},
		CriteriaVersion: published, OnLatest: 1, Messages: c.messages.snapshot(),
	}
	if n := c.lastCall.Load(); n != 0 {
		st.LastCall = time.Unix(0, n).UTC()
	}
	if e := c.firstErr.Load(); e != nil {
		st.FirstError = *e
	}
	st.Personas = make([]PersonaStats, len(names))
	for i, n := range names {
		pc := &c.persona[i]
		st.Personas[i] = PersonaStats{Name: n, Funnel: funnelOf(&pc.funnel), SignedUp: pc.signedUp.Load()}
	}
	c.mu.Lock()
	st.ByCriteria = maps.Clone(c.byCriteria)
	for _, n := range c.holding {
		st.Holding += n
	}
	if st.Holding > 0 {
		st.OnLatest = float64(c.holding[published]) / float64(st.Holding)
	}
	c.mu.Unlock()
	return st
}

// windows fills the rolling windows, ending with tick lastTick and minute
// lastMinute (negative: nothing run yet).
func (c *counters) windows(st *Stats, lastTick, lastMinute int64, tick time.Duration) {
	st.EventsPerSecond = make([]float64, Window)
	st.ActivationsPerMinute = make([]int64, Window)
	for j := range int64(Window) {
		if t := lastTick - Window + 1 + j; t >= 0 {
			st.EventsPerSecond[j] = float64(c.evRing[t%Window].Load()) / tick.Seconds()
		}
		if m := lastMinute - Window + 1 + j; m >= 0 {
			st.ActivationsPerMinute[j] = c.actRing[m%Window].Load()
		}
	}
}

// Event kinds of the live log.
const (
	EventConsent   = "consent"   // consent granted or revoked (Detail says which)
	EventActivated = "activated" // an unknown profile was created (Detail: criteria id)
	EventSignedUp  = "signed-up" // a visitor or known user identified (Detail: created / existing)
	EventConverted = "converted" // an unknown profile became known
	EventMerged    = "merged"    // an unknown profile was merged into a known one
	EventAbandoned = "abandoned" // an unknown user identified with merge off
	EventError     = "error"     // a device call failed (Detail: the error)
	EventClicked   = "clicked"   // a message was clicked (Detail: the campaign)
	EventCredited  = "credited"  // a purchase was credited to a campaign (Detail: its total)
)

// Event is one happening of the simulation, for a live log.
type Event struct {
	At      time.Time // simulated time
	Kind    string
	Visitor int
	Device  string
	Persona string
	// Who is the profile concerned: the unknown userId, or the known email
	// or userId.
	Who    string
	Detail string
}
