package uitest

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"limen/ui"
)

// Driver drives a screen model in a test without a terminal: keys and
// messages go through Update, and the commands it returns run at once,
// their messages fed back until nothing is left. Notifications are kept in
// Notes rather than fed back.
type Driver struct {
	T      testing.TB
	Update func(tea.Msg) tea.Cmd
	// Skip, when set, drops messages that must not be fed back (such as a
	// spinner's ticks, which never end).
	Skip  func(tea.Msg) bool
	Notes []ui.NotifyMsg
}

// Keys presses each key in turn ("type:abc" types abc one rune at a time).
func (d *Driver) Keys(keys ...string) {
	d.T.Helper()
	for _, k := range Keys(keys...) {
		d.Send(k)
	}
}

// Send gives the model one message and runs what follows from it.
func (d *Driver) Send(msg tea.Msg) {
	d.T.Helper()
	d.Run(d.Update(msg))
}

// Run runs a command and everything it leads to, batches included.
func (d *Driver) Run(cmd tea.Cmd) {
	d.T.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			d.T.Fatal("commands never settle")
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
			d.Notes = append(d.Notes, msg)
		default:
			if d.Skip == nil || !d.Skip(msg) {
				queue = append(queue, d.Update(msg))
			}
		}
	}
}

// WaitFor waits until the program's output has shown every text.
func WaitFor(t testing.TB, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, text := range texts {
			if !bytes.Contains(b, []byte(text)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}
