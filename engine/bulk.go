package engine

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"time"

	"limen/engine/device"
	"limen/storage"
)

// Shares of the profiles BulkLoadProfiles writes: unknown profiles, known
// profiles converted from unknown ones, the rest created known.
const (
	bulkUnknownPct   = 60
	bulkConvertedPct = 10
	// bulkChunk profiles are planned at a time and handed to a worker.
	bulkChunk = 256
)

// Names the generated known profiles are given.
var (
	bulkFirstNames = [...]string{"ann", "bob", "chloe", "david", "emma", "felix", "grace", "hugo", "ines", "jules",
		"karim", "lea", "marc", "nina", "oscar", "paul", "quentin", "rose", "sami", "tara", "ugo", "vera", "william", "yasmine", "zoe"}
	bulkLastNames = [...]string{"moreau", "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand",
		"leroy", "simon", "laurent", "lefebvre", "michel", "garcia", "david", "bertrand", "roux", "vincent", "fournier"}
	bulkCities    = [...]string{"Paris", "Lyon", "Marseille", "Lille", "Nantes", "Bordeaux", "Berlin", "Madrid"}
	bulkTiers     = [...]string{"bronze", "silver", "gold", "platinum"}
	bulkPlatforms = [...]string{"web", "web", "android", "ios"}
)

// bulkPlan is one profile to write: what the planner decided and the ids
// it allocated, in profile order, so that ids grow with creation time as
// they do when the engine creates profiles one by one.
type bulkPlan struct {
	index     int
	id        uint64
	kind      string
	converted bool // known, converted from an unknown profile
	ledger    []uint64
	consent   uint64 // 0: no device
	events    []uint64
}

// BulkLoadProfiles writes n generated profiles with eventsPerProfile
// events each, for benchmarks: known profiles (real emails, userIds, data
// fields), unknown profiles (UUID userIds, placeholder emails in
// email-based projects, the criteria set that activated them, an
// unknownSession event, their device's consent) and known profiles
// converted from unknown ones, with their identity ledger entries and
// every index laid out as the engine's own writes lay them out, and the
// profile counters updated. Writes go through storage's Batch (not one
// transaction per profile), on every core; ids come from the engine's
// sequences, so later writes carry on after them. It is deterministic for
// a seed and a project. progress, when set, is called now and then with
// the number of profiles written so far (one call at a time).
//
// It holds the identity lock for its whole run; it is meant for a project
// nothing else writes to meanwhile (Batch gives no isolation). A failed or
// cancelled load leaves what it wrote without the counters: discard that
// project.
func (p *Project) BulkLoadProfiles(ctx context.Context, n, eventsPerProfile int, seed uint64, progress func(done int)) error {
	if n < 0 || eventsPerProfile < 0 {
		return invalid("bulk", fmt.Sprint(n, " ", eventsPerProfile), "counts must not be negative")
	}
	p.identMu.Lock()
	defer p.identMu.Unlock()
	g := &bulkGen{p: p, s: p.Settings(), seed: seed, events: eventsPerProfile, end: p.now().Add(-time.Hour)}
	g.start = g.end.Add(-365 * 24 * time.Hour)
	g.step = 365 * 24 * time.Hour / time.Duration(max(n, 1))
	if c := p.PublishedCriteria().Compiled; c != nil {
		g.criteria = c.IDs()
	}
	if len(g.criteria) == 0 {
		g.criteria = []string{"101", "102", "103", "104"}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		errs   []error
		done   int
		counts profileCounts
		aud    = audienceCounts{Version: audienceCountsVersion}
	)
	report := func(c profileCounts, a audienceCounts, k int, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs = append(errs, err)
			cancel()
			return
		}
		counts.Unknown += c.Unknown
		counts.Known += c.Known
		aud.merge(a)
		if done += k; progress != nil {
			progress(done)
		}
	}
	chunks := make(chan []bulkPlan, 2)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			b := p.db.NewBatch()
			defer b.Cancel()
			for chunk := range chunks {
				if ctx.Err() != nil {
					continue // drain: the load failed or was cancelled
				}
				c, a, err := g.writeChunk(b, chunk)
				report(c, a, len(chunk), err)
			}
			report(profileCounts{}, audienceCounts{}, 0, b.Flush())
		})
	}
	rng := rand.New(rand.NewPCG(seed, 0xb01c))
	var planErr error
	for i := 0; i < n && planErr == nil; i += bulkChunk {
		var chunk []bulkPlan
		if planErr = ctx.Err(); planErr != nil {
			break
		}
		if chunk, planErr = g.plan(rng, i, min(bulkChunk, n-i)); planErr != nil {
			break
		}
		select {
		case chunks <- chunk:
		case <-ctx.Done():
			planErr = ctx.Err()
		}
	}
	close(chunks)
	wg.Wait()
	if err := errors.Join(append(errs, planErr)...); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	return p.db.Update(func(txn *storage.Txn) error {
		var c profileCounts
		if err := getJSON(txn, storage.MetaKey(metaProfileCounts), &c); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		c.Unknown += counts.Unknown
		c.Known += counts.Known
		if err := putJSON(txn, storage.MetaKey(metaProfileCounts), c); err != nil {
			return err
		}
		a, err := loadAudienceCounts(txn)
		if err != nil {
			return err
		}
		a.merge(aud)
		return putJSON(txn, storage.MetaKey(metaAudienceCounts), a)
	})
}

