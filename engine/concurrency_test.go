package engine

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"limen/engine/device"
	"limen/storage"
)

// TestConcurrentCreateAndIdentify runs many devices at once: each creates
// an unknown user, tracks, and identifies as one of a few people (so
// conversions and merges race), while known profiles are created for the
// same people. No identifier may end up on two profiles and no event may be
// lost.
func TestConcurrentCreateAndIdentify(t *testing.T) {
	for _, typ := range []string{TypeEmail, TypeHybrid} {
		t.Run(typ, func(t *testing.T) {
			p := openProject(t, typ)
			publishSet(t, p, "1", "a")
			const devices, people, perDevice = 24, 4, 5
			email := func(i int) string { return fmt.Sprintf("person%d@example.com", i%people) }
			var wg sync.WaitGroup
			errs := make(chan error, 2*devices)
			for d := range devices {
				wg.Go(func() {
					dev := fmt.Sprintf("dev-%d", d)
					req := unknownReq(p, dev, evs(dev+"-e", "a", perDevice)...)
					if _, err := p.CreateUnknownUser(ctx, req); err != nil {
						errs <- fmt.Errorf("%s create: %w", dev, err)
						return
					}
					if _, err := p.Track(ctx, device.Identity{UserID: req.UserID}, []device.Event{ev(dev+"-t", "a", 99, nil)}); err != nil {
						errs <- fmt.Errorf("%s track: %w", dev, err)
						return
					}
					res, err := p.Identify(ctx, device.IdentifyRequest{DeviceID: dev, From: device.Identity{UserID: req.UserID},
						FromUnknown: true, Merge: true, To: device.Identity{Email: email(d)}})
					if err != nil || (res.Outcome != device.OutcomeConverted && res.Outcome != device.OutcomeMerged) {
						errs <- fmt.Errorf("%s identify: %+v %w", dev, res, err)
					}
				})
				wg.Go(func() {
					_, err := p.CreateKnownProfile(email(d), "", nil)
					if err != nil && !errors.Is(err, ErrExists) {
						errs <- fmt.Errorf("create known %d: %w", d, err)
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			for i := range people {
				if n := indexEntries(t, p, storage.EmailIndexPrefix(email(i))); n != 1 {
					t.Errorf("%s is on %d profiles", email(i), n)
				}
			}
			all := pageAll(t, p, ProfileQuery{Limit: 1000})
			if len(all) != people || mustCount(t, p, KindKnown) != people || mustCount(t, p, KindUnknown) != 0 {
				t.Fatalf("%d profiles listed, counts %d known / %d unknown; want %d known",
					len(all), mustCount(t, p, KindKnown), mustCount(t, p, KindUnknown), people)
			}
			events := 0
			for _, id := range all {
				pr, _ := p.Profile(id)
				if n := indexEntries(t, p, storage.EventPrefix(id)); n != pr.EventCount {
					t.Errorf("profile %d counts %d events, holds %d", id, pr.EventCount, n)
				}
				events += pr.EventCount
			}
			if want := devices * (perDevice + 2); events != want {
				t.Errorf("%d events in all, want %d", events, want)
			}
			var last uint64
			merges := 0
			for _, e := range ledger(t, p) {
				if e.Seq <= last {
					t.Errorf("ledger seq %d after %d", e.Seq, last)
				}
				last = e.Seq
				if e.Op == OpMerge || e.Op == OpConvert {
					merges++
				}
			}
			if merges != devices {
				t.Errorf("%d converts and merges, want %d", merges, devices)
			}
		})
	}
}
