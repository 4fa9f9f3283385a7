package engine

import (
	"fmt"

	"limen/storage"
)

// ViolationMessage: a campaign message disagrees with its index, its
// campaign or its profile.
const ViolationMessage = "message"

// messages checks that every message belongs to an existing campaign and
// profile, says so in its record, and has its profile index entry, and that
// every index entry has its message. A forgotten or merged-away profile
// must have taken its messages with it.
func (c *checker) messages() error {
	err := c.walk(storage.SpaceMessage, false, func(key, val []byte) error {
		cid, pid, kerr := storage.ParseMessageKey(key)
		var m Message
		if err := decode(kerr, val, &m); err != nil {
			c.malformed(ViolationMessage, storage.SpaceMessage, key, err)
			return nil
		}
		c.res.Messages++
		k := fmt.Sprintf("message %d→%d", cid, pid)
		if m.CampaignID != cid || m.ProfileID != pid {
			c.add(ViolationMessage, k, "record says campaign %d, profile %d", m.CampaignID, m.ProfileID)
		}
		if !c.has(storage.CampaignKey(cid)) {
			c.add(ViolationMessage, k, "campaign %d does not exist", cid)
		}
		if !c.has(storage.ProfileKey(pid)) {
			c.add(ViolationMessage, k, "profile %d does not exist (forgotten or merged away without its messages)", pid)
		}
		if !c.has(storage.ProfileMessageKey(pid, cid)) {
			c.add(ViolationMessage, k, "missing from the profile's message index")
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.walk(storage.SpaceProfileMessage, true, func(key, _ []byte) error {
		pid, cid, err := storage.ParseProfileMessageKey(key)
		if err != nil {
			c.malformed(ViolationMessage, storage.SpaceProfileMessage, key, err)
			return nil
		}
		if !c.has(storage.MessageKey(cid, pid)) {
			c.add(ViolationMessage, fmt.Sprintf("profile %d", pid), "message index names campaign %d, which has no message for it", cid)
		}
		return nil
	})
}
