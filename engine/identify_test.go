package engine

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"limen/engine/device"
	"limen/storage"
)

// knownIdentity is a valid identity of a known person per project type.
func knownIdentity(typ, name string) device.Identity {
	switch typ {
	case TypeEmail:
		return device.Identity{Email: name + "@example.com"}
	case TypeUserID:
		return device.Identity{UserID: name}
	}
	return device.Identity{Email: name + "@example.com", UserID: name}
}

var projectTypes = []string{TypeEmail, TypeUserID, TypeHybrid}

func TestIdentifyVisitorToKnown(t *testing.T) {
	for _, typ := range projectTypes {
		t.Run(typ, func(t *testing.T) {
			p := openProject(t, typ)
			if err := p.RecordConsent(ctx, device.Consent{DeviceID: "dev-1", Granted: true, At: t0}); err != nil {
				t.Fatal(err)
			}
			to := knownIdentity(typ, "ann")
			steps := []struct {
				name     string
				device   string
				replay   bool
				events   []device.Event
				outcome  string
				replayed int
				total    int // events on the profile afterwards
			}{
				{"create with replay", "dev-1", true, evs("v", "a", 2), device.OutcomeCreated, 2, 2},
				{"existing without replay", "dev-2", false, evs("w", "a", 3), device.OutcomeExisting, 0, 2},
				{"existing, replay repeated", "dev-1", true, evs("v", "a", 2), device.OutcomeExisting, 0, 2},
				{"existing with replay", "dev-2", true, evs("w", "a", 3), device.OutcomeExisting, 3, 5},
			}
			for _, s := range steps {
				res, err := p.Identify(ctx, device.IdentifyRequest{
					DeviceID: s.device, At: t0, To: to, Replay: s.replay, Events: s.events,
					ProfileUpdate: map[string]any{"from": s.device},
				})
				if err != nil || res.Outcome != s.outcome || res.Replayed != s.replayed || res.Known != to {
					t.Fatalf("%s: %+v %v", s.name, res, err)
				}
				pr, err := p.Profile(1)
				if err != nil || pr.Kind != KindKnown || pr.EventCount != s.total || len(allEvents(t, p, pr.ID)) != s.total {
					t.Fatalf("%s: profile %+v %v", s.name, pr, err)
				}
			}
			pr, _ := p.Profile(1)
			if pr.DataFields["from"] != "dev-2" || !slices.Equal(pr.Devices, []string{"dev-1", "dev-2"}) || pr.Placeholder {
				t.Fatalf("profile %+v", pr)
			}
			if c, _ := p.ConsentFor(pr.ID); len(c) != 1 {
				t.Fatalf("consent attached: %+v", c)
			}
			if l := ledger(t, p); len(l) != 1 || l[0].Op != OpCreate || l[0].Kind != KindKnown || l[0].DeviceID != "dev-1" {
				t.Fatalf("ledger %+v", l)
			}
		})
	}
}

