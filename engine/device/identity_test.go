package device

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func activate(t *testing.T, f *fixture) string {
	t.Helper()
	must(t)(f.dev.SetConsent(ctx, true))
	must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}))
	out := must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}))
	if out.Activated == nil {
		t.Fatal("fixture did not activate")
	}
	return out.Activated.UserID
}

func boolp(b bool) *bool { return &b }

func TestIdentifyVisitorReplaysOrDrops(t *testing.T) {
	for _, replay := range []bool{true, false} {
		f := newFixture(t, 0)
		must(t)(f.dev.SetConsent(ctx, true))
		must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 10}))
		must(t)(f.dev.UpdateUser(ctx, map[string]any{"city": "Lyon"}))
		out := must(t)(f.dev.Identify(ctx, Identity{Email: "ann@example.com"}, &Override{Replay: boolp(replay)}))
		req := f.backend.identify[0]
		if req.Replay != replay || (len(req.Events) == 1) != replay || (req.ProfileUpdate != nil) != replay {
			t.Errorf("replay=%v: request %+v", replay, req)
		}
		st, events := f.dev.Snapshot()
		if st.Mode != Known || st.Who.Email != "ann@example.com" || len(events) != 0 || st.ProfileUpdate != nil {
			t.Errorf("replay=%v: after identify %+v with %d events", replay, st, len(events))
		}
		if out.Identified == nil || out.Identified.Outcome != OutcomeCreated {
			t.Errorf("replay=%v: outcome %+v", replay, out.Identified)
		}
	}
}

func TestIdentifyUnknownUsesResolvedMergeFlag(t *testing.T) {
	cases := []struct {
		name     string
		override *Override
		merge    bool
	}{
		{"config default", nil, true},
		{"override merge off", &Override{Merge: boolp(false)}, false},
		{"override replay only keeps merge", &Override{Replay: boolp(false)}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, 0)
			uid := activate(t, f)
			must(t)(f.dev.Identify(ctx, Identity{UserID: "ann"}, tc.override))
			req := f.backend.identify[0]
			if !req.FromUnknown || req.From.UserID != uid || req.Merge != tc.merge {
				t.Fatalf("request %+v, want from unknown %s with merge=%v", req, uid, tc.merge)
			}
		})
	}
}

func TestMergeFailureKeepsUnknownIdentity(t *testing.T) {
	f := newFixture(t, 0)
	uid := activate(t, f)
	f.backend.identErr = errors.New("merge refused")
	if _, err := f.dev.Identify(ctx, Identity{Email: "ann@example.com"}, nil); err == nil {
		t.Fatal("want the merge failure reported")
	}
	st, _ := f.dev.Snapshot()
	if st.Mode != Unknown || st.Who.UserID != uid {
		t.Fatalf("after failed merge: mode %s who %+v, want unknown %s", st.Mode, st.Who, uid)
	}
}

func TestIdentifyWithNothing(t *testing.T) {
	f := newFixture(t, 0)
	if _, err := f.dev.Identify(ctx, Identity{}, nil); !errors.Is(err, ErrNoIdentity) {
		t.Fatalf("err %v, want ErrNoIdentity", err)
	}
}

func TestRevokeEndsUnknownIdentityAndWipes(t *testing.T) {
	f := newFixture(t, 0)
	activate(t, f)
	out := must(t)(f.dev.SetConsent(ctx, false))
	st, _ := f.dev.Snapshot()
	if st.Mode != Visitor || !st.Who.IsZero() || st.Consent || st.CriteriaVersion != 0 {
		t.Fatalf("after revoke: %+v (%v)", st, out.Notes)
	}
	if n := len(f.backend.consents); n != 2 || f.backend.consents[1].Granted || f.backend.consents[1].Who.UserID == "" {
		t.Fatalf("consent ledger calls %+v, want grant then revoke naming the unknown user", f.backend.consents)
	}
	// Without consent nothing is kept any more.
	if out := must(t)(f.dev.Track(ctx, "viewedProduct", nil)); !out.Dropped {
		t.Fatalf("track after revoke: %+v, want dropped", out)
	}
}

func TestLogoutKeepsConsentAndCanActivateAgain(t *testing.T) {
	f := newFixture(t, 0)
	first := activate(t, f)
	must(t)(f.dev.Logout(ctx))
	st, _ := f.dev.Snapshot()
	if st.Mode != Visitor || !st.Consent || !st.Who.IsZero() {
		t.Fatalf("after logout: %+v", st)
	}
	must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}))
	out := must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}))
	if out.Activated == nil || out.Activated.UserID == first {
		t.Fatalf("second activation %+v, want a new unknown user", out.Activated)
	}
}

