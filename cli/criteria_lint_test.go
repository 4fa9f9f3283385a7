package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lintCleanDoc is clean with an event limit of at least 150; its minMatch 150
// is over the default limit of 100.
const lintCleanDoc = `{"count":2,"criteriaSets":[
 {"criteriaId":"1","name":"a","searchQuery":{"combinator":"And","searchQueries":[
  {"dataType":"customEvent","minMatch":150,"searchCombo":{"combinator":"And","searchQueries":[
   {"dataType":"customEvent","field":"clicked","comparatorType":"IsSet","value":""}]}}]}},
 {"criteriaId":2,"searchQuery":{"combinator":"Or","searchQueries":[
  {"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[
   {"field":"age","comparatorType":"GreaterThan","value":"18"}]}}]}}]}`

const lintBadDoc = `{"criteriaSets":[
 {"criteriaId":"1","searchQuery":{"combinator":"Xor","searchQueries":[
  {"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[
   {"field":"zip","comparatorType":"MatchesRegex","value":"(?<=a)b"}]}}]}}]}`

func runLint(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(append([]string{"criteria", "lint"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "criteria.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLintCmdClean(t *testing.T) {
	p := writeTemp(t, lintCleanDoc)
	code, out, errs := runLint(t, "", "--event-limit", "200", p)
	if code != 0 || out != "ok: 2 criteria sets, no problems\n" || errs != "" {
		t.Errorf("code %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, _ = runLint(t, `{"criteriaSets":[]}`, "-")
	if code != 0 || out != "ok: 0 criteria sets, no problems\n" {
		t.Errorf("empty list: code %d, stdout %q", code, out)
	}
}

func TestLintCmdEventLimit(t *testing.T) {
	p := writeTemp(t, lintCleanDoc)
	code, out, _ := runLint(t, "", p)
	want := "criteriaSets[0].searchQuery.searchQueries[0].minMatch: minMatch is the number 150, but the device keeps only the last 100 events, so this can never be reached\n1 problem\n"
	if code != 1 || out != want {
		t.Errorf("code %d, stdout:\n%s\nwant:\n%s", code, out, want)
	}
	if code, _, errs := runLint(t, "", "--event-limit", "0", p); code != 2 || !strings.Contains(errs, "--event-limit") {
		t.Errorf("--event-limit 0: code %d, stderr %q", code, errs)
	}
}

func TestLintCmdProblems(t *testing.T) {
	code, out, errs := runLint(t, lintBadDoc, "-")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 1 || errs != "" || len(lines) != 3 {
		t.Fatalf("code %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	if !strings.HasPrefix(lines[0], `criteriaSets[0].searchQuery.combinator: unknown combinator "Xor"`) {
		t.Errorf("line 1: %s", lines[0])
	}
	if !strings.HasPrefix(lines[1], "criteriaSets[0].searchQuery.searchQueries[0].searchCombo.searchQueries[0].value: pattern \"(?<=a)b\"") ||
		!strings.Contains(lines[1], "look-behind") {
		t.Errorf("line 2: %s", lines[1])
	}
	if lines[2] != "2 problems" {
		t.Errorf("last line: %q", lines[2])
	}
}

func TestLintCmdJSON(t *testing.T) {
	code, out, _ := runLint(t, lintBadDoc, "--json", "-")
	var probs []struct{ Path, Message string }
	if err := json.Unmarshal([]byte(out), &probs); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if code != 1 || len(probs) != 2 || probs[0].Path != "criteriaSets[0].searchQuery.combinator" || !strings.Contains(probs[1].Message, "(?<=a)b") {
		t.Errorf("code %d, problems %+v", code, probs)
	}
	if !strings.Contains(out, `"path":`) || !strings.Contains(out, `"message":`) {
		t.Errorf("want path/message keys: %s", out)
	}
	code, out, _ = runLint(t, "", "--json", "--event-limit", "500", writeTemp(t, lintCleanDoc))
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("clean --json: code %d, stdout %q", code, out)
	}
}

func TestLintCmdBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\n  \"criteriaSets\": [\n    {\"criteriaId\": 1,,}\n  ]\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"syntax", "", []string{bad}, "limen: " + bad + ": line 3, column 22: "},
		{"syntax stdin", "[1,\n2", []string{"-"}, "limen: stdin: line 2, column 1: "},
		{"not an object", "[1]", []string{"-"}, `limen: stdin: a criteria document must be a JSON object`},
		{"empty", "", []string{"-"}, "limen: stdin: line 1, column 1: "},
		{"missing file", "", []string{filepath.Join(dir, "nope.json")}, "limen: " + filepath.Join(dir, "nope.json") + ": no such file"},
		{"directory", "", []string{dir}, "limen: " + dir + ": "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runLint(t, c.stdin, c.args...)
			if code != 2 || out != "" || !strings.HasPrefix(errs, c.want) || strings.Count(errs, "\n") != 1 {
				t.Errorf("code %d, stdout %q, stderr %q; want prefix %q", code, out, errs, c.want)
			}
		})
	}
	if code, _, _ := runLint(t, ""); code != 2 {
		t.Errorf("no FILE: code %d, want 2", code)
	}
}
