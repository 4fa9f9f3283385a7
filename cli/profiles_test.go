package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// seeded runs the seed story into a data directory and returns it.
func seeded(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if code, _, errs := run(t, "", "scenario", "run", "big-ticket-merge", "--data", dir); code != 0 {
		t.Fatalf("scenario: exit %d: %s", code, errs)
	}
	return dir
}

func TestProfilesListShowAndLedger(t *testing.T) {
	dir := seeded(t)
	code, out, errs := run(t, "", "profiles", "list", "--data", dir)
	if code != 0 || !strings.Contains(out, "ann@example.com") || !strings.Contains(out, "known") {
		t.Fatalf("list: exit %d %s\n%s", code, errs, out)
	}
	code, out, _ = run(t, "", "profiles", "list", "--data", dir, "--kind", "unknown", "--json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("no unknown profile should remain after the merge: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "", "profiles", "show", "ann@example.com", "--data", dir)
	for _, want := range []string{"merge unknown", "granted on device d1", "viewedProduct", "1 item: Velvet sofa ×1"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "", "profiles", "show", "ann", "--data", dir, "--json")
	var d struct {
		Profile  struct{ Email string }
		Identity []struct{ Op string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &d) != nil || d.Profile.Email != "ann@example.com" || len(d.Identity) != 3 {
		t.Fatalf("show by userId --json: exit %d\n%s", code, out)
	}
	if code, _, errs := run(t, "", "profiles", "show", "nobody@example.com", "--data", dir); code != 1 || !strings.Contains(errs, "no profile") {
		t.Fatalf("missing profile: exit %d %s", code, errs)
	}
	code, out, _ = run(t, "", "ledger", "--data", dir)
	if code != 0 || strings.Count(out, "\n") != 3 || !strings.Contains(out, "merge unknown") {
		t.Fatalf("ledger: exit %d\n%s", code, out)
	}
	if code, out, _ = run(t, "", "ledger", "--consent", "--data", dir); code != 0 || !strings.Contains(out, "granted") {
		t.Fatalf("consent ledger: exit %d\n%s", code, out)
	}
}

func TestDirectoryInUseIsOneLine(t *testing.T) {
	dir := seeded(t)
	held, err := openProject(&env{stderr: &strings.Builder{}}, &dataFlags{dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, out, errs := run(t, "", "profiles", "list", "--data", dir)
	if code != 2 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "is in use by another limen") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

func TestBadKind(t *testing.T) {
	if code, _, errs := run(t, "", "profiles", "list", "--in-memory", "--kind", "vip"); code != 2 || !strings.Contains(errs, `"vip"`) {
		t.Fatalf("exit %d %s", code, errs)
	}
}

// TestHoldDataDir is not a test: run as a child process (LIMEN_HOLD_DIR set),
// it opens the project and keeps it until its standard input closes.
func TestHoldDataDir(t *testing.T) {
	dir := os.Getenv("LIMEN_HOLD_DIR")
	if dir == "" {
		t.Skip("helper process for TestSecondProcessIsToldPlainly")
	}
	p, err := openProject(&env{stderr: os.Stderr}, &dataFlags{dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
}

func TestSecondProcessIsToldPlainly(t *testing.T) {
	dir := seeded(t)
	child := exec.Command(os.Args[0], "-test.run=^TestHoldDataDir$")
	child.Env = append(os.Environ(), "LIMEN_HOLD_DIR="+dir)
	stdin, _ := child.StdinPipe()
	stdout, _ := child.StdoutPipe()
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); child.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("holder did not start: %q %v", line, err)
	}
	code, out, errs := run(t, "", "ledger", "--data", dir)
	want := "limen: data directory " + dir + " is in use by another limen\n"
	if code != 2 || out != "" || errs != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, out, errs, want)
	}
}
