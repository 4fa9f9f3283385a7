package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"limen/engine/device"
	"limen/storage"
)

// Identify moves a device's person to a known identity (SPEC.md §10,
// §12.2), in one transaction:
//
//   - visitor → known, or known → another known: the known profile named
//     by req.To is found or created (OutcomeExisting, OutcomeCreated); with
//     Replay the local events are stored on it (idempotently) and the
//     profile update deep-merged.
//   - unknown → known with Merge false: the unknown profile is left as it
//     is (OutcomeAbandoned) and the known profile is found or created.
//   - unknown → known with Merge true: when no other profile has the
//     target identifier the unknown profile is converted in place
//     (OutcomeConverted); otherwise it is merged into that profile and
//     deleted (OutcomeMerged).
//
// In every case the device's unlinked consent records are attached to the
// known profile. An invalid target identifier, or one naming two different
// profiles, is an error and nothing changes.
func (p *Project) Identify(ctx context.Context, req device.IdentifyRequest) (device.IdentifyResult, error) {
	if err := ctx.Err(); err != nil {
		return device.IdentifyResult{}, err
	}
	to, err := checkIdentity(p.Settings(), req.To)
	if err != nil {
		return device.IdentifyResult{}, err
	}
	if req.FromUnknown && req.From.UserID == "" {
		return device.IdentifyResult{}, invalid("from.userId", "", "is required to identify an unknown user")
	}
	p.identMu.Lock()
	defer p.identMu.Unlock()
	// The known profile this may write to (a merge destination, or an
	// existing profile getting replayed data) is also a target of Track.
	unlock := p.lockProfileWrites(to)
	defer unlock()
	var res device.IdentifyResult
	err = p.update(func(w *writeTxn) error {
		res = device.IdentifyResult{}
		if req.FromUnknown {
			return w.identifyUnknown(req, to, &res)
		}
		_, err := w.identifyKnown(req, to, &res)
		return err
	})
	return res, err
}

// identifyKnown finds or creates the known profile, replays local data onto
// it when asked, attaches the device and writes the profile.
func (w *writeTxn) identifyKnown(req device.IdentifyRequest, to device.Identity, res *device.IdentifyResult) (*storedProfile, error) {
	sp, err := w.resolve(to)
	if err != nil {
		return nil, err
	}
	if sp == nil {
		if sp, err = w.createKnown(to, req.DeviceID); err != nil {
			return nil, err
		}
		res.Outcome = device.OutcomeCreated
	} else {
		if err := w.fillIdentifiers(sp, to); err != nil {
			return nil, err
		}
		res.Outcome = device.OutcomeExisting
	}
	return sp, w.finishKnown(req, sp, res)
}

// finishKnown replays (when asked), attaches the device, writes sp and
// fills the result's identity.
func (w *writeTxn) finishKnown(req device.IdentifyRequest, sp *storedProfile, res *device.IdentifyResult) error {
	if req.Replay {
		n, err := w.storeDeviceEvents(sp, req.Events, req.DeviceID)
		if err != nil {
			return err
		}
		res.Replayed = n
		applyUpdate(sp, req.ProfileUpdate, req.ProfileUpdateAt, w.at)
	}
	if err := w.attachDevice(req.DeviceID, sp); err != nil {
		return err
	}
	sp.UpdatedAt = w.at
	res.Known = sp.identity()
	return writeProfile(w.txn, sp)
}

// identifyUnknown handles unknown → known.
func (w *writeTxn) identifyUnknown(req device.IdentifyRequest, to device.Identity, res *device.IdentifyResult) error {
	src, err := w.findUnknown(req.From.UserID)
	if errors.Is(err, ErrNotFound) {
		return w.repeatedMerge(req, to, res, err)
	}
	if err != nil {
		return err
	}
	if src.Kind == KindKnown || !req.Merge {
		// Already converted (a repeated request), or merge off: the unknown
		// profile stays as it is.
		dst, err := w.identifyKnown(req, to, res)
		switch {
		case err != nil:
			return err
		case dst.ID == src.ID && src.Kind == KindKnown:
			res.Outcome = device.OutcomeConverted
		case req.Merge:
		default:
			res.Outcome = device.OutcomeAbandoned
		}
		return nil
	}
	dst, err := w.resolve(to)
	if err != nil {
		return err
	}
	if dst == nil || dst.ID == src.ID {
		return w.convert(req, src, to, res)
	}
	return w.merge(req, src, dst, res)
}

