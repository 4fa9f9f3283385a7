package profiles

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"limen/engine"
	"limen/ui"
	"limen/ui/uitest"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// harness drives a browser over a seeded project: keys and messages go
// through Update, and the commands they return run at once, their
// messages fed back, until none is left. Notifications are collected.
type harness struct {
	t   *testing.T
	m   *Model
	p   *engine.Project
	clk *seedClock
	*uitest.Driver
	clip *bytes.Buffer
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
	hs.Driver = &uitest.Driver{T: t, Update: func(msg tea.Msg) tea.Cmd { _, cmd := hs.m.Update(msg); return cmd },
		Skip: func(msg tea.Msg) bool { _, tick := msg.(spinner.TickMsg); return tick }}
	hs.run(hs.m.Init())
	return hs
}

// lastNote is the text of the latest notification.
func (h *harness) lastNote() ui.NotifyMsg {
	if len(h.Notes) == 0 {
		return ui.NotifyMsg{}
	}
	return h.Notes[len(h.Notes)-1]
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

// keys, send and run are the shared driver's, under the names the tests use.
func (h *harness) keys(keys ...string) { h.t.Helper(); h.Keys(keys...) }
func (h *harness) send(msg tea.Msg)    { h.t.Helper(); h.Send(msg) }
func (h *harness) run(cmd tea.Cmd)     { h.t.Helper(); h.Run(cmd) }
func keyMsg(k string) tea.KeyMsg       { return uitest.Key(k) }
