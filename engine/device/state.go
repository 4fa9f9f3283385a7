package device

import (
	"context"
	"time"
)

// Mode is who the device's person is to the project.
type Mode string

// The three kinds of person (DESIGN.md).
const (
	Visitor Mode = "visitor" // data on the device only
	Unknown Mode = "unknown" // an unknown profile exists; tracking goes to it
	Known   Mode = "known"   // identified with a real email and/or userId
)

// State is a device's local storage apart from its event list: what a
// browser keeps in localStorage or a phone in its preferences and keychain.
// It is plain data, persisted through a Journal after every change.
type State struct {
	ID       string `json:"id"`
	Platform string `json:"platform"` // "web", "ios" or "android"
	// PushOptIn: the OS allows notifications (mobile only).
	PushOptIn bool `json:"pushOptIn,omitempty"`

	Consent   bool      `json:"consent"`
	ConsentAt time.Time `json:"consentAt,omitzero"`

	Mode Mode `json:"mode"`
	// Who is the active identity: the unknown userId (and placeholder email)
	// when Mode is Unknown, the known identity when Known.
	Who Identity `json:"who,omitzero"`

	Sessions Sessions `json:"sessions"`
	// ProfileUpdate is the one merged profile-update object (deep merge).
	ProfileUpdate   map[string]any `json:"profileUpdate,omitempty"`
	ProfileUpdateAt time.Time      `json:"profileUpdateAt,omitzero"`

	// CriteriaVersion is the version of the cached criteria (0: none), and
	// CriteriaFetchedAt the device time of the last fetch.
	CriteriaVersion   uint64    `json:"criteriaVersion,omitempty"`
	CriteriaFetchedAt time.Time `json:"criteriaFetchedAt,omitzero"`

	// Pending is an activation whose unknown profile may have been created
	// but whose local data was not yet cleared: it is completed (with the
	// same userId, so nothing is created twice) before anything else.
	Pending *Activation `json:"pending,omitempty"`
	// PendingIdentify is an identification sent to the project whose answer
	// was not yet recorded here: after a crash the device repeats it (the
	// project recognises the repeat) instead of staying on an identity that
	// the project may already have merged away.
	PendingIdentify *IdentifyRequest `json:"pendingIdentify,omitempty"`

	// Inbox holds the active identity's messages: the in-app message on
	// screen, embedded messages in their placements, push notifications
	// received. Emptied when the identity changes.
	Inbox []Message `json:"inbox,omitempty"`

	// Counters of what happened to calls made while a visitor.
	Stored  int `json:"stored"`
	Dropped int `json:"dropped"`
	Evicted int `json:"evicted"`

	// NextSeq numbers local events.
	NextSeq uint64 `json:"nextSeq"`
}

// Activation is a criteria match turning the visitor into an unknown user.
type Activation struct {
	UserID          string    `json:"userId"`
	CriteriaID      string    `json:"criteriaId"`
	CriteriaVersion uint64    `json:"criteriaVersion"`
	At              time.Time `json:"at"`
}

// LocalEvent is one event in a device's local list, numbered by Seq.
type LocalEvent struct {
	Seq uint64 `json:"seq"`
	Event
}

// Change is one atomic change of a device's local storage.
type Change struct {
	// State is the device's state after the change; always written.
	State *State
	// Append are local events added; Remove the Seqs of events removed
	// (evicted); Clear removes every local event (applied before Append).
	Append []LocalEvent
	Remove []uint64
	Clear  bool
}

// Journal persists devices' local storage. The engine implements it on
// Badger; every Save is one transaction.
type Journal interface {
	Save(ctx context.Context, c Change) error
}
