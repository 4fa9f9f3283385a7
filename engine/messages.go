package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"limen/engine/device"
	"limen/storage"
)

// Message is one campaign's message to one profile: what was delivered
// (personalised when first delivered) and what the person did with it.
type Message struct {
	CampaignID uint64 `json:"campaignId"`
	ProfileID  uint64 `json:"profileId"`
	Channel    string `json:"channel"`
	Placement  string `json:"placement,omitempty"`
	Title      string `json:"title,omitempty"`
	Body       string `json:"body"`
	Button     string `json:"button,omitempty"`
	// DeviceID is the device it was first delivered to ("" for email);
	// Email the address an email went to.
	DeviceID    string    `json:"deviceId,omitempty"`
	Email       string    `json:"email,omitempty"`
	DeliveredAt time.Time `json:"deliveredAt"`
	// Shows counts displays (an embedded message is shown every session it
	// fills its placement; an in-app message once); ShownAt is the first.
	Shows   int       `json:"shows,omitempty"`
	ShownAt time.Time `json:"shownAt,omitzero"`
	// Clicks counts clicks; ClickedAt is the latest, which opens the
	// attribution window.
	Clicks      int       `json:"clicks,omitempty"`
	ClickedAt   time.Time `json:"clickedAt,omitzero"`
	DismissedAt time.Time `json:"dismissedAt,omitzero"`
	// Purchases credited to the campaign, their revenue, the first one's
	// time and the latest one's event id.
	Purchases    int       `json:"purchases,omitempty"`
	Revenue      float64   `json:"revenue,omitempty"`
	ConvertedAt  time.Time `json:"convertedAt,omitzero"`
	LastPurchase string    `json:"lastPurchase,omitempty"`
	// MergedFrom is the unknown profile the message was delivered to, when
	// that profile was merged into this one.
	MergedFrom uint64 `json:"mergedFrom,omitempty"`
}

// inAudience reports whether a profile is in a campaign's audience.
func inAudience(c *Campaign, sp *storedProfile) bool {
	switch c.Audience.Kind {
	case AudienceUnknown:
		return sp.Kind == KindUnknown
	case AudienceKnown:
		return sp.Kind == KindKnown
	case AudienceCriteria:
		return sp.MatchedCriteriaID == c.Audience.CriteriaID
	}
	return false
}

// emailable reports whether a profile has an address email may go to:
// a real one (placeholders are never emailed; userId-only profiles have none).
func emailable(sp *storedProfile) bool { return sp.Email != "" && !sp.Placeholder }

func loadMessage(txn *storage.Txn, campaignID, profileID uint64) (*Message, error) {
	var m Message
	err := getJSON(txn, storage.MessageKey(campaignID, profileID), &m)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

func writeMessage(txn *storage.Txn, m *Message) error {
	if err := putJSON(txn, storage.MessageKey(m.CampaignID, m.ProfileID), m); err != nil {
		return err
	}
	return txn.Set(storage.ProfileMessageKey(m.ProfileID, m.CampaignID), nil)
}

func deleteMessage(txn *storage.Txn, campaignID, profileID uint64) error {
	if err := txn.Delete(storage.MessageKey(campaignID, profileID)); err != nil {
		return err
	}
	return txn.Delete(storage.ProfileMessageKey(profileID, campaignID))
}

// profileMessages lists a profile's messages in campaign order.
func profileMessages(txn *storage.Txn, profileID uint64) ([]Message, error) {
	var out []Message
	err := txn.Iterate(storage.ProfileMessagePrefix(profileID), storage.IterOptions{KeysOnly: true}, func(key, _ []byte) error {
		_, cid, err := storage.ParseProfileMessageKey(key)
		if err != nil {
			return err
		}
		m, err := loadMessage(txn, cid, profileID)
		if err != nil || m == nil {
			return err
		}
		out = append(out, *m)
		return nil
	})
	return out, err
}

// ProfileMessages lists the messages a profile received, newest first.
func (p *Project) ProfileMessages(profileID uint64) ([]Message, error) {
	var out []Message
	err := p.db.View(func(txn *storage.Txn) error {
		var err error
		out, err = profileMessages(txn, profileID)
		return err
	})
	slices.SortStableFunc(out, func(a, b Message) int { return b.DeliveredAt.Compare(a.DeliveredAt) })
	return out, err
}

// FetchMessages delivers the running campaigns' messages to a device for
// its identity (device.Backend). Per channel: an in-app message is
// delivered until it is shown or dismissed (and keeps following its person
// when they leave the audience after delivery); an embedded message fills
// a placement the device renders while its profile is in the audience,
// re-personalised every time; a push notification goes once, and only to a
// mobile device that allows notifications; email never goes through a
// device. Newest campaigns come first.
func (p *Project) FetchMessages(ctx context.Context, req device.MessageRequest) ([]device.Message, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	all, err := p.cachedCampaigns()
	if err != nil {
		return nil, err
	}
	var campaigns []*Campaign // running, newest first
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].State == CampaignRunning {
			campaigns = append(campaigns, &all[i])
		}
	}
	if len(campaigns) == 0 {
		return nil, nil
	}
	unlock := p.lockProfileWrites(req.Who)
	defer unlock()
	var out []device.Message
	err = p.update(func(w *writeTxn) error {
		out = nil
		sp, err := w.findByIdentity(req.Who)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("%w: %w", device.ErrIdentityGone, err)
		}
		if err != nil {
			return err
		}
		r := &renderer{txn: w.txn, sp: sp}
		at := req.At.UTC()
		if at.IsZero() {
			at = w.at
		}
		for _, c := range campaigns {
			m, err := w.deliver(r, c, req, at)
			if err != nil {
				return fmt.Errorf("campaign %q: %w", c.Name, err)
			}
			if m != nil {
				out = append(out, device.Message{
					CampaignID: c.ID, Campaign: c.Name, Channel: c.Channel, Placement: c.Placement,
					Title: m.Title, Body: m.Body, Button: m.Button, Discount: c.Discount,
				})
			}
		}
		return nil
	})
	return out, err
}

