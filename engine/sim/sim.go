// Package sim is limen's visitor simulator: it generates traffic by driving
// limen's own devices (engine/device) exactly as browsers and phones would,
// against an open project. Visitors arrive at a configurable rate, each with
// a persona (fixtures/personas.json) that decides its platform, consent,
// sessions, actions and sign-up behaviour, on a simulated clock.
//
// # Determinism
//
// Every visitor draws from its own random generators, derived from the seed,
// the run number and its index; arrival times come from the seed alone.
// Visitors share nothing the simulator could order differently: the known
// customers sign-ups merge into are fixed before the run, a new sign-up uses
// an address of its own, each device's ids are its own, and the messages of
// a campaign to unknown users go to one visitor's profile. A visitor
// answers its messages (Persona.Messages) with its own generator. So the
// same seed and settings on the same starting project give the same
// outcome, whatever the number of workers or the tick length (see
// Settings.Seed).
//
// # Time and parallelism
//
// A tick advances simulated time by Settings.Tick and runs every visitor
// action that falls in it. Within a tick the visitors due are handed to
// Settings.Workers goroutines: one visitor (one device) is driven by one
// goroutine at a time, in its own time order. Each device call is committed
// by the engine before it returns, so stopping between two calls loses
// nothing.
package sim

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"limen/engine"
	"limen/engine/device"
	"limen/fixtures"
)

// ErrStopped is returned by Step, RunToEnd and Run once Stop was called.
var ErrStopped = errors.New("sim: stopped")

// Sim is one simulation over a project. Its methods are safe for
// concurrent use; ticks run one at a time.
type Sim struct {
	p        *engine.Project
	set      Settings
	personas []compiledPersona
	names    []string
	mix      []float64
	catalog  []fixtures.Product
	cities   []string
	known    []device.Identity // sign-up identities of known customers
	idType   string            // project type, for new sign-up identities
	devCfg   device.Config     // Backend, Journal, EventLimit, Resolution
	run      int
	start    time.Time
	end      time.Time
	arrivals []time.Time

	// runMu is held by a running tick; the fields below it are the
	// coordinator's and only touched under it.
	runMu        sync.Mutex
	now          time.Time
	next         int // index of the next visitor to arrive
	queue        dueQueue
	zeroedTick   int64
	zeroedMinute int64
	curTick      int64 // read by workers during a tick

	st         counters
	nowNano    atomic.Int64
	lastTick   atomic.Int64
	lastMinute atomic.Int64
	done       atomic.Bool
	log        chan Event

	ctl     sync.Mutex // guards running, and makes Stop's first call the only one
	stopped atomic.Bool
	paused  atomic.Bool
	running bool
	stopCh  chan struct{}
	wake    chan struct{} // capacity 1: pause/resume/speed changed
	speed   atomic.Uint64 // math.Float64bits
}

