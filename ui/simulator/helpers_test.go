package simulator

import (
	"fmt"
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"limen/engine/sim"
	"limen/ui"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// newTestModel is a tab without a project, sized for a w×h terminal (less
// the shell's tab and status bars).
func newTestModel(w, h int) *Model {
	m := New(ui.Context{Styles: ui.NewStyles(ui.DefaultTheme()), Now: func() time.Time { return fakeStart() }})
	m.SetSize(w, h-3)
	return m
}

func fakeStart() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }

// fakeStats are deterministic figures of a run in progress.
func fakeStats() sim.Stats {
	st := sim.Stats{
		Now:   fakeStart().Add(23*time.Minute + 40*time.Second),
		Ticks: 142,
		Funnel: sim.Funnel{Visitors: 1204, Consented: 951, Activated: 288, Messaged: 190, Clicked: 41, Purchased: 17,
			Identified: 61, Converted: 37, Merged: 19},
		Stored: 5310, Dropped: 1432, Evicted: 12, Activations: 291, Conversions: 37, Merges: 19,
		CriteriaVersion: 3, Holding: 640, OnLatest: 0.975,
	}
	st.EventsPerSecond = make([]float64, sim.Window)
	st.ActivationsPerMinute = make([]int64, sim.Window)
	for i := range sim.Window {
		st.EventsPerSecond[i] = float64(3 + (i*7)%11)
		if i >= sim.Window-24 {
			st.ActivationsPerMinute[i] = int64((i * 5) % 17)
		}
	}
	return st
}

// fakeEvents are n deterministic log events of several kinds.
func fakeEvents(n int) []sim.Event {
	kinds := []string{sim.EventConsent, sim.EventActivated, sim.EventConsent, sim.EventSignedUp, sim.EventMerged,
		sim.EventActivated, sim.EventConverted}
	personas := []string{"window-shopper", "big-ticket-browser", "bargain-hunter"}
	out := make([]sim.Event, n)
	for i := range out {
		k := kinds[i%len(kinds)]
		e := sim.Event{At: fakeStart().Add(time.Duration(i*13) * time.Second), Kind: k, Visitor: i,
			Device: fmt.Sprintf("sim-r1-%06d", i%9), Persona: personas[i%len(personas)]}
		switch k {
		case sim.EventConsent:
			e.Detail = "granted"
		case sim.EventActivated:
			e.Who, e.Detail = fmt.Sprintf("0000%04d-0000-4000-8000-000000000000", i), "criteria 102"
		case sim.EventSignedUp:
			e.Who, e.Detail = fmt.Sprintf("sim-r1-%06d@visitors.example", i%9), "created"
		case sim.EventMerged, sim.EventConverted:
			e.Who = "ann.lee.4@customers.example"
		}
		out[i] = e
	}
	return out
}

// send passes messages through Update.
func send(m *Model, msgs ...tea.Msg) {
	for _, msg := range msgs {
		m.Update(msg)
	}
}

// keys types key names: "space", "enter", "esc", "up", "down", or runes.
func keys(m *Model, names ...string) {
	for _, n := range names {
		var k tea.KeyMsg
		switch n {
		case "space":
			k = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
		case "enter":
			k = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			k = tea.KeyMsg{Type: tea.KeyEsc}
		case "up":
			k = tea.KeyMsg{Type: tea.KeyUp}
		case "down":
			k = tea.KeyMsg{Type: tea.KeyDown}
		default:
			k = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(n)}
		}
		m.Update(k)
	}
}

func keyBackspace() tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyBackspace} }