// deliver decides whether c's message goes to the device now, and stores
// it; nil when it does not go.
func (w *writeTxn) deliver(r *renderer, c *Campaign, req device.MessageRequest, at time.Time) (*Message, error) {
	m, err := loadMessage(w.txn, c.ID, r.sp.ID)
	if err != nil {
		return nil, err
	}
	in := inAudience(c, r.sp)
	switch c.Channel {
	case device.ChannelInApp:
		if m != nil {
			if m.Shows > 0 || !m.DismissedAt.IsZero() {
				return nil, nil // shown once
			}
			return m, nil
		}
		if !in {
			return nil, nil
		}
	case device.ChannelEmbedded:
		if !in || !slices.Contains(req.Placements, c.Placement) {
			return nil, nil
		}
		if m != nil {
			out, err := r.render(c)
			if err != nil {
				return nil, err
			}
			m.Title, m.Body, m.Button = out.Title, out.Body, out.Button
			return m, writeMessage(w.txn, m)
		}
	case device.ChannelPush:
		if m != nil || !in || !req.PushOptIn || !device.IsMobile(req.Platform) {
			return nil, nil
		}
	default:
		return nil, nil
	}
	m, err = r.newMessage(c, req.DeviceID, at)
	if err != nil {
		return nil, err
	}
	return m, writeMessage(w.txn, m)
}

// RecordMessage records a display, click or dismissal (device.Backend). An
// in-app message is shown once: a second display records nothing. A click
// implies a display, and opens the campaign's attribution window.
func (p *Project) RecordMessage(ctx context.Context, a device.MessageAction) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	switch a.Action {
	case device.ActionShown, device.ActionClicked, device.ActionDismissed:
	default:
		return invalid("action", a.Action, "must be %q, %q or %q", device.ActionShown, device.ActionClicked, device.ActionDismissed)
	}
	unlock := p.lockProfileWrites(a.Who)
	defer unlock()
	return p.update(func(w *writeTxn) error {
		sp, err := w.findByIdentity(a.Who)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("%w: %w", device.ErrIdentityGone, err)
		}
		if err != nil {
			return err
		}
		m, err := loadMessage(w.txn, a.CampaignID, sp.ID)
		if err != nil {
			return err
		}
		if m == nil {
			return notFound("profile %d has no message from campaign %d", sp.ID, a.CampaignID)
		}
		at := a.At.UTC()
		if at.IsZero() {
			at = w.at
		}
		switch a.Action {
		case device.ActionShown:
			if m.Channel == device.ChannelInApp && m.Shows > 0 {
				return nil
			}
			m.Shows++
			if m.ShownAt.IsZero() {
				m.ShownAt = at
			}
		case device.ActionClicked:
			if m.Shows == 0 {
				m.Shows, m.ShownAt = 1, at
			}
			m.Clicks++
			m.ClickedAt = laterOf(m.ClickedAt, at)
		case device.ActionDismissed:
			m.DismissedAt = at
		}
		return writeMessage(w.txn, m)
	})
}

// attribute credits the purchases this transaction stored on sp to the
// campaign whose message sp clicked last before each purchase, within that
// campaign's attribution window (last click wins).
func (w *writeTxn) attribute(sp *storedProfile) ([]device.Credit, error) {
	if len(w.purchases) == 0 {
		return nil, nil
	}
	msgs, err := profileMessages(w.txn, sp.ID)
	if err != nil || len(msgs) == 0 {
		return nil, err
	}
	var credits []device.Credit
	campaigns := map[uint64]*Campaign{}
	for _, ev := range w.purchases {
		best := -1
		for i := range msgs {
			m := &msgs[i]
			if m.Clicks == 0 || m.ClickedAt.After(ev.CreatedAt) {
				continue
			}
			c, ok := campaigns[m.CampaignID]
			if !ok {
				if c, err = loadCampaign(w.txn, m.CampaignID); err != nil {
					return nil, err
				}
				campaigns[m.CampaignID] = c
			}
			if ev.CreatedAt.Sub(m.ClickedAt) > c.Window() {
				continue
			}
			if best < 0 || m.ClickedAt.After(msgs[best].ClickedAt) {
				best = i
			}
		}
		if best < 0 {
			continue
		}
		m := &msgs[best]
		revenue := purchaseTotal(ev.Total)
		m.Purchases++
		m.Revenue += revenue
		if m.ConvertedAt.IsZero() {
			m.ConvertedAt = ev.CreatedAt
		}
		m.LastPurchase = ev.ID
		if err := writeMessage(w.txn, m); err != nil {
			return nil, err
		}
		credits = append(credits, device.Credit{EventID: ev.ID, CampaignID: m.CampaignID, Campaign: campaigns[m.CampaignID].Name, Revenue: revenue})
	}
	return credits, nil
}

// purchaseTotal reads a purchase total stored as a number or (Swift) a string.
func purchaseTotal(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case json.Number:
		f, _ := x.Float64()
		return f
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return 0
}
