package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"limen/engine"
	"limen/engine/criteria"
	"limen/textdiff"
)

// newCriteriaAdminCmds are the commands on a project's criteria sets: list,
// show, import, export, publish and backtest. They take the root's --data
// and --in-memory flags.
func newCriteriaAdminCmds(e *env) []*cobra.Command {
	return []*cobra.Command{newCriteriaListCmd(e), newCriteriaShowCmd(e), newCriteriaImportCmd(e),
		newCriteriaExportCmd(e), newCriteriaPublishCmd(e), newCriteriaBacktestCmd(e)}
}

// withProject makes a RunE that opens the project named by the root's
// persistent data flags (inherited by every subcommand) around run.
func withProject(e *env, run func(p *openedProject, cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		var f dataFlags
		f.dir, _ = cmd.Flags().GetString("data")
		f.inMemory, _ = cmd.Flags().GetBool("in-memory")
		p, err := openProject(e, &f)
		if err != nil {
			return err
		}
		defer p.Close()
		return run(p, cmd, args)
	}
}

// findSet returns the set with id; a missing one is said on stderr, exit 1.
func findSet(e *env, p *openedProject, id string) (engine.CriteriaSetInfo, error) {
	list, err := p.ListCriteria()
	if err != nil {
		return engine.CriteriaSetInfo{}, err
	}
	for _, c := range list {
		if c.ID == id {
			return c, nil
		}
	}
	fmt.Fprintf(e.stderr, "limen: no criteria set %q (see 'limen criteria list')\n", id)
	return engine.CriteriaSetInfo{}, exitError{code: 1}
}

// lintFailed prints the problems of a *engine.LintError as "path: message"
// and then format (given the number of problems), exit 1; other errors pass.
func lintFailed(e *env, err error, format string) error {
	var le *engine.LintError
	if !errors.As(err, &le) {
		return err
	}
	for _, pr := range le.Problems {
		fmt.Fprintln(e.stderr, pr.String())
	}
	fmt.Fprintf(e.stderr, "limen: "+format+"\n", lintCount(len(le.Problems), "problem", "problems"))
	return exitError{code: 1}
}

func indentJSON(raw []byte) []byte {
	var buf bytes.Buffer
	if json.Indent(&buf, raw, "", "  ") != nil {
		return raw
	}
	return buf.Bytes()
}

// statusText says a set's status for people.
func statusText(status string) string {
	if status == engine.StatusChanged {
		return "changed since publish"
	}
	return status
}

// setRow is one line of 'criteria list'.
type setRow struct {
	Position    int       `json:"position"` // from 1, in first-match order
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Status      string    `json:"status"`
	Version     int       `json:"version"`
	UpdatedAt   time.Time `json:"updatedAt"`
	PublishedAt time.Time `json:"publishedAt,omitzero"`
	Activated   int       `json:"activated"` // profiles with this matched criteria id
}

func newCriteriaListCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the criteria sets in first-match order, with status and profiles activated",
		Args:  cobra.NoArgs,
		RunE: withProject(e, func(p *openedProject, _ *cobra.Command, _ []string) error {
			list, err := p.ListCriteria()
			if err != nil {
				return err
			}
			activated, err := activatedBySet(p.Project)
			if err != nil {
				return err
			}
			rows := make([]setRow, len(list))
			for i, c := range list {
				rows[i] = setRow{Position: c.Position + 1, ID: c.ID, Name: c.Name, Status: c.Status, Version: c.Version,
					UpdatedAt: c.UpdatedAt, PublishedAt: c.PublishedAt, Activated: activated[c.ID]}
			}
			if asJSON {
				return writeJSON(e.stdout, rows)
			}
			fmt.Fprintf(e.stdout, "criteria sets, first match wins, top to bottom (published document version %d)\n", p.PublishedCriteria().Version)
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "#\tID\tNAME\tSTATUS\tVERSION\tLAST EDIT\tACTIVATED")
			for _, r := range rows {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%d\n", r.Position, r.ID, dash(r.Name), statusText(r.Status), r.Version, stamp(r.UpdatedAt), r.Activated)
			}
			if len(rows) == 0 {
				fmt.Fprintln(tw, "(no criteria sets: 'limen criteria import FILE')")
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// activatedBySet counts profiles per matched criteria id. It scans every
// profile (one pass, page by page): no index counts them yet.
func activatedBySet(p *engine.Project) (map[string]int, error) {
	counts := map[string]int{}
	q := engine.ProfileQuery{Limit: 1000}
	for {
		page, next, err := p.ListProfiles(q)
		if err != nil {
			return nil, err
		}
		for _, pr := range page {
			if pr.MatchedCriteriaID != "" {
				counts[pr.MatchedCriteriaID]++
			}
		}
		if next == "" {
			return counts, nil
		}
		q.After = next
	}
}

func newCriteriaShowCmd(e *env) *cobra.Command {
	var draft, published bool
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Print a criteria set's JSON as Iterable would serve it (the draft unless --published)",
		Args:  cobra.ExactArgs(1),
		RunE: withProject(e, func(p *openedProject, cmd *cobra.Command, args []string) error {
			if draft && published {
				return usageError(e, "--draft and --published: choose one")
			}
			c, err := findSet(e, p, args[0])
			if err != nil {
				return err
			}
			raw := c.Draft
			if published {
				if raw = c.Published; raw == nil {
					fmt.Fprintf(e.stderr, "limen: criteria set %q has never been published\n", c.ID)
					return exitError{code: 1}
				}
			}
			_, err = fmt.Fprintf(e.stdout, "%s\n", indentJSON(raw))
			return err
		}),
	}
	cmd.Flags().BoolVar(&draft, "draft", false, "the draft (the default)")
	cmd.Flags().BoolVar(&published, "published", false, "the published version")
	return cmd
}

func newCriteriaImportCmd(e *env) *cobra.Command {
	var publish, replace bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Save the sets of an Iterable criteria document as drafts (--publish: and publish them)",
		Long: `Save every set of an Iterable criteria document ("-" reads standard input)
as a draft; existing ids keep their place in the first-match order, new ones
are appended. --publish also publishes them; --replace makes the file the
whole published criteria (every other set is deleted).

Lint problems are printed as "path: message" and nothing is saved (exit 1);
a file that is not JSON gets the line and column (exit 2).`,
		Args: cobra.ExactArgs(1),
		RunE: withProject(e, func(p *openedProject, cmd *cobra.Command, args []string) error {
			name := args[0]
			raw, err := readInput(e, name)
			if err != nil {
				return badInput(e, name, err)
			}
			doc, err := criteria.Parse(raw)
			if err != nil {
				return badInput(e, name, err)
			}
			var ver uint64
			if replace {
				ver, err = p.ReplaceCriteria(raw)
			} else {
				err = p.ImportCriteria(raw, publish)
				ver = p.PublishedCriteria().Version
			}
			if err != nil {
				return lintFailed(e, err, name+": %s; nothing saved")
			}
			sets := lintCount(len(doc.Sets), "criteria set", "criteria sets")
			switch {
			case replace:
				fmt.Fprintf(e.stdout, "published criteria replaced by %s; criteria version %d\n", sets, ver)
			case publish:
				fmt.Fprintf(e.stdout, "imported and published %s; criteria version %d\n", sets, ver)
			default:
				fmt.Fprintf(e.stdout, "imported %s as drafts; publish with 'limen criteria publish ID'\n", sets)
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&publish, "publish", false, "publish the imported sets")
	cmd.Flags().BoolVar(&replace, "replace", false, "make the file the whole published criteria")
	return cmd
}

func newCriteriaExportCmd(e *env) *cobra.Command {
	var indent bool
	cmd := &cobra.Command{
		Use:   "export [ID]",
		Short: "Print the published criteria document as Iterable's API serves it (or one set's)",
		Args:  cobra.MaximumNArgs(1),
		RunE: withProject(e, func(p *openedProject, cmd *cobra.Command, args []string) error {
			pub := p.PublishedCriteria()
			raw := pub.JSON
			if len(args) == 1 {
				c, err := findSet(e, p, args[0])
				if err != nil {
					return err
				}
				if raw = c.Published; raw == nil {
					fmt.Fprintf(e.stderr, "limen: criteria set %q is not published\n", c.ID)
					return exitError{code: 1}
				}
			} else if pub.Version == 0 {
				fmt.Fprintln(e.stderr, "limen: nothing is published yet")
				return exitError{code: 1}
			}
			if indent {
				raw = indentJSON(raw)
			}
			_, err := fmt.Fprintf(e.stdout, "%s\n", raw)
			return err
		}),
	}
	cmd.Flags().BoolVar(&indent, "indent", false, "indent the JSON")
	return cmd
}

func newCriteriaPublishCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "publish ID",
		Short: "Publish a criteria set's draft, showing what changes",
		Args:  cobra.ExactArgs(1),
		RunE: withProject(e, func(p *openedProject, cmd *cobra.Command, args []string) error {
			c, err := findSet(e, p, args[0])
			if err != nil {
				return err
			}
			label := fmt.Sprintf("criteria set %s %q", c.ID, c.Name)
			switch c.Status {
			case engine.StatusPublished:
				fmt.Fprintf(e.stdout, "%s: the draft is what is published (set version %d); nothing to publish\n", label, c.Version)
				return nil
			case engine.StatusDraft:
				fmt.Fprintf(e.stdout, "%s: first publication\n", label)
			default:
				fmt.Fprintf(e.stdout, "%s: changes since set version %d (- published, + draft)\n", label, c.Version)
				before := strings.Split(string(indentJSON(c.Published)), "\n")
				after := strings.Split(string(indentJSON(c.Draft)), "\n")
				for _, l := range textdiff.Lines(before, after, 2) {
					fmt.Fprintln(e.stdout, l)
				}
			}
			ver, err := p.Publish(c.ID)
			if err != nil {
				return lintFailed(e, err, "the draft of "+c.ID+" has %s; nothing published")
			}
			fmt.Fprintf(e.stdout, "published: set version %d, criteria document version %d\n", c.Version+1, ver)
			return nil
		}),
	}
}
