package engine

import (
	"encoding/json"
	"slices"
	"time"

	"limen/engine/content"
	"limen/storage"
)

// renderer personalises messages for one profile, reading its newest
// events once.
type renderer struct {
	txn    *storage.Txn
	sp     *storedProfile
	events []content.Event
	read   bool
}

// messageEvents is how many of a profile's newest events personalisation
// reads ({{last.viewedProduct.name}} looks among them).
const messageEvents = 200

func (r *renderer) data(c *Campaign) (content.Data, error) {
	if !r.read {
		r.read = true
		err := r.txn.Iterate(storage.EventPrefix(r.sp.ID), storage.IterOptions{Reverse: true}, func(_, val []byte) error {
			var ev StoredEvent
			if err := json.Unmarshal(val, &ev); err != nil {
				return err
			}
			r.events = append(r.events, contentEvent(ev))
			if len(r.events) == messageEvents {
				return storage.ErrStop
			}
			return nil
		})
		if err != nil {
			return content.Data{}, err
		}
	}
	return content.Data{Fields: r.fields(), Events: r.events, Discount: c.Discount}, nil
}

// fields are the profile's data fields plus its email and userId, as
// templates see them ({{email}}, {{firstName}}).
func (r *renderer) fields() map[string]any {
	f := make(map[string]any, len(r.sp.DataFields)+2)
	for k, v := range r.sp.DataFields {
		f[k] = v
	}
	if _, has := f["email"]; !has && r.sp.Email != "" {
		f["email"] = r.sp.Email
	}
	if _, has := f["userId"]; !has && r.sp.UserID != "" {
		f["userId"] = r.sp.UserID
	}
	return f
}

// contentEvent is a stored event as templates see it.
func contentEvent(ev StoredEvent) content.Event {
	fields := make(map[string]any, len(ev.DataFields)+2)
	for k, v := range ev.DataFields {
		fields[k] = v
	}
	name := ev.EventName
	switch ev.Type {
	case EventPurchase, EventCartUpdate:
		name = ev.Type
		if ev.Items != nil {
			fields["items"] = ev.Items
		}
		if ev.Total != nil {
			fields["total"] = ev.Total
		}
	}
	return content.Event{Name: name, Fields: fields}
}

// Rendered is a campaign's message personalised for one profile.
type Rendered struct {
	Title  string `json:"title,omitempty"`
	Body   string `json:"body"`
	Button string `json:"button,omitempty"`
	// Missing lists the template paths that were empty for the profile.
	Missing []string `json:"missing,omitempty"`
}

// render personalises c for the renderer's profile.
func (r *renderer) render(c *Campaign) (Rendered, error) {
	t, err := c.templates()
	if err != nil {
		return Rendered{}, err
	}
	d, err := r.data(c)
	if err != nil {
		return Rendered{}, err
	}
	var out Rendered
	for _, f := range []struct {
		tpl  *content.Template
		into *string
	}{{t.title, &out.Title}, {t.body, &out.Body}, {t.button, &out.Button}} {
		text, missing := f.tpl.Render(d)
		*f.into = text
		for _, m := range missing {
			if !slices.Contains(out.Missing, m) {
				out.Missing = append(out.Missing, m)
			}
		}
	}
	return out, nil
}

func (r *renderer) newMessage(c *Campaign, deviceID string, at time.Time) (*Message, error) {
	out, err := r.render(c)
	if err != nil {
		return nil, err
	}
	return &Message{
		CampaignID: c.ID, ProfileID: r.sp.ID, Channel: c.Channel, Placement: c.Placement,
		Title: out.Title, Body: out.Body, Button: out.Button, DeviceID: deviceID, DeliveredAt: at,
	}, nil
}
