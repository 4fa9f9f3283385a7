// Package e2e runs the real limen binary as a person would: in a terminal
// (a detached tmux session of a fixed size), typing keys and reading the
// screen, the way ../shared/tools/tui-shot does by hand.
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestConsoleEndToEnd builds limen, opens the console on a fresh data
// directory (which seeds the demo), searches a demo customer, quits, and
// checks that the directory reopens cleanly, headless and in a small
// terminal.
func TestConsoleEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end console test: skipped under -short")
	}
	requireTmux(t)
	start := time.Now()
	bin := buildLimen(t)
	t.Logf("built limen in %v", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	data := filepath.Join(t.TempDir(), "data")

	// First launch, 120×36: the demo is seeded and shown, with the count
	// of profiles in the tab's badge and on the filter line, and its rows.
	s := startConsole(t, "big", 120, 36, bin, "--data", data)
	badge := regexp.MustCompile(`Profiles ([\d,]+)`)
	screen := s.waitUntil(20*time.Second, "the demo's profiles, counted", func(screen string) bool {
		m := badge.FindStringSubmatch(screen)
		return m != nil && strings.Contains(screen, "all profiles — "+m[1]+" profiles") && countRows(screen) >= 10
	})
	t.Logf("first frame after %v (the demo seeded)", time.Since(start).Round(time.Millisecond))
	if status := lastLine(screen); !strings.Contains(status, "demo") {
		t.Fatalf("the status bar says %q, want it to say demo", status)
	}

	// Search a demo customer by a prefix of its email (engine/demo/demo.go
	// names the first one ann.moreau0@example.com).
	s.keys("/")
	s.waitFor(5*time.Second, "enter keep filter") // the search box has focus
	s.keys("ann.moreau0")
	s.waitFor(5*time.Second, "— 1 match", "ann.moreau0@example.com · known")
	s.keys("Enter") // keep the filter; q now quits
	s.waitFor(5*time.Second, `search "ann.moreau0" — 1 match`)
	s.keys("q")
	if code := s.waitExit(5 * time.Second); code != 0 {
		t.Fatalf("limen exited with status %d after q:\n%s", code, s.capture())
	}
	t.Logf("searched and quit after %v", time.Since(start).Round(time.Millisecond))

	// The directory reopens: nothing was left locked or half written.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "profiles", "list", "--data", data, "--limit", "3").CombinedOutput()
	if err != nil {
		t.Fatalf("limen profiles list on the data directory after quitting: %v\n%s", err, out)
	}
	if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) != 4 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("limen profiles list --limit 3 printed %d lines, want a header and 3 rows:\n%s", len(lines), out)
	}
	t.Logf("listed after %v", time.Since(start).Round(time.Millisecond))

	// The smallest usual terminal, 80×24, on the same (now seeded) data.
	small := startConsole(t, "small", 80, 24, bin, "--data", data)
	screen = small.waitUntil(10*time.Second, "the browser's first frame", func(screen string) bool {
		return strings.Contains(screen, " profiles · newest first") && countRows(screen) >= 5
	})
	if strings.Contains(screen, "too small") {
		t.Fatalf("the first frame at 80×24 says the terminal is too small:\n%s", screen)
	}
	t.Logf("80×24 first frame after %v", time.Since(start).Round(time.Millisecond))
	small.keys("q")
	if code := small.waitExit(5 * time.Second); code != 0 {
		t.Fatalf("limen at 80×24 exited with status %d:\n%s", code, small.capture())
	}
}

// requireTmux skips the test, saying why, when tmux is not installed.
func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("end-to-end console test needs tmux, which is not on PATH (apt-get install tmux); skipping")
	}
}

// buildLimen builds the binary into a temporary directory. It is built
// without the race detector even under -race: an instrumented binary
// seeds the demo several times slower, and this test is about what a
// person sees (CI's `go vet ./...` has compiled the packages already).
func buildLimen(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is not on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "limen")
	cmd := exec.Command(gobin, "build", "-o", bin, "limen")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// session is one program running in its own tmux server (a private