// repeatedMerge answers a request whose unknown userId no longer names a
// profile: when the target merged it (MergedFrom) or was converted from it,
// the request repeats a committed one and is answered as such; otherwise
// notFoundErr.
func (w *writeTxn) repeatedMerge(req device.IdentifyRequest, to device.Identity, res *device.IdentifyResult, notFoundErr error) error {
	dst, err := w.resolve(to)
	switch {
	case err != nil:
		return err
	case dst == nil:
		return notFoundErr
	case dst.ConvertedFrom == req.From.UserID:
		res.Outcome = device.OutcomeConverted
	case slices.Contains(dst.MergedFrom, req.From.UserID):
		res.Outcome, res.MergedFromUserID = device.OutcomeMerged, req.From.UserID
	default:
		return notFoundErr
	}
	return w.finishKnown(req, dst, res)
}

// findUnknown finds the profile of an unknown userId, preferring an
// unknown profile when (in an email-based project) several share it.
func (w *writeTxn) findUnknown(userID string) (*storedProfile, error) {
	ids, err := idsByUserID(w.txn, userID)
	if err != nil {
		return nil, err
	}
	var first *storedProfile
	for _, id := range ids {
		sp, err := loadProfile(w.txn, id)
		if err != nil {
			return nil, err
		}
		if sp.Kind == KindUnknown {
			return sp, nil
		}
		if first == nil {
			first = sp
		}
	}
	if first == nil {
		return nil, notFound("no unknown profile with userId %q", userID)
	}
	return first, nil
}

// convert gives the unknown profile the target identifiers and makes it
// known (SPEC §12.2 "destination absent").
func (w *writeTxn) convert(req device.IdentifyRequest, sp *storedProfile, to device.Identity, res *device.IdentifyResult) error {
	before := cloneProfile(sp.Profile)
	if err := unindexIdentifiers(w.txn, sp); err != nil {
		return err
	}
	if to.Email != "" {
		sp.Email, sp.Placeholder = to.Email, false
	}
	if to.UserID != "" {
		sp.UserID = to.UserID
		if sp.Placeholder { // email-based project, identified by userId only
			sp.Email = placeholderEmail(w.s.ProjectID, to.UserID)
		}
	}
	sp.Kind = KindKnown
	if sp.UserID != before.UserID {
		sp.ConvertedFrom = before.UserID
	}
	if err := w.checkFree(sp); err != nil {
		return err
	}
	if err := indexIdentifiers(w.txn, sp); err != nil {
		return err
	}
	if err := w.countProfile(KindUnknown, -1); err != nil {
		return err
	}
	if err := w.countProfile(KindKnown, 1); err != nil {
		return err
	}
	if err := w.ledger(sp, &LedgerEntry{Op: OpConvert, DeviceID: req.DeviceID, Before: []Profile{before}}); err != nil {
		return err
	}
	w.happen(HappeningConverted, sp.ID, sp.UserID, "unknown profile "+before.UserID+" converted to known")
	res.Outcome = device.OutcomeConverted
	return w.finishKnown(req, sp, res)
}

