package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"limen/engine"
)

func newLedgerCmd(e *env, data *dataFlags) *cobra.Command {
	var asJSON, consent bool
	cmd := &cobra.Command{
		Use:   "ledger",
		Short: "Print the identity ledger (every create, convert, merge and delete), or --consent the consent ledger",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			p, err := openProject(e, data)
			if err != nil {
				return err
			}
			defer p.Close()
			if consent {
				return printConsentLedger(e, p.Project, asJSON)
			}
			var all []engine.LedgerEntry
			var after uint64
			for {
				page, err := p.IdentityLedger(after, 1000)
				if err != nil {
					return err
				}
				all = append(all, page...)
				if len(page) < 1000 {
					break
				}
				after = page[len(page)-1].Seq
			}
			if asJSON {
				return writeJSON(e.stdout, nonNilSlice(all))
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			for _, l := range all {
				fmt.Fprintf(tw, "%d\t%s\t%s\n", l.Seq, stamp(l.At), ledgerLine(l))
			}
			if len(all) == 0 {
				fmt.Fprintln(tw, "(the identity ledger is empty)")
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&consent, "consent", false, "print the consent ledger instead")
	return cmd
}

func printConsentLedger(e *env, p *engine.Project, asJSON bool) error {
	var all []engine.ConsentEntry
	var cur engine.Cursor
	for {
		page, next, err := p.ConsentLedger(cur, 1000)
		if err != nil {
			return err
		}
		all = append(all, page...)
		if next == "" || len(page) == 0 {
			break
		}
		cur = next
	}
	if asJSON {
		return writeJSON(e.stdout, nonNilSlice(all))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	for _, c := range all {
		verb := "revoked"
		if c.Granted {
			verb = "granted"
		}
		profile := "visitor"
		if c.ProfileID != 0 {
			profile = fmt.Sprintf("profile %d", c.ProfileID)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\tdevice %s (%s)\t%s\n", c.Seq, stamp(c.At), verb, c.DeviceID, c.Platform, profile)
	}
	if len(all) == 0 {
		fmt.Fprintln(tw, "(the consent ledger is empty)")
	}
	return tw.Flush()
}
