package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"limen/engine"
	"limen/engine/bench"
	"limen/ui"
	"limen/ui/profiles"
)

// Targets of the browsing benchmark (the issue's, at a million profiles).
const (
	browseFrameTarget = 300 * time.Millisecond
	browseStepTarget  = 20 * time.Millisecond
	browseRSSTarget   = 300 << 20
)

func newBenchBrowseCmd(e *env) *cobra.Command {
	var (
		opt    bench.BrowseOptions
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "browse",
		Short: "Measure the profile browser over many profiles",
		Long: `Load N generated profiles (known, unknown and converted, with events,
ledger entries, devices and consent) into a temporary on-disk project
through Badger's WriteBatch, wait (open, idle) for Badger's compactions
of the load to finish, close it, then open it afresh and time:

  first frame   opening the project and the console's first frame at
                120×36 with its first page in: the profile browser's own
                start (criteria, counts, the first 200 rows, the first
                row's detail pane) and one View of the whole console
  first page    the newest 50 profiles
  next page     50 profiles after a cursor at a random profile
  prefix        50 matches of a random 3-6 character email prefix
  search count  up to 1000 matches of such a prefix (what the console
                counts on every keystroke of a search)
  detail        a random profile's detail pane: the profile, its
                unknownSession events, its newest 50 events, its identity
                ledger entries and consent

as p50/p99 over --samples samples at random positions, and the process's
resident memory afterwards (VmRSS; the peak is reset after loading when the
system allows). The temporary directory is removed afterwards; --data is
not used. --keep DIR loads into DIR instead and keeps it, and a later run
with --keep DIR measures the profiles already there.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, f := range []struct {
				name string
				v    int
			}{{"profiles", opt.Profiles}, {"events", opt.Events}, {"samples", opt.Samples}, {"frames", opt.Frames}} {
				if f.v < 1 {
					fmt.Fprintf(e.stderr, "limen: --%s must be at least 1, not %d\n", f.name, f.v)
					return exitError{code: 2}
				}
			}
			opt.FirstFrame = consoleFirstFrame
			if !asJSON {
				where := "a temporary directory"
				if opt.Dir != "" {
					where = opt.Dir + " (kept; profiles already there are measured as they are)"
				}
				fmt.Fprintf(e.stdout, "limen bench browse: %s profiles × %d events in %s…\n", ui.Thousands(opt.Profiles), opt.Events, where)
				start, tenth := time.Now(), 0
				opt.Progress = func(done, total int) {
					if t := done * 10 / total; t > tenth {
						tenth = t
						fmt.Fprintf(e.stderr, "  loaded %s / %s profiles (%.0f s)\n", ui.Thousands(done), ui.Thousands(total), time.Since(start).Seconds())
					}
				}
			}
			r, err := bench.Browse(cmd.Context(), opt)
			if err != nil {
				fmt.Fprintf(e.stderr, "limen: bench browse: %v\n", err)
				return exitError{code: 2}
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			return writeBrowseTable(e, r)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opt.Profiles, "profiles", 100_000, "profiles to load")
	f.IntVar(&opt.Events, "events", 5, "events of each profile")
	f.IntVar(&opt.Samples, "samples", 200, "timed samples of each interaction")
	f.IntVar(&opt.Frames, "frames", 5, "fresh opens timed for the first frame")
	f.Uint64Var(&opt.Seed, "seed", 1, "seed of the profiles and of the positions sampled")
	f.StringVar(&opt.Dir, "keep", "", "load into this directory and keep it (reused when it already holds profiles)")
	f.BoolVar(&asJSON, "json", false, "print one JSON object with every figure and the parameters")
	return cmd
}

func writeBrowseTable(e *env, r bench.BrowseResult) error {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	load := "reused the kept directory"
	if r.Loaded {
		load = fmt.Sprintf("loaded in %.1f s, %s profiles/s", r.LoadSeconds, ui.Thousands(int(r.LoadPerS)))
	}
	lat := func(l bench.Latency) string {
		return fmt.Sprintf("p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms", l.P50Ms, l.P99Ms, l.MaxMs)
	}
	frame := "open + the first page"
	if r.Rendered {
		frame = "open + the console's first frame, 120×36"
	}
	page := r.Options.PageSize
	rows := [][2]string{
		{"profiles", fmt.Sprintf("%s (%s; %s on disk)", ui.Thousands(r.Profiles), load, megabytes(r.DiskBytes))},
		{"settled", fmt.Sprintf("%.1f s of Badger compactions waited out before measuring", r.SettleSeconds)},
		{"open", lat(r.Open)},
		{"first frame", lat(r.FirstFrame) + "   " + frame},
		{fmt.Sprintf("first page (%d)", page), lat(r.FirstPage)},
		{fmt.Sprintf("next page (%d)", page), lat(r.NextPage)},
		{fmt.Sprintf("prefix search (%d)", page), lat(r.Prefix)},
		{"search count (≤1000)", lat(r.PrefixCount)},
		{"detail pane", lat(r.Detail)},
		{"memory", fmt.Sprintf("rss %s (anonymous %s, files %s), peak %s%s", megabytes(r.RSSBytes), megabytes(r.RSSAnonBytes),
			megabytes(r.RSSFileBytes), megabytes(r.PeakBytes), map[bool]string{true: " since loading", false: " over the whole run"}[r.PeakReset])},
		{"targets", browseTargets(r)},
	}
	for _, row := range rows {
		fmt.Fprintf(w, "  %s\t%s\n", row[0], row[1])
	}
	return w.Flush()
}

// browseTargets compares the figures with the targets.
func browseTargets(r bench.BrowseResult) string {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "MISSED"
	}
	worst := 0.0
	for _, l := range []bench.Latency{r.FirstPage, r.NextPage, r.Prefix, r.PrefixCount, r.Detail} {
		worst = max(worst, l.P99Ms)
	}
	return fmt.Sprintf("first frame p99 < %.0f ms %s; every interaction p99 < %.0f ms %s (worst %.2f); rss < %d MB %s",
		ms(browseFrameTarget), verdict(r.FirstFrame.P99Ms < ms(browseFrameTarget)),
		ms(browseStepTarget), verdict(worst < ms(browseStepTarget)), worst,
		browseRSSTarget>>20, verdict(r.RSSBytes < browseRSSTarget))
}

func megabytes(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }

// consoleFirstFrame starts the console (the shell and the profile browser)
// over p in a w×h terminal as `limen` does, runs the commands its start
// issues (concurrently, as Bubble Tea would) feeding their answers back,
// and returns the first View in which the browser is no longer loading or
// counting: its first page, counts and first detail are in.
func consoleFirstFrame(p *engine.Project, w, h int) (string, error) {
	styles := ui.NewStyles(ui.DefaultTheme())
	m := profiles.New(ui.Context{Project: p, Styles: styles, Now: time.Now, ExportDir: os.TempDir()})
	app := ui.NewApp(styles, "bench", m)
	app.Update(tea.WindowSizeMsg{Width: w, Height: h})
	msgs := make(chan tea.Msg, 64)
	done := make(chan struct{})
	defer close(done) // commands still running (spinner ticks) give up
	run := func(cmd tea.Cmd) {
		if cmd != nil {
			go func() {
				select {
				case msgs <- cmd():
				case <-done:
				}
			}()
		}
	}
	run(app.Init())
	timeout := time.After(time.Minute)
	for {
		select {
		case msg := <-msgs:
			switch msg := msg.(type) {
			case nil:
				continue
			case tea.BatchMsg:
				for _, c := range msg {
					run(c)
				}
				continue
			default:
				_, cmd := app.Update(msg)
				run(cmd)
			}
			view := app.View()
			if m.Badge() != "" && !strings.Contains(view, "loading") && !strings.Contains(view, "counting…") {
				return view, nil
			}
		case <-timeout:
			return app.View(), errors.New("the console's first frame was not ready after a minute")
		}
	}
}
