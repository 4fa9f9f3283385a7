package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"limen/engine"
	"limen/engine/sim"
	"limen/fixtures"
	"limen/ui/simulator"
)

func newBenchSimCmd(e *env) *cobra.Command {
	var visitors, known, width, height int
	var seed uint64
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Simulated events per second headless and with the Simulator tab attached",
		Long: `Run the same simulation twice on fresh in-memory projects (fixture criteria,
--known customers): headless, then with the console's Simulator tab attached,
fed and redrawn on its real 200 ms tick from coalesced figures while the
simulation runs flat out. Reports device calls (simulated events) per second
for both runs, and the tab's render cost per frame (figures, log batch and a
full View at --width x --height) as p50/p99/max.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			s := sim.DefaultSettings()
			s.Visitors, s.Seed, s.KnownProfiles, s.Tick = visitors, seed, known, time.Hour
			open := func() (*engine.Project, error) {
				p, err := engine.Open(engine.Options{InMemory: true})
				if err != nil {
					return nil, err
				}
				if _, err := p.ReplaceCriteria(fixtures.Criteria()); err != nil {
					p.Close()
					return nil, err
				}
				return p, nil
			}
			res, err := simulator.Bench(context.Background(), open, s, width, height)
			if err != nil {
				fmt.Fprintf(e.stderr, "limen: bench sim: %v\n", err)
				return exitError{code: 2}
			}
			if asJSON {
				return writeJSON(e.stdout, res)
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "visitors\t%d\n", res.Visitors)
			fmt.Fprintf(tw, "headless\t%.0f events/s\t(%d in %v)\n", res.Headless.OpsPerSecond, res.Headless.Ops, res.Headless.Elapsed.Round(time.Millisecond))
			fmt.Fprintf(tw, "with the tab\t%.0f events/s\t(%d in %v)\n", res.Attached.OpsPerSecond, res.Attached.Ops, res.Attached.Elapsed.Round(time.Millisecond))
			fmt.Fprintf(tw, "frames\t%d at %dx%d\tp50 %v  p99 %v  max %v\n", res.Frames, res.Width, res.Height, res.FrameP50, res.FrameP99, res.FrameMax)
			return tw.Flush()
		},
	}
	cmd.Flags().IntVar(&visitors, "visitors", 3000, "visitors per run")
	cmd.Flags().IntVar(&known, "known", 200, "known customers sign-ups log in as")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the simulation")
	cmd.Flags().IntVar(&width, "width", 120, "console width for the attached run")
	cmd.Flags().IntVar(&height, "height", 36, "console height for the attached run")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	return cmd
}
