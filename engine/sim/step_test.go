package sim

import (
	"errors"
	"testing"
	"time"
)

func TestStepRunsOneTick(t *testing.T) {
	p := openProject(t, "")
	s := settings(600, 11)
	s.ArrivalPerMinute, s.Duration = 10, 50*time.Minute
	sm := newSim(t, p, s)
	start := sm.Now()
	st, err := sm.Step(ctx)
	if err != nil || !st.Now.Equal(start.Add(DefaultTick)) || st.Ticks != 1 {
		t.Fatalf("after one step: now %v (want %v), %d ticks, %v", st.Now, start.Add(DefaultTick), st.Ticks, err)
	}
	for !st.Done {
		if st, err = sm.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if want := start.Add(50 * time.Minute); !st.Now.Equal(want) || st.Ticks != 300 {
		t.Fatalf("ended at %v after %d ticks, want %v after 300", st.Now, st.Ticks, want)
	}
	if st.Funnel.Visitors == 0 || st.Funnel.Visitors == 600 || st.Finished != st.Funnel.Visitors {
		t.Fatalf("a 50-minute run at 10 a minute lets some visitors arrive, and ends every one of them: %+v", st)
	}
	checkStats(t, st)
	// The whole run fits the windows: they hold every activation, and the
	// calls of the last 60 ticks.
	var acts int64
	for _, n := range st.ActivationsPerMinute {
		acts += n
	}
	var perSecond float64
	for _, x := range st.EventsPerSecond {
		perSecond += x
	}
	if len(st.ActivationsPerMinute) != Window || acts != st.Activations || st.Activations == 0 || perSecond <= 0 {
		t.Fatalf("windows: %d activations in %v (stats: %d), events/s %v", acts, st.ActivationsPerMinute, st.Activations, st.EventsPerSecond)
	}
	if after, err := sm.Step(ctx); err != nil || after.Ops != st.Ops {
		t.Fatalf("a step after the end did something: %v", err)
	}
}

func TestLogDropsRatherThanWaits(t *testing.T) {
	p := openProject(t, "")
	s := settings(200, 12)
	s.LogBuffer = 4
	st := runToEnd(t, p, s)
	if st.LogDropped == 0 {
		t.Fatalf("a log nobody reads must drop and count: %d dropped", st.LogDropped)
	}

	s.LogBuffer = 100000 // big enough: every happening is there
	withOffer := openProject(t, "")
	if _, err := StartDefaultCampaign(withOffer); err != nil {
		t.Fatal(err)
	}
	sm := newSim(t, withOffer, s)
	st, err := sm.RunToEnd(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sm.Stop()
	kinds := map[string]int64{}
	for e := range sm.Log() {
		kinds[e.Kind]++
		if e.Device == "" || e.Persona == "" || e.At.IsZero() {
			t.Fatalf("incomplete event %+v", e)
		}
	}
	if st.LogDropped != 0 || kinds[EventActivated] != st.Activations || kinds[EventMerged] != st.Merges ||
		kinds[EventConverted] != st.Conversions || kinds[EventConsent] != st.Consents+st.Revokes ||
		kinds[EventSignedUp] != st.Created+st.Existing ||
		kinds[EventClicked] != st.Messages.Clicks || kinds[EventCredited] != st.Messages.Purchases || st.Messages.Purchases == 0 {
		t.Fatalf("log kinds %v do not match %+v", kinds, st)
	}
}

func TestRunPlaysToTheEnd(t *testing.T) {
	p := openProject(t, "")
	s := settings(30, 13)
	s.Speed, s.ArrivalPerMinute = 1e7, 100
	sm := newSim(t, p, s)
	if err := sm.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if st := sm.Stats(); !st.Done || st.Finished != 30 {
		t.Fatalf("Run returned before the end: %+v", st)
	}
}

func TestRunsOnOneProjectDoNotCollide(t *testing.T) {
	p := openProject(t, "")
	s := settings(150, 14)
	a := newSim(t, p, s)
	if _, err := a.RunToEnd(ctx); err != nil {
		t.Fatal(err)
	}
	b := newSim(t, p, s) // same seed, same project: new devices, new ids
	st, err := b.RunToEnd(ctx)
	if err != nil || st.Errors != 0 {
		t.Fatalf("second run: %v, %d errors (%s)", err, st.Errors, st.FirstError)
	}
	if a.DevicePrefix() != "sim-r1-" || b.DevicePrefix() != "sim-r2-" {
		t.Fatalf("device prefixes %q, %q", a.DevicePrefix(), b.DevicePrefix())
	}
	b.Stop()
	if _, err := b.RunToEnd(ctx); !errors.Is(err, ErrStopped) {
		t.Fatalf("RunToEnd after Stop: %v", err)
	}
}
