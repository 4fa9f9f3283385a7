package engine

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"limen/storage"
)

// Profile returns a profile by id.
func (p *Project) Profile(id uint64) (Profile, error) {
	var out Profile
	err := p.db.View(func(txn *storage.Txn) error {
		sp, err := loadProfile(txn, id)
		if err == nil {
			out = sp.Profile
		}
		return err
	})
	return out, err
}

// ProfileByEmail returns the profile with an email (placeholders too). In
// userId-based projects emails are not unique: the oldest profile is
// returned.
func (p *Project) ProfileByEmail(email string) (Profile, error) {
	e, err := normalizeEmail(email)
	if err != nil {
		return Profile{}, err
	}
	return p.profileByIndex(storage.EmailIndexPrefix(e), "email", e)
}

// ProfileByUserID returns the profile with a userId. In email-based
// projects userIds are not unique: the oldest profile is returned.
func (p *Project) ProfileByUserID(userID string) (Profile, error) {
	return p.profileByIndex(storage.UserIDIndexPrefix(userID), "userId", userID)
}

func (p *Project) profileByIndex(prefix []byte, field, value string) (Profile, error) {
	var out Profile
	err := p.db.View(func(txn *storage.Txn) error {
		ids, err := indexIDs(txn, prefix)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return notFound("no profile with %s %q", field, value)
		}
		sp, err := loadProfile(txn, ids[0])
		if err == nil {
			out = sp.Profile
		}
		return err
	})
	return out, err
}

// CountProfiles counts the profiles of a kind ("" for all), from counters
// kept by every transaction that adds or removes a profile.
func (p *Project) CountProfiles(kind string) (int, error) {
	var c profileCounts
	err := p.db.View(func(txn *storage.Txn) error {
		err := getJSON(txn, storage.MetaKey(metaProfileCounts), &c)
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		return err
	})
	switch kind {
	case "":
		return c.Unknown + c.Known, err
	case KindUnknown:
		return c.Unknown, err
	case KindKnown:
		return c.Known, err
	}
	return 0, invalid("kind", kind, "must be %q, %q or empty", KindUnknown, KindKnown)
}

// Profile orders.
const (
	OrderCreated  = "created"
	OrderActivity = "activity"
)

// ProfileQuery selects and pages profiles.
type ProfileQuery struct {
	Kind       string // KindUnknown, KindKnown or "" for both
	CriteriaID string // only profiles activated by this criteria set
	// Prefix lists profiles whose email (case-insensitive) or userId starts
	// with it, through the indexes: emails first, then userIds, each in
	// identifier order (Order and Desc do not apply).
	Prefix string
	Order  string // OrderCreated (default) or OrderActivity
	Desc   bool
	After  Cursor
	Limit  int // default 50, at most 1000
}

// ListProfiles returns one page of profiles and the cursor of the next
// page ("" when the page was not full). Pages are read from Badger through
// the created-time or identifier indexes; filters are applied to the
// profiles read, so a very selective filter reads further.
func (p *Project) ListProfiles(q ProfileQuery) ([]Profile, Cursor, error) {
	if q.Kind != "" && q.Kind != KindUnknown && q.Kind != KindKnown {
		return nil, "", invalid("kind", q.Kind, "must be %q, %q or empty", KindUnknown, KindKnown)
	}
	keep := func(sp *storedProfile) bool {
		return (q.Kind == "" || sp.Kind == q.Kind) && (q.CriteriaID == "" || sp.MatchedCriteriaID == q.CriteriaID)
	}
	limit := pageLimit(q.Limit)
	switch {
	case q.Prefix != "":
		return p.listByPrefix(q, keep, limit)
	case q.Order == "" || q.Order == OrderCreated:
		after, err := cursorKey(q.After, storage.SpaceCreatedIndex)
		if err != nil {
			return nil, "", err
		}
		var out []Profile
		var next Cursor
		err = p.db.View(func(txn *storage.Txn) error {
			next, err = scanIndex(txn, storage.SpaceCreatedIndex.Prefix(), after, q.Desc, limit, keep, &out, nil)
			return err
		})
		return out, next, err
	case q.Order == OrderActivity:
		return p.listByActivity(q, keep, limit)
	}
	return nil, "", invalid("order", q.Order, "must be %q or %q", OrderCreated, OrderActivity)
}

// scanIndex walks index keys under prefix from after (exclusive), loads
// each profile and appends those kept to out until it holds limit; skip
// may reject profiles too. It returns the cursor of a full page.
func scanIndex(txn *storage.Txn, prefix, after []byte, desc bool, limit int,
	keep func(*storedProfile) bool, out *[]Profile, skip func(*storedProfile) bool) (Cursor, error) {
	var next Cursor
	opt := storage.IterOptions{KeysOnly: true, Reverse: desc}
	if after != nil && bytes.HasPrefix(after, prefix) {
		opt.Seek = after
	}
	err := txn.Iterate(prefix, opt, func(key, _ []byte) error {
		if after != nil && bytes.Equal(key, after) {
			return nil
		}
		id, err := storage.ProfileIDFromIndexKey(key)
		if err != nil {
			return err
		}
		sp, err := loadProfile(txn, id)
		if errors.Is(err, ErrNotFound) {
			return nil // index entry of a profile being deleted
		}
		if err != nil {
			return err
		}
		if !keep(sp) || (skip != nil && skip(sp)) {
			return nil
		}
		*out = append(*out, sp.Profile)
		if len(*out) == limit {
			next = keyCursor(key)
			return storage.ErrStop
		}
		return nil
	})
	return next, err
}

