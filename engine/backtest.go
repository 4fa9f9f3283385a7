package engine

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"limen/engine/criteria"
)

// BacktestOptions say what Backtest tests.
type BacktestOptions struct {
	// Draft is a criteria document (Iterable JSON); empty tests every set's
	// draft in first-match order (PreviewDocument()).
	Draft []byte
	// Progress, when not nil, is called on Backtest's goroutine every 100
	// histories (total is an estimate) and at the end with done == total.
	Progress func(done, total int)
}

// SideResult is what one criteria document does to the histories:
// Activated counts those some set matches, ByID per set (first match wins,
// so they sum to Activated); Sets are its sets in first-match order.
type SideResult struct {
	Activated int            `json:"activated"`
	ByID      map[string]int `json:"byId"`
	Sets      []BacktestSet  `json:"sets"`
}

// BacktestSet names one criteria set of a side.
type BacktestSet struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// BacktestSample is one visitor history whose outcome the draft changes.
type BacktestSample struct {
	// Kind is "visitor" (a device's local data), KindUnknown or KindKnown;
	// Who the visitor's device id, or the profile's real email or userId.
	Kind      string `json:"kind"`
	Who       string `json:"who"`
	ProfileID uint64 `json:"profileId,omitempty"`
	// Published and Draft are the criteria ids each side matches ("" none).
	Published string `json:"published,omitempty"`
	Draft     string `json:"draft,omitempty"`
	Events    int    `json:"events"` // in the history
	seq       int    // position in the stream of histories
}

// BacktestResult is what publishing the draft would change.
type BacktestResult struct {
	// Histories evaluated: Devices (visitors' local data) plus Profiles.
	Histories int        `json:"histories"`
	Devices   int        `json:"devices"`
	Profiles  int        `json:"profiles"`
	Published SideResult `json:"published"`
	Draft     SideResult `json:"draft"`
	// NewlyActivated: the draft matches, the published criteria do not;
	// NoLongerActivated: the other way round; Reattributed: both match,
	// with a different set first.
	NewlyActivated    int `json:"newlyActivated"`
	NoLongerActivated int `json:"noLongerActivated"`
	Reattributed      int `json:"reattributed"`
	// Up to 20 samples each, the first in stream order (devices by id, then
	// profiles by creation).
	SampleNew  []BacktestSample `json:"sampleNew"`
	SampleLost []BacktestSample `json:"sampleLost"`
	// EventsToActivate: per draft criteria id, a histogram (BacktestBuckets
	// buckets, see BacktestBucketLabel) of how many stored events a history
	// needed before the draft first matched, replayed in time order. The
	// profile update (a profile's data fields) is there from the start, so
	// bucket 0 means the profile data alone matched. A history counts once,
	// under the set matching at that moment: the one a device would have
	// been activated by. With a "Not" group in the draft a verdict can come
	// and go as events arrive, so a history may count here and not match in
	// the end.
	EventsToActivate map[string][]int `json:"eventsToActivate"`
	Elapsed          time.Duration    `json:"elapsedNs"`
}

// BacktestBuckets is the number of EventsToActivate buckets.
const BacktestBuckets = 11

// backtestUpper is the largest event count of every bucket but the last.
func backtestUpper() [BacktestBuckets - 1]int { return [...]int{0, 1, 2, 3, 4, 5, 10, 20, 50, 100} }

// BacktestBucketLabel names bucket i: "0" … "5" (exact counts), then
// "6-10", "11-20", "21-50", "51-100" and "101+".
func BacktestBucketLabel(i int) string {
	up := backtestUpper()
	switch {
	case i <= 5:
		return strconv.Itoa(i)
	case i < len(up):
		return strconv.Itoa(up[i-1]+1) + "-" + strconv.Itoa(up[i])
	}
	return strconv.Itoa(up[len(up)-1]+1) + "+"
}

// backtestBucket is the bucket of an event count.
func backtestBucket(n int) int {
	up := backtestUpper()
	i, _ := slices.BinarySearch(up[:], n)
	return i
}

const maxBacktestSamples = 20

// PreviewDocument returns the criteria document devices would be served
// after publishing the drafts of the sets ids, in first-match order: named
// sets as their drafts, the others as published (left out when never
// published). Without ids every set's draft is used: "publish everything".
func (p *Project) PreviewDocument(ids ...string) ([]byte, error) {
	list, err := p.ListCriteria()
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if !slices.ContainsFunc(list, func(c CriteriaSetInfo) bool { return c.ID == id }) {
			return nil, notFound("no criteria set %q", id)
		}
	}
	var sets [][]byte
	for _, c := range list {
		switch {
		case len(ids) == 0 || slices.Contains(ids, c.ID):
			sets = append(sets, c.Draft)
		case c.Published != nil:
			sets = append(sets, c.Published)
		}
	}
	doc := []byte(`{"count":` + strconv.Itoa(len(sets)) + `,"criteriaSets":[`)
	doc = append(doc, bytes.Join(sets, []byte(","))...)
	return append(doc, "]}"...), nil
}

// btJob is one history to load and evaluate: a device id or a profile.
type btJob struct {
	seq     int
	device  string
	profile *Profile
}

