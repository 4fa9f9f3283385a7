package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"limen/engine/device"
	"limen/storage"
)

// Identity ledger operations.
const (
	OpCreate  = "create"
	OpConvert = "convert"
	OpMerge   = "merge"
	OpDelete  = "delete"
)

// LedgerEntry is one identity ledger entry: a profile created, an unknown
// profile converted or merged, a profile deleted (forgotten).
type LedgerEntry struct {
	Seq        uint64    `json:"seq"`
	Op         string    `json:"op"`
	At         time.Time `json:"at"`
	ProfileID  uint64    `json:"profileId"`
	UserID     string    `json:"userId,omitempty"`
	Email      string    `json:"email,omitempty"`
	Kind       string    `json:"kind,omitempty"`
	CriteriaID string    `json:"criteriaId,omitempty"`
	DeviceID   string    `json:"deviceId,omitempty"`
	// Merge source.
	FromProfileID uint64 `json:"fromProfileId,omitempty"`
	FromUserID    string `json:"fromUserId,omitempty"`
	// Before are the profiles as they were before a convert (one) or a
	// merge (source, then destination).
	Before       []Profile `json:"before,omitempty"`
	EventsMoved  int       `json:"eventsMoved,omitempty"`
	FieldsKept   int       `json:"fieldsKept,omitempty"`
	FieldsCopied int       `json:"fieldsCopied,omitempty"`
	// Redacted: the person was forgotten; personal data was removed.
	Redacted bool `json:"redacted,omitempty"`
}

// ledger appends e about sp (filling seq, time and sp's identity) and
// remembers the entry on sp for redaction.
func (w *writeTxn) ledger(sp *storedProfile, e *LedgerEntry) error {
	seq, err := w.p.db.NextID(seqIdentity)
	if err != nil {
		return err
	}
	e.Seq, e.At, e.ProfileID = seq, w.at, sp.ID
	e.UserID, e.Email, e.Kind = sp.UserID, sp.Email, sp.Kind
	if e.CriteriaID == "" {
		e.CriteriaID = sp.MatchedCriteriaID
	}
	sp.Ledger = append(sp.Ledger, seq)
	return putJSON(w.txn, storage.IdentityKey(seq), e)
}

