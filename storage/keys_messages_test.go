package storage

import (
	"bytes"
	"errors"
	"testing"
)

func TestMessageKeysRoundTrip(t *testing.T) {
	id, err := CampaignIDFromKey(CampaignKey(9))
	if err != nil || id != 9 {
		t.Errorf("campaign: %d, %v", id, err)
	}
	c, p, err := ParseMessageKey(MessageKey(3, 77))
	if err != nil || c != 3 || p != 77 {
		t.Errorf("message: %d %d %v", c, p, err)
	}
	if !bytes.HasPrefix(MessageKey(3, 77), MessagePrefix(3)) || bytes.HasPrefix(MessageKey(3, 77), MessagePrefix(4)) {
		t.Error("MessagePrefix does not match its campaign only")
	}
	p, c, err = ParseProfileMessageKey(ProfileMessageKey(77, 3))
	if err != nil || c != 3 || p != 77 {
		t.Errorf("profile message: %d %d %v", p, c, err)
	}
	if !bytes.HasPrefix(ProfileMessageKey(77, 3), ProfileMessagePrefix(77)) {
		t.Error("ProfileMessagePrefix does not match")
	}
	if _, _, err := ParseMessageKey(append(MessageKey(1, 2), 0)); !errors.Is(err, ErrMalformedKey) {
		t.Errorf("trailing byte: %v", err)
	}
	if _, _, err := ParseProfileMessageKey(MessageKey(1, 2)); !errors.Is(err, ErrMalformedKey) {
		t.Errorf("wrong space: %v", err)
	}
}
