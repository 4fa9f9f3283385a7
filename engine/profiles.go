package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"limen/engine/device"
	"limen/storage"
)

// Profile kinds.
const (
	KindUnknown = "unknown" // created by a criteria match; identified by a device-generated UUID
	KindKnown   = "known"   // identified with a real email and/or userId
)

// Profile is a person the project knows.
type Profile struct {
	ID     uint64 `json:"id"`
	UserID string `json:"userId,omitempty"`
	Email  string `json:"email,omitempty"`
	// Placeholder: Email is a generated @placeholder.email address.
	Placeholder       bool           `json:"placeholder,omitempty"`
	Kind              string         `json:"kind"`
	DataFields        map[string]any `json:"dataFields"`
	MatchedCriteriaID string         `json:"matchedCriteriaId,omitempty"`
	CreatedAt         time.Time      `json:"createdAt"`
	UpdatedAt         time.Time      `json:"updatedAt"`
	LastActivity      time.Time      `json:"lastActivity,omitzero"`
	EventCount        int            `json:"eventCount"`
	// Devices whose consent records are attached to the profile.
	Devices []string `json:"devices,omitempty"`
	// MergedFrom lists the userIds of unknown profiles merged into this one.
	MergedFrom []string `json:"mergedFrom,omitempty"`
}

// storedProfile is a profile as stored: the Profile plus bookkeeping that
// is not part of the public record.
type storedProfile struct {
	Profile
	// CreatedBy is the device that created an unknown profile, so that a
	// repeated creation request from it is recognised.
	CreatedBy string `json:"createdBy,omitempty"`
	// ConvertedFrom is the unknown userId a conversion replaced, so that a
	// repeated identification request is recognised.
	ConvertedFrom string `json:"convertedFrom,omitempty"`
	// Ledger lists the identity ledger entries about this person (its own,
	// and those of profiles merged into it), for redaction by Forget.
	Ledger []uint64 `json:"ledger,omitempty"`
	// loaded are the profile's facets as read (nil for a new profile), so
	// that writing it moves its audience counts only when they changed.
	loaded *facets
}

// identity is the profile's identity as devices use it.
func (sp *storedProfile) identity() device.Identity {
	return device.Identity{Email: sp.Email, UserID: sp.UserID}
}

// cloneProfile returns a deep copy (for before-images).
func cloneProfile(p Profile) Profile {
	p.DataFields = deepCopyMap(p.DataFields)
	p.Devices = slices.Clone(p.Devices)
	p.MergedFrom = slices.Clone(p.MergedFrom)
	return p
}

func loadProfile(txn *storage.Txn, id uint64) (*storedProfile, error) {
	var sp storedProfile
	err := getJSON(txn, storage.ProfileKey(id), &sp)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, notFound("no profile %d", id)
	}
	if err != nil {
		return nil, err
	}
	if sp.DataFields == nil {
		sp.DataFields = map[string]any{}
	}
	f := sp.facets()
	sp.loaded = &f
	return &sp, nil
}

// writeProfile stores sp, keeping the audience counts.
func writeProfile(txn *storage.Txn, sp *storedProfile) error {
	after := sp.facets()
	if err := recount(txn, sp.loaded, &after); err != nil {
		return err
	}
	sp.loaded = &after
	return putJSON(txn, storage.ProfileKey(sp.ID), sp)
}

// indexIdentifiers writes the email and userId index entries of sp.
func indexIdentifiers(txn *storage.Txn, sp *storedProfile) error {
	if sp.Email != "" {
		if err := txn.Set(storage.EmailIndexKey(sp.Email, sp.ID), nil); err != nil {
			return err
		}
	}
	if sp.UserID != "" {
		return txn.Set(storage.UserIDIndexKey(sp.UserID, sp.ID), nil)
	}
	return nil
}

// unindexIdentifiers removes the email and userId index entries of sp.
func unindexIdentifiers(txn *storage.Txn, sp *storedProfile) error {
	if sp.Email != "" {
		if err := txn.Delete(storage.EmailIndexKey(sp.Email, sp.ID)); err != nil {
			return err
		}
	}
	if sp.UserID != "" {
		return txn.Delete(storage.UserIDIndexKey(sp.UserID, sp.ID))
	}
	return nil
}

// indexIDs lists the profile ids of index entries under an exact-match prefix.
func indexIDs(txn *storage.Txn, prefix []byte) ([]uint64, error) {
	var ids []uint64
	err := txn.Iterate(prefix, storage.IterOptions{KeysOnly: true}, func(key, _ []byte) error {
		id, err := storage.ProfileIDFromIndexKey(key)
		if err == nil {
			ids = append(ids, id)
		}
		return err
	})
	return ids, err
}

