// Package bench measures the engine end to end on a temporary on-disk
// project, next to raw Badger on the same machine in the same run: how many
// device events per second it ingests (stored locally, evaluated,
// activated, replayed, tracked after activation), how many activations per
// second, how long a merge takes, and the ratio to Badger's WriteBatch rate.
package bench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"limen/engine"
	"limen/engine/device"
	"limen/fixtures"
)

// IngestOptions are the parameters of Ingest; zero fields take the defaults.
type IngestOptions struct {
	Devices int `json:"devices"` // devices driven (default 2000)
	Events  int `json:"events"`  // calls per device after consent and a session (default 50)
	// Workers is how many goroutines drive devices (sharded among them);
	// default 16 per core: a device call waits for its commit, so more
	// goroutines than cores keep the cores busy.
	Workers int    `json:"workers"`
	Seed    uint64 `json:"seed"` // seeds prices, choices and generated ids (default 1)
	// Merge latency: Merges unknown profiles of UnknownEvents events each
	// are merged, one at a time, into a known profile holding KnownEvents
	// (defaults 50, 100 and 10000). Merges < 0 skips the measurement.
	Merges        int `json:"merges"`
	UnknownEvents int `json:"unknownEvents"`
	KnownEvents   int `json:"knownEvents"`
	// TempDir is where the temporary stores are made ("" for os.TempDir).
	TempDir string `json:"-"`
	// Check runs the project's invariant check at the end.
	Check bool `json:"check"`
}

func (o *IngestOptions) defaults() {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Devices, 2000)
	def(&o.Events, 50)
	def(&o.Workers, DefaultWorkers())
	def(&o.Merges, 50)
	def(&o.UnknownEvents, 100)
	def(&o.KnownEvents, 10000)
	if o.Seed == 0 {
		o.Seed = 1
	}
}

// DefaultWorkers is the default IngestOptions.Workers: 16 per core.
func DefaultWorkers() int { return 16 * runtime.GOMAXPROCS(0) }

// IngestResult holds every figure of one run, with its parameters.
type IngestResult struct {
	Options IngestOptions `json:"parameters"`
	// Ingest: calls made by devices and what became of their events.
	Seconds     float64 `json:"seconds"`
	EventCalls  int     `json:"eventCalls"`  // track, purchase and cart calls
	Stored      int     `json:"stored"`      // kept on the device (a visitor)
	Sent        int     `json:"sent"`        // tracked to the profile (after activation or identify)
	Dropped     int     `json:"dropped"`     // no consent (none in this mix)
	Updates     int     `json:"updates"`     // profile updates
	Activations int     `json:"activations"` // unknown profiles created
	Replayed    int     `json:"replayed"`    // local events replayed onto them
	Identifies  int     `json:"identifies"`
	EventsPerS  float64 `json:"eventsPerSecond"` // (stored + sent) / seconds
	ActivPerS   float64 `json:"activationsPerSecond"`
	// Merge latency of an unknown profile into a large known one.
	Merges      int     `json:"merges"`
	MergeP50Ms  float64 `json:"mergeP50Ms"`
	MergeP99Ms  float64 `json:"mergeP99Ms"`
	MergeMaxMs  float64 `json:"mergeMaxMs"`
	EventsMoved int     `json:"eventsMoved"`
	// Raw Badger: as many entries, of a stored device event's average
	// size, written through storage's Batch.
	RawEntries  int     `json:"rawEntries"`
	RawKeyBytes int     `json:"rawKeyBytes"`
	RawValBytes int     `json:"rawValueBytes"`
	RawSeconds  float64 `json:"rawSeconds"`
	RawPerS     float64 `json:"rawEntriesPerSecond"`
	// RawTxnPerS: the same entries, one transaction each that also reads
	// and rewrites a device record (the journal's pattern), on Workers
	// goroutines: the ceiling of a design with one transaction per call.
	RawTxnPerS   float64            `json:"rawTxnEntriesPerSecond"`
	Ratio        float64            `json:"ratio"` // EventsPerS / RawPerS
	Checked      bool               `json:"checked"`
	Violations   []engine.Violation `json:"violations,omitempty"`
	ProfileCount int                `json:"profiles"`
}

