package sim

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"limen/engine"
	"limen/engine/device"
	"limen/fixtures"
)

var ctx = context.Background()

// openProject opens a project (in memory when dir is "") with the fixture
// criteria published.
func openProject(t testing.TB, dir string) *engine.Project {
	t.Helper()
	p, err := engine.Open(engine.Options{InMemory: dir == "", Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return openProjectWithCriteria(t, p)
}

// openProjectWithCriteria publishes the fixture criteria on p, unless it
// has published criteria.
func openProjectWithCriteria(t testing.TB, p *engine.Project) *engine.Project {
	t.Helper()
	if p.PublishedCriteria().Version == 0 {
		if _, err := p.ReplaceCriteria(fixtures.Criteria()); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func settings(visitors int, seed uint64) Settings {
	s := DefaultSettings()
	s.Visitors, s.Seed, s.KnownProfiles = visitors, seed, 50
	return s
}

func newSim(t testing.TB, p *engine.Project, s Settings) *Sim {
	t.Helper()
	sm, err := New(p, s)
	if err != nil {
		t.Fatal(err)
	}
	return sm
}

func runToEnd(t *testing.T, p *engine.Project, s Settings) Stats {
	t.Helper()
	st, err := newSim(t, p, s).RunToEnd(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Errors > 0 {
		t.Fatalf("%d device calls failed, the first: %s", st.Errors, st.FirstError)
	}
	return st
}

// outcome keeps what must not depend on workers or tick length.
func outcome(st Stats) Stats {
	if st.LastCall.IsZero() || st.Now.Before(st.LastCall) {
		panic(fmt.Sprintf("last call at %v, now %v", st.LastCall, st.Now))
	}
	st.Elapsed, st.Ticks, st.Now, st.EventsPerSecond, st.ActivationsPerMinute = 0, 0, time.Time{}, nil, nil
	return st
}

func TestPersonasFixture(t *testing.T) {
	ps := DefaultPersonas()
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	want := "window-shopper big-ticket-browser bargain-hunter returning-buyer bouncer mobile-push-user"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("personas %q, want %q", got, want)
	}
	for doc, want := range map[string]string{
		`{"personas": []}`: "no personas",
		`{"personas": [{"name": "x", "platforms": {"web": 1}, "actions": {"dance": 1}, "sessions": {"min": 1, "max": 1}, "thinkSeconds": {"min": 1, "max": 2}}]}`:       `unknown key "dance"`,
		`{"personas": [{"name": "x", "platforms": {"web": 1}, "actions": {"viewProduct": 1}, "sessions": {"min": 3, "max": 1}, "thinkSeconds": {"min": 1, "max": 2}}]}`: "sessions",
		`{"personas": [{"name": "x", "platforms": {"web": 0}, "actions": {"viewProduct": 1}, "sessions": {"min": 1, "max": 1}, "thinkSeconds": {"min": 1, "max": 2}}]}`: "platforms",
		`{"personas": [{"name": "x", "colour": "red"}]}`: "unknown field",
	} {
		if _, err := ParsePersonas([]byte(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to mention %q", doc, err, want)
		}
	}
}

func TestSettingsAreChecked(t *testing.T) {
	p := openProject(t, "")
	for name, s := range map[string]Settings{
		"consent":  {Visitors: 1, ConsentRate: 1.5},
		"visitors": {Visitors: -1},
		"mix":      {Visitors: 1, Mix: map[string]float64{"nobody": 1}},
		"zero mix": {Visitors: 1, Mix: map[string]float64{"bouncer": 0}},
		"tick":     {Visitors: 1, Tick: time.Millisecond},
	} {
		if _, err := New(p, s); err == nil {
			t.Errorf("%s: New accepted %+v", name, s)
		}
	}
}

// TestSameSeedSameOutcome: the outcome depends on the seed and settings
// only, not on the number of workers nor on the tick length.
func TestSameSeedSameOutcome(t *testing.T) {
	var first Stats
	for i, c := range []struct {
		workers int
		tick    time.Duration
	}{{1, 0}, {8, 0}, {3, time.Minute}} {
		s := settings(200, 42)
		s.Workers, s.Tick = c.workers, c.tick
		st := outcome(runToEnd(t, openProject(t, ""), s))
		if i == 0 {
			first = st
			if st.Activations == 0 || st.Merges == 0 || st.Conversions == 0 || st.Stored == 0 || st.Dropped == 0 {
				t.Fatalf("the run shows too little to compare: %+v", st)
			}
			continue
		}
		if !reflect.DeepEqual(st, first) {
			t.Fatalf("workers %d, tick %v: outcome differs\n got %+v\nwant %+v", c.workers, c.tick, st, first)
		}
	}
	other := outcome(runToEnd(t, openProject(t, ""), settings(200, 43)))
	if reflect.DeepEqual(other, first) {
		t.Fatal("seed 43 gave the same outcome as seed 42")
	}
}

// checkStats checks the arithmetic every Stats must satisfy.
func checkStats(t *testing.T, st Stats) {
	t.Helper()
	if err := st.Funnel.Check(); err != nil {
		t.Error(err)
	}
	var sum Funnel
	var signedUp int64
	for _, ps := range st.Personas {
		if err := ps.Funnel.Check(); err != nil {
			t.Errorf("%s: %v", ps.Name, err)
		}
		f := ps.Funnel
		sum.Visitors += f.Visitors
		sum.Consented += f.Consented
		sum.Activated += f.Activated
		sum.Messaged += f.Messaged
		sum.Clicked += f.Clicked
		sum.Purchased += f.Purchased
		sum.Identified += f.Identified
		sum.Converted += f.Converted
		sum.Merged += f.Merged
		signedUp += ps.SignedUp
	}
	if sum != st.Funnel {
		t.Errorf("personas add up to %+v, the funnel is %+v", sum, st.Funnel)
	}
	var byCriteria int64
	for _, n := range st.ByCriteria {
		byCriteria += n
	}
	checks := []struct {
		what      string
		got, want int64
	}{
		{"calls = stored + sent + dropped", st.Calls, st.Stored + st.Sent + st.Dropped},
		{"activations = Σ by criteria", st.Activations, byCriteria},
		{"devices by mode = visitors", st.Modes.Visitor + st.Modes.Unknown + st.Modes.Known, st.Funnel.Visitors},
		{"sign-ups = Σ outcomes", st.SignUps, st.Created + st.Existing + st.Conversions + st.Merges + st.Abandoned},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d ≠ %d", c.what, c.got, c.want)
		}
	}
	if st.Funnel.Activated > st.Activations || st.Funnel.Converted > st.Conversions || st.Funnel.Merged > st.Merges ||
		st.Funnel.Consented > st.Consents || signedUp > st.SignUps || st.Funnel.Identified > signedUp ||
		st.Funnel.Clicked > st.Messages.Clicks || st.Funnel.Purchased > st.Messages.Purchases ||
		st.Messages.Purchases > st.Purchases || st.Messages.Opened > st.Messages.Received || st.Messages.Opened > st.Messages.Shown {
		t.Errorf("a funnel stage counts more visitors than there were happenings: %+v", st)
	}
}

func TestFunnelIsConsistent(t *testing.T) {
	for _, merge := range []bool{true, false} {
		for seed := range uint64(2) {
			p := openProject(t, "")
			if !merge {
				ps := p.Settings()
				ps.MergeOnUnknownToKnown = false
				if err := p.SetSettings(ps); err != nil {
					t.Fatal(err)
				}
			}
			st := runToEnd(t, p, settings(250, seed))
			checkStats(t, st)
			if st.Finished != 250 || !st.Done || st.Funnel.Visitors != 250 {
				t.Errorf("not every visitor ran to the end: %+v", st)
			}
			if merge && (st.Funnel.Converted+st.Funnel.Merged != st.Funnel.Identified || st.Abandoned != 0) {
				t.Errorf("merge on: every identified visitor is converted or merged: %+v", st.Funnel)
			}
			if !merge && (st.Abandoned == 0 || st.Merges+st.Conversions != 0) {
				t.Errorf("merge off: unknown users are abandoned, never merged: %+v", st)
			}
		}
	}
}

func TestNeverConsentingMixActivatesNobody(t *testing.T) {
	lurker := DefaultPersonas()[0]
	lurker.Name, lurker.ConsentFactor = "lurker", 0
	lurker.Actions = map[string]float64{ActViewProduct: 5, ActReadArticle: 3, ActAddToCart: 2, ActPurchase: 1, ActUpdateProfile: 2}
	s := settings(200, 3)
	s.Personas = []Persona{lurker}
	p := openProject(t, "")
	st := runToEnd(t, p, s)
	checkStats(t, st)
	if st.Calls == 0 || st.Dropped != st.Calls || st.Stored != 0 || st.Sent != 0 || st.Activations != 0 || st.Funnel.Consented != 0 {
		t.Fatalf("without consent every call is dropped and nobody activates: %+v", st)
	}
	if n, _ := p.CountProfiles(engine.KindUnknown); n != 0 {
		t.Fatalf("%d unknown profiles", n)
	}

	s = settings(200, 3) // the fixture personas, who may sign up, at a consent rate of 0
	s.ConsentRate = 0
	st = runToEnd(t, openProject(t, ""), s)
	checkStats(t, st)
	if st.Activations != 0 || st.Stored != 0 || st.Dropped != st.Calls-st.Sent || st.Dropped == 0 {
		t.Fatalf("consent rate 0: %+v", st)
	}
}

// agree checks that the engine and the devices' saved states say what the
// stats say.
func agree(t *testing.T, p *engine.Project, prefix string, known0 int, st Stats) {
	t.Helper()
	checkStats(t, st)
	unknown, _ := p.CountProfiles(engine.KindUnknown)
	known, _ := p.CountProfiles(engine.KindKnown)
	if int64(unknown) != st.Activations-st.Conversions-st.Merges {
		t.Errorf("engine has %d unknown profiles; stats: %d activations − %d conversions − %d merges", unknown, st.Activations, st.Conversions, st.Merges)
	}
	if int64(known) != int64(known0)+st.Created+st.Conversions {
		t.Errorf("engine has %d known profiles; stats: %d + %d created + %d converted", known, known0, st.Created, st.Conversions)
	}
	var stored, dropped, evicted, saved int64
	var modes Modes
	after := ""
	for {
		page, next, err := p.DeviceStates(after, 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range page {
			if !strings.HasPrefix(d.ID, prefix) {
				continue
			}
			saved++
			stored, dropped, evicted = stored+int64(d.Stored), dropped+int64(d.Dropped), evicted+int64(d.Evicted)
			switch d.Mode {
			case device.Unknown:
				modes.Unknown++
			case device.Known:
				modes.Known++
			default:
				modes.Visitor++
			}
			if d.Pending != nil {
				t.Errorf("device %s has a pending activation", d.ID)
			}
		}
		if next == "" {
			break
		}
		after = next
	}
	if stored != st.Stored || dropped != st.Dropped || evicted != st.Evicted {
		t.Errorf("devices saved stored/dropped/evicted %d/%d/%d; stats %d/%d/%d", stored, dropped, evicted, st.Stored, st.Dropped, st.Evicted)
	}
	// A visitor that never consented nor called anything saved nothing.
	if modes.Unknown != st.Modes.Unknown || modes.Known != st.Modes.Known || modes.Visitor > st.Modes.Visitor || saved == 0 {
		t.Errorf("devices saved modes %+v (%d devices); stats %+v", modes, saved, st.Modes)
	}
}

func waitFor(t *testing.T, s *Sim, ops int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for s.Stats().Ops < ops {
		if time.Now().After(deadline) {
			t.Fatalf("the run did not reach %d calls: %+v", ops, s.Stats())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestPauseAndStopLoseNothing stops a run played in real time in the
// middle, then checks the engine and the devices against the stats, also
// after reopening the data directory.
func TestPauseAndStopLoseNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	p := openProject(t, dir)
	s := settings(3000, 9)
	s.Speed, s.ArrivalPerMinute, s.Workers = 20000, 60, 4
	sm := newSim(t, p, s)
	done := make(chan error, 1)
	go func() { done <- sm.Run(ctx) }()
	waitFor(t, sm, 1500)
	sm.Pause()
	paused := sm.Stats()
	agree(t, p, sm.DevicePrefix(), 50, paused)
	time.Sleep(3 * frame)
	if again := sm.Stats(); again.Ops != paused.Ops {
		t.Fatalf("paused, yet %d calls became %d", paused.Ops, again.Ops)
	}
	if _, err := sm.Step(ctx); err != nil { // stepping works while paused
		t.Fatal(err)
	}
	sm.Resume()
	waitFor(t, sm, paused.Ops+1500)
	sm.Stop()
	if err := <-done; !errors.Is(err, ErrStopped) {
		t.Fatalf("Run returned %v, want ErrStopped", err)
	}
	final := sm.Stats()
	if final.Done || final.Errors > 0 {
		t.Fatalf("the run should have been cut short, without errors: %+v", final)
	}
	agree(t, p, sm.DevicePrefix(), 50, final)
	if _, err := sm.Step(ctx); !errors.Is(err, ErrStopped) {
		t.Fatalf("Step after Stop: %v", err)
	}
	if _, open := <-drain(sm.Log()); open {
		t.Fatal("the log is still open after Stop")
	}
	p.Close()
	agree(t, openProject(t, dir), sm.DevicePrefix(), 50, final)
}

// drain empties a closed log and returns it.
func drain(c <-chan Event) <-chan Event {
	for range c {
	}
	return c
}

func TestCancelledRunToEndContinues(t *testing.T) {
	p := openProject(t, "")
	s := settings(400, 5)
	sm := newSim(t, p, s)
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		for sm.Stats().Ops < 800 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, err := sm.RunToEnd(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("RunToEnd: %v", err)
	}
	agree(t, p, sm.DevicePrefix(), 50, sm.Stats())
	st, err := sm.RunToEnd(ctx)
	if err != nil {
		t.Fatal(err)
	}
	whole := runToEnd(t, openProject(t, ""), s)
	if !reflect.DeepEqual(outcome(st), outcome(whole)) {
		t.Fatalf("a run cancelled and continued differs from a whole run\n got %+v\nwant %+v", outcome(st), outcome(whole))
	}
}