func idsByEmail(txn *storage.Txn, email string) ([]uint64, error) {
	return indexIDs(txn, storage.EmailIndexPrefix(email))
}

func idsByUserID(txn *storage.Txn, userID string) ([]uint64, error) {
	return indexIDs(txn, storage.UserIDIndexPrefix(userID))
}

// checkFree refuses identifiers of sp that the project type makes unique
// and another profile already has.
func (w *writeTxn) checkFree(sp *storedProfile) error {
	check := func(field, value string, ids []uint64, err error) error {
		if err != nil {
			return err
		}
		for _, id := range ids {
			if id != sp.ID {
				return fmt.Errorf("%w: %s %q already belongs to profile %d", ErrExists, field, value, id)
			}
		}
		return nil
	}
	if sp.Email != "" && w.s.Type != TypeUserID {
		ids, err := idsByEmail(w.txn, sp.Email)
		if err := check("email", sp.Email, ids, err); err != nil {
			return err
		}
	}
	if sp.UserID != "" && w.s.Type != TypeEmail {
		ids, err := idsByUserID(w.txn, sp.UserID)
		return check("userId", sp.UserID, ids, err)
	}
	return nil
}

// profileCounts is the meta blob counting profiles by kind, kept up to date
// by every transaction that creates, converts or deletes a profile (all of
// them run under identMu, so the blob is never a point of contention).
type profileCounts struct {
	Unknown int `json:"unknown"`
	Known   int `json:"known"`
}

func (w *writeTxn) countProfile(kind string, delta int) error {
	var c profileCounts
	if err := getJSON(w.txn, storage.MetaKey(metaProfileCounts), &c); err != nil && !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	if kind == KindUnknown {
		c.Unknown += delta
	} else {
		c.Known += delta
	}
	return putJSON(w.txn, storage.MetaKey(metaProfileCounts), c)
}

// newProfile allocates a profile of the given kind created now.
func (w *writeTxn) newProfile(kind string) (*storedProfile, error) {
	id, err := w.p.db.NextID(seqProfile)
	if err != nil {
		return nil, err
	}
	return &storedProfile{Profile: Profile{
		ID: id, Kind: kind, DataFields: map[string]any{}, CreatedAt: w.at, UpdatedAt: w.at,
	}}, nil
}

// insertProfile checks uniqueness, writes the indexes (created time too)
// and counts the new profile. The profile record itself is written by the
// caller once it is complete.
func (w *writeTxn) insertProfile(sp *storedProfile) error {
	if err := w.checkFree(sp); err != nil {
		return err
	}
	if err := indexIdentifiers(w.txn, sp); err != nil {
		return err
	}
	if err := w.txn.Set(storage.CreatedIndexKey(sp.CreatedAt, sp.ID), nil); err != nil {
		return err
	}
	return w.countProfile(sp.Kind, 1)
}

// createKnown creates a known profile for a checked identity, with its
// ledger "create" entry; in email-based projects a profile identified by
// userId only gets a placeholder email. The caller writes the record.
func (w *writeTxn) createKnown(who device.Identity, deviceID string) (*storedProfile, error) {
	sp, err := w.newProfile(KindKnown)
	if err != nil {
		return nil, err
	}
	sp.Email, sp.UserID = who.Email, who.UserID
	if w.s.Type == TypeEmail && sp.Email == "" {
		sp.Email, sp.Placeholder = placeholderEmail(w.s.ProjectID, sp.UserID), true
	}
	if err := w.insertProfile(sp); err != nil {
		return nil, err
	}
	if err := w.ledger(sp, &LedgerEntry{Op: OpCreate, DeviceID: deviceID}); err != nil {
		return nil, err
	}
	w.happen(HappeningCreated, sp.ID, sp.UserID, "known profile created")
	return sp, nil
}

