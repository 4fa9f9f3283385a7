package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const offerJSON = `{"name": "10% off what you viewed", "channel": "inApp", "audience": {"kind": "unknown"},
 "title": "Still thinking about the {{last.viewedProduct.name}}?",
 "body": "{{discount}}% off today: {{discounted last.viewedProduct.price}}", "button": "Shop now", "discount": 10}`

func TestCampaignsListAndShowTheSeedStorysOffer(t *testing.T) {
	dir := seeded(t)
	code, out, errs := run(t, "", "campaigns", "list", "--data", dir)
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, errs)
	}
	for _, want := range []string{"Sofa follow-up (seed story)", "in-app", "unknown users", "stopped", "1,169.10"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "", "campaigns", "list", "--data", dir, "--json")
	var rows []struct {
		ID                                   uint64
		Name, Channel, State                 string
		Audience                             struct{ Kind string }
		Delivered, Shown, Clicked, Converted int
		Revenue                              float64
	}
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 1 {
		t.Fatalf("list --json: exit %d\n%s", code, out)
	}
	r := rows[0]
	if r.Audience.Kind != "unknown" || r.State != "stopped" || r.Delivered != 1 || r.Shown != 1 || r.Clicked != 1 || r.Converted != 1 || r.Revenue != 1169.1 {
		t.Fatalf("the seed story's campaign: %+v", r)
	}
	code, out, _ = run(t, "", "campaigns", "show", "Sofa follow-up (seed story)", "--data", dir)
	for _, want := range []string{`campaign 1 "Sofa follow-up (seed story)"`, "10% off", "{{discounted last.viewedProduct.price}}", "converted     1", "revenue       1,169.10"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "", "campaigns", "show", "1", "--data", dir, "--json")
	var d struct {
		Campaign struct{ Name string }
		Stats    struct{ Purchases int }
	}
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.Campaign.Name != "Sofa follow-up (seed story)" || d.Stats.Purchases != 1 {
		t.Fatalf("show by id --json: exit %d\n%s", code, out)
	}
	if code, _, errs := run(t, "", "campaigns", "show", "Nope", "--data", dir); code != 1 || !strings.Contains(errs, `no campaign "Nope"`) {
		t.Fatalf("missing campaign: exit %d %s", code, errs)
	}
}

func TestCampaignsCreateStartStopPreview(t *testing.T) {
	dir := seeded(t)
	code, out, errs := run(t, offerJSON, "campaigns", "create", "--file", "-", "--data", dir)
	if code != 0 || strings.TrimSpace(out) != "2" {
		t.Fatalf("create: exit %d, stdout %q, stderr %s", code, out, errs)
	}
	if code, out, _ := run(t, "", "campaigns", "show", "2", "--data", dir); code != 0 || !strings.Contains(out, "state        draft") {
		t.Fatalf("a new campaign is a draft: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "", "campaigns", "start", "10% off what you viewed", "--data", dir); code != 0 || out != "campaign 2 \"10% off what you viewed\" started\n" {
		t.Fatalf("start: exit %d %q", code, out)
	}
	if code, out, _ := run(t, "", "campaigns", "start", "2", "--data", dir); code != 0 || !strings.Contains(out, "already running") {
		t.Fatalf("start again: exit %d %q", code, out)
	}
	code, out, _ = run(t, "", "campaigns", "preview", "2", "--profile", "ann@example.com", "--data", dir)
	for _, want := range []string{"title   Still thinking about the Velvet sofa?", "body    10% off today: 1,169.10", "would not get it: not in the audience"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "", "campaigns", "preview", "10% off what you viewed", "--profile", "ann", "--json", "--data", dir)
	var pv struct {
		Body     string
		Eligible bool
		Missing  []string
	}
	if code != 0 || json.Unmarshal([]byte(out), &pv) != nil || pv.Body != "10% off today: 1,169.10" || pv.Eligible || pv.Missing == nil {
		t.Fatalf("preview --json: exit %d\n%s", code, out)
	}
	if code, _, errs := run(t, "", "campaigns", "preview", "2", "--profile", "nobody@example.com", "--data", dir); code != 1 || !strings.Contains(errs, "no profile") {
		t.Fatalf("preview for nobody: exit %d %s", code, errs)
	}
	if code, out, _ := run(t, "", "campaigns", "stop", "2", "--data", dir); code != 0 || !strings.Contains(out, "stopped") {
		t.Fatalf("stop: exit %d %q", code, out)
	}
	if code, out, _ := run(t, "", "campaigns", "list", "--data", dir); code != 0 || strings.Index(out, "10% off what you viewed") > strings.Index(out, "Sofa follow-up") {
		t.Fatalf("list is newest first: exit %d\n%s", code, out)
	}
}

func TestCampaignsCreateRefusesBadInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.json")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct{ file, want string }{
		{`{"name": "x", "channel": "sms", "audience": {"kind": "unknown"}, "body": "hi"}`, `c.json: channel "sms": must be one of inApp, embedded, push, email`},
		{`{"name": "x", "channel": "inApp", "audience": {"kind": "unknown"}, "body": "{{#each items}}"}`, "c.json: body: line 1, column"},
		{`{"name": "x", "channel": "inApp", "audience": {"kind": "criteria", "criteriaId": "999"}, "body": "hi"}`, `audience.criteriaId "999": no criteria set has this id`},
		{`{"name": "x", "chanel": "inApp"}`, `c.json: unknown field "chanel"`},
		{`{"name": "x", "discount": "ten"}`, "c.json: discount: must be a number, not string"},
		{`[1]`, "c.json: must be a JSON object"},
		{`{"name": `, "c.json: not JSON: line 1"},
	}
	for _, tc := range cases {
		write(tc.file)
		code, out, errs := run(t, "", "campaigns", "create", "--file", path, "--in-memory")
		if code != 2 || out != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.file, code, out, errs, tc.want)
		}
	}
	if code, _, errs := run(t, "", "campaigns", "create", "--in-memory"); code != 2 || !strings.Contains(errs, "--file") {
		t.Errorf("no --file: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "campaigns", "create", "--file", "/nope/c.json", "--in-memory"); code != 2 || !strings.Contains(errs, "no such file") {
		t.Errorf("missing file: exit %d %s", code, errs)
	}
	dir := seeded(t)
	write(`{"name": "Sofa follow-up (seed story)", "channel": "inApp", "audience": {"kind": "unknown"}, "body": "hi"}`)
	if code, _, errs := run(t, "", "campaigns", "create", "--file", path, "--data", dir); code != 2 || !strings.Contains(errs, "already has this name") {
		t.Errorf("duplicate name: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, "", "campaigns", "start", "Nope", "--data", dir); code != 1 || strings.Count(errs, "\n") != 1 {
		t.Errorf("start of a missing campaign: exit %d %q", code, errs)
	}
}