// socket), so that nothing touches the person's tmux.
type session struct {
	t      *testing.T
	socket string
	name   string
}

// startConsole runs argv in a detached w×h tmux session, under a shell
// that prints its exit status when it ends (see exitStatus). The session's
// server (and the shell's sleep) is killed when the test ends.
func startConsole(t *testing.T, name string, w, h int, argv ...string) *session {
	t.Helper()
	s := &session{t: t, socket: fmt.Sprintf("limen-e2e-%d-%s", os.Getpid(), name), name: name}
	quoted := make([]string, len(argv))
	for i, a := range argv {
		quoted[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	script := strings.Join(quoted, " ") + `; echo "[limen exited with status $?]"; exec sleep 600`
	t.Cleanup(s.kill)
	if err := s.tmux("new-session", "-d", "-s", name, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h),
		"/bin/sh", "-c", script); err != nil {
		t.Fatalf("tmux new-session: %v", err)
	}
	return s
}

// kill ends the session's tmux server and removes its socket, which tmux
// leaves behind.
func (s *session) kill() {
	path, err := s.output("display-message", "-p", "#{socket_path}")
	_ = s.tmux("kill-server")
	if path = strings.TrimSpace(path); err == nil && path != "" {
		_ = os.Remove(path)
	}
}

// tmux runs a tmux command against the session's server and returns its
// error, with tmux's words.
func (s *session) tmux(args ...string) error {
	_, err := s.output(args...)
	return err
}

func (s *session) output(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "tmux", append([]string{"-L", s.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("tmux %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// keys types into the pane: a tmux key name (Enter, Escape, C-c) or
// literal text.
func (s *session) keys(k string) {
	s.t.Helper()
	args := []string{"send-keys", "-t", s.name}
	switch k {
	case "Enter", "Escape", "Tab", "BTab", "Up", "Down", "BSpace", "Space", "C-c", "C-s":
		args = append(args, k)
	default:
		args = append(args, "-l", k)
	}
	if err := s.tmux(args...); err != nil {
		s.t.Fatal(err)
	}
}

// capture returns what the pane shows now.
func (s *session) capture() string {
	s.t.Helper()
	out, err := s.output("capture-pane", "-p", "-t", s.name)
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// waitFor polls the screen until it shows every text, and returns it.
func (s *session) waitFor(timeout time.Duration, texts ...string) string {
	s.t.Helper()
	return s.waitUntil(timeout, fmt.Sprintf("%q", texts), func(screen string) bool {
		for _, text := range texts {
			if !strings.Contains(screen, text) {
				return false
			}
		}
		return true
	})
}

// waitUntil polls the screen until ok accepts it, and returns it; what
// describes what is awaited.
func (s *session) waitUntil(timeout time.Duration, what string, ok func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		screen := s.capture()
		if ok(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the %s console did not show %s within %v; it shows:\n%s", s.name, what, timeout, screen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitExit waits for the program to end and returns its exit status.
func (s *session) waitExit(timeout time.Duration) int {
	s.t.Helper()
	code := -1
	s.waitUntil(timeout, "the program's end", func(screen string) bool {
		var ended bool
		code, ended = exitStatus(screen)
		return ended
	})
	return code
}

// exitStatus reads the line the pane's shell prints once the program
// ended. tmux's own #{pane_dead_status} proved unreliable (with a Go
// program started directly it often stays empty) and a dead pane may lose
// its last output, so, as tui-shot does, a shell waits for the program,
// says how it ended, and keeps the pane alive until the server is killed.
func exitStatus(screen string) (int, bool) {
	m := regexp.MustCompile(`\[limen exited with status (\d+)\]`).FindStringSubmatch(screen)
	if m == nil {
		return 0, false
	}
	code, err := strconv.Atoi(m[1])
	return code, err == nil
}

// countRows counts the table rows on a screen: lines naming a profile kind
// in the kind column.
func countRows(screen string) int {
	n := 0
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, " known ") || strings.Contains(l, " unknown ") {
			n++
		}
	}
	return n
}

func lastLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return lines[len(lines)-1]
}
