package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"limen/engine/criteria"
	"limen/engine/device"
	"limen/storage"
)

// FetchCriteria returns the published criteria (GET /unknownuser/list).
func (p *Project) FetchCriteria(ctx context.Context) (device.Criteria, error) {
	if err := ctx.Err(); err != nil {
		return device.Criteria{}, err
	}
	return p.PublishedCriteria(), nil
}

// CreateUnknownUser creates the unknown profile of a visitor whose local
// data matched a criteria set, in one transaction: the profile (with a
// placeholder email in email-based projects), its unknownSession event, the
// replayed local events and profile update, the device's consent, and the
// ledger "create" entry. One transaction is enough: a device holds at most
// EventLimit events (100 by default, MaxEventLimit at most), a few hundred
// KB at typical sizes, well below the ~4.8 MB one transaction takes with
// storage's 32 MB memtables. Should a device send more than that, the
// request fails with storage.ErrTxnTooBig and writes nothing.
//
// A repeated request (same userId, same device) stores only the events it
// has not stored yet and returns the same result; it is recognised before
// the criteria version is checked, so a device can complete an activation
// that committed even after the criteria moved on. Otherwise a request
// made against a criteria version that is no longer published fails with
// device.ErrOutdatedCriteria and writes nothing.
func (p *Project) CreateUnknownUser(ctx context.Context, req device.UnknownUserRequest) (device.UnknownUserResult, error) {
	if err := ctx.Err(); err != nil {
		return device.UnknownUserResult{}, err
	}
	if err := validateUUID("userId", req.UserID); err != nil {
		return device.UnknownUserResult{}, err
	}
	if req.DeviceID == "" {
		return device.UnknownUserResult{}, invalid("deviceId", "", "is empty")
	}
	p.identMu.Lock()
	defer p.identMu.Unlock()
	var res device.UnknownUserResult
	err := p.update(func(w *writeTxn) error {
		res = device.UnknownUserResult{UserID: req.UserID}
		ids, err := idsByUserID(w.txn, req.UserID)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			return w.repeatUnknownUser(req, ids, &res)
		}
		if err := w.checkCriteria(req.CriteriaVersion, req.CriteriaID); err != nil {
			return err
		}
		sp, err := w.newProfile(KindUnknown)
		if err != nil {
			return err
		}
		sp.UserID, sp.MatchedCriteriaID, sp.CreatedBy = req.UserID, req.CriteriaID, req.DeviceID
		if w.s.Type == TypeEmail {
			sp.Email, sp.Placeholder = placeholderEmail(w.s.ProjectID, req.UserID), true
			res.Email = sp.Email
		}
		if err := w.insertProfile(sp); err != nil {
			return err
		}
		if _, err := w.storeEvent(sp, unknownSessionEvent(req, w.at)); err != nil {
			return err
		}
		if res.Replayed, err = w.storeDeviceEvents(sp, req.Events, req.DeviceID); err != nil {
			return err
		}
		applyUpdate(sp, req.ProfileUpdate, req.ProfileUpdateAt, w.at)
		if err := w.attachDevice(req.DeviceID, sp); err != nil {
			return err
		}
		if err := w.ledger(sp, &LedgerEntry{Op: OpCreate, DeviceID: req.DeviceID}); err != nil {
			return err
		}
		w.happen(HappeningCreated, sp.ID, sp.UserID, "unknown profile created by criteria "+req.CriteriaID)
		return writeProfile(w.txn, sp)
	})
	return res, err
}

// repeatUnknownUser completes a repeated creation request: only the events
// not stored yet are stored.
func (w *writeTxn) repeatUnknownUser(req device.UnknownUserRequest, ids []uint64, res *device.UnknownUserResult) error {
	sp, err := loadProfile(w.txn, ids[0])
	if err != nil {
		return err
	}
	if len(ids) > 1 || sp.CreatedBy != req.DeviceID {
		return fmt.Errorf("%w: userId %q already belongs to profile %d, not created by device %q", ErrExists, req.UserID, sp.ID, req.DeviceID)
	}
	if sp.Placeholder {
		res.Email = sp.Email
	}
	if res.Replayed, err = w.storeDeviceEvents(sp, req.Events, req.DeviceID); err != nil || res.Replayed == 0 {
		return err
	}
	sp.UpdatedAt = w.at
	return writeProfile(w.txn, sp)
}

