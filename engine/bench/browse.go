package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"limen/engine"
	"limen/fixtures"
)

// BrowseOptions are the parameters of Browse; zero fields take the defaults.
type BrowseOptions struct {
	Profiles int    `json:"profiles"`         // profiles loaded (default 100,000)
	Events   int    `json:"eventsPerProfile"` // events of each (default 5)
	Samples  int    `json:"samples"`          // timed samples of each interaction (default 200)
	Frames   int    `json:"frames"`           // times the project is opened for the first frame (default 5)
	PageSize int    `json:"pageSize"`         // rows of a page and of a search (default 50)
	Seed     uint64 `json:"seed"`             // seeds the profiles and the positions sampled (default 1)
	// Dir, when set, is a data directory to keep: the profiles are loaded
	// into it unless it already holds a project with profiles, which is
	// then measured as it is. Otherwise a temporary directory is used and
	// removed.
	Dir     string `json:"-"`
	TempDir string `json:"-"` // where the temporary directory is made ("" for os.TempDir)
	// Quiet is how long the table files must stay unchanged for Badger's
	// compactions to count as done before measuring (default 3 s; see
	// settle).
	Quiet time.Duration `json:"-"`
	// FirstFrame renders the console's first frame over an open project,
	// once its first page is in: the command line passes the profile
	// browser's (engine packages do not import the console). Nil times
	// the first page alone.
	FirstFrame func(p *engine.Project, width, height int) (string, error) `json:"-"`
	// Progress, when set, hears how the load goes.
	Progress func(done, total int) `json:"-"`
}

func (o *BrowseOptions) defaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Profiles, 100_000)
	def(&o.Events, 5)
	def(&o.Samples, 200)
	def(&o.Frames, 5)
	def(&o.PageSize, 50)
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Quiet <= 0 {
		o.Quiet = 3 * time.Second
	}
}

// Latency is the distribution of one timed operation, in milliseconds.
type Latency struct {
	N     int     `json:"n"`
	P50Ms float64 `json:"p50Ms"`
	P99Ms float64 `json:"p99Ms"`
	MaxMs float64 `json:"maxMs"`
}

// BrowseResult holds every figure of one run, with its parameters.
type BrowseResult struct {
	Options BrowseOptions `json:"parameters"`
	// Load: whether this run loaded the profiles (false: a kept directory
	// was reused), how long it took, how much disk the project takes.
	Loaded      bool    `json:"loaded"`
	LoadSeconds float64 `json:"loadSeconds,omitempty"`
	LoadPerS    float64 `json:"loadProfilesPerSecond,omitempty"`
	DiskBytes   int64   `json:"diskBytes"`
	Profiles    int     `json:"profilesInProject"`
	// SettleSeconds is how long Badger's compactions ran, the project
	// open and idle, before anything was measured (see settle).
	SettleSeconds float64 `json:"settleSeconds"`
	// Open is engine.Open alone (Badger, settings, published criteria);
	// FirstFrame is Open plus the console's first frame with its first
	// page in (or the first page alone without a renderer), measured on
	// fresh opens of the closed project; Rendered says which.
	Open       Latency `json:"open"`
	FirstFrame Latency `json:"firstFrame"`
	Rendered   bool    `json:"rendered"`
	Frame      string  `json:"-"` // the last first frame rendered
	// Interactions on the open project, at random positions.
	FirstPage   Latency `json:"firstPage"`   // newest first
	NextPage    Latency `json:"nextPage"`    // from a cursor at a random profile
	Prefix      Latency `json:"prefix"`      // a page of matches of a random 3–6 character email prefix
	PrefixCount Latency `json:"prefixCount"` // up to 1000 matches: what the console's match count reads per keystroke
	Detail      Latency `json:"detail"`      // profile, unknownSession events, first page of events, ledger, consent
	// Memory after the run, from /proc/self/status (0 elsewhere). PeakBytes
	// is VmHWM, reset after loading when the system lets us (PeakReset),
	// so that it covers opening and browsing only.
	RSSBytes     int64 `json:"rssBytes"`
	RSSAnonBytes int64 `json:"rssAnonBytes"`
	RSSFileBytes int64 `json:"rssFileBytes"`
	PeakBytes    int64 `json:"peakRssBytes"`
	PeakReset    bool  `json:"peakReset"`
}

