package engine

import (
	"errors"

	"limen/storage"
)

// forgetChunk is how many events one transaction of Forget deletes (two
// keys each), far below what a transaction takes.
const forgetChunk = 1000

// errMoreEvents tells Forget's last transaction found too many events left
// (tracked meanwhile) to delete them itself.
var errMoreEvents = errors.New("engine: more events to delete")

// ForgetResult counts what Forget removed or changed.
type ForgetResult struct {
	ProfileID uint64 `json:"profileId"`
	// Events deleted.
	Events int `json:"events"`
	// Messages deleted (campaign messages the person received).
	Messages int `json:"messages"`
	// Consents: consent entries that lost their link to the profile.
	Consents int `json:"consents"`
	// LedgerRedacted: earlier identity ledger entries whose personal data
	// was removed.
	LedgerRedacted int `json:"ledgerRedacted"`
}

// Forget deletes a profile and everything personal about it: its events
// (in chunks, first), then in one last transaction the profile and its
// indexes, the link (and identity) of its consent entries, and the
// personal data in earlier identity ledger entries about it (Redacted). A
// ledger "delete" entry without personal data records that it happened.
// Because the profile goes last, an interrupted Forget can simply be run
// again.
func (p *Project) Forget(profileID uint64) (ForgetResult, error) {
	res := ForgetResult{ProfileID: profileID}
	if err := p.db.View(func(txn *storage.Txn) error {
		_, err := loadProfile(txn, profileID)
		return err
	}); err != nil {
		return res, err
	}
	for {
		n, err := p.deleteEventChunk(profileID)
		res.Events += n
		if err != nil {
			return res, err
		}
		if n < forgetChunk {
			break
		}
	}
	p.identMu.Lock()
	defer p.identMu.Unlock()
	for {
		var last ForgetResult
		err := p.update(func(w *writeTxn) error {
			var err error
			last, err = w.forgetProfile(profileID)
			return err
		})
		if errors.Is(err, errMoreEvents) {
			n, err := p.deleteEventChunk(profileID)
			res.Events += n
			if err != nil {
				return res, err
			}
			continue
		}
		res.Events += last.Events
		res.Consents, res.LedgerRedacted, res.Messages = last.Consents, last.LedgerRedacted, last.Messages
		if err == nil {
			p.log.Info("profile forgotten", "profile", profileID, "events", res.Events)
		}
		return res, err
	}
}

// deleteEventChunk deletes up to forgetChunk events of a profile, with
// their id index entries, and returns how many.
func (p *Project) deleteEventChunk(profileID uint64) (int, error) {
	n := 0
	err := p.db.Update(func(txn *storage.Txn) error {
		var err error
		n, err = deleteEvents(txn, profileID, forgetChunk)
		return err
	})
	return n, err
}

// deleteEvents deletes up to limit events of a profile and as many id
// index entries, and returns how many events.
func deleteEvents(txn *storage.Txn, profileID uint64, limit int) (int, error) {
	events, err := keysUnder(txn, storage.EventPrefix(profileID), limit)
	if err != nil {
		return 0, err
	}
	ids, err := keysUnder(txn, storage.EventIDPrefix(profileID), limit)
	if err != nil {
		return 0, err
	}
	for _, k := range append(events, ids...) {
		if err := txn.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(events), nil
}

// keysUnder lists up to limit keys under prefix.
func keysUnder(txn *storage.Txn, prefix []byte, limit int) ([][]byte, error) {
	var keys [][]byte
	err := txn.Iterate(prefix, storage.IterOptions{KeysOnly: true, Limit: limit}, func(key, _ []byte) error {
		keys = append(keys, append([]byte(nil), key...))
		return nil
	})
	return keys, err
}

// forgetProfile is Forget's last transaction.
func (w *writeTxn) forgetProfile(profileID uint64) (ForgetResult, error) {
	res := ForgetResult{ProfileID: profileID}
	sp, err := loadProfile(w.txn, profileID)
	if err != nil {
		return res, err
	}
	// Events tracked while the chunks were deleted.
	n, err := deleteEvents(w.txn, profileID, forgetChunk+1)
	if err != nil {
		return res, err
	}
	if n > forgetChunk {
		return res, errMoreEvents
	}
	res.Events = n
	if res.Messages, err = w.deleteMessages(profileID); err != nil {
		return res, err
	}
	if err := w.deleteProfileRecord(sp); err != nil {
		return res, err
	}
	if res.Consents, err = w.relinkConsent(sp.Devices, sp.ID, 0); err != nil {
		return res, err
	}
	for _, seq := range sp.Ledger {
		var e LedgerEntry
		if err := getJSON(w.txn, storage.IdentityKey(seq), &e); err != nil {
			if errors.Is(err, storage.ErrNotFound) {
				continue
			}
			return res, err
		}
		redact(&e)
		if err := putJSON(w.txn, storage.IdentityKey(seq), e); err != nil {
			return res, err
		}
		res.LedgerRedacted++
	}
	// The delete entry names only the profile id and kind.
	anon := &storedProfile{Profile: Profile{ID: sp.ID, Kind: sp.Kind}}
	if err := w.ledger(anon, &LedgerEntry{Op: OpDelete}); err != nil {
		return res, err
	}
	w.happen(HappeningDeleted, sp.ID, "", "profile forgotten")
	return res, nil
}

// redact removes personal data from a ledger entry.
func redact(e *LedgerEntry) {
	e.UserID, e.Email, e.FromUserID, e.DeviceID = "", "", "", ""
	e.Before = nil
	e.Redacted = true
}
