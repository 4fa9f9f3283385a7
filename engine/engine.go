// Package engine is the project side of limen: what Iterable's servers do
// for Unknown User Activation, headless and on Badger. It owns the project
// settings, criteria sets with their published versions, profiles with their
// events, the identity and consent ledgers and the devices' journals, and it
// implements device.Backend and device.Journal for limen's own SDK.
//
// Every write is one storage transaction. Writes that create, change or
// delete identifiers (profile creation, conversion, merge, forget, a project
// type change) are also serialised by one mutex: Badger's conflict detection
// sees the keys a transaction read, not the empty key ranges it found empty,
// so two transactions could otherwise each find an email free and both claim
// it. Tracking events and updating fields run concurrently.
//
// Nothing here writes to stdout or stderr: logs go to the slog logger given
// in Options, or nowhere.
package engine

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"limen/engine/device"
	"limen/storage"
)

// Options configures Open.
type Options struct {
	// Dir is the data directory; ignored when InMemory is set.
	Dir string
	// InMemory keeps everything in memory (tests, throwaway demos).
	InMemory bool
	// Logger receives the engine's and Badger's log lines; nil discards them.
	Logger *slog.Logger
	// Clock is the project's time; nil means time.Now.
	Clock func() time.Time
	// ProjectID names a project created by this Open (a new UUID when
	// empty); an existing project keeps its own. Scenarios set it so that
	// placeholder emails are reproducible.
	ProjectID string
}

// Project is one open project. It is safe for concurrent use.
type Project struct {
	db    *storage.DB
	log   *slog.Logger
	clock func() time.Time

	// identMu serialises writes that create, change or delete identifiers,
	// and every identity ledger append (so ledger seqs are in commit order).
	identMu sync.Mutex
	// profileMu serialises Track and UpdateUser per identity (striped), so
	// that many devices writing to one hot profile queue instead of
	// conflicting in Badger until the retries run out.
	profileMu [64]sync.Mutex
	// critMu serialises criteria changes and the published-criteria cache.
	critMu sync.Mutex

	// campMu serialises campaign changes with reloads of campaigns, the
	// cache of every campaign (nil: to be read again) that message fetches
	// consult without reading Badger.
	campMu    sync.Mutex
	campaigns atomic.Pointer[[]Campaign]

	settings  atomic.Pointer[Settings]
	published atomic.Pointer[device.Criteria]
	broker    *broker
	// newProjectID names the project if this Open creates it.
	newProjectID string
}

var (
	_ device.Backend = (*Project)(nil)
	_ device.Journal = (*Project)(nil)
)

// Open opens (or creates) the project in opt.Dir, or in memory. When the
// directory is used by another open project the error is storage's
// ErrLocked error, unchanged.
func Open(opt Options) (*Project, error) {
	logger := opt.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	sopt := storage.Options{Dir: opt.Dir, InMemory: opt.InMemory, Logger: opt.Logger}
	if !opt.InMemory {
		sopt.GCInterval = storage.DefaultGCInterval
	}
	db, err := storage.Open(sopt)
	if err != nil {
		return nil, err
	}
	clock := opt.Clock
	if clock == nil {
		clock = time.Now
	}
	p := &Project{db: db, log: logger.With("component", "engine"), clock: clock, broker: newBroker(), newProjectID: opt.ProjectID}
	if err := p.load(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return p, nil
}

// load reads (or initialises) the settings and the published criteria.
func (p *Project) load() error {
	if err := p.loadSettings(); err != nil {
		return err
	}
	if err := p.loadAudiences(); err != nil {
		return err
	}
	return p.loadPublished()
}

// Close ends every subscription and closes the database.
func (p *Project) Close() error {
	p.broker.close()
	return p.db.Close()
}

// now is the project's time, in UTC.
func (p *Project) now() time.Time { return p.clock().UTC() }

// Meta blob names (storage.SpaceMeta).
const (
	metaSettings        = "settings"
	metaCriteriaIndex   = "criteriaIndex"
	metaCriteriaVersion = "criteriaVersion"
	metaProfileCounts   = "profileCounts"
)

// Sequence names (storage.DB.NextID).
const (
	seqProfile  = "profile"
	seqEvent    = "event"
	seqIdentity = "identity"
	seqConsent  = "consent"
	seqCampaign = "campaign"
)

// Errors. Test with errors.Is: they arrive wrapped with details.
var (
	// ErrNotFound: no such profile, criteria set, device or identity.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: input that breaks a rule; the error is an *InputError.
	ErrInvalid = errors.New("invalid input")
	// ErrExists: an identifier already belongs to another profile.
	ErrExists = errors.New("already exists")
)

// InputError says which field of the input is wrong and why.
type InputError struct {
	Field   string // e.g. "email", "userId", "settings.type"
	Value   string // the offending value, "" when none was given
	Problem string
}

func (e *InputError) Error() string {
	if e.Value == "" {
		return e.Field + ": " + e.Problem
	}
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Problem)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *InputError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, value, format string, args ...any) error {
	return &InputError{Field: field, Value: value, Problem: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrNotFound}, args...)...)
}

// writeTxn is one attempt of a read-write transaction plus what to announce
// once it commits. A fresh one is made for every attempt.
type writeTxn struct {
	p          *Project
	txn        *storage.Txn
	s          Settings
	at         time.Time
	happenings []Happening
	// purchases are the purchase events stored by this attempt, for
	// attribution to the campaigns their profile clicked.
	purchases []StoredEvent
}

// update runs fn in a read-write transaction (retried on conflicts by
// storage) and publishes its happenings after the commit.
func (p *Project) update(fn func(*writeTxn) error) error {
	var w *writeTxn
	err := p.db.Update(func(txn *storage.Txn) error {
		w = &writeTxn{p: p, txn: txn, s: p.Settings(), at: p.now()}
		return fn(w)
	})
	if err == nil && len(w.happenings) > 0 {
		p.broker.publish(w.happenings)
	}
	return err
}

func (w *writeTxn) happen(kind string, profileID uint64, userID, detail string) {
	w.happenings = append(w.happenings, Happening{Kind: kind, At: w.at, ProfileID: profileID, UserID: userID, Detail: detail})
}

// getJSON decodes the value at key into v; a missing key is storage.ErrNotFound.
func getJSON(txn *storage.Txn, key []byte, v any) error {
	val, err := txn.Get(key)
	if err != nil {
		return err
	}
	return json.Unmarshal(val, v)
}

// putJSON stores v as JSON at key.
func putJSON(txn *storage.Txn, key []byte, v any) error {
	val, err := marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(key, val)
}

// marshal is json.Marshal without HTML escaping (criteria JSON and data
// fields are stored as written).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// laterOf returns the later of two times.
func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