// Browse loads the profiles (in a temporary or kept directory), closes the
// project, then opens it afresh to time the first frame and the browsing
// interactions the console makes, and reports the memory used.
func Browse(ctx context.Context, opt BrowseOptions) (BrowseResult, error) {
	opt.defaults()
	res := BrowseResult{Options: opt}
	dir := opt.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp(opt.TempDir, "limen-bench-browse-*")
		if err != nil {
			return res, err
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "project")
	}
	if err := loadBrowse(ctx, dir, opt, &res); err != nil {
		return res, err
	}
	settled, err := settle(ctx, dir, opt.Quiet)
	if err != nil {
		return res, err
	}
	res.SettleSeconds, res.DiskBytes = settled.Seconds(), dirSize(dir)
	// Leave the load's and the compactions' garbage out of the figures.
	runtime.GC()
	debug.FreeOSMemory()
	res.PeakReset = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	p, err := measureFirstFrame(ctx, dir, opt, &res)
	if err != nil {
		return res, err
	}
	defer p.Close()
	if err := measureInteractions(ctx, p, opt, &res); err != nil {
		return res, err
	}
	res.RSSBytes, res.RSSAnonBytes, res.RSSFileBytes, res.PeakBytes = readMemory()
	return res, nil
}

// loadBrowse fills the project in dir unless it has profiles already.
func loadBrowse(ctx context.Context, dir string, opt BrowseOptions, res *BrowseResult) error {
	p, err := engine.Open(engine.Options{Dir: dir})
	if err != nil {
		return err
	}
	defer p.Close()
	if res.Profiles, err = p.CountProfiles(""); err != nil || res.Profiles > 0 {
		return err
	}
	s := p.Settings()
	s.Type = engine.TypeEmail
	if err := p.SetSettings(s); err != nil {
		return err
	}
	if err := p.ImportCriteria(fixtures.Criteria(), true); err != nil {
		return fmt.Errorf("publish the demo criteria: %w", err)
	}
	progress := func(done int) {
		if opt.Progress != nil {
			opt.Progress(done, opt.Profiles)
		}
	}
	start := time.Now()
	if err := p.BulkLoadProfiles(ctx, opt.Profiles, opt.Events, opt.Seed, progress); err != nil {
		return err
	}
	res.Loaded, res.LoadSeconds = true, time.Since(start).Seconds()
	res.LoadPerS = float64(opt.Profiles) / res.LoadSeconds
	res.Profiles, err = p.CountProfiles("")
	return err
}

// settleMax is how long settle waits at most.
const settleMax = 15 * time.Minute

// settle opens the project and waits, idle, for Badger's compactions to
// finish: until its table files have not changed for quiet. A project just bulk-loaded holds most of its data in level 0,
// and opening it sets off compactions that take the cores and hundreds of
// MB of table builders for a minute or more; a project grown over months
// is compacted as it grows. Measuring meanwhile would time the
// compactions, not the browser.
func settle(ctx context.Context, dir string, quiet time.Duration) (time.Duration, error) {
	start := time.Now()
	p, err := engine.Open(engine.Options{Dir: dir})
	if err != nil {
		return 0, err
	}
	defer p.Close()
	tables := func() string {
		var b strings.Builder
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".sst") {
				b.WriteString(e.Name())
			}
		}
		return b.String()
	}
	last, changed := tables(), time.Now()
	tick := time.NewTicker(min(250*time.Millisecond, quiet/4))
	defer tick.Stop()
	for time.Since(changed) < quiet && time.Since(start) < settleMax {
		select {
		case <-ctx.Done():
			return time.Since(start), ctx.Err()
		case <-tick.C:
		}
		if now := tables(); now != last {
			last, changed = now, time.Now()
		}
	}
	return time.Since(start), nil
}

// measureFirstFrame opens the closed project opt.Frames times and times
// each open and first frame; it returns the last project, open.
func measureFirstFrame(ctx context.Context, dir string, opt BrowseOptions, res *BrowseResult) (*engine.Project, error) {
	var opens, frames []time.Duration
	for k := range opt.Frames {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start := time.Now()
		p, err := engine.Open(engine.Options{Dir: dir})
		if err != nil {
			return nil, err
		}
		opens = append(opens, time.Since(start))
		if opt.FirstFrame != nil {
			res.Frame, err = opt.FirstFrame(p, 120, 36)
			res.Rendered = true
		} else {
			_, _, err = p.ListProfiles(engine.ProfileQuery{Desc: true, Limit: opt.PageSize})
		}
		frames = append(frames, time.Since(start))
		if err == nil && k == opt.Frames-1 {
			res.Open, res.FirstFrame = latency(opens), latency(frames)
			return p, nil
		}
		if cerr := p.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("first frame: %w", err)
		}
	}
	return nil, errors.New("first frame: no frame measured")
}

