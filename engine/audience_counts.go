package engine

import (
	"encoding/json"
	"errors"

	"limen/storage"
)

// metaAudienceCounts names the meta blob of audienceCounts.
const metaAudienceCounts = "audienceCounts"

// audienceCountsVersion marks a blob that counts every profile; a project
// opened without one (made before campaigns existed) is counted once.
const audienceCountsVersion = 1

// audienceCounts count what campaign audiences need beyond the counts by
// kind, so that a campaign's "eligible" never reads the profiles: profiles
// by the criteria set that activated them, and those of each with a real
// address (email campaigns). They are kept by every write that creates,
// changes or deletes a profile (writeProfile, deleteProfileRecord, the bulk
// loader); check verifies them.
type audienceCounts struct {
	Version       int            `json:"version"`
	Criteria      map[string]int `json:"criteria,omitempty"`
	EmailKnown    int            `json:"emailKnown"`
	EmailCriteria map[string]int `json:"emailCriteria,omitempty"`
}

// facets are the parts of a profile the audience counts depend on.
type facets struct {
	kind, criteria string
	emailable      bool
}

func (sp *storedProfile) facets() facets {
	return facets{kind: sp.Kind, criteria: sp.MatchedCriteriaID, emailable: emailable(sp)}
}

// add counts a profile with facets f in (d = 1) or out (d = -1).
func (c *audienceCounts) add(f facets, d int) {
	if f.criteria != "" {
		c.Criteria = bump(c.Criteria, f.criteria, d)
		if f.emailable {
			c.EmailCriteria = bump(c.EmailCriteria, f.criteria, d)
		}
	}
	if f.emailable && f.kind == KindKnown {
		c.EmailKnown += d
	}
}

// merge adds o's counts to c.
func (c *audienceCounts) merge(o audienceCounts) {
	for k, n := range o.Criteria {
		c.Criteria = bump(c.Criteria, k, n)
	}
	for k, n := range o.EmailCriteria {
		c.EmailCriteria = bump(c.EmailCriteria, k, n)
	}
	c.EmailKnown += o.EmailKnown
}

func bump(m map[string]int, k string, d int) map[string]int {
	if m == nil {
		m = map[string]int{}
	}
	if m[k] += d; m[k] == 0 {
		delete(m, k)
	}
	return m
}

func loadAudienceCounts(txn *storage.Txn) (audienceCounts, error) {
	c := audienceCounts{Version: audienceCountsVersion}
	err := getJSON(txn, storage.MetaKey(metaAudienceCounts), &c)
	if errors.Is(err, storage.ErrNotFound) {
		return audienceCounts{Version: audienceCountsVersion}, nil
	}
	return c, err
}

// recount moves a profile's contribution from its facets as loaded (none
// for a new profile) to after (none when deleted). It writes only when
// something changed, so tracking events never touches the counts.
func recount(txn *storage.Txn, before, after *facets) error {
	if before != nil && after != nil && *before == *after {
		return nil
	}
	c, err := loadAudienceCounts(txn)
	if err != nil {
		return err
	}
	if before != nil {
		c.add(*before, -1)
	}
	if after != nil {
		c.add(*after, 1)
	}
	return putJSON(txn, storage.MetaKey(metaAudienceCounts), c)
}

// countAudiences counts every profile, for a project whose counts were
// never kept (made before campaigns) or for check.
func countAudiences(txn *storage.Txn) (audienceCounts, error) {
	c := audienceCounts{Version: audienceCountsVersion}
	err := txn.Iterate(storage.SpaceProfile.Prefix(), storage.IterOptions{}, func(_, val []byte) error {
		var sp storedProfile
		if err := json.Unmarshal(val, &sp); err != nil {
			return err
		}
		c.add(sp.facets(), 1)
		return nil
	})
	return c, err
}

// loadAudiences counts the audiences once when the project has profiles
// but no counts (a data directory from before campaigns).
func (p *Project) loadAudiences() error {
	return p.db.Update(func(txn *storage.Txn) error {
		if _, err := txn.Get(storage.MetaKey(metaAudienceCounts)); !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		c, err := countAudiences(txn)
		if err != nil {
			return err
		}
		return putJSON(txn, storage.MetaKey(metaAudienceCounts), c)
	})
}
