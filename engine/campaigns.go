package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"limen/engine/content"
	"limen/engine/device"
	"limen/storage"
)

// Audience kinds: who a campaign may message.
const (
	AudienceUnknown  = "unknown"  // unknown profiles
	AudienceKnown    = "known"    // known profiles
	AudienceCriteria = "criteria" // profiles activated by one criteria set
)

// Campaign states.
const (
	CampaignDraft   = "draft"
	CampaignRunning = "running"
	CampaignStopped = "stopped"
)

// DefaultAttributionHours is how long after a click a purchase is credited
// to the campaign when the campaign does not say.
const DefaultAttributionHours = 24

// Audience says who a campaign may message.
type Audience struct {
	Kind       string `json:"kind"`                 // AudienceUnknown, AudienceKnown or AudienceCriteria
	CriteriaID string `json:"criteriaId,omitempty"` // AudienceCriteria only
}

func (a Audience) String() string {
	switch a.Kind {
	case AudienceUnknown:
		return "unknown users"
	case AudienceKnown:
		return "known users"
	case AudienceCriteria:
		return "activated by " + a.CriteriaID
	}
	return a.Kind
}

// Campaign is a message sent to an audience on one channel. Title, Body and
// Button are templates (package content) personalised for each profile.
type Campaign struct {
	ID        uint64   `json:"id"`
	Name      string   `json:"name"`
	Channel   string   `json:"channel"` // device.ChannelInApp, ChannelEmbedded, ChannelPush or ChannelEmail
	Audience  Audience `json:"audience"`
	Placement string   `json:"placement,omitempty"` // embedded only
	Title     string   `json:"title,omitempty"`
	Body      string   `json:"body"`
	Button    string   `json:"button,omitempty"`
	// Discount is the offer in percent (0: none); templates read it as
	// {{discount}} and {{discounted path}}.
	Discount float64 `json:"discount,omitempty"`
	// AttributionHours: a purchase this long after a click is credited to
	// the campaign (DefaultAttributionHours when 0).
	AttributionHours int       `json:"attributionHours,omitempty"`
	State            string    `json:"state"`
	CreatedAt        time.Time `json:"createdAt"`
	UpdatedAt        time.Time `json:"updatedAt"`
	StartedAt        time.Time `json:"startedAt,omitzero"`
	StoppedAt        time.Time `json:"stoppedAt,omitzero"`
	// Emailed and Skipped are an email campaign's send at its start:
	// messages sent, and profiles of the audience not emailed because they
	// have no real address (placeholders are never emailed).
	Emailed int `json:"emailed,omitempty"`
	Skipped int `json:"skipped,omitempty"`
}

// Window is the campaign's attribution window.
func (c *Campaign) Window() time.Duration {
	h := c.AttributionHours
	if h <= 0 {
		h = DefaultAttributionHours
	}
	return time.Duration(h) * time.Hour
}

// Channels lists the channels in the order the console offers them.
func Channels() []string {
	return []string{device.ChannelInApp, device.ChannelEmbedded, device.ChannelPush, device.ChannelEmail}
}

// AudienceKinds lists the audience kinds in the order the console offers them.
func AudienceKinds() []string { return []string{AudienceUnknown, AudienceKnown, AudienceCriteria} }

// templates parses the campaign's texts.
type templates struct{ title, body, button *content.Template }

// Validate checks a campaign as a marketer wrote it; every problem names
// its field. The criteria set of a criteria audience must exist in the
// published criteria (checked by SaveCampaign, not here).
func (c *Campaign) Validate() error {
	_, err := c.parse()
	return err
}

