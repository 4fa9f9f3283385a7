package criteria

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"limen/engine"
	"limen/ui"
	"limen/ui/uitest"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// harness drives the tab over a seeded project: keys and messages go
// through Update, and the commands they return run at once, their
// messages fed back, until none is left. Notifications are collected.
type harness struct {
	t *testing.T
	m *Model
	p *engine.Project
	*uitest.Driver
}

func newHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	p, clk, err := openSeeded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	c := ui.Context{Project: p, Styles: ui.NewStyles(ui.DefaultTheme()), Now: clk.Now, ExportDir: t.TempDir()}
	hs := &harness{t: t, p: p, m: New(c)}
	hs.m.SetSize(w, h)
	hs.Driver = &uitest.Driver{T: t, Update: func(msg tea.Msg) tea.Cmd { _, cmd := hs.m.Update(msg); return cmd }}
	hs.run(hs.m.Init())
	return hs
}

// lastNote is the text of the last notification.
func (h *harness) lastNote() string {
	if len(h.Notes) == 0 {
		return ""
	}
	return h.Notes[len(h.Notes)-1].Text
}

// keys, send and run are the shared driver's, under the names the tests use.
func (h *harness) keys(keys ...string) { h.t.Helper(); h.Keys(keys...) }
func (h *harness) send(msg tea.Msg)    { h.t.Helper(); h.Send(msg) }
func (h *harness) run(cmd tea.Cmd)     { h.t.Helper(); h.Run(cmd) }
func keyMsg(k string) tea.KeyMsg       { return uitest.Key(k) }
