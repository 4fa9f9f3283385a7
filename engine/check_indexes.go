package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"reflect"
	"slices"
	"strconv"
	"time"

	"limen/storage"
)

// identIndex checks the entries of an email or userId index: each names an
// existing profile with that identifier, and none shares a unique one.
func (c *checker) identIndex(s storage.Space, field string, unique bool) error {
	var prev string
	var prevID uint64
	return c.walk(s, true, func(key, _ []byte) error {
		c.res.IndexEntries++
		value, err := storage.IndexValueFromKey(key)
		var id uint64
		if err == nil {
			id, err = storage.ProfileIDFromIndexKey(key)
		}
		if err != nil {
			c.malformed(ViolationIndex, s, key, err)
			return nil
		}
		k := field + " " + value
		switch pi, ok := c.identOf(id); {
		case !ok:
			c.add(ViolationIndex, k, "points to profile %d, which does not exist", id)
		case field == "email" && pi.Email != value:
			c.add(ViolationIndex, k, "points to profile %d, whose email is %q", id, pi.Email)
		case field == "userId" && pi.UserID != value:
			c.add(ViolationIndex, k, "points to profile %d, whose userId is %q", id, pi.UserID)
		}
		if unique && prevID != 0 && value == prev {
			c.add(ViolationUnique, k, "belongs to profiles %d and %d, but %ss are unique in a %s project", prevID, id, field, c.s.Type)
		}
		prev, prevID = value, id
		return nil
	})
}

func (c *checker) createdIndex() error {
	return c.walk(storage.SpaceCreatedIndex, true, func(key, _ []byte) error {
		c.res.IndexEntries++
		at, id, err := storage.ParseCreatedIndexKey(key)
		if err != nil {
			c.malformed(ViolationIndex, storage.SpaceCreatedIndex, key, err)
			return nil
		}
		k := fmt.Sprintf("created %s profile %d", at.Format(time.RFC3339Nano), id)
		switch pi, ok := c.identOf(id); {
		case !ok:
			c.add(ViolationIndex, k, "points to a profile that does not exist")
		case !bytes.Equal(key, storage.CreatedIndexKey(pi.CreatedAt, id)):
			c.add(ViolationIndex, k, "the profile was created at %s", pi.CreatedAt.Format(time.RFC3339Nano))
		}
		return nil
	})
}

// orphans follows runs of keys of one profile, to report the keys of a
// missing profile once per profile.
type orphans struct {
	c     *checker
	what  string
	id    uint64
	alive bool
	n     int
}

// at moves to profile id and reports whether it exists.
func (o *orphans) at(id uint64) bool {
	if o.n == 0 || id != o.id {
		o.flush()
		o.id, o.alive = id, o.c.has(storage.ProfileKey(id))
	}
	o.n++
	return o.alive
}

func (o *orphans) flush() {
	if o.n > 0 && !o.alive {
		o.c.add(ViolationEvent, fmt.Sprintf("profile %d", o.id), "%s: %d, of this profile, which does not exist", o.what, o.n)
	}
	o.n = 0
}

// eventHead is the part of a stored event the checks read.
type eventHead struct {
	ID        string `json:"id"`
	ProfileID uint64 `json:"profileId"`
}

// eventSums sum up a profile's events and event-id entries: how many, and
// a hash of their (event id, event key) pairs, equal when they match.
type eventSums struct {
	events, ids    int
	evHash, idHash uint64
}

// readEventHead reads the id and profile id of a stored event. Events are
// written with these two fields first (StoredEvent's order), which it reads
// directly; anything else goes through encoding/json.
func readEventHead(val []byte) (eventHead, error) {
	var ev eventHead
	if rest, ok := bytes.CutPrefix(val, []byte(`{"id":"`)); ok {
		end := bytes.IndexByte(rest, '"')
		if num, ok := bytes.CutPrefix(rest[max(end, 0):], []byte(`","profileId":`)); end >= 0 && ok && bytes.IndexByte(rest[:end], '\\') < 0 {
			digits := num[:len(num)-len(bytes.TrimLeft(num, "0123456789"))]
			if id, err := strconv.ParseUint(string(digits), 10, 64); err == nil {
				return eventHead{ID: string(rest[:end]), ProfileID: id}, nil
			}
		}
	}
	err := json.Unmarshal(val, &ev)
	return ev, err
}

func (c *checker) pairHash(eventID string, eventKey []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	h.WriteString(eventID)
	h.WriteByte(0)
	h.Write(eventKey)
	return h.Sum64()
}

func (c *checker) events() error {
	o := &orphans{c: c, what: "events"}
	defer o.flush()
	return c.walk(storage.SpaceEvent, false, func(key, val []byte) error {
		c.res.Events++
		pid, _, seq, err := storage.ParseEventKey(key)
		if err != nil {
			c.malformed(ViolationEvent, storage.SpaceEvent, key, err)
			return nil
		}
		if !o.at(pid) {
			return nil
		}
		k := fmt.Sprintf("event %d/%d", pid, seq)
		ev, err := readEventHead(val)
		switch {
		case err != nil:
			c.add(ViolationEvent, k, "unreadable event: %v", err)
			return nil
		case ev.ProfileID != pid:
			c.add(ViolationEvent, k, "is stored under profile %d but says it belongs to profile %d", pid, ev.ProfileID)
		}
		sum := c.sums[pid]
		sum.events++
		sum.evHash += c.pairHash(ev.ID, key)
		c.sums[pid] = sum
		return nil
	})
}

