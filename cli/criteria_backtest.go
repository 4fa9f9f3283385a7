package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"limen/engine"
	"limen/engine/criteria"
	"os"
	"os/signal"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

func newCriteriaBacktestCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "backtest [ID|FILE]",
		Short: "Say what publishing drafts would change, on the visitor histories already stored",
		Long: `Evaluate every visitor history the project knows (visitors' local data and
every profile's stored events) against the published criteria and against:
  (no argument)  every set's draft: what publishing everything would serve;
  ID             the published document with that set's draft in it;
  FILE           a criteria document ("-" reads standard input);
a set id wins over a file of the same name. Prints per set the histories each side activates (first match wins), who
would be newly or no longer activated, and how many events it took to match.`,
		Args: cobra.MaximumNArgs(1),
		RunE: withProject(e, func(p *openedProject, cmd *cobra.Command, args []string) error {
			var draft []byte
			var err error
			tested := "every draft (what publishing everything would serve)"
			if len(args) == 1 {
				if draft, tested, err = backtestDraft(e, p, args[0]); err != nil {
					return err
				}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			opt := engine.BacktestOptions{Draft: draft}
			if isTerminal(e.stderr) {
				opt.Progress = func(done, total int) { fmt.Fprintf(e.stderr, "\rbacktest: %d of %d histories", done, total) }
			}
			res, err := p.Backtest(ctx, opt)
			if opt.Progress != nil {
				fmt.Fprint(e.stderr, "\r\033[K")
			}
			if errors.Is(err, context.Canceled) {
				fmt.Fprintln(e.stderr, "limen: backtest interrupted")
				return exitError{code: 130}
			} else if err != nil {
				return err
			}
			version := p.PublishedCriteria().Version
			if asJSON {
				return writeJSON(e.stdout, struct {
					Tested           string   `json:"tested"`
					PublishedVersion uint64   `json:"publishedVersion"`
					Buckets          []string `json:"buckets"`
					engine.BacktestResult
				}{tested, version, bucketLabels(), res})
			}
			return writeBacktest(e.stdout, tested, version, res)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// backtestDraft resolves the argument: a criteria set id (the published
// document with its draft), else a criteria document file.
func backtestDraft(e *env, p *openedProject, arg string) ([]byte, string, error) {
	if doc, err := p.PreviewDocument(arg); err == nil {
		return doc, fmt.Sprintf("the draft of set %s (the other sets as published)", arg), nil
	} else if !errors.Is(err, engine.ErrNotFound) {
		return nil, "", err
	}
	raw, err := readInput(e, arg)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(e.stderr, "limen: %s is neither a criteria set nor a file\n", arg)
			return nil, "", exitError{code: 2}
		}
		return nil, "", badInput(e, arg, err)
	}
	doc, err := criteria.Parse(raw)
	if err != nil {
		return nil, "", badInput(e, arg, err)
	}
	if probs := criteria.Lint(doc, criteria.LintOptions{EventLimit: p.Settings().EventLimit}); len(probs) > 0 {
		fmt.Fprintf(e.stderr, "limen: note: %s has %s ('limen criteria lint'); import would refuse it\n", arg, lintCount(len(probs), "lint problem", "lint problems"))
	}
	return raw, arg, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func writeBacktest(w io.Writer, tested string, version uint64, r engine.BacktestResult) error {
	fmt.Fprintf(w, "backtest of %s\nagainst published criteria version %d, first match wins\n", tested, version)
	fmt.Fprintf(w, "%s (%d on devices, %d profiles) in %v\n\n", lintCount(r.Histories, "visitor history", "visitor histories"),
		r.Devices, r.Profiles, r.Elapsed.Round(100*time.Microsecond))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SET\tNAME\tPUBLISHED\tDRAFT\tCHANGE")
	sets := slices.Clone(r.Draft.Sets)
	for _, s := range r.Published.Sets {
		if !slices.ContainsFunc(r.Draft.Sets, func(d engine.BacktestSet) bool { return d.ID == s.ID }) {
			sets = append(sets, engine.BacktestSet{ID: s.ID, Name: s.Name + " (not in draft)"})
		}
	}
	for _, s := range sets {
		pub, dr := r.Published.ByID[s.ID], r.Draft.ByID[s.ID]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", s.ID, dash(s.Name), pub, dr, signed(dr-pub))
	}
	fmt.Fprintf(tw, "\tall sets\t%d\t%d\t%s\n", r.Published.Activated, r.Draft.Activated, signed(r.Draft.Activated-r.Published.Activated))
	tw.Flush()
	fmt.Fprintf(w, "\nnewly activated: %d\n", r.NewlyActivated)
	writeSamples(w, r.SampleNew, r.NewlyActivated, "by")
	fmt.Fprintf(w, "no longer activated: %d\n", r.NoLongerActivated)
	writeSamples(w, r.SampleLost, r.NoLongerActivated, "was")
	fmt.Fprintf(w, "activated by another set first: %d\n", r.Reattributed)
	fmt.Fprintln(w, "\nevents to activate (draft, replayed in time order; 0: the profile data alone matched)")
	if len(r.EventsToActivate) == 0 {
		_, err := fmt.Fprintln(w, "  no history activates")
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "SET\t%s\n", strings.Join(bucketLabels(), "\t"))
	for _, s := range r.Draft.Sets {
		if h := r.EventsToActivate[s.ID]; h != nil {
			fmt.Fprintf(tw, "%s\t%s\n", s.ID, strings.ReplaceAll(strings.Trim(fmt.Sprint(h), "[]"), " ", "\t"))
		}
	}
	return tw.Flush()
}

func writeSamples(w io.Writer, samples []engine.BacktestSample, total int, verb string) {
	for _, s := range samples {
		set := s.Draft
		if verb == "was" {
			set = s.Published
		}
		who := s.Who
		if s.ProfileID != 0 {
			who = fmt.Sprintf("%s (profile %d)", s.Who, s.ProfileID)
		}
		fmt.Fprintf(w, "  %-7s %s, %d event%s: %s %s\n", s.Kind, who, s.Events, plural(s.Events), verb, set)
	}
	if total > len(samples) {
		fmt.Fprintf(w, "  … and %d more\n", total-len(samples))
	}
}

func bucketLabels() []string {
	labels := make([]string, engine.BacktestBuckets)
	for i := range labels {
		labels[i] = engine.BacktestBucketLabel(i)
	}
	return labels
}

// signed writes a difference: +n, -n or 0.
func signed(n int) string {
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("%+d", n)
}
