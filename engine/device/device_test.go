package device

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"limen/engine/criteria"
)

// recordingBackend is a project stand-in for SDK-side unit tests: it keeps
// what the device sent so that tests can check the requests themselves. The
// engine's own tests drive devices against the real project on Badger.
type recordingBackend struct {
	mu        sync.Mutex
	criteria  Criteria
	fetches   int
	created   []UnknownUserRequest
	tracked   map[string][]Event
	updates   []map[string]any
	identify  []IdentifyRequest
	consents  []Consent
	createErr error
	identErr  error
	trackErr  error
	// messages are answered to every fetch; msgReqs and actions record
	// what the device asked and did.
	messages []Message
	msgReqs  []MessageRequest
	actions  []MessageAction
}

func (b *recordingBackend) FetchCriteria(context.Context) (Criteria, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fetches++
	return b.criteria, nil
}

func (b *recordingBackend) CreateUnknownUser(_ context.Context, req UnknownUserRequest) (UnknownUserResult, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.createErr != nil {
		return UnknownUserResult{}, b.createErr
	}
	if req.CriteriaVersion != b.criteria.Version {
		return UnknownUserResult{}, ErrOutdatedCriteria
	}
	b.created = append(b.created, req)
	return UnknownUserResult{UserID: req.UserID, Email: req.UserID + "+1@placeholder.email", Replayed: len(req.Events)}, nil
}

func (b *recordingBackend) Track(_ context.Context, who Identity, events []Event) (Tracked, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.trackErr != nil {
		return Tracked{}, b.trackErr
	}
	if b.tracked == nil {
		b.tracked = map[string][]Event{}
	}
	b.tracked[who.UserID+who.Email] = append(b.tracked[who.UserID+who.Email], events...)
	return Tracked{}, nil
}

func (b *recordingBackend) UpdateUser(_ context.Context, _ Identity, fields map[string]any, _ time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.updates = append(b.updates, fields)
	return nil
}

func (b *recordingBackend) Identify(_ context.Context, req IdentifyRequest) (IdentifyResult, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.identErr != nil {
		return IdentifyResult{}, b.identErr
	}
	b.identify = append(b.identify, req)
	out := OutcomeCreated
	if req.FromUnknown {
		out = OutcomeConverted
		if !req.Merge {
			out = OutcomeAbandoned
		}
	}
	return IdentifyResult{Outcome: out, Known: req.To, Replayed: len(req.Events)}, nil
}

func (b *recordingBackend) RecordConsent(_ context.Context, c Consent) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.consents = append(b.consents, c)
	return nil
}

func (b *recordingBackend) FetchMessages(_ context.Context, req MessageRequest) ([]Message, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgReqs = append(b.msgReqs, req)
	return append([]Message(nil), b.messages...), nil
}

func (b *recordingBackend) RecordMessage(_ context.Context, a MessageAction) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.actions = append(b.actions, a)
	return nil
}

// memJournal keeps the last saved change per device, checking that changes
// arrive whole.
type memJournal struct {
	mu     sync.Mutex
	saves  int
	state  State
	events map[uint64]LocalEvent
	fail   error
	// failAt makes the save with this number (counting from 1) fail once.
	failAt int
}

func (j *memJournal) Save(_ context.Context, c Change) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.fail != nil {
		return j.fail
	}
	j.saves++
	if j.saves == j.failAt {
		return errors.New("disk full")
	}
	j.state = *c.State
	if j.events == nil || c.Clear {
		j.events = map[uint64]LocalEvent{}
	}
	for _, s := range c.Remove {
		delete(j.events, s)
	}
	for _, e := range c.Append {
		j.events[e.Seq] = e
	}
	return nil
}

// viewedTwiceOver500 is "viewed a product with price above 500, at least twice".
const viewedTwiceOver500 = `{"count":1,"criteriaSets":[{"criteriaId":"42","name":"big ticket","searchQuery":
 {"combinator":"And","searchQueries":[{"dataType":"customEvent","minMatch":2,"searchCombo":{"combinator":"And",
 "searchQueries":[{"dataType":"customEvent","field":"viewedProduct.price","comparatorType":"GreaterThan","value":"500"}]}}]}}]}`

func compiled(t *testing.T, doc string, version uint64) Criteria {
	t.Helper()
	c, err := criteria.CompileJSON([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return Criteria{Version: version, JSON: []byte(doc), Compiled: c}
}

type fixture struct {
	dev     *Device
	backend *recordingBackend
	journal *memJournal
	clock   *time.Time
}

func newFixture(t *testing.T, limit int) *fixture {
	t.Helper()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f := &fixture{backend: &recordingBackend{criteria: compiled(t, viewedTwiceOver500, 1)}, journal: &memJournal{}, clock: &now}
	n := 0
	f.dev = New(Config{
		ID: "d1", Platform: "web", Backend: f.backend, Journal: f.journal, EventLimit: limit,
		Clock:      func() time.Time { return *f.clock },
		Resolution: Resolution{ReplayOnVisitorToKnown: true, MergeOnUnknownToKnown: true},
		NewID:      func() string { n++; return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) },
	})
	return f
}

func (f *fixture) advance(d time.Duration) { *f.clock = f.clock.Add(d) }

// must fails the test on an error: must(t)(dev.Track(...)).
func must(t *testing.T) func(Outcome, error) Outcome {
	return func(out Outcome, err error) Outcome {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
}

var ctx = context.Background()

func TestNothingStoredWithoutConsent(t *testing.T) {
	f := newFixture(t, 0)
	out := must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}))
	if !out.Dropped || out.Stored {
		t.Fatalf("outcome %+v, want dropped", out)
	}
	must(t)(f.dev.UpdateUser(ctx, map[string]any{"city": "Lyon"}))
	st, events := f.dev.Snapshot()
	if len(events) != 0 || st.Dropped != 2 || st.ProfileUpdate != nil {
		t.Fatalf("state %+v events %d, want nothing stored and 2 dropped", st, len(events))
	}
	if f.journal.state.Dropped != 2 {
		t.Fatalf("journal has dropped=%d, want the counter persisted", f.journal.state.Dropped)
	}
}