// listByPrefix lists matches of the email index, then of the userId index
// (skipping profiles whose email matched already).
func (p *Project) listByPrefix(q ProfileQuery, keep func(*storedProfile) bool, limit int) ([]Profile, Cursor, error) {
	after, err := cursorKey(q.After, storage.SpaceEmailIndex, storage.SpaceUserIDIndex)
	if err != nil {
		return nil, "", err
	}
	lower := strings.ToLower(q.Prefix)
	emailPrefix := storage.EmailSearchPrefix(lower)
	userPrefix := storage.UserIDSearchPrefix(q.Prefix)
	var out []Profile
	var next Cursor
	err = p.db.View(func(txn *storage.Txn) error {
		if after == nil || after[0] == byte(storage.SpaceEmailIndex) {
			next, err = scanIndex(txn, emailPrefix, after, false, limit, keep, &out, nil)
			if err != nil || next != "" {
				return err
			}
			after = nil
		}
		seenByEmail := func(sp *storedProfile) bool { return strings.HasPrefix(sp.Email, lower) }
		next, err = scanIndex(txn, userPrefix, after, false, limit, keep, &out, seenByEmail)
		return err
	})
	return out, next, err
}

// listByActivity orders by last activity. No index keeps that order, so
// this scans every profile, keeping only the best page in memory.
func (p *Project) listByActivity(q ProfileQuery, keep func(*storedProfile) bool, limit int) ([]Profile, Cursor, error) {
	var afterAt time.Time
	var afterID uint64
	if q.After != "" {
		b, err := base64.RawURLEncoding.DecodeString(string(q.After))
		if err != nil || len(b) != 21 || b[0] != 'a' {
			return nil, "", invalid("after", string(q.After), "is not a cursor of this listing")
		}
		sec, nsec := int64(binary.BigEndian.Uint64(b[1:9])), int64(binary.BigEndian.Uint32(b[9:13]))
		afterAt = time.Unix(sec, nsec).UTC()
		afterID = binary.BigEndian.Uint64(b[13:])
	}
	// before reports whether a sorts before b in the requested order.
	before := func(aAt time.Time, aID uint64, bAt time.Time, bID uint64) bool {
		c := aAt.Compare(bAt)
		if c == 0 {
			c = cmpUint(aID, bID)
		}
		if q.Desc {
			return c > 0
		}
		return c < 0
	}
	var page []Profile
	trim := func() {
		slices.SortFunc(page, func(a, b Profile) int {
			if before(a.LastActivity, a.ID, b.LastActivity, b.ID) {
				return -1
			}
			return 1
		})
		if len(page) > limit {
			page = page[:limit]
		}
	}
	err := p.db.View(func(txn *storage.Txn) error {
		return txn.Iterate(storage.SpaceProfile.Prefix(), storage.IterOptions{}, func(_, val []byte) error {
			var sp storedProfile
			if err := json.Unmarshal(val, &sp); err != nil {
				return err
			}
			if !keep(&sp) || (q.After != "" && !before(afterAt, afterID, sp.LastActivity, sp.ID)) {
				return nil
			}
			page = append(page, sp.Profile)
			if len(page) >= 2*limit {
				trim()
			}
			return nil
		})
	})
	trim()
	var next Cursor
	if len(page) == limit {
		last := page[len(page)-1]
		b := binary.BigEndian.AppendUint64([]byte{'a'}, uint64(last.LastActivity.Unix()))
		b = binary.BigEndian.AppendUint32(b, uint32(last.LastActivity.Nanosecond()))
		next = Cursor(base64.RawURLEncoding.EncodeToString(binary.BigEndian.AppendUint64(b, last.ID)))
	}
	return page, next, err
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// CountByPrefix counts the profiles ListProfiles{Prefix: prefix} lists, up
// to atMost (capped is true when there are more). Email matches are counted
// from the index keys alone; only userId matches load their profile, to skip
// those whose email matched already. It is what a search box calls on every
// keystroke.
func (p *Project) CountByPrefix(prefix string, atMost int) (n int, capped bool, err error) {
	lower := strings.ToLower(prefix)
	err = p.db.View(func(txn *storage.Txn) error {
		count := func(key []byte) error {
			if n == atMost {
				capped = true
				return storage.ErrStop
			}
			n++
			return nil
		}
		opt := storage.IterOptions{KeysOnly: true}
		if err := txn.Iterate(storage.EmailSearchPrefix(lower), opt, func(key, _ []byte) error { return count(key) }); err != nil || capped {
			return err
		}
		return txn.Iterate(storage.UserIDSearchPrefix(prefix), opt, func(key, _ []byte) error {
			id, err := storage.ProfileIDFromIndexKey(key)
			if err != nil {
				return err
			}
			sp, err := loadProfile(txn, id)
			if errors.Is(err, ErrNotFound) || (err == nil && strings.HasPrefix(sp.Email, lower)) {
				return nil
			}
			if err != nil {
				return err
			}
			return count(key)
		})
	})
	return n, capped, err
}
