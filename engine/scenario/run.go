package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"limen/engine"
	"limen/engine/criteria"
	"limen/engine/device"
)

// Start is the simulated instant every scenario starts at, so that output is
// reproducible.
func Start() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }

// StepGap is the simulated time that passes after each device step, so that
// the events of a timeline have distinct times.
const StepGap = 10 * time.Second

// Line is one step of the timeline.
type Line struct {
	Step   int       `json:"step"`
	At     time.Time `json:"at"`
	Offset string    `json:"offset"`
	Device string    `json:"device,omitempty"`
	Do     string    `json:"do"`
	Text   string    `json:"text"`
	// Error is set when the project or the device refused the step; the
	// scenario goes on.
	Error string `json:"error,omitempty"`
}

// Runner plays a scenario against a project.
type Runner struct {
	p       *engine.Project
	sc      *Scenario
	cfg     Config
	start   time.Time
	now     time.Time
	rng     *rand.Rand
	devices map[string]*device.Device
	order   []string
	names   map[string]string // criteriaId → name, for narration
	camps   *Campaigns
}

// Open opens the project a scenario runs on (opt says where: in memory or a
// data directory, which should be fresh) with the scenario's simulated clock,
// applies its project settings, publishes its criteria and creates its known
// profiles. The seed makes generated ids reproducible.
func Open(sc *Scenario, opt engine.Options, seed uint64) (*Runner, error) {
	r := New(nil, sc, Config{Seed: seed})
	opt.Clock = r.clock
	if opt.ProjectID == "" {
		opt.ProjectID = "scenario"
	}
	p, err := engine.Open(opt)
	if err != nil {
		return nil, err
	}
	r.p, r.camps = p, NewCampaigns(p)
	if err := r.setUp(); err != nil {
		p.Close()
		return nil, err
	}
	return r, nil
}

// Config changes how a scenario runs on a project that already exists (the
// demo seeds itself this way).
type Config struct {
	Seed uint64
	// Start is the simulated instant of step 1 (Start() when zero).
	Start time.Time
	// DevicePrefix is put before every device id, so that several scenarios
	// can share a project.
	DevicePrefix string
	// KeepCriteria skips the scenario's own criteria and its
	// publishCriteria steps: the project's published criteria stay.
	KeepCriteria bool
	// ServerClock, when set, is told the simulated instant before each
	// step, for a project whose clock it drives.
	ServerClock func(time.Time)
}

// New prepares a run of sc on an open project without touching its settings
// or criteria; Setup applies them. Known profiles that already exist are
// left as they are.
func New(p *engine.Project, sc *Scenario, cfg Config) *Runner {
	if cfg.Start.IsZero() {
		cfg.Start = Start()
	}
	seed := cfg.Seed
	return &Runner{p: p, sc: sc, cfg: cfg, start: cfg.Start, now: cfg.Start,
		rng:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		devices: map[string]*device.Device{}, names: map[string]string{}, camps: NewCampaigns(p)}
}

// Project is the project the scenario runs on.
func (r *Runner) Project() *engine.Project { return r.p }

// Close closes the project.
func (r *Runner) Close() error { return r.p.Close() }

func (r *Runner) setUp() error {
	p, sc := r.p, r.sc
	s := p.Settings()
	s.Type, s.EventLimit = sc.Project.Type, sc.Project.EventLimit
	if err := p.SetSettings(s); err != nil {
		return fmt.Errorf("project: %w", err)
	}
	if sc.Criteria != nil {
		if err := r.publish(sc.Criteria); err != nil {
			return fmt.Errorf("criteria: %w", err)
		}
	}
	return r.CreateKnownProfiles()
}

// CreateKnownProfiles creates the scenario's known profiles; those that
// exist already are kept.
func (r *Runner) CreateKnownProfiles() error {
	for i, kp := range r.sc.KnownProfiles {
		if _, err := r.p.CreateKnownProfile(kp.Email, kp.UserID, kp.DataFields); err != nil && !errors.Is(err, engine.ErrExists) {
			return fmt.Errorf("knownProfiles[%d]: %w", i, err)
		}
	}
	return nil
}

// clock is the simulated clock every device and the project read.
func (r *Runner) clock() time.Time { return r.now }

// newID is a UUID v4 drawn from the seeded generator.
func (r *Runner) newID() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := r.rng.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return uuid.UUID(b).String()
}

func (r *Runner) publish(doc json.RawMessage) error {
	d, err := criteria.Parse(doc)
	if err != nil {
		return err
	}
	for _, s := range d.Sets {
		if id, ok := s.IDText(); ok && s.Name != nil {
			r.names[id] = *s.Name
		}
	}
	_, err = r.p.ReplaceCriteria(doc)
	return err
}

