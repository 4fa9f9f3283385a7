package sim

import (
	"strings"
	"testing"
	"time"

	"limen/engine"
	"limen/fixtures"
)

// TestEveryProjectTypeStaysConsistent runs many workers on each project
// type, then has the engine check its own invariants.
func TestEveryProjectTypeStaysConsistent(t *testing.T) {
	for _, typ := range []string{engine.TypeEmail, engine.TypeUserID, engine.TypeHybrid} {
		t.Run(typ, func(t *testing.T) {
			p, err := engine.Open(engine.Options{InMemory: true})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			ps := p.Settings()
			ps.Type, ps.EventLimit = typ, 5 // a small local limit, so that events are evicted
			if err := p.SetSettings(ps); err != nil {
				t.Fatal(err)
			}
			s := settings(200, 21)
			s.Workers, s.Tick, s.KnownProfiles = 8, time.Hour, 30
			st := runToEnd(t, openProjectWithCriteria(t, p), s)
			checkStats(t, st)
			if st.Merges == 0 || st.Conversions == 0 || st.Evicted == 0 {
				t.Errorf("the run should merge, convert and evict: %+v", st)
			}
			agree(t, p, "sim-r1-", 30, st)
			violations, err := p.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range violations {
				t.Error(v)
			}
		})
	}
}

// TestPublishingMidRun publishes new criteria while visitors hold the old
// ones: their matches are refused as outdated, they refetch, and nothing
// fails.
func TestPublishingMidRun(t *testing.T) {
	p := openProject(t, "")
	s := settings(600, 22)
	s.ArrivalPerMinute = 30
	sm := newSim(t, p, s)
	for range 60 {
		if _, err := sm.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	before := sm.Stats()
	doc := strings.Replace(string(fixtures.Criteria()), `"value": "500"`, `"value": "600"`, 1)
	if _, err := p.ReplaceCriteria([]byte(doc)); err != nil {
		t.Fatal(err)
	}
	mid := sm.Stats()
	if before.Holding == 0 || mid.CriteriaVersion != 2 || mid.OnLatest != 0 {
		t.Fatalf("right after publishing, nobody holds version 2: %+v", mid)
	}
	st, err := sm.RunToEnd(ctx)
	if err != nil || st.Errors != 0 {
		t.Fatalf("%v, %d errors: %s", err, st.Errors, st.FirstError)
	}
	if st.Outdated == 0 || st.OnLatest <= mid.OnLatest {
		t.Fatalf("devices holding version 1 should have been refused, then caught up: outdated %d, on latest %.2f", st.Outdated, st.OnLatest)
	}
	agree(t, p, sm.DevicePrefix(), 50, st)
	if v, err := p.Check(ctx); err != nil || len(v) > 0 {
		t.Fatalf("%v %v", v, err)
	}
}
