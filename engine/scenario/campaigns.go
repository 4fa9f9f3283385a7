package scenario

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"limen/engine"
	"limen/engine/device"
)

// Campaigns plays a scenario's campaign steps on a project and remembers
// the campaigns they created under their scenario names. The runner keeps
// one per run; a console that plays steps itself keeps its own and plays
// its device steps with PlayDevice, so that it narrates as the runner does.
type Campaigns struct {
	p     *engine.Project
	ids   map[string]uint64
	order []string // names, in the order created
}

// NewCampaigns starts a run's campaigns on p.
func NewCampaigns(p *engine.Project) *Campaigns {
	return &Campaigns{p: p, ids: map[string]uint64{}}
}

// Apply plays a campaign step (create, start or stop) and says what it did.
// The project's refusals (an unknown criteria set, a name a start step does
// not know because its create was refused) are errors.
func (c *Campaigns) Apply(st Step) (string, error) {
	if st.Do != "campaign" {
		return "", fmt.Errorf("step %q is not a campaign step", st.Do)
	}
	if st.Action == "create" {
		return c.create(st)
	}
	id, ok := c.ids[st.Campaign]
	if !ok {
		return fmt.Sprintf("%s campaign %q", st.Action, st.Campaign),
			fmt.Errorf("campaign %q was not created (its create step was refused)", st.Campaign)
	}
	switch st.Action {
	case "start":
		cp, err := c.p.StartCampaign(id)
		if err != nil {
			return fmt.Sprintf("start campaign %q", st.Campaign), err
		}
		return fmt.Sprintf("campaign %q started%s", st.Campaign, emailed(cp)), nil
	case "stop":
		if _, err := c.p.StopCampaign(id); err != nil {
			return fmt.Sprintf("stop campaign %q", st.Campaign), err
		}
		s := fmt.Sprintf("campaign %q stopped", st.Campaign)
		if all, err := c.p.AllCampaignStats(); err == nil {
			s += ": " + Figures(all[id])
		}
		return s, nil
	}
	return "", fmt.Errorf("unknown campaign action %q", st.Action)
}

func (c *Campaigns) create(st Step) (string, error) {
	if st.Spec == nil {
		return "", fmt.Errorf("campaign %q: the step has no campaign to create", st.Campaign)
	}
	spec := *st.Spec
	spec.ID, spec.Name = 0, st.Campaign
	text := fmt.Sprintf("create campaign %q", st.Campaign)
	// A project that already has a campaign of this name (the console
	// playing a story the demo ran while seeding) gets it changed to the
	// step's, rather than a second campaign of the same name.
	reused := ""
	if old, err := c.p.CampaignByName(st.Campaign); err == nil {
		spec.ID, reused = old.ID, " (the project had it: changed to this step's)"
	}
	cp, err := c.p.SaveCampaign(spec)
	if err != nil {
		return text, err
	}
	if _, dup := c.ids[st.Campaign]; !dup {
		c.order = append(c.order, st.Campaign)
	}
	c.ids[st.Campaign] = cp.ID
	where := ""
	if cp.Channel == device.ChannelEmbedded {
		where = " in " + cp.Placement
	}
	text = fmt.Sprintf("campaign %q created (%s%s to %s", st.Campaign, ChannelName(cp.Channel), where, AudienceText(cp.Audience))
	if cp.Discount > 0 {
		text += ", " + strconv.FormatFloat(cp.Discount, 'f', -1, 64) + "% off"
	}
	text += ")" + reused
	if !st.Start {
		return text + " as a draft", nil
	}
	if cp, err = c.p.StartCampaign(cp.ID); err != nil {
		return text, fmt.Errorf("start: %w", err)
	}
	return text + " and started" + emailed(cp), nil
}

// AudienceText says who a campaign's audience is: unknown users, known
// users, profiles activated by criteria 101.
func AudienceText(a engine.Audience) string {
	if a.Kind == engine.AudienceCriteria {
		return "profiles activated by criteria " + a.CriteriaID
	}
	return a.String()
}

// emailed says what an email campaign's start sent.
func emailed(c engine.Campaign) string {
	if c.Channel != device.ChannelEmail {
		return ""
	}
	return fmt.Sprintf(": %d emailed, %d skipped (placeholder or no address)", c.Emailed, c.Skipped)
}

// PlayDevice plays a device step as the runner does: Apply, then Narrate
// (which says which campaign a purchase was credited to).
func (c *Campaigns) PlayDevice(ctx context.Context, d *device.Device, st Step, names map[string]string) (device.Outcome, string, error) {
	prev, _ := d.Snapshot()
	out, err := Apply(ctx, d, st)
	after, _ := d.Snapshot()
	return out, Narrate(st, out, prev, after, names), err
}

// CampaignReport is one campaign a scenario created, with its figures at
// the end of the run.
type CampaignReport struct {
	Name      string          `json:"name"`
	Channel   string          `json:"channel"`
	Audience  engine.Audience `json:"audience"`
	Placement string          `json:"placement,omitempty"`
	Discount  float64         `json:"discount,omitempty"`
	State     string          `json:"state"`
	engine.CampaignStats
}

// Report lists the campaigns the run created, in the order created.
func (c *Campaigns) Report() ([]CampaignReport, error) {
	if len(c.order) == 0 {
		return nil, nil
	}
	all, err := c.p.AllCampaignStats()
	if err != nil {
		return nil, err
	}
	out := make([]CampaignReport, 0, len(c.order))
	for _, name := range c.order {
		cp, err := c.p.Campaign(c.ids[name])
		if err != nil {
			return nil, fmt.Errorf("campaign %q: %w", name, err)
		}
		out = append(out, CampaignReport{Name: name, Channel: cp.Channel, Audience: cp.Audience, Placement: cp.Placement,
			Discount: cp.Discount, State: cp.State, CampaignStats: all[cp.ID]})
	}
	return out, nil
}

// Figures says a campaign's figures in one line.
func Figures(s engine.CampaignStats) string {
	return fmt.Sprintf("%d delivered, %d shown, %d clicked, %d dismissed, %d converted, revenue %s",
		s.Delivered, s.Shown, s.Clicked, s.Dismissed, s.Converted, Money(s.Revenue))
}

// Money writes an amount with two decimals and thousands separators
// (1,169.10), as the templates' {{money}} does.
func Money(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 && s != "0.00" {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + "." + frac
}
