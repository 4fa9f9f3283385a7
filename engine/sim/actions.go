package sim

import (
	"context"
	"fmt"

	"limen/engine/device"
	"limen/fixtures"
)

// act draws one action from the persona's weights, leaving out those that
// make no sense now (signing up while logged in, logging out while not,
// revoking consent never given), and does it.
func (v *visitor) act(ctx context.Context, s *Sim) {
	if o := v.offer; o != nil {
		v.offer = nil
		v.buyOffer(ctx, s, o)
		return
	}
	w, names := v.cp.actions, actionNames()
	for i, a := range names {
		switch {
		case a == ActSignUp && v.mode == device.Known,
			a == ActLogout && v.mode != device.Known,
			a == ActRevokeConsent && !v.consent:
			w[i] = 0
		}
	}
	a := ActViewProduct
	if i := pick(v.rng, w[:]); i >= 0 {
		a = names[i]
	}
	var out device.Outcome
	var err error
	switch a {
	case ActViewProduct:
		p := v.product(s)
		v.lastViewed = &p
		out, err = v.dev.Track(ctx, "viewedProduct", map[string]any{"id": p.ID, "name": p.Name, "price": p.Price, "category": p.Category})
	case ActReadArticle:
		out, err = v.dev.Track(ctx, "readArticle", map[string]any{"slug": fmt.Sprintf("guide-%02d", v.rng.IntN(30))})
	case ActAddToCart:
		v.addToCart(v.product(s), 1+v.rng.IntN(2))
		out, err = v.dev.UpdateCart(ctx, v.cart)
	case ActPurchase:
		if len(v.cart) == 0 {
			v.addToCart(v.product(s), 1)
		}
		total := 0.0
		for _, it := range v.cart {
			total += it.Price * float64(it.Quantity)
		}
		out, err = v.purchase(ctx, s, v.cart, total, map[string]any{"items": len(v.cart)})
		v.cart = nil
	case ActUpdateProfile:
		p := v.product(s)
		out, err = v.dev.UpdateUser(ctx, map[string]any{"city": s.cities[v.rng.IntN(len(s.cities))], "favoriteCategory": p.Category})
	case ActSignUp:
		v.signUp(ctx, s)
		return
	case ActLogout:
		out, err = v.dev.Logout(ctx)
		s.account(v, false, out, err)
		if err == nil {
			s.st.logouts.Add(1)
			s.setMode(v, device.Visitor)
		}
		return
	case ActRevokeConsent:
		v.setConsent(ctx, s, false)
		return
	}
	s.account(v, true, out, err)
}

// product draws a product, within the persona's price preference with
// probability Focus.
func (v *visitor) product(s *Sim) fixtures.Product {
	focused := v.rng.Float64() < v.cp.Price.Focus
	if focused && len(v.cp.focus) > 0 {
		return s.catalog[v.cp.focus[v.rng.IntN(len(v.cp.focus))]]
	}
	return s.catalog[v.rng.IntN(len(s.catalog))]
}

func (v *visitor) addToCart(p fixtures.Product, qty int) {
	for i := range v.cart {
		if v.cart[i].ID == p.ID {
			v.cart[i].Quantity += qty
			return
		}
	}
	v.cart = append(v.cart, device.Item{ID: p.ID, Name: p.Name, Price: p.Price, Quantity: qty, Categories: p.Categories})
}

// signUp identifies: the first time as a known customer (KnownShare) or
// with an address of its own, later (after a logout) as the same person.
func (v *visitor) signUp(ctx context.Context, s *Sim) {
	if v.who.IsZero() {
		known := v.rng.Float64() < v.cp.SignUp.KnownShare
		if known && len(s.known) > 0 {
			v.who = s.known[v.rng.IntN(len(s.known))]
		} else {
			v.who = newIdentity(s.idType, v.dev.ID())
		}
	}
	out, err := v.dev.Identify(ctx, v.who, nil)
	s.account(v, false, out, err)
}

// setConsent grants or revokes consent (the mirror says it changes).
func (v *visitor) setConsent(ctx context.Context, s *Sim, granted bool) {
	out, err := v.dev.SetConsent(ctx, granted)
	s.account(v, false, out, err)
	if err != nil {
		return
	}
	v.consent = granted
	detail := "granted"
	if granted {
		s.st.consents.Add(1)
		s.st.reach(v, stageConsented)
	} else {
		detail = "revoked"
		s.st.revokes.Add(1)
		v.version = 0
		if v.mode == device.Unknown {
			s.setMode(v, device.Visitor) // revoking ends an unknown identity
		}
	}
	s.emit(v, EventConsent, "", detail)
}

