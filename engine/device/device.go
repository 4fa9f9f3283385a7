// Package device is limen's own SDK: what Iterable's SDK does in a browser or
// on a phone, in Go. A Device keeps a consenting visitor's events and profile
// update locally, evaluates the cached criteria after every stored event,
// turns the visitor into an unknown user on a match, and resolves identity on
// identify and logout. It talks to the project only through a Backend, and
// persists its local storage through a Journal.
package device

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"limen/engine/criteria"
)

// DefaultEventLimit is the local event cap when none is configured (D2).
const DefaultEventLimit = 100

// ForegroundFetchCooldown is the least device time between two criteria
// fetches on foreground (SPEC.md §5).
const ForegroundFetchCooldown = 120 * time.Second

// Resolution are the identity-resolution flags (SPEC.md §2).
type Resolution struct {
	ReplayOnVisitorToKnown bool
	MergeOnUnknownToKnown  bool
}

// Override changes the identity-resolution flags for one identify call; a
// nil field keeps the configured value (per-field fallback, as Web and Swift).
type Override struct {
	Replay *bool
	Merge  *bool
}

// Config is what a device is made with.
type Config struct {
	ID         string
	Platform   string // "web", "ios" or "android"
	PushOptIn  bool
	Backend    Backend
	Journal    Journal
	Clock      func() time.Time // device time; time.Now when nil
	EventLimit int              // local event cap; DefaultEventLimit when 0
	// Placements are the embedded placements the app renders;
	// DefaultPlacements when nil.
	Placements []string
	Resolution Resolution
	// NewID generates userIds and event ids (UUID v4 when nil); the simulator
	// passes a seeded generator so that runs are reproducible.
	NewID  func() string
	Logger *slog.Logger
}

// Device is one browser or phone. Its methods are safe for concurrent use;
// calls on one device are serialised, which is also what guarantees that a
// visitor can never create two unknown users.
type Device struct {
	cfg Config

	mu       sync.Mutex
	st       State
	events   []LocalEvent
	recs     []criteria.Record // records of events, in the same order
	profRec  *criteria.Record  // record of the profile update, if any
	criteria *criteria.Compiled
	// tally counts recs and profRec against criteria incrementally, so that
	// matching after a stored event costs one record's evaluation.
	tally *criteria.Tally
}

// profileKey is the tally key of the profile-update record; local event
// keys are their Seq, which starts at 1.
const profileKey = 0

// New makes a fresh device: a visitor without consent and without data.
func New(cfg Config) *Device {
	return Restore(cfg, &State{ID: cfg.ID, Platform: cfg.Platform, PushOptIn: cfg.PushOptIn, Mode: Visitor, NextSeq: 1}, nil, nil)
}

// Restore rebuilds a device from its persisted local storage. cached is the
// criteria it had fetched, when the caller still has that version; without
// them the device evaluates nothing until its next fetch.
func Restore(cfg Config, st *State, events []LocalEvent, cached *Criteria) *Device {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.EventLimit <= 0 {
		cfg.EventLimit = DefaultEventLimit
	}
	if cfg.NewID == nil {
		cfg.NewID = uuid.NewString
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	d := &Device{cfg: cfg, st: *st}
	if d.st.Mode == "" {
		d.st.Mode = Visitor
	}
	if d.st.NextSeq == 0 {
		d.st.NextSeq = 1
	}
	d.events = append([]LocalEvent(nil), events...)
	if cached != nil && cached.Version == st.CriteriaVersion {
		d.criteria = cached.Compiled
	}
	d.rebuildRecords()
	return d
}

// ID is the device id.
func (d *Device) ID() string { return d.cfg.ID }

// Snapshot returns copies of the device's state and local events.
func (d *Device) Snapshot() (State, []LocalEvent) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.st
	st.ProfileUpdate = copyFields(st.ProfileUpdate)
	if st.Pending != nil {
		p := *st.Pending
		st.Pending = &p
	}
	st.Inbox = slices.Clone(st.Inbox)
	if st.PendingIdentify != nil {
		r := *st.PendingIdentify
		st.PendingIdentify = &r
	}
	return st, append([]LocalEvent(nil), d.events...)
}

// Explain says why the visitor's local data does or does not match the
// cached criteria; nil when no criteria are cached.
func (d *Device) Explain() *criteria.Explanation {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.criteria == nil {
		return nil
	}
	return d.criteria.Explain(d.records())
}

