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
// one consistent view: one scan of each campaign's messages, and the
// audience counters for who is eligible (profiles are not read).
func (p *Project) AllCampaignStats() (map[uint64]CampaignStats, error) {
	out := map[uint64]CampaignStats{}
	err := p.db.View(func(txn *storage.Txn) error {
		campaigns, err := allCampaigns(txn)
		if err != nil {
			return err
		}
		var kinds profileCounts
		if err := getJSON(txn, storage.MetaKey(metaProfileCounts), &kinds); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		aud, err := loadAudienceCounts(txn)
		if err != nil {
			return err
		}
		for i := range campaigns {
			c := &campaigns[i]
			s := CampaignStats{CampaignID: c.ID, Eligible: eligibleCount(c, kinds, aud)}
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
			out[c.ID] = s
		}
		return nil
	})
	return out, err
}

// eligibleCount is how many profiles c's channel may address now.
func eligibleCount(c *Campaign, kinds profileCounts, aud audienceCounts) int {
	email := c.Channel == device.ChannelEmail
	switch c.Audience.Kind {
	case AudienceUnknown:
		if email {
			return 0 // placeholders only
		}
		return kinds.Unknown
	case AudienceKnown:
		if email {
			return aud.EmailKnown
		}
		return kinds.Known
	case AudienceCriteria:
		if email {
			return aud.EmailCriteria[c.Audience.CriteriaID]
		}
		return aud.Criteria[c.Audience.CriteriaID]
	}
	return 0
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
