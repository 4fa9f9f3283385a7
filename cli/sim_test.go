package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"limen/engine/sim"
)

type simJSON struct {
	Run      int
	Start    time.Time
	End      time.Time
	Done     bool
	Funnel   sim.Funnel
	Personas []sim.PersonaStats
	Criteria []struct {
		ID, Name    string
		Activations int64
	}
	Calls    struct{ Tracking, Stored, Sent, Dropped int64 }
	Identify struct {
		SignUps, Created, Existing, Converted, Merged int64
	}
	Profiles  struct{ KnownBefore, Known, Unknown int }
	Errors    int64
	Messages  sim.MessageStats
	Campaigns []struct {
		ID                      uint64
		Name, Channel, Audience string
	}
}

func runSimJSON(t *testing.T, args ...string) (string, simJSON) {
	t.Helper()
	code, out, errs := run(t, "", append([]string{"sim", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("sim %v: exit %d: %s", args, code, errs)
	}
	if !strings.Contains(errs, "calls/s with") {
		t.Errorf("stderr should give the timing: %q", errs)
	}
	var r simJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	return out, r
}

// TestSimJSONIsDeterministic: the same seed prints the same report,
// whatever the workers and the tick.
func TestSimJSONIsDeterministic(t *testing.T) {
	want, r := runSimJSON(t, "--visitors", "300", "--seed", "5", "--workers", "1")
	for _, args := range [][]string{{"--workers", "4"}, {"--workers", "2", "--tick", "10s"}, {"--tick", "10m"}} {
		got, _ := runSimJSON(t, append([]string{"--visitors", "300", "--seed", "5"}, args...)...)
		if got != want {
			t.Fatalf("%v printed another report:\n%s\nwant:\n%s", args, got, want)
		}
	}
	if err := r.Funnel.Check(); err != nil || r.Funnel.Visitors != 300 || !r.Done || r.Errors != 0 {
		t.Fatalf("report %+v: %v", r, err)
	}
	var acts int64
	for _, c := range r.Criteria {
		acts += c.Activations
	}
	if len(r.Criteria) != 4 || r.Criteria[0].Name != "Big-ticket browser" || acts == 0 || len(r.Personas) != 6 {
		t.Fatalf("criteria %+v, %d personas", r.Criteria, len(r.Personas))
	}
	// The profiles the engine holds are those the run reports.
	if r.Profiles.KnownBefore != 200 || int64(r.Profiles.Known) != 200+r.Identify.Created+r.Identify.Converted ||
		int64(r.Profiles.Unknown) != acts-r.Identify.Converted-r.Identify.Merged {
		t.Fatalf("profiles %+v do not match identify %+v and %d activations", r.Profiles, r.Identify, acts)
	}
	// The fresh project runs the default campaign: visitors see it, click
	// and buy.
	if len(r.Campaigns) != 1 || r.Campaigns[0].Name != sim.DefaultCampaignName || r.Campaigns[0].Channel != "inApp" ||
		r.Funnel.Messaged == 0 || r.Funnel.Clicked == 0 || r.Funnel.Purchased == 0 ||
		r.Messages.Shown == 0 || r.Messages.Clicks == 0 || r.Messages.Purchases == 0 || r.Messages.Revenue <= 0 {
		t.Fatalf("campaigns %+v, funnel %+v, messages %+v", r.Campaigns, r.Funnel, r.Messages)
	}
	if other, _ := runSimJSON(t, "--visitors", "300", "--seed", "6"); other == want {
		t.Fatal("seed 6 printed the report of seed 5")
	}
}

func TestSimText(t *testing.T) {
	code, out, errs := run(t, "", "sim", "--visitors", "120", "--seed", "3", "--speed", "100")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"run 1, seed 3", "every visitor done", "FUNNEL", "consented", "PERSONA", "bargain-hunter",
		"messaged", "of activated", "purchased", "CRITERIA", "101 Big-ticket browser", "tracking calls",
		"purchases credited to campaigns", `campaigns running: "10% off what you viewed" (inApp, unknown users)`, "calls/s with"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSimDurationAndMix(t *testing.T) {
	_, r := runSimJSON(t, "--visitors", "2000", "--duration", "30m", "--mix", "bouncer=1,returning-buyer=1", "--consent", "1")
	if r.End.After(r.Start.Add(30*time.Minute)) || r.Funnel.Visitors == 0 || r.Funnel.Visitors >= 2000 {
		t.Fatalf("a 30-minute run at 10 a minute: %d visitors, end %v", r.Funnel.Visitors, r.End)
	}
	for _, p := range r.Personas {
		if (p.Name == "bouncer" || p.Name == "returning-buyer") != (p.Funnel.Visitors > 0) {
			t.Errorf("persona %s: %d visitors with mix bouncer=1,returning-buyer=1", p.Name, p.Funnel.Visitors)
		}
	}
}

func TestSimOnADataDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	_, first := runSimJSON(t, "--data", dir, "--visitors", "150")
	_, second := runSimJSON(t, "--data", dir, "--visitors", "150", "--known", "0", "--no-campaign")
	if first.Run != 1 || second.Run != 2 || second.Errors != 0 {
		t.Fatalf("runs %d then %d (%d errors)", first.Run, second.Run, second.Errors)
	}
	// The existing project keeps running the campaign the first run started
	// (--no-campaign concerns fresh projects only).
	if len(first.Campaigns) != 1 || len(second.Campaigns) != 1 || second.Campaigns[0].ID != first.Campaigns[0].ID {
		t.Fatalf("campaigns %+v then %+v", first.Campaigns, second.Campaigns)
	}
	if second.Profiles.KnownBefore != first.Profiles.Known || second.Profiles.Unknown < first.Profiles.Unknown {
		t.Fatalf("the second run starts from the first one's profiles: %+v then %+v", first.Profiles, second.Profiles)
	}
}

func TestSimNoCampaign(t *testing.T) {
	_, r := runSimJSON(t, "--visitors", "200", "--no-campaign")
	if len(r.Campaigns) != 0 || r.Funnel.Messaged != 0 || r.Messages != (sim.MessageStats{}) || r.Funnel.Activated == 0 {
		t.Fatalf("--no-campaign: campaigns %+v, funnel %+v, messages %+v", r.Campaigns, r.Funnel, r.Messages)
	}
	dir := filepath.Join(t.TempDir(), "data")
	runSimJSON(t, "--data", dir, "--visitors", "50", "--no-campaign")
	if _, again := runSimJSON(t, "--data", dir, "--visitors", "50"); len(again.Campaigns) != 0 {
		t.Fatalf("a project with criteria is not fresh: it runs the campaigns it has, %+v", again.Campaigns)
	}
}

func TestSimBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--consent", "1.5"},
		{"--mix", "nobody=1"},
		{"--mix", "bouncer"},
		{"--visitors", "-3"},
	} {
		code, _, errs := run(t, "", append([]string{"sim"}, args...)...)
		if code != 2 || !strings.HasPrefix(errs, "limen: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}
