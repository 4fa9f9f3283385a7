package engine

import (
	"encoding/json"
	"errors"
	"time"

	"limen/storage"
)

// moveMessages hands src's messages to dst when src is merged into it, so
// that messages follow the person: what was shown stays shown (an in-app
// message is not shown again), clicks keep their attribution window. When
// both had a message from one campaign, they become one: counts add up,
// the earliest delivery and display and the latest click are kept.
func (w *writeTxn) moveMessages(src, dst *storedProfile) error {
	msgs, err := profileMessages(w.txn, src.ID)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if err := deleteMessage(w.txn, m.CampaignID, src.ID); err != nil {
			return err
		}
		have, err := loadMessage(w.txn, m.CampaignID, dst.ID)
		if err != nil {
			return err
		}
		moved := m
		moved.ProfileID, moved.MergedFrom = dst.ID, src.ID
		if have != nil {
			moved = combineMessages(*have, moved)
		}
		if err := writeMessage(w.txn, &moved); err != nil {
			return err
		}
	}
	return nil
}

// combineMessages joins two messages of one campaign to one person; the
// text of the one delivered first is kept.
func combineMessages(a, b Message) Message {
	if b.DeliveredAt.Before(a.DeliveredAt) {
		a, b = b, a
	}
	out := a
	out.ProfileID = a.ProfileID
	if b.MergedFrom != 0 {
		out.MergedFrom = b.MergedFrom
	}
	out.Shows += b.Shows
	out.ShownAt = earliest(a.ShownAt, b.ShownAt)
	out.Clicks += b.Clicks
	out.ClickedAt = laterOf(a.ClickedAt, b.ClickedAt)
	out.DismissedAt = earliest(a.DismissedAt, b.DismissedAt)
	out.Purchases += b.Purchases
	out.Revenue += b.Revenue
	out.ConvertedAt = earliest(a.ConvertedAt, b.ConvertedAt)
	if b.LastPurchase != "" {
		out.LastPurchase = b.LastPurchase
	}
	return out
}

// earliest is the earlier of two times, a zero time counting as absent.
func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}

// deleteMessages removes a forgotten profile's messages; the campaigns'
// figures lose them too (forgetting a person removes what they did).
func (w *writeTxn) deleteMessages(profileID uint64) (int, error) {
	msgs, err := profileMessages(w.txn, profileID)
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		if err := deleteMessage(w.txn, m.CampaignID, profileID); err != nil {
			return 0, err
		}
	}
	return len(msgs), nil
}

// sendEmails sends a started email campaign: one email to every profile of
// its audience with a real address that has not had one yet. Placeholder
// addresses (unknown users) and userId-only profiles are never emailed;
// they are counted in Skipped.
func (p *Project) sendEmails(c Campaign) (Campaign, error) {
	err := p.updateCampaigns(func(w *writeTxn) error {
		cur, err := loadCampaign(w.txn, c.ID)
		if err != nil {
			return err
		}
		sent, skipped := 0, 0
		err = w.txn.Iterate(storage.SpaceProfile.Prefix(), storage.IterOptions{}, func(_, val []byte) error {
			var sp storedProfile
			if err := json.Unmarshal(val, &sp); err != nil {
				return err
			}
			if !inAudience(cur, &sp) {
				return nil
			}
			if !emailable(&sp) {
				skipped++
				return nil
			}
			m, err := loadMessage(w.txn, cur.ID, sp.ID)
			if err != nil || m != nil {
				return err
			}
			if sp.DataFields == nil {
				sp.DataFields = map[string]any{}
			}
			r := &renderer{txn: w.txn, sp: &sp}
			if m, err = r.newMessage(cur, "", w.at); err != nil {
				return err
			}
			m.Email = sp.Email
			sent++
			return writeMessage(w.txn, m)
		})
		if err != nil {
			return err
		}
		cur.Emailed += sent
		cur.Skipped = skipped
		c = *cur
		return putJSON(w.txn, storage.CampaignKey(cur.ID), cur)
	})
	if errors.Is(err, storage.ErrTxnTooBig) {
		return c, invalid("campaign", c.Name, "its audience is too large to email in one send")
	}
	return c, err
}
