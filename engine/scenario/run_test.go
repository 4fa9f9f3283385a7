package scenario

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"limen/engine"
	"limen/fixtures"
)

// runFixture plays a built-in scenario on a fresh in-memory project.
func runFixture(t *testing.T, name string) *Report {
	t.Helper()
	data, err := fixtures.Scenario(name)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(sc, engine.Options{InMemory: true}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	rep, err := r.Report(ctx, r.Run(ctx))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range rep.Timeline {
		if l.Error != "" {
			t.Errorf("%s step %d (%s) refused: %s", name, l.Step, l.Do, l.Error)
		}
	}
	return rep
}

func ops(rep *Report) []string {
	var out []string
	for _, e := range rep.Ledger {
		out = append(out, e.Op)
	}
	return out
}

func TestSeedStoryEndsInAMerge(t *testing.T) {
	rep := runFixture(t, "big-ticket-merge")
	if len(rep.Profiles) != 1 {
		t.Fatalf("%d profiles, want only Ann's (the unknown one merged away)", len(rep.Profiles))
	}
	ann := rep.Profiles[0]
	if ann.Email != "ann@example.com" || ann.Kind != "known" || ann.DataFields["city"] != "Lyon" || ann.DataFields["newsletter"] != true {
		t.Fatalf("Ann after the merge: %+v (want her city kept, newsletter copied)", ann)
	}
	var sessions, views int
	for _, e := range ann.Events {
		if e.Type == "unknownSession" {
			sessions++
			if e.IsUnknownUser == nil || *e.IsUnknownUser {
				t.Errorf("moved unknownSession says isUnknownUser %v, want false", e.IsUnknownUser)
			}
		}
		if e.EventName == "viewedProduct" {
			views++
		}
	}
	if sessions != 1 || views != 4 {
		t.Fatalf("Ann has %d unknownSession and %d views, want 1 and 4 (3 replayed + 1 tracked)", sessions, views)
	}
	if got := ops(rep); len(got) != 3 || got[0] != "create" || got[1] != "create" || got[2] != "merge" {
		t.Fatalf("ledger %v, want create, create, merge", got)
	}
	if d := rep.Devices[0]; d.State != "known" || d.Dropped != 1 || d.LocalEvents != 0 {
		t.Fatalf("device %+v", d)
	}
}

func TestEveryIdentifyCase(t *testing.T) {
	cases := []struct {
		scenario string
		ledger   []string
		kinds    []string
	}{
		{"visitor-signs-up-with-replay", []string{"create"}, []string{"known"}},
		{"visitor-logs-in-without-replay", []string{"create"}, []string{"known"}},
		{"unknown-converts", []string{"create", "convert"}, []string{"known"}},
		{"unknown-abandoned-without-merge", []string{"create", "create"}, []string{"known", "unknown"}},
		{"consent-revoked", []string{"create"}, []string{"unknown"}},
		{"criteria-republished", []string{"create", "convert", "create"}, []string{"known", "known"}},
		{"local-limit-eviction", []string{"create"}, []string{"unknown"}},
	}
	for _, tc := range cases {
		t.Run(tc.scenario, func(t *testing.T) {
			rep := runFixture(t, tc.scenario)
			if got := ops(rep); !equal(got, tc.ledger) {
				t.Errorf("ledger %v, want %v", got, tc.ledger)
			}
			var kinds []string
			for _, p := range rep.Profiles {
				kinds = append(kinds, p.Kind)
			}
			if !equal(kinds, tc.kinds) {
				t.Errorf("profile kinds %v, want %v", kinds, tc.kinds)
			}
		})
	}
}

func TestReplayAndEvictionDetails(t *testing.T) {
	bea := runFixture(t, "visitor-signs-up-with-replay").Profiles[0]
	if len(bea.Events) != 3 || bea.DataFields["firstName"] != "Bea" {
		t.Errorf("Bea: %d events and fields %v, want 2 replayed + 1 tracked and her first name", len(bea.Events), bea.DataFields)
	}
	cy := runFixture(t, "visitor-logs-in-without-replay").Profiles[0]
	if len(cy.Events) != 1 {
		t.Errorf("Cy has %d events, want only the one tracked after login (replay off)", len(cy.Events))
	}
	rep := runFixture(t, "local-limit-eviction")
	if d := rep.Devices[0]; d.Evicted != 2 {
		t.Errorf("device evicted %d, want 2", d.Evicted)
	}
	if n := len(rep.Profiles[0].Events); n != 6 {
		t.Errorf("unknown profile has %d events, want unknownSession + the 5 kept", n)
	}
	rev := runFixture(t, "consent-revoked")
	if d := rev.Devices[0]; d.State != "visitor" || d.Dropped != 3 || d.LocalEvents != 1 {
		t.Errorf("device after revoke and regrant: %+v", d)
	}
	conv := runFixture(t, "unknown-converts").Profiles[0]
	if conv.PlaceholderEmail || conv.Email != "dan@example.com" || conv.MatchedCriteriaID != "102" {
		t.Errorf("converted profile %+v", conv)
	}
}

func TestSameSeedSameOutput(t *testing.T) {
	for _, name := range fixtures.Scenarios() {
		a, _ := json.Marshal(runFixture(t, name))
		b, _ := json.Marshal(runFixture(t, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs with the same seed differ", name)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