// bulkGen generates the profiles of one BulkLoadProfiles call.
type bulkGen struct {
	p          *Project
	s          Settings
	seed       uint64
	events     int
	criteria   []string
	start, end time.Time
	step       time.Duration
}

// plan decides the kind of profiles first … first+count-1 and allocates
// their ids from the engine's sequences, in order.
func (g *bulkGen) plan(rng *rand.Rand, first, count int) ([]bulkPlan, error) {
	out := make([]bulkPlan, count)
	var err error
	next := func(seq string) uint64 {
		if err != nil {
			return 0
		}
		var id uint64
		id, err = g.p.db.NextID(seq)
		return id
	}
	for k := range out {
		pl := &out[k]
		pl.index, pl.id, pl.kind = first+k, next(seqProfile), KindKnown
		switch r := rng.IntN(100); {
		case r < bulkUnknownPct:
			pl.kind = KindUnknown
		case r < bulkUnknownPct+bulkConvertedPct:
			pl.converted = true
		}
		pl.ledger = append(pl.ledger, next(seqIdentity))
		if pl.converted {
			pl.ledger = append(pl.ledger, next(seqIdentity))
		}
		if pl.kind == KindUnknown || pl.converted {
			pl.consent = next(seqConsent)
		}
		pl.events = make([]uint64, g.events)
		for e := range pl.events {
			pl.events[e] = next(seqEvent)
		}
	}
	return out, err
}

// writeChunk queues every record of the planned profiles on b and returns
// how many of each kind it wrote.
func (g *bulkGen) writeChunk(b *storage.Batch, chunk []bulkPlan) (profileCounts, audienceCounts, error) {
	var c profileCounts
	var a audienceCounts
	for i := range chunk {
		sp, err := g.write(b, &chunk[i])
		if err != nil {
			return c, a, fmt.Errorf("profile %d: %w", chunk[i].id, err)
		}
		a.add(sp.facets(), 1)
		if sp.Kind == KindUnknown {
			c.Unknown++
		} else {
			c.Known++
		}
	}
	return c, a, nil
}

// put queues v as JSON at key.
func bulkPut(b *storage.Batch, key []byte, v any) error {
	val, err := marshal(v)
	if err != nil {
		return err
	}
	return b.Set(key, val)
}

