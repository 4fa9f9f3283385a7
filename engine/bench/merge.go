package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"limen/engine"
	"limen/engine/device"
)

// trackBatch is how many events one Track call stores while the big known
// profile is filled (one transaction each, far below a transaction's limit).
const trackBatch = 500

// measureMerges fills a known profile with opt.KnownEvents events, creates
// opt.Merges unknown users with opt.UnknownEvents events each, then times
// each identify that merges one of them into the known profile.
func measureMerges(ctx context.Context, p *engine.Project, opt IngestOptions, res *IngestResult) error {
	rng := rand.New(rand.NewPCG(opt.Seed, 1<<32))
	known := device.Identity{Email: "merge-target@example.com"}
	if _, err := p.CreateKnownProfile(known.Email, "", map[string]any{"tier": "platinum", "city": "Paris"}); err != nil {
		return err
	}
	at := time.Now().Add(-24 * time.Hour)
	for done := 0; done < opt.KnownEvents; {
		n := min(trackBatch, opt.KnownEvents-done)
		batch := make([]device.Event, n)
		for i := range batch {
			batch[i] = benchEvent(rng, at.Add(time.Duration(done+i)*time.Millisecond))
		}
		if _, err := p.Track(ctx, known, batch); err != nil {
			return err
		}
		done += n
	}
	crit := p.PublishedCriteria()
	ids := crit.Compiled.IDs()
	if len(ids) == 0 {
		return fmt.Errorf("no published criteria set")
	}
	users := make([]string, opt.Merges)
	for k := range users {
		users[k] = newUUID(rng)
		events := make([]device.Event, opt.UnknownEvents)
		for i := range events {
			events[i] = benchEvent(rng, at.Add(time.Duration(i)*time.Second))
		}
		_, err := p.CreateUnknownUser(ctx, device.UnknownUserRequest{
			DeviceID: fmt.Sprintf("merge-%03d", k), Platform: "web", UserID: users[k],
			CriteriaID: ids[0], CriteriaVersion: crit.Version, At: time.Now(),
			Sessions: device.Sessions{Count: 1, First: at, Last: at},
			Events:   events, ProfileUpdate: map[string]any{"city": "Lyon", "device": k},
		})
		if err != nil {
			return err
		}
	}
	lat := make([]time.Duration, 0, len(users))
	for k, u := range users {
		start := time.Now()
		r, err := p.Identify(ctx, device.IdentifyRequest{
			DeviceID: fmt.Sprintf("merge-%03d", k), Platform: "web", At: start, To: known,
			From: device.Identity{UserID: u}, FromUnknown: true, Merge: true,
		})
		lat = append(lat, time.Since(start))
		if err != nil {
			return err
		}
		if r.Outcome != device.OutcomeMerged {
			return fmt.Errorf("identify of unknown user %s: outcome %q, want %q", u, r.Outcome, device.OutcomeMerged)
		}
		res.EventsMoved += r.EventsMoved
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	res.Merges = len(lat)
	res.MergeP50Ms, res.MergeP99Ms, res.MergeMaxMs = ms(percentile(lat, 50)), ms(percentile(lat, 99)), ms(lat[len(lat)-1])
	return nil
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, pct int) time.Duration {
	i := (pct*len(sorted)+99)/100 - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// benchEvent is a product view in web-SDK storage format.
func benchEvent(rng *rand.Rand, at time.Time) device.Event {
	return device.Event{ID: newUUID(rng), At: at, Body: map[string]any{
		"eventType": "customEvent", "eventName": "viewedProduct", "createdAt": at.Unix(), "createNewFields": true,
		"dataFields": map[string]any{"price": 100 + rng.Float64()*900, "sku": fmt.Sprintf("sku-%d", rng.IntN(500)), "category": "shoes"},
	}}
}
