package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"limen/engine"
	"limen/engine/device"
	"limen/fixtures"
)

// MessageStats count the campaign messages visitors got as unknown or
// known users, and what they did with them.
type MessageStats struct {
	// Shown counts displays: in-app messages, embedded messages (at every
	// session start that fills their placement) and opened pushes.
	Shown int64 `json:"shown"`
	// Received counts push notifications received; Opened those opened
	// (each also counted in Shown).
	Received int64 `json:"received"`
	Opened   int64 `json:"opened"`
	Clicks   int64 `json:"clicks"`
	// Dismissed counts in-app messages closed without a click.
	Dismissed int64 `json:"dismissed"`
	// Purchases counts the purchases the project credits to a campaign:
	// sent to the visitor's profile within the attribution window after a
	// click of its own (see Stats.Funnel.Purchased); Revenue is their total.
	// The project's campaign figures (engine.CampaignStats) count the same,
	// except where two visitors log in as one known customer
	// (Settings.KnownProfiles): the project pools that person's clicks, so
	// it may credit one visitor's purchase to the other's click.
	Purchases int64   `json:"purchases"`
	Revenue   float64 `json:"revenue"`
}

func (m *messageCounters) snapshot() MessageStats {
	return MessageStats{Shown: m.shown.Load(), Received: m.received.Load(), Opened: m.opened.Load(),
		Clicks: m.clicks.Load(), Dismissed: m.dismissed.Load(), Purchases: m.credited.Load(),
		Revenue: float64(m.revenueCents.Load()) / 100}
}

// click is a profile's latest click on one campaign's message, with that
// campaign's attribution window.
type click struct {
	at     time.Time
	window time.Duration
}

// clicks mirrors, per campaign, the clicks the project holds for one
// profile of the visitor, so that the simulator knows which of its
// purchases the project credits: the project credits a purchase sent to a
// profile when one of its messages was clicked at or before it, within the
// campaign's attribution window.
type clicks map[uint64]click

// credits reports whether a purchase at t is credited to some campaign.
func (c clicks) credits(t time.Time) bool {
	for _, k := range c {
		if !k.at.After(t) && t.Sub(k.at) <= k.window {
			return true
		}
	}
	return false
}

// join adds src's clicks to c, keeping the latest click per campaign (what
// the project does when it merges one profile into another).
func (c clicks) join(src clicks) clicks {
	if len(src) == 0 {
		return c
	}
	if c == nil {
		c = clicks{}
	}
	for id, k := range src {
		if have, ok := c[id]; !ok || k.at.After(have.at) {
			c[id] = k
		}
	}
	return c
}

// offer is a purchase a click led to: the product viewed last, at the
// campaign's discount, bought at the session's next action.
type offer struct {
	product    fixtures.Product
	campaignID uint64
	discount   float64
}

// respond is the person's response to the messages a session start
// brought, drawn from the visitor's generator in the order the project sent
// them: each displayed message is clicked with probability
// Messages.Click, else an in-app message is closed; each push notification
// is opened with probability Messages.Open, and then clicked likewise.
func (v *visitor) respond(ctx context.Context, s *Sim, out device.Outcome) {
	for _, m := range out.Shown {
		if !v.react(ctx, s, m) {
			return
		}
	}
	for _, m := range out.Received {
		if v.rng.Float64() >= v.cp.Messages.Open {
			continue
		}
		o, err := v.dev.OpenMessage(ctx, m.CampaignID)
		s.account(v, false, o, err)
		if err != nil {
			return
		}
		s.st.messages.opened.Add(1)
		if !v.react(ctx, s, m) {
			return
		}
	}
}

// react clicks a displayed message (or closes an in-app one); a click may
// lead to buying the product viewed last at the next action. It reports
// whether the device calls went through.
func (v *visitor) react(ctx context.Context, s *Sim, m device.Message) bool {
	if v.rng.Float64() >= v.cp.Messages.Click {
		if m.Channel != device.ChannelInApp {
			return true // an embedded message stays; an opened push is read
		}
		o, err := v.dev.DismissMessage(ctx, m.CampaignID)
		s.account(v, false, o, err)
		if err == nil {
			s.st.messages.dismissed.Add(1)
		}
		return err == nil
	}
	o, err := v.dev.ClickMessage(ctx, m.CampaignID)
	s.account(v, false, o, err)
	if err != nil {
		return false
	}
	s.emit(v, EventClicked, "", fmt.Sprintf("%s %q", channelWord(m.Channel), m.Campaign))
	if v.rng.Float64() < v.cp.Messages.Buy && v.offer == nil && v.lastViewed != nil {
		v.offer = &offer{product: *v.lastViewed, campaignID: m.CampaignID, discount: m.Discount}
	}
	return true
}