// write queues one profile: its record, indexes, events, ledger entries,
// device and consent.
func (g *bulkGen) write(b *storage.Batch, pl *bulkPlan) (*storedProfile, error) {
	rng := rand.New(rand.NewPCG(g.seed, uint64(pl.index)))
	at := g.start.Add(time.Duration(pl.index)*g.step + time.Duration(rng.IntN(int(max(g.step, 1)))))
	at = at.UTC().Truncate(time.Millisecond)
	sp := &storedProfile{Profile: Profile{ID: pl.id, Kind: KindUnknown, DataFields: map[string]any{}, CreatedAt: at, UpdatedAt: at}}
	first, last := bulkFirstNames[rng.IntN(len(bulkFirstNames))], bulkLastNames[rng.IntN(len(bulkLastNames))]
	email := first + "." + last + strconv.FormatUint(pl.id, 10) + "@example.com"
	platform := bulkPlatforms[rng.IntN(len(bulkPlatforms))]
	deviceID := ""
	if pl.kind == KindUnknown || pl.converted {
		sp.UserID = bulkUUID(rng)
		sp.MatchedCriteriaID = g.criteria[rng.IntN(len(g.criteria))]
		deviceID = platform + "-" + sp.UserID[:8]
		sp.CreatedBy, sp.Devices = deviceID, []string{deviceID}
		if g.s.Type == TypeEmail {
			sp.Email, sp.Placeholder = placeholderEmail(g.s.ProjectID, sp.UserID), true
		}
		if rng.IntN(2) == 0 {
			sp.DataFields["city"] = bulkCities[rng.IntN(len(bulkCities))]
		}
		if rng.IntN(3) == 0 {
			sp.DataFields["favourite"] = map[string]any{"room": []string{"living", "kitchen", "garden"}[rng.IntN(3)]}
		}
		if err := g.ledger(b, sp, pl.ledger[0], LedgerEntry{Op: OpCreate, DeviceID: deviceID}); err != nil {
			return nil, err
		}
	} else {
		sp.Kind, sp.Email, sp.UserID = KindKnown, email, "cust-"+strconv.FormatUint(pl.id, 10)
		sp.DataFields = map[string]any{"firstName": first, "lastName": last, "city": bulkCities[rng.IntN(len(bulkCities))],
			"tier": bulkTiers[rng.IntN(len(bulkTiers))], "optedIn": rng.IntN(3) > 0, "lifetime": float64(rng.IntN(400) * 10)}
		if err := g.ledger(b, sp, pl.ledger[0], LedgerEntry{Op: OpCreate}); err != nil {
			return nil, err
		}
	}
	if err := g.writeEvents(b, rng, sp, pl, deviceID, platform); err != nil {
		return nil, err
	}
	if pl.converted {
		before := cloneProfile(sp.Profile)
		sp.Kind, sp.UpdatedAt = KindKnown, sp.LastActivity.Add(time.Minute)
		if g.s.Type == TypeUserID {
			sp.ConvertedFrom, sp.UserID = sp.UserID, "cust-"+strconv.FormatUint(pl.id, 10)
		} else {
			sp.Email, sp.Placeholder = email, false
		}
		sp.DataFields["firstName"] = first
		if err := g.ledger(b, sp, pl.ledger[1], LedgerEntry{Op: OpConvert, DeviceID: deviceID, At: sp.UpdatedAt, Before: []Profile{before}}); err != nil {
			return nil, err
		}
	}
	if deviceID != "" {
		if err := g.consent(b, sp, pl.consent, deviceID, platform); err != nil {
			return nil, err
		}
	}
	for _, key := range bulkIndexKeys(sp) {
		if err := b.Set(key, nil); err != nil {
			return nil, err
		}
	}
	return sp, bulkPut(b, storage.ProfileKey(sp.ID), sp)
}

// bulkIndexKeys are the index entries of sp, as insertProfile and
// indexIdentifiers write them.
func bulkIndexKeys(sp *storedProfile) [][]byte {
	keys := [][]byte{storage.CreatedIndexKey(sp.CreatedAt, sp.ID)}
	if sp.Email != "" {
		keys = append(keys, storage.EmailIndexKey(sp.Email, sp.ID))
	}
	if sp.UserID != "" {
		keys = append(keys, storage.UserIDIndexKey(sp.UserID, sp.ID))
	}
	return keys
}

// ledger queues an identity ledger entry about sp, as writeTxn.ledger
// writes it (At defaults to the profile's creation).
func (g *bulkGen) ledger(b *storage.Batch, sp *storedProfile, seq uint64, e LedgerEntry) error {
	if e.At.IsZero() {
		e.At = sp.CreatedAt
	}
	e.Seq, e.ProfileID, e.UserID, e.Email, e.Kind, e.CriteriaID = seq, sp.ID, sp.UserID, sp.Email, sp.Kind, sp.MatchedCriteriaID
	sp.Ledger = append(sp.Ledger, seq)
	return bulkPut(b, storage.IdentityKey(seq), e)
}

