package storage

import (
	"fmt"
	"time"
)

// Space is the first byte of every key: which kind of record the key holds.
// This file is the one list of key spaces. Segments after the space byte use
// the encodings described in encoding.go: u64 and time are 8 bytes
// big-endian, str is 0x00-terminated with 0x00 escaped. "→ nothing" marks a
// key-only entry: everything it says is in the key.
type Space byte

const (
	// SpaceMeta: meta | name(str) → a settings or JSON blob (project
	// settings, schema version).
	SpaceMeta Space = 0x01
	// SpaceCriteria: criteria | version(u64) → one published criteria
	// document version. The last key is the current version.
	SpaceCriteria Space = 0x02
	// SpaceCriteriaDraft: draft | setID(str) → a draft criteria set (JSON).
	SpaceCriteriaDraft Space = 0x03

	// SpaceProfile: profile | profileID(u64) → profile JSON.
	SpaceProfile Space = 0x10
	// SpaceEmailIndex: emailIdx | email(str) | profileID(u64) → nothing.
	SpaceEmailIndex Space = 0x11
	// SpaceUserIDIndex: userIdIdx | userID(str) | profileID(u64) → nothing.
	SpaceUserIDIndex Space = 0x12
	// SpaceCreatedIndex: created | createdAt(time) | profileID(u64) → nothing.
	SpaceCreatedIndex Space = 0x13

	// SpaceEvent: event | profileID(u64) | createdAt(time) | seq(u64) → event
	// JSON. A profile's events sort by time; seq breaks ties.
	SpaceEvent Space = 0x20
	// SpaceEventID: eventID | profileID(u64) | eventID(str) → nothing, or the
	// SpaceEvent key of the stored event. Makes replaying an event harmless.
	SpaceEventID Space = 0x21

	// SpaceDevice: device | deviceID(str) → device JSON.
	SpaceDevice Space = 0x30
	// SpaceDeviceEvent: deviceEvent | deviceID(str) | seq(u64) → one event of
	// the device's local list (JSON), in local order. Added for engine's
	// device journal (device.Journal).
	SpaceDeviceEvent Space = 0x31

	// SpaceConsent: consent | at(time) | seq(u64) → a consent ledger entry.
	SpaceConsent Space = 0x40
	// SpaceIdentity: identity | seq(u64) → an identity ledger entry (create,
	// convert, merge, with before-images).
	SpaceIdentity Space = 0x41

	// SpaceCampaign: campaign | campaignID(u64) → campaign JSON.
	SpaceCampaign Space = 0x50
	// SpaceMessage: message | campaignID(u64) | profileID(u64) → the
	// campaign's message to one profile (JSON): delivered, shown, clicked,
	// converted. A campaign's figures are one prefix scan.
	SpaceMessage Space = 0x51
	// SpaceProfileMessage: profileMsg | profileID(u64) | campaignID(u64) →
	// nothing. A profile's messages, for attribution, merge and forget.
	SpaceProfileMessage Space = 0x52

	// SpaceSequence: sequence | name(str) → Badger's sequence lease (u64);
	// written only by DB.NextID.
	SpaceSequence Space = 0x7F
)

// Spaces returns every key space, in byte order.
func Spaces() []Space {
	return []Space{
		SpaceMeta, SpaceCriteria, SpaceCriteriaDraft,
		SpaceProfile, SpaceEmailIndex, SpaceUserIDIndex, SpaceCreatedIndex,
		SpaceEvent, SpaceEventID, SpaceDevice, SpaceDeviceEvent,
		SpaceConsent, SpaceIdentity,
		SpaceCampaign, SpaceMessage, SpaceProfileMessage, SpaceSequence,
	}
}

// Prefix returns the one-byte prefix of every key in the space.
func (s Space) Prefix() []byte { return []byte{byte(s)} }

func (s Space) String() string {
	names := map[Space]string{
		SpaceMeta: "meta", SpaceCriteria: "criteria", SpaceCriteriaDraft: "draft",
		SpaceProfile: "profile", SpaceEmailIndex: "emailIdx", SpaceUserIDIndex: "userIdIdx",
		SpaceCreatedIndex: "created", SpaceEvent: "event", SpaceEventID: "eventID",
		SpaceDevice: "device", SpaceDeviceEvent: "deviceEvent", SpaceConsent: "consent", SpaceIdentity: "identity",
		SpaceCampaign: "campaign", SpaceMessage: "message", SpaceProfileMessage: "profileMsg",
		SpaceSequence: "sequence",
	}
	if name, ok := names[s]; ok {
		return name
	}
	return fmt.Sprintf("space(0x%02x)", byte(s))
}