func (c *Campaign) parse() (templates, error) {
	var errs []error
	bad := func(field, value, format string, args ...any) {
		errs = append(errs, invalid(field, value, format, args...))
	}
	if strings.TrimSpace(c.Name) == "" {
		bad("name", "", "a campaign needs a name")
	} else if len(c.Name) > 120 {
		bad("name", "", "is %d characters long; keep it under 120", len(c.Name))
	}
	if !slices.Contains(Channels(), c.Channel) {
		bad("channel", c.Channel, "must be one of %s", strings.Join(Channels(), ", "))
	}
	switch c.Audience.Kind {
	case AudienceUnknown, AudienceKnown:
		if c.Audience.CriteriaID != "" {
			bad("audience.criteriaId", c.Audience.CriteriaID, "only a %q audience names a criteria set", AudienceCriteria)
		}
	case AudienceCriteria:
		if c.Audience.CriteriaID == "" {
			bad("audience.criteriaId", "", "name the criteria set whose activated profiles get the message")
		}
	default:
		bad("audience.kind", c.Audience.Kind, "must be one of %s", strings.Join(AudienceKinds(), ", "))
	}
	if c.Channel == device.ChannelEmbedded && strings.TrimSpace(c.Placement) == "" {
		bad("placement", "", "an embedded message needs the placement it fills (e.g. %q)", device.DefaultPlacements()[0])
	}
	if c.Channel != device.ChannelEmbedded && c.Placement != "" {
		bad("placement", c.Placement, "only embedded messages have a placement")
	}
	if c.Channel == device.ChannelEmail && c.Audience.Kind == AudienceUnknown {
		bad("channel", c.Channel, "unknown users have only placeholder addresses, which are never emailed; use in-app, embedded or push")
	}
	if math.IsNaN(c.Discount) || c.Discount < 0 || c.Discount >= 100 {
		bad("discount", strconv.FormatFloat(c.Discount, 'f', -1, 64), "must be a percentage from 0 to under 100")
	}
	if c.AttributionHours < 0 || c.AttributionHours > 24*90 {
		bad("attributionHours", strconv.Itoa(c.AttributionHours), "must be between 0 (the default, %d hours) and %d (90 days)", DefaultAttributionHours, 24*90)
	}
	if strings.TrimSpace(c.Body) == "" {
		bad("body", "", "the message has no text")
	}
	t, terr := c.templates()
	if j, ok := terr.(interface{ Unwrap() []error }); ok {
		errs = append(errs, j.Unwrap()...) // one flat list: a problem per field
	}
	return t, errors.Join(errs...)
}

// templates parses the title, body and button; a template that does not
// parse is an *InputError naming its field.
func (c *Campaign) templates() (templates, error) {
	var errs []error
	var t templates
	for _, f := range []struct {
		field string
		text  string
		into  **content.Template
	}{{"title", c.Title, &t.title}, {"body", c.Body, &t.body}, {"button", c.Button, &t.button}} {
		tpl, err := content.Parse(f.text)
		if err != nil {
			errs = append(errs, invalid(f.field, "", "%v", err))
			continue
		}
		*f.into = tpl
	}
	return t, errors.Join(errs...)
}

// SaveCampaign creates a campaign (c.ID 0) or changes one; a running
// campaign's changes apply to messages delivered from now on. It returns
// the campaign as stored.
func (p *Project) SaveCampaign(c Campaign) (Campaign, error) {
	c.Name = strings.TrimSpace(c.Name)
	c.Placement = strings.TrimSpace(c.Placement)
	if err := c.Validate(); err != nil {
		return c, err
	}
	if c.Audience.Kind == AudienceCriteria && !p.criteriaSetExists(c.Audience.CriteriaID) {
		return c, invalid("audience.criteriaId", c.Audience.CriteriaID, "no criteria set has this id")
	}
	err := p.updateCampaigns(func(w *writeTxn) error {
		all, err := allCampaigns(w.txn)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(all, func(o Campaign) bool { return o.ID != c.ID && strings.EqualFold(o.Name, c.Name) }) {
			return invalid("name", c.Name, "another campaign has this name")
		}
		if c.ID == 0 {
			id, err := p.db.NextID(seqCampaign)
			if err != nil {
				return err
			}
			c.ID, c.State, c.CreatedAt = id, CampaignDraft, w.at
			c.StartedAt, c.StoppedAt, c.Emailed, c.Skipped = time.Time{}, time.Time{}, 0, 0
		} else {
			old, err := loadCampaign(w.txn, c.ID)
			if err != nil {
				return err
			}
			if old.Channel != c.Channel && old.State != CampaignDraft {
				return invalid("channel", c.Channel, "cannot change once the campaign has run (it was %s)", old.Channel)
			}
			c.State, c.CreatedAt, c.StartedAt, c.StoppedAt = old.State, old.CreatedAt, old.StartedAt, old.StoppedAt
			c.Emailed, c.Skipped = old.Emailed, old.Skipped
		}
		c.UpdatedAt = w.at
		w.happen(HappeningCampaign, 0, "", fmt.Sprintf("campaign %q saved", c.Name))
		return putJSON(w.txn, storage.CampaignKey(c.ID), c)
	})
	return c, err
}

// criteriaSetExists reports whether a criteria set (draft or published)
// has the id.
func (p *Project) criteriaSetExists(id string) bool {
	sets, err := p.ListCriteria()
	if err != nil {
		return false
	}
	return slices.ContainsFunc(sets, func(s CriteriaSetInfo) bool { return s.ID == id })
}

func loadCampaign(txn *storage.Txn, id uint64) (*Campaign, error) {
	var c Campaign
	err := getJSON(txn, storage.CampaignKey(id), &c)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, notFound("no campaign %d", id)
	}
	return &c, err
}

