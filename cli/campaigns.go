package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"limen/engine"
	"limen/engine/scenario"
)

// newCampaignsCmd groups the campaign commands: list, show, create, start,
// stop and preview. They take the root's --data and --in-memory flags.
func newCampaignsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "campaigns",
		Short: "Messages to unknown and known users: list, show, create, start, stop, preview",
	}
	cmd.AddCommand(newCampaignsListCmd(e), newCampaignsShowCmd(e), newCampaignsCreateCmd(e),
		newCampaignStateCmd(e, "start"), newCampaignStateCmd(e, "stop"), newCampaignsPreviewCmd(e))
	return cmd
}

// campaignRow is one line of 'campaigns list'.
type campaignRow struct {
	ID        uint64          `json:"id"`
	Name      string          `json:"name"`
	Channel   string          `json:"channel"`
	Audience  engine.Audience `json:"audience"`
	State     string          `json:"state"`
	Eligible  int             `json:"eligible"`
	Delivered int             `json:"delivered"`
	Shown     int             `json:"shown"`
	Clicked   int             `json:"clicked"`
	Dismissed int             `json:"dismissed"`
	Converted int             `json:"converted"`
	Purchases int             `json:"purchases"`
	Revenue   float64         `json:"revenue"`
}

func newCampaignsListCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the campaigns, newest first, with their figures",
		Args:  cobra.NoArgs,
		RunE: withProject(e, func(p *openedProject, _ *cobra.Command, _ []string) error {
			cs, err := p.Campaigns()
			if err != nil {
				return err
			}
			stats, err := p.AllCampaignStats()
			if err != nil {
				return err
			}
			rows := make([]campaignRow, len(cs))
			for i, c := range cs {
				s := stats[c.ID]
				rows[i] = campaignRow{ID: c.ID, Name: c.Name, Channel: c.Channel, Audience: c.Audience, State: c.State,
					Eligible: s.Eligible, Delivered: s.Delivered, Shown: s.Shown, Clicked: s.Clicked, Dismissed: s.Dismissed,
					Converted: s.Converted, Purchases: s.Purchases, Revenue: s.Revenue}
			}
			if asJSON {
				return writeJSON(e.stdout, rows)
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tCHANNEL\tAUDIENCE\tSTATE\tELIGIBLE\tDELIVERED\tSHOWN\tCLICKED\tCONVERTED\tREVENUE")
			for _, r := range rows {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", r.ID, r.Name, scenario.ChannelName(r.Channel),
					scenario.AudienceText(r.Audience), r.State, r.Eligible, r.Delivered, r.Shown, r.Clicked, r.Converted, scenario.Money(r.Revenue))
			}
			if len(rows) == 0 {
				fmt.Fprintln(tw, "(no campaigns: 'limen campaigns create --file CAMPAIGN.json')")
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// findCampaign resolves what a person typed: a campaign's name, or its id.
// A missing one is said on stderr, exit 1.
func findCampaign(e *env, p *engine.Project, ref string) (engine.Campaign, error) {
	if id, err := strconv.ParseUint(ref, 10, 64); err == nil {
		c, err := p.Campaign(id)
		if err == nil || !errors.Is(err, engine.ErrNotFound) {
			return c, err
		}
	}
	c, err := p.CampaignByName(ref)
	if errors.Is(err, engine.ErrNotFound) {
		fmt.Fprintf(e.stderr, "limen: no campaign %q (give its name or id; see 'limen campaigns list')\n", ref)
		return c, exitError{code: 1}
	}
	return c, err
}

// campaignDetail is what 'campaigns show --json' prints.
type campaignDetail struct {
	Campaign engine.Campaign      `json:"campaign"`
	Stats    engine.CampaignStats `json:"stats"`
}

func newCampaignsShowCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show NAME|ID",
		Short: "Show one campaign: its audience, texts, state and figures",
		Args:  cobra.ExactArgs(1),
		RunE: withProject(e, func(p *openedProject, _ *cobra.Command, args []string) error {
			c, err := findCampaign(e, p.Project, args[0])
			if err != nil {
				return err
			}
			stats, err := p.AllCampaignStats()
			if err != nil {
				return err
			}
			d := campaignDetail{Campaign: c, Stats: stats[c.ID]}
			d.Stats.CampaignID = c.ID
			if asJSON {
				return writeJSON(e.stdout, d)
			}
			return writeCampaignDetail(e.stdout, d)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func writeCampaignDetail(w io.Writer, d campaignDetail) error {
	c, s := d.Campaign, d.Stats
	channel := scenario.ChannelName(c.Channel)
	if c.Placement != "" {
		channel += " in placement " + c.Placement
	}
	fmt.Fprintf(w, "campaign %d %q\n  channel      %s\n  audience     %s\n  state        %s\n", c.ID, c.Name, channel, scenario.AudienceText(c.Audience), c.State)
	fmt.Fprintf(w, "  created      %s\n  started      %s\n  stopped      %s\n", stamp(c.CreatedAt), stamp(c.StartedAt), stamp(c.StoppedAt))
	offer := "none"
	if c.Discount > 0 {
		offer = strconv.FormatFloat(c.Discount, 'f', -1, 64) + "% off"
	}
	fmt.Fprintf(w, "  offer        %s\n  attribution  purchases within %dh of a click\n", offer, int(c.Window().Hours()))
	fmt.Fprintf(w, "\ntexts (templates, personalised for each profile)\n  title   %s\n  body    %s\n  button  %s\n", dash(c.Title), dash(c.Body), dash(c.Button))
	fmt.Fprintf(w, "\nfigures (people, then acts)\n  eligible now  %d\n  delivered     %d\n  shown         %d%s\n  clicked       %d%s\n  dismissed     %d\n  converted     %d%s\n",
		s.Eligible, s.Delivered, s.Shown, rate(s.Shown, s.Delivered, "delivered"), s.Clicked, rate(s.Clicked, s.Shown, "shown"),
		s.Dismissed, s.Converted, rate(s.Converted, s.Clicked, "clicked"))
	fmt.Fprintf(w, "  impressions   %d\n  clicks        %d\n  purchases     %d\n  revenue       %s\n", s.Impressions, s.Clicks, s.Purchases, scenario.Money(s.Revenue))
	if c.Emailed > 0 || c.Skipped > 0 {
		fmt.Fprintf(w, "  emailed       %d (skipped %d: placeholder or no address)\n", c.Emailed, c.Skipped)
	}
	return nil
}

// rate says n as a share of the step before, e.g. "  (50% of shown)";
// nothing when of is 0.
func rate(n, of int, label string) string {
	if of == 0 {
		return ""
	}
	return fmt.Sprintf("  (%s%% of %s)", strconv.FormatFloat(float64(n)*100/float64(of), 'f', 0, 64), label)
}

// inputProblems prints the problems of a campaign the engine refused (one
// *engine.InputError per field) as "limen: NAME: field: problem", exit 2;
// other errors pass.
func inputProblems(e *env, name string, err error) error {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var lines []string
	for _, one := range errs {
		var ie *engine.InputError
		if !errors.As(one, &ie) {
			return err
		}
		lines = append(lines, ie.Error())
	}
	for _, l := range lines {
		fmt.Fprintf(e.stderr, "limen: %s: %s\n", name, l)
	}
	return exitError{code: 2}
}
