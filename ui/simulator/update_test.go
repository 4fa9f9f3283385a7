package simulator

import (
	"strings"
	"testing"

	"limen/engine/sim"
)

func TestStartCreatesOnceAndDropsStaleAnswers(t *testing.T) {
	m := newTestModel(80, 24)
	if m.Badge() != "" || m.Typing() || m.Unsaved() != "" {
		t.Fatalf("fresh tab: badge %q typing %v", m.Badge(), m.Typing())
	}
	keys(m, "space")
	if m.state != stateCreating || m.gen != 1 {
		t.Fatalf("after space: state %v gen %d", m.state, m.gen)
	}
	if m.keys.Toggle.Enabled() || m.keys.Step.Enabled() {
		t.Fatal("start and step stay enabled while creating")
	}
	keys(m, "space") // ignored while creating
	if m.gen != 1 {
		t.Fatalf("second space made generation %d", m.gen)
	}
	// An answer about an earlier generation changes nothing.
	send(m, statsMsg{gen: 0, stats: fakeStats()}, logMsg{gen: 0, events: fakeEvents(3)})
	if m.hasStats || len(m.log.events) != 0 {
		t.Fatal("stale stats or log were taken")
	}
	send(m, statsMsg{gen: 1, stats: fakeStats()})
	if !m.hasStats || m.stats.Activations != 291 {
		t.Fatal("current stats were dropped")
	}
}

