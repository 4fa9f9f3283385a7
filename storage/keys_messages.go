package storage

import "fmt"

// CampaignKey is the key of a campaign.
func CampaignKey(id uint64) []byte { return AppendUint64(newKey(SpaceCampaign, 8), id) }

// CampaignIDFromKey decodes a CampaignKey.
func CampaignIDFromKey(key []byte) (uint64, error) { return uint64Key(key, SpaceCampaign) }

// MessageKey is the key of a campaign's message to a profile.
func MessageKey(campaignID, profileID uint64) []byte {
	return AppendUint64(MessagePrefix(campaignID), profileID)
}

// MessagePrefix matches every message of a campaign, in profile order.
func MessagePrefix(campaignID uint64) []byte {
	return AppendUint64(newKey(SpaceMessage, 16), campaignID)
}

// ParseMessageKey decodes a MessageKey.
func ParseMessageKey(key []byte) (campaignID, profileID uint64, err error) {
	body, err := keyBody(key, SpaceMessage)
	if err != nil {
		return 0, 0, err
	}
	return twoUint64(body)
}

// ProfileMessageKey is the index entry of a profile's message from a campaign.
func ProfileMessageKey(profileID, campaignID uint64) []byte {
	return AppendUint64(ProfileMessagePrefix(profileID), campaignID)
}

// ProfileMessagePrefix matches the message index entries of a profile.
func ProfileMessagePrefix(profileID uint64) []byte {
	return AppendUint64(newKey(SpaceProfileMessage, 16), profileID)
}

// ParseProfileMessageKey decodes a ProfileMessageKey.
func ParseProfileMessageKey(key []byte) (profileID, campaignID uint64, err error) {
	body, err := keyBody(key, SpaceProfileMessage)
	if err != nil {
		return 0, 0, err
	}
	return twoUint64(body)
}

// twoUint64 decodes exactly u64 | u64.
func twoUint64(b []byte) (uint64, uint64, error) {
	a, rest, err := ReadUint64(b)
	if err != nil {
		return 0, 0, err
	}
	c, rest, err := ReadUint64(rest)
	if err == nil && len(rest) != 0 {
		err = fmt.Errorf("%w: %d trailing bytes", ErrMalformedKey, len(rest))
	}
	return a, c, err
}