// Ingest runs the benchmark: the device workload on a fresh project, the
// merge measurement on the same project, then (with the project closed) raw
// Badger in another directory. Both directories are removed before it
// returns.
func Ingest(ctx context.Context, opt IngestOptions) (IngestResult, error) {
	opt.defaults()
	res := IngestResult{Options: opt}
	dir, err := os.MkdirTemp(opt.TempDir, "limen-bench-*")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	vals, err := runProject(ctx, filepath.Join(dir, "project"), opt, &res)
	if err != nil {
		return res, err
	}
	if err := measureRaw(ctx, filepath.Join(dir, "raw"), opt.Workers, res.Stored+res.Sent, vals, &res); err != nil {
		return res, fmt.Errorf("raw badger: %w", err)
	}
	if res.RawPerS > 0 {
		res.Ratio = res.EventsPerS / res.RawPerS
	}
	return res, nil
}

// runProject does everything measured on the project, and returns sample
// stored device events for the raw comparison.
func runProject(ctx context.Context, dir string, opt IngestOptions, res *IngestResult) ([][]byte, error) {
	p, err := engine.Open(engine.Options{Dir: dir})
	if err != nil {
		return nil, err
	}
	defer p.Close()
	if err := p.ImportCriteria(fixtures.Criteria(), true); err != nil {
		return nil, fmt.Errorf("publish the demo criteria: %w", err)
	}
	for i := range customers {
		if _, err := p.CreateKnownProfile(customerEmail(i), "", map[string]any{"tier": "gold"}); err != nil {
			return nil, err
		}
	}
	sample, err := runDevices(ctx, p, opt, res)
	if err != nil {
		return nil, err
	}
	if opt.Merges > 0 {
		if err := measureMerges(ctx, p, opt, res); err != nil {
			return nil, fmt.Errorf("merge latency: %w", err)
		}
	}
	if opt.Check {
		if res.Violations, err = p.Check(ctx); err != nil {
			return nil, err
		}
		res.Checked = true
	}
	if res.ProfileCount, err = p.CountProfiles(""); err != nil {
		return nil, err
	}
	return sampleValues(p, sample, opt.Seed)
}

// customers are known profiles some devices identify as.
const customers = 100

func customerEmail(i int) string { return fmt.Sprintf("customer%d@example.com", i) }

// tally is one worker's counts.
type tally struct {
	calls, stored, sent, dropped, updates, activations, replayed, identifies int
}

func (t *tally) add(o tally) {
	t.calls += o.calls
	t.stored += o.stored
	t.sent += o.sent
	t.dropped += o.dropped
	t.updates += o.updates
	t.activations += o.activations
	t.replayed += o.replayed
	t.identifies += o.identifies
}

