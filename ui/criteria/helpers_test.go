package criteria

import (
	"limen/ui/uitest"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"limen/engine"
	"limen/ui"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// harness drives the tab over a seeded project: keys and messages go
// through Update, and the commands they return run at once, their
// messages fed back, until none is left. Notifications are collected.
type harness struct {
	t     *testing.T
	m     *Model
	p     *engine.Project
	notes []ui.NotifyMsg
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
	hs.run(hs.m.Init())
	return hs
}

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

// run runs a command and everything it leads to (batches included).
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			h.t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case ui.NotifyMsg:
			h.notes = append(h.notes, msg)
		default:
			_, next := h.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// lastNote is the text of the last notification.
func (h *harness) lastNote() string {
	if len(h.notes) == 0 {
		return ""
	}
	return h.notes[len(h.notes)-1].Text
}