func (r *Runner) device(name string) *device.Device {
	if d, ok := r.devices[name]; ok {
		return d
	}
	id := r.cfg.DevicePrefix + name
	s := r.p.Settings()
	spec, declared := r.sc.Devices[name]
	if !declared {
		spec.Platform = "web"
	}
	d := device.New(device.Config{
		ID: id, Platform: spec.Platform, PushOptIn: spec.PushOptIn, Backend: r.p, Journal: r.p, Clock: r.clock, EventLimit: s.EventLimit,
		Resolution: device.Resolution{ReplayOnVisitorToKnown: s.ReplayOnVisitorToKnown, MergeOnUnknownToKnown: s.MergeOnUnknownToKnown},
		NewID:      r.newID,
	})
	r.devices[name] = d
	r.order = append(r.order, name)
	return d
}

// Run plays every step and returns the timeline.
func (r *Runner) Run(ctx context.Context) []Line {
	if sets, err := r.p.ListCriteria(); err == nil {
		for _, s := range sets {
			if _, named := r.names[s.ID]; !named {
				r.names[s.ID] = s.Name
			}
		}
	}
	lines := make([]Line, 0, len(r.sc.Steps))
	for i, st := range r.sc.Steps {
		line := Line{Step: i + 1, At: r.now, Offset: offset(r.now.Sub(r.start)), Device: st.Device, Do: st.Do}
		if r.cfg.ServerClock != nil {
			r.cfg.ServerClock(r.now)
		}
		switch st.Do {
		case "advance":
			d := time.Duration(st.Seconds * float64(time.Second))
			r.now = r.now.Add(d)
			line.Text = "time passes: " + d.String()
		case "publishCriteria":
			if r.cfg.KeepCriteria {
				line.Text = "criteria kept: this run does not publish"
			} else if err := r.publish(st.Criteria); err != nil {
				line.Error = err.Error()
			} else {
				line.Text = fmt.Sprintf("criteria published: version %d", r.p.PublishedCriteria().Version)
			}
		case "campaign":
			text, err := r.camps.Apply(st)
			line.Text = text
			if err != nil {
				line.Error = err.Error()
			}
		default:
			_, text, err := r.camps.PlayDevice(ctx, r.device(st.Device), st, r.names)
			line.Text = text
			if err != nil {
				line.Error = err.Error()
			}
			r.now = r.now.Add(StepGap)
		}
		lines = append(lines, line)
	}
	return lines
}

// Apply plays one device step on a device (what each verb means).
func Apply(ctx context.Context, d *device.Device, st Step) (device.Outcome, error) {
	switch st.Do {
	case "consent":
		return d.SetConsent(ctx, st.Granted)
	case "newSession":
		return d.StartSession(ctx)
	case "foreground":
		return d.Foreground(ctx)
	case "track":
		return d.Track(ctx, st.EventName, st.DataFields)
	case "updateUser":
		return d.UpdateUser(ctx, st.DataFields)
	case "updateCart":
		return d.UpdateCart(ctx, st.Items)
	case "purchase":
		return d.TrackPurchase(ctx, st.Items, st.Total, st.DataFields)
	case "identify":
		return d.Identify(ctx, device.Identity{Email: st.Email, UserID: st.UserID}, &device.Override{Replay: st.Replay, Merge: st.Merge})
	case "logout":
		return d.Logout(ctx)
	case "openApp":
		return d.StartSession(ctx)
	case "click", "dismiss", "openPush":
		m, err := heldMessage(d, st)
		if err != nil {
			return device.Outcome{}, err
		}
		switch st.Do {
		case "click":
			return d.ClickMessage(ctx, m.CampaignID)
		case "dismiss":
			return d.DismissMessage(ctx, m.CampaignID)
		}
		if m.Channel != device.ChannelPush {
			return device.Outcome{}, fmt.Errorf("the message of campaign %q on %s is %s, not a push notification: click or dismiss it", st.Campaign, st.Device, ChannelName(m.Channel))
		}
		return d.OpenMessage(ctx, m.CampaignID)
	}
	return device.Outcome{}, fmt.Errorf("unknown step %q", st.Do)
}

// heldMessage finds the message of the step's campaign (by name) among
// those the device holds.
func heldMessage(d *device.Device, st Step) (device.Message, error) {
	held := d.Messages()
	for _, m := range held {
		if m.Campaign == st.Campaign {
			return m, nil
		}
	}
	what := ": messages arrive when the app opens (an openApp step), and an in-app message is gone once clicked or dismissed"
	if len(held) > 0 {
		names := make([]string, len(held))
		for i, m := range held {
			names[i] = fmt.Sprintf("%s %q", ChannelName(m.Channel), m.Campaign)
		}
		what = ", only " + strings.Join(names, ", ")
	}
	return device.Message{}, noMessageError(fmt.Sprintf("%s holds no message from campaign %q%s", st.Device, st.Campaign, what))
}

// noMessageError is device.ErrNoMessage said with the scenario's names.
type noMessageError string

func (e noMessageError) Error() string { return string(e) }
func (e noMessageError) Unwrap() error { return device.ErrNoMessage }

// Devices returns the devices in the order the scenario first named them.
func (r *Runner) Devices() []*device.Device {
	out := make([]*device.Device, len(r.order))
	for i, id := range r.order {
		out[i] = r.devices[id]
	}
	return out
}
