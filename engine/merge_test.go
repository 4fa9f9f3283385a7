package engine

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"limen/engine/device"
	"limen/storage"
)

func TestIdentifyMerge(t *testing.T) {
	for _, typ := range projectTypes {
		t.Run(typ, func(t *testing.T) {
			p := openProject(t, typ)
			publishSet(t, p, "1", "a")
			ann := knownIdentity(typ, "ann")
			dst, err := p.CreateKnownProfile(ann.Email, ann.UserID, map[string]any{"plan": "gold", "prefs": map[string]any{"size": "L"}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Track(ctx, ann, []device.Event{ev("k1", "a", 1, nil), ev("shared", "a", 2, nil)}); err != nil {
				t.Fatal(err)
			}
			if err := p.RecordConsent(ctx, device.Consent{DeviceID: "dev-1", Granted: true, At: t0}); err != nil {
				t.Fatal(err)
			}
			req := unknownReq(p, "dev-1", ev("u1", "a", 3, nil), ev("u2", "a", 4, nil), ev("shared", "a", 2, nil))
			req.ProfileUpdate["onlySource"] = true
			if _, err := p.CreateUnknownUser(ctx, req); err != nil {
				t.Fatal(err)
			}
			src, _ := p.ProfileByUserID(req.UserID)
			if ann.UserID != "" && src.ID == dst.ID {
				t.Fatal("unknown profile resolved to the known one")
			}
			sub, cancel := p.Subscribe()
			defer cancel()

			ireq := device.IdentifyRequest{DeviceID: "dev-1", At: t0, From: device.Identity{UserID: req.UserID}, FromUnknown: true, Merge: true, To: ann}
			res, err := p.Identify(ctx, ireq)
			if err != nil {
				t.Fatal(err)
			}
			want := device.IdentifyResult{Outcome: device.OutcomeMerged, Known: ann, EventsMoved: 3, FieldsKept: 2, FieldsCopied: 1, MergedFromUserID: req.UserID}
			if res != want {
				t.Fatalf("result %+v, want %+v", res, want)
			}
			if h := <-sub; h.Kind != HappeningMerged || h.ProfileID != dst.ID {
				t.Fatalf("happening %+v", h)
			}
			got, _ := p.Profile(dst.ID)
			wantFields := map[string]any{"plan": "gold", "prefs": map[string]any{"size": "L"}, "onlySource": true}
			if !reflect.DeepEqual(got.DataFields, wantFields) {
				t.Fatalf("fields %v, want %v (destination wins whole values)", got.DataFields, wantFields)
			}
			if got.EventCount != 5 || !slices.Equal(got.MergedFrom, []string{req.UserID}) || !slices.Contains(got.Devices, "dev-1") || got.MatchedCriteriaID != "1" {
				t.Fatalf("destination %+v", got)
			}
			events := allEvents(t, p, dst.ID)
			ids := make([]string, len(events))
			for i, e := range events {
				ids[i] = e.ID
				if e.ProfileID != dst.ID {
					t.Errorf("event %s keeps profile %d", e.ID, e.ProfileID)
				}
				if e.Type == EventUnknownSession && (e.IsUnknownUser == nil || *e.IsUnknownUser) {
					t.Errorf("moved session event still says isUnknownUser: %+v", e)
				}
			}
			if !slices.Equal(ids, []string{"k1", "shared", "u1", "u2", "unknownSession:" + req.UserID}) {
				t.Fatalf("destination events %v", ids)
			}
			// The source is gone, with its indexes and events.
			if _, err := p.Profile(src.ID); !errors.Is(err, ErrNotFound) {
				t.Fatalf("source still exists: %v", err)
			}
			if _, err := p.ProfileByUserID(req.UserID); !errors.Is(err, ErrNotFound) {
				t.Fatalf("source userId still indexed: %v", err)
			}
			for _, prefix := range [][]byte{storage.EventPrefix(src.ID), storage.EventIDPrefix(src.ID), storage.UserIDIndexPrefix(req.UserID)} {
				if n := indexEntries(t, p, prefix); n != 0 {
					t.Fatalf("%d keys left under %x", n, prefix)
				}
			}
			if src.Email != "" {
				if _, err := p.ProfileByEmail(src.Email); !errors.Is(err, ErrNotFound) {
					t.Fatalf("placeholder still indexed: %v", err)
				}
			}
			if all, _, _ := p.ListProfiles(ProfileQuery{}); len(all) != 1 || mustCount(t, p, KindUnknown) != 0 || mustCount(t, p, KindKnown) != 1 {
				t.Fatalf("profiles after merge: %+v", all)
			}
			if c, _ := p.ConsentFor(dst.ID); len(c) != 1 || c[0].ProfileID != dst.ID {
				t.Fatalf("consent not relinked: %+v", c)
			}
			l := ledger(t, p)
			m := l[len(l)-1]
			if m.Op != OpMerge || m.ProfileID != dst.ID || m.FromProfileID != src.ID || m.FromUserID != req.UserID ||
				m.EventsMoved != 3 || m.FieldsKept != 2 || m.FieldsCopied != 1 || len(m.Before) != 2 ||
				m.Before[0].ID != src.ID || m.Before[0].Kind != KindUnknown || m.Before[1].ID != dst.ID || m.Before[1].EventCount != 2 {
				t.Fatalf("merge entry %+v", m)
			}
			// Repeating the request answers the same and changes nothing.
			again, err := p.Identify(ctx, ireq)
			if err != nil || again.Outcome != device.OutcomeMerged || again.MergedFromUserID != req.UserID {
				t.Fatalf("repeat: %+v %v", again, err)
			}
			if len(ledger(t, p)) != len(l) {
				t.Fatal("a repeated merge wrote the ledger")
			}
		})
	}
}

// TestMergeIntoLargeProfile merges an unknown profile with 100 events into
// a known one with 10,000; only the source's events are read.
func TestMergeIntoLargeProfile(t *testing.T) {
	p := openProject(t, TypeHybrid)
	publishSet(t, p, "1", "a")
	ann := device.Identity{Email: "ann@example.com"}
	dst, err := p.CreateKnownProfile(ann.Email, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	const known, unknown = 10000, 100
	for b := 0; b < known; b += 1000 {
		batch := make([]device.Event, 1000)
		for i := range batch {
			batch[i] = ev(fmt.Sprintf("k%d", b+i), "k", b+i, nil)
		}
		if _, err := p.Track(ctx, ann, batch); err != nil {
			t.Fatal(err)
		}
	}
	req, src := createUnknown(t, p, "dev-1", evs("u", "a", unknown)...)
	res, err := p.Identify(ctx, device.IdentifyRequest{DeviceID: "dev-1", From: device.Identity{UserID: req.UserID}, FromUnknown: true, Merge: true, To: ann})
	if err != nil || res.Outcome != device.OutcomeMerged || res.EventsMoved != unknown+1 {
		t.Fatalf("merge: %+v %v", res, err)
	}
	got, _ := p.Profile(dst.ID)
	total := known + unknown + 1
	if got.EventCount != total || indexEntries(t, p, storage.EventPrefix(dst.ID)) != total || indexEntries(t, p, storage.EventIDPrefix(dst.ID)) != total {
		t.Fatalf("destination has %d events (count %d), want %d", indexEntries(t, p, storage.EventPrefix(dst.ID)), got.EventCount, total)
	}
	if indexEntries(t, p, storage.EventPrefix(src.ID)) != 0 {
		t.Fatal("source events left")
	}
	// The newest event is the last known one (t0 + 9,999 minutes).
	last, _, err := p.Events(dst.ID, EventQuery{NewestFirst: true, Limit: 1})
	if err != nil || len(last) != 1 || last[0].ID != fmt.Sprintf("k%d", known-1) {
		t.Fatalf("newest event %+v %v", last, err)
	}
}