// runDevices drives the devices on opt.Workers goroutines and fills the
// ingest figures. It returns the ids of a few devices that still hold local
// events, to size the raw comparison.
func runDevices(ctx context.Context, p *engine.Project, opt IngestOptions, res *IngestResult) ([]string, error) {
	var (
		mu     sync.Mutex
		total  tally
		sample []string
		errs   []error
		wg     sync.WaitGroup
	)
	s := p.Settings()
	start := time.Now()
	for w := range opt.Workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(opt.Seed, uint64(w)))
			var t tally
			var mine []string
			var err error
			for i := w; i < opt.Devices && err == nil; i += opt.Workers {
				if err = ctx.Err(); err != nil {
					break
				}
				cfg := device.Config{ID: fmt.Sprintf("bench-%06d", i), Platform: "web", Backend: p, Journal: p,
					EventLimit: s.EventLimit, NewID: func() string { return newUUID(rng) },
					Resolution: device.Resolution{ReplayOnVisitorToKnown: s.ReplayOnVisitorToKnown, MergeOnUnknownToKnown: s.MergeOnUnknownToKnown}}
				var visitor bool
				visitor, err = driveDevice(ctx, device.New(cfg), opt.Events, rng, &t)
				if visitor && len(mine) < 20 {
					mine = append(mine, cfg.ID)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			total.add(t)
			sample = append(sample, mine...)
			if err != nil {
				errs = append(errs, err)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	res.Seconds, res.EventCalls, res.Stored, res.Sent, res.Dropped = elapsed, total.calls, total.stored, total.sent, total.dropped
	res.Updates, res.Activations, res.Replayed, res.Identifies = total.updates, total.activations, total.replayed, total.identifies
	res.EventsPerS = float64(total.stored+total.sent) / elapsed
	res.ActivPerS = float64(total.activations) / elapsed
	return sample, errors.Join(errs...)
}

// driveDevice runs one device: consent, a session, then n calls of a
// shopper's mix. Half the devices are big spenders (product prices mostly
// above the 500 of the "Big-ticket browser" set); carts sometimes hold a
// gift; readers read; one device in ten identifies as a customer on the way.
// It reports whether the device ends as a visitor holding events.
func driveDevice(ctx context.Context, d *device.Device, n int, rng *rand.Rand, t *tally) (bool, error) {
	// count tallies a call's outcome; only event calls count as events.
	count := func(event bool) func(device.Outcome, error) error {
		return func(out device.Outcome, err error) error {
			if err != nil {
				return fmt.Errorf("device %s: %w", d.ID(), err)
			}
			if event {
				t.calls++
				t.stored += b2i(out.Stored)
				t.sent += b2i(out.Sent)
				t.dropped += b2i(out.Dropped)
			}
			if a := out.Activated; a != nil {
				t.activations++
				t.replayed += a.Replayed
			}
			return nil
		}
	}
	if _, err := d.SetConsent(ctx, true); err != nil {
		return false, err
	}
	if _, err := d.StartSession(ctx); err != nil {
		return false, err
	}
	spender := rng.IntN(2) == 0
	identifyAt := -1
	if rng.IntN(10) == 0 {
		identifyAt = rng.IntN(n)
	}
	for i := range n {
		var err error
		switch r := rng.IntN(100); {
		case i == identifyAt:
			t.identifies++
			err = count(false)(d.Identify(ctx, device.Identity{Email: customerEmail(rng.IntN(customers))}, nil))
		case r < 45:
			price := 10 + rng.Float64()*390
			if spender {
				price = 200 + rng.Float64()*1000
			}
			err = count(true)(d.Track(ctx, "viewedProduct", map[string]any{"price": price, "sku": fmt.Sprintf("sku-%d", rng.IntN(500)), "category": "shoes"}))
		case r < 60:
			err = count(true)(d.Track(ctx, "readArticle", map[string]any{"id": rng.IntN(1000), "topic": "style"}))
		case r < 72:
			cat := []string{"shoes", "home", "toys", "books", "garden", "kitchen", "sport", "gift"}[rng.IntN(8)]
			err = count(true)(d.UpdateCart(ctx, []device.Item{{ID: "sku-1", Name: "Runner", Price: 89.5, Quantity: 1, Categories: []string{cat}}}))
		case r < 78:
			items := []device.Item{{ID: "sku-2", Name: "Lamp", Price: 35, Quantity: 2, Categories: []string{"home"}}}
			err = count(true)(d.TrackPurchase(ctx, items, 70, map[string]any{"coupon": "none"}))
		case r < 90:
			t.updates++
			err = count(false)(d.UpdateUser(ctx, map[string]any{"city": []string{"Paris", "Lyon", "Berlin", "Madrid"}[rng.IntN(4)]}))
		default:
			err = count(false)(d.StartSession(ctx))
		}
		if err != nil {
			return false, err
		}
	}
	st, local := d.Snapshot()
	return st.Mode == device.Visitor && len(local) > 0, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// newUUID draws a version 4 UUID from rng.
func newUUID(rng *rand.Rand) string {
	a, b := rng.Uint64(), rng.Uint64()
	a = a&^0xf000 | 0x4000       // version 4
	b = b&^(0xc0<<56) | 0x80<<56 // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, a>>16&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}
