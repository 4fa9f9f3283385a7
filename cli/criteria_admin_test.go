package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"limen/engine/criteria"
	"limen/fixtures"
)

// writeFile writes a file in the test's temp directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	code, out, errs := run(t, stdin, args...)
	if code != 0 {
		t.Fatalf("limen %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

func TestCriteriaAdminOnTheSeededProject(t *testing.T) {
	dir := seeded(t)
	out := mustRun(t, "", "criteria", "list", "--data", dir)
	for _, want := range []string{"first match wins, top to bottom", "1  101  Big-ticket browser  published", "2  102  Gift in the cart"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	var rows []setRow
	if err := json.Unmarshal([]byte(mustRun(t, "", "criteria", "list", "--data", dir, "--json")), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("list --json: %v %+v", err, rows)
	}
	if rows[0].ID != "101" || rows[0].Activated != 1 || rows[1].Activated != 0 || rows[0].Version != 1 {
		t.Fatalf("list --json: %+v (ann's profile was activated by 101)", rows)
	}

	set101 := mustRun(t, "", "criteria", "export", "101", "--data", dir)
	if out := mustRun(t, "", "criteria", "show", "101", "--data", dir); !strings.Contains(out, "\n  \"criteriaId\": \"101\",\n") {
		t.Fatalf("show is not indented JSON:\n%s", out)
	}
	if code, _, errs := run(t, "", "criteria", "show", "999", "--data", dir); code != 1 || !strings.Contains(errs, `no criteria set "999"`) {
		t.Fatalf("show of an unknown set: exit %d %s", code, errs)
	}
	var doc struct {
		Count        int
		CriteriaSets []json.RawMessage
	}
	if err := json.Unmarshal([]byte(mustRun(t, "", "criteria", "export", "--data", dir)), &doc); err != nil || doc.Count != 2 || len(doc.CriteriaSets) != 2 {
		t.Fatalf("export: %v %+v", err, doc)
	}

	// A stricter draft of 101: three big-ticket views are no longer enough.
	stricter := `{"count":1,"criteriaSets":[` + strings.Replace(strings.TrimSpace(set101), `"minMatch":3`, `"minMatch":5`, 1) + `]}`
	if out := mustRun(t, stricter, "criteria", "import", "-", "--data", dir); !strings.Contains(out, "imported 1 criteria set as drafts") {
		t.Fatalf("import: %s", out)
	}
	if out := mustRun(t, "", "criteria", "list", "--data", dir); !strings.Contains(out, "changed since publish") {
		t.Fatalf("list after a draft change:\n%s", out)
	}
	out = mustRun(t, "", "criteria", "backtest", "101", "--data", dir)
	for _, want := range []string{"1 visitor history (0 on devices, 1 profiles)", "101  Big-ticket browser  1          0      -1",
		"no longer activated: 1", "known   ann@example.com (profile 1), 6 events: was 101"} {
		if !strings.Contains(out, want) {
			t.Errorf("backtest 101 lacks %q:\n%s", want, out)
		}
	}
	var res struct {
		Histories, NoLongerActivated int
		Buckets                      []string
		Published                    struct{ ByID map[string]int }
		EventsToActivate             map[string][]int
	}
	if err := json.Unmarshal([]byte(mustRun(t, "", "criteria", "backtest", "--json", "--data", dir)), &res); err != nil {
		t.Fatal(err)
	}
	if res.Histories != 1 || res.NoLongerActivated != 1 || res.Published.ByID["101"] != 1 || len(res.Buckets) != 11 || len(res.EventsToActivate) != 0 {
		t.Fatalf("backtest --json: %+v", res)
	}
	// The published version still activates ann after 3 big-ticket views.
	out = mustRun(t, "", "criteria", "backtest", writeFile(t, "pub.json", mustRun(t, "", "criteria", "export", "--data", dir)), "--data", dir)
	if !strings.Contains(out, "101  0  0  0  1  0") {
		t.Fatalf("backtest FILE: events to activate:\n%s", out)
	}

	out = mustRun(t, "", "criteria", "publish", "101", "--data", dir)
	for _, want := range []string{"changes since set version 1", "\n-             \"minMatch\": 3\n+             \"minMatch\": 5\n",
		"published: set version 2, criteria document version 2"} {
		if !strings.Contains(out, want) {
			t.Errorf("publish lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "\n") > 12 {
		t.Errorf("publish shows more than the change and its context:\n%s", out)
	}
	if out := mustRun(t, "", "criteria", "publish", "101", "--data", dir); !strings.Contains(out, "nothing to publish") {
		t.Fatalf("publishing again: %s", out)
	}
	if out := mustRun(t, "", "criteria", "show", "101", "--published", "--data", dir); !strings.Contains(out, `"minMatch": 5`) {
		t.Fatalf("show --published after publish:\n%s", out)
	}
}

func TestCriteriaAdminImportExitCodes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	listJSON := func() string { return strings.TrimSpace(mustRun(t, "", "criteria", "list", "--json", "--data", dir)) }

	code, _, errs := run(t, "", "criteria", "import", writeFile(t, "broken.json", "{\n  \"criteriaSets\": [\n    {\"criteriaId\": \"1\",,}\n"), "--data", dir)
	if code != 2 || !strings.Contains(errs, "not JSON: line 3, column") {
		t.Fatalf("not JSON: exit %d, %s", code, errs)
	}
	bad := `{"count":2,"criteriaSets":[` + strings.TrimSuffix(strings.TrimPrefix(string(compactFixture(t)), `{"count":4,"criteriaSets":[`), "]}") +
		`,{"criteriaId":"9","searchQuery":{"combinator":"Maybe","searchQueries":[]}}]}`
	code, _, errs = run(t, "", "criteria", "import", writeFile(t, "bad.json", bad), "--publish", "--data", dir)
	if code != 1 || !strings.Contains(errs, "criteriaSets[4].searchQuery.combinator: ") || !strings.Contains(errs, "nothing saved") {
		t.Fatalf("lint problems: exit %d\n%s", code, errs)
	}
	if got := listJSON(); got != "[]" {
		t.Fatalf("a file with lint problems saved something: %s", got)
	}

	good := writeFile(t, "good.json", string(fixtures.Criteria()))
	if out := mustRun(t, "", "criteria", "import", good, "--data", dir); !strings.Contains(out, "imported 4 criteria sets as drafts") {
		t.Fatalf("import: %s", out)
	}
	if code, _, errs := run(t, "", "criteria", "export", "--data", dir); code != 1 || !strings.Contains(errs, "nothing is published") {
		t.Fatalf("export before any publication: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "criteria", "export", "101", "--data", dir); code != 1 || !strings.Contains(errs, "not published") {
		t.Fatalf("export of a draft: exit %d %s", code, errs)
	}
	if out := mustRun(t, "", "criteria", "publish", "103", "--data", dir); !strings.Contains(out, "first publication") {
		t.Fatalf("publish of a new set: %s", out)
	}
	if out := mustRun(t, "", "criteria", "import", good, "--publish", "--data", dir); !strings.Contains(out, "imported and published 4 criteria sets") {
		t.Fatalf("import --publish: %s", out)
	}

	// Export round-trips: the same model as the file, and byte for byte
	// through a second project.
	exported := mustRun(t, "", "criteria", "export", "--data", dir)
	if !reflect.DeepEqual(parseDoc(t, []byte(exported)), parseDoc(t, fixtures.Criteria())) {
		t.Fatalf("export differs from the imported document:\n%s", exported)
	}
	other := filepath.Join(t.TempDir(), "other")
	mustRun(t, exported, "criteria", "import", "-", "--replace", "--data", other)
	if again := mustRun(t, "", "criteria", "export", "--data", other); again != exported {
		t.Fatalf("second export differs:\n%s\n%s", again, exported)
	}

	// --replace makes a file the whole published criteria.
	one := `{"count":1,"criteriaSets":[` + strings.TrimSpace(mustRun(t, "", "criteria", "export", "102", "--data", dir)) + `]}`
	if out := mustRun(t, "", "criteria", "import", writeFile(t, "one.json", one), "--replace", "--data", dir); !strings.Contains(out, "replaced by 1 criteria set") {
		t.Fatalf("import --replace: %s", out)
	}
	if got := strings.TrimSpace(mustRun(t, "", "criteria", "export", "--data", dir)); got != one {
		t.Fatalf("after --replace the export is\n%s\nwant\n%s", got, one)
	}
	if code, _, errs := run(t, "", "criteria", "backtest", "no-such-set-or-file", "--data", dir); code != 2 || !strings.Contains(errs, "neither a criteria set nor a file") {
		t.Fatalf("backtest of nothing: exit %d %s", code, errs)
	}
	if code, _, _ := run(t, "", "criteria", "show", "102", "--draft", "--published", "--data", dir); code != 2 {
		t.Fatalf("--draft with --published: exit %d", code)
	}
}

func compactFixture(t *testing.T) []byte {
	t.Helper()
	doc, err := criteria.Parse(fixtures.Criteria())
	if err != nil {
		t.Fatal(err)
	}
	out, err := criteria.Export(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func parseDoc(t *testing.T, data []byte) *criteria.Document {
	t.Helper()
	doc, err := criteria.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
