package simulator

import (
	"strings"
	"testing"

	"limen/engine/sim"
	"limen/ui"
)

func TestBarCells(t *testing.T) {
	for _, c := range []struct {
		count, total int64
		width, want  int
	}{
		{0, 100, 40, 0},
		{100, 100, 40, 40},
		{50, 100, 40, 20},
		{1, 1000, 40, 1}, // a non-zero count always shows
		{999, 1000, 40, 39},
		{5, 0, 40, 0},
		{200, 100, 40, 40}, // never past the width
		{10, 100, 0, 0},
	} {
		if got := barCells(c.count, c.total, c.width); got != c.want {
			t.Errorf("barCells(%d, %d, %d) = %d, want %d", c.count, c.total, c.width, got, c.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		count, total int64
		want         string
	}{{0, 0, "–"}, {1, 3, "33%"}, {2, 3, "67%"}, {5, 5, "100%"}, {0, 7, "0%"}} {
		if got := percent(c.count, c.total); got != c.want {
			t.Errorf("percent(%d, %d) = %q, want %q", c.count, c.total, got, c.want)
		}
	}
}

func TestRenderFunnelFitsAndSharesOfStageBefore(t *testing.T) {
	f := sim.Funnel{Visitors: 200, Consented: 160, Activated: 40, Messaged: 30, Clicked: 6, Purchased: 3,
		Identified: 10, Converted: 6, Merged: 3}
	same := func(s string) string { return s }
	lines := renderFunnel(f, 60, same, func(s string) string { return "<" + s + ">" })
	if len(lines) != 9 {
		t.Fatalf("%d lines", len(lines))
	}
	// consented 80% of visitors, activated 25% of consented, messaged 75%
	// of activated, identified 25% of activated (not of purchased),
	// converted 60% and merged 30% of identified: the notes say which.
	for i, want := range []struct{ label, num, note string }{
		{"visitors", "200 100%", ""}, {"consented", "160 80%", ""}, {"activated", "40 25%", ""},
		{"messaged", "30 75%", ""}, {"clicked", "6 20%", ""}, {"purchased", "3 50%", ""},
		{"identified", "10 25%", "of activated"}, {"converted", "6 60%", ""}, {"merged", "3 30%", "of identified"},
	} {
		l := lines[i]
		plain := strings.NewReplacer("<", "", ">", "").Replace(l)
		if w := len([]rune(plain)); w != 60 {
			t.Errorf("line %q is %d cells", plain, w)
		}
		num := strings.TrimSpace(plain[len(plain)-funnelNoteW-2-funnelNumW : len(plain)-funnelNoteW-2])
		note := strings.TrimSpace(plain[len(plain)-funnelNoteW-1:])
		if !strings.HasPrefix(l, want.label+" ") || num != want.num || note != want.note {
			t.Errorf("line %d %q: label, number, note want %q %q %q", i, l, want.label, want.num, want.note)
		}
		if want.note != "" && !strings.Contains(l, "<"+want.note) {
			t.Errorf("line %d: the note is not dim: %q", i, l)
		}
	}
	// Narrow, the notes go and the rows still fit.
	for _, l := range renderFunnel(f, 40, same, same) {
		if w := len([]rune(l)); w != 40 || strings.Contains(l, "of ") {
			t.Errorf("narrow line %q is %d cells", l, w)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := ui.Thousands(n); got != want {
			t.Errorf("ui.Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestControlBounds(t *testing.T) {
	speeds := speedSteps()
	x := speeds[0]
	for range 20 {
		x = stepIn(speeds, x, +1)
	}
	if x != speeds[len(speeds)-1] {
		t.Errorf("speed tops out at %v, want %v", x, speeds[len(speeds)-1])
	}
	for range 20 {
		x = stepIn(speeds, x, -1)
	}
	if x != speeds[0] {
		t.Errorf("speed bottoms out at %v, want %v", x, speeds[0])
	}
	if got := stepIn(speeds, 45, +1); got != 60 {
		t.Errorf("45 up = %v, want 60", got)
	}
	if got := stepIn(speeds, 45, -1); got != 30 {
		t.Errorf("45 down = %v, want 30", got)
	}
	rates := arrivalSteps()
	if got := stepIn(rates, 10, +1); got != 20 {
		t.Errorf("arrival 10 up = %v", got)
	}
	if got := stepIn(rates, rates[0], -1); got != rates[0] {
		t.Errorf("arrival floor = %v", got)
	}
	c := 80
	for range 10 {
		c = stepConsent(c, +1)
	}
	if c != 100 {
		t.Errorf("consent tops at %d", c)
	}
	for range 30 {
		c = stepConsent(c, -1)
	}
	if c != 0 {
		t.Errorf("consent bottoms at %d", c)
	}
}

func TestControlsSettings(t *testing.T) {
	ctl := defaultControls([]string{"a", "b"})
	s := ctl.settings()
	if s.KnownProfiles != 0 || s.ConsentRate != 0.8 || s.Mix != nil || s.Seed != 1 {
		t.Fatalf("default settings %+v", s)
	}
	if ctl.differs(s) {
		t.Error("same settings differ")
	}
	ctl.mix = 2
	ctl.consent = 55
	s2 := ctl.settings()
	if s2.Mix["b"] != 5 || s2.Mix["a"] != 1 || s2.ConsentRate != 0.55 || ctl.mixName() != "mostly b" {
		t.Fatalf("settings %+v, mix %q", s2, ctl.mixName())
	}
	if !ctl.differs(s) {
		t.Error("changed mix and consent do not differ")
	}
}

func events(kinds ...string) []sim.Event {
	out := make([]sim.Event, len(kinds))
	for i, k := range kinds {
		out[i] = sim.Event{Kind: k, Visitor: i, Device: "sim-r1-00000" + string(rune('0'+i%10))}
	}
	return out
}

func TestLogFilters(t *testing.T) {
	l := newLogView()
	l.add(events(sim.EventConsent, sim.EventActivated, sim.EventMerged, sim.EventConverted, sim.EventActivated))
	if len(l.shown) != 5 || l.cursor != 4 {
		t.Fatalf("all: %d shown, cursor %d", len(l.shown), l.cursor)
	}
	l.cycle() // clicks and credited purchases: none yet
	if l.filter != filterMessages || len(l.shown) != 0 {
		t.Fatalf("messages: %v %d", l.filter, len(l.shown))
	}
	l.add(events(sim.EventClicked, sim.EventCredited))
	if len(l.shown) != 2 {
		t.Fatalf("messages after a click and a credited purchase: %d", len(l.shown))
	}
	l.cycle() // activations
	if l.filter != filterActivations || len(l.shown) != 2 {
		t.Fatalf("activations: %v %d", l.filter, len(l.shown))
	}
	l.cycle() // merges and conversions
	if len(l.shown) != 2 {
		t.Fatalf("merges: %d", len(l.shown))
	}
	l.move(-1) // the merge of device 2
	l.cycle()  // one visitor: the selected event's device
	if l.filter != filterVisitor || l.device != "sim-r1-000002" || len(l.shown) != 1 {
		t.Fatalf("visitor: %v %q %d", l.filter, l.device, len(l.shown))
	}
	l.cycle()
	if l.filter != filterAll || len(l.shown) != 7 {
		t.Fatalf("back to all: %v %d", l.filter, len(l.shown))
	}
	l.setFilter(filterVisitor, "0003")
	if len(l.shown) != 1 || l.events[l.shown[0]].Kind != sim.EventConverted {
		t.Fatalf("typed device filter: %d", len(l.shown))
	}
}

func TestLogKeepsSelectionAndCap(t *testing.T) {
	l := newLogView()
	l.add(events(sim.EventConsent, sim.EventActivated, sim.EventConsent))
	l.move(-1) // on the activation, no longer following
	if l.follow {
		t.Fatal("still following after moving up")
	}
	l.add(events(sim.EventConsent, sim.EventConsent))
	if e, _ := l.selected(); e.Kind != sim.EventActivated {
		t.Fatalf("selection moved to %+v", e)
	}
	l.end()
	l.add(events(sim.EventMerged))
	if e, _ := l.selected(); e.Kind != sim.EventMerged {
		t.Fatalf("following did not move to the newest: %+v", e)
	}
	big := make([]sim.Event, logCap+10)
	l.add(big)
	if len(l.events) != logCap {
		t.Fatalf("kept %d events, cap %d", len(l.events), logCap)
	}
}

func TestLogWindowKeepsCursorInView(t *testing.T) {
	l := newLogView()
	l.add(make([]sim.Event, 30))
	if off := l.window(10); off != 20 {
		t.Fatalf("following window starts at %d", off)
	}
	l.move(-15) // cursor 14
	if off := l.window(10); off != 14 {
		t.Fatalf("window starts at %d with cursor %d", off, l.cursor)
	}
}

func TestArrangeNeverOverflows(t *testing.T) {
	for _, w := range []int{72, 80, 100, 119, 120, 160, 200} {
		for _, h := range []int{15, 21, 33, 47} {
			for _, insp := range []bool{false, true} {
				l := arrange(w, h, insp)
				if l.side {
					left := l.numbersH + 1 + l.funnelH + 1
					if l.sparkH > 0 {
						left += 2 * (l.sparkH + 1)
					}
					if left > h-headerH || l.leftW+1+l.rightW != w || l.bottomH != h-headerH {
						t.Errorf("%dx%d side: %+v", w, h, l)
					}
					continue
				}
				used := headerH + l.numbersH + l.funnelH + 2*l.sparkH + l.bottomH
				if used != h || l.bottomH < 1 {
					t.Errorf("%dx%d inspecting=%v: uses %d lines: %+v", w, h, insp, used, l)
				}
			}
		}
	}
}
