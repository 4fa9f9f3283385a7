package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"limen/engine"
)

func newProfilesCmd(e *env, data *dataFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "profiles", Short: "List and show profiles"}
	cmd.AddCommand(newProfilesListCmd(e, data), newProfilesShowCmd(e, data))
	return cmd
}

func newProfilesListCmd(e *env, data *dataFlags) *cobra.Command {
	var kind, criteriaID, prefix string
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List profiles, newest first",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if kind != "" && kind != engine.KindUnknown && kind != engine.KindKnown {
				return usageError(e, fmt.Sprintf("--kind %q: use unknown or known", kind))
			}
			p, err := openProject(e, data)
			if err != nil {
				return err
			}
			defer p.Close()
			q := engine.ProfileQuery{Kind: kind, CriteriaID: criteriaID, Prefix: prefix, Desc: true, Limit: 500}
			var all []engine.Profile
			for limit <= 0 || len(all) < limit {
				page, next, err := p.ListProfiles(q)
				if err != nil {
					return err
				}
				all = append(all, page...)
				if next == "" || len(page) == 0 {
					break
				}
				q.After = next
			}
			if limit > 0 && len(all) > limit {
				all = all[:limit]
			}
			if asJSON {
				return writeJSON(e.stdout, nonNilSlice(all))
			}
			return writeProfileTable(e.stdout, all)
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "", "only unknown or known profiles")
	cmd.Flags().StringVar(&criteriaID, "criteria", "", "only profiles activated by this criteria set")
	cmd.Flags().StringVar(&prefix, "search", "", "only profiles whose email or userId starts with this")
	cmd.Flags().IntVar(&limit, "limit", 100, "list at most this many (0: all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeProfileTable(w io.Writer, ps []engine.Profile) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tUSERID\tEMAIL\tCRITERIA\tEVENTS\tCREATED\tLAST ACTIVITY")
	for _, p := range ps {
		email := p.Email
		if p.Placeholder {
			email += " (placeholder)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", p.ID, p.Kind, dash(p.UserID), dash(email),
			dash(p.MatchedCriteriaID), p.EventCount, stamp(p.CreatedAt), stamp(p.LastActivity))
	}
	if len(ps) == 0 {
		fmt.Fprintln(tw, "(no profiles)")
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// findProfile resolves what a person typed: an email, a userId, or limen's
// numeric profile id.
func findProfile(p *engine.Project, ref string) (engine.Profile, error) {
	if strings.Contains(ref, "@") {
		return p.ProfileByEmail(ref)
	}
	pr, err := p.ProfileByUserID(ref)
	if errors.Is(err, engine.ErrNotFound) {
		if id, perr := strconv.ParseUint(ref, 10, 64); perr == nil {
			return p.Profile(id)
		}
	}
	return pr, err
}

// profileDetail is everything `profiles show` tells about one profile.
type profileDetail struct {
	Profile  engine.Profile        `json:"profile"`
	Events   []engine.StoredEvent  `json:"events"`
	Consent  []engine.ConsentEntry `json:"consent"`
	Identity []engine.LedgerEntry  `json:"identity"`
}

func newProfilesShowCmd(e *env, data *dataFlags) *cobra.Command {
	var asJSON bool
	var events int
	cmd := &cobra.Command{
		Use:   "show ID|USERID|EMAIL",
		Short: "Show one profile: data fields, events (newest first), consent and identity history",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			p, err := openProject(e, data)
			if err != nil {
				return err
			}
			defer p.Close()
			pr, err := findProfile(p.Project, args[0])
			if errors.Is(err, engine.ErrNotFound) {
				fmt.Fprintf(e.stderr, "limen: no profile %q (give an email, a userId or a profile id)\n", args[0])
				return exitError{code: 1}
			} else if err != nil {
				return err
			}
			d := profileDetail{Profile: pr}
			if d.Events, _, err = p.Events(pr.ID, engine.EventQuery{NewestFirst: true, Limit: max(1, min(events, 1000))}); err != nil {
				return err
			}
			if d.Consent, err = p.ConsentFor(pr.ID); err != nil {
				return err
			}
			if d.Identity, err = p.LedgerFor(pr.ID); err != nil {
				return err
			}
			d.Events, d.Consent, d.Identity = nonNilSlice(d.Events), nonNilSlice(d.Consent), nonNilSlice(d.Identity)
			if asJSON {
				return writeJSON(e.stdout, d)
			}
			return writeProfileDetail(e.stdout, d)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().IntVar(&events, "events", 20, "show at most this many events, newest first")
	return cmd
}

func writeProfileDetail(w io.Writer, d profileDetail) error {
	pr := d.Profile
	email := pr.Email
	if pr.Placeholder {
		email += " (placeholder: never emailed)"
	}
	fmt.Fprintf(w, "%s profile %d\n  userId    %s\n  email     %s\n  criteria  %s\n  created   %s\n  activity  %s\n  events    %d\n",
		pr.Kind, pr.ID, dash(pr.UserID), dash(email), dash(pr.MatchedCriteriaID), stamp(pr.CreatedAt), stamp(pr.LastActivity), pr.EventCount)
	if len(pr.MergedFrom) > 0 {
		fmt.Fprintf(w, "  merged    %s\n", strings.Join(pr.MergedFrom, ", "))
	}
	fields, _ := json.MarshalIndent(pr.DataFields, "  ", "  ")
	fmt.Fprintf(w, "\ndata fields\n  %s\n", fields)
	fmt.Fprintf(w, "\nevents (newest first, %d shown of %d)\n", len(d.Events), pr.EventCount)
	for _, ev := range d.Events {
		name := ev.EventName
		if name == "" {
			name = ev.Type
		}
		df, _ := json.Marshal(ev.DataFields)
		if len(ev.DataFields) == 0 {
			df = nil
		}
		if len(ev.Items) > 0 {
			df = append(df, fmt.Sprintf(" %d item%s: %s", len(ev.Items), plural(len(ev.Items)), itemNames(ev.Items))...)
		}
		extra := ""
		if ev.IsUnknownUser != nil {
			extra = fmt.Sprintf(" isUnknownUser=%v", *ev.IsUnknownUser)
		}
		fmt.Fprintf(w, "  %s  %-14s %s%s\n", stamp(ev.CreatedAt), name, df, extra)
	}
	fmt.Fprintf(w, "\nconsent\n")
	for _, c := range d.Consent {
		verb := "revoked"
		if c.Granted {
			verb = "granted"
		}
		carried := ""
		if c.CarriedFrom != 0 {
			carried = fmt.Sprintf(", still in force from entry %d", c.CarriedFrom)
		}
		fmt.Fprintf(w, "  %s  %s on device %s (%s)%s\n", stamp(c.At), verb, c.DeviceID, c.Platform, carried)
	}
	if len(d.Consent) == 0 {
		fmt.Fprintln(w, "  (none recorded)")
	}
	fmt.Fprintf(w, "\nidentity history\n")
	for _, l := range d.Identity {
		fmt.Fprintf(w, "  %s  %s\n", stamp(l.At), ledgerLine(l))
	}
	return nil
}

// ledgerLine says what one identity ledger entry did.
func ledgerLine(l engine.LedgerEntry) string {
	who := l.Email
	if who == "" || (l.UserID != "" && l.Kind == engine.KindUnknown) {
		who = l.UserID
	}
	if l.Redacted {
		return fmt.Sprintf("%s (profile %d; forgotten, personal data removed)", l.Op, l.ProfileID)
	}
	switch l.Op {
	case engine.OpCreate:
		s := fmt.Sprintf("create %s profile %s", l.Kind, who)
		if l.CriteriaID != "" {
			s += ", activated by criteria " + l.CriteriaID
		}
		if l.DeviceID != "" {
			s += " on device " + l.DeviceID
		}
		return s
	case engine.OpConvert:
		return fmt.Sprintf("convert unknown %s into %s", l.FromUserID, who)
	case engine.OpMerge:
		return fmt.Sprintf("merge unknown %s into %s: %d event%s moved, %d field%s kept, %d copied",
			l.FromUserID, who, l.EventsMoved, plural(l.EventsMoved), l.FieldsKept, plural(l.FieldsKept), l.FieldsCopied)
	case engine.OpDelete:
		return fmt.Sprintf("delete profile %d", l.ProfileID)
	}
	return l.Op + " " + who
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// itemNames lists cart or purchase items as "name ×quantity".
func itemNames(items []any) string {
	names := make([]string, 0, len(items))
	for _, it := range items {
		m, _ := it.(map[string]any)
		name, _ := m["name"].(string)
		names = append(names, fmt.Sprintf("%s ×%v", dash(name), m["quantity"]))
	}
	return strings.Join(names, ", ")
}
