package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"limen/fixtures"
)

// Actions a visitor takes during a session, as named in personas.json.
const (
	ActViewProduct   = "viewProduct"   // track viewedProduct {id, name, price, category}
	ActReadArticle   = "readArticle"   // track readArticle {slug}
	ActAddToCart     = "addToCart"     // updateCart with the cart's new content
	ActPurchase      = "purchase"      // trackPurchase of the cart (or of one product)
	ActUpdateProfile = "updateProfile" // updateUser {city, ...}
	ActSignUp        = "signUp"        // identify: sign up, or log in again after a logout
	ActLogout        = "logout"        // logout (only when logged in)
	ActRevokeConsent = "revokeConsent" // setVisitorUsageTracked(false) (only when consenting)
)

// Numbers of actions and platforms.
const (
	numActions   = 8
	numPlatforms = 3
)

// actionNames is the fixed order actions are drawn in, so that a draw is
// reproducible whatever the map order of the JSON.
func actionNames() [numActions]string {
	return [...]string{ActViewProduct, ActReadArticle, ActAddToCart, ActPurchase, ActUpdateProfile, ActSignUp, ActLogout, ActRevokeConsent}
}

// platformNames are the platforms a device can have (device.Config.Platform).
func platformNames() [numPlatforms]string { return [...]string{"web", "ios", "android"} }

// Range is an inclusive range of numbers.
type Range struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// PricePreference biases which products a persona looks at: with
// probability Focus a product priced within [Min, Max] (Max 0: no upper
// bound), otherwise any product.
type PricePreference struct {
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Focus float64 `json:"focus"`
}

// SignUp is how a persona identifies: the share of sign-ups that use the
// email of an existing known customer (a log-in on a new device, so an
// active unknown profile is merged into it), the rest using a new address
// of their own (an unknown profile is converted).
type SignUp struct {
	KnownShare float64 `json:"knownShare"`
}

// MessageRates are how a persona responds to the messages it gets as an
// unknown or known user: Open is the probability that a push notification
// is opened; Click that a displayed message (in-app, embedded, an opened
// push) is clicked; Buy that a click leads to buying the product the person
// viewed last, at the campaign's discount, in that session.
type MessageRates struct {
	Open  float64 `json:"open"`
	Click float64 `json:"click"`
	Buy   float64 `json:"buy"`
}

// Persona is one kind of visitor.
type Persona struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	About string `json:"about"`
	// Share is the persona's default weight in the mix.
	Share float64 `json:"share"`
	// Platforms weighs "web", "ios" and "android".
	Platforms map[string]float64 `json:"platforms"`
	// PushOptIn is the probability that a mobile device allows notifications.
	PushOptIn float64 `json:"pushOptIn"`
	// ConsentFactor multiplies Settings.ConsentRate (the result is capped at 1).
	ConsentFactor float64 `json:"consentFactor"`
	// Sessions per visit and actions per session (whole numbers, inclusive).
	Sessions          Range `json:"sessions"`
	ActionsPerSession Range `json:"actionsPerSession"`
	// ThinkSeconds between two actions; HoursBetweenSessions between two
	// sessions (uniform in the range).
	ThinkSeconds         Range              `json:"thinkSeconds"`
	HoursBetweenSessions Range              `json:"hoursBetweenSessions"`
	Price                PricePreference    `json:"price"`
	Actions              map[string]float64 `json:"actions"`
	SignUp               SignUp             `json:"signUp"`
	Messages             MessageRates       `json:"messages"`
}

// DefaultPersonas are the personas of fixtures/personas.json.
func DefaultPersonas() []Persona {
	ps, err := ParsePersonas(fixtures.Personas())
	if err != nil {
		panic("sim: fixtures/personas.json: " + err.Error()) // embedded and tested: a build mistake
	}
	return ps
}

// ParsePersonas reads a persona document ({"personas": [...]}) and
// validates every persona.
func ParsePersonas(doc []byte) ([]Persona, error) {
	var d struct {
		Personas []Persona `json:"personas"`
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, err
	}
	if len(d.Personas) == 0 {
		return nil, fmt.Errorf("no personas")
	}
	seen := map[string]bool{}
	for i := range d.Personas {
		p := &d.Personas[i]
		if seen[p.Name] {
			return nil, fmt.Errorf("personas[%d]: name %q is used twice", i, p.Name)
		}
		seen[p.Name] = true
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("personas[%d]: %w", i, err)
		}
	}
	return d.Personas, nil
}

// Validate checks that a persona can be simulated.
func (p *Persona) Validate() error {
	if p.Name == "" {
		return fmt.Errorf("name is empty")
	}
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("%s: %s: %s", p.Name, field, fmt.Sprintf(format, args...))
	}
	platforms, actions := platformNames(), actionNames()
	if err := checkWeights(p.Platforms, platforms[:]); err != nil {
		return bad("platforms", "%v", err)
	}
	if err := checkWeights(p.Actions, actions[:]); err != nil {
		return bad("actions", "%v", err)
	}
	for field, v := range map[string]float64{"share": p.Share, "consentFactor": p.ConsentFactor} {
		if v < 0 || !finite(v) {
			return bad(field, "must be a number ≥ 0")
		}
	}
	probabilities := []struct {
		field string
		v     float64
	}{{"pushOptIn", p.PushOptIn}, {"price.focus", p.Price.Focus}, {"signUp.knownShare", p.SignUp.KnownShare},
		{"messages.open", p.Messages.Open}, {"messages.click", p.Messages.Click}, {"messages.buy", p.Messages.Buy}}
	for _, x := range probabilities {
		if !(x.v >= 0 && x.v <= 1) {
			return bad(x.field, "must be between 0 and 1, got %g", x.v)
		}
	}
	ranges := []struct {
		field string
		r     Range
		least float64
	}{{"sessions", p.Sessions, 1}, {"actionsPerSession", p.ActionsPerSession, 0}, {"thinkSeconds", p.ThinkSeconds, 1}, {"hoursBetweenSessions", p.HoursBetweenSessions, 0}}
	for _, x := range ranges {
		if !finite(x.r.Min) || !finite(x.r.Max) || x.r.Min < x.least || x.r.Max < x.r.Min {
			return bad(x.field, "want %g ≤ min ≤ max, got min %g max %g", x.least, x.r.Min, x.r.Max)
		}
	}
	if p.Price.Min < 0 || p.Price.Max < 0 || (p.Price.Max > 0 && p.Price.Max < p.Price.Min) {
		return bad("price", "want 0 ≤ min ≤ max (max 0: no upper bound)")
	}
	return nil
}

// checkWeights accepts weights ≥ 0 for known keys only, at least one > 0.
func checkWeights(w map[string]float64, known []string) error {
	total := 0.0
	for k, v := range w {
		if !slices.Contains(known, k) {
			return fmt.Errorf("unknown key %q (use %v)", k, known)
		}
		if v < 0 || !finite(v) {
			return fmt.Errorf("%s: weight must be ≥ 0", k)
		}
		total += v
	}
	if total <= 0 {
		return fmt.Errorf("needs at least one weight above 0")
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// compiledPersona is a persona ready to draw from: weights in fixed order.
type compiledPersona struct {
	*Persona
	platforms [numPlatforms]float64
	actions   [numActions]float64
	focus     []int // catalog indexes within the price preference
}
