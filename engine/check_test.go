package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"limen/engine/device"
	"limen/storage"
)

// checkWorld is a project after a realistic workload, with handles on the
// records the corruption cases break.
type checkWorld struct {
	p           *Project
	ann, bob    Profile // known: ann converted then merged into, bob created by a visitor
	unknown     Profile // an unknown profile still alive
	mergedUID   string  // userId of the unknown profile merged into ann
	mergedDev   string  // the device that merged it
	unknownDev  string  // the device whose unknown profile is alive
	forgottenID uint64
}

// who is the identity a person identifies with under the project type.
func who(typ, name string) device.Identity {
	switch typ {
	case TypeUserID:
		return device.Identity{UserID: name, Email: name + "@example.com"}
	case TypeHybrid:
		return device.Identity{Email: name + "@example.com", UserID: name}
	}
	return device.Identity{Email: name + "@example.com"}
}

// buildCheckWorld drives real devices: activations, a conversion, a merge,
// a visitor identifying, a logout and second activation, an abandoned
// unknown profile, a userId-only identify, a dropped call, and forgets of
// an unknown and of a known profile with events.
func buildCheckWorld(t *testing.T, typ string) *checkWorld {
	t.Helper()
	p := openProject(t, typ)
	publishSet(t, p, "1", "buy")
	clock := &fakeClock{now: t0}
	newDev := func(id string) *device.Device {
		return device.New(device.Config{ID: id, Platform: "web", Backend: p, Journal: p, Clock: clock.Now,
			Resolution: device.Resolution{ReplayOnVisitorToKnown: true, MergeOnUnknownToKnown: true}})
	}
	must := func(out device.Outcome, err error) device.Outcome {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	activate := func(d *device.Device) string {
		t.Helper()
		must(d.SetConsent(ctx, true))
		must(d.Track(ctx, "browse", map[string]any{"page": d.ID()}))
		out := must(d.Track(ctx, "buy", map[string]any{"price": 12.5}))
		if out.Activated == nil {
			t.Fatalf("%s did not activate", d.ID())
		}
		return out.Activated.UserID
	}
	identify := func(d *device.Device, name, want string, o *device.Override) {
		t.Helper()
		out := must(d.Identify(ctx, who(typ, name), o))
		if out.Identified == nil || out.Identified.Outcome != want {
			t.Fatalf("%s identify %s: %+v, want %s", d.ID(), name, out.Identified, want)
		}
	}
	w := &checkWorld{p: p, mergedDev: "dev-b", unknownDev: "dev-c"}
	carolWho := who(typ, "carol")
	carol, err := p.CreateKnownProfile(carolWho.Email, carolWho.UserID, map[string]any{"vip": true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Track(ctx, carolWho, evs("carol", "x", 5)); err != nil {
		t.Fatal(err)
	}

	a := newDev("dev-a")
	activate(a)
	must(a.Track(ctx, "after", nil))
	must(a.UpdateUser(ctx, map[string]any{"plan": "pro"}))
	identify(a, "ann", device.OutcomeConverted, nil)

	b := newDev(w.mergedDev)
	w.mergedUID = activate(b)
	identify(b, "ann", device.OutcomeMerged, nil)

	c := newDev(w.unknownDev)
	activate(c)
	must(c.Logout(ctx))
	uc := activate(c)

	d := newDev("dev-d")
	must(d.SetConsent(ctx, true))
	must(d.Track(ctx, "browse", nil))
	must(d.UpdateUser(ctx, map[string]any{"city": "Paris"}))
	identify(d, "bob", device.OutcomeCreated, nil)

	e := newDev("dev-e")
	ue := activate(e)
	forgotten, err := p.ProfileByUserID(ue)
	if err != nil {
		t.Fatal(err)
	}
	must(e.Logout(ctx))
	if _, err := p.Forget(forgotten.ID); err != nil {
		t.Fatal(err)
	}
	w.forgottenID = forgotten.ID

	must(newDev("dev-f").Track(ctx, "buy", nil)) // no consent: dropped

	no := false
	identify(func() *device.Device { g := newDev("dev-g"); activate(g); return g }(), "dave", device.OutcomeAbandoned, &device.Override{Merge: &no})
	i := newDev("dev-i")
	activate(i)
	must(i.Identify(ctx, device.Identity{UserID: "ivan"}, nil))

	if _, err := p.Forget(carol.ID); err != nil {
		t.Fatal(err)
	}
	h := newDev("dev-h")
	activate(h)
	identify(h, "carol", device.OutcomeConverted, nil) // carol is gone: a conversion

	for name, pr := range map[string]*Profile{"ann": &w.ann, "bob": &w.bob} {
		if *pr, err = p.ProfileByUserID(who(typ, name).UserID); who(typ, name).UserID == "" {
			*pr, err = p.ProfileByEmail(who(typ, name).Email)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if w.unknown, err = p.ProfileByUserID(uc); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestCheckCleanAfterWorkload(t *testing.T) {
	for _, typ := range []string{TypeEmail, TypeHybrid, TypeUserID} {
		t.Run(typ, func(t *testing.T) {
			w := buildCheckWorld(t, typ)
			r, err := w.p.CheckAll(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range r.Violations {
				t.Errorf("violation on a clean project: %s", v)
			}
			if r.Profiles != mustCount(t, w.p, "") || r.Known == 0 || r.Unknown == 0 || r.Events == 0 ||
				r.EventIDs != r.Events || r.Devices < 9 || r.IdentityEntries == 0 || r.ConsentEntries == 0 {
				t.Errorf("summary does not add up: %+v", r)
			}
		})
	}
}

// corrupt writes through storage directly, as a bug or a bad crash would.
func corrupt(t *testing.T, p *Project, fn func(txn *storage.Txn) error) {
	t.Helper()
	if err := p.db.Update(fn); err != nil {
		t.Fatalf("corrupt: %v", err)
	}
}

// editProfile rewrites a stored profile record.
func editProfile(t *testing.T, p *Project, id uint64, edit func(*storedProfile)) {
	t.Helper()
	corrupt(t, p, func(txn *storage.Txn) error {
		sp, err := loadProfile(txn, id)
		if err != nil {
			return err
		}
		edit(sp)
		return writeProfile(txn, sp)
	})
}

// saveDevice overwrites a device's saved state.
func saveDevice(t *testing.T, p *Project, id string, edit func(*device.State)) {
	t.Helper()
	st, _, err := p.LoadDevice(id)
	if err != nil {
		t.Fatal(err)
	}
	edit(st)
	if err := p.Save(ctx, device.Change{State: st}); err != nil {
		t.Fatal(err)
	}
}

func TestCheckFindsCorruption(t *testing.T) {
	cases := []struct {
		name, typ string
		break_    func(t *testing.T, w *checkWorld)
		// want: kind, key and a piece of the message, per expected violation.
		want func(w *checkWorld) [][3]string
	}{
		{"index key deleted", TypeHybrid, func(t *testing.T, w *checkWorld) {
			corrupt(t, w.p, func(txn *storage.Txn) error { return txn.Delete(storage.EmailIndexKey(w.ann.Email, w.ann.ID)) })
		}, func(w *checkWorld) [][3]string {
			return [][3]string{{ViolationIndex, fmt.Sprintf("profile %d", w.ann.ID), "has no index entry"}}
		}},
		{"orphan event", TypeEmail, func(t *testing.T, w *checkWorld) {
			corrupt(t, w.p, func(txn *storage.Txn) error {
				return txn.Set(storage.EventKey(4242, t0, 1), []byte(`{"id":"lost","profileId":4242,"type":"customEvent"}`))
			})
		}, func(w *checkWorld) [][3]string {
			return [][3]string{{ViolationEvent, "profile 4242", "events: 1, of this profile, which does not exist"}}
		}},
		{"duplicate email index entry", TypeHybrid, func(t *testing.T, w *checkWorld) {
			corrupt(t, w.p, func(txn *storage.Txn) error { return txn.Set(storage.EmailIndexKey(w.ann.Email, w.bob.ID), nil) })
		}, func(w *checkWorld) [][3]string {
			return [][3]string{
				{ViolationIndex, "email " + w.ann.Email, fmt.Sprintf("points to profile %d, whose email is %q", w.bob.ID, w.bob.Email)},
				{ViolationUnique, "email " + w.ann.Email, "emails are unique in a hybrid project"},
			}
		}},
		{"counter broken", TypeEmail, func(t *testing.T, w *checkWorld) {
			corrupt(t, w.p, func(txn *storage.Txn) error {
				return putJSON(txn, storage.MetaKey(metaProfileCounts), profileCounts{Unknown: 99})
			})
		}, func(w *checkWorld) [][3]string {
			return [][3]string{{ViolationCounter, "meta profileCounts", "count 99 unknown and 0 known"}}
		}},
		{"device points to a missing profile", TypeUserID, func(t *testing.T, w *checkWorld) {
			saveDevice(t, w.p, w.unknownDev, func(st *device.State) { st.Who.UserID = "00000000-0000-4000-8000-000000000000" })
		}, func(w *checkWorld) [][3]string {
			return [][3]string{{ViolationDevice, "device " + w.unknownDev, "no profile has that userId"}}
		}},
		{"device behind a merge", TypeEmail, func(t *testing.T, w *checkWorld) {
			saveDevice(t, w.p, w.mergedDev, func(st *device.State) {
				st.Mode, st.Who = device.Unknown, device.Identity{UserID: w.mergedUID}
			})
		}, func(w *checkWorld) [][3]string {
			return [][3]string{{ViolationDevice, "device " + w.mergedDev, fmt.Sprintf("which was merged into profile %d", w.ann.ID)}}
		}},
		{"interrupted forget", TypeHybrid, func(t *testing.T, w *checkWorld) {
			corrupt(t, w.p, func(txn *storage.Txn) error { _, err := deleteEvents(txn, w.unknown.ID, 1000); return err })
		}, func(w *checkWorld) [][3]string {
			return [][3]string{{ViolationEvent, fmt.Sprintf("profile %d", w.unknown.ID), fmt.Sprintf("counts %d events but holds 0", w.unknown.EventCount)}}
		}},
		{"event id entry missing", TypeEmail, func(t *testing.T, w *checkWorld) {
			corrupt(t, w.p, func(txn *storage.Txn) error {
				return txn.Delete(storage.EventIDKey(w.unknown.ID, "unknownSession:"+w.unknown.UserID))
			})
		}, func(w *checkWorld) [][3]string {
			n := w.unknown.EventCount
			return [][3]string{
				{ViolationEvent, fmt.Sprintf("profile %d", w.unknown.ID), fmt.Sprintf("holds %d events but %d event-id entries", n, n-1)},
				{ViolationEvent, fmt.Sprintf("event %d/", w.unknown.ID), "has no event-id entry"},
			}
		}},
		{"half merge", TypeHybrid, func(t *testing.T, w *checkWorld) {
			corrupt(t, w.p, func(txn *storage.Txn) error {
				return putJSON(txn, storage.IdentityKey(1<<40), LedgerEntry{Seq: 1 << 40, Op: OpMerge, ProfileID: w.ann.ID, FromProfileID: w.unknown.ID})
			})
		}, func(w *checkWorld) [][3]string {
			return [][3]string{{ViolationLedger, fmt.Sprintf("profile %d", w.unknown.ID), "still exists, but the identity ledger says it was merged"}}
		}},
		{"profile vanished", TypeEmail, func(t *testing.T, w *checkWorld) {
			corrupt(t, w.p, func(txn *storage.Txn) error { return txn.Delete(storage.ProfileKey(w.unknown.ID)) })
		}, func(w *checkWorld) [][3]string {
			k := fmt.Sprintf("profile %d", w.unknown.ID)
			return [][3]string{
				{ViolationLedger, k, "no longer exists, and no merge or delete entry says why"},
				{ViolationEvent, k, "events: 3, of this profile, which does not exist"},
				{ViolationIndex, "userId " + w.unknown.UserID, "which does not exist"},
				{ViolationDevice, "device " + w.unknownDev, "no profile has that userId"},
				{ViolationCounter, "meta profileCounts", "but there are"},
			}
		}},
		{"placeholder flag lost", TypeEmail, func(t *testing.T, w *checkWorld) {
			editProfile(t, w.p, w.unknown.ID, func(sp *storedProfile) { sp.Placeholder = false })
		}, func(w *checkWorld) [][3]string {
			return [][3]string{{ViolationPlaceholder, fmt.Sprintf("profile %d", w.unknown.ID), "placeholder flag false disagree"}}
		}},
		{"placeholder in a hybrid project", TypeHybrid, func(t *testing.T, w *checkWorld) {
			editProfile(t, w.p, w.bob.ID, func(sp *storedProfile) { sp.Email, sp.Placeholder = "x+1@placeholder.email", true })
		}, func(w *checkWorld) [][3]string {
			return [][3]string{{ViolationPlaceholder, fmt.Sprintf("profile %d", w.bob.ID), "placeholders exist only in email-based projects"}}
		}},
		{"event count off", TypeUserID, func(t *testing.T, w *checkWorld) {
			editProfile(t, w.p, w.ann.ID, func(sp *storedProfile) { sp.EventCount++ })
		}, func(w *checkWorld) [][3]string {
			return [][3]string{{ViolationEvent, fmt.Sprintf("profile %d", w.ann.ID), fmt.Sprintf("counts %d events but holds %d", w.ann.EventCount+1, w.ann.EventCount)}}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := buildCheckWorld(t, c.typ)
			c.break_(t, w)
			got, err := w.p.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range c.want(w) {
				found := false
				for _, v := range got {
					found = found || (v.Kind == want[0] && strings.HasPrefix(v.Key, want[1]) && strings.Contains(v.Message, want[2]))
				}
				if !found {
					t.Errorf("no violation %q", want)
				}
			}
			if t.Failed() || testing.Verbose() {
				for _, v := range got {
					t.Logf("reported: %s", v)
				}
			}
		})
	}
}

func TestCheckCancelled(t *testing.T) {
	w := buildCheckWorld(t, TypeEmail)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := w.p.Check(cctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Check with a cancelled context: %v", err)
	}
}

func TestReadEventHead(t *testing.T) {
	stored, err := marshal(StoredEvent{ID: "e-1", ProfileID: 42, Type: EventCustom, EventName: "a"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		val  string
		want eventHead
	}{
		{string(stored), eventHead{ID: "e-1", ProfileID: 42}},
		{`{"id":"a\"b","profileId":7}`, eventHead{ID: `a"b`, ProfileID: 7}},
		{`{"profileId":8,"id":"x"}`, eventHead{ID: "x", ProfileID: 8}},
		{`{"id":"x","profileId":9}`, eventHead{ID: "x", ProfileID: 9}},
	} {
		if got, err := readEventHead([]byte(c.val)); err != nil || got != c.want {
			t.Errorf("readEventHead(%s) = %+v, %v; want %+v", c.val, got, err, c.want)
		}
	}
	if _, err := readEventHead([]byte(`{"id":`)); err == nil {
		t.Error("a truncated event reads without error")
	}
}