// MetaKey is the key of the named setting.
func MetaKey(name string) []byte { return AppendString(newKey(SpaceMeta, len(name)+2), name) }

// CriteriaKey is the key of a published criteria version.
func CriteriaKey(version uint64) []byte { return AppendUint64(newKey(SpaceCriteria, 8), version) }

// CriteriaVersionFromKey decodes a CriteriaKey.
func CriteriaVersionFromKey(key []byte) (uint64, error) { return uint64Key(key, SpaceCriteria) }

// CriteriaDraftKey is the key of a draft criteria set.
func CriteriaDraftKey(setID string) []byte {
	return AppendString(newKey(SpaceCriteriaDraft, len(setID)+2), setID)
}

// DraftSetIDFromKey decodes a CriteriaDraftKey.
func DraftSetIDFromKey(key []byte) (string, error) { return stringKey(key, SpaceCriteriaDraft) }

// ProfileKey is the key of a profile.
func ProfileKey(id uint64) []byte { return AppendUint64(newKey(SpaceProfile, 8), id) }

// ProfileIDFromKey decodes a ProfileKey.
func ProfileIDFromKey(key []byte) (uint64, error) { return uint64Key(key, SpaceProfile) }

// EmailIndexKey is the index entry saying that profile id has email.
// Callers normalise emails (case, spaces) before building keys.
func EmailIndexKey(email string, id uint64) []byte { return stringIndexKey(SpaceEmailIndex, email, id) }

// EmailIndexPrefix matches the index entries of exactly this email (not of
// longer emails that start with it); decode each with ProfileIDFromIndexKey.
func EmailIndexPrefix(email string) []byte {
	return AppendString(newKey(SpaceEmailIndex, len(email)+2), email)
}

// EmailSearchPrefix matches the index entries of every email starting with
// partial, for incremental search.
func EmailSearchPrefix(partial string) []byte {
	return AppendStringPrefix(newKey(SpaceEmailIndex, len(partial)), partial)
}

// UserIDIndexKey is the index entry saying that profile id has userID.
func UserIDIndexKey(userID string, id uint64) []byte {
	return stringIndexKey(SpaceUserIDIndex, userID, id)
}

// UserIDIndexPrefix matches the index entries of exactly this userID.
func UserIDIndexPrefix(userID string) []byte {
	return AppendString(newKey(SpaceUserIDIndex, len(userID)+2), userID)
}

// UserIDSearchPrefix matches the index entries of every userID starting with partial.
func UserIDSearchPrefix(partial string) []byte {
	return AppendStringPrefix(newKey(SpaceUserIDIndex, len(partial)), partial)
}

func stringIndexKey(s Space, value string, id uint64) []byte {
	return AppendUint64(AppendString(newKey(s, len(value)+10), value), id)
}

// IndexValueFromKey decodes the email or userID of an EmailIndexKey or UserIDIndexKey.
func IndexValueFromKey(key []byte) (string, error) {
	body, err := keyBody(key, SpaceEmailIndex, SpaceUserIDIndex)
	if err != nil {
		return "", err
	}
	value, rest, err := ReadString(body)
	if err != nil {
		return "", err
	}
	if len(rest) != 8 {
		return "", fmt.Errorf("%w: index key without profile id", ErrMalformedKey)
	}
	return value, nil
}

// ProfileIDFromIndexKey decodes the profile id at the end of an
// EmailIndexKey, UserIDIndexKey or CreatedIndexKey.
func ProfileIDFromIndexKey(key []byte) (uint64, error) {
	body, err := keyBody(key, SpaceEmailIndex, SpaceUserIDIndex, SpaceCreatedIndex)
	if err != nil {
		return 0, err
	}
	if len(body) < 8 {
		return 0, fmt.Errorf("%w: index key too short", ErrMalformedKey)
	}
	id, _, err := ReadUint64(body[len(body)-8:])
	return id, err
}

// CreatedIndexKey is the index entry of a profile created at a time. Seek to
// CreatedIndexKey(t, 0) to start at time t.
func CreatedIndexKey(at time.Time, id uint64) []byte {
	return AppendUint64(AppendTime(newKey(SpaceCreatedIndex, 16), at), id)
}