func TestForegroundFetchCooldown(t *testing.T) {
	f := newFixture(t, 0)
	must(t)(f.dev.SetConsent(ctx, true))
	fetches := f.backend.fetches
	f.advance(119 * time.Second)
	must(t)(f.dev.Foreground(ctx))
	if f.backend.fetches != fetches {
		t.Fatal("fetched before the 120 s cooldown")
	}
	f.advance(time.Second)
	must(t)(f.dev.Foreground(ctx))
	if f.backend.fetches != fetches+1 {
		t.Fatal("did not fetch after the cooldown")
	}
}

func TestSessionsCountedOnGrantAndStart(t *testing.T) {
	f := newFixture(t, 0)
	must(t)(f.dev.StartSession(ctx)) // no consent: not counted
	must(t)(f.dev.SetConsent(ctx, true))
	t0 := *f.clock
	f.advance(time.Hour)
	must(t)(f.dev.StartSession(ctx))
	st, _ := f.dev.Snapshot()
	if st.Sessions.Count != 2 || !st.Sessions.First.Equal(t0) || !st.Sessions.Last.Equal(*f.clock) {
		t.Fatalf("sessions %+v", st.Sessions)
	}
}

func TestConcurrentTrackingActivatesOnce(t *testing.T) {
	f := newFixture(t, 0)
	must(t)(f.dev.SetConsent(ctx, true))
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := len(f.backend.created); n != 1 {
		t.Fatalf("%d unknown users created by one visitor, want 1", n)
	}
}

func TestJournalFailureLeavesStateUnchanged(t *testing.T) {
	f := newFixture(t, 0)
	must(t)(f.dev.SetConsent(ctx, true))
	f.journal.fail = errors.New("disk full")
	if _, err := f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 1}); err == nil {
		t.Fatal("want the journal failure reported")
	}
	st, events := f.dev.Snapshot()
	if len(events) != 0 || st.Stored != 0 {
		t.Fatalf("memory ran ahead of storage: %d events, stored %d", len(events), st.Stored)
	}
}

// TestIdentifyInterruptedAfterTheProjectCommitted: the project merged, but the
// device could not record it (a crash, a full disk). The device must not stay
// on its unknown identity: it repeats the identification on its next call.
func TestIdentifyInterruptedAfterTheProjectCommitted(t *testing.T) {
	f := newFixture(t, 0)
	activate(t, f)
	f.journal.failAt = f.journal.saves + 2 // the save after the project's answer
	if _, err := f.dev.Identify(ctx, Identity{Email: "ann@example.com"}, nil); err == nil {
		t.Fatal("want the failed save reported")
	}
	if f.journal.state.PendingIdentify == nil {
		t.Fatal("the pending identification was not persisted before asking the project")
	}
	must(t)(f.dev.StartSession(ctx))
	st, _ := f.dev.Snapshot()
	if st.Mode != Known || st.Who.Email != "ann@example.com" || st.PendingIdentify != nil || f.journal.state.PendingIdentify != nil {
		t.Fatalf("after resuming: mode %s who %+v pending %v", st.Mode, st.Who, st.PendingIdentify)
	}
	if n := len(f.backend.identify); n != 2 {
		t.Fatalf("project asked %d times, want the original and one repeat", n)
	}
}

// TestForgottenIdentityReturnsToVisitor: the project forgot the person
// behind the device's identity; the device's next call finds out, ends the
// identity and is routed as a visitor's (kept, since consent was given).
func TestForgottenIdentityReturnsToVisitor(t *testing.T) {
	f := newFixture(t, 0)
	activate(t, f)
	f.backend.trackErr = fmt.Errorf("%w: no profile with userId x", ErrIdentityGone)
	out := must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 10}))
	st, events := f.dev.Snapshot()
	if st.Mode != Visitor || !st.Who.IsZero() || !out.Stored || out.Sent || len(events) != 1 {
		t.Fatalf("after the identity was forgotten: mode %s who %+v, outcome %+v, %d local events", st.Mode, st.Who, out, len(events))
	}
	if f.journal.state.Mode != Visitor {
		t.Fatal("the return to visitor was not persisted")
	}
}
