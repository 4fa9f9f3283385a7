package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"limen/engine"
	"limen/engine/sim"
	"limen/fixtures"
	"limen/storage"
)

// simFlags are the options of `limen sim`.
type simFlags struct {
	visitors, workers, known int
	seed                     uint64
	speed, arrival, consent  float64
	duration, tick           time.Duration
	mix                      string
	asJSON, noCampaign       bool
}

func newSimCmd(e *env, data *dataFlags) *cobra.Command {
	def := sim.DefaultSettings()
	f := simFlags{}
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Run the visitor simulator headless and print its funnel",
		Long: `Run the live visitor simulator without the console: visitors arrive at
--arrival a simulated minute, each with a persona (fixtures/personas.json) that
decides its platform, consent, sessions, actions and sign-ups, and drive
limen's own devices against the project. Unknown and known users get the
running campaigns' messages at their session starts, and open, click and buy
as their persona does. At the end it prints the funnel (visitors →
consented → activated → messaged → clicked → purchased, and activated →
identified → converted / merged), the same by persona, activations by
criteria set, and the messages shown, clicked and the purchases credited to
campaigns.

The project is a fresh in-memory one unless --data DIR names one. A fresh
project (one without published criteria) gets the fixture criteria and the
running in-app campaign "10% off what you viewed" for unknown users
(--no-campaign leaves it out); an existing project runs the campaigns it
has. --known N creates N known customers for sign-ups to log in as (those
that exist are reused); --known 0 uses the project's known profiles. The
purchases credited are those the project credited (its campaign figures).

The same --seed and settings give the same numbers whatever --workers.
--speed is accepted for parity with the console but a headless run goes as
fast as it can; --duration stops simulated time early. Ctrl-C stops the run
between two device calls and prints the numbers so far.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runSim(e, data, f) },
	}
	fl := cmd.Flags()
	fl.IntVar(&f.visitors, "visitors", def.Visitors, "how many visitors arrive")
	fl.Uint64Var(&f.seed, "seed", def.Seed, "seed of every random choice")
	fl.Float64Var(&f.speed, "speed", def.Speed, "simulated seconds per real second (console only; headless ignores it)")
	fl.DurationVar(&f.duration, "duration", 0, "stop after this much simulated time (e.g. 36h; 0: until every visitor is done)")
	fl.Float64Var(&f.arrival, "arrival", def.ArrivalPerMinute, "visitors arriving per simulated minute")
	fl.Float64Var(&f.consent, "consent", def.ConsentRate, "share of visitors who accept the consent banner (0 to 1)")
	fl.IntVar(&f.known, "known", def.KnownProfiles, "known customers to create for sign-ups to log in as (0: use existing)")
	fl.StringVar(&f.mix, "mix", "", "persona weights, e.g. bouncer=2,returning-buyer=1 (default: the personas' shares)")
	fl.IntVar(&f.workers, "workers", 0, "goroutines driving devices (0: two per core)")
	fl.DurationVar(&f.tick, "tick", time.Hour, "simulated time per batch of work (the numbers do not depend on it; longer ticks keep more workers busy)")
	fl.BoolVar(&f.asJSON, "json", false, "print one JSON object")
	fl.BoolVar(&f.noCampaign, "no-campaign", false, "on a fresh project, do not start the campaign \""+sim.DefaultCampaignName+"\"")
	return cmd
}

func parseMix(s string) (map[string]float64, error) {
	if s == "" {
		return nil, nil
	}
	mix := map[string]float64{}
	for part := range strings.SplitSeq(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		x, err := strconv.ParseFloat(w, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("--mix %q: want name=weight,...", s)
		}
		mix[name] = x
	}
	return mix, nil
}

func runSim(e *env, data *dataFlags, f simFlags) error {
	mix, err := parseMix(f.mix)
	if err != nil {
		return usageError(e, err.Error())
	}
	set := sim.Settings{Seed: f.seed, Visitors: f.visitors, ArrivalPerMinute: f.arrival, ConsentRate: f.consent,
		Mix: mix, Speed: f.speed, Workers: f.workers, Duration: f.duration, Tick: f.tick, KnownProfiles: f.known}
	var running atomic.Pointer[sim.Sim]
	clock := func() time.Time { // the project's time is the simulated time
		if s := running.Load(); s != nil {
			return s.Now()
		}
		return sim.DefaultStart()
	}
	p, closeProject, err := openSimProject(e, data, clock)
	if err != nil {
		return err
	}
	defer closeProject()
	if p.PublishedCriteria().Compiled.Len() == 0 { // a fresh project
		if _, err := p.ReplaceCriteria(fixtures.Criteria()); err != nil {
			return fmt.Errorf("publish the fixture criteria: %w", err)
		}
		if !f.noCampaign {
			if _, err := sim.StartDefaultCampaign(p); err != nil {
				return err
			}
		}
	}
	campaigns, err := runningCampaigns(p)
	if err != nil {
		return err
	}
	s, err := sim.New(p, set)
	if err != nil {
		return usageError(e, strings.TrimPrefix(err.Error(), "sim: "))
	}
	known0, err := p.CountProfiles(engine.KindKnown) // with the customers New created
	if err != nil {
		return err
	}
	running.Store(s)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	st, err := s.RunToEnd(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	rep, err := newSimReport(p, s, st, known0)
	if err != nil {
		return err
	}
	rep.Campaigns = campaigns
	timing := fmt.Sprintf("ran %d device calls (%d tracking) in %s: %.0f calls/s with %d workers", st.Ops, st.Calls,
		st.Elapsed.Round(time.Millisecond), st.OpsPerRealSecond(), s.Settings().Workers)
	if f.asJSON {
		fmt.Fprintln(e.stderr, "limen sim: "+timing)
		err = writeJSON(e.stdout, rep)
	} else {
		err = rep.writeText(e.stdout, timing)
	}
	if err == nil && st.Errors > 0 {
		fmt.Fprintf(e.stderr, "limen: %d device calls failed; the first: %s\n", st.Errors, st.FirstError)
		return exitError{code: 1}
	}
	return err
}

// openSimProject opens the project of the data flags with the given clock:
// in memory unless --data names a directory.
func openSimProject(e *env, data *dataFlags, clock func() time.Time) (*engine.Project, func(), error) {
	opt := engine.Options{InMemory: data.inMemory || data.dir == "", Clock: clock}
	var logFile *os.File
	if !opt.InMemory {
		if err := os.MkdirAll(data.dir, 0o700); err != nil {
			fmt.Fprintf(e.stderr, "limen: cannot create data directory: %v\n", err)
			return nil, nil, exitError{code: 2}
		}
		var err error
		if logFile, err = os.OpenFile(filepath.Join(data.dir, "limen.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err != nil {
			fmt.Fprintf(e.stderr, "limen: cannot open the log file: %v\n", err)
			return nil, nil, exitError{code: 2}
		}
		opt.Dir = data.dir
		opt.Logger = slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	p, err := engine.Open(opt)
	if err != nil {
		if logFile != nil {
			logFile.Close()
		}
		if errors.Is(err, storage.ErrLocked) {
			fmt.Fprintf(e.stderr, "limen: %v\n", err)
		} else {
			fmt.Fprintf(e.stderr, "limen: cannot open the project: %v\n", err)
		}
		return nil, nil, exitError{code: 2}
	}
	return p, func() {
		p.Close()
		if logFile != nil {
			logFile.Close()
		}
	}, nil
}

// simReport is what `limen sim` prints: only simulated figures, so that the
// same seed and settings print the same report whatever the workers.
type simReport struct {
	Seed        uint64               `json:"seed"`
	Run         int                  `json:"run"`
	Start       time.Time            `json:"start"`
	End         time.Time            `json:"end"` // the last device call
	Done        bool                 `json:"done"`
	Funnel      sim.Funnel           `json:"funnel"`
	Personas    []sim.PersonaStats   `json:"personas"`
	Criteria    []criteriaActivation `json:"criteria"`
	Devices     sim.Modes            `json:"devices"`
	Calls       simCalls             `json:"calls"`
	Identify    simIdentify          `json:"identify"`
	Consents    int64                `json:"consents"`
	Revokes     int64                `json:"revokes"`
	Purchases   int64                `json:"purchases"`
	Logouts     int64                `json:"logouts"`
	Outdated    int64                `json:"outdated"`
	Messages    sim.MessageStats     `json:"messages"`
	Campaigns   []simCampaign        `json:"campaigns"` // running when the run started
	Profiles    simProfiles          `json:"profiles"`
	Errors      int64                `json:"errors"`
	FirstError  string               `json:"firstError,omitempty"`
	DeviceCalls int64                `json:"deviceCalls"`
}

// simCampaign is a campaign that ran during the simulation.
type simCampaign struct {
	ID       uint64 `json:"id"`
	Name     string `json:"name"`
	Channel  string `json:"channel"`
	Audience string `json:"audience"`
}

// runningCampaigns lists the project's running campaigns, oldest first.
func runningCampaigns(p *engine.Project) ([]simCampaign, error) {
	cs, err := p.Campaigns()
	if err != nil {
		return nil, err
	}
	out := []simCampaign{}
	for i := len(cs) - 1; i >= 0; i-- {
		if c := cs[i]; c.State == engine.CampaignRunning {
			out = append(out, simCampaign{ID: c.ID, Name: c.Name, Channel: c.Channel, Audience: c.Audience.String()})
		}
	}
	return out, nil
}

type criteriaActivation struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Activations int64  `json:"activations"`
}

type simCalls struct {
	Tracking int64 `json:"tracking"`
	Stored   int64 `json:"stored"`
	Sent     int64 `json:"sent"`
	Dropped  int64 `json:"dropped"`
	Evicted  int64 `json:"evicted"`
}

type simIdentify struct {
	SignUps   int64 `json:"signUps"`
	Created   int64 `json:"created"`
	Existing  int64 `json:"existing"`
	Converted int64 `json:"converted"`
	Merged    int64 `json:"merged"`
	Abandoned int64 `json:"abandoned"`
}

type simProfiles struct {
	KnownBefore int `json:"knownBefore"`
	Known       int `json:"known"`
	Unknown     int `json:"unknown"`
}

func newSimReport(p *engine.Project, s *sim.Sim, st sim.Stats, known0 int) (simReport, error) {
	set := s.Settings()
	r := simReport{Seed: set.Seed, Run: s.RunNumber(), Start: set.Start.UTC(), End: st.LastCall, Done: st.Done,
		Funnel: st.Funnel, Personas: st.Personas, Devices: st.Modes,
		Calls:    simCalls{Tracking: st.Calls, Stored: st.Stored, Sent: st.Sent, Dropped: st.Dropped, Evicted: st.Evicted},
		Identify: simIdentify{SignUps: st.SignUps, Created: st.Created, Existing: st.Existing, Converted: st.Conversions, Merged: st.Merges, Abandoned: st.Abandoned},
		Consents: st.Consents, Revokes: st.Revokes, Purchases: st.Purchases, Logouts: st.Logouts, Outdated: st.Outdated,
		Messages: st.Messages,
		Errors:   st.Errors, FirstError: st.FirstError, DeviceCalls: st.Ops}
	if r.End.IsZero() {
		r.End = r.Start
	}
	sets, err := p.ListCriteria()
	if err != nil {
		return r, err
	}
	named := map[string]bool{}
	for _, c := range sets {
		if n, ok := st.ByCriteria[c.ID]; ok || c.Published != nil {
			r.Criteria = append(r.Criteria, criteriaActivation{ID: c.ID, Name: c.Name, Activations: n})
			named[c.ID] = true
		}
	}
	var rest []string
	for id := range st.ByCriteria {
		if !named[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	for _, id := range rest { // sets deleted since they activated someone
		r.Criteria = append(r.Criteria, criteriaActivation{ID: id, Activations: st.ByCriteria[id]})
	}
	r.Profiles.KnownBefore = known0
	if r.Profiles.Known, err = p.CountProfiles(engine.KindKnown); err != nil {
		return r, err
	}
	r.Profiles.Unknown, err = p.CountProfiles(engine.KindUnknown)
	return r, err
}

func pct(n, of int64) string {
	if of == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

func (r simReport) writeText(w io.Writer, timing string) error {
	state := "every visitor done"
	if !r.Done {
		state = "stopped early"
	}
	fmt.Fprintf(w, "run %d, seed %d: simulated %s → %s (%s), %s\n\n", r.Run, r.Seed,
		r.Start.Format("2006-01-02 15:04"), r.End.Format("2006-01-02 15:04"), span(r.End.Sub(r.Start)), state)
	f := r.Funnel
	fmt.Fprintf(w, "%-12s %9s %12s   %s\n", "FUNNEL", "", "of visitors", "of the stage it follows")
	for _, row := range []struct {
		name, of string
		n, prev  int64
	}{{"visitors", "", f.Visitors, 0}, {"consented", "visitors", f.Consented, f.Visitors},
		{"activated", "consented", f.Activated, f.Consented}, {"messaged", "activated", f.Messaged, f.Activated},
		{"clicked", "messaged", f.Clicked, f.Messaged}, {"purchased", "clicked", f.Purchased, f.Clicked},
		{"identified", "activated", f.Identified, f.Activated}, {"converted", "identified", f.Converted, f.Identified},
		{"merged", "identified", f.Merged, f.Identified}} {
		of := ""
		if row.of != "" {
			of = fmt.Sprintf("%6s of %s", pct(row.n, row.prev), row.of)
		}
		fmt.Fprintln(w, strings.TrimRight(fmt.Sprintf("%-12s %9d %12s   %s", row.name, row.n, pct(row.n, f.Visitors), of), " "))
	}
	fmt.Fprintf(w, "\n%-20s %8s %9s %9s %8s %7s %9s %10s %9s %6s %9s\n", "PERSONA", "visitors", "consented", "activated",
		"messaged", "clicked", "purchased", "identified", "converted", "merged", "signed up")
	for _, p := range r.Personas {
		g := p.Funnel
		fmt.Fprintf(w, "%-20s %8d %9d %9d %8d %7d %9d %10d %9d %6d %9d\n", p.Name, g.Visitors, g.Consented, g.Activated,
			g.Messaged, g.Clicked, g.Purchased, g.Identified, g.Converted, g.Merged, p.SignedUp)
	}
	fmt.Fprintf(w, "\n%-32s %11s\n", "CRITERIA", "activations")
	for _, c := range r.Criteria {
		fmt.Fprintf(w, "%-32s %11d\n", c.ID+" "+c.Name, c.Activations)
	}
	c, id := r.Calls, r.Identify
	fmt.Fprintf(w, "\ntracking calls %d: %d stored on devices, %d sent to profiles, %d dropped (no consent); %d evicted by the local limit\n",
		c.Tracking, c.Stored, c.Sent, c.Dropped, c.Evicted)
	fmt.Fprintf(w, "consent %d granted, %d revoked; sign-ups %d: %d new, %d existing, %d converted, %d merged, %d abandoned; %d logouts; %d purchases\n",
		r.Consents, r.Revokes, id.SignUps, id.Created, id.Existing, id.Converted, id.Merged, id.Abandoned, r.Logouts, r.Purchases)
	m := r.Messages
	fmt.Fprintf(w, "messages: %d shown (in-app, embedded, opened push), %d push received, %d opened, %d clicks, %d in-app dismissed; "+
		"%d purchases credited to campaigns, revenue %.2f\n", m.Shown, m.Received, m.Opened, m.Clicks, m.Dismissed, m.Purchases, m.Revenue)
	names := make([]string, len(r.Campaigns))
	for i, c := range r.Campaigns {
		names[i] = fmt.Sprintf("%q (%s, %s)", c.Name, c.Channel, c.Audience)
	}
	if len(names) == 0 {
		names = []string{"none"}
	}
	fmt.Fprintf(w, "campaigns running: %s\n", strings.Join(names, ", "))
	fmt.Fprintf(w, "devices now: %d visitors, %d unknown, %d known; profiles: %d known (%d before the run), %d unknown\n",
		r.Devices.Visitor, r.Devices.Unknown, r.Devices.Known, r.Profiles.Known, r.Profiles.KnownBefore, r.Profiles.Unknown)
	_, err := fmt.Fprintln(w, timing)
	return err
}

// span writes a simulated duration in days, hours and minutes.
func span(d time.Duration) string {
	d = d.Round(time.Minute)
	days, rest := d/(24*time.Hour), d%(24*time.Hour)
	hm := fmt.Sprintf("%dh%02dm", rest/time.Hour, rest%time.Hour/time.Minute)
	if days == 0 {
		return hm
	}
	return fmt.Sprintf("%dd %s", days, hm)
}
