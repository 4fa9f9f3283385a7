package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMarketerSendsTheOffer is the demo the Messages tab exists for: in the
// console's demo project a marketer creates "10% off what you viewed" for
// unknown users, starts it, starts the simulator (faster), and watches
// unknown users receive it on their next visit, click and buy, in the
// campaign's live figures.
func TestMarketerSendsTheOffer(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end console test: skipped under -short")
	}
	requireTmux(t)
	bin := buildLimen(t)
	start := time.Now()
	s := startConsole(t, "offer", 120, 36, bin, "--in-memory")
	s.waitFor(20*time.Second, "Profiles", "all profiles")

	s.keys("BTab") // Profiles → Messages
	s.waitFor(5*time.Second, "Sofa follow-up (seed story)")
	s.keys("n")
	s.waitFor(5*time.Second, "New campaign", "PREVIEW")
	s.keys("10% off what you viewed")
	for range 6 { // name → channel → audience → title → body → button → discount
		s.keys("Tab")
	}
	s.keys("BSpace")
	s.keys("10")
	s.waitFor(5*time.Second, "10% off today:") // the preview follows the discount
	s.keys("C-s")
	s.waitFor(5*time.Second, "○ draft")
	s.keys("s")
	s.waitFor(5*time.Second, "▶ running")
	t.Logf("campaign created and started after %v", time.Since(start).Round(time.Millisecond))

	s.keys("BTab") // Messages → Simulator
	s.waitFor(5*time.Second, "live simulation")
	s.keys("Space")
	s.waitFor(5*time.Second, "▶ running")
	for _, speed := range []string{"120×", "300×", "600×", "1800×", "3600×"} {
		// 60× → 3600×: people come back hours later in simulated time.
		s.keys("+")
		s.waitFor(5*time.Second, speed)
	}
	s.keys("Tab") // back to Messages, to watch the figures
	row := regexp.MustCompile(`10% off what you viewed\s+in-app\s+unknown users\s+▶ running\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,.]+)`)
	num := func(s string) int { n, _ := strconv.Atoi(strings.ReplaceAll(s, ",", "")); return n }
	screen := s.waitUntil(120*time.Second, "the offer delivered, shown, clicked and converted", func(screen string) bool {
		m := row.FindStringSubmatch(screen)
		return m != nil && num(m[2]) > 0 && num(m[3]) > 0 && num(m[4]) > 0 && num(m[5]) > 0
	})
	m := row.FindStringSubmatch(screen)
	t.Logf("after %v: eligible %s, delivered %s, shown %s, clicked %s, converted %s, revenue %s",
		time.Since(start).Round(time.Millisecond), m[1], m[2], m[3], m[4], m[5], m[6])
	if m[6] == "0.00" {
		t.Fatalf("converted without revenue:\n%s", screen)
	}
	s.keys("C-c")
	if code := s.waitExit(10 * time.Second); code != 0 {
		t.Fatalf("limen exited with status %d:\n%s", code, s.capture())
	}
}
