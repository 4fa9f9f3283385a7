package engine

import (
	"context"
	"errors"
	"limen/engine/criteria"
	"limen/engine/device"
	"slices"
	"sort"
)

// isVisitor: a consenting visitor with no activation under way (a pending
// activation's data is being replayed onto its profile).
func isVisitor(st *device.State) bool {
	return st != nil && st.Mode == device.Visitor && st.Consent && st.Pending == nil
}

// visitorDevices lists the devices whose local data is a visitor history.
func (p *Project) visitorDevices(ctx context.Context) ([]string, error) {
	var ids []string
	for after := ""; ; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page, next, err := p.DeviceStates(after, 1000)
		if err != nil {
			return nil, err
		}
		for i := range page {
			if isVisitor(&page[i]) {
				ids = append(ids, page[i].ID)
			}
		}
		if after = next; next == "" {
			return ids, nil
		}
	}
}

// produceBacktest sends the histories to evaluate: the visitor devices, then
// every profile, page by page in creation order.
func (p *Project) produceBacktest(ctx context.Context, devices []string, jobs chan<- btJob) error {
	seq := 0
	send := func(j btJob) error {
		j.seq, seq = seq, seq+1
		select {
		case jobs <- j:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for _, id := range devices {
		if err := send(btJob{device: id}); err != nil {
			return err
		}
	}
	for q := (ProfileQuery{Limit: 500}); ; {
		page, next, err := p.ListProfiles(q)
		if err != nil {
			return err
		}
		for i := range page {
			if err := send(btJob{profile: &page[i]}); err != nil {
				return err
			}
		}
		if q.After = next; next == "" {
			return nil
		}
	}
}

// userRecord is a profile update as stored by the web SDK; nil when empty.
func userRecord(fields map[string]any) any {
	if len(fields) == 0 {
		return nil
	}
	return map[string]any{"eventType": "user", "dataFields": fields}
}

// deviceHistory reads a visitor's local events (in the order stored) and
// profile update; ok is false when there is no history to evaluate.
func (p *Project) deviceHistory(id string) (events []any, update any, ok bool, err error) {
	events, update, st, err := p.DeviceHistory(id)
	if errors.Is(err, ErrNotFound) {
		return nil, nil, false, nil
	}
	if err != nil || !isVisitor(st) || len(events) == 0 && update == nil {
		return nil, nil, false, err
	}
	return events, update, true, nil
}

// profileHistory rebuilds a profile's stored events, in time order, as the
// web SDK stores them; ok is false when the profile is gone.
func (p *Project) profileHistory(pr *Profile) (events []any, update any, ok bool, err error) {
	for q := (EventQuery{Limit: 1000}); ; {
		page, next, err := p.Events(pr.ID, q)
		if errors.Is(err, ErrNotFound) {
			return nil, nil, false, nil
		} else if err != nil {
			return nil, nil, false, err
		}
		for i := range page {
			if body := webRecord(&page[i]); body != nil {
				events = append(events, body)
			}
		}
		if q.After = next; next == "" {
			return events, userRecord(pr.DataFields), true, nil
		}
	}
}

// webRecord is a stored event in web-SDK storage format; nil for records
// criteria never see (unknownSession).
func webRecord(ev *StoredEvent) map[string]any {
	if ev.Type != EventCustom && ev.Type != EventPurchase && ev.Type != EventCartUpdate {
		return nil
	}
	body := map[string]any{"eventType": ev.Type, "createdAt": float64(ev.CreatedAt.Unix())}
	if ev.EventName != "" {
		body["eventName"] = ev.EventName
	}
	if ev.DataFields != nil {
		body["dataFields"] = ev.DataFields
	}
	if ev.Items != nil {
		body["items"] = ev.Items
	}
	if ev.Total != nil {
		body["total"] = ev.Total
	}
	return body
}

// evaluate loads one history and matches it against both sides.
func (bt *backtester) evaluate(j btJob) (o btOutcome, err error) {
	var events []any
	var update any
	var ok bool
	if pr := j.profile; pr != nil {
		events, update, ok, err = bt.p.profileHistory(pr)
		o.sample = BacktestSample{Kind: pr.Kind, Who: pr.Email, ProfileID: pr.ID}
		if pr.Email == "" || pr.Placeholder {
			o.sample.Who = pr.UserID
		}
	} else {
		events, update, ok, err = bt.p.deviceHistory(j.device)
		o.sample = BacktestSample{Kind: "visitor", Who: j.device}
	}
	if o.skip = !ok; err != nil || !ok {
		return o, err
	}
	o.sample.seq, o.sample.Events = j.seq, len(events)
	recs := criteria.NewRecords(events, update)
	o.sample.Published, _ = bt.pub.Match(recs)
	o.sample.Draft, _ = bt.draft.Match(recs)
	o.firstID, o.firstN = bt.firstActivation(recs, o.sample.Draft != "")
	return o, nil
}

// firstActivation replays a history in time order: the fewest events (the
// profile update is there from the start) after which the draft matches, and
// the set matching then ("" when no prefix matches). Without a "Not" group a
// verdict only ever turns true, so a binary search over the prefixes of a
// history whose whole matches suffices; otherwise every prefix is tried.
func (bt *backtester) firstActivation(recs []criteria.Record, wholeMatches bool) (string, int) {
	// NewRecords puts the profile update last; move it first so that every
	// prefix holds it (the order of records never changes a verdict, rule 3).
	base := 0
	if n := len(recs); n > 0 && recs[n-1].Source == criteria.UserUpdateSource {
		recs, base = append([]criteria.Record{recs[n-1]}, recs[:n-1]...), 1
	}
	events := len(recs) - base
	matchAt := func(k int) string { id, _ := bt.draft.Match(recs[:base+k]); return id }
	if bt.monotone {
		if !wholeMatches {
			return "", 0
		}
		k := sort.Search(events+1, func(k int) bool { return matchAt(k) != "" })
		return matchAt(k), k
	}
	for k := 0; k <= events; k++ {
		if id := matchAt(k); id != "" {
			return id, k
		}
	}
	return "", 0
}

// add counts one evaluated history.
func (r *BacktestResult) add(o btOutcome) {
	r.Histories++
	if o.sample.Kind == "visitor" {
		r.Devices++
	} else {
		r.Profiles++
	}
	pub, draft := o.sample.Published, o.sample.Draft
	if pub != "" {
		r.Published.Activated++
		r.Published.ByID[pub]++
	}
	if draft != "" {
		r.Draft.Activated++
		r.Draft.ByID[draft]++
	}
	switch {
	case draft != "" && pub == "":
		r.NewlyActivated++
		r.SampleNew = keepSample(r.SampleNew, o.sample)
	case pub != "" && draft == "":
		r.NoLongerActivated++
		r.SampleLost = keepSample(r.SampleLost, o.sample)
	case pub != draft:
		r.Reattributed++
	}
	if o.firstID != "" {
		if r.EventsToActivate[o.firstID] == nil {
			r.EventsToActivate[o.firstID] = make([]int, BacktestBuckets)
		}
		r.EventsToActivate[o.firstID][backtestBucket(o.firstN)]++
	}
}

// keepSample inserts s in stream order and keeps the first 20, whatever the
// order the workers finish in.
func keepSample(samples []BacktestSample, s BacktestSample) []BacktestSample {
	i, _ := slices.BinarySearchFunc(samples, s.seq, func(x BacktestSample, seq int) int { return x.seq - seq })
	if i >= maxBacktestSamples {
		return samples
	}
	samples = slices.Insert(samples, i, s)
	return samples[:min(len(samples), maxBacktestSamples)]
}

// History is a profile's history as criteria see it: its stored events in
// web-SDK format, in time order (unknownSession left out), and its data
// fields as the profile update. Backtest and the console's explain read
// profiles the same way through it.
func (p *Project) History(pr *Profile) (events []any, update any, err error) {
	events, update, _, err = p.profileHistory(pr)
	return events, update, err
}

// DeviceHistory is a device's local data as criteria see it, whatever its
// mode: its local events and its profile update, with its state.
func (p *Project) DeviceHistory(id string) (events []any, update any, st *device.State, err error) {
	st, local, err := p.LoadDevice(id)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, le := range local {
		events = append(events, criteria.NormalizeEvent(map[string]any(le.Body)))
	}
	return events, userRecord(st.ProfileUpdate), st, nil
}