func TestStatsTickShowsNumbersAndBadge(t *testing.T) {
	m := newTestModel(80, 24)
	m.state = stateRunning
	send(m, statsMsg{stats: fakeStats()})
	if b := m.Badge(); b != "▶ 1,204" {
		t.Fatalf("badge %q", b)
	}
	v := m.View()
	for _, want := range []string{"visitors      1,204", "activations     291", "merges           19", "on latest       98%", "criteria v3"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	m.state = statePaused
	if b := m.Badge(); b != "‖" {
		t.Fatalf("paused badge %q", b)
	}
}

func TestControlsKeys(t *testing.T) {
	m := newTestModel(80, 24)
	for range 20 {
		keys(m, "+")
	}
	if top := speedSteps()[len(speedSteps())-1]; m.ctl.speed != top {
		t.Fatalf("speed %v, want the top %v", m.ctl.speed, top)
	}
	for range 20 {
		keys(m, "-")
	}
	if m.ctl.speed != speedSteps()[0] {
		t.Fatalf("speed %v", m.ctl.speed)
	}
	keys(m, "a", "a", "A")
	if m.ctl.arrival != 20 {
		t.Fatalf("arrival %v", m.ctl.arrival)
	}
	keys(m, "C", "C")
	if m.ctl.consent != 70 {
		t.Fatalf("consent %d", m.ctl.consent)
	}
	keys(m, "m")
	if !strings.HasPrefix(m.ctl.mixName(), "mostly ") {
		t.Fatalf("mix %q", m.ctl.mixName())
	}
	if !strings.Contains(m.View(), "arrivals 20/min · consent 70% · mix mostly") {
		t.Fatalf("controls line:\n%s", m.View())
	}
	for range len(m.ctl.presets) - 1 {
		keys(m, "m")
	}
	if m.ctl.mixName() != "default" {
		t.Fatalf("mix wraps to %q", m.ctl.mixName())
	}
}

func TestLogKeysFilterAndSearch(t *testing.T) {
	m := newTestModel(80, 24)
	send(m, logMsg{events: fakeEvents(21)})
	if len(m.log.shown) != 21 {
		t.Fatalf("%d shown", len(m.log.shown))
	}
	keys(m, "f")
	if m.log.filter != filterMessages || len(m.log.shown) != 0 {
		t.Fatalf("f: %v, %d", m.log.filter, len(m.log.shown))
	}
	keys(m, "f")
	if m.log.filter != filterActivations || len(m.log.shown) != 6 {
		t.Fatalf("f: %v, %d", m.log.filter, len(m.log.shown))
	}
	keys(m, "f")
	if len(m.log.shown) != 6 { // 3 merges, 3 conversions
		t.Fatalf("merges: %d", len(m.log.shown))
	}
	keys(m, "/")
	if !m.Typing() {
		t.Fatal("not typing in the device filter")
	}
	keys(m, "0", "0", "0", "0", "0", "4", "q") // q is text here, never quit
	if m.search.Value() != "000004q" || len(m.log.shown) != 0 {
		t.Fatalf("typed %q, %d shown", m.search.Value(), len(m.log.shown))
	}
	m.Update(keyBackspace())
	if len(m.log.shown) != 2 { // visitors 4 and 13 use device 4
		t.Fatalf("device 000004: %d shown", len(m.log.shown))
	}
	keys(m, "enter")
	if m.Typing() || m.log.filter != filterVisitor {
		t.Fatalf("enter: typing %v filter %v", m.Typing(), m.log.filter)
	}
	if !strings.Contains(m.View(), "log · one visitor 000004") {
		t.Fatalf("title:\n%s", m.View())
	}
	keys(m, "/", "esc")
	if m.Typing() || m.log.filter != filterAll || len(m.log.shown) != 21 {
		t.Fatalf("esc: typing %v filter %v shown %d", m.Typing(), m.log.filter, len(m.log.shown))
	}
}

func TestRestartWhileRunningAsksFirst(t *testing.T) {
	m := newTestModel(80, 24)
	m.state = stateRunning
	keys(m, "r")
	if !m.confirming || !m.Typing() {
		t.Fatal("r while running did not ask")
	}
	if !strings.Contains(m.View(), "Restart it with seed 2?") {
		t.Fatalf("no confirmation:\n%s", m.View())
	}
	keys(m, "enter") // the safe answer
	if m.confirming || m.ctl.seed != 1 || m.gen != 0 {
		t.Fatalf("enter restarted: seed %d gen %d", m.ctl.seed, m.gen)
	}
	keys(m, "r", "y")
	if m.ctl.seed != 2 || m.gen != 1 || m.state != stateCreating {
		t.Fatalf("y: seed %d gen %d state %v", m.ctl.seed, m.gen, m.state)
	}
}

func TestStepWhenIdleCreatesPaused(t *testing.T) {
	m := newTestModel(80, 24)
	keys(m, ".")
	if m.state != stateCreating || m.gen != 1 {
		t.Fatalf("step: state %v gen %d", m.state, m.gen)
	}
}

func TestInspectorOpensFromLogAndCloses(t *testing.T) {
	m := newTestModel(80, 24)
	send(m, logMsg{events: fakeEvents(5)})
	keys(m, "up", "enter")
	if m.insp == nil || m.insp.id != "sim-r1-000003" {
		t.Fatalf("inspector %+v", m.insp)
	}
	send(m, inspectMsg{req: m.insp.req, id: m.insp.id, report: sim.DeviceReport{}})
	if !m.insp.loaded {
		t.Fatal("report not taken")
	}
	keys(m, "esc")
	if m.insp != nil {
		t.Fatal("esc left the inspector open")
	}
}

func TestModesSwitchAndRouteKeys(t *testing.T) {
	m := newTestModel(80, 24)
	if !m.hosting() || !m.keys.Visitor.Enabled() {
		t.Fatal("modes 2 and 3 are not hosted")
	}
	keys(m, "2")
	if m.mode != modeVisitor || !m.hosts[modeVisitor].started {
		t.Fatalf("2: mode %v", m.mode)
	}
	if !strings.Contains(m.View(), "▸ 2 be a visitor") {
		t.Fatalf("switcher:\n%s", m.View())
	}
	keys(m, "space") // the visitor's key, not the simulation's
	if m.state != stateIdle || m.gen != 0 {
		t.Fatalf("space in mode 2 started the simulation: %v", m.state)
	}
	// Live messages still reach the simulation in another mode.
	m.state = stateRunning
	send(m, statsMsg{stats: fakeStats()})
	if m.Badge() != "▶ 1,204" {
		t.Fatalf("badge in mode 2: %q", m.Badge())
	}
	keys(m, "3")
	if m.mode != modePlayer || !strings.Contains(m.View(), "▸ 3 scenario player") {
		t.Fatalf("3: mode %v", m.mode)
	}
	keys(m, "1")
	if m.mode != modeLive || !strings.Contains(m.View(), "▸ 1 live simulation") {
		t.Fatalf("1: mode %v", m.mode)
	}
	names := map[string]bool{}
	for _, c := range m.Commands() {
		names[c.Name] = true
	}
	for _, want := range []string{"pause simulation", "simulator: be a visitor", "simulator: scenario player", "filter simulation log"} {
		if !names[want] {
			t.Errorf("palette lacks %q: %v", want, names)
		}
	}
}
