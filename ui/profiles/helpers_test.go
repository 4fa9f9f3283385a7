package profiles

import (
	"bytes"
	"limen/ui/uitest"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"limen/engine"
	"limen/ui"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// harness drives a browser over a seeded project: keys and messages go
// through Update, and the commands they return run at once, their
// messages fed back, until none is left. Notifications are collected.
type harness struct {
	t     *testing.T
	m     *Model
	p     *engine.Project
	clk   *seedClock
	notes []ui.NotifyMsg
	clip  *bytes.Buffer
}

func newHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	p, clk, err := openSeeded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return newHarnessOn(t, p, clk, w, h)
}

func newHarnessOn(t *testing.T, p *engine.Project, clk *seedClock, w, h int) *harness {
	t.Helper()
	c := ui.Context{Project: p, Styles: ui.NewStyles(ui.DefaultTheme()), Now: clk.Now, ExportDir: t.TempDir()}
	hs := &harness{t: t, p: p, clk: clk, m: New(c), clip: &bytes.Buffer{}}
	hs.m.animate, hs.m.clip = false, hs.clip
	hs.m.SetSize(w, h)
	hs.run(hs.m.Init())
	return hs
}

// keyMsg makes a key press from its name, or runes.
func keyMsg(k string) tea.KeyMsg { return uitest.Key(k) }

// keys presses each key in turn ("type:abc" types abc one rune at a time).
func (h *harness) keys(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		if text, ok := strings.CutPrefix(k, "type:"); ok {
			for _, r := range text {
				h.send(keyMsg(string(r)))
			}
			continue
		}
		h.send(keyMsg(k))
	}
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// collect runs a command and its batches without feeding anything back.
func collect(cmd tea.Cmd) []tea.Msg { return uitest.Collect(cmd) }

// run runs cmd and feeds its messages back until nothing is left.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := collect(cmd)
	for n := 0; len(queue) > 0; n++ {
		if n > 10000 {
			h.t.Fatal("commands never settle")
		}
		msg := queue[0]
		queue = queue[1:]
		switch msg := msg.(type) {
		case ui.NotifyMsg:
			h.notes = append(h.notes, msg)
		case spinner.TickMsg:
		default:
			_, next := h.m.Update(msg)
			queue = append(queue, collect(next)...)
		}
	}
}

// lastNote is the text of the latest notification.
func (h *harness) lastNote() ui.NotifyMsg {
	if len(h.notes) == 0 {
		return ui.NotifyMsg{}
	}
	return h.notes[len(h.notes)-1]
}

// selectWhere moves the cursor (down from the top) to the first row that
// satisfies ok.
func (h *harness) selectWhere(ok func(engine.Profile) bool) engine.Profile {
	h.t.Helper()
	h.keys("home")
	for i, r := range h.m.rows {
		if ok(r) {
			for range i {
				h.keys("down")
			}
			return r
		}
	}
	h.t.Fatal("no row matches")
	return engine.Profile{}
}

// emails lists the rows' emails.
func emails(rows []engine.Profile) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Email
	}
	return out
}

// checkFits fails when the view is not exactly w×h cells.
func checkFits(t *testing.T, view string, w, h int, what string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%s: %d lines, want %d:\n%s", what, len(lines), h, view)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw != w {
			t.Fatalf("%s: line %d is %d wide, want %d:\n%s", what, i, lw, w, view)
		}
	}
}