// consent queues the device's grant, recorded before the profile existed
// and attached to it since, and the device record listing it.
func (g *bulkGen) consent(b *storage.Batch, sp *storedProfile, seq uint64, deviceID, platform string) error {
	ref := consentRef{At: sp.CreatedAt.Add(-10 * time.Minute), Seq: seq}
	entry := ConsentEntry{Seq: seq, Consent: device.Consent{DeviceID: deviceID, Granted: true, At: ref.At, Platform: platform}, ProfileID: sp.ID}
	if err := bulkPut(b, ref.key(), entry); err != nil {
		return err
	}
	return bulkPut(b, storage.DeviceKey(deviceID), deviceRecord{Consents: []consentRef{ref}})
}

// writeEvents queues the profile's events (an unknownSession event first
// for profiles activated by criteria) and their event-id entries, and
// counts them on sp as storeEvent does.
func (g *bulkGen) writeEvents(b *storage.Batch, rng *rand.Rand, sp *storedProfile, pl *bulkPlan, deviceID, platform string) error {
	for k, seq := range pl.events {
		at := sp.CreatedAt.Add(time.Duration(k) * 37 * time.Second)
		ev := StoredEvent{ID: bulkUUID(rng), ProfileID: sp.ID, Type: EventCustom, CreatedAt: at, DeviceID: deviceID}
		switch r := rng.IntN(10); {
		case k == 0 && deviceID != "":
			yes := true
			ev.ID, ev.Type, ev.IsUnknownUser = EventUnknownSession+":"+sp.UserID, EventUnknownSession, &yes
			ev.DataFields = map[string]any{"totalUnknownSessionCount": 1 + rng.IntN(4), "matchedCriteriaId": sp.MatchedCriteriaID,
				"criteriaVersion": 1, "deviceId": deviceID, "platform": platform,
				"firstUnknownSession": at.Add(-time.Hour).Unix(), "lastUnknownSession": at.Unix()}
		case r < 6:
			ev.EventName = "viewedProduct"
			ev.DataFields = map[string]any{"price": float64(rng.IntN(150000)) / 100, "sku": "sku-" + strconv.Itoa(rng.IntN(500)),
				"category": []string{"sofas", "tables", "lamps", "chairs"}[rng.IntN(4)]}
		case r < 8:
			ev.Type = EventCartUpdate
			ev.Items = []any{bulkItem(rng)}
		default:
			ev.Type = EventPurchase
			item := bulkItem(rng)
			ev.Items, ev.Total = []any{item}, item["price"]
		}
		key := storage.EventKey(sp.ID, ev.CreatedAt, seq)
		if err := bulkPut(b, key, ev); err != nil {
			return err
		}
		if err := b.Set(storage.EventIDKey(sp.ID, ev.ID), key); err != nil {
			return err
		}
		sp.EventCount++
		sp.LastActivity = laterOf(sp.LastActivity, ev.CreatedAt)
	}
	sp.UpdatedAt = laterOf(sp.UpdatedAt, sp.LastActivity)
	return nil
}

func bulkItem(rng *rand.Rand) map[string]any {
	return map[string]any{"id": "sku-" + strconv.Itoa(rng.IntN(500)), "name": "Item", "price": float64(rng.IntN(90000)) / 100,
		"quantity": 1 + rng.IntN(3), "categories": []any{"home"}}
}

// bulkUUID draws a version 4 UUID from rng.
func bulkUUID(rng *rand.Rand) string {
	a, b := rng.Uint64(), rng.Uint64()
	a = a&^0xf000 | 0x4000
	b = b&^(0xc0<<56) | 0x80<<56
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, a>>16&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// ListCursorAfter returns the cursor of the created-time listing (newest
// or oldest first) that resumes right after profile id, as a page ending
// on it would have returned: benchmarks page from random places with it.
func (p *Project) ListCursorAfter(id uint64) (Cursor, error) {
	var c Cursor
	err := p.db.View(func(txn *storage.Txn) error {
		sp, err := loadProfile(txn, id)
		if err == nil {
			c = keyCursor(storage.CreatedIndexKey(sp.CreatedAt, id))
		}
		return err
	})
	return c, err
}