func (c *checker) eventIDs() error {
	o := &orphans{c: c, what: "event-id entries"}
	defer o.flush()
	return c.walk(storage.SpaceEventID, false, func(key, val []byte) error {
		c.res.EventIDs++
		pid, eid, err := storage.ParseEventIDKey(key)
		switch {
		case err != nil:
			c.malformed(ViolationEvent, storage.SpaceEventID, key, err)
		case o.at(pid):
			sum := c.sums[pid]
			sum.ids++
			sum.idHash += c.pairHash(eid, val)
			c.sums[pid] = sum
		}
		return nil
	})
}

func (c *checker) consents() error {
	err := c.walk(storage.SpaceConsent, false, func(key, val []byte) error {
		c.res.ConsentEntries++
		at, seq, err := storage.ParseConsentKey(key)
		var e ConsentEntry
		k := fmt.Sprintf("consent %s #%d", at.Format(time.RFC3339Nano), seq)
		switch err = decode(err, val, &e); {
		case err != nil:
			c.add(ViolationConsent, k, "unreadable entry: %v", err)
			return nil
		case e.Seq != seq:
			c.add(ViolationConsent, k, "entry says seq %d", e.Seq)
		}
		if e.ProfileID == 0 {
			return nil
		}
		switch pi, ok := c.identOf(e.ProfileID); {
		case !ok:
			c.add(ViolationConsent, k, "device %s's consent is linked to profile %d, which does not exist", e.DeviceID, e.ProfileID)
		case !slices.Contains(pi.Devices, e.DeviceID):
			c.add(ViolationConsent, k, "is linked to profile %d, which does not list device %s: the profile's consent view misses it", e.ProfileID, e.DeviceID)
		}
		return nil
	})
	if err == nil && c.refs != c.res.ConsentEntries {
		c.add(ViolationConsent, "consent ledger", "holds %d entries but device records reference %d", c.res.ConsentEntries, c.refs)
	}
	return err
}

func (c *checker) counters() error {
	var pc profileCounts
	err := getJSON(c.txn, storage.MetaKey(metaProfileCounts), &pc)
	switch k := "meta " + metaProfileCounts; {
	case err != nil && !errors.Is(err, storage.ErrNotFound):
		c.add(ViolationCounter, k, "unreadable counters: %v", err)
	case pc.Unknown != c.res.Unknown || pc.Known != c.res.Known:
		c.add(ViolationCounter, k, "count %d unknown and %d known profiles, but there are %d unknown and %d known",
			pc.Unknown, pc.Known, c.res.Unknown, c.res.Known)
	}
	stored, err := loadAudienceCounts(c.txn)
	if err != nil {
		c.add(ViolationCounter, "meta "+metaAudienceCounts, "unreadable counters: %v", err)
		return nil
	}
	stored.Version, c.aud.Version = 0, 0
	if !reflect.DeepEqual(normalized(stored), normalized(c.aud)) {
		c.add(ViolationCounter, "meta "+metaAudienceCounts, "campaign audience counts %s disagree with the profiles, which add up to %s",
			audienceText(stored), audienceText(c.aud))
	}
	return nil
}

// normalized makes empty maps nil, so that counts compare by content.
func normalized(a audienceCounts) audienceCounts {
	if len(a.Criteria) == 0 {
		a.Criteria = nil
	}
	if len(a.EmailCriteria) == 0 {
		a.EmailCriteria = nil
	}
	return a
}

func audienceText(a audienceCounts) string {
	b, _ := json.Marshal(normalized(a))
	return string(b)
}

// leftovers reports what only the end of the passes reveals: profiles the
// ledger created that vanished unaccounted for, and lost devices.
func (c *checker) leftovers() {
	var vanished []uint64
	for id, alive := range c.created {
		if _, accounted := c.gone[id]; !alive && !accounted {
			vanished = append(vanished, id)
		}
	}
	slices.Sort(vanished)
	for _, id := range vanished {
		c.add(ViolationLedger, fmt.Sprintf("profile %d", id), "was created (identity ledger) but no longer exists, and no merge or delete entry says why")
	}
	uids := make([]string, 0, len(c.lost))
	for u := range c.lost {
		uids = append(uids, u)
	}
	slices.Sort(uids)
	for _, u := range uids {
		if l := c.lost[u]; l.into != "" {
			c.add(ViolationDevice, "device "+l.device, "is still the unknown user %s, which was %s: the identify committed but the device did not save its new identity, so its calls fail until it identifies again or logs out", u, l.into)
		} else {
			c.add(ViolationDevice, "device "+l.device, "is the unknown user %s, but no profile has that userId (forgotten?): its calls will fail", u)
		}
	}
}
