package engine

import (
	"errors"
	"fmt"
	"slices"

	"limen/engine/device"
	"limen/storage"
)

// Outcomes of PreviewIdentify: what IdentifyProfile would do.
const (
	// PreviewConvert: no other profile has the identity; the unknown
	// profile becomes known in place and keeps its id.
	PreviewConvert = "convert"
	// PreviewMerge: a known profile has the identity; the unknown profile
	// is merged into it (the destination wins shared fields) and deleted.
	PreviewMerge = "merge"
	// PreviewExisting: the profile is known and already has the identity;
	// nothing changes.
	PreviewExisting = "existing"
	// PreviewInvalid: the identity cannot be used (Problem says why);
	// IdentifyProfile would refuse it.
	PreviewInvalid = "invalid"
)

// IdentifyPreview says what IdentifyProfile would do, computed without
// writing anything.
type IdentifyPreview struct {
	Outcome string `json:"outcome"`
	// Profile is the profile to identify, as it is now.
	Profile Profile `json:"profile"`
	// To is the identity, normalised (emails trimmed and lower-cased).
	To device.Identity `json:"to"`
	// Destination is the known profile a merge goes into (PreviewMerge),
	// or the profile itself (PreviewExisting).
	Destination Profile `json:"destination,omitzero"`
	// Merge figures, exactly as IdentifyProfile would report them unless
	// the profiles change meanwhile: source fields the destination already
	// has (its value kept), source fields copied, source events moved
	// (events whose id the destination already has are dropped).
	FieldsKept   int `json:"fieldsKept,omitempty"`
	FieldsCopied int `json:"fieldsCopied,omitempty"`
	EventsMoved  int `json:"eventsMoved,omitempty"`
	// Problem says why the identity cannot be used (PreviewInvalid).
	Problem string `json:"problem,omitempty"`
}

// PreviewIdentify says what IdentifyProfile(profileID, to) would do, in a
// read-only transaction: convert the unknown profile, merge it into the
// known profile that has the identity (with the merge figures), nothing
// (a known profile already so identified), or refuse (an invalid
// identifier, an identity naming two profiles or an unknown profile, a
// known profile given another identity). Refusals are PreviewInvalid with
// a Problem, not errors; a missing profile is ErrNotFound.
func (p *Project) PreviewIdentify(profileID uint64, to device.Identity) (IdentifyPreview, error) {
	var pv IdentifyPreview
	s := p.Settings()
	err := p.db.View(func(txn *storage.Txn) error {
		src, err := loadProfile(txn, profileID)
		if err != nil {
			return err
		}
		pv = IdentifyPreview{Profile: cloneProfile(src.Profile), To: to}
		who, err := checkIdentity(s, to)
		if err != nil {
			return refusal(&pv, err)
		}
		pv.To = who
		// A writeTxn over a read-only transaction: planIdentify only reads.
		w := &writeTxn{p: p, txn: txn, s: s}
		dst, outcome, err := w.planIdentify(src, who)
		if err != nil {
			return refusal(&pv, err)
		}
		pv.Outcome = outcome
		if dst != nil {
			pv.Destination = cloneProfile(dst.Profile)
		}
		if outcome != PreviewMerge {
			return nil
		}
		for k := range src.DataFields {
			if _, has := dst.DataFields[k]; has {
				pv.FieldsKept++
			} else {
				pv.FieldsCopied++
			}
		}
		pv.EventsMoved, err = eventsToMove(txn, src.ID, dst.ID)
		return err
	})
	return pv, err
}

// refusal turns an input problem into a PreviewInvalid answer; other
// errors stay errors.
func refusal(pv *IdentifyPreview, err error) error {
	if errors.Is(err, ErrInvalid) || errors.Is(err, ErrExists) {
		pv.Outcome, pv.Problem = PreviewInvalid, err.Error()
		return nil
	}
	return err
}

// eventsToMove counts the events of src whose id dst does not have: the
// events moveEvents would move.
func eventsToMove(txn *storage.Txn, src, dst uint64) (int, error) {
	n := 0
	err := txn.Iterate(storage.EventIDPrefix(src), storage.IterOptions{KeysOnly: true}, func(key, _ []byte) error {
		_, id, err := storage.ParseEventIDKey(key)
		if err != nil {
			return err
		}
		has, err := txn.Has(storage.EventIDKey(dst, id))
		if err == nil && !has {
			n++
		}
		return err
	})
	return n, err
}

