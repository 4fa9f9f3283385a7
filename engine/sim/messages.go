package sim

import (
	"context"
	"errors"
	"fmt"
	"math"

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
	// Purchases counts the visitors' purchases the project credited to a
	// campaign (its answer to each purchase: made within the attribution
	// window after a click on the person's message); Revenue is their
	// total. They are the project's campaign figures (engine.CampaignStats)
	// for the campaigns the simulation ran alone.
	Purchases int64   `json:"purchases"`
	Revenue   float64 `json:"revenue"`
}

func (m *messageCounters) snapshot() MessageStats {
	return MessageStats{Shown: m.shown.Load(), Received: m.received.Load(), Opened: m.opened.Load(),
		Clicks: m.clicks.Load(), Dismissed: m.dismissed.Load(), Purchases: m.credited.Load(),
		Revenue: float64(m.revenueCents.Load()) / 100}
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
	for _, c := range out.Credited {
		s.st.messages.credited.Add(1)
		s.st.messages.revenueCents.Add(int64(math.Round(c.Revenue * 100)))
		s.st.reach(v, stagePurchased)
		s.emit(v, EventCredited, "", fmt.Sprintf("purchase of %.2f credited to %q", c.Revenue, c.Campaign))
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
