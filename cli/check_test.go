package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"limen/engine"
	"limen/storage"
)

func checkRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckCmdInMemory(t *testing.T) {
	code, out, errs := checkRun(t, "check", "--in-memory")
	want := "ok: 0 profiles (0 unknown, 0 known), 0 events, 0 index entries, 0 devices, 0 identity ledger entries, 0 consent ledger entries checked\n"
	if code != 0 || out != want || errs != "" {
		t.Errorf("code %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestCheckCmdCorrupted checks a project on disk, then the same project
// with an index entry deleted behind the engine's back.
func TestCheckCmdCorrupted(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	p, err := engine.Open(engine.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ann, err := p.CreateKnownProfile("ann@example.com", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.CreateKnownProfile("bob@example.com", "bob", nil); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, errs := checkRun(t, "check", "--data", dir)
	if code != 0 || !strings.HasPrefix(out, "ok: 2 profiles (0 unknown, 2 known), 0 events, 5 index entries, 0 devices, 2 identity ledger entries") || errs != "" {
		t.Fatalf("clean: code %d, stdout %q, stderr %q", code, out, errs)
	}

	db, err := storage.Open(storage.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(txn *storage.Txn) error { return txn.Delete(storage.EmailIndexKey("ann@example.com", ann.ID)) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, _ = checkRun(t, "check", "--data", dir)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := `index: profile 1: its email "ann@example.com" has no index entry: lookups by email miss it`
	if code != 1 || len(lines) != 2 || lines[0] != want || !strings.HasPrefix(lines[1], "1 violation; 2 profiles") {
		t.Errorf("corrupted: code %d, stdout:\n%s", code, out)
	}

	code, out, _ = checkRun(t, "check", "--data", dir, "--json")
	var got struct {
		OK         bool               `json:"ok"`
		Profiles   int                `json:"profiles"`
		Violations []engine.Violation `json:"violations"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if code != 1 || got.OK || got.Profiles != 2 || len(got.Violations) != 1 || got.Violations[0].Kind != engine.ViolationIndex {
		t.Errorf("--json: code %d, %+v", code, got)
	}
}

func TestCheckBenchIngestCmd(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	code, out, errs := checkRun(t, "bench", "ingest", "--devices", "12", "--events", "15", "--merges", "2",
		"--known-events", "300", "--unknown-events", "5", "--check", "--json")
	var r struct {
		Params     map[string]any `json:"parameters"`
		Stored     int            `json:"stored"`
		Sent       int            `json:"sent"`
		Merges     int            `json:"merges"`
		Ratio      float64        `json:"ratio"`
		Checked    bool           `json:"checked"`
		Violations []any          `json:"violations"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 || errs != "" {
		t.Fatalf("code %d, %v, stderr %q, stdout:\n%s", code, err, errs, out)
	}
	if r.Params["devices"] != 12.0 || r.Stored+r.Sent == 0 || r.Merges != 2 || r.Ratio <= 0 || !r.Checked || len(r.Violations) != 0 {
		t.Errorf("bench result: %+v", r)
	}
	code, out, _ = checkRun(t, "bench", "ingest", "--devices", "4", "--events", "5", "--merges", "0")
	if code != 0 || !strings.Contains(out, "events/s") || !strings.Contains(out, "ratio") || strings.Contains(out, "merge p50") {
		t.Errorf("table: code %d:\n%s", code, out)
	}
	if code, _, errs = checkRun(t, "bench", "ingest", "--devices", "0"); code != 2 || !strings.Contains(errs, "--devices must be at least 1") {
		t.Errorf("--devices 0: code %d, stderr %q", code, errs)
	}
}

func TestBenchSimCmd(t *testing.T) {
	code, out, errs := run(t, "", "bench", "sim", "--visitors", "60", "--known", "10", "--json")
	var res struct {
		Visitors int
		Headless struct{ Ops int64 }
		Attached struct{ Ops int64 }
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil {
		t.Fatalf("exit %d, %s\n%s", code, errs, out)
	}
	if res.Visitors != 60 || res.Headless.Ops == 0 || res.Headless.Ops != res.Attached.Ops {
		t.Fatalf("bench sim: %+v", res)
	}
}

// TestBenchBrowseCmd runs the browse bench on a small project, first frame
// (the console's real render) included.
func TestBenchBrowseCmd(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for Badger's compactions to settle")
	}
	code, out, errs := run(t, "", "bench", "browse", "--profiles", "60", "--samples", "5", "--json")
	var res struct {
		ProfilesInProject int `json:"profilesInProject"`
		FirstFrame        struct {
			N     int     `json:"n"`
			P99Ms float64 `json:"p99Ms"`
		} `json:"firstFrame"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.ProfilesInProject != 60 || res.FirstFrame.N == 0 || res.FirstFrame.P99Ms <= 0 {
		t.Fatalf("exit %d, %s\n%s", code, errs, out)
	}
}
