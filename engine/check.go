package engine

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"time"

	"limen/engine/device"
	"limen/storage"
)

// Violation kinds: which invariant a Violation breaks.
const (
	ViolationProfile     = "profile"     // a profile record breaks its own rules
	ViolationIndex       = "index"       // an email, userId or created index entry is missing or wrong
	ViolationUnique      = "unique"      // an identifier the project type makes unique names two profiles
	ViolationPlaceholder = "placeholder" // a placeholder email where there must be none, or a wrong one
	ViolationEvent       = "event"       // an orphan event, a broken event-id entry, a wrong event count
	ViolationDevice      = "device"      // a device in the unknown state whose userId names no profile
	ViolationLedger      = "ledger"      // the identity ledger disagrees with the profiles
	ViolationConsent     = "consent"     // the consent ledger disagrees with devices or profiles
	ViolationCounter     = "counter"     // the profile counters disagree with the profiles
)

// maxViolations bounds how many violations are listed; the rest are counted.
const maxViolations = 1000

// Violation is one broken invariant: Key names the record ("profile 12",
// "email ann@example.com", "device web-1"), Message says what is wrong.
type Violation struct {
	Kind    string `json:"kind"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

func (v Violation) String() string { return v.Kind + ": " + v.Key + ": " + v.Message }

// CheckResult is what CheckAll found, and how much it read.
type CheckResult struct {
	Violations []Violation `json:"violations"`
	// Omitted counts violations found beyond the first maxViolations.
	Omitted         int `json:"omitted,omitempty"`
	Profiles        int `json:"profiles"`
	Unknown         int `json:"unknown"`
	Known           int `json:"known"`
	Events          int `json:"events"`
	EventIDs        int `json:"eventIds"`
	IndexEntries    int `json:"indexEntries"`
	Devices         int `json:"devices"`
	IdentityEntries int `json:"identityEntries"`
	ConsentEntries  int `json:"consentEntries"`
	Messages        int `json:"messages"`
}

// Check verifies the project's invariants (see CheckAll) and returns those
// found broken; none means the project is consistent.
func (p *Project) Check(ctx context.Context) ([]Violation, error) {
	r, err := p.CheckAll(ctx)
	return r.Violations, err
}

// CheckAll reads the whole project in one snapshot, streaming, and verifies
// that indexes and profiles agree both ways; that identifiers are unique as
// the project type requires and placeholders appear only where they must;
// that events, their id entries and the profiles' event counts agree; that
// every device in the unknown state names an existing profile; that the
// identity ledger accounts for every profile (created, then merged or
// deleted); and that the consent ledger and the profile counters agree with
// the rest; and that campaign messages agree with their index, campaign and
// profile. It keeps only sets of ids in memory.
func (p *Project) CheckAll(ctx context.Context) (CheckResult, error) {
	if err := ctx.Err(); err != nil {
		return CheckResult{}, err
	}
	c := &checker{ctx: ctx, s: p.Settings(), created: map[uint64]bool{}, gone: map[uint64]string{},
		lost: map[string]*lostDevice{}, sums: map[uint64]eventSums{}, seed: maphash.MakeSeed()}
	emails := func() error { return c.identIndex(storage.SpaceEmailIndex, "email", c.s.Type != TypeUserID) }
	userIDs := func() error { return c.identIndex(storage.SpaceUserIDIndex, "userId", c.s.Type != TypeEmail) }
	err := p.db.View(func(txn *storage.Txn) error {
		c.txn = txn
		for _, pass := range []func() error{c.ledger, c.devices, c.events, c.eventIDs, c.profiles,
			emails, userIDs, c.createdIndex, c.consents, c.counters, c.messages} {
			if err := pass(); err != nil {
				return err
			}
			if c.err != nil {
				return c.err
			}
		}
		c.leftovers()
		return nil
	})
	return c.res, err
}

// lostDevice is a device in the unknown state whose userId names no
// profile; into says what became of that userId, when a profile says so.
type lostDevice struct{ device, into string }

type checker struct {
	ctx     context.Context
	txn     *storage.Txn
	s       Settings
	res     CheckResult
	visited int
	created map[uint64]bool        // ids with a create or convert entry → found alive
	gone    map[uint64]string      // ids merged away or deleted, per the ledger → how
	lost    map[string]*lostDevice // unknown userIds of devices that name no profile
	sums    map[uint64]eventSums   // per profile with events or event-id entries
	seed    maphash.Seed
	refs    int            // consent entries referenced by device records
	aud     audienceCounts // the audience counts the profiles add up to
	err     error          // the first read error of has
}

func (c *checker) add(kind, key, format string, args ...any) {
	if len(c.res.Violations) >= maxViolations {
		c.res.Omitted++
		return
	}
	c.res.Violations = append(c.res.Violations, Violation{Kind: kind, Key: key, Message: fmt.Sprintf(format, args...)})
}

// walk iterates a key space, checking for cancellation now and then.
func (c *checker) walk(s storage.Space, keysOnly bool, fn func(key, val []byte) error) error {
	return c.txn.Iterate(s.Prefix(), storage.IterOptions{KeysOnly: keysOnly}, func(key, val []byte) error {
		if c.visited++; c.visited%4096 == 0 {
			if err := c.ctx.Err(); err != nil {
				return err
			}
		}
		return fn(key, val)
	})
}

func (c *checker) malformed(kind string, s storage.Space, key []byte, err error) {
	c.add(kind, fmt.Sprintf("%v key %x", s, key), "malformed key: %v", err)
}

// decode unmarshals val unless the key did not decode.
func decode(keyErr error, val []byte, v any) error {
	if keyErr != nil {
		return keyErr
	}
	return json.Unmarshal(val, v)
}

// has reports whether key exists; a read error ends the check.
func (c *checker) has(key []byte) bool {
	ok, err := c.txn.Has(key)
	c.err = cmp.Or(c.err, err)
	return ok
}

// profileIdent is the part of a profile the cross-checks read.
type profileIdent struct {
	Email     string    `json:"email"`
	UserID    string    `json:"userId"`
	CreatedAt time.Time `json:"createdAt"`
	Devices   []string  `json:"devices"`
}

// identOf reads profile id; ok is false when it does not exist. A read
// error ends the check; a profile that does not decode is reported by the
// profile pass and read as empty here.
func (c *checker) identOf(id uint64) (pi profileIdent, ok bool) {
	val, err := c.txn.Get(storage.ProfileKey(id))
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return pi, false
	case err != nil:
		c.err = cmp.Or(c.err, err)
		return pi, false
	}
	_ = json.Unmarshal(val, &pi)
	return pi, true
}

func (c *checker) ledger() error {
	var last uint64
	return c.walk(storage.SpaceIdentity, false, func(key, val []byte) error {
		c.res.IdentityEntries++
		seq, err := storage.IdentitySeqFromKey(key)
		var e LedgerEntry
		k := fmt.Sprintf("identity %d", seq)
		switch err = decode(err, val, &e); {
		case err != nil:
			c.add(ViolationLedger, k, "unreadable entry: %v", err)
			return nil
		case e.Seq != seq || e.Seq <= last:
			c.add(ViolationLedger, k, "entry says seq %d, stored as seq %d after seq %d: sequence numbers must strictly increase", e.Seq, seq, last)
		}
		last = max(last, e.Seq)
		switch e.Op {
		case OpCreate, OpConvert:
			c.created[e.ProfileID] = c.created[e.ProfileID] // present, not yet found alive
		case OpMerge:
			if e.FromProfileID == 0 {
				c.add(ViolationLedger, k, "merge entry into profile %d names no source profile", e.ProfileID)
			}
			c.gone[e.FromProfileID] = fmt.Sprintf("merged into profile %d (%s)", e.ProfileID, k)
		case OpDelete:
			c.gone[e.ProfileID] = "forgotten (" + k + ")"
		default:
			c.add(ViolationLedger, k, "unknown operation %q", e.Op)
		}
		return nil
	})
}

func (c *checker) devices() error {
	return c.walk(storage.SpaceDevice, false, func(key, val []byte) error {
		c.res.Devices++
		id, err := storage.DeviceIDFromKey(key)
		var rec deviceRecord
		k := "device " + id
		if err := decode(err, val, &rec); err != nil {
			c.add(ViolationDevice, k, "unreadable device record: %v", err)
			return nil
		}
		for _, ref := range rec.Consents {
			c.refs++
			if !c.has(ref.key()) {
				c.add(ViolationConsent, k, "lists the consent entry of %s (seq %d), which does not exist", ref.At.Format(time.RFC3339Nano), ref.Seq)
			}
		}
		st := rec.State
		switch {
		case st == nil || st.Mode != device.Unknown:
			return nil
		case st.ID != id:
			c.add(ViolationDevice, k, "its saved state belongs to device %q", st.ID)
		case st.Who.UserID == "":
			c.add(ViolationDevice, k, "is an unknown user without a userId")
			return nil
		}
		ids, err := idsByUserID(c.txn, st.Who.UserID)
		if err != nil || slices.ContainsFunc(ids, func(pid uint64) bool { return c.has(storage.ProfileKey(pid)) }) {
			return err
		}
		c.lost[st.Who.UserID] = &lostDevice{device: id}
		return nil
	})
}

func (c *checker) profiles() error {
	return c.walk(storage.SpaceProfile, false, func(key, val []byte) error {
		id, err := storage.ProfileIDFromKey(key)
		k := fmt.Sprintf("profile %d", id)
		var sp storedProfile
		if err := decode(err, val, &sp); err != nil {
			c.add(ViolationProfile, k, "unreadable record: %v", err)
			return nil
		}
		c.res.Profiles++
		c.aud.add(sp.facets(), 1)
		switch sp.Kind {
		case KindUnknown:
			c.res.Unknown++
		case KindKnown:
			c.res.Known++
		default:
			c.add(ViolationProfile, k, "unknown kind %q", sp.Kind)
		}
		if sp.ID != id {
			c.add(ViolationProfile, k, "the record says it is profile %d", sp.ID)
		}
		c.identifiers(k, &sp)
		c.profileIndexes(k, id, &sp)
		c.profileLedger(k, id, &sp)
		if l := c.lost[sp.ConvertedFrom]; l != nil {
			l.into = "converted into " + k
		}
		for _, u := range sp.MergedFrom {
			if l := c.lost[u]; l != nil {
				l.into = "merged into " + k
			}
		}
		return c.profileEvents(k, id, sp.EventCount)
	})
}

// identifiers checks what the project type requires of a profile's
// identifiers, and the placeholder rules.
func (c *checker) identifiers(k string, sp *storedProfile) {
	switch {
	case c.s.Type == TypeEmail && sp.Email == "":
		c.add(ViolationProfile, k, "has no email in an email-based project")
	case c.s.Type == TypeUserID && sp.UserID == "":
		c.add(ViolationProfile, k, "has no userId in a userId-based project")
	case sp.Email == "" && sp.UserID == "":
		c.add(ViolationProfile, k, "has neither an email nor a userId")
	case sp.Kind == KindUnknown && sp.UserID == "":
		c.add(ViolationProfile, k, "is an unknown profile without a userId")
	}
	ph := isPlaceholder(sp.Email)
	switch {
	case ph && c.s.Type != TypeEmail:
		c.add(ViolationPlaceholder, k, "has the placeholder email %q in a %s project; placeholders exist only in email-based projects", sp.Email, c.s.Type)
	case ph != sp.Placeholder:
		c.add(ViolationPlaceholder, k, "email %q and placeholder flag %t disagree", sp.Email, sp.Placeholder)
	case ph && sp.Email != placeholderEmail(c.s.ProjectID, sp.UserID):
		c.add(ViolationPlaceholder, k, "placeholder email %q is not the one generated for its userId %q (%s)", sp.Email, sp.UserID, placeholderEmail(c.s.ProjectID, sp.UserID))
	case c.s.Type == TypeEmail && sp.Kind == KindUnknown && !ph:
		c.add(ViolationPlaceholder, k, "is an unknown profile with the real email %q; unknown profiles have a placeholder", sp.Email)
	}
}

// profileIndexes checks that a profile has each of its index entries.
func (c *checker) profileIndexes(k string, id uint64, sp *storedProfile) {
	if sp.Email != "" && !c.has(storage.EmailIndexKey(sp.Email, id)) {
		c.add(ViolationIndex, k, "its email %q has no index entry: lookups by email miss it", sp.Email)
	}
	if sp.UserID != "" && !c.has(storage.UserIDIndexKey(sp.UserID, id)) {
		c.add(ViolationIndex, k, "its userId %q has no index entry: lookups by userId miss it", sp.UserID)
	}
	if !c.has(storage.CreatedIndexKey(sp.CreatedAt, id)) {
		c.add(ViolationIndex, k, "has no created-time index entry for %s: listings miss it", sp.CreatedAt.Format(time.RFC3339Nano))
	}
}

// profileLedger checks the identity ledger's account of a profile.
func (c *checker) profileLedger(k string, id uint64, sp *storedProfile) {
	if _, ok := c.created[id]; ok {
		c.created[id] = true
	} else {
		c.add(ViolationLedger, k, "has no create or convert entry in the identity ledger")
	}
	if how, ok := c.gone[id]; ok {
		c.add(ViolationLedger, k, "still exists, but the identity ledger says it was %s: a merge or forget was half done", how)
	}
	for _, seq := range sp.Ledger {
		if !c.has(storage.IdentityKey(seq)) {
			c.add(ViolationLedger, k, "lists identity entry %d, which does not exist", seq)
		}
	}
}

// profileEvents compares a profile's event count with its events, and its
// events with its event-id entries: when their counts or pair hashes
// differ, eventDetail finds out which.
func (c *checker) profileEvents(k string, id uint64, claimed int) error {
	sum := c.sums[id]
	switch {
	case sum.events < claimed:
		c.add(ViolationEvent, k, "counts %d events but holds %d (an interrupted forget leaves this: forget it again)", claimed, sum.events)
	case sum.events > claimed:
		c.add(ViolationEvent, k, "counts %d events but holds %d", claimed, sum.events)
	}
	if sum.events == sum.ids && sum.evHash == sum.idHash {
		return nil
	}
	if sum.ids != sum.events {
		c.add(ViolationEvent, k, "holds %d events but %d event-id entries", sum.events, sum.ids)
	}
	return c.eventDetail(id)
}

// eventDetail checks one profile's events and event-id entries one by one.
func (c *checker) eventDetail(pid uint64) error {
	err := c.txn.Iterate(storage.EventPrefix(pid), storage.IterOptions{}, func(key, val []byte) error {
		_, _, seq, _ := storage.ParseEventKey(key)
		ev, err := readEventHead(val)
		if err != nil {
			return nil // reported by the events pass
		}
		k := fmt.Sprintf("event %d/%d", pid, seq)
		switch target, err := c.txn.Get(storage.EventIDKey(pid, ev.ID)); {
		case errors.Is(err, storage.ErrNotFound):
			c.add(ViolationEvent, k, "event id %q has no event-id entry: a replay would store it again", ev.ID)
		case err != nil:
			return err
		case len(target) > 0 && !bytes.Equal(target, key):
			c.add(ViolationEvent, k, "event id %q is indexed to another event: the profile holds the id twice", ev.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.txn.Iterate(storage.EventIDPrefix(pid), storage.IterOptions{}, func(key, val []byte) error {
		if _, eid, err := storage.ParseEventIDKey(key); err == nil && len(val) > 0 && (!bytes.HasPrefix(val, storage.EventPrefix(pid)) || !c.has(val)) {
			c.add(ViolationEvent, fmt.Sprintf("eventID %d/%s", pid, eid), "points to an event the profile does not hold")
		}
		return nil
	})
}
