package device

import (
	"context"
	"errors"
	"fmt"
)

// evaluate runs the cached criteria over the visitor's local data after a
// stored event (SPEC.md §7.1) and activates on a match.
func (d *Device) evaluate(ctx context.Context, out *Outcome) error {
	if d.st.Mode != Visitor || d.st.Pending != nil || d.tally == nil || d.criteria.Len() == 0 {
		return nil
	}
	id, ok := d.tally.Match()
	if !ok {
		return nil
	}
	before, beforeEvents := d.st, d.events
	d.st.Pending = &Activation{UserID: d.cfg.NewID(), CriteriaID: id, CriteriaVersion: d.st.CriteriaVersion, At: d.now()}
	// The pending activation is stored before the project is asked, so that
	// after a crash the device finishes it with the same userId instead of
	// creating a second unknown user.
	if err := d.commit(ctx, before, beforeEvents, Change{}); err != nil {
		return err
	}
	return d.completeActivation(ctx, out)
}

// resume finishes an activation or an identification left pending by a
// failure or a crash before doing anything else.
func (d *Device) resume(ctx context.Context, out *Outcome) error {
	if d.st.PendingIdentify != nil {
		req := *d.st.PendingIdentify
		if err := d.completeIdentify(ctx, req, out); err != nil {
			d.cfg.Logger.Warn("pending identify failed again", "device", d.cfg.ID, "err", err)
		}
	}
	if d.st.Pending == nil {
		return nil
	}
	return d.completeActivation(ctx, out)
}

// completeActivation creates the unknown profile with the local data replayed
// onto it, then, only once the project has committed it, clears the local
// data (SPEC.md §8.3; replay that cannot lose events).
func (d *Device) completeActivation(ctx context.Context, out *Outcome) error {
	p := d.st.Pending
	events := make([]Event, len(d.events))
	for i, le := range d.events {
		events[i] = le.Event
	}
	req := UnknownUserRequest{
		DeviceID: d.cfg.ID, Platform: d.cfg.Platform, UserID: p.UserID,
		CriteriaID: p.CriteriaID, CriteriaVersion: p.CriteriaVersion, At: p.At,
		Sessions: d.st.Sessions, PushOptIn: d.cfg.PushOptIn && d.cfg.Platform != "web",
		Events: events, ProfileUpdate: d.st.ProfileUpdate, ProfileUpdateAt: d.st.ProfileUpdateAt,
	}
	res, err := d.cfg.Backend.CreateUnknownUser(ctx, req)
	before, beforeEvents := d.st, d.events
	switch {
	case errors.Is(err, ErrOutdatedCriteria):
		// HTTP 409: nothing was created. Refetch and match again on the next
		// stored event.
		d.st.Pending = nil
		out.Outdated = true
		d.fetchCriteria(ctx, out)
		return d.commit(ctx, before, beforeEvents, Change{})
	case err != nil:
		// Keep the pending activation: the next call retries it with the same
		// userId, which the project treats as a repeat.
		return fmt.Errorf("create unknown user: %w", err)
	}
	d.st.Pending = nil
	d.st.Mode = Unknown
	d.st.Who = Identity{UserID: res.UserID, Email: res.Email}
	d.clearLocal()
	out.Activated = &Activated{UserID: res.UserID, Email: res.Email, CriteriaID: p.CriteriaID, Replayed: len(events)}
	return d.commit(ctx, before, beforeEvents, Change{Clear: true})
}

// Identify tells the device who its person is (setEmail / setUserId,
// SPEC.md §10). A visitor becomes known, its local data replayed or dropped;
// an unknown user is converted, merged into the existing known profile, or
// left behind; a known user switches to another known identity. When the
// project refuses (a merge that fails, an invalid identifier), the device
// keeps its identity and its data.
func (d *Device) Identify(ctx context.Context, to Identity, o *Override) (Outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out Outcome
	if to.IsZero() {
		return out, ErrNoIdentity
	}
	if err := d.resume(ctx, &out); err != nil {
		return out, err
	}
	if d.st.Mode == Known && sameIdentity(d.st.Who, to) {
		out.Notes = append(out.Notes, "already identified as "+describe(to))
		return out, nil
	}
	replay, merge := d.cfg.Resolution.ReplayOnVisitorToKnown, d.cfg.Resolution.MergeOnUnknownToKnown
	if o != nil && o.Replay != nil {
		replay = *o.Replay
	}
	if o != nil && o.Merge != nil {
		merge = *o.Merge
	}
	req := IdentifyRequest{DeviceID: d.cfg.ID, Platform: d.cfg.Platform, At: d.now(), To: to, Merge: merge}
	switch d.st.Mode {
	case Unknown:
		req.From, req.FromUnknown = d.st.Who, true
	case Known:
		req.From = d.st.Who
	default:
		req.Replay = replay
		if replay {
			for _, le := range d.events {
				req.Events = append(req.Events, le.Event)
			}
			req.ProfileUpdate, req.ProfileUpdateAt = d.st.ProfileUpdate, d.st.ProfileUpdateAt
		}
	}
	// Recorded before asking, so that a crash after the project committed
	// is resumed with the same request (see State.PendingIdentify).
	before, beforeEvents := d.st, d.events
	d.st.PendingIdentify = &req
	if err := d.commit(ctx, before, beforeEvents, Change{}); err != nil {
		return out, err
	}
	return out, d.completeIdentify(ctx, req, &out)
}

// completeIdentify sends an identification and records its answer: on
// success the device is known and its local data is cleared; on a refusal
// it keeps its identity and data. Either way the request is no longer
// pending.
func (d *Device) completeIdentify(ctx context.Context, req IdentifyRequest, out *Outcome) error {
	res, err := d.cfg.Backend.Identify(ctx, req)
	before, beforeEvents := d.st, d.events
	d.st.PendingIdentify = nil
	if err != nil {
		if cerr := d.commit(ctx, before, beforeEvents, Change{}); cerr != nil {
			return errors.Join(err, cerr)
		}
		return err
	}
	d.st.Mode, d.st.Who = Known, res.Known
	d.st.Inbox = nil // the previous identity's messages (SPEC.md §10.2)
	d.clearLocal()
	out.Identified = &res
	return d.commit(ctx, before, beforeEvents, Change{Clear: true})
}

// Logout returns the device to a visitor: the identity (known or unknown) is
// cleared, consent is kept, and a consenting visitor refetches criteria so
// that it can activate again.
func (d *Device) Logout(ctx context.Context) (Outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out Outcome
	if err := d.resume(ctx, &out); err != nil {
		d.cfg.Logger.Warn("pending activation dropped by logout", "device", d.cfg.ID, "err", err)
	}
	if d.st.Mode == Visitor && d.st.Pending == nil {
		out.Notes = append(out.Notes, "already a visitor")
		return out, nil
	}
	before, beforeEvents := d.st, d.events
	d.st.Mode, d.st.Who, d.st.Pending = Visitor, Identity{}, nil
	d.st.Inbox = nil
	d.clearLocal()
	if d.st.Consent {
		d.fetchCriteria(ctx, &out)
	}
	return out, d.commit(ctx, before, beforeEvents, Change{Clear: true})
}

func sameIdentity(a, b Identity) bool {
	return (b.Email == "" || a.Email == b.Email) && (b.UserID == "" || a.UserID == b.UserID)
}

func describe(id Identity) string {
	switch {
	case id.Email != "" && id.UserID != "":
		return id.Email + " (" + id.UserID + ")"
	case id.Email != "":
		return id.Email
	}
	return id.UserID
}
