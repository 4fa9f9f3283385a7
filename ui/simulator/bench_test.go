package simulator

import (
	"context"
	"testing"

	"limen/engine"
	"limen/engine/sim"
	"limen/fixtures"
)

func TestBenchRunsTheSameSimulationWithAndWithoutTheTab(t *testing.T) {
	open := func() (*engine.Project, error) {
		p, err := engine.Open(engine.Options{InMemory: true})
		if err != nil {
			return nil, err
		}
		_, err = p.ReplaceCriteria(fixtures.Criteria())
		return p, err
	}
	s := sim.DefaultSettings()
	s.Visitors, s.KnownProfiles = 120, 20
	res, err := Bench(context.Background(), open, s, 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	if res.Headless.Ops == 0 || res.Headless.Ops != res.Attached.Ops {
		t.Fatalf("headless %d ops, attached %d: the same seed must do the same work", res.Headless.Ops, res.Attached.Ops)
	}
	if res.Frames > 0 && (res.FrameP50 <= 0 || res.FrameP99 < res.FrameP50 || res.FrameMax < res.FrameP99) {
		t.Fatalf("frame figures out of order: %+v", res)
	}
}