// ParseCreatedIndexKey decodes a CreatedIndexKey.
func ParseCreatedIndexKey(key []byte) (at time.Time, id uint64, err error) {
	body, err := keyBody(key, SpaceCreatedIndex)
	if err != nil {
		return time.Time{}, 0, err
	}
	return timeAndUint64(body)
}

// EventKey is the key of one event of a profile. seq orders events stored
// with the same time; use an id from NextID.
func EventKey(profileID uint64, at time.Time, seq uint64) []byte {
	return AppendUint64(AppendTime(EventPrefix(profileID), at), seq)
}

// EventPrefix matches every event of a profile, oldest first. Seek to
// EventKey(profileID, t, 0) to start at time t.
func EventPrefix(profileID uint64) []byte {
	return AppendUint64(newKey(SpaceEvent, 24), profileID)
}

// ParseEventKey decodes an EventKey.
func ParseEventKey(key []byte) (profileID uint64, at time.Time, seq uint64, err error) {
	body, err := keyBody(key, SpaceEvent)
	if err != nil {
		return 0, time.Time{}, 0, err
	}
	profileID, body, err = ReadUint64(body)
	if err != nil {
		return 0, time.Time{}, 0, err
	}
	at, seq, err = timeAndUint64(body)
	return profileID, at, seq, err
}

// EventIDKey is the dedupe entry of an event id already stored for a profile.
func EventIDKey(profileID uint64, eventID string) []byte {
	return AppendString(EventIDPrefix(profileID), eventID)
}

// EventIDPrefix matches every dedupe entry of a profile.
func EventIDPrefix(profileID uint64) []byte {
	return AppendUint64(newKey(SpaceEventID, 8+32), profileID)
}

// ParseEventIDKey decodes an EventIDKey.
func ParseEventIDKey(key []byte) (profileID uint64, eventID string, err error) {
	body, err := keyBody(key, SpaceEventID)
	if err != nil {
		return 0, "", err
	}
	profileID, body, err = ReadUint64(body)
	if err != nil {
		return 0, "", err
	}
	eventID, err = wholeString(body)
	return profileID, eventID, err
}

// DeviceKey is the key of a device.
func DeviceKey(deviceID string) []byte {
	return AppendString(newKey(SpaceDevice, len(deviceID)+2), deviceID)
}

// DeviceIDFromKey decodes a DeviceKey.
func DeviceIDFromKey(key []byte) (string, error) { return stringKey(key, SpaceDevice) }

// DeviceEventKey is the key of one local event of a device.
func DeviceEventKey(deviceID string, seq uint64) []byte {
	return AppendUint64(DeviceEventPrefix(deviceID), seq)
}

// DeviceEventPrefix matches every local event of a device, in seq order.
func DeviceEventPrefix(deviceID string) []byte {
	return AppendString(newKey(SpaceDeviceEvent, len(deviceID)+10), deviceID)
}

// ParseDeviceEventKey decodes a DeviceEventKey.
func ParseDeviceEventKey(key []byte) (deviceID string, seq uint64, err error) {
	body, err := keyBody(key, SpaceDeviceEvent)
	if err != nil {
		return "", 0, err
	}
	deviceID, body, err = ReadString(body)
	if err != nil {
		return "", 0, err
	}
	seq, body, err = ReadUint64(body)
	if err == nil && len(body) != 0 {
		err = fmt.Errorf("%w: %d trailing bytes", ErrMalformedKey, len(body))
	}
	return deviceID, seq, err
}

// ConsentKey is the key of a consent ledger entry.
func ConsentKey(at time.Time, seq uint64) []byte {
	return AppendUint64(AppendTime(newKey(SpaceConsent, 16), at), seq)
}

// ParseConsentKey decodes a ConsentKey.
func ParseConsentKey(key []byte) (at time.Time, seq uint64, err error) {
	body, err := keyBody(key, SpaceConsent)
	if err != nil {
		return time.Time{}, 0, err
	}
	return timeAndUint64(body)
}

// IdentityKey is the key of an identity ledger entry.
func IdentityKey(seq uint64) []byte { return AppendUint64(newKey(SpaceIdentity, 8), seq) }

// IdentitySeqFromKey decodes an IdentityKey.
func IdentitySeqFromKey(key []byte) (uint64, error) { return uint64Key(key, SpaceIdentity) }

// SequenceKey is where DB.NextID keeps the named sequence.
func SequenceKey(name string) []byte {
	return AppendString(newKey(SpaceSequence, len(name)+2), name)
}
