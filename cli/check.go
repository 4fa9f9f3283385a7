package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"limen/engine"
)

// newCheckCmd is `limen check`: the project's invariants, verified.
func newCheckCmd(e *env, data *dataFlags) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Verify the project's invariants",
		Long: `Read the whole project and verify that it is consistent: indexes and
profiles agree both ways, identifiers are unique as the project type
requires, placeholder emails appear only where they must, every event
belongs to an existing profile and is indexed by its id, event counts are
right, every device in the unknown state names an existing profile, the
identity ledger accounts for every profile created, merged or deleted, and
the consent ledger and the profile counters agree with the rest.

Prints each violation as "kind: key: message", one per line, then their
number, and exits 1. A consistent project prints "ok: " and what was
checked, and exits 0.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := openProject(e, data)
			if err != nil {
				return err
			}
			defer p.Close()
			r, err := p.CheckAll(cmd.Context())
			if err != nil {
				fmt.Fprintf(e.stderr, "limen: check: %v\n", err)
				return exitError{code: 2}
			}
			if asJSON {
				err = writeCheckJSON(e, r)
			} else {
				writeCheckText(e, r)
			}
			if err == nil && (len(r.Violations) > 0 || r.Omitted > 0) {
				return exitError{code: 1}
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print one JSON object: {"ok", "violations": [{"kind", "key", "message"}], and the counts checked}`)
	return cmd
}

func writeCheckText(e *env, r engine.CheckResult) {
	for _, v := range r.Violations {
		fmt.Fprintln(e.stdout, v.String())
	}
	checked := fmt.Sprintf("%s (%d unknown, %d known), %s, %s, %s, %s, %s checked",
		checkCount(r.Profiles, "profile"), r.Unknown, r.Known, checkCount(r.Events, "event"), checkCount(r.IndexEntries, "index entry"),
		checkCount(r.Devices, "device"), checkCount(r.IdentityEntries, "identity ledger entry"), checkCount(r.ConsentEntries, "consent ledger entry"))
	n := len(r.Violations) + r.Omitted
	switch {
	case n == 0:
		fmt.Fprintln(e.stdout, "ok: "+checked)
	case r.Omitted > 0:
		fmt.Fprintf(e.stdout, "%s (%d not listed); %s\n", checkCount(n, "violation"), r.Omitted, checked)
	default:
		fmt.Fprintf(e.stdout, "%s; %s\n", checkCount(n, "violation"), checked)
	}
}

func writeCheckJSON(e *env, r engine.CheckResult) error {
	if r.Violations == nil {
		r.Violations = []engine.Violation{}
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		OK bool `json:"ok"`
		engine.CheckResult
	}{len(r.Violations) == 0 && r.Omitted == 0, r})
}

// checkCount writes a count with its noun, "entry" becoming "entries".
func checkCount(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case len(noun) > 1 && noun[len(noun)-1] == 'y':
		return fmt.Sprintf("%d %sies", n, noun[:len(noun)-1])
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
