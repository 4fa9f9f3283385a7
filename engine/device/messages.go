package device

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Channels a campaign sends on.
const (
	ChannelInApp    = "inApp"    // fetched at the next session, shown once
	ChannelEmbedded = "embedded" // fills a named placement while eligible
	ChannelPush     = "push"     // mobile devices that allow notifications only
	ChannelEmail    = "email"    // real addresses only; never through a device
)

// Message actions a device records.
const (
	ActionShown     = "shown"     // displayed (in-app, embedded) or opened (push)
	ActionClicked   = "clicked"   // its button or link was followed
	ActionDismissed = "dismissed" // closed without clicking
)

// DefaultPlacements are the embedded placements a device's app renders when
// its Config names none.
func DefaultPlacements() []string { return []string{"home", "product", "cart"} }

// Message is one campaign's message to the device's person, personalised for
// them when it was first delivered.
type Message struct {
	CampaignID uint64 `json:"campaignId"`
	Campaign   string `json:"campaign"` // the campaign's name
	Channel    string `json:"channel"`
	Placement  string `json:"placement,omitempty"` // embedded only
	Title      string `json:"title,omitempty"`
	Body       string `json:"body"`
	Button     string `json:"button,omitempty"`
	// Discount is the campaign's offer in percent (0: none).
	Discount float64 `json:"discount,omitempty"`
	// Shown: displayed on this device in this session (push: opened).
	Shown bool `json:"shown,omitempty"`
}

// MessageRequest asks for the messages of the device's person at a session
// start. The project answers for the identity, the channels the device can
// take (push only on a mobile device that allows notifications) and the
// placements its app renders.
type MessageRequest struct {
	DeviceID   string
	Platform   string
	PushOptIn  bool
	Who        Identity
	Placements []string
	At         time.Time
}

// MessageAction is something the person did with a message.
type MessageAction struct {
	DeviceID   string
	Who        Identity
	CampaignID uint64
	Action     string // ActionShown, ActionClicked or ActionDismissed
	At         time.Time
}

// Tracked is what storing events did besides storing them.
type Tracked struct {
	// Credited are the purchases credited to a campaign: made within its
	// attribution window after a click on its message.
	Credited []Credit `json:"credited,omitempty"`
}

// Credit is one purchase credited to a campaign.
type Credit struct {
	EventID    string  `json:"eventId"`
	CampaignID uint64  `json:"campaignId"`
	Campaign   string  `json:"campaign"`
	Revenue    float64 `json:"revenue"`
}

// ErrNoMessage is returned when a device is asked to act on a message it
// does not hold.
var ErrNoMessage = errors.New("no such message on this device")

// IsMobile reports whether a platform can receive push notifications.
func IsMobile(platform string) bool { return platform == "ios" || platform == "android" }

// Messages returns copies of the messages the device holds: the in-app
// message on screen, the embedded messages in their placements and the push
// notifications received.
func (d *Device) Messages() []Message {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.st.Inbox)
}

// syncMessages is the messages part of a session start for an identified
// device: it fetches the person's messages, shows the first in-app message
// and the embedded ones (recording each display), and keeps the push
// notifications. A failed fetch keeps nothing and is only a note: messages
// never stop a session.
func (d *Device) syncMessages(ctx context.Context, out *Outcome) {
	// Push notifications stay until opened or dismissed (they are in the
	// phone's notification tray); in-app and embedded messages are fetched
	// again.
	var kept []Message
	for _, m := range d.st.Inbox {
		if m.Channel == ChannelPush {
			kept = append(kept, m)
		}
	}
	d.st.Inbox = kept
	if d.st.Mode == Visitor || d.st.Who.IsZero() {
		return
	}
	placements := d.cfg.Placements
	if placements == nil {
		placements = DefaultPlacements()
	}
	now := d.now()
	msgs, err := d.cfg.Backend.FetchMessages(ctx, MessageRequest{
		DeviceID: d.cfg.ID, Platform: d.cfg.Platform, PushOptIn: d.cfg.PushOptIn && IsMobile(d.cfg.Platform),
		Who: d.st.Who, Placements: placements, At: now,
	})
	if err != nil {
		d.cfg.Logger.Warn("message fetch failed", "device", d.cfg.ID, "err", err)
		out.Notes = append(out.Notes, "message fetch failed: "+err.Error())
		return
	}
	inApp := false
	for _, m := range msgs {
		switch m.Channel {
		case ChannelInApp:
			if inApp {
				continue // one in-app message per session; the rest wait
			}
			inApp = true
		case ChannelEmbedded:
		case ChannelPush:
			m.Shown = false
			d.st.Inbox = append(d.st.Inbox, m)
			out.Received = append(out.Received, m)
			continue
		default:
			continue
		}
		if err := d.recordAction(ctx, m.CampaignID, ActionShown, now); err != nil {
			out.Notes = append(out.Notes, fmt.Sprintf("could not record %q as shown: %v", m.Campaign, err))
			continue
		}
		m.Shown = true
		d.st.Inbox = append(d.st.Inbox, m)
		out.Shown = append(out.Shown, m)
	}
}

func (d *Device) recordAction(ctx context.Context, campaignID uint64, action string, at time.Time) error {
	return d.cfg.Backend.RecordMessage(ctx, MessageAction{DeviceID: d.cfg.ID, Who: d.st.Who, CampaignID: campaignID, Action: action, At: at})
}

// OpenMessage opens a push notification the device received: it is shown.
func (d *Device) OpenMessage(ctx context.Context, campaignID uint64) (Outcome, error) {
	return d.act(ctx, campaignID, ActionShown)
}

// ClickMessage follows a message's button or link. A push notification is
// opened by the click. An in-app message closes; an embedded one stays in
// its placement. A purchase within the campaign's attribution window is
// credited to it.
func (d *Device) ClickMessage(ctx context.Context, campaignID uint64) (Outcome, error) {
	return d.act(ctx, campaignID, ActionClicked)
}

// DismissMessage closes a message without clicking it.
func (d *Device) DismissMessage(ctx context.Context, campaignID uint64) (Outcome, error) {
	return d.act(ctx, campaignID, ActionDismissed)
}

func (d *Device) act(ctx context.Context, campaignID uint64, action string) (Outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out Outcome
	if err := d.resume(ctx, &out); err != nil {
		return out, err
	}
	i := slices.IndexFunc(d.st.Inbox, func(m Message) bool { return m.CampaignID == campaignID })
	if i < 0 {
		return out, fmt.Errorf("%w: campaign %d has no message here", ErrNoMessage, campaignID)
	}
	m := d.st.Inbox[i]
	if action == ActionShown && m.Shown {
		return out, nil // already open
	}
	now := d.now()
	before, beforeEvents := d.st, d.events
	d.st.Inbox = slices.Clone(d.st.Inbox)
	if !m.Shown && action != ActionDismissed {
		if err := d.recordAction(ctx, campaignID, ActionShown, now); err != nil {
			return out, err
		}
		m.Shown = true
		out.Shown = append(out.Shown, m)
	}
	if action != ActionShown {
		if err := d.recordAction(ctx, campaignID, action, now); err != nil {
			return out, err
		}
	}
	d.st.Inbox[i] = m
	if action == ActionDismissed || (action == ActionClicked && m.Channel != ChannelEmbedded) {
		d.st.Inbox = slices.Delete(d.st.Inbox, i, i+1)
	}
	if action == ActionClicked {
		out.Clicked = &m
	}
	return out, d.commit(ctx, before, beforeEvents, Change{})
}
