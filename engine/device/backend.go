package device

import (
	"context"
	"errors"
	"time"

	"limen/engine/criteria"
)

// Backend is everything limen's device may ask of the project side: the
// equivalent of the HTTP endpoints Iterable's SDKs call (SPEC.md §12.1). The
// in-process engine implements it; an HTTP client could implement it later.
//
// Every call that stores data is atomic and idempotent: events carry ids, so
// a call repeated after a crash or a timeout stores nothing twice.
type Backend interface {
	// FetchCriteria returns the published criteria (GET /unknownuser/list).
	FetchCriteria(ctx context.Context) (Criteria, error)
	// CreateUnknownUser creates the unknown profile for a visitor whose data
	// matched a criteria set, records its unknownSession event, attaches the
	// device's consent records, and replays the local events and profile
	// update onto it, all in one commit (POST /unknownuser/events/session
	// followed by replay). It returns ErrOutdatedCriteria (HTTP 409) when
	// req.CriteriaVersion is not the published version. Repeating a request
	// with the same UserID returns the same profile and stores nothing twice.
	CreateUnknownUser(ctx context.Context, req UnknownUserRequest) (UnknownUserResult, error)
	// Track stores events on an identified (unknown or known) profile, and
	// says which of its purchases were credited to a campaign.
	Track(ctx context.Context, who Identity, events []Event) (Tracked, error)
	// UpdateUser deep-merges data fields into an identified profile.
	UpdateUser(ctx context.Context, who Identity, fields map[string]any, at time.Time) error
	// Identify resolves the device's identity to a known one (SPEC.md §10):
	// visitor → known (replaying local data or not), unknown → known
	// (converting the unknown profile, merging it into the existing known
	// profile, or abandoning it), known → another known.
	Identify(ctx context.Context, req IdentifyRequest) (IdentifyResult, error)
	// RecordConsent appends a grant or revoke to the consent ledger.
	RecordConsent(ctx context.Context, c Consent) error
	// FetchMessages delivers the running campaigns' messages for the
	// identity, personalised for its profile: in-app messages not yet shown,
	// embedded messages for the requested placements, push notifications
	// not yet sent (only to a mobile device that allows notifications).
	// Email never goes through a device.
	FetchMessages(ctx context.Context, req MessageRequest) ([]Message, error)
	// RecordMessage records that a message was shown, clicked or dismissed.
	// An in-app message is shown once: showing it again records nothing.
	RecordMessage(ctx context.Context, a MessageAction) error
}

// ErrOutdatedCriteria is the equivalent of HTTP 409 from the unknown session
// endpoint: the device matched against a criteria version that is no longer
// published. The device refetches and matches again on its next stored event.
var ErrOutdatedCriteria = errors.New("criteria version is outdated")

// ErrIdentityGone is returned by Track and UpdateUser when the profile of
// the identity no longer exists (it was forgotten). The device then ends
// that identity and carries on as a visitor.
var ErrIdentityGone = errors.New("the profile of this identity no longer exists")

// Criteria is a published criteria document, compiled once and shared by
// every device that fetched it.
type Criteria struct {
	Version  uint64
	JSON     []byte
	Compiled *criteria.Compiled
}

// Identity names a profile: a userId, an email, or both.
type Identity struct {
	Email  string `json:"email,omitempty"`
	UserID string `json:"userId,omitempty"`
}

// IsZero reports whether the identity names nothing.
func (id Identity) IsZero() bool { return id.Email == "" && id.UserID == "" }

// Event is one tracked call. Body is the record in web-SDK storage format
// (SPEC.md §4.2: eventType, eventName, createdAt in seconds, dataFields,
// items, total), exactly what criteria evaluate; ID and At travel beside it so
// that criteria never see them.
type Event struct {
	// ID is unique per event, so a replay repeated stores nothing twice.
	ID string `json:"id"`
	// At is when the call was made, kept through replay.
	At   time.Time      `json:"at"`
	Body map[string]any `json:"body"`
}

// Type is the event's eventType: customEvent, purchase or cartUpdate.
func (e Event) Type() string { s, _ := e.Body["eventType"].(string); return s }

// Name is the event's eventName ("updateCart" for cart updates is not
// stored; criteria add it).
func (e Event) Name() string { s, _ := e.Body["eventName"].(string); return s }

// Sessions are the visitor session counters (SPEC.md §4.5).
type Sessions struct {
	Count int       `json:"count"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// Consent is one grant or revoke, as the consent ledger records it.
type Consent struct {
	DeviceID string    `json:"deviceId"`
	Granted  bool      `json:"granted"`
	At       time.Time `json:"at"`
	Platform string    `json:"platform"`
	// Who is the identity active on the device when consent changed, if any.
	Who Identity `json:"who,omitzero"`
}

// UnknownUserRequest asks for an unknown profile (SPEC.md §8.2).
type UnknownUserRequest struct {
	DeviceID        string
	Platform        string
	UserID          string // UUID v4, generated by the device
	CriteriaID      string
	CriteriaVersion uint64
	At              time.Time
	Sessions        Sessions
	PushOptIn       bool
	Events          []Event
	ProfileUpdate   map[string]any
	ProfileUpdateAt time.Time
}

// UnknownUserResult describes the unknown profile created.
type UnknownUserResult struct {
	UserID string
	// Email is the placeholder address in email-based projects, else "".
	Email    string
	Replayed int // events stored now (0 for a repeated request)
}

// IdentifyRequest asks to move a device's person to a known identity.
type IdentifyRequest struct {
	DeviceID string
	Platform string
	At       time.Time
	To       Identity
	// From is the device's current identity: its unknown userId when unknown,
	// its known identity when known, zero for a visitor.
	From        Identity
	FromUnknown bool
	// Merge is the resolved mergeOnUnknownToKnown flag (unknown → known).
	Merge bool
	// Replay is the resolved replayOnVisitorToKnown flag; when true, Events
	// and ProfileUpdate are the visitor's local data to replay.
	Replay          bool
	Events          []Event
	ProfileUpdate   map[string]any
	ProfileUpdateAt time.Time
}

// Outcome of an identification.
const (
	OutcomeCreated   = "created"   // a new known profile
	OutcomeExisting  = "existing"  // the known profile already existed
	OutcomeConverted = "converted" // the unknown profile became the known one
	OutcomeMerged    = "merged"    // the unknown profile was merged into the known one and deleted
	OutcomeAbandoned = "abandoned" // merge off: the unknown profile was left as it is
)

// IdentifyResult says what identification did.
type IdentifyResult struct {
	Outcome string
	// Known is the identity of the known profile, with both identifiers when
	// it has them.
	Known Identity
	// Replayed counts local events stored on the known profile.
	Replayed int
	// Merge figures: events moved from the unknown profile, and data fields
	// present on both whose destination value was kept.
	EventsMoved      int
	FieldsKept       int
	FieldsCopied     int
	MergedFromUserID string
}