// account counts one device call from its outcome. tracking says it was a
// tracking call (event, cart, purchase, profile update).
func (s *Sim) account(v *visitor, tracking bool, out device.Outcome, err error) {
	c := &s.st
	c.ops.Add(1)
	c.called(v.at)
	c.evRing[s.curTick%Window].Add(1)
	if tracking {
		c.calls.Add(1)
	}
	if err != nil {
		s.failed(v, err)
		return
	}
	if out.Stored {
		c.stored.Add(1)
		v.stored++
	}
	if out.Sent {
		c.sent.Add(1)
	}
	if out.Dropped {
		c.dropped.Add(1)
		v.dropped++
	}
	if out.Evicted > 0 {
		c.evicted.Add(int64(out.Evicted))
		v.evicted += out.Evicted
	}
	if out.CriteriaVersion != 0 {
		v.version = out.CriteriaVersion
	}
	if out.Outdated {
		c.outdated.Add(1)
	}
	if n := len(out.Shown) + len(out.Received); n > 0 {
		c.messages.shown.Add(int64(len(out.Shown)))
		c.messages.received.Add(int64(len(out.Received)))
		c.reach(v, stageMessaged)
	}
	if m := out.Clicked; m != nil {
		c.messages.clicks.Add(1)
		c.reach(v, stageClicked)
	}
	if a := out.Activated; a != nil {
		c.activations.Add(1)
		c.activatedBy(a.CriteriaID)
		c.actRing[s.minute(v.at)%Window].Add(1)
		s.setMode(v, device.Unknown)
		c.reach(v, stageActivated)
		s.emit(v, EventActivated, a.UserID, "criteria "+a.CriteriaID)
	}
	if r := out.Identified; r != nil {
		s.identified(v, r)
	}
}

// identified counts an identification and its outcome.
func (s *Sim) identified(v *visitor, r *device.IdentifyResult) {
	c := &s.st
	fromUnknown := v.mode == device.Unknown
	c.signUps.Add(1)
	if !v.signedUp {
		v.signedUp = true
		c.persona[v.persona].signedUp.Add(1)
	}
	kind := EventSignedUp
	switch r.Outcome {
	case device.OutcomeCreated:
		c.created.Add(1)
	case device.OutcomeExisting:
		c.existing.Add(1)
	case device.OutcomeConverted:
		c.conversions.Add(1)
		kind = EventConverted
	case device.OutcomeMerged:
		c.merges.Add(1)
		kind = EventMerged
	case device.OutcomeAbandoned:
		c.abandoned.Add(1)
		kind = EventAbandoned
	}
	if fromUnknown && !v.reached[stageIdentified] {
		c.reach(v, stageIdentified)
		switch r.Outcome {
		case device.OutcomeConverted:
			c.reach(v, stageConverted)
		case device.OutcomeMerged:
			c.reach(v, stageMerged)
		}
	}
	s.setMode(v, device.Known)
	who := r.Known.Email
	if who == "" {
		who = r.Known.UserID
	}
	s.emit(v, kind, who, r.Outcome)
}

// failed counts a failed call and re-reads the device's state, which the
// device keeps consistent with what it committed.
func (s *Sim) failed(v *visitor, err error) {
	c := &s.st
	c.fail(fmt.Errorf("%s: %w", v.dev.ID(), err))
	s.emit(v, EventError, "", err.Error())
	st, _ := v.dev.Snapshot()
	c.stored.Add(int64(st.Stored - v.stored))
	c.dropped.Add(int64(st.Dropped - v.dropped))
	c.evicted.Add(int64(st.Evicted - v.evicted))
	v.stored, v.dropped, v.evicted = st.Stored, st.Dropped, st.Evicted
	v.consent, v.version = st.Consent, st.CriteriaVersion
	s.setMode(v, st.Mode)
}

// setMode moves the visitor's device between the mode counters.
func (s *Sim) setMode(v *visitor, m device.Mode) {
	if v.mode == m {
		return
	}
	s.st.modes[modeIndex(v.mode)].Add(-1)
	s.st.modes[modeIndex(m)].Add(1)
	v.mode = m
}

func modeIndex(m device.Mode) int {
	switch m {
	case device.Unknown:
		return 1
	case device.Known:
		return 2
	}
	return 0
}

// settle updates which criteria version the device holds, after each step.
func (s *Sim) settle(v *visitor) {
	var held uint64
	if v.mode == device.Visitor && v.consent {
		held = v.version
	}
	s.st.hold(v.held, held)
	v.held = held
}

// emit sends a log event without ever blocking: when the buffer is full the
// event is dropped and counted.
func (s *Sim) emit(v *visitor, kind, who, detail string) {
	e := Event{At: v.at, Kind: kind, Visitor: v.idx, Device: fmt.Sprintf("%s%06d", s.DevicePrefix(), v.idx),
		Persona: s.names[v.persona], Who: who, Detail: detail}
	select {
	case s.log <- e:
	default:
		s.st.logDropped.Add(1)
	}
}
