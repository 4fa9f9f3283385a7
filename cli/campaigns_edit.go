package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"limen/engine"
	"limen/engine/criteria"
	"limen/engine/scenario"
)

func newCampaignsCreateCmd(e *env) *cobra.Command {
	var file string
	var start bool
	cmd := &cobra.Command{
		Use:   "create --file CAMPAIGN.json",
		Short: "Create a draft campaign from a JSON file (--start: and start it); prints its id",
		Long: `Create a campaign from a JSON file ("-" reads standard input) shaped like
'limen campaigns show --json' prints a campaign:

  {"name": "10% off what you viewed", "channel": "inApp",
   "audience": {"kind": "unknown"},
   "title": "Still thinking about the {{last.viewedProduct.name}}?",
   "body": "{{discount}}% off today: {{discounted last.viewedProduct.price}}",
   "button": "Shop now", "discount": 10, "attributionHours": 24}

channel is inApp, embedded (with "placement"), push or email; audience.kind is
unknown, known or criteria (with "criteriaId"). The campaign is a draft until
started. Prints the new campaign's id. Invalid input names the field and
exits with status 2; nothing is saved.`,
		Args: cobra.NoArgs,
		PreRunE: func(*cobra.Command, []string) error {
			if file == "" {
				return usageError(e, "campaigns create: say where the campaign is: --file CAMPAIGN.json (or --file - for standard input)")
			}
			return nil
		},
		RunE: withProject(e, func(p *openedProject, _ *cobra.Command, _ []string) error {
			raw, err := readInput(e, file)
			if err != nil {
				return badInput(e, file, err)
			}
			c, err := decodeCampaign(raw)
			if err != nil {
				return badInput(e, file, err)
			}
			if same, err := p.CampaignByName(strings.TrimSpace(c.Name)); err == nil && c.Name != "" {
				return usageError(e, fmt.Sprintf("%s: name %q: campaign %d already has this name; choose another", file, same.Name, same.ID))
			}
			saved, err := p.SaveCampaign(c)
			if err != nil {
				label := file
				if file == "-" {
					label = "standard input"
				}
				return inputProblems(e, label, err)
			}
			if start {
				if saved, err = p.StartCampaign(saved.ID); err != nil {
					return err
				}
			}
			_, err = fmt.Fprintln(e.stdout, saved.ID)
			return err
		}),
	}
	cmd.Flags().StringVar(&file, "file", "", `the campaign as JSON ("-": standard input)`)
	cmd.Flags().BoolVar(&start, "start", false, "start the campaign once created")
	return cmd
}

