package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"limen/engine/device"
	"limen/storage"
)

var ctx = context.Background()

// t0 is the tests' epoch.
var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// fakeClock starts at t0 and advances one millisecond per reading.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

// openProject opens an in-memory project of the given type.
func openProject(t *testing.T, typ string) *Project {
	t.Helper()
	p, err := Open(Options{InMemory: true, Clock: (&fakeClock{now: t0}).Now})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = p.Close() })
	s := p.Settings()
	s.Type = typ
	if err := p.SetSettings(s); err != nil {
		t.Fatalf("SetSettings(%s): %v", typ, err)
	}
	return p
}

// setJSON is a criteria set matching a visitor who did eventName.
func setJSON(id, eventName string) string {
	return `{"criteriaId":"` + id + `","name":"Did ` + eventName + `","searchQuery":{"combinator":"And","searchQueries":[` +
		`{"combinator":"And","searchQueries":[{"dataType":"customEvent","searchCombo":{"combinator":"And","searchQueries":[` +
		`{"dataType":"customEvent","field":"eventName","comparatorType":"Equals","value":"` + eventName + `","fieldType":"string"}]}}]}]}}`
}

// badSetJSON fails Lint: minMatch above the event limit.
func badSetJSON(id string) string {
	return `{"criteriaId":"` + id + `","name":"bad","searchQuery":{"combinator":"And","searchQueries":[` +
		`{"dataType":"customEvent","minMatch":100000,"searchCombo":{"combinator":"And","searchQueries":[` +
		`{"dataType":"customEvent","field":"eventName","comparatorType":"Equals","value":"x","fieldType":"string"}]}}]}}`
}

// publishSet saves and publishes a set and returns the document version.
func publishSet(t *testing.T, p *Project, id, eventName string) uint64 {
	t.Helper()
	if _, probs, err := p.SaveDraft([]byte(setJSON(id, eventName))); err != nil || len(probs) > 0 {
		t.Fatalf("SaveDraft %s: %v %v", id, err, probs)
	}
	v, err := p.Publish(id)
	if err != nil {
		t.Fatalf("Publish %s: %v", id, err)
	}
	return v
}

// ev is a custom event on the device at t0+minutes.
func ev(id, name string, minutes int, fields map[string]any) device.Event {
	at := t0.Add(time.Duration(minutes) * time.Minute)
	body := map[string]any{"eventType": "customEvent", "eventName": name, "createdAt": float64(at.Unix())}
	if fields != nil {
		body["dataFields"] = fields
	}
	return device.Event{ID: id, At: at, Body: body}
}

// evs makes n events named name with ids prefix-0 … prefix-(n-1).
func evs(prefix, name string, n int) []device.Event {
	out := make([]device.Event, n)
	for i := range out {
		out[i] = ev(fmt.Sprintf("%s-%d", prefix, i), name, i, map[string]any{"i": float64(i)})
	}
	return out
}

// unknownReq is a creation request for a fresh userId against the
// published criteria, matched by set "1".
func unknownReq(p *Project, deviceID string, events ...device.Event) device.UnknownUserRequest {
	return device.UnknownUserRequest{
		DeviceID: deviceID, Platform: "web", UserID: newUUID(), CriteriaID: "1",
		CriteriaVersion: p.PublishedCriteria().Version, At: t0.Add(time.Hour),
		Sessions: device.Sessions{Count: 3, First: t0, Last: t0.Add(30 * time.Minute)},
		Events:   events, ProfileUpdate: map[string]any{"plan": "free", "prefs": map[string]any{"color": "red"}},
	}
}

// createUnknown creates an unknown user on a project with set "1" published.
func createUnknown(t *testing.T, p *Project, deviceID string, events ...device.Event) (device.UnknownUserRequest, Profile) {
	t.Helper()
	req := unknownReq(p, deviceID, events...)
	if _, err := p.CreateUnknownUser(ctx, req); err != nil {
		t.Fatalf("CreateUnknownUser: %v", err)
	}
	pr, err := p.ProfileByUserID(req.UserID)
	if err != nil {
		t.Fatalf("ProfileByUserID: %v", err)
	}
	return req, pr
}

func allEvents(t *testing.T, p *Project, id uint64) []StoredEvent {
	t.Helper()
	out, _, err := p.Events(id, EventQuery{Limit: 1000})
	if err != nil {
		t.Fatalf("Events(%d): %v", id, err)
	}
	return out
}

func mustCount(t *testing.T, p *Project, kind string) int {
	t.Helper()
	n, err := p.CountProfiles(kind)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func ledger(t *testing.T, p *Project) []LedgerEntry {
	t.Helper()
	out, err := p.IdentityLedger(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// indexEntries counts the raw index entries under an exact-match prefix.
func indexEntries(t *testing.T, p *Project, prefix []byte) int {
	t.Helper()
	var n int
	err := p.db.View(func(txn *storage.Txn) error {
		var err error
		n, err = txn.Count(prefix)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func wantErr(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want %v", err, target)
	}
}
