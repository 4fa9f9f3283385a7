// Package simulator is the console's Simulator tab: it drives the visitor
// simulator (engine/sim) over the console's project, live, and shows what
// happens — the figures, the funnel, sparklines, a filterable log — and
// inspects any simulated device ("why not activated yet"). The simulation
// runs in its own goroutine; the screen reads its figures on a tick and
// drains its log in commands, and never waits for it.
package simulator

import (
	"github.com/NimbleMarkets/ntcharts/sparkline"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"time"

	"limen/engine/sim"
	"limen/ui"
)

// runState is where the simulation is.
type runState int

const (
	stateIdle     runState = iota // no simulation yet
	stateCreating                 // sim.New runs (it may create known customers)
	stateRunning
	statePaused
	stateDone // every visitor is done
)

// pane is what the lower (or right) area lists.
type pane int

const (
	paneLog pane = iota
	paneDevices
)

// Model is the Simulator tab. It implements ui.Screen.
type Model struct {
	ctx    ui.Context
	styles ui.Styles
	keys   KeyMap

	width, height int
	lay           layout

	ctl   controls
	sim   *sim.Sim
	gen   int          // generation of the current simulation
	made  sim.Settings // the settings the current simulation was created with
	state runState
	// ticking: a stats read is armed; logging: a log drain is armed.
	ticking, logging bool

	stats    sim.Stats
	hasStats bool
	criteria uint64 // published version, before a simulation reports it

	log     logView
	pane    pane
	devices []deviceRow
	devCur  int
	devOff  int
	polls   int // stats reads since the devices list was loaded

	searching bool
	search    textinput.Model

	insp       *inspector
	seq        int // request ids
	devReq     int
	confirming bool
	err        string

	evSpark, actSpark sparkline.Model

	// mode is what the tab shows; hosts are the hosted components of
	// modes 2 and 3 (nil entries: not hosted).
	mode  mode
	hosts [modeCount]*hostState
}

var _ ui.Screen = (*Model)(nil)

// New builds the tab over c.Project. Nothing runs until the person starts
// the simulation (space) or steps it (.).
func New(c ui.Context) *Model {
	in := textinput.New()
	in.Prompt = "device: "
	in.Placeholder = "sim-r1-000042 or part of it"
	_ = in.Cursor.SetMode(cursor.CursorStatic)
	m := &Model{ctx: c, styles: c.Styles, keys: DefaultKeyMap(), ctl: defaultControls(sim.PersonaNames()),
		log: newLogView(), search: in, hosts: newHosts(c)}
	if c.Now != nil {
		m.ctl.start = c.Now().UTC().Truncate(time.Second)
	}
	m.evSpark = sparkline.New(1, 1, sparkline.WithStyle(c.Styles.Accent))
	m.actSpark = sparkline.New(1, 1, sparkline.WithStyle(c.Styles.Unknown))
	m.updateKeys()
	return m
}

// Init reads the published criteria version.
func (m *Model) Init() tea.Cmd {
	if m.ctx.Project == nil {
		return nil
	}
	return criteriaCmd(m.ctx.Project)
}

// Title is the tab's name.
func (m *Model) Title() string { return "Simulator" }

// Badge shows the run state: ▶ and the visitors so far while running, ‖
// when paused, ✓ when done.
func (m *Model) Badge() string {
	switch m.state {
	case stateRunning:
		return "▶ " + ui.Thousands(m.stats.Funnel.Visitors)
	case statePaused:
		return "‖"
	case stateDone:
		return "✓"
	case stateCreating:
		return "…"
	}
	return ""
}

// Typing reports that keys must all come here: the device filter box has
// focus, or the restart confirmation is open.
func (m *Model) Typing() bool {
	if h := m.active(); h != nil {
		return h.typing()
	}
	return m.searching || m.confirming
}

// Unsaved is always empty: a simulation's effects are committed as they
// happen. (The launcher must still call Close when the program ends.)
func (m *Model) Unsaved() string { return "" }

// Close stops the simulation, if any: the tick in flight finishes (every
// device call is committed) and the simulation's goroutine ends. The
// launcher calls it once the program has returned; it is safe to call more
// than once.
func (m *Model) Close() {
	if m.sim != nil {
		m.sim.Stop()
	}
}

