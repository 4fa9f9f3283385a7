package player

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/google/uuid"

	"limen/engine"
	"limen/engine/criteria"
	"limen/engine/device"
	"limen/engine/scenario"
	"limen/fixtures"
)

// The scenario runner (engine/scenario) plays a whole story in one call;
// the player needs one step at a time, so it plays the steps itself with
// the same device operations (scenario.Apply), the same narration
// (scenario.Narrate), the same clock steps and the
// same seeded ids. scenario.New is used for what it offers on a shared
// project: creating the story's known profiles.

// simClock is a story's simulated device clock. The player sets it before
// each step; devices read it.
type simClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *simClock) set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// seededIDs draws UUIDs v4 from a seeded generator, as the runner does.
type seededIDs struct {
	mu  sync.Mutex
	rng *rand.Rand
}

func newSeededIDs(seed uint64) *seededIDs {
	return &seededIDs{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *seededIDs) next() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := g.rng.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return uuid.UUID(b).String()
}

// story is one run of a scenario on the console's project: its devices,
// made when it loads, and its clock. After loading only the devices
// change, through their own (serialised) calls.
type story struct {
	p       *engine.Project
	sc      *scenario.Scenario
	source  string // the fixture name or the file path
	prefix  string
	start   time.Time
	clock   *simClock
	devices map[string]*device.Device
	names   map[string]string
	camps   *scenario.Campaigns // the campaigns the story created, by its names
	notes   []string            // how the run differs from the story as written
}

// newStory makes the devices of sc on p (no I/O: devices are saved when
// they first change).
func newStory(p *engine.Project, sc *scenario.Scenario, prefix string, start time.Time, seed uint64) *story {
	s := &story{p: p, sc: sc, prefix: prefix, start: start, clock: &simClock{now: start},
		devices: map[string]*device.Device{}, names: map[string]string{}, camps: scenario.NewCampaigns(p)}
	ids := newSeededIDs(seed)
	set := p.Settings()
	for _, st := range sc.Steps {
		if st.Device == "" || s.devices[st.Device] != nil {
			continue
		}
		spec, ok := sc.Devices[st.Device]
		if !ok {
			spec.Platform = "web"
		}
		s.devices[st.Device] = device.New(device.Config{
			ID: prefix + st.Device, Platform: spec.Platform, PushOptIn: spec.PushOptIn, Backend: p, Journal: p, Clock: s.clock.Now, EventLimit: set.EventLimit,
			Resolution: device.Resolution{ReplayOnVisitorToKnown: set.ReplayOnVisitorToKnown, MergeOnUnknownToKnown: set.MergeOnUnknownToKnown},
			NewID:      ids.next,
		})
	}
	return s
}

// stepResult is one played step.
type stepResult struct {
	line scenario.Line
	next time.Time // the simulated instant of the next step
	out  device.Outcome
	// mergedFrom is the unknown userId a merge deleted.
	mergedFrom string
}

// play plays step i at simulated instant at.
func (s *story) play(ctx context.Context, i int, at time.Time) stepResult {
	st := s.sc.Steps[i]
	res := stepResult{next: at, line: scenario.Line{Step: i + 1, At: at, Offset: offset(at.Sub(s.start)), Device: st.Device, Do: st.Do}}
	switch st.Do {
	case "advance":
		d := time.Duration(st.Seconds * float64(time.Second))
		res.next = at.Add(d)
		res.line.Text = "time passes: " + d.String()
	case "publishCriteria":
		res.line.Text = "criteria kept: this run does not publish"
	case "campaign":
		s.clock.set(at)
		text, err := s.camps.Apply(st)
		res.line.Text = text
		if err != nil {
			res.line.Error = err.Error()
		}
	default:
		s.clock.set(at)
		dev := s.devices[st.Device]
		before, _ := dev.Snapshot()
		out, text, err := s.camps.PlayDevice(ctx, dev, st, s.names)
		res.out = out
		res.line.Text = text
		if err != nil {
			res.line.Error = err.Error()
		}
		if out.Identified != nil && out.Identified.Outcome == device.OutcomeMerged {
			res.mergedFrom = before.Who.UserID
		}
		res.next = at.Add(scenario.StepGap)
	}
	return res
}