// checkCriteria refuses a match made against a criteria version that is not
// the published one (device.ErrOutdatedCriteria), or naming a set that the
// published version does not contain.
func (w *writeTxn) checkCriteria(version uint64, criteriaID string) error {
	cur, err := publishedVersion(w.txn)
	if err != nil {
		return err
	}
	if version != cur {
		return fmt.Errorf("%w: the device matched version %d, version %d is published", device.ErrOutdatedCriteria, version, cur)
	}
	c := w.p.PublishedCriteria()
	if c.Version != cur { // a publication committed but not cached yet
		js, err := w.txn.Get(storage.CriteriaKey(cur))
		if err != nil {
			return err
		}
		if c.Compiled, err = criteria.CompileJSON(js); err != nil {
			return err
		}
	}
	if !slices.Contains(c.Compiled.IDs(), criteriaID) {
		return invalid("criteriaId", criteriaID, "is not a criteria set of the published version %d", cur)
	}
	return nil
}

// unknownSessionEvent is the event recording an unknown profile's creation
// (SPEC.md §12.5): the session context the device sent, isUnknownUser true.
// Its id derives from the userId, so a repeat stores it once.
func unknownSessionEvent(req device.UnknownUserRequest, now time.Time) StoredEvent {
	at := req.At
	if at.IsZero() {
		at = now
	}
	fields := map[string]any{
		"totalUnknownSessionCount": req.Sessions.Count,
		"matchedCriteriaId":        req.CriteriaID,
		"criteriaVersion":          req.CriteriaVersion,
		"deviceId":                 req.DeviceID,
		"platform":                 req.Platform,
	}
	if !req.Sessions.First.IsZero() {
		fields["firstUnknownSession"] = req.Sessions.First.Unix()
	}
	if !req.Sessions.Last.IsZero() {
		fields["lastUnknownSession"] = req.Sessions.Last.Unix()
	}
	if req.PushOptIn {
		fields["mobilePushOptIn"] = true
	}
	yes := true
	return StoredEvent{
		ID: "unknownSession:" + req.UserID, Type: EventUnknownSession, CreatedAt: at.UTC(),
		DataFields: fields, IsUnknownUser: &yes, DeviceID: req.DeviceID,
	}
}

// Track stores events on the profile who names (userId first, then email),
// idempotently by event id, and credits its new purchases to the campaign
// clicked last within its attribution window.
func (p *Project) Track(ctx context.Context, who device.Identity, events []device.Event) (device.Tracked, error) {
	if err := ctx.Err(); err != nil {
		return device.Tracked{}, err
	}
	unlock := p.lockProfileWrites(who)
	defer unlock()
	var out device.Tracked
	err := p.update(func(w *writeTxn) error {
		out = device.Tracked{}
		sp, err := w.findByIdentity(who)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("%w: %w", device.ErrIdentityGone, err)
		}
		if err != nil {
			return err
		}
		n, err := w.storeDeviceEvents(sp, events, "")
		if err != nil || n == 0 {
			return err
		}
		if out.Credited, err = w.attribute(sp); err != nil {
			return err
		}
		sp.UpdatedAt = w.at
		return writeProfile(w.txn, sp)
	})
	return out, err
}

// UpdateUser deep-merges fields into the data fields of the profile who
// names: objects merge recursively, anything else replaces.
func (p *Project) UpdateUser(ctx context.Context, who device.Identity, fields map[string]any, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	unlock := p.lockProfileWrites(who)
	defer unlock()
	return p.update(func(w *writeTxn) error {
		sp, err := w.findByIdentity(who)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("%w: %w", device.ErrIdentityGone, err)
		}
		if err != nil {
			return err
		}
		applyUpdate(sp, fields, at, w.at)
		sp.UpdatedAt = w.at
		return writeProfile(w.txn, sp)
	})
}

// lockProfileWrites serialises writes to who's profile: it finds the
// profile's id through the indexes and takes that id's stripe. Identify takes
// the stripe of the profile it merges into as well, so a hot profile's
// writers queue here instead of conflicting in Badger until the retries run
// out. An identity that names no profile locks nothing (the write then
// fails with its own clear error).
func (p *Project) lockProfileWrites(who device.Identity) func() {
	var id uint64
	if err := p.db.View(func(txn *storage.Txn) error {
		var err error
		id, err = profileIDByIdentity(txn, who)
		return err
	}); err != nil {
		return func() {}
	}
	mu := &p.profileMu[id%uint64(len(p.profileMu))]
	mu.Lock()
	return mu.Unlock
}