// measureInteractions times opt.Samples of each interaction, at positions
// drawn at random among the profiles.
func measureInteractions(ctx context.Context, p *engine.Project, opt BrowseOptions, res *BrowseResult) error {
	newest, _, err := p.ListProfiles(engine.ProfileQuery{Desc: true, Limit: 1})
	if err != nil {
		return err
	}
	oldest, _, err := p.ListProfiles(engine.ProfileQuery{Limit: 1})
	if err != nil || len(newest) == 0 || len(oldest) == 0 {
		return errors.Join(err, errors.New("the project has no profiles"))
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0xb0c5e))
	// pick draws an existing profile at random (ids may have gaps).
	pick := func() (engine.Profile, error) {
		for {
			id := oldest[0].ID + rng.Uint64N(newest[0].ID-oldest[0].ID+1)
			pr, err := p.Profile(id)
			if !errors.Is(err, engine.ErrNotFound) {
				return pr, err
			}
		}
	}
	page := opt.PageSize
	steps := []struct {
		into *Latency
		// prepare (untimed) returns the timed operation.
		prepare func() (func() error, error)
	}{
		{&res.FirstPage, func() (func() error, error) {
			return func() error { _, _, err := p.ListProfiles(engine.ProfileQuery{Desc: true, Limit: page}); return err }, nil
		}},
		{&res.NextPage, func() (func() error, error) {
			pr, err := pick()
			if err != nil {
				return nil, err
			}
			c, err := p.ListCursorAfter(pr.ID)
			return func() error {
				_, _, err := p.ListProfiles(engine.ProfileQuery{Desc: true, After: c, Limit: page})
				return err
			}, err
		}},
		{&res.Prefix, func() (func() error, error) {
			prefix, err := randomPrefix(rng, pick)
			return func() error {
				_, _, err := p.ListProfiles(engine.ProfileQuery{Prefix: prefix, Limit: page})
				return err
			}, err
		}},
		{&res.PrefixCount, func() (func() error, error) {
			prefix, err := randomPrefix(rng, pick)
			return func() error {
				_, _, err := p.CountByPrefix(prefix, 1000)
				return err
			}, err
		}},
		{&res.Detail, func() (func() error, error) {
			pr, err := pick()
			return func() error { return loadDetail(p, pr.ID) }, err
		}},
	}
	for _, st := range steps {
		lat := make([]time.Duration, 0, opt.Samples)
		for range opt.Samples {
			if err := ctx.Err(); err != nil {
				return err
			}
			op, err := st.prepare()
			if err != nil {
				return err
			}
			start := time.Now()
			if err := op(); err != nil {
				return err
			}
			lat = append(lat, time.Since(start))
		}
		*st.into = latency(lat)
	}
	return nil
}

// randomPrefix is the first 3 to 6 characters of a random profile's email
// (its userId when it has none).
func randomPrefix(rng *rand.Rand, pick func() (engine.Profile, error)) (string, error) {
	pr, err := pick()
	if err != nil {
		return "", err
	}
	s := pr.Email
	if s == "" {
		s = pr.UserID
	}
	return s[:min(len(s), 3+rng.IntN(4))], nil
}

// loadDetail reads what the console's detail pane shows of a profile.
func loadDetail(p *engine.Project, id uint64) error {
	_, err1 := p.Profile(id)
	_, err2 := p.UnknownSessionEvents(id)
	_, _, err3 := p.Events(id, engine.EventQuery{NewestFirst: true, Limit: 50})
	_, err4 := p.LedgerFor(id)
	_, err5 := p.ConsentFor(id)
	return errors.Join(err1, err2, err3, err4, err5)
}

func latency(d []time.Duration) Latency {
	if len(d) == 0 {
		return Latency{}
	}
	s := slices.Clone(d)
	slices.Sort(s)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return Latency{N: len(s), P50Ms: ms(percentile(s, 50)), P99Ms: ms(percentile(s, 99)), MaxMs: ms(s[len(s)-1])}
}

// readMemory reads the resident set (total, anonymous, file-backed) and
// its peak from /proc/self/status, in bytes; zeros where there is none.
func readMemory() (rss, anon, file, peak int64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			rss = kb << 10
		case "RssAnon":
			anon = kb << 10
		case "RssFile":
			file = kb << 10
		case "VmHWM":
			peak = kb << 10
		}
	}
	return
}

// dirSize is the size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