// merge merges the unknown profile src into the existing profile dst and
// deletes src (SPEC §12.2 "destination present"): dst wins every data
// field both have (nested objects are not combined), fields only on src
// are copied, src's events move to dst (ids dst already has are dropped),
// devices, merged userIds, consent and ledger history follow. Only src's
// events are read: dst may hold any number of events. It is one
// transaction: a source holding more events than a transaction takes (tens
// of thousands tracked after its creation) fails with storage.ErrTxnTooBig
// and nothing changes.
func (w *writeTxn) merge(req device.IdentifyRequest, src, dst *storedProfile, res *device.IdentifyResult) error {
	before := []Profile{cloneProfile(src.Profile), cloneProfile(dst.Profile)}
	for k, v := range src.DataFields {
		if _, has := dst.DataFields[k]; has {
			res.FieldsKept++
		} else {
			dst.DataFields[k] = v
			res.FieldsCopied++
		}
	}
	moved, err := w.moveEvents(src, dst)
	if err != nil {
		return err
	}
	res.EventsMoved = moved
	if err := w.moveMessages(src, dst); err != nil {
		return err
	}
	for _, d := range src.Devices {
		if !slices.Contains(dst.Devices, d) {
			dst.Devices = append(dst.Devices, d)
		}
	}
	for _, u := range append(slices.Clone(src.MergedFrom), src.UserID) {
		if u != "" && !slices.Contains(dst.MergedFrom, u) {
			dst.MergedFrom = append(dst.MergedFrom, u)
		}
	}
	if dst.MatchedCriteriaID == "" {
		dst.MatchedCriteriaID = src.MatchedCriteriaID
	}
	dst.Ledger = append(dst.Ledger, src.Ledger...)
	if _, err := w.relinkConsent(src.Devices, src.ID, dst.ID); err != nil {
		return err
	}
	if err := w.deleteProfileRecord(src); err != nil {
		return err
	}
	err = w.ledger(dst, &LedgerEntry{
		Op: OpMerge, DeviceID: req.DeviceID, CriteriaID: src.MatchedCriteriaID,
		FromProfileID: src.ID, FromUserID: src.UserID, Before: before,
		EventsMoved: res.EventsMoved, FieldsKept: res.FieldsKept, FieldsCopied: res.FieldsCopied,
	})
	if err != nil {
		return err
	}
	w.happen(HappeningMerged, dst.ID, dst.UserID,
		fmt.Sprintf("unknown profile %s merged: %d events moved, %d fields kept, %d copied", src.UserID, res.EventsMoved, res.FieldsKept, res.FieldsCopied))
	res.Outcome, res.MergedFromUserID = device.OutcomeMerged, src.UserID
	return w.finishKnown(req, dst, res)
}

// moveEvents re-keys every event of src under dst (with its id index
// entry); events whose id dst already has are dropped. The unknownSession
// event gets isUnknownUser false. Event seqs are unique across profiles,
// so moved events keep theirs. It returns how many moved.
func (w *writeTxn) moveEvents(src, dst *storedProfile) (int, error) {
	type stored struct {
		key []byte
		ev  StoredEvent
	}
	var all []stored
	err := w.txn.Iterate(storage.EventPrefix(src.ID), storage.IterOptions{}, func(key, val []byte) error {
		var ev StoredEvent
		if err := json.Unmarshal(val, &ev); err != nil {
			return err
		}
		all = append(all, stored{bytes.Clone(key), ev})
		return nil
	})
	if err != nil {
		return 0, err
	}
	moved := 0
	for _, s := range all {
		if err := w.txn.Delete(s.key); err != nil {
			return moved, err
		}
		if err := w.txn.Delete(storage.EventIDKey(src.ID, s.ev.ID)); err != nil {
			return moved, err
		}
		idKey := storage.EventIDKey(dst.ID, s.ev.ID)
		if has, err := w.txn.Has(idKey); err != nil || has {
			if err != nil {
				return moved, err
			}
			continue
		}
		_, _, seq, err := storage.ParseEventKey(s.key)
		if err != nil {
			return moved, err
		}
		ev := s.ev
		ev.ProfileID = dst.ID
		if ev.Type == EventUnknownSession {
			no := false
			ev.IsUnknownUser = &no
		}
		key := storage.EventKey(dst.ID, ev.CreatedAt, seq)
		if err := putJSON(w.txn, key, ev); err != nil {
			return moved, err
		}
		if err := w.txn.Set(idKey, key); err != nil {
			return moved, err
		}
		dst.EventCount++
		dst.LastActivity = laterOf(dst.LastActivity, ev.CreatedAt)
		moved++
	}
	return moved, nil
}

// deleteProfileRecord deletes a profile's record, its index entries, and
// counts it out. Its events are the caller's business.
func (w *writeTxn) deleteProfileRecord(sp *storedProfile) error {
	if err := unindexIdentifiers(w.txn, sp); err != nil {
		return err
	}
	if err := w.txn.Delete(storage.CreatedIndexKey(sp.CreatedAt, sp.ID)); err != nil {
		return err
	}
	if sp.loaded != nil { // a profile never written was never counted
		if err := recount(w.txn, sp.loaded, nil); err != nil {
			return err
		}
		sp.loaded = nil
	}
	if err := w.txn.Delete(storage.ProfileKey(sp.ID)); err != nil {
		return err
	}
	return w.countProfile(sp.Kind, -1)
}