// IdentifyProfile identifies a profile from the console, as a device's
// identify with merge on would (Backend.Identify for an unknown user), in
// one transaction: an unknown profile is converted in place when no other
// profile has the identity (OutcomeConverted), or merged into the known
// profile that has it and deleted (OutcomeMerged), through the same
// convert and merge as Identify, ledger entries and happenings included.
// No device is involved: the ledger entry has no device id, nothing is
// replayed and no consent is attached.
//
// It refuses (ErrInvalid) what PreviewIdentify calls PreviewInvalid: an
// identity naming another unknown profile (an unknown profile is only ever
// merged into a known one), and a known profile given an identity it does
// not already have: re-identifying known people is not the console's
// business. A known profile given its own identity is OutcomeExisting and
// nothing changes.
func (p *Project) IdentifyProfile(profileID uint64, to device.Identity) (device.IdentifyResult, error) {
	who, err := checkIdentity(p.Settings(), to)
	if err != nil {
		return device.IdentifyResult{}, err
	}
	p.identMu.Lock()
	defer p.identMu.Unlock()
	var res device.IdentifyResult
	err = p.update(func(w *writeTxn) error {
		res = device.IdentifyResult{}
		src, err := loadProfile(w.txn, profileID)
		if err != nil {
			return err
		}
		dst, outcome, err := w.planIdentify(src, who)
		if err != nil {
			return err
		}
		req := device.IdentifyRequest{At: w.at, To: who, From: src.identity(), FromUnknown: src.Kind == KindUnknown, Merge: true}
		switch outcome {
		case PreviewConvert:
			return w.convert(req, src, who, &res)
		case PreviewMerge:
			return w.merge(req, src, dst, &res)
		}
		res.Outcome, res.Known = device.OutcomeExisting, src.identity()
		return nil
	})
	return res, err
}

// planIdentify decides what identifying src as the checked identity who
// does: PreviewConvert, PreviewMerge (into dst) or PreviewExisting (dst is
// src); refusals are errors (ErrInvalid). It only reads.
func (w *writeTxn) planIdentify(src *storedProfile, who device.Identity) (*storedProfile, string, error) {
	dst, err := w.resolve(who)
	if err != nil {
		return nil, "", err
	}
	if src.Kind == KindKnown {
		if dst != nil && dst.ID == src.ID && hasIdentity(src, who) {
			return src, PreviewExisting, nil
		}
		return nil, "", invalid("profile", fmt.Sprint(src.ID),
			"is already known as %s; only unknown profiles can be identified here", identityName(src.identity()))
	}
	switch {
	case dst == nil || dst.ID == src.ID:
		return nil, PreviewConvert, nil
	case dst.Kind == KindUnknown:
		return nil, "", invalid("identity", identityName(who),
			"belongs to unknown profile %d; an unknown profile can only be merged into a known one", dst.ID)
	}
	return dst, PreviewMerge, nil
}

// hasIdentity reports whether sp already has every identifier of who.
func hasIdentity(sp *storedProfile, who device.Identity) bool {
	return (who.Email == "" || who.Email == sp.Email) && (who.UserID == "" || who.UserID == sp.UserID)
}

// identityName names an identity in plain words: its email and userId.
func identityName(who device.Identity) string {
	switch {
	case who.Email != "" && who.UserID != "":
		return who.Email + " (userId " + who.UserID + ")"
	case who.Email != "":
		return who.Email
	}
	return "userId " + who.UserID
}

// UnknownSessionEvents returns a profile's unknownSession events, oldest
// first: the one recorded when it was created as an unknown user, and one
// per unknown profile merged into it. They are found through the event-id
// index, without reading the profile's other events.
func (p *Project) UnknownSessionEvents(profileID uint64) ([]StoredEvent, error) {
	var out []StoredEvent
	prefix := storage.AppendStringPrefix(storage.EventIDPrefix(profileID), EventUnknownSession+":")
	err := p.db.View(func(txn *storage.Txn) error {
		if _, err := loadProfile(txn, profileID); err != nil {
			return err
		}
		return txn.Iterate(prefix, storage.IterOptions{}, func(_, eventKey []byte) error {
			var ev StoredEvent
			if err := getJSON(txn, eventKey, &ev); err != nil {
				if errors.Is(err, storage.ErrNotFound) {
					return nil
				}
				return err
			}
			out = append(out, ev)
			return nil
		})
	})
	slices.SortStableFunc(out, func(a, b StoredEvent) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out, err
}
