package simulator

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"limen/engine/criteria"
	"limen/engine/device"
	"limen/engine/sim"
	"limen/ui"
)

// goldenApp is the console with only this tab, at w×h, on deterministic
// figures and log events (no simulation runs).
func goldenApp(w, h int) (*ui.App, *Model) {
	m := newTestModel(w, h)
	m.state = stateRunning
	app := ui.NewApp(m.styles, "golden", m)
	app.Update(tea.WindowSizeMsg{Width: w, Height: h})
	send(m, statsMsg{stats: fakeStats()}, logMsg{events: fakeEvents(40)})
	return app, m
}

// TestGolden pins the tab at three terminal sizes with the Ascii profile
// (what NO_COLOR shows too). Run with -update after a deliberate change.
func TestGolden(t *testing.T) {
	for _, s := range [][2]int{{80, 24}, {120, 36}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(t *testing.T) {
			app, m := goldenApp(s[0], s[1])
			keys(m, "up", "up")
			golden.RequireEqual(t, []byte(app.View()))
		})
	}
	t.Run("80x24-inspector", func(t *testing.T) {
		app, m := goldenApp(80, 24)
		keys(m, "enter")
		send(m, inspectMsg{req: m.insp.req, id: m.insp.id, report: fakeReport(m.insp.id)})
		golden.RequireEqual(t, []byte(app.View()))
	})
	t.Run("120x36-inspector", func(t *testing.T) {
		app, m := goldenApp(120, 36)
		keys(m, "enter")
		send(m, inspectMsg{req: m.insp.req, id: m.insp.id, report: fakeReport(m.insp.id)})
		golden.RequireEqual(t, []byte(app.View()))
	})
	t.Run("80x24-confirm", func(t *testing.T) {
		app, m := goldenApp(80, 24)
		keys(m, "r")
		golden.RequireEqual(t, []byte(app.View()))
	})
}

// fakeReport is a visitor's device that has not matched yet.
func fakeReport(id string) sim.DeviceReport {
	at := fakeStart().Add(5 * 60e9)
	st := device.State{ID: id, Platform: "web", Consent: true, ConsentAt: at, Mode: device.Visitor,
		Sessions: device.Sessions{Count: 2, First: at, Last: at.Add(3600e9)}, Stored: 4, Evicted: 1,
		ProfileUpdate: map[string]any{"city": "Lyon"}, CriteriaVersion: 3, CriteriaFetchedAt: at}
	ev := device.LocalEvent{Seq: 4, Event: device.Event{ID: "e4", At: at.Add(3700e9), Body: map[string]any{
		"eventType": "customEvent", "eventName": "viewedProduct", "dataFields": map[string]any{"price": 120}}}}
	leaf := &criteria.NodeVerdict{Path: "criteriaSets[0].searchQuery.searchCombo[0]", Kind: "leaf", Combinator: "And",
		DataType: "customEvent", Count: 0, Required: 3,
		Conditions: []criteria.ConditionVerdict{{Field: "viewedProduct.price", Comparator: "GreaterThan", Operands: []string{"500"}}}}
	ex := &criteria.Explanation{Sets: []criteria.SetVerdict{{ID: "101", Name: "Big-ticket browser", Path: "criteriaSets[0]",
		Root: &criteria.NodeVerdict{Path: "criteriaSets[0]", Kind: "group", Combinator: "And", Children: []*criteria.NodeVerdict{leaf}}}}}
	return sim.DeviceReport{State: st, Events: []device.LocalEvent{ev}, Explanation: ex, ExplainedVersion: 3, Published: 3}
}

// TestViewFitsEverySize draws the tab in every state at sizes from the
// shell's minimum up: never a line too many or a cell too wide.
func TestViewFitsEverySize(t *testing.T) {
	sizes := [][2]int{{72, 18}, {80, 24}, {100, 30}, {119, 40}, {120, 36}, {160, 45}, {200, 50}}
	states := map[string]func(*Model){
		"live": func(*Model) {},
		"inspector": func(m *Model) {
			keys(m, "enter")
			send(m, inspectMsg{req: m.insp.req, id: m.insp.id, report: fakeReport(m.insp.id)})
		},
		"devices": func(m *Model) {
			m.sim = nil
			m.pane = paneDevices
			m.devices = []deviceRow{{id: "sim-r1-000001", mode: "visitor", consent: true, stored: 3}}
		},
		"search":  func(m *Model) { keys(m, "/", "0", "4") },
		"confirm": func(m *Model) { keys(m, "r") },
	}
	for _, s := range sizes {
		for name, set := range states {
			m := newTestModel(s[0], s[1])
			m.state = stateRunning
			send(m, statsMsg{stats: fakeStats()}, logMsg{events: fakeEvents(40)})
			set(m)
			lines := strings.Split(m.View(), "\n")
			if len(lines) != s[1]-3 {
				t.Errorf("%dx%d %s: %d lines, want %d", s[0], s[1], name, len(lines), s[1]-3)
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != s[0] {
					t.Errorf("%dx%d %s: line %d is %d cells: %q", s[0], s[1], name, i, w, l)
					break
				}
			}
		}
	}
}
