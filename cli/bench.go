package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"limen/engine/bench"
)

// newBenchCmd is `limen bench`: measurements on temporary stores.
func newBenchCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{Use: "bench", Short: "Measure the engine on this machine"}
	cmd.AddCommand(newBenchIngestCmd(e))
	cmd.AddCommand(newBenchBrowseCmd(e))
	cmd.AddCommand(newBenchSimCmd(e))
	return cmd
}

func newBenchIngestCmd(e *env) *cobra.Command {
	var (
		opt    bench.IngestOptions
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "ingest",
		Short: "Measure device events per second against raw Badger",
		Long: `Drive devices through a shopper's mix (consent, a session, product views,
articles, carts, purchases, profile updates, some identifies) on a
temporary on-disk project with the demo criteria published, on all cores.
Then time merges of unknown profiles into a known profile holding many
events, and write as many entries of a stored device event's size with
raw Badger (a WriteBatch) in another temporary directory, to compare.

Events per second count every event call stored on a device or tracked to
a profile, end to end (journal, criteria evaluation, activation and
replay included). The ratio is events/s divided by raw entries/s. The
temporary directories are removed afterwards; --data is not used.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, f := range []struct {
				name string
				v    int
			}{{"devices", opt.Devices}, {"events", opt.Events}, {"workers", opt.Workers}, {"known-events", opt.KnownEvents}, {"unknown-events", opt.UnknownEvents}} {
				if f.v < 1 {
					fmt.Fprintf(e.stderr, "limen: --%s must be at least 1, not %d\n", f.name, f.v)
					return exitError{code: 2}
				}
			}
			if opt.Merges == 0 {
				opt.Merges = -1 // 0 asks for no merges; the engine's zero means the default
			}
			if !asJSON {
				fmt.Fprintf(e.stdout, "limen bench ingest: %d devices × %d calls on %d workers…\n", opt.Devices, opt.Events, opt.Workers)
			}
			r, err := bench.Ingest(cmd.Context(), opt)
			if err != nil {
				fmt.Fprintf(e.stderr, "limen: bench ingest: %v\n", err)
				return exitError{code: 2}
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			return writeBenchTable(e, r)
		},
	}
	var def bench.IngestOptions
	def.Devices, def.Events, def.Merges, def.UnknownEvents, def.KnownEvents = 2000, 50, 50, 100, 10000
	f := cmd.Flags()
	f.IntVar(&opt.Devices, "devices", def.Devices, "devices to drive")
	f.IntVar(&opt.Events, "events", def.Events, "calls per device after consent and a first session")
	f.IntVar(&opt.Workers, "workers", bench.DefaultWorkers(), "goroutines driving the devices (a call waits for its commit: more than cores)")
	f.Uint64Var(&opt.Seed, "seed", 1, "seed of prices, choices and generated ids")
	f.IntVar(&opt.Merges, "merges", def.Merges, "unknown profiles to merge for the merge latency (0: skip)")
	f.IntVar(&opt.UnknownEvents, "unknown-events", def.UnknownEvents, "events of each unknown profile merged")
	f.IntVar(&opt.KnownEvents, "known-events", def.KnownEvents, "events of the known profile merged into")
	f.BoolVar(&opt.Check, "check", false, "also verify the project's invariants afterwards")
	f.BoolVar(&asJSON, "json", false, "print one JSON object with every figure and the parameters")
	return cmd
}

func writeBenchTable(e *env, r bench.IngestResult) error {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	o := r.Options
	rows := [][2]string{
		{"ingest", fmt.Sprintf("%.2f s", r.Seconds)},
		{"events", fmt.Sprintf("%d (stored on devices %d, tracked to profiles %d)", r.Stored+r.Sent, r.Stored, r.Sent)},
		{"events/s", fmt.Sprintf("%.0f", r.EventsPerS)},
		{"activations", fmt.Sprintf("%d (%.1f/s), %d local events replayed", r.Activations, r.ActivPerS, r.Replayed)},
		{"profile updates, identifies", fmt.Sprintf("%d, %d", r.Updates, r.Identifies)},
	}
	if r.Merges > 0 {
		rows = append(rows, [2]string{"merge p50 / p99", fmt.Sprintf("%.2f / %.2f ms (max %.2f; %d merges of %d events into %d)",
			r.MergeP50Ms, r.MergeP99Ms, r.MergeMaxMs, r.Merges, o.UnknownEvents, o.KnownEvents)})
	}
	rows = append(rows,
		[2]string{"raw badger batch", fmt.Sprintf("%.0f entries/s (%d entries, %d B keys, %d B values)", r.RawPerS, r.RawEntries, r.RawKeyBytes, r.RawValBytes)},
		[2]string{"raw badger txn/entry", fmt.Sprintf("%.0f entries/s (one transaction each, reading and rewriting a device record)", r.RawTxnPerS)},
		[2]string{"ratio", fmt.Sprintf("%.3f (events/s ÷ raw entries/s)", r.Ratio)})
	if r.Checked {
		rows = append(rows, [2]string{"check", fmt.Sprintf("%d violations", len(r.Violations))})
	}
	for _, row := range rows {
		fmt.Fprintf(w, "  %s\t%s\n", row[0], row[1])
	}
	if err := w.Flush(); err != nil {
		return err
	}
	for _, v := range r.Violations {
		fmt.Fprintln(e.stdout, v.String())
	}
	if len(r.Violations) > 0 {
		return exitError{code: 1}
	}
	return nil
}
