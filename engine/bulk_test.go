package engine

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"limen/engine/device"
)

// TestBulkLoadChecks loads profiles into a project of each type and asks
// the invariant check, which reads every record, index and ledger both
// ways: a bulk load must leave nothing a real workload would not.
func TestBulkLoadChecks(t *testing.T) {
	for typ, n := range map[string]int{TypeEmail: 700, TypeUserID: 300, TypeHybrid: 300} {
		t.Run(typ, func(t *testing.T) {
			p := openProject(t, typ)
			publishSet(t, p, "s1", "viewedProduct")
			// Profiles written the ordinary way first: the load carries on
			// after their ids and counts.
			if _, err := p.CreateKnownProfile("first@example.com", "first", nil); err != nil {
				t.Fatal(err)
			}
			var calls, last int
			var mu sync.Mutex
			err := p.BulkLoadProfiles(ctx, n, 4, 7, func(done int) {
				mu.Lock()
				defer mu.Unlock()
				if done < last {
					t.Errorf("progress went back from %d to %d", last, done)
				}
				calls, last = calls+1, done
			})
			if err != nil {
				t.Fatal(err)
			}
			if calls == 0 || last != n {
				t.Errorf("progress called %d times, last with %d", calls, last)
			}
			// And ordinary writes carry on after the load.
			if _, err := p.CreateKnownProfile("after@example.com", "after", nil); err != nil {
				t.Fatal(err)
			}
			r, err := p.CheckAll(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range r.Violations {
				t.Errorf("violation: %s", v)
			}
			unknown, known := mustCount(t, p, KindUnknown), mustCount(t, p, KindKnown)
			if r.Profiles != n+2 || unknown+known != n+2 || r.Events != n*4 || r.ConsentEntries == 0 || r.Devices != r.ConsentEntries {
				t.Errorf("check read %+v; counters %d unknown, %d known", r, unknown, known)
			}
			// About 60% unknown, 10% converted, 30% created known.
			if unknown < n/2 || unknown > n*7/10 || r.IdentityEntries < n+2+n/20 {
				t.Errorf("%d unknown profiles, %d ledger entries: not the planned mix", unknown, r.IdentityEntries)
			}
		})
	}
}

// TestBulkLoadBrowses reads the loaded profiles the way the console does:
// newest first with ids growing with creation time, paged from anywhere,
// searched by prefix, and a profile's detail.
func TestBulkLoadBrowses(t *testing.T) {
	p := openProject(t, TypeEmail)
	if err := p.BulkLoadProfiles(ctx, 600, 3, 1, nil); err != nil {
		t.Fatal(err)
	}
	page, next, err := p.ListProfiles(ProfileQuery{Desc: true, Limit: 50})
	if err != nil || len(page) != 50 || next == "" {
		t.Fatalf("first page: %d rows, next %q, %v", len(page), next, err)
	}
	if !slices.IsSortedFunc(page, func(a, b Profile) int { return cmpUint(b.ID, a.ID) }) || page[0].ID != 600 {
		t.Errorf("newest first should be ids 600 down: %d … %d", page[0].ID, page[len(page)-1].ID)
	}
	// A cursor made after any profile resumes the listing right there.
	c, err := p.ListCursorAfter(page[9].ID)
	if err != nil {
		t.Fatal(err)
	}
	rest, _, err := p.ListProfiles(ProfileQuery{Desc: true, After: c, Limit: 5})
	if err != nil || len(rest) != 5 || rest[0].ID != page[10].ID {
		t.Fatalf("after #%d: %v, %v; want #%d first", page[9].ID, rest, err, page[10].ID)
	}
	var un, kn Profile
	for _, pr := range page {
		switch {
		case pr.Kind == KindUnknown && un.ID == 0:
			un = pr
		case pr.Kind == KindKnown && len(pr.Devices) == 0 && kn.ID == 0:
			kn = pr
		}
	}
	if !un.Placeholder || !strings.HasPrefix(un.Email, un.UserID+"+") || validateUUID("userId", un.UserID) != nil || un.MatchedCriteriaID == "" {
		t.Errorf("unknown profile %+v: want a UUID userId, its placeholder email and a criteria id", un)
	}
	if kn.Placeholder || !strings.HasSuffix(kn.Email, "@example.com") || !strings.HasPrefix(kn.UserID, "cust-") || kn.DataFields["firstName"] == nil {
		t.Errorf("known profile %+v: want a real email, a userId and data fields", kn)
	}
	for _, prefix := range []string{kn.Email[:4], un.UserID[:5]} {
		found, _, err := p.ListProfiles(ProfileQuery{Prefix: prefix, Limit: 1000})
		if err != nil || !slices.ContainsFunc(found, func(f Profile) bool { return f.ID == kn.ID || f.ID == un.ID }) {
			t.Errorf("search %q: %d matches, %v", prefix, len(found), err)
		}
	}
	evs, _, err := p.Events(un.ID, EventQuery{NewestFirst: true})
	sessions, err2 := p.UnknownSessionEvents(un.ID)
	consent, err3 := p.ConsentFor(un.ID)
	led, err4 := p.LedgerFor(un.ID)
	switch {
	case err != nil || err2 != nil || err3 != nil || err4 != nil:
		t.Fatal(err, err2, err3, err4)
	case len(evs) != 3 || evs[0].CreatedAt.Before(evs[2].CreatedAt):
		t.Errorf("events %v", evs)
	case len(sessions) != 1 || sessions[0].IsUnknownUser == nil || !*sessions[0].IsUnknownUser:
		t.Errorf("unknownSession events %v", sessions)
	case len(consent) != 1 || !consent[0].Granted || consent[0].DeviceID != un.Devices[0]:
		t.Errorf("consent %v of devices %v", consent, un.Devices)
	case len(led) != 1 || led[0].Op != OpCreate || led[0].DeviceID != un.Devices[0]:
		t.Errorf("ledger %v", led)
	}
	// The loaded profiles take part in identity like any other.
	pv, err := p.PreviewIdentify(un.ID, device.Identity{Email: kn.Email})
	if err != nil || pv.Outcome != PreviewMerge || pv.EventsMoved != 3 {
		t.Fatalf("preview of merging #%d into #%d: %+v, %v", un.ID, kn.ID, pv, err)
	}
	if _, err := p.IdentifyProfile(un.ID, device.Identity{Email: kn.Email}); err != nil {
		t.Fatal(err)
	}
	if vs, err := p.Check(ctx); err != nil || len(vs) > 0 {
		t.Errorf("after a merge: %v, %v", vs, err)
	}
}

// TestBulkLoadDeterministic: the same seed in the same project gives the
// same profiles.
func TestBulkLoadDeterministic(t *testing.T) {
	load := func() []Profile {
		p, err := Open(Options{InMemory: true, Clock: (&fakeClock{now: t0}).Now, ProjectID: "bulk"})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		s := p.Settings()
		s.Type = TypeEmail
		if err := p.SetSettings(s); err != nil {
			t.Fatal(err)
		}
		if err := p.BulkLoadProfiles(ctx, 300, 2, 42, nil); err != nil {
			t.Fatal(err)
		}
		out, _, err := p.ListProfiles(ProfileQuery{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := load(), load()
	if len(a) != 300 || len(a) != len(b) {
		t.Fatalf("%d and %d profiles", len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Email != b[i].Email || a[i].UserID != b[i].UserID || !a[i].CreatedAt.Equal(b[i].CreatedAt) {
			t.Fatalf("profile %d differs: %+v and %+v", i, a[i], b[i])
		}
	}
}

func TestBulkLoadCancelled(t *testing.T) {
	p := openProject(t, TypeEmail)
	c, cancel := context.WithCancel(ctx)
	cancel()
	if err := p.BulkLoadProfiles(c, 2000, 1, 1, nil); err == nil {
		t.Fatal("a cancelled load succeeded")
	}
}
