package engine

import (
	"encoding/json"
	"errors"

	"limen/engine/device"
	"limen/storage"
)

// CampaignStats are a campaign's live figures. Delivered, Shown, Clicked
// and Converted count people (profiles); Impressions, Clicks and Purchases
// count acts.
type CampaignStats struct {
	CampaignID uint64 `json:"campaignId"`
	// Eligible counts the profiles of the audience now; for email, only
	// those with a real address. Push reaches, of these, only people whose
	// mobile device allows notifications.
	Eligible    int     `json:"eligible"`
	Delivered   int     `json:"delivered"`
	Shown       int     `json:"shown"`
	Clicked     int     `json:"clicked"`
	Dismissed   int     `json:"dismissed"`
	Converted   int     `json:"converted"`
	Impressions int     `json:"impressions"`
	Clicks      int     `json:"clicks"`
	Purchases   int     `json:"purchases"`
	Revenue     float64 `json:"revenue"`
}

// add counts one message.
func (s *CampaignStats) add(m *Message) {
	s.Delivered++
	s.Impressions += m.Shows
	s.Clicks += m.Clicks
	s.Purchases += m.Purchases
	s.Revenue += m.Revenue
	if m.Shows > 0 {
		s.Shown++
	}
	if m.Clicks > 0 {
		s.Clicked++
	}
	if !m.DismissedAt.IsZero() {
		s.Dismissed++
	}
	if m.Purchases > 0 {
		s.Converted++
	}
}

// AllCampaignStats returns every campaign's figures, by campaign id, read in
// one consistent view: one scan of each campaign's messages, and for
// audiences the profile counters cannot answer (a criteria set, or email's
// real addresses) one scan of the profiles.
func (p *Project) AllCampaignStats() (map[uint64]CampaignStats, error) {
	out := map[uint64]CampaignStats{}
	err := p.db.View(func(txn *storage.Txn) error {
		campaigns, err := allCampaigns(txn)
		if err != nil {
			return err
		}
		var counts profileCounts
		if err := getJSON(txn, storage.MetaKey(metaProfileCounts), &counts); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		var scan []*Campaign
		for i := range campaigns {
			c := &campaigns[i]
			s := CampaignStats{CampaignID: c.ID}
			if err := txn.Iterate(storage.MessagePrefix(c.ID), storage.IterOptions{}, func(_, val []byte) error {
				var m Message
				if err := json.Unmarshal(val, &m); err != nil {
					return err
				}
				s.add(&m)
				return nil
			}); err != nil {
				return err
			}
			switch {
			case c.Channel == device.ChannelEmail || c.Audience.Kind == AudienceCriteria:
				scan = append(scan, c)
			case c.Audience.Kind == AudienceUnknown:
				s.Eligible = counts.Unknown
			case c.Audience.Kind == AudienceKnown:
				s.Eligible = counts.Known
			}
			out[c.ID] = s
		}
		if len(scan) == 0 {
			return nil
		}
		return txn.Iterate(storage.SpaceProfile.Prefix(), storage.IterOptions{}, func(_, val []byte) error {
			var sp storedProfile
			if err := json.Unmarshal(val, &sp); err != nil {
				return err
			}
			for _, c := range scan {
				if inAudience(c, &sp) && (c.Channel != device.ChannelEmail || emailable(&sp)) {
					s := out[c.ID]
					s.Eligible++
					out[c.ID] = s
				}
			}
			return nil
		})
	})
	return out, err
}

// Preview is a campaign's message personalised for one profile, as the
// campaign editor shows it before anything is sent.
type Preview struct {
	Rendered
	// Eligible says whether the profile would get the message now (were
	// the campaign running); Why says why not, in a marketer's words.
	Eligible bool   `json:"eligible"`
	Why      string `json:"why,omitempty"`
}

// PreviewCampaign personalises c (which need not be saved, nor be valid
// apart from its templates) for a profile and says whether that profile is
// in its audience. A template that does not parse is an *InputError naming
// its field.
func (p *Project) PreviewCampaign(c Campaign, profileID uint64) (Preview, error) {
	var out Preview
	if _, err := c.templates(); err != nil {
		return out, err
	}
	err := p.db.View(func(txn *storage.Txn) error {
		sp, err := loadProfile(txn, profileID)
		if err != nil {
			return err
		}
		r := &renderer{txn: txn, sp: sp}
		if out.Rendered, err = r.render(&c); err != nil {
			return err
		}
		out.Eligible, out.Why = eligibility(&c, sp)
		return nil
	})
	return out, err
}

// eligibility says whether a profile can get c's message, and why not.
func eligibility(c *Campaign, sp *storedProfile) (bool, string) {
	if !inAudience(c, sp) {
		return false, "not in the audience (" + c.Audience.String() + "): this profile is " + sp.Kind +
			map[bool]string{true: ", activated by " + sp.MatchedCriteriaID, false: ""}[sp.MatchedCriteriaID != ""]
	}
	if c.Channel == device.ChannelEmail && !emailable(sp) {
		if sp.Placeholder {
			return false, "its address is a placeholder, and placeholders are never emailed"
		}
		return false, "it has no email address"
	}
	if c.Channel == device.ChannelPush {
		return true, "in the audience; push reaches it only on a mobile device that allows notifications"
	}
	return true, ""
}