// clicked records a click of the current profile (account calls it).
func (s *Sim) clicked(v *visitor, campaignID uint64) {
	k := click{at: v.at, window: s.attributionWindow(campaignID)}
	switch v.mode {
	case device.Unknown:
		v.unknownClicks = v.unknownClicks.join(clicks{campaignID: k})
	case device.Known:
		v.knownClicks = v.knownClicks.join(clicks{campaignID: k})
	}
}

// attributionWindow is a campaign's attribution window as the project has
// it now.
func (s *Sim) attributionWindow(campaignID uint64) time.Duration {
	c, err := s.p.Campaign(campaignID)
	if err != nil {
		return engine.DefaultAttributionHours * time.Hour
	}
	return c.Window()
}

// identifiedClicks moves the mirrored clicks the way the project moves the
// messages when an unknown user identifies: a converted profile keeps
// them, a merged one hands them to the known profile, an abandoned one
// keeps them out of reach.
func (v *visitor) identifiedClicks(outcome string) {
	switch outcome {
	case device.OutcomeConverted, device.OutcomeMerged:
		v.knownClicks = v.knownClicks.join(v.unknownClicks)
	}
	v.unknownClicks = nil
}

// buyOffer buys the product a click led to, at the campaign's discount
// (to the cent).
func (v *visitor) buyOffer(ctx context.Context, s *Sim, o *offer) {
	price := math.Round(o.product.Price*(100-o.discount)) / 100
	item := device.Item{ID: o.product.ID, Name: o.product.Name, Price: price, Quantity: 1, Categories: o.product.Categories}
	out, err := v.purchase(ctx, s, []device.Item{item}, price,
		map[string]any{"items": 1, "campaignId": o.campaignID, "discount": o.discount})
	s.account(v, true, out, err)
}

// purchase tracks a purchase and counts it, and counts it as credited when
// the project credits it to a campaign.
func (v *visitor) purchase(ctx context.Context, s *Sim, items []device.Item, total float64, fields map[string]any) (device.Outcome, error) {
	out, err := v.dev.TrackPurchase(ctx, items, total, fields)
	if err != nil {
		return out, err
	}
	if out.Stored || out.Sent {
		s.st.purchases.Add(1)
	}
	if !out.Sent {
		return out, nil
	}
	mirror := v.unknownClicks
	if v.mode == device.Known {
		mirror = v.knownClicks
	}
	if mirror.credits(v.at) {
		c := &s.st
		c.messages.credited.Add(1)
		c.messages.revenueCents.Add(int64(math.Round(total * 100)))
		c.reach(v, stagePurchased)
		s.emit(v, EventCredited, "", fmt.Sprintf("purchase of %.2f credited to a campaign", total))
	}
	return out, nil
}

// DefaultCampaignName names the campaign `limen sim` starts on a fresh
// project.
const DefaultCampaignName = "10% off what you viewed"

// DefaultCampaign is the campaign a fresh simulated project runs: an
// in-app message to unknown users, 10 % off the product they viewed last.
func DefaultCampaign() engine.Campaign {
	return engine.Campaign{Name: DefaultCampaignName, Channel: device.ChannelInApp,
		Audience: engine.Audience{Kind: engine.AudienceUnknown}, Discount: 10,
		Title:  "Still thinking about the {{last.viewedProduct.name}}?",
		Body:   "{{discount}}% off today: {{discounted last.viewedProduct.price}}",
		Button: "Shop now"}
}

// StartDefaultCampaign starts the project's campaign named
// DefaultCampaignName, saving DefaultCampaign first when there is none.
func StartDefaultCampaign(p *engine.Project) (engine.Campaign, error) {
	c, err := p.CampaignByName(DefaultCampaignName)
	if errors.Is(err, engine.ErrNotFound) {
		c, err = p.SaveCampaign(DefaultCampaign())
	}
	if err != nil {
		return c, fmt.Errorf("sim: campaign %q: %w", DefaultCampaignName, err)
	}
	return p.StartCampaign(c.ID)
}

// channelWord names a channel in the log.
func channelWord(channel string) string {
	switch channel {
	case device.ChannelInApp:
		return "in-app"
	case device.ChannelEmbedded:
		return "embedded"
	}
	return channel
}