func TestActivationReplaysAndClearsAfterCommit(t *testing.T) {
	f := newFixture(t, 0)
	must(t)(f.dev.SetConsent(ctx, true))
	must(t)(f.dev.UpdateUser(ctx, map[string]any{"address": map[string]any{"city": "Lyon"}}))
	first := *f.clock
	out := must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}))
	if out.Activated != nil || !out.Stored {
		t.Fatalf("one view activated: %+v", out)
	}
	f.advance(time.Minute)
	out = must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 1200}))
	if out.Activated == nil || out.Activated.CriteriaID != "42" || out.Activated.Replayed != 2 {
		t.Fatalf("second view: %+v, want activation by 42 replaying 2", out)
	}
	if len(f.backend.created) != 1 {
		t.Fatalf("%d unknown users created, want 1", len(f.backend.created))
	}
	req := f.backend.created[0]
	if !req.Events[0].At.Equal(first) || req.Sessions.Count != 1 || req.ProfileUpdate["address"] == nil {
		t.Fatalf("request lost original times, sessions or profile: %+v", req)
	}
	st, events := f.dev.Snapshot()
	if st.Mode != Unknown || st.Who.UserID != req.UserID || len(events) != 0 || st.ProfileUpdate != nil || st.Pending != nil {
		t.Fatalf("after activation: %+v, %d events", st, len(events))
	}
	if len(f.journal.events) != 0 || f.journal.state.Mode != Unknown {
		t.Fatalf("journal not cleared after commit: %d events, mode %s", len(f.journal.events), f.journal.state.Mode)
	}
	// Tracking now goes to the profile, not the device.
	out = must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 2000}))
	if !out.Sent || out.Stored || len(f.backend.created) != 1 {
		t.Fatalf("after activation track: %+v, created %d", out, len(f.backend.created))
	}
}

func TestFailedCreateKeepsDataAndUserID(t *testing.T) {
	f := newFixture(t, 0)
	must(t)(f.dev.SetConsent(ctx, true))
	must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}))
	f.backend.createErr = errors.New("disk full")
	if _, err := f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}); err == nil {
		t.Fatal("want the failure reported")
	}
	st, events := f.dev.Snapshot()
	if st.Pending == nil || len(events) != 2 || st.Mode != Visitor {
		t.Fatalf("after failure: pending %v, %d events, mode %s", st.Pending, len(events), st.Mode)
	}
	pendingID := st.Pending.UserID
	f.backend.createErr = nil
	out := must(t)(f.dev.StartSession(ctx))
	if out.Activated == nil || out.Activated.UserID != pendingID {
		t.Fatalf("retry: %+v, want the pending userId %s reused", out.Activated, pendingID)
	}
	if len(f.backend.created) != 1 {
		t.Fatalf("created %d, want exactly 1", len(f.backend.created))
	}
}

func TestOutdatedCriteriaRefetchesAndMatchesOnNextEvent(t *testing.T) {
	f := newFixture(t, 0)
	must(t)(f.dev.SetConsent(ctx, true))
	must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}))
	f.backend.criteria = compiled(t, viewedTwiceOver500, 2) // republished
	out := must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 900}))
	if !out.Outdated || out.Activated != nil || out.CriteriaVersion != 2 {
		t.Fatalf("outcome %+v, want outdated and refetched v2", out)
	}
	out = must(t)(f.dev.Track(ctx, "viewedProduct", map[string]any{"price": 10}))
	if out.Activated == nil {
		t.Fatalf("next stored event did not activate: %+v", out)
	}
}

func TestLocalLimitEvictsOldest(t *testing.T) {
	f := newFixture(t, 3)
	f.backend.criteria = Criteria{Version: 1, Compiled: &criteria.Compiled{}}
	must(t)(f.dev.SetConsent(ctx, true))
	for i := range 5 {
		must(t)(f.dev.Track(ctx, "e", map[string]any{"i": i}))
	}
	st, events := f.dev.Snapshot()
	if len(events) != 3 || st.Evicted != 2 || st.Stored != 5 {
		t.Fatalf("%d events, evicted %d, stored %d", len(events), st.Evicted, st.Stored)
	}
	if got := events[0].Body["dataFields"].(map[string]any)["i"]; got != 2 {
		t.Fatalf("oldest kept is i=%v, want 2", got)
	}
	if len(f.journal.events) != 3 {
		t.Fatalf("journal holds %d events, want 3", len(f.journal.events))
	}
}