func (d *Device) now() time.Time { return d.cfg.Clock() }

// records returns the records criteria evaluate: the local events, then the
// profile update. Each record's Source is its event's position in the local
// list.
func (d *Device) records() []criteria.Record {
	recs := make([]criteria.Record, len(d.recs), len(d.recs)+1)
	copy(recs, d.recs)
	for i := range recs {
		recs[i].Source = i
	}
	if d.profRec != nil {
		recs = append(recs, *d.profRec)
	}
	return recs
}

// recordOf builds the criteria record of a local event; an event that yields
// none gets a record of kind none, so recs stays parallel to events.
func recordOf(e LocalEvent, i int) criteria.Record {
	r, _ := criteria.NewRecord(e.Body, i)
	return r
}

// appendRecord keeps recs (and the tally) in step with events after le was
// appended and the events numbered removed were pushed out of the front,
// without rebuilding the rest.
func (d *Device) appendRecord(le LocalEvent, removed []uint64) {
	evicted := min(len(removed), len(d.recs))
	recs := append(make([]criteria.Record, 0, len(d.recs)+1-evicted), d.recs[evicted:]...)
	d.recs = append(recs, recordOf(le, len(recs)))
	if d.tally != nil {
		for _, seq := range removed {
			d.tally.Remove(seq)
		}
		d.tally.Add(le.Seq, &d.recs[len(d.recs)-1])
	}
}

// refreshProfileRecord rebuilds the profile-update record after a change.
func (d *Device) refreshProfileRecord() {
	d.profRec = nil
	if r, ok := profileRecord(d.st.ProfileUpdate); ok {
		d.profRec = &r
	}
	if d.tally != nil {
		d.tally.Remove(profileKey)
		if d.profRec != nil {
			d.tally.Add(profileKey, d.profRec)
		}
	}
}

func (d *Device) rebuildRecords() {
	d.recs = make([]criteria.Record, len(d.events))
	for i, e := range d.events {
		d.recs[i] = recordOf(e, i)
	}
	d.profRec = nil
	if r, ok := profileRecord(d.st.ProfileUpdate); ok {
		d.profRec = &r
	}
	d.retally()
}

// setCriteria caches fetched criteria (nil: none) and recounts.
func (d *Device) setCriteria(c *criteria.Compiled) {
	d.criteria = c
	d.retally()
}

// retally recounts every record against the cached criteria.
func (d *Device) retally() {
	d.tally = nil
	if d.criteria == nil {
		return
	}
	d.tally = d.criteria.NewTally()
	for i := range d.recs {
		d.tally.Add(d.events[i].Seq, &d.recs[i])
	}
	if d.profRec != nil {
		d.tally.Add(profileKey, d.profRec)
	}
}

// commit persists a change; on failure the in-memory state is put back as it
// was, so memory never runs ahead of what is stored.
func (d *Device) commit(ctx context.Context, before State, beforeEvents []LocalEvent, c Change) error {
	c.State = &d.st
	if err := d.cfg.Journal.Save(ctx, c); err != nil {
		d.st, d.events = before, beforeEvents
		d.rebuildRecords()
		return err
	}
	return nil
}

// clearLocal forgets the visitor's local data (events, profile update,
// session counters).
func (d *Device) clearLocal() {
	d.events = nil
	d.st.ProfileUpdate = nil
	d.st.ProfileUpdateAt = time.Time{}
	d.st.Sessions = Sessions{}
	d.rebuildRecords()
}

// fetchCriteria replaces the cached criteria; a failure keeps the old copy.
func (d *Device) fetchCriteria(ctx context.Context, out *Outcome) {
	c, err := d.cfg.Backend.FetchCriteria(ctx)
	d.st.CriteriaFetchedAt = d.now()
	if err != nil {
		d.cfg.Logger.Warn("criteria fetch failed", "device", d.cfg.ID, "err", err)
		out.Notes = append(out.Notes, "criteria fetch failed: "+err.Error())
		return
	}
	d.st.CriteriaVersion = c.Version
	d.setCriteria(c.Compiled)
	out.CriteriaVersion = c.Version
}

// ErrNoIdentity is returned by Identify when neither email nor userId is given.
var ErrNoIdentity = errors.New("identify needs an email or a userId")
