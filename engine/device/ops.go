package device

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Outcome says what one call did, in terms a person watching can follow.
type Outcome struct {
	// Stored: kept on the device (a consenting visitor). Sent: sent to the
	// profile of the active identity. Dropped: not kept, no consent.
	Stored  bool
	Sent    bool
	Dropped bool
	// Evicted counts old local events pushed out by the local limit.
	Evicted int
	// Activated is set when this call turned the visitor into an unknown user.
	Activated *Activated
	// Outdated: an activation was refused because the criteria changed; they
	// were refetched, and matching resumes at the next stored event.
	Outdated bool
	// CriteriaVersion is the version fetched by this call, if any.
	CriteriaVersion uint64
	// Identified is the result of an identify call.
	Identified *IdentifyResult
	// Shown are the messages this call displayed (in-app, embedded, an
	// opened push); Received the push notifications that arrived; Clicked
	// the message clicked.
	Shown    []Message
	Received []Message
	Clicked  *Message
	// Credited are the purchases of this call that the project credited
	// to a campaign.
	Credited []Credit
	// Notes are further plain-language remarks.
	Notes []string
}

// Activated describes an activation.
type Activated struct {
	UserID     string
	Email      string
	CriteriaID string
	Replayed   int
}

// SetConsent grants or revokes consent to keep visitor data (SPEC.md §3).
// A grant starts clean, counts a session and fetches criteria. A revoke wipes
// the local data and the cached criteria and ends an active unknown identity
// (fixing SPEC.md §15 bug 14); a known identity stays.
func (d *Device) SetConsent(ctx context.Context, granted bool) (Outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out Outcome
	if granted == d.st.Consent {
		out.Notes = append(out.Notes, "consent unchanged")
		return out, nil
	}
	before, beforeEvents := d.st, d.events
	now := d.now()
	consent := Consent{DeviceID: d.cfg.ID, Granted: granted, At: now, Platform: d.cfg.Platform, Who: d.st.Who}
	if err := d.cfg.Backend.RecordConsent(ctx, consent); err != nil {
		return out, fmt.Errorf("record consent: %w", err)
	}
	d.clearLocal()
	d.st.Consent = granted
	if granted {
		d.st.ConsentAt = now
		if d.st.Mode == Visitor {
			d.countSession(now)
			d.fetchCriteria(ctx, &out)
		}
	} else {
		d.st.ConsentAt = time.Time{}
		d.st.CriteriaVersion, d.st.CriteriaFetchedAt = 0, time.Time{}
		d.setCriteria(nil)
		d.st.Pending = nil
		if d.st.Mode == Unknown {
			d.st.Mode, d.st.Who, d.st.Inbox = Visitor, Identity{}, nil
			out.Notes = append(out.Notes, "unknown identity ended")
		}
	}
	return out, d.commit(ctx, before, beforeEvents, Change{Clear: true})
}

func (d *Device) countSession(now time.Time) {
	d.st.Sessions.Count++
	if d.st.Sessions.First.IsZero() {
		d.st.Sessions.First = now
	}
	d.st.Sessions.Last = now
}

// StartSession is an app start or page load: a consenting visitor counts a
// session and fetches criteria (SPEC.md §4.5, §5); an unknown or known
// user fetches its messages, and the app shows the first in-app message
// and fills its embedded placements (Outcome.Shown); push notifications
// arrive in Outcome.Received.
func (d *Device) StartSession(ctx context.Context) (Outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out Outcome
	if err := d.resume(ctx, &out); err != nil {
		return out, err
	}
	before, beforeEvents := d.st, d.events
	if d.st.Mode != Visitor {
		d.syncMessages(ctx, &out)
		return out, d.commit(ctx, before, beforeEvents, Change{})
	}
	if !d.st.Consent {
		return out, nil
	}
	d.countSession(d.now())
	d.fetchCriteria(ctx, &out)
	return out, d.commit(ctx, before, beforeEvents, Change{})
}

// Foreground is the app coming to the foreground: a consenting visitor
// refetches criteria at most every ForegroundFetchCooldown of device time.
func (d *Device) Foreground(ctx context.Context) (Outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out Outcome
	if err := d.resume(ctx, &out); err != nil {
		return out, err
	}
	if d.st.Mode != Visitor || !d.st.Consent || d.now().Sub(d.st.CriteriaFetchedAt) < ForegroundFetchCooldown {
		return out, nil
	}
	before, beforeEvents := d.st, d.events
	d.fetchCriteria(ctx, &out)
	return out, d.commit(ctx, before, beforeEvents, Change{})
}

// Track records a custom event.
func (d *Device) Track(ctx context.Context, name string, fields map[string]any) (Outcome, error) {
	if name == "" {
		return Outcome{}, errors.New("track needs an event name")
	}
	return d.record(ctx, customEventBody(name, fields, d.now()))
}

