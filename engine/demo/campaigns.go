package demo

import (
	"context"
	"fmt"

	"limen/engine"
	"limen/engine/device"
)

// Campaigns are the demo's running campaigns, started before the
// generated visitors arrive so the Messages tab opens on live figures.
// "10% off what you viewed" is not among them: creating it is the demo.
func Campaigns() []engine.Campaign {
	return []engine.Campaign{{
		Name: "Gift ideas on the home page", Channel: device.ChannelEmbedded, Placement: "home",
		Audience: engine.Audience{Kind: engine.AudienceCriteria, CriteriaID: "102"},
		Title:    "Wrapped for free this week",
		Body:     "{{#if last.viewedProduct}}The {{last.viewedProduct.name}} and other gifts{{else}}Every gift{{/if}} ship wrapped, free.",
		Button:   "See gift ideas", AttributionHours: 72,
	}}
}

// campaigns saves and starts the demo's campaigns.
func (g *generator) campaigns() error {
	for _, c := range Campaigns() {
		saved, err := g.p.SaveCampaign(c)
		if err != nil {
			return fmt.Errorf("demo campaign %q: %w", c.Name, err)
		}
		if _, err := g.p.StartCampaign(saved.ID); err != nil {
			return fmt.Errorf("demo campaign %q: %w", c.Name, err)
		}
	}
	return nil
}

// respond is a visitor's answer to what a session start showed: now and
// then a click (a purchase later, within the window, is credited).
func (g *generator) respond(ctx context.Context, d *device.Device, out device.Outcome, step func(device.Outcome, error) error) error {
	for _, m := range out.Shown {
		if g.rng.IntN(3) > 0 {
			continue
		}
		if err := step(d.ClickMessage(ctx, m.CampaignID)); err != nil {
			return err
		}
	}
	return nil
}