// IdentityLedger returns up to limit entries with seq > after, oldest first.
func (p *Project) IdentityLedger(after uint64, limit int) ([]LedgerEntry, error) {
	var out []LedgerEntry
	opt := storage.IterOptions{Seek: storage.IdentityKey(after + 1), Limit: pageLimit(limit)}
	err := p.db.View(func(txn *storage.Txn) error {
		return txn.Iterate(storage.SpaceIdentity.Prefix(), opt, func(_, val []byte) error {
			var e LedgerEntry
			if err := json.Unmarshal(val, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// LedgerFor returns the identity ledger entries about a profile (including
// those of unknown profiles merged into it), oldest first.
func (p *Project) LedgerFor(profileID uint64) ([]LedgerEntry, error) {
	var out []LedgerEntry
	err := p.db.View(func(txn *storage.Txn) error {
		sp, err := loadProfile(txn, profileID)
		if err != nil {
			return err
		}
		seqs := slices.Clone(sp.Ledger)
		slices.Sort(seqs)
		for _, seq := range seqs {
			var e LedgerEntry
			if err := getJSON(txn, storage.IdentityKey(seq), &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// ConsentEntry is one consent ledger entry: a device's grant or revoke,
// linked to the profile the consent belongs to once there is one.
type ConsentEntry struct {
	Seq uint64 `json:"seq"`
	device.Consent
	// ProfileID is the profile the consent is attached to; 0 while the
	// device is a visitor, and again after the profile was forgotten.
	ProfileID uint64 `json:"profileId,omitempty"`
	// CarriedFrom is set on an entry that records a grant still in force
	// being relied on by another profile (the device logged out and became
	// someone again): the Seq of the original grant.
	CarriedFrom uint64 `json:"carriedFrom,omitempty"`
}

// deviceRecord is what the project keeps per device (storage.SpaceDevice):
// its local state as saved through the journal, and references to its
// consent ledger entries, which link consent to profiles without scanning
// the ledger.
type deviceRecord struct {
	State    *device.State `json:"state,omitempty"`
	Consents []consentRef  `json:"consents,omitempty"`
}

// consentRef is the key of a consent ledger entry.
type consentRef struct {
	At  time.Time `json:"at"`
	Seq uint64    `json:"seq"`
}

func (r consentRef) key() []byte { return storage.ConsentKey(r.At, r.Seq) }

func loadDeviceRecord(txn *storage.Txn, deviceID string) (deviceRecord, error) {
	var rec deviceRecord
	err := getJSON(txn, storage.DeviceKey(deviceID), &rec)
	if errors.Is(err, storage.ErrNotFound) {
		err = nil
	}
	return rec, err
}

// RecordConsent appends a grant or revoke to the consent ledger, linked to
// the profile c.Who names when there is one (unknown identities are
// recorded unlinked, not refused).
func (p *Project) RecordConsent(ctx context.Context, c device.Consent) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.DeviceID == "" {
		return invalid("consent.deviceId", "", "is empty")
	}
	return p.update(func(w *writeTxn) error {
		seq, err := w.p.db.NextID(seqConsent)
		if err != nil {
			return err
		}
		if c.At.IsZero() {
			c.At = w.at
		}
		c.At = c.At.UTC()
		entry := ConsentEntry{Seq: seq, Consent: c}
		if !c.Who.IsZero() {
			sp, err := w.findByIdentity(c.Who)
			switch {
			case err == nil:
				entry.ProfileID = sp.ID
				if !slices.Contains(sp.Devices, c.DeviceID) {
					sp.Devices = append(sp.Devices, c.DeviceID)
					if err := writeProfile(w.txn, sp); err != nil {
						return err
					}
				}
			case !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrInvalid):
				return err
			}
		}
		ref := consentRef{At: c.At, Seq: seq}
		if err := putJSON(w.txn, ref.key(), entry); err != nil {
			return err
		}
		rec, err := loadDeviceRecord(w.txn, c.DeviceID)
		if err != nil {
			return err
		}
		rec.Consents = append(rec.Consents, ref)
		return putJSON(w.txn, storage.DeviceKey(c.DeviceID), rec)
	})
}

// relinkConsent moves the consent entries of devices linked to profile
// from onto profile to (0 unlinks them, and then also drops the identity
// they name, which is personal data). It returns how many moved.
func (w *writeTxn) relinkConsent(devices []string, from, to uint64) (int, error) {
	n := 0
	for _, d := range devices {
		rec, err := loadDeviceRecord(w.txn, d)
		if err != nil {
			return n, err
		}
		for _, ref := range rec.Consents {
			var e ConsentEntry
			if err := getJSON(w.txn, ref.key(), &e); err != nil {
				return n, err
			}
			if e.ProfileID != from {
				continue
			}
			e.ProfileID = to
			if to == 0 {
				e.Who = device.Identity{}
			}
			if err := putJSON(w.txn, ref.key(), e); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// attachDevice links a device's unlinked consent entries to sp and lists
// the device on sp. The caller writes sp.
func (w *writeTxn) attachDevice(deviceID string, sp *storedProfile) error {
	if deviceID == "" {
		return nil
	}
	if !slices.Contains(sp.Devices, deviceID) {
		sp.Devices = append(sp.Devices, deviceID)
	}
	n, err := w.relinkConsent([]string{deviceID}, 0, sp.ID)
	if err != nil || n > 0 {
		return err
	}
	return w.carryConsent(deviceID, sp)
}

// carryConsent follows the person: when the consent in force on the device
// (its latest entry, a grant) is already attached to another profile — the
// device logged out and activated or identified again — a new entry attaches
// that grant to sp too, pointing back at the original.
func (w *writeTxn) carryConsent(deviceID string, sp *storedProfile) error {
	rec, err := loadDeviceRecord(w.txn, deviceID)
	if err != nil || len(rec.Consents) == 0 {
		return err
	}
	var last ConsentEntry
	if err := getJSON(w.txn, rec.Consents[len(rec.Consents)-1].key(), &last); err != nil {
		return err
	}
	if !last.Granted || last.ProfileID == sp.ID {
		return nil
	}
	seq, err := w.p.db.NextID(seqConsent)
	if err != nil {
		return err
	}
	carried := ConsentEntry{Seq: seq, Consent: last.Consent, ProfileID: sp.ID, CarriedFrom: last.Seq}
	carried.Who = sp.identity()
	ref := consentRef{At: w.at, Seq: seq}
	if err := putJSON(w.txn, ref.key(), carried); err != nil {
		return err
	}
	rec.Consents = append(rec.Consents, ref)
	return putJSON(w.txn, storage.DeviceKey(deviceID), rec)
}

// ConsentFor returns the consent entries attached to a profile, in ledger
// (time) order.
func (p *Project) ConsentFor(profileID uint64) ([]ConsentEntry, error) {
	type keyed struct {
		key []byte
		e   ConsentEntry
	}
	var found []keyed
	err := p.db.View(func(txn *storage.Txn) error {
		sp, err := loadProfile(txn, profileID)
		if err != nil {
			return err
		}
		for _, d := range sp.Devices {
			rec, err := loadDeviceRecord(txn, d)
			if err != nil {
				return err
			}
			for _, ref := range rec.Consents {
				var e ConsentEntry
				if err := getJSON(txn, ref.key(), &e); err != nil {
					return err
				}
				if e.ProfileID == profileID {
					found = append(found, keyed{ref.key(), e})
				}
			}
		}
		return nil
	})
	slices.SortFunc(found, func(a, b keyed) int { return bytes.Compare(a.key, b.key) })
	out := make([]ConsentEntry, len(found))
	for i, k := range found {
		out[i] = k.e
	}
	return out, err
}

// ConsentLedger pages through the whole consent ledger in time order.
func (p *Project) ConsentLedger(after Cursor, limit int) ([]ConsentEntry, Cursor, error) {
	start, err := cursorKey(after, storage.SpaceConsent)
	if err != nil {
		return nil, "", err
	}
	limit = pageLimit(limit)
	var out []ConsentEntry
	var next Cursor
	err = p.db.View(func(txn *storage.Txn) error {
		return txn.Iterate(storage.SpaceConsent.Prefix(), storage.IterOptions{Seek: start}, func(key, val []byte) error {
			if start != nil && bytes.Equal(key, start) {
				return nil
			}
			var e ConsentEntry
			if err := json.Unmarshal(val, &e); err != nil {
				return err
			}
			out = append(out, e)
			if len(out) == limit {
				next = keyCursor(key)
				return storage.ErrStop
			}
			return nil
		})
	})
	return out, next, err
}