// TrackPurchase records a purchase.
func (d *Device) TrackPurchase(ctx context.Context, items []Item, total float64, fields map[string]any) (Outcome, error) {
	return d.record(ctx, purchaseBody(items, total, fields, d.now()))
}

// UpdateCart records the cart's new content.
func (d *Device) UpdateCart(ctx context.Context, items []Item) (Outcome, error) {
	return d.record(ctx, cartBody(items, d.now()))
}

// record routes one event (SPEC.md §1): to the active identity's profile, or
// for a visitor to the local list when consent was given, else nowhere.
func (d *Device) record(ctx context.Context, body map[string]any) (Outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out Outcome
	if err := d.resume(ctx, &out); err != nil {
		return out, err
	}
	ev := Event{ID: d.cfg.NewID(), At: d.now(), Body: body}
	if done, err := d.toIdentity(ctx, &out, func() error {
		tracked, err := d.cfg.Backend.Track(ctx, d.st.Who, []Event{ev})
		out.Credited = tracked.Credited
		return err
	}); done {
		return out, err
	}
	before, beforeEvents := d.st, d.events
	if !d.st.Consent {
		return out, d.drop(ctx, &out)
	}
	le := LocalEvent{Seq: d.st.NextSeq, Event: ev}
	d.st.NextSeq++
	d.st.Stored++
	events := append(append(make([]LocalEvent, 0, len(d.events)+1), d.events...), le)
	var removed []uint64
	for len(events) > d.cfg.EventLimit {
		removed = append(removed, events[0].Seq)
		events = events[1:]
	}
	d.events = events
	d.st.Evicted += len(removed)
	out.Stored, out.Evicted = true, len(removed)
	d.appendRecord(le, removed)
	if err := d.commit(ctx, before, beforeEvents, Change{Append: []LocalEvent{le}, Remove: removed}); err != nil {
		return out, err
	}
	return out, d.evaluate(ctx, &out)
}

// UpdateUser merges fields into the profile: the active identity's, or the
// visitor's one local profile-update object (deep merge).
func (d *Device) UpdateUser(ctx context.Context, fields map[string]any) (Outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out Outcome
	if len(fields) == 0 {
		return out, errors.New("updateUser needs at least one data field")
	}
	if err := d.resume(ctx, &out); err != nil {
		return out, err
	}
	now := d.now()
	if done, err := d.toIdentity(ctx, &out, func() error {
		return d.cfg.Backend.UpdateUser(ctx, d.st.Who, fields, now)
	}); done {
		return out, err
	}
	before, beforeEvents := d.st, d.events
	if !d.st.Consent {
		return out, d.drop(ctx, &out)
	}
	d.st.ProfileUpdate = DeepMerge(d.st.ProfileUpdate, fields)
	d.st.ProfileUpdateAt = now
	d.st.Stored++
	out.Stored = true
	d.refreshProfileRecord()
	if err := d.commit(ctx, before, beforeEvents, Change{}); err != nil {
		return out, err
	}
	return out, d.evaluate(ctx, &out)
}

// toIdentity sends a call to the profile of the active identity, when
// there is one. done says the call is over: sent, or failed. A profile
// found forgotten ends the identity (identityGone), and the call is then
// not done: it goes on as a visitor's.
func (d *Device) toIdentity(ctx context.Context, out *Outcome, send func() error) (done bool, err error) {
	if d.st.Mode == Visitor {
		return false, nil
	}
	err = send()
	if errors.Is(err, ErrIdentityGone) {
		err = d.identityGone(ctx, out)
	}
	if err != nil || d.st.Mode != Visitor {
		out.Sent = err == nil
		return true, err
	}
	return false, nil
}

// drop counts a visitor's call made without consent: nothing is kept.
func (d *Device) drop(ctx context.Context, out *Outcome) error {
	before, beforeEvents := d.st, d.events
	d.st.Dropped++
	out.Dropped = true
	return d.commit(ctx, before, beforeEvents, Change{})
}

// identityGone ends an identity whose profile was forgotten: the device is a
// visitor again (consent kept), so the call that found out is routed as a
// visitor's.
func (d *Device) identityGone(ctx context.Context, out *Outcome) error {
	before, beforeEvents := d.st, d.events
	out.Notes = append(out.Notes, "the profile of "+describe(d.st.Who)+" was forgotten: a visitor again")
	d.st.Mode, d.st.Who, d.st.Inbox = Visitor, Identity{}, nil
	d.clearLocal()
	if d.st.Consent {
		d.fetchCriteria(ctx, out)
	}
	return d.commit(ctx, before, beforeEvents, Change{Clear: true})
}
