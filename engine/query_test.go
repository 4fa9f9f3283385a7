package engine

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"limen/engine/device"
)

// pageAll reads every page of a listing and returns the profile ids.
func pageAll(t *testing.T, p *Project, q ProfileQuery) []uint64 {
	t.Helper()
	var ids []uint64
	for range 100 {
		page, next, err := p.ListProfiles(q)
		if err != nil {
			t.Fatalf("ListProfiles(%+v): %v", q, err)
		}
		for _, pr := range page {
			ids = append(ids, pr.ID)
		}
		if next == "" {
			return ids
		}
		q.After = next
	}
	t.Fatal("too many pages")
	return nil
}

func TestListProfiles(t *testing.T) {
	p := openProject(t, TypeHybrid)
	publishSet(t, p, "1", "a")
	publishSet(t, p, "2", "b")
	// Profiles 1..4 known, 5..7 unknown (5, 6 by criteria "1", 7 by "2").
	for i := range 4 {
		if _, err := p.CreateKnownProfile(fmt.Sprintf("user%d@example.com", i), fmt.Sprintf("kid-%d", i), nil); err != nil {
			t.Fatal(err)
		}
	}
	var unknownIDs []uint64
	for i := range 3 {
		req := unknownReq(p, fmt.Sprintf("dev-%d", i))
		if i == 2 {
			req.CriteriaID = "2"
		}
		if _, err := p.CreateUnknownUser(ctx, req); err != nil {
			t.Fatal(err)
		}
		pr, _ := p.ProfileByUserID(req.UserID)
		unknownIDs = append(unknownIDs, pr.ID)
	}
	// Activity: profile 2 is the most recent, then 4.
	_, _ = p.Track(ctx, device.Identity{UserID: "kid-1"}, []device.Event{ev("x", "a", 500, nil)})
	_, _ = p.Track(ctx, device.Identity{UserID: "kid-3"}, []device.Event{ev("y", "a", 400, nil)})

	cases := []struct {
		name string
		q    ProfileQuery
		want []uint64
	}{
		{"created", ProfileQuery{Limit: 2}, []uint64{1, 2, 3, 4, 5, 6, 7}},
		{"created desc", ProfileQuery{Desc: true, Limit: 3}, []uint64{7, 6, 5, 4, 3, 2, 1}},
		{"unknown", ProfileQuery{Kind: KindUnknown, Limit: 2}, unknownIDs},
		{"known desc", ProfileQuery{Kind: KindKnown, Desc: true, Limit: 1}, []uint64{4, 3, 2, 1}},
		{"criteria", ProfileQuery{CriteriaID: "1"}, unknownIDs[:2]},
		{"email prefix", ProfileQuery{Prefix: "USER", Limit: 3}, []uint64{1, 2, 3, 4}},
		{"userId prefix", ProfileQuery{Prefix: "kid-2"}, []uint64{3}},
		{"exact email", ProfileQuery{Prefix: "user1@example.com"}, []uint64{2}},
		{"no match", ProfileQuery{Prefix: "zzz"}, nil},
		{"activity desc", ProfileQuery{Order: OrderActivity, Desc: true, Limit: 2, Kind: KindKnown}, []uint64{2, 4, 3, 1}},
		{"activity asc", ProfileQuery{Order: OrderActivity, Limit: 3, Kind: KindKnown}, []uint64{1, 3, 4, 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := pageAll(t, p, c.q); !slices.Equal(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
	// A UUID prefix finds the unknown profile through the userId index.
	first, _ := p.Profile(unknownIDs[0])
	if got := pageAll(t, p, ProfileQuery{Prefix: first.UserID[:8]}); !slices.Contains(got, first.ID) {
		t.Fatalf("uuid prefix: %v", got)
	}
	bad := []ProfileQuery{{Kind: "ghost"}, {Order: "name"}, {After: "!!"}, {Order: OrderActivity, After: "YQ"}}
	for _, q := range bad {
		if _, _, err := p.ListProfiles(q); !errors.Is(err, ErrInvalid) {
			t.Errorf("ListProfiles(%+v): %v", q, err)
		}
	}
	counts := map[string]int{"": 7, KindKnown: 4, KindUnknown: 3}
	for kind, want := range counts {
		if got := mustCount(t, p, kind); got != want {
			t.Errorf("CountProfiles(%q) = %d, want %d", kind, got, want)
		}
	}
	if _, err := p.CountProfiles("ghost"); !errors.Is(err, ErrInvalid) {
		t.Error("CountProfiles accepted a bad kind")
	}
}

func TestPlaceholderAndUserIDPrefixListedOnce(t *testing.T) {
	p := openProject(t, TypeEmail)
	publishSet(t, p, "1", "a")
	_, pr := createUnknown(t, p, "dev-1")
	// The placeholder email starts with the userId: both indexes match.
	if got := pageAll(t, p, ProfileQuery{Prefix: pr.UserID[:6], Limit: 1}); !slices.Equal(got, []uint64{pr.ID}) {
		t.Fatalf("listed %v, want the profile once", got)
	}
}

func TestEventsPaging(t *testing.T) {
	p := openProject(t, TypeHybrid)
	pr, _ := p.CreateKnownProfile("a@example.com", "", nil)
	if _, err := p.Track(ctx, device.Identity{Email: "a@example.com"}, evs("e", "a", 7)); err != nil {
		t.Fatal(err)
	}
	for _, newest := range []bool{false, true} {
		var times []time.Time
		q := EventQuery{NewestFirst: newest, Limit: 3}
		for {
			page, next, err := p.Events(pr.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page {
				times = append(times, e.CreatedAt)
			}
			if next == "" {
				break
			}
			q.After = next
		}
		sorted := slices.IsSortedFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		if newest {
			slices.Reverse(times)
			sorted = slices.IsSortedFunc(times, func(a, b time.Time) int { return a.Compare(b) })
		}
		if len(times) != 7 || !sorted {
			t.Fatalf("newest=%v: %d events, in order %v", newest, len(times), sorted)
		}
	}
	other, _ := p.CreateKnownProfile("b@example.com", "", nil)
	_, next, _ := p.Events(pr.ID, EventQuery{Limit: 1})
	if _, _, err := p.Events(other.ID, EventQuery{After: next}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("cursor of another profile: %v", err)
	}
	if _, _, err := p.Events(999, EventQuery{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("events of a missing profile: %v", err)
	}
}

func TestCountByPrefixAgreesWithListing(t *testing.T) {
	p := openProject(t, TypeHybrid)
	for i, who := range [][2]string{{"ann@example.com", "ann"}, {"anna@example.com", "x-anna"}, {"bob@example.com", "annie"}, {"cy@example.com", ""}} {
		if _, err := p.CreateKnownProfile(who[0], who[1], nil); err != nil {
			t.Fatalf("profile %d: %v", i, err)
		}
	}
	for _, prefix := range []string{"ann", "an", "ANN", "b", "annie", "zz", ""} {
		listed, _, err := p.ListProfiles(ProfileQuery{Prefix: prefix, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		n, capped, err := p.CountByPrefix(prefix, 1000)
		if err != nil || capped || n != len(listed) {
			t.Errorf("prefix %q: counted %d (capped %v, %v), listed %d", prefix, n, capped, err, len(listed))
		}
	}
	if n, capped, _ := p.CountByPrefix("a", 1); n != 1 || !capped {
		t.Errorf("capped count: %d %v", n, capped)
	}
}