func TestIdentifyKnownToKnown(t *testing.T) {
	p := openProject(t, TypeHybrid)
	a, b := knownIdentity(TypeHybrid, "a"), knownIdentity(TypeHybrid, "b")
	if _, err := p.CreateKnownProfile(a.Email, a.UserID, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{device.OutcomeCreated, device.OutcomeExisting} {
		res, err := p.Identify(ctx, device.IdentifyRequest{DeviceID: "d", From: a, To: b})
		if err != nil || res.Outcome != want || res.Known != b {
			t.Fatalf("known → known: %+v %v, want %s", res, err, want)
		}
	}
	if mustCount(t, p, KindKnown) != 2 {
		t.Fatal("want two known profiles")
	}
}

func TestIdentifyConvert(t *testing.T) {
	cases := []struct {
		typ       string
		to        device.Identity
		wantEmail string // "" keeps the profile's email; "placeholder" for a regenerated one
		keepsUUID bool
	}{
		{TypeEmail, device.Identity{Email: "Ann@Example.com"}, "ann@example.com", true},
		{TypeEmail, device.Identity{UserID: "ann"}, "placeholder", false},
		{TypeUserID, device.Identity{UserID: "ann", Email: "ann@example.com"}, "ann@example.com", false},
		{TypeHybrid, device.Identity{Email: "ann@example.com"}, "ann@example.com", true},
		{TypeHybrid, device.Identity{UserID: "ann"}, "", false},
	}
	for _, c := range cases {
		t.Run(c.typ+"/"+identityText(c.to), func(t *testing.T) {
			p := openProject(t, c.typ)
			publishSet(t, p, "1", "a")
			req, before := createUnknown(t, p, "dev-1", evs("e", "a", 2)...)
			res, err := p.Identify(ctx, device.IdentifyRequest{DeviceID: "dev-1", From: device.Identity{UserID: req.UserID}, FromUnknown: true, Merge: true, To: c.to})
			if err != nil || res.Outcome != device.OutcomeConverted {
				t.Fatalf("Identify: %+v %v", res, err)
			}
			pr, _ := p.Profile(before.ID)
			wantUser := c.to.UserID
			if c.keepsUUID {
				wantUser = req.UserID
			}
			wantEmail := c.wantEmail
			if wantEmail == "placeholder" {
				wantEmail = placeholderEmail(p.Settings().ProjectID, "ann")
			}
			if pr.Kind != KindKnown || pr.UserID != wantUser || pr.Email != wantEmail || pr.Placeholder != (c.wantEmail == "placeholder") ||
				pr.EventCount != 3 || res.Known != (device.Identity{Email: wantEmail, UserID: wantUser}) {
				t.Fatalf("converted profile %+v, result %+v", pr, res)
			}
			if !c.keepsUUID {
				if _, err := p.ProfileByUserID(req.UserID); !errors.Is(err, ErrNotFound) {
					t.Fatalf("old userId still indexed: %v", err)
				}
			}
			if before.Placeholder && before.Email != pr.Email {
				if _, err := p.ProfileByEmail(before.Email); !errors.Is(err, ErrNotFound) {
					t.Fatalf("old placeholder still indexed: %v", err)
				}
			}
			if mustCount(t, p, KindUnknown) != 0 || mustCount(t, p, KindKnown) != 1 {
				t.Fatal("counts not moved from unknown to known")
			}
			l := ledger(t, p)
			if len(l) != 2 || l[1].Op != OpConvert || len(l[1].Before) != 1 || l[1].Before[0].Kind != KindUnknown ||
				l[1].Before[0].UserID != req.UserID || l[1].Kind != KindKnown {
				t.Fatalf("ledger %+v", l)
			}
			// A repeated request changes nothing.
			again, err := p.Identify(ctx, device.IdentifyRequest{DeviceID: "dev-1", From: device.Identity{UserID: req.UserID}, FromUnknown: true, Merge: true, To: c.to})
			if err != nil || again.Outcome != device.OutcomeConverted || again.Known != res.Known {
				t.Fatalf("repeat: %+v %v", again, err)
			}
			if len(ledger(t, p)) != 2 || mustCount(t, p, "") != 1 {
				t.Fatal("a repeated conversion changed something")
			}
		})
	}
}

func TestIdentifyAbandon(t *testing.T) {
	p := openProject(t, TypeEmail)
	publishSet(t, p, "1", "a")
	req, unknown := createUnknown(t, p, "dev-1", evs("e", "a", 2)...)
	res, err := p.Identify(ctx, device.IdentifyRequest{DeviceID: "dev-1", From: device.Identity{UserID: req.UserID, Email: unknown.Email},
		FromUnknown: true, Merge: false, To: device.Identity{Email: "ann@example.com"}})
	if err != nil || res.Outcome != device.OutcomeAbandoned || res.Known.Email != "ann@example.com" {
		t.Fatalf("abandon: %+v %v", res, err)
	}
	if pr, _ := p.Profile(unknown.ID); pr.Kind != KindUnknown || pr.EventCount != 3 {
		t.Fatalf("the abandoned profile changed: %+v", pr)
	}
	if mustCount(t, p, KindUnknown) != 1 || mustCount(t, p, KindKnown) != 1 {
		t.Fatal("want one unknown and one known profile")
	}
}

func TestIdentifyBadInputChangesNothing(t *testing.T) {
	p := openProject(t, TypeHybrid)
	publishSet(t, p, "1", "a")
	req, unknown := createUnknown(t, p, "dev-1")
	if _, err := p.CreateKnownProfile("a@example.com", "", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := p.CreateKnownProfile("", "b", nil); err != nil {
		t.Fatal(err)
	}
	from := device.Identity{UserID: req.UserID}
	cases := []struct {
		name string
		req  device.IdentifyRequest
		err  error
		text string
	}{
		{"malformed email", device.IdentifyRequest{From: from, FromUnknown: true, Merge: true, To: device.Identity{Email: "ann@"}}, ErrInvalid, "email"},
		{"userId too long", device.IdentifyRequest{From: from, FromUnknown: true, Merge: true, To: device.Identity{UserID: strings.Repeat("u", 53)}}, ErrInvalid, "maximum is 52"},
		{"nothing", device.IdentifyRequest{From: from, FromUnknown: true, Merge: true}, ErrInvalid, "give an email or a userId"},
		{"placeholder target", device.IdentifyRequest{To: device.Identity{Email: unknown.UserID + "+1@placeholder.email"}}, ErrInvalid, "placeholder"},
		{"unknown profile missing", device.IdentifyRequest{From: device.Identity{UserID: newUUID()}, FromUnknown: true, Merge: true, To: device.Identity{Email: "c@example.com"}}, ErrNotFound, "no unknown profile"},
		{"unknown without from", device.IdentifyRequest{FromUnknown: true, Merge: true, To: device.Identity{Email: "c@example.com"}}, ErrInvalid, "from.userId"},
		{"identifiers of two profiles", device.IdentifyRequest{From: from, FromUnknown: true, Merge: true, To: device.Identity{Email: "a@example.com", UserID: "b"}}, ErrInvalid, "cannot both identify"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := p.Identify(ctx, c.req)
			if !errors.Is(err, c.err) || !strings.Contains(err.Error(), c.text) {
				t.Fatalf("error %v, want %v saying %q", err, c.err, c.text)
			}
			if pr, _ := p.Profile(unknown.ID); pr.Kind != KindUnknown || mustCount(t, p, "") != 3 || len(ledger(t, p)) != 3 {
				t.Fatal("a refused identification changed something")
			}
		})
	}
	u := openProject(t, TypeUserID)
	if _, err := u.Identify(ctx, device.IdentifyRequest{To: device.Identity{Email: "a@example.com"}}); !errors.Is(err, ErrInvalid) ||
		!strings.Contains(err.Error(), "required in a userId-based project") {
		t.Fatalf("userId project identified by email only: %v", err)
	}
}

func TestIdentifierRulesPerProjectType(t *testing.T) {
	type create struct {
		email, userID string
		err           error
		placeholder   bool
	}
	cases := map[string][]create{
		TypeEmail: {
			{"a@example.com", "u1", nil, false},
			{"A@example.com", "u2", ErrExists, false}, // email unique, case-insensitive
			{"b@example.com", "u1", nil, false},       // userId not unique
			{"", "u3", nil, true},                     // userId only: placeholder email
			{"", "u3", ErrExists, false},
		},
		TypeUserID: {
			{"a@example.com", "u1", nil, false},
			{"a@example.com", "u2", nil, false}, // email is an attribute
			{"", "u1", ErrExists, false},
			{"c@example.com", "", ErrInvalid, false}, // userId required
		},
		TypeHybrid: {
			{"a@example.com", "", nil, false},
			{"", "u1", nil, false}, // no placeholder in hybrid projects
			{"a@example.com", "u9", ErrExists, false},
			{"b@example.com", "u1", ErrExists, false},
			{"", "", ErrInvalid, false},
		},
	}
	for typ, steps := range cases {
		t.Run(typ, func(t *testing.T) {
			p := openProject(t, typ)
			for i, c := range steps {
				pr, err := p.CreateKnownProfile(c.email, c.userID, map[string]any{"i": i})
				if c.err != nil {
					wantErr(t, err, c.err)
					continue
				}
				if err != nil || pr.Placeholder != c.placeholder || (c.placeholder && !isPlaceholder(pr.Email)) {
					t.Fatalf("step %d: %+v %v", i, pr, err)
				}
			}
		})
	}
	// In an email-based project a userId shared by two profiles cannot identify.
	p := openProject(t, TypeEmail)
	for _, e := range []string{"a@example.com", "b@example.com"} {
		if _, err := p.CreateKnownProfile(e, "shared", nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Identify(ctx, device.IdentifyRequest{To: device.Identity{UserID: "shared"}}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("ambiguous userId: %v", err)
	}
	// A hybrid profile known by email gets the userId it is identified with.
	h := openProject(t, TypeHybrid)
	pr, _ := h.CreateKnownProfile("a@example.com", "", nil)
	res, err := h.Identify(ctx, device.IdentifyRequest{To: device.Identity{Email: "a@example.com", UserID: "ua"}})
	if err != nil || res.Outcome != device.OutcomeExisting || res.Known.UserID != "ua" {
		t.Fatalf("fill userId: %+v %v", res, err)
	}
	if byUser, err := h.ProfileByUserID("ua"); err != nil || byUser.ID != pr.ID {
		t.Fatalf("filled userId not indexed: %v", err)
	}
	if n := indexEntries(t, h, storage.UserIDIndexPrefix("ua")); n != 1 {
		t.Fatalf("%d index entries", n)
	}
}