// btOutcome is one evaluated history; the sample carries both verdicts.
type btOutcome struct {
	skip    bool // gone, or no longer a visitor, since it was listed
	sample  BacktestSample
	firstID string // the draft's set at the first matching prefix ("" none)
	firstN  int    // events in that prefix
}

type backtester struct {
	p          *Project
	pub, draft *criteria.Compiled
	monotone   bool // the draft has no "Not" group: more events never unmatch
}

// Backtest evaluates every visitor history the engine knows against the
// published criteria and against a draft, and says what publishing the draft
// would change. The histories are (a) every consenting visitor's local data
// (events and profile update, from the device journal; devices that stored
// nothing are left out, as they never evaluate) and (b) every profile's
// stored events in time order (custom events, purchases, cart updates, not
// unknownSession) with its data fields as the profile update: an unknown
// profile's history is what its visitor had when activated plus what
// followed, a known profile's what it did. Histories are streamed (profiles
// and events page by page) through one worker per core; a cancelled ctx
// stops it between histories with ctx.Err().
func (p *Project) Backtest(ctx context.Context, opt BacktestOptions) (BacktestResult, error) {
	start := time.Now()
	res := BacktestResult{EventsToActivate: map[string][]int{}, SampleNew: []BacktestSample{}, SampleLost: []BacktestSample{}}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	var err error
	draftJSON := opt.Draft
	if len(bytes.TrimSpace(draftJSON)) == 0 {
		if draftJSON, err = p.PreviewDocument(); err != nil {
			return res, err
		}
	}
	draftDoc, err := criteria.Parse(draftJSON)
	if err != nil {
		return res, err
	}
	pub := p.PublishedCriteria()
	pubDoc, err := criteria.Parse(pub.JSON)
	if err != nil {
		return res, err
	}
	bt := &backtester{p: p, pub: pub.Compiled, draft: criteria.Compile(draftDoc), monotone: !hasNotGroup(draftDoc)}
	res.Published, res.Draft = newSide(pubDoc, bt.pub), newSide(draftDoc, bt.draft)
	devices, err := p.visitorDevices(ctx)
	if err != nil {
		return res, err
	}
	profiles, err := p.CountProfiles("")
	if err != nil {
		return res, err
	}
	err = bt.run(ctx, devices, func(o btOutcome) {
		res.add(o)
		if opt.Progress != nil && res.Histories%100 == 0 {
			opt.Progress(res.Histories, max(len(devices)+profiles, res.Histories))
		}
	})
	if err != nil {
		return res, err
	}
	if opt.Progress != nil {
		opt.Progress(res.Histories, res.Histories)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// run streams the histories through the workers (they read, decode and
// evaluate) and hands each outcome to add on the caller's goroutine. It
// returns ctx.Err() when ctx ends first.
func (bt *backtester) run(parent context.Context, devices []string, add func(btOutcome)) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs, outs := make(chan btJob, 4*workers), make(chan btOutcome, 4*workers)
	var errOnce sync.Once
	var firstErr error
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err })
		cancel()
	}
	var producer, pool sync.WaitGroup
	producer.Go(func() {
		defer close(jobs)
		if err := bt.p.produceBacktest(ctx, devices, jobs); err != nil {
			fail(err)
		}
	})
	for range workers {
		pool.Go(func() {
			for j := range jobs {
				if ctx.Err() != nil {
					return
				}
				o, err := bt.evaluate(j)
				if err != nil {
					fail(err)
					return
				}
				select {
				case outs <- o:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() { pool.Wait(); close(outs) }()
	for o := range outs {
		if ctx.Err() != nil {
			break
		}
		if !o.skip {
			add(o)
		}
	}
	cancel()
	for range outs { // drain, so that every worker can return
	}
	producer.Wait()
	if err := parent.Err(); err != nil {
		return err
	}
	if firstErr != nil && !errors.Is(firstErr, context.Canceled) {
		return firstErr
	}
	return nil
}

// newSide lists a document's evaluated sets (those Compile kept).
func newSide(d *criteria.Document, c *criteria.Compiled) SideResult {
	names := map[string]string{}
	for _, s := range slices.Backward(d.Sets) { // the first of a duplicated id wins
		if id, ok := s.IDText(); ok && s.Name != nil {
			names[id] = *s.Name
		}
	}
	side := SideResult{ByID: map[string]int{}}
	for _, id := range c.IDs() {
		side.Sets = append(side.Sets, BacktestSet{ID: id, Name: names[id]})
	}
	return side
}

// hasNotGroup reports whether some set's tree has a "Not" group: the only
// node whose verdict can turn false when a record is added (rules 7, 8).
func hasNotGroup(d *criteria.Document) bool {
	var walk func(n *criteria.Node) bool
	walk = func(n *criteria.Node) bool {
		if n != nil && n.IsGroup && n.Combinator != nil && *n.Combinator == "Not" {
			return true
		}
		return n != nil && slices.ContainsFunc(n.Children, walk)
	}
	return slices.ContainsFunc(d.Sets, func(s *criteria.Set) bool { return walk(s.Query) })
}