// New prepares a simulation on an open project: it creates (or finds) the
// known customers, and computes every arrival time. Nothing else is written
// until the first tick. The project's settings (type, event limit, identity
// resolution) are read once, here.
//
// Its devices are named DevicePrefix()+index, with a run number one above
// that of the simulations whose devices the project has saved: run one
// simulation at a time on a project, or two started together share it.
func New(p *engine.Project, s Settings) (*Sim, error) {
	s, err := s.withDefaults()
	if err != nil {
		return nil, err
	}
	ps := s.Personas
	if ps == nil {
		ps = DefaultPersonas()
	}
	for i := range ps {
		if err := ps[i].Validate(); err != nil {
			return nil, fmt.Errorf("sim: persona: %w", err)
		}
	}
	mix, err := s.weights(ps)
	if err != nil {
		return nil, err
	}
	s.Personas = append([]Persona(nil), ps...) // the caller's slice stays theirs
	ps = s.Personas
	sm := &Sim{p: p, set: s, mix: mix, catalog: fixtures.Catalog(), cities: fixtures.PeopleData().Cities,
		start: s.Start.UTC(), now: s.Start.UTC(), zeroedTick: -1, zeroedMinute: -1,
		log: make(chan Event, s.LogBuffer), stopCh: make(chan struct{}), wake: make(chan struct{}, 1)}
	sm.end = sm.start.Add(s.Duration)
	if s.Duration == 0 {
		sm.end = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	sm.nowNano.Store(sm.now.UnixNano())
	sm.lastTick.Store(-1)
	sm.lastMinute.Store(-1)
	sm.SetSpeed(s.Speed)
	for i := range ps {
		sm.personas = append(sm.personas, compilePersona(&ps[i], sm.catalog))
		sm.names = append(sm.names, ps[i].Name)
	}
	sm.st.persona = make([]personaCounters, len(ps))
	sm.st.byCriteria, sm.st.holding = map[string]int64{}, map[uint64]int64{}
	proj := p.Settings()
	sm.idType = proj.Type
	sm.devCfg = device.Config{Backend: p, Journal: p, EventLimit: proj.EventLimit,
		Resolution: device.Resolution{ReplayOnVisitorToKnown: proj.ReplayOnVisitorToKnown, MergeOnUnknownToKnown: proj.MergeOnUnknownToKnown}}
	if sm.run, err = nextRun(p); err != nil {
		return nil, err
	}
	if sm.known, err = knownPool(p, s.KnownProfiles, sm.idType); err != nil {
		return nil, err
	}
	sm.arrivals = arrivalTimes(s.Seed, s.Visitors, s.ArrivalPerMinute, sm.start)
	sm.done.Store(sm.finished())
	return sm, nil
}

// Settings are the simulation's settings, defaults filled in.
func (s *Sim) Settings() Settings { return s.set }

// RunNumber is the run's place among the simulations of the project.
func (s *Sim) RunNumber() int { return s.run }

// DevicePrefix starts the id of every device of this run.
func (s *Sim) DevicePrefix() string { return "sim-r" + strconv.Itoa(s.run) + "-" }

// Now is the simulated time everything before which has run.
func (s *Sim) Now() time.Time { return time.Unix(0, s.nowNano.Load()).UTC() }

// Log is the live log of one-off happenings: consent, activation, sign-up,
// conversion, merge, errors. It is buffered (Settings.LogBuffer); when the
// buffer is full an event is dropped and counted in Stats.LogDropped, so the
// simulation never waits for its reader. Whoever needs every profile
// happening reads engine.Project.Subscribe, which never drops. Events of
// one visitor are in order; events of different visitors of one tick are
// not. The channel is closed by Stop.
func (s *Sim) Log() <-chan Event { return s.log }

// Stats returns a snapshot; it is cheap and safe from any goroutine.
func (s *Sim) Stats() Stats {
	st := s.st.snapshot(s.names, s.p.PublishedCriteria().Version)
	st.Now, st.Done = s.Now(), s.done.Load()
	s.st.windows(&st, s.lastTick.Load(), s.lastMinute.Load(), s.set.Tick)
	return st
}

// Step runs one tick: every visitor action in [Now, Now+Tick). It works
// while paused (the console steps a paused run); once everything is done it
// does nothing.
func (s *Sim) Step(ctx context.Context) (Stats, error) {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	if s.stopped.Load() {
		return s.Stats(), ErrStopped
	}
	if !s.done.Load() {
		s.tick(ctx)
	}
	return s.Stats(), ctx.Err()
}

// RunToEnd runs ticks as fast as it can until every visitor is done (or
// the simulated duration is over), skipping empty ticks. Cancelling ctx or
// calling Stop ends it after the device calls in flight; a cancelled run can
// be continued by calling RunToEnd again.
func (s *Sim) RunToEnd(ctx context.Context) (Stats, error) {
	for {
		s.runMu.Lock()
		switch {
		case s.stopped.Load():
			s.runMu.Unlock()
			return s.Stats(), ErrStopped
		case ctx.Err() != nil:
			s.runMu.Unlock()
			return s.Stats(), ctx.Err()
		case s.done.Load():
			s.runMu.Unlock()
			return s.Stats(), nil
		}
		if due, ok := s.nextDue(); ok && !due.Before(s.now.Add(s.set.Tick)) {
			s.setNow(s.now.Add(due.Sub(s.now) / s.set.Tick * s.set.Tick))
		}
		s.tick(ctx)
		s.runMu.Unlock()
	}
}

// tick runs [now, now+Tick) (cut at the end of the simulated duration).
// Called with runMu held.
func (s *Sim) tick(ctx context.Context) {
	began := time.Now()
	from := s.now
	until := from.Add(s.set.Tick)
	if until.After(s.end) {
		until = s.end
	}
	s.prepareWindows(from, until)
	due := s.collect(until)
	ops := context.WithoutCancel(ctx) // a device call, once started, completes
	halted := func() bool { return s.stopped.Load() || ctx.Err() != nil }
	var next atomic.Int64
	work := func() {
		for {
			i := next.Add(1) - 1
			if int(i) >= len(due) || halted() {
				return
			}
			due[i].runUntil(ops, s, until, halted)
		}
	}
	if n := min(s.set.Workers, len(due)); n <= 1 {
		work()
	} else {
		var wg sync.WaitGroup
		for range n {
			wg.Go(work)
		}
		wg.Wait()
	}
	for _, v := range due {
		if !v.done {
			heap.Push(&s.queue, v)
		}
	}
	if !halted() {
		s.setNow(until)
		s.st.ticks.Add(1)
	}
	s.done.Store(s.finished())
	s.st.elapsed.Add(int64(time.Since(began)))
}

func (s *Sim) setNow(t time.Time) {
	s.now = t
	s.nowNano.Store(t.UnixNano())
}

// collect admits the visitors arriving before until and pops every visitor
// with an action before until.
func (s *Sim) collect(until time.Time) []*visitor {
	var due []*visitor
	for s.next < len(s.arrivals) && s.arrivals[s.next].Before(until) {
		due = append(due, newVisitor(s, s.next, s.arrivals[s.next]))
		s.next++
	}
	for s.queue.Len() > 0 && s.queue[0].at.Before(until) {
		due = append(due, heap.Pop(&s.queue).(*visitor))
	}
	return due
}

// nextDue is the time of the next action or arrival.
func (s *Sim) nextDue() (time.Time, bool) {
	var t time.Time
	ok := false
	if s.next < len(s.arrivals) && s.arrivals[s.next].Before(s.end) {
		t, ok = s.arrivals[s.next], true
	}
	if s.queue.Len() > 0 && (!ok || s.queue[0].at.Before(t)) {
		t, ok = s.queue[0].at, true
	}
	return t, ok
}

func (s *Sim) finished() bool {
	_, pending := s.nextDue()
	return !pending || !s.now.Before(s.end)
}

// prepareWindows zeroes the rolling-window slots that [from, until) is the
// first to use.
func (s *Sim) prepareWindows(from, until time.Time) {
	k := int64(from.Sub(s.start) / s.set.Tick)
	for t := max(s.zeroedTick+1, k-Window+1); t <= k; t++ {
		s.st.evRing[t%Window].Store(0)
	}
	s.zeroedTick = max(s.zeroedTick, k)
	s.curTick = k
	s.lastTick.Store(k)
	m := s.minute(until.Add(-1))
	for x := max(s.zeroedMinute+1, m-Window+1); x <= m; x++ {
		s.st.actRing[x%Window].Store(0)
	}
	s.zeroedMinute = max(s.zeroedMinute, m)
	s.lastMinute.Store(m)
}

func (s *Sim) minute(t time.Time) int64 { return int64(t.Sub(s.start) / time.Minute) }

// nextRun finds the run number after every earlier simulation's devices,
// so that a run on a data directory never reuses a device id or a userId.
func nextRun(p *engine.Project) (int, error) {
	ids, err := p.ListDeviceIDs()
	if err != nil {
		return 0, fmt.Errorf("sim: list devices: %w", err)
	}
	last := 0
	for _, id := range ids {
		rest, ok := strings.CutPrefix(id, "sim-r")
		if !ok {
			continue
		}
		n, _, _ := strings.Cut(rest, "-")
		if r, err := strconv.Atoi(n); err == nil && r > last {
			last = r
		}
	}
	return last + 1, nil
}

// dueQueue orders arrived visitors by their next action (then index).
type dueQueue []*visitor

func (q dueQueue) Len() int { return len(q) }
func (q dueQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].idx < q[j].idx
}
func (q dueQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *dueQueue) Push(x any)   { *q = append(*q, x.(*visitor)) }
func (q *dueQueue) Pop() any {
	old := *q
	v := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return v
}