// offset writes simulated time since the start as +HH:MM:SS (days first
// when needed), as the runner does.
func offset(d time.Duration) string {
	d = d.Round(time.Second)
	days := int(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	s := fmt.Sprintf("+%02d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
	if days > 0 {
		s = fmt.Sprintf("+%dd%s", days, s[1:])
	}
	return s
}

// source is where a scenario comes from: a fixture name or a file path.
type source struct {
	name, path string
}

func (s source) String() string {
	if s.path != "" {
		return s.path
	}
	return s.name
}

// loadedMsg is a story ready to play, or why not.
type loadedMsg struct {
	req   int
	story *story
	err   error
}

// playerPrefix names the player's devices: player-1/d1, player-2/d1, ...
const playerPrefix = "player-"

// loadCmd reads and parses a scenario, creates its known profiles on p
// (existing ones are kept) and makes its devices, under the next free
// player-N/ prefix.
func loadCmd(p *engine.Project, req int, src source, now time.Time, seed uint64, last int) tea.Cmd {
	return func() tea.Msg {
		var data []byte
		var err error
		if src.path != "" {
			data, err = os.ReadFile(src.path)
		} else {
			data, err = fixtures.Scenario(src.name)
		}
		if err != nil {
			return loadedMsg{req: req, err: err}
		}
		sc, err := scenario.Parse(data)
		if err != nil {
			return loadedMsg{req: req, err: err}
		}
		ids, err := p.ListDeviceIDs()
		if err != nil {
			return loadedMsg{req: req, err: err}
		}
		n := nextRun(ids, last)
		prefix := fmt.Sprintf("%s%d/", playerPrefix, n)
		r := scenario.New(p, sc, scenario.Config{DevicePrefix: prefix, KeepCriteria: true, Start: now, Seed: seed})
		if err := r.CreateKnownProfiles(); err != nil {
			return loadedMsg{req: req, err: err}
		}
		s := newStory(p, sc, prefix, now, seed)
		s.source = src.String()
		var published []string
		if sets, err := p.ListCriteria(); err == nil {
			for _, set := range sets {
				s.names[set.ID] = set.Name
				if set.Published != nil {
					published = append(published, set.ID)
				}
			}
		}
		s.notes = differences(sc, p.Settings(), p.PublishedCriteria().Version, published)
		return loadedMsg{req: req, story: s}
	}
}

// nextRun is the first player-N number above last and above every
// player-N/ device of the project.
func nextRun(ids []string, last int) int {
	n := last
	for _, id := range ids {
		rest, ok := strings.CutPrefix(id, playerPrefix)
		num, _, cut := strings.Cut(rest, "/")
		if v, err := strconv.Atoi(num); ok && cut && err == nil && v > n {
			n = v
		}
	}
	return n + 1
}

// differences says how running sc on a project with settings s and
// published criteria version v (sets published) differs from the story as
// written.
func differences(sc *scenario.Scenario, s engine.Settings, v uint64, published []string) []string {
	var notes []string
	publishes := 0
	for _, st := range sc.Steps {
		if st.Do == "publishCriteria" {
			publishes++
		}
	}
	if sc.Criteria != nil || publishes > 0 {
		project := "none"
		if len(published) > 0 {
			project = strings.Join(published, ", ")
		}
		n := fmt.Sprintf("runs with the project's criteria (v%d: %s), not the story's own", v, project)
		if own := setIDs(sc.Criteria); own != "" {
			n += " (" + own + ")"
		}
		n += ": activations may differ from the story as written"
		if publishes > 0 {
			n += fmt.Sprintf(", and its publishCriteria steps (%d) change nothing", publishes)
		}
		notes = append(notes, n)
	}
	if sc.Project.Type != "" && sc.Project.Type != s.Type {
		notes = append(notes, fmt.Sprintf("written for a %s project; this project is %s", sc.Project.Type, s.Type))
	}
	limit := s.EventLimit
	if limit == 0 {
		limit = device.DefaultEventLimit
	}
	if sc.Project.EventLimit != limit {
		notes = append(notes, fmt.Sprintf("written with a local limit of %d events; this project keeps %d", sc.Project.EventLimit, limit))
	}
	return notes
}

// setIDs lists the criteria ids of a criteria document.
func setIDs(doc []byte) string {
	if doc == nil {
		return ""
	}
	d, err := criteria.Parse(doc)
	if err != nil {
		return ""
	}
	var ids []string
	for _, set := range d.Sets {
		if id, ok := set.IDText(); ok {
			ids = append(ids, id)
		}
	}
	return strings.Join(ids, ", ")
}

// steppedMsg is one step played.
type steppedMsg struct {
	req int
	i   int
	res stepResult
}

func stepCmd(s *story, req, i int, at time.Time) tea.Cmd {
	return func() tea.Msg {
		return steppedMsg{req: req, i: i, res: s.play(context.Background(), i, at)}
	}
}

// tickMsg asks an autoplaying player for its next step.
type tickMsg struct{ id int }

// touched is a profile the story touched, as it ended.
type touched struct {
	ref     device.Identity // how the story knew it
	found   bool
	profile engine.Profile
	note    string // e.g. "merged into ann@example.com"
}

type touchedMsg struct {
	req      int
	profiles []touched
}

// touchedCmd looks up the profiles the story touched.
func touchedCmd(p *engine.Project, req int, refs []touched) tea.Cmd {
	return func() tea.Msg {
		out := make([]touched, len(refs))
		for i, t := range refs {
			var pr engine.Profile
			err := errors.New("no identifier")
			if t.ref.UserID != "" {
				pr, err = p.ProfileByUserID(t.ref.UserID)
			}
			if err != nil && t.ref.Email != "" {
				pr, err = p.ProfileByEmail(t.ref.Email)
			}
			t.found, t.profile = err == nil, pr
			out[i] = t
		}
		return touchedMsg{req: req, profiles: out}
	}
}

// catalogMsg is the fixture scenarios, parsed.
type catalogMsg struct{ entries []entry }

// entry is one fixture scenario in the list.
type entry struct {
	name        string
	title       string
	description string
	steps       int
	err         string
}

func catalogCmd() tea.Cmd {
	return func() tea.Msg {
		var out []entry
		for _, name := range fixtures.Scenarios() {
			e := entry{name: name}
			data, err := fixtures.Scenario(name)
			if err == nil {
				var sc *scenario.Scenario
				if sc, err = scenario.Parse(data); err == nil {
					e.title, e.description, e.steps = sc.Name, sc.Description, len(sc.Steps)
				}
			}
			if err != nil {
				e.err = err.Error()
			}
			out = append(out, e)
		}
		return catalogMsg{entries: out}
	}
}