// ShortHelp is the status bar's help for the current state.
func (m *Model) ShortHelp() []key.Binding {
	if h := m.active(); h != nil {
		return h.shortHelp()
	}
	if m.searching {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear"))}
	}
	return m.keys.ShortHelp()
}

// FullHelp is every key of the tab.
func (m *Model) FullHelp() [][]key.Binding {
	modes := []key.Binding{m.keys.Live, m.keys.Visitor, m.keys.Player}
	if h := m.active(); h != nil {
		return append(h.fullHelp(), modes)
	}
	return append(m.keys.FullHelp(), modes)
}

// Commands are the tab's palette entries, for what applies now.
func (m *Model) Commands() []ui.Command {
	if h := m.active(); h != nil {
		return append(m.modeCommands(), h.commands()...)
	}
	entry := func(b key.Binding, name, help string, run func() tea.Cmd) []ui.Command {
		if !b.Enabled() {
			return nil
		}
		return []ui.Command{{Name: name, Help: b.Help().Key + ": " + help, Run: run}}
	}
	toggle := "start simulation"
	if m.state == stateRunning {
		toggle = "pause simulation"
	} else if m.state == statePaused {
		toggle = "resume simulation"
	}
	var out []ui.Command
	out = append(out, entry(m.keys.Toggle, toggle, "visitors arrive live", m.toggle)...)
	out = append(out, entry(m.keys.Step, "step simulation", "one tick of simulated time", m.step)...)
	out = append(out, entry(m.keys.Faster, "simulate faster", "more simulated time per second", func() tea.Cmd { return m.setSpeed(+1) })...)
	out = append(out, entry(m.keys.Slower, "simulate slower", "less simulated time per second", func() tea.Cmd { return m.setSpeed(-1) })...)
	out = append(out, entry(m.keys.MoreArrivals, "more arrivals", "visitors per minute (on restart)", func() tea.Cmd { return m.setArrival(+1) })...)
	out = append(out, entry(m.keys.FewerArrivals, "fewer arrivals", "visitors per minute (on restart)", func() tea.Cmd { return m.setArrival(-1) })...)
	out = append(out, entry(m.keys.MoreConsent, "more consent", "consent rate (on restart)", func() tea.Cmd { return m.setConsent(+1) })...)
	out = append(out, entry(m.keys.LessConsent, "less consent", "consent rate (on restart)", func() tea.Cmd { return m.setConsent(-1) })...)
	out = append(out, entry(m.keys.Mix, "next persona mix", "who arrives (on restart)", m.nextMix)...)
	out = append(out, entry(m.keys.Reset, "restart simulation", "with a new seed", m.askRestart)...)
	out = append(out, entry(m.keys.Filter, "filter simulation log", "all, activations, merges, one visitor", m.cycleFilter)...)
	out = append(out, entry(m.keys.Search, "filter log by device", "type a device id", m.startSearch)...)
	out = append(out, entry(m.keys.Devices, "list simulated devices", "or back to the log", m.togglePane)...)
	return append(out, m.modeCommands()...)
}

// SetSize lays the tab out in w×h.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// layout recomputes the areas and sizes the parts to them.
func (m *Model) layout() {
	h := m.height
	if m.hosting() {
		h = max(0, h-1) // the mode line
		for _, hs := range m.hosts {
			if hs != nil {
				hs.h.setSize(m.width, h)
			}
		}
	}
	m.lay = arrange(m.width, h, m.insp != nil)
	sw := max(1, m.lay.sparkW())
	m.evSpark.Resize(sw, m.lay.sparkH)
	m.actSpark.Resize(sw, m.lay.sparkH)
	m.drawSparks()
	m.search.Width = max(1, min(40, m.lay.listW()-len(m.search.Prompt)-2))
	if m.insp != nil {
		m.insp.setSize(m.lay.inspW(), m.lay.inspH())
	}
}

// updateKeys enables the bindings that apply now.
func (m *Model) updateKeys() {
	rows := false
	if m.pane == paneLog {
		_, rows = m.log.selected()
	} else {
		rows = m.devCur < len(m.devices)
	}
	m.keys.update(keyState{hosting: m.hosting(), confirming: m.confirming, running: m.state == stateRunning, creating: m.state == stateCreating,
		rows: rows, inspecting: m.insp != nil, simulated: m.sim != nil})
}

func (m *Model) nextReq() int {
	m.seq++
	return m.seq
}

// sparklineModel is the sparkline the tab draws with.
type sparklineModel = sparkline.Model