// Campaign returns one campaign.
func (p *Project) Campaign(id uint64) (Campaign, error) {
	var c *Campaign
	err := p.db.View(func(txn *storage.Txn) error {
		var err error
		c, err = loadCampaign(txn, id)
		return err
	})
	if err != nil {
		return Campaign{}, err
	}
	return *c, nil
}

// Campaigns lists every campaign, newest first.
func (p *Project) Campaigns() ([]Campaign, error) {
	var out []Campaign
	err := p.db.View(func(txn *storage.Txn) error {
		var err error
		out, err = allCampaigns(txn)
		return err
	})
	slices.Reverse(out)
	return out, err
}

// allCampaigns lists every campaign, oldest first.
func allCampaigns(txn *storage.Txn) ([]Campaign, error) {
	var out []Campaign
	err := txn.Iterate(storage.SpaceCampaign.Prefix(), storage.IterOptions{}, func(_, val []byte) error {
		var c Campaign
		if err := json.Unmarshal(val, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// CampaignByName finds a campaign by its name (names are unique, compared
// without regard to case).
func (p *Project) CampaignByName(name string) (Campaign, error) {
	cs, err := p.Campaigns()
	if err != nil {
		return Campaign{}, err
	}
	for _, c := range cs {
		if strings.EqualFold(c.Name, name) {
			return c, nil
		}
	}
	return Campaign{}, notFound("no campaign named %q", name)
}

// StartCampaign starts (or restarts) a campaign: from now on its messages
// are delivered. An email campaign sends its emails now, to every profile of
// its audience that has a real address and has not had it yet.
func (p *Project) StartCampaign(id uint64) (Campaign, error) {
	return p.setCampaignState(id, CampaignRunning)
}

// StopCampaign stops a campaign: nothing more is delivered. Messages
// already delivered can still be clicked, and purchases within the
// attribution window of a click are still credited.
func (p *Project) StopCampaign(id uint64) (Campaign, error) {
	return p.setCampaignState(id, CampaignStopped)
}

func (p *Project) setCampaignState(id uint64, state string) (Campaign, error) {
	var out Campaign
	err := p.updateCampaigns(func(w *writeTxn) error {
		c, err := loadCampaign(w.txn, id)
		if err != nil {
			return err
		}
		if c.State == state {
			out = *c
			return nil
		}
		if state == CampaignStopped && c.State == CampaignDraft {
			return invalid("campaign", c.Name, "is a draft that never ran: start it, or delete it")
		}
		c.State, c.UpdatedAt = state, w.at
		if state == CampaignRunning {
			c.StartedAt = w.at
		} else {
			c.StoppedAt = w.at
		}
		verb := map[string]string{CampaignRunning: "started", CampaignStopped: "stopped"}[state]
		w.happen(HappeningCampaign, 0, "", fmt.Sprintf("campaign %q %s", c.Name, verb))
		out = *c
		return putJSON(w.txn, storage.CampaignKey(c.ID), c)
	})
	if err != nil || state != CampaignRunning || out.Channel != device.ChannelEmail {
		return out, err
	}
	return p.sendEmails(out)
}

// DeleteCampaign removes a draft campaign. A campaign that has run keeps
// its record (its messages and figures are history); stop it instead.
func (p *Project) DeleteCampaign(id uint64) error {
	return p.updateCampaigns(func(w *writeTxn) error {
		c, err := loadCampaign(w.txn, id)
		if err != nil {
			return err
		}
		if c.State != CampaignDraft {
			return invalid("campaign", c.Name, "has run and keeps its history; stop it instead of deleting it")
		}
		w.happen(HappeningCampaign, 0, "", fmt.Sprintf("campaign %q deleted", c.Name))
		return w.txn.Delete(storage.CampaignKey(id))
	})
}

// updateCampaigns runs a write that changes campaigns, and drops the cache
// of campaigns once it committed.
func (p *Project) updateCampaigns(fn func(*writeTxn) error) error {
	p.campMu.Lock()
	defer p.campMu.Unlock()
	defer p.campaigns.Store(nil)
	return p.update(fn)
}

// cachedCampaigns returns every campaign, oldest first, from the cache (read
// again after a change). Callers must not modify the slice.
func (p *Project) cachedCampaigns() ([]Campaign, error) {
	if cs := p.campaigns.Load(); cs != nil {
		return *cs, nil
	}
	p.campMu.Lock()
	defer p.campMu.Unlock()
	if cs := p.campaigns.Load(); cs != nil {
		return *cs, nil
	}
	var cs []Campaign
	err := p.db.View(func(txn *storage.Txn) error {
		var err error
		cs, err = allCampaigns(txn)
		return err
	})
	if err != nil {
		return nil, err
	}
	p.campaigns.Store(&cs)
	return cs, nil
}
