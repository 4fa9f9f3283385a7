package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"limen/engine"
	"limen/engine/demo"
	"limen/engine/device"
)

var btStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func btProject(t testing.TB) *engine.Project {
	t.Helper()
	p, err := engine.Open(engine.Options{InMemory: true, Clock: func() time.Time { return btStart }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// btLeaf holds when the visitor did event at least min times.
func btLeaf(event string, min int) string {
	return fmt.Sprintf(`{"dataType":"customEvent","minMatch":%d,"searchCombo":{"combinator":"And","searchQueries":[`+
		`{"dataType":"customEvent","field":"eventName","comparatorType":"Equals","value":%q,"fieldType":"string"}]}}`, min, event)
}

// btPlan holds when the profile update has plan = value.
func btPlan(value string) string {
	return fmt.Sprintf(`{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[`+
		`{"dataType":"user","field":"plan","comparatorType":"Equals","value":%q,"fieldType":"string"}]}}`, value)
}

// btSet is a criteria set whose searchQuery is the group comb of nodes.
func btSet(id, comb string, nodes ...string) string {
	return fmt.Sprintf(`{"criteriaId":%q,"name":"set %s","searchQuery":{"combinator":%q,"searchQueries":[%s]}}`,
		id, id, comb, strings.Join(nodes, ","))
}

func btDoc(sets ...string) []byte {
	return []byte(fmt.Sprintf(`{"count":%d,"criteriaSets":[%s]}`, len(sets), strings.Join(sets, ",")))
}

func btEvents(prefix string, names ...string) []device.Event {
	out := make([]device.Event, len(names))
	for i, n := range names {
		at := btStart.Add(time.Duration(i) * time.Minute)
		out[i] = device.Event{ID: fmt.Sprintf("%s-%d", prefix, i), At: at, Body: map[string]any{
			"eventType": "customEvent", "eventName": n, "createdAt": float64(at.Unix()), "dataFields": map[string]any{"i": float64(i)}}}
	}
	return out
}

// btVisitor saves a consenting visitor's local events and profile update.
func btVisitor(t testing.TB, p *engine.Project, id string, update map[string]any, names ...string) {
	t.Helper()
	st := &device.State{ID: id, Platform: "web", Consent: true, Mode: device.Visitor, ProfileUpdate: update, NextSeq: uint64(len(names))}
	var local []device.LocalEvent
	for i, ev := range btEvents(id, names...) {
		local = append(local, device.LocalEvent{Seq: uint64(i), Event: ev})
	}
	if err := p.Save(context.Background(), device.Change{State: st, Append: local}); err != nil {
		t.Fatal(err)
	}
}

// btKnown creates a known profile that did the events.
func btKnown(t testing.TB, p *engine.Project, email string, fields map[string]any, names ...string) {
	t.Helper()
	if _, err := p.CreateKnownProfile(email, "", fields); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Track(context.Background(), device.Identity{Email: email}, btEvents(email, names...)); err != nil {
		t.Fatal(err)
	}
}

func btRun(t testing.TB, p *engine.Project, draft []byte) engine.BacktestResult {
	t.Helper()
	res, err := p.Backtest(context.Background(), engine.BacktestOptions{Draft: draft})
	if err != nil {
		t.Fatal(err)
	}
	checkSums(t, res)
	return res
}

// checkSums: per-set counts add up to each side's total.
func checkSums(t testing.TB, res engine.BacktestResult) {
	t.Helper()
	for name, side := range map[string]engine.SideResult{"published": res.Published, "draft": res.Draft} {
		sum := 0
		for _, n := range side.ByID {
			sum += n
		}
		if sum != side.Activated {
			t.Errorf("%s: per-set counts %v sum to %d, total %d", name, side.ByID, sum, side.Activated)
		}
	}
	if res.Histories != res.Devices+res.Profiles {
		t.Errorf("histories %d != devices %d + profiles %d", res.Histories, res.Devices, res.Profiles)
	}
}

// seedViews: published "A" = viewed at least once; three histories that
// viewed 1, 3 and 2 times, one that only bought.
func seedViews(t *testing.T) *engine.Project {
	p := btProject(t)
	if _, err := p.ReplaceCriteria(btDoc(btSet("A", "And", btLeaf("view", 1)))); err != nil {
		t.Fatal(err)
	}
	btVisitor(t, p, "v1", nil, "view")
	btVisitor(t, p, "v2", nil, "view", "view", "view")
	btVisitor(t, p, "v3", nil) // nothing stored: never evaluated
	btKnown(t, p, "kim@example.com", nil, "view", "buy", "view")
	btKnown(t, p, "bob@example.com", map[string]any{"plan": "pro"}, "buy")
	return p
}

func TestBacktestStricterDraftLosesActivations(t *testing.T) {
	p := seedViews(t)
	res := btRun(t, p, btDoc(btSet("A", "And", btLeaf("view", 3))))
	if res.Histories != 4 || res.Devices != 2 || res.Profiles != 2 {
		t.Fatalf("histories %d (devices %d, profiles %d), want 4 (2, 2)", res.Histories, res.Devices, res.Profiles)
	}
	if res.Published.Activated != 3 || res.Draft.Activated != 1 || res.NoLongerActivated != 2 || res.NewlyActivated != 0 {
		t.Fatalf("published %d, draft %d, lost %d, new %d", res.Published.Activated, res.Draft.Activated, res.NoLongerActivated, res.NewlyActivated)
	}
	var who []string
	for _, s := range res.SampleLost {
		if s.Published != "A" || s.Draft != "" {
			t.Errorf("sample %+v: want published A, draft none", s)
		}
		who = append(who, s.Who)
	}
	if got := strings.Join(who, " "); got != "v1 kim@example.com" {
		t.Fatalf("lost samples %q, want v1 then kim (stream order)", got)
	}
	if h := res.EventsToActivate["A"]; h == nil || h[3] != 1 {
		t.Fatalf("events to activate %v: want v2 activated after 3 events", res.EventsToActivate)
	}
}

func TestBacktestLooserDraftActivatesMore(t *testing.T) {
	p := seedViews(t)
	draft := btDoc(btSet("A", "And", btLeaf("view", 1)), btSet("P", "And", btPlan("pro")), btSet("B", "And", btLeaf("buy", 1)))
	res := btRun(t, p, draft)
	if res.Published.Activated != 3 || res.Draft.Activated != 4 || res.NewlyActivated != 1 || res.NoLongerActivated != 0 {
		t.Fatalf("published %d, draft %d, new %d, lost %d", res.Published.Activated, res.Draft.Activated, res.NewlyActivated, res.NoLongerActivated)
	}
	if s := res.SampleNew; len(s) != 1 || s[0].Who != "bob@example.com" || s[0].Draft != "P" || s[0].Kind != engine.KindKnown || s[0].Events != 1 {
		t.Fatalf("new samples %+v", s)
	}
	// kim viewed then bought: A first, so nothing is reattributed to B.
	if res.Draft.ByID["A"] != 3 || res.Draft.ByID["P"] != 1 || res.Draft.ByID["B"] != 0 || res.Reattributed != 0 {
		t.Fatalf("draft per set %v, reattributed %d", res.Draft.ByID, res.Reattributed)
	}
	// bob's plan matches with no event at all: bucket 0.
	if h := res.EventsToActivate["P"]; h == nil || h[0] != 1 {
		t.Fatalf("events to activate %v", res.EventsToActivate)
	}
	if ids := []string{res.Draft.Sets[0].ID, res.Draft.Sets[1].ID, res.Draft.Sets[2].ID}; strings.Join(ids, "") != "APB" || res.Draft.Sets[1].Name != "set P" {
		t.Fatalf("draft sets %+v", res.Draft.Sets)
	}
}

func TestBacktestEventsToActivate(t *testing.T) {
	p := btProject(t)
	btVisitor(t, p, "five", nil, "view", "other", "view", "view", "view", "view")
	btVisitor(t, p, "many", nil, append(strings.Fields(strings.Repeat("other ", 30)), "view", "view", "view")...)
	res := btRun(t, p, btDoc(btSet("M3", "And", btLeaf("view", 3))))
	// "five" matches once its third view arrives: 4 events; "many" after 33.
	want := make([]int, engine.BacktestBuckets)
	want[4], want[8] = 1, 1
	if got := res.EventsToActivate["M3"]; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("histogram %v, want %v", got, want)
	}
	if engine.BacktestBucketLabel(4) != "4" || engine.BacktestBucketLabel(8) != "21-50" || engine.BacktestBucketLabel(10) != "101+" {
		t.Fatal("bucket labels")
	}
}

func TestBacktestMinMatchThreeTakesThreeEvents(t *testing.T) {
	p := btProject(t)
	btKnown(t, p, "ann@example.com", nil, "view", "view", "view", "view", "view")
	res := btRun(t, p, btDoc(btSet("M3", "And", btLeaf("view", 3))))
	if h := res.EventsToActivate["M3"]; h == nil || h[3] != 1 {
		t.Fatalf("histogram %v: want 3 events", h)
	}
}

// With a Not group a history can match on the way and not in the end: the
// replay still finds the moment a device would have activated.
func TestBacktestNotGroupReplaysEveryPrefix(t *testing.T) {
	p := btProject(t)
	btVisitor(t, p, "v", nil, "view", "buy")
	notBought := `{"combinator":"Not","searchQueries":[` + btLeaf("buy", 1) + `]}`
	res := btRun(t, p, btDoc(btSet("N", "And", btLeaf("view", 1), notBought)))
	if res.Draft.Activated != 0 {
		t.Fatalf("the whole history bought: draft activated %d", res.Draft.Activated)
	}
	if h := res.EventsToActivate["N"]; h == nil || h[1] != 1 {
		t.Fatalf("histogram %v: a device would have activated after the view", res.EventsToActivate)
	}
}

func TestBacktestCurrentDraftsAndPreview(t *testing.T) {
	p := seedViews(t)
	if _, probs, err := p.SaveDraft([]byte(btSet("A", "And", btLeaf("view", 2)))); err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if _, probs, err := p.SaveDraft([]byte(btSet("B", "And", btLeaf("buy", 1)))); err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	res := btRun(t, p, nil) // every draft: A needs 2 views, B is new
	if res.Draft.ByID["A"] != 2 || res.Draft.ByID["B"] != 1 || res.NoLongerActivated != 1 || res.NewlyActivated != 1 {
		t.Fatalf("draft %v, lost %d, new %d", res.Draft.ByID, res.NoLongerActivated, res.NewlyActivated)
	}
	doc, err := p.PreviewDocument("B") // published A, plus B's draft
	if err != nil || !strings.Contains(string(doc), `"minMatch":1`) || !strings.Contains(string(doc), `"criteriaId":"B"`) || !strings.HasPrefix(string(doc), `{"count":2,`) {
		t.Fatalf("preview: %v %s", err, doc)
	}
	if _, err := p.PreviewDocument("nope"); !errors.Is(err, engine.ErrNotFound) {
		t.Fatalf("preview of an unknown set: %v", err)
	}
	if _, err := p.Backtest(context.Background(), engine.BacktestOptions{Draft: []byte(`{"criteriaSets": [`)}); err == nil {
		t.Fatal("a draft that is not JSON was accepted")
	}
}

func TestBacktestCancellation(t *testing.T) {
	p := btProject(t)
	for i := range 450 {
		btKnown(t, p, fmt.Sprintf("p%d@example.com", i), nil, "view", "view")
	}
	doc := btDoc(btSet("A", "And", btLeaf("view", 3)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Backtest(ctx, engine.BacktestOptions{Draft: doc}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled before the start: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	var calls [][2]int
	res, err := p.Backtest(ctx, engine.BacktestOptions{Draft: doc, Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
		cancel()
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled on the way: %v", err)
	}
	if len(calls) != 1 || calls[0] != [2]int{100, 450} || res.Histories >= 450 {
		t.Fatalf("progress calls %v, %d histories: want one call at 100 of 450 and an early stop", calls, res.Histories)
	}
	calls = nil
	res = btRun(t, p, doc)
	if _, err := p.Backtest(context.Background(), engine.BacktestOptions{Draft: doc, Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}}); err != nil || len(calls) != 5 || calls[4] != [2]int{450, 450} || res.Published.Activated != 0 {
		t.Fatalf("progress %v, err %v", calls, err)
	}
}

// TestBacktestDemo backtests the demo project's drafts (equal to what is
// published): both sides agree, and the time it takes is logged.
func TestBacktestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the demo project")
	}
	p := btProject(t)
	if _, err := demo.Seed(context.Background(), p, demo.Options{Seed: 1, Now: btStart}); err != nil {
		t.Fatal(err)
	}
	res := btRun(t, p, nil)
	if res.Profiles < 300 || res.NewlyActivated != 0 || res.NoLongerActivated != 0 || res.Published.Activated != res.Draft.Activated {
		t.Fatalf("demo: %+v", res)
	}
	t.Logf("demo: %d histories (%d devices, %d profiles), %d activate, in %v", res.Histories, res.Devices, res.Profiles, res.Draft.Activated, res.Elapsed)
}

func BenchmarkBacktestDemo(b *testing.B) {
	p := btProject(b)
	if _, err := demo.Seed(context.Background(), p, demo.Options{Seed: 1, Now: btStart}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.Backtest(context.Background(), engine.BacktestOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
