// Package player is the console's scenario player: pick a story from the
// fixtures (or a scenario file), then play it on the console's project one
// step at a time or all at once, with each step narrated as
// `limen scenario run` narrates it, and see the profiles it touched.
// Stories run on the project as it is: its criteria stay published
// (scenario.Config.KeepCriteria) and their devices are named player-N/...
package player

import (
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine/device"
	"limen/engine/scenario"
	"limen/ui"
)

// DefaultDelay is the pause between two steps when playing all at once.
const DefaultDelay = 700 * time.Millisecond

// seed makes the ids of a run reproducible, as `limen scenario run` does.
const seed = 1

// Model is the scenario player.
type Model struct {
	ctx    ui.Context
	styles ui.Styles
	keys   KeyMap

	width, height int
	delay         time.Duration

	// Request ids: answers to anything but the latest request are dropped;
	// tick ids likewise for autoplay.
	seq, req, tick int
	busy           bool
	runs           int // the latest player-N number used

	// Choosing.
	entries []entry
	cursor  int
	path    *textinput.Model // the open-a-file prompt
	err     string

	// Playing.
	story    *story
	src      source
	lines    []scenario.Line
	next     int       // the next step's index
	at       time.Time // the next step's simulated instant
	autoplay bool
	refs     []touched // profiles the story touched, as it named them
	touched  []touched // the same, looked up once the story ended
	tl       ui.Scroller
}

// New builds the player over c.Project.
func New(c ui.Context) *Model {
	m := &Model{ctx: c, styles: c.Styles, keys: DefaultKeyMap(), delay: DefaultDelay}
	m.tl.Follow = true
	m.updateKeys()
	return m
}

// Init lists the fixture scenarios.
func (m *Model) Init() tea.Cmd { return catalogCmd() }

// Typing reports that the file prompt has focus.
func (m *Model) Typing() bool { return m.path != nil }

// SetSize lays the player out in w×h.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// ShortHelp is the status bar's help for the current state.
func (m *Model) ShortHelp() []key.Binding {
	if m.path != nil {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
	}
	return m.keys.ShortHelp()
}

// FullHelp is every key of the player.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// Commands are the player's palette entries, for what applies now.
func (m *Model) Commands() []ui.Command {
	var out []ui.Command
	add := func(b key.Binding, name string, run func() tea.Cmd) {
		if b.Enabled() {
			out = append(out, ui.Command{Name: "player: " + name, Help: b.Help().Key + ": " + b.Help().Desc, Run: run})
		}
	}
	for _, e := range m.entries {
		add(m.keys.Open, "play "+e.name, func() tea.Cmd { return m.load(source{name: e.name}) })
	}
	add(m.keys.File, "open a scenario file", func() tea.Cmd { m.openPrompt(); return nil })
	add(m.keys.Next, "next step", m.step)
	add(m.keys.Play, "play / pause", m.togglePlay)
	add(m.keys.Restart, "run the story again", func() tea.Cmd { return m.load(m.src) })
	add(m.keys.Back, "back to the scenarios", func() tea.Cmd { m.back(); return nil })
	return out
}

func (m *Model) updateKeys() {
	playing := m.story != nil
	m.keys.update(keyState{picking: !playing && m.path == nil, playing: playing && m.path == nil,
		more: playing && m.next < len(m.story.sc.Steps), idle: !m.busy})
}

func (m *Model) nextReq() int {
	m.seq++
	return m.seq
}

func (m *Model) openPrompt() {
	in := textinput.New()
	in.Prompt = "scenario file: "
	in.Placeholder = "path/to/story.json"
	_ = in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	in.Width = max(10, m.width-len(in.Prompt)-6)
	m.path = &in
	m.err = ""
}

// refsOf lists the profiles a step's outcome touched.
func refsOf(res stepResult) []touched {
	var out []touched
	if a := res.out.Activated; a != nil {
		out = append(out, touched{ref: device.Identity{UserID: a.UserID, Email: a.Email}})
	}
	if r := res.out.Identified; r != nil {
		if res.mergedFrom != "" {
			out = append(out, touched{ref: device.Identity{UserID: res.mergedFrom}, note: "merged into " + scenario.Who(r.Known)})
		}
		out = append(out, touched{ref: r.Known})
	}
	return out
}
