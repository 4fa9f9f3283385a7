package engine

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"limen/engine/device"
)

func TestIdentifyProfileConverts(t *testing.T) {
	for _, typ := range projectTypes {
		t.Run(typ, func(t *testing.T) {
			p := openProject(t, typ)
			publishSet(t, p, "1", "a")
			_, src := createUnknown(t, p, "dev-1", ev("u1", "a", 1, nil))
			to := knownIdentity(typ, "zoe")
			to.Email = strings.ToUpper(to.Email) // normalised by the preview

			pv, err := p.PreviewIdentify(src.ID, to)
			if err != nil {
				t.Fatal(err)
			}
			want := knownIdentity(typ, "zoe")
			if pv.Outcome != PreviewConvert || pv.To != want || pv.Profile.ID != src.ID || pv.Destination.ID != 0 {
				t.Fatalf("preview %+v", pv)
			}
			sub, cancel := p.Subscribe()
			defer cancel()
			res, err := p.IdentifyProfile(src.ID, to)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != device.OutcomeConverted {
				t.Fatalf("result %+v", res)
			}
			if h := <-sub; h.Kind != HappeningConverted || h.ProfileID != src.ID {
				t.Fatalf("happening %+v", h)
			}
			got, err := p.Profile(src.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != KindKnown || (want.Email != "" && (got.Email != want.Email || got.Placeholder)) || got.EventCount != src.EventCount {
				t.Fatalf("converted profile %+v", got)
			}
			if mustCount(t, p, KindUnknown) != 0 || mustCount(t, p, KindKnown) != 1 {
				t.Fatal("counts not moved from unknown to known")
			}
			l := ledger(t, p)
			if last := l[len(l)-1]; last.Op != OpConvert || last.ProfileID != src.ID || last.DeviceID != "" {
				t.Fatalf("ledger entry %+v", last)
			}
		})
	}
}

func TestIdentifyProfileMergeMatchesPreview(t *testing.T) {
	for _, typ := range projectTypes {
		t.Run(typ, func(t *testing.T) {
			p := openProject(t, typ)
			publishSet(t, p, "1", "a")
			ann := knownIdentity(typ, "ann")
			dst, err := p.CreateKnownProfile(ann.Email, ann.UserID, map[string]any{"plan": "gold", "city": "Lyon"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Track(ctx, ann, []device.Event{ev("shared", "a", 2, nil)}); err != nil {
				t.Fatal(err)
			}
			// Source: fields plan (kept), prefs (copied); events u1, u2,
			// shared (dropped: the destination has it) and unknownSession.
			_, src := createUnknown(t, p, "dev-1", ev("u1", "a", 3, nil), ev("u2", "a", 4, nil), ev("shared", "a", 2, nil))

			pv, err := p.PreviewIdentify(src.ID, ann)
			if err != nil {
				t.Fatal(err)
			}
			if pv.Outcome != PreviewMerge || pv.Destination.ID != dst.ID || pv.Problem != "" {
				t.Fatalf("preview %+v", pv)
			}
			if pv.FieldsKept != 1 || pv.FieldsCopied != 1 || pv.EventsMoved != 3 {
				t.Fatalf("preview figures kept %d copied %d moved %d, want 1 1 3", pv.FieldsKept, pv.FieldsCopied, pv.EventsMoved)
			}
			before, _ := p.Profile(src.ID)
			if !reflect.DeepEqual(before, src) {
				t.Fatal("the preview changed the profile")
			}
			res, err := p.IdentifyProfile(src.ID, ann)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != device.OutcomeMerged || res.FieldsKept != pv.FieldsKept || res.FieldsCopied != pv.FieldsCopied ||
				res.EventsMoved != pv.EventsMoved || res.MergedFromUserID != src.UserID {
				t.Fatalf("result %+v does not match preview %+v", res, pv)
			}
			if _, err := p.Profile(src.ID); !errors.Is(err, ErrNotFound) {
				t.Fatalf("source not deleted: %v", err)
			}
			got, _ := p.Profile(dst.ID)
			if got.EventCount != 1+pv.EventsMoved || got.DataFields["plan"] != "gold" {
				t.Fatalf("destination %+v", got)
			}
			sessions, err := p.UnknownSessionEvents(dst.ID)
			if err != nil || len(sessions) != 1 || sessions[0].IsUnknownUser == nil || *sessions[0].IsUnknownUser {
				t.Fatalf("unknownSession events of the destination: %+v, %v", sessions, err)
			}
		})
	}
}

func TestIdentifyProfileRefusals(t *testing.T) {
	p := openProject(t, TypeEmail)
	publishSet(t, p, "1", "a")
	ann, err := p.CreateKnownProfile("ann@example.com", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, src := createUnknown(t, p, "dev-1", ev("u1", "a", 1, nil))
	_, other := createUnknown(t, p, "dev-2", ev("u2", "a", 1, nil))

	cases := []struct {
		name    string
		id      uint64
		to      device.Identity
		outcome string
		problem string
	}{
		{"invalid email", src.ID, device.Identity{Email: "ann@"}, PreviewInvalid, "has no domain after the @"},
		{"placeholder email", src.ID, device.Identity{Email: other.Email}, PreviewInvalid, "is a placeholder address"},
		{"nothing", src.ID, device.Identity{}, PreviewInvalid, "give an email or a userId"},
		{"taken by an unknown profile", src.ID, device.Identity{UserID: other.UserID}, PreviewInvalid,
			"belongs to unknown profile"},
		{"known profile, other identity", ann.ID, device.Identity{Email: "bob@example.com"}, PreviewInvalid,
			"is already known as ann@example.com; only unknown profiles can be identified here"},
		{"known profile, its own identity", ann.ID, device.Identity{Email: "Ann@Example.com"}, PreviewExisting, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pv, err := p.PreviewIdentify(c.id, c.to)
			if err != nil {
				t.Fatal(err)
			}
			if pv.Outcome != c.outcome || !strings.Contains(pv.Problem, c.problem) {
				t.Fatalf("preview %s %q, want %s %q", pv.Outcome, pv.Problem, c.outcome, c.problem)
			}
			countsBefore := [2]int{mustCount(t, p, KindUnknown), mustCount(t, p, KindKnown)}
			res, err := p.IdentifyProfile(c.id, c.to)
			switch c.outcome {
			case PreviewInvalid:
				if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.problem) {
					t.Fatalf("IdentifyProfile error %v, want ErrInvalid with %q", err, c.problem)
				}
			case PreviewExisting:
				if err != nil || res.Outcome != device.OutcomeExisting || res.Known.Email != "ann@example.com" {
					t.Fatalf("IdentifyProfile %+v, %v", res, err)
				}
			}
			if got := [2]int{mustCount(t, p, KindUnknown), mustCount(t, p, KindKnown)}; got != countsBefore {
				t.Fatalf("counts changed from %v to %v", countsBefore, got)
			}
		})
	}
	if _, err := p.PreviewIdentify(9999, device.Identity{Email: "x@example.com"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("preview of a missing profile: %v", err)
	}
	if _, err := p.IdentifyProfile(9999, device.Identity{Email: "x@example.com"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("identify of a missing profile: %v", err)
	}
}

func TestIdentifyProfileHybridConflict(t *testing.T) {
	p := openProject(t, TypeHybrid)
	publishSet(t, p, "1", "a")
	if _, err := p.CreateKnownProfile("ann@example.com", "ann", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := p.CreateKnownProfile("bob@example.com", "bob", nil); err != nil {
		t.Fatal(err)
	}
	_, src := createUnknown(t, p, "dev-1")
	to := device.Identity{Email: "ann@example.com", UserID: "bob"}
	pv, err := p.PreviewIdentify(src.ID, to)
	if err != nil || pv.Outcome != PreviewInvalid || !strings.Contains(pv.Problem, "cannot both identify one person") {
		t.Fatalf("preview %+v, %v", pv, err)
	}
	if _, err := p.IdentifyProfile(src.ID, to); !errors.Is(err, ErrInvalid) {
		t.Fatalf("IdentifyProfile: %v", err)
	}
}

func TestUnknownSessionEvents(t *testing.T) {
	p := openProject(t, TypeEmail)
	publishSet(t, p, "1", "a")
	req, src := createUnknown(t, p, "dev-1", ev("u1", "a", 1, nil))
	got, err := p.UnknownSessionEvents(src.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("got %+v, %v", got, err)
	}
	s := got[0]
	if s.ID != "unknownSession:"+req.UserID || s.DataFields["matchedCriteriaId"] != "1" || s.IsUnknownUser == nil || !*s.IsUnknownUser {
		t.Fatalf("session event %+v", s)
	}
	known, _ := p.CreateKnownProfile("ann@example.com", "", nil)
	if got, err := p.UnknownSessionEvents(known.ID); err != nil || len(got) != 0 {
		t.Fatalf("known profile: %+v, %v", got, err)
	}
	if _, err := p.UnknownSessionEvents(9999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing profile: %v", err)
	}
}