// resolve finds the profile a checked identity names, or nil (SPEC §12.3):
// email projects look up the email first (unique), else the userId (not
// unique: several matches are an error); userId projects the userId; hybrid
// projects both, and two different profiles are an error.
func (w *writeTxn) resolve(who device.Identity) (*storedProfile, error) {
	var byEmail, byUserID []uint64
	var err error
	if who.Email != "" && w.s.Type != TypeUserID {
		if byEmail, err = idsByEmail(w.txn, who.Email); err != nil {
			return nil, err
		}
	}
	lookUserID := who.UserID != "" && (w.s.Type != TypeEmail || who.Email == "")
	if lookUserID {
		if byUserID, err = idsByUserID(w.txn, who.UserID); err != nil {
			return nil, err
		}
	}
	switch {
	case len(byEmail) > 0 && len(byUserID) > 0 && byEmail[0] != byUserID[0]:
		return nil, invalid("identity", who.Email+" / "+who.UserID,
			"the email belongs to profile %d and the userId to profile %d; they cannot both identify one person", byEmail[0], byUserID[0])
	case len(byEmail) > 0:
		return loadProfile(w.txn, byEmail[0])
	case len(byUserID) > 1:
		return nil, invalid("userId", who.UserID, "belongs to %d profiles in this email-based project; identify by email", len(byUserID))
	case len(byUserID) == 1:
		return loadProfile(w.txn, byUserID[0])
	}
	return nil, nil
}

// fillIdentifiers gives an existing profile the identifiers of who that it
// lacks (a hybrid profile known by email gets the userId too), when they
// are free.
func (w *writeTxn) fillIdentifiers(sp *storedProfile, who device.Identity) error {
	next := *sp
	if who.UserID != "" && sp.UserID == "" {
		next.UserID = who.UserID
	}
	if who.Email != "" && sp.Email == "" {
		next.Email, next.Placeholder = who.Email, false
	}
	if next.UserID == sp.UserID && next.Email == sp.Email {
		return nil
	}
	if err := w.checkFree(&next); err != nil {
		return err
	}
	if err := unindexIdentifiers(w.txn, sp); err != nil {
		return err
	}
	sp.UserID, sp.Email, sp.Placeholder = next.UserID, next.Email, next.Placeholder
	return indexIdentifiers(w.txn, sp)
}

// findByIdentity finds the profile a device names when tracking: by userId
// first, then by email. Unknown identities are ErrNotFound.
func (w *writeTxn) findByIdentity(who device.Identity) (*storedProfile, error) {
	return findByIdentity(w.txn, who)
}

func findByIdentity(txn *storage.Txn, who device.Identity) (*storedProfile, error) {
	id, err := profileIDByIdentity(txn, who)
	if err != nil {
		return nil, err
	}
	return loadProfile(txn, id)
}

// profileIDByIdentity finds a profile id through the indexes alone: userId
// first, then email.
func profileIDByIdentity(txn *storage.Txn, who device.Identity) (uint64, error) {
	if who.IsZero() {
		return 0, invalid("identity", "", "give an email or a userId")
	}
	if who.UserID != "" {
		ids, err := idsByUserID(txn, who.UserID)
		if err != nil {
			return 0, err
		}
		if len(ids) == 1 || (len(ids) > 1 && who.Email == "") {
			if len(ids) > 1 {
				return 0, invalid("userId", who.UserID, "belongs to %d profiles; name the profile by email", len(ids))
			}
			return ids[0], nil
		}
	}
	if who.Email != "" {
		e, err := normalizeEmail(who.Email)
		if err != nil {
			return 0, err
		}
		ids, err := idsByEmail(txn, e)
		if err != nil {
			return 0, err
		}
		if len(ids) > 0 {
			return ids[0], nil
		}
	}
	if who.UserID != "" {
		return 0, notFound("no profile with userId %q", who.UserID)
	}
	return 0, notFound("no profile with email %q", who.Email)
}

// CreateKnownProfile creates a known profile (fixtures, scenarios, the
// console), validated under the project type's rules. An identifier that
// already names a profile is ErrExists.
func (p *Project) CreateKnownProfile(email, userID string, fields map[string]any) (Profile, error) {
	who, err := checkIdentity(p.Settings(), device.Identity{Email: email, UserID: userID})
	if err != nil {
		return Profile{}, err
	}
	p.identMu.Lock()
	defer p.identMu.Unlock()
	var out Profile
	err = p.update(func(w *writeTxn) error {
		existing, err := w.resolve(who)
		if err != nil {
			return err
		}
		if existing != nil {
			return fmt.Errorf("%w: %s already names profile %d", ErrExists, identityText(who), existing.ID)
		}
		sp, err := w.createKnown(who, "")
		if err != nil {
			return err
		}
		sp.DataFields = deepCopyMap(fields)
		if sp.DataFields == nil {
			sp.DataFields = map[string]any{}
		}
		out = cloneProfile(sp.Profile)
		return writeProfile(w.txn, sp)
	})
	return out, err
}

// identityText names an identity in messages.
func identityText(who device.Identity) string {
	b, _ := json.Marshal(who)
	return string(b)
}
