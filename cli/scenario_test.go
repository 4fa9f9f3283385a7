package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestScenarioRunJSON(t *testing.T) {
	code, out, errs := run(t, "", "scenario", "run", "big-ticket-merge", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Timeline []struct{ Text string }
		Profiles []struct {
			Email, Kind string
			Events      []struct{ Type string }
		}
		Devices   []struct{ ID, State string }
		Ledger    []struct{ Op string }
		Campaigns []struct {
			Name      string
			Converted int
			Revenue   float64
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	if len(rep.Timeline) != 18 || len(rep.Profiles) != 1 || rep.Devices[0].State != "known" || rep.Ledger[2].Op != "merge" ||
		len(rep.Campaigns) != 1 || rep.Campaigns[0].Converted != 1 || rep.Campaigns[0].Revenue != 1169.1 {
		t.Fatalf("unexpected report: %+v", rep)
	}
}

func TestScenarioRunTextReadsLikeTheStory(t *testing.T) {
	code, out, _ := run(t, "", "scenario", "run", "big-ticket-merge")
	for _, want := range []string{"dropped: no consent", "ACTIVATED by criteria 101", "MERGED into the existing profile", "identity ledger (3)",
		`in-app "Sofa follow-up (seed story)" shown`, `credited to campaign "Sofa follow-up (seed story)"`, "campaigns (1)"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("exit %d; timeline lacks %q:\n%s", code, want, out)
		}
	}
}

func TestScenarioRunBadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(path, []byte(`{"steps": [{"device": "d1", "do": "track"}, {"do": "advance", "seconds": "soon"}]}`), 0o600)
	code, _, errs := run(t, "", "scenario", "run", path)
	if code != 2 || !strings.Contains(errs, "steps[0].eventName: missing") || !strings.Contains(errs, "steps[1].seconds: must be a number") {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	if code, _, errs := run(t, "", "scenario", "run", "no-such-scenario"); code != 2 || !strings.Contains(errs, "no such file") {
		t.Fatalf("missing file: exit %d, %s", code, errs)
	}
}