// decodeCampaign reads a campaign in engine.Campaign's JSON shape. Its id,
// state and times are the project's to set: a new campaign is a draft.
func decodeCampaign(raw []byte) (engine.Campaign, error) {
	var c engine.Campaign
	if err := criteria.CheckJSON(raw); err != nil {
		return c, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(&c)
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && te.Field == "":
		return c, fmt.Errorf("must be a JSON object: a campaign like {\"name\": ..., \"channel\": ..., \"audience\": {\"kind\": ...}, \"body\": ...}")
	case errors.As(err, &te):
		return c, fmt.Errorf("%s: must be %s, not %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
	case err != nil && strings.HasPrefix(err.Error(), "json: unknown field "):
		return c, fmt.Errorf("%s: a campaign has name, channel, audience {kind, criteriaId}, placement, title, body, button, discount and attributionHours",
			strings.TrimPrefix(err.Error(), "json: "))
	case errors.Is(err, io.EOF):
		return c, fmt.Errorf("empty: expected a campaign as JSON")
	case err != nil:
		return c, err
	}
	c.ID, c.State, c.Emailed, c.Skipped = 0, "", 0, 0
	return c, nil
}

// jsonKind names a Go kind as JSON calls it.
func jsonKind(kind string) string {
	switch {
	case kind == "string":
		return "a string"
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "a whole number"
	case strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "struct", kind == "map":
		return "an object"
	case kind == "bool":
		return "true or false"
	}
	return kind
}

func newCampaignStateCmd(e *env, verb string) *cobra.Command {
	short := "Start a campaign: from now on its messages are delivered (an email campaign sends now)"
	if verb == "stop" {
		short = "Stop a campaign: nothing more is delivered; clicks already made still credit purchases"
	}
	return &cobra.Command{
		Use:   verb + " NAME|ID",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: withProject(e, func(p *openedProject, _ *cobra.Command, args []string) error {
			c, err := findCampaign(e, p.Project, args[0])
			if err != nil {
				return err
			}
			was := c.State
			if verb == "start" {
				c, err = p.StartCampaign(c.ID)
			} else {
				c, err = p.StopCampaign(c.ID)
			}
			if err != nil {
				return inputProblems(e, args[0], err)
			}
			if was == c.State {
				fmt.Fprintf(e.stdout, "campaign %d %q is already %s\n", c.ID, c.Name, c.State)
				return nil
			}
			fmt.Fprintf(e.stdout, "campaign %d %q %s", c.ID, c.Name, map[string]string{"start": "started", "stop": "stopped"}[verb])
			if verb == "start" && c.Emailed+c.Skipped > 0 {
				fmt.Fprintf(e.stdout, ": %d emailed, %d skipped (placeholder or no address)", c.Emailed, c.Skipped)
			}
			fmt.Fprintln(e.stdout)
			return nil
		}),
	}
}

// previewJSON is what 'campaigns preview --json' prints.
type previewJSON struct {
	Campaign string   `json:"campaign"`
	Profile  uint64   `json:"profileId"`
	Title    string   `json:"title,omitempty"`
	Body     string   `json:"body"`
	Button   string   `json:"button,omitempty"`
	Missing  []string `json:"missing"`
	Eligible bool     `json:"eligible"`
	Why      string   `json:"why,omitempty"`
}

func newCampaignsPreviewCmd(e *env) *cobra.Command {
	var ref string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "preview NAME|ID --profile EMAIL|USERID|ID",
		Short: "Show a campaign's message personalised for one profile, and whether that profile would get it",
		Args:  cobra.ExactArgs(1),
		PreRunE: func(*cobra.Command, []string) error {
			if ref == "" {
				return usageError(e, "campaigns preview: say for whom: --profile EMAIL|USERID|ID")
			}
			return nil
		},
		RunE: withProject(e, func(p *openedProject, _ *cobra.Command, args []string) error {
			c, err := findCampaign(e, p.Project, args[0])
			if err != nil {
				return err
			}
			pr, err := findProfile(p.Project, ref)
			if errors.Is(err, engine.ErrNotFound) {
				fmt.Fprintf(e.stderr, "limen: no profile %q (give an email, a userId or a profile id)\n", ref)
				return exitError{code: 1}
			} else if err != nil {
				return err
			}
			pv, err := p.PreviewCampaign(c, pr.ID)
			if err != nil {
				return inputProblems(e, c.Name, err)
			}
			out := previewJSON{Campaign: c.Name, Profile: pr.ID, Title: pv.Title, Body: pv.Body, Button: pv.Button,
				Missing: nonNilSlice(pv.Missing), Eligible: pv.Eligible, Why: pv.Why}
			if asJSON {
				return writeJSON(e.stdout, out)
			}
			return writePreview(e.stdout, c, pr, out)
		}),
	}
	cmd.Flags().StringVar(&ref, "profile", "", "the profile: an email, a userId or a profile id")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func writePreview(w io.Writer, c engine.Campaign, pr engine.Profile, pv previewJSON) error {
	who := pr.Email
	if who == "" || pr.Placeholder {
		who = pr.UserID
	}
	fmt.Fprintf(w, "%s %q for %s profile %d (%s)\n", scenario.ChannelName(c.Channel), c.Name, pr.Kind, pr.ID, who)
	if pv.Title != "" {
		fmt.Fprintf(w, "  title   %s\n", pv.Title)
	}
	fmt.Fprintf(w, "  body    %s\n", pv.Body)
	if pv.Button != "" {
		fmt.Fprintf(w, "  button  %s\n", pv.Button)
	}
	for _, m := range pv.Missing {
		fmt.Fprintf(w, "  warning: %s is empty for this profile\n", m)
	}
	switch {
	case pv.Eligible && pv.Why != "":
		fmt.Fprintf(w, "would get it: %s\n", pv.Why)
	case pv.Eligible:
		fmt.Fprintln(w, "would get it (while the campaign runs)")
	default:
		fmt.Fprintf(w, "would not get it: %s\n", pv.Why)
	}
	return nil
}
