package scenario

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"limen/engine"
	"limen/engine/device"
)

// Report is what a scenario run ends with.
type Report struct {
	Name     string          `json:"name,omitempty"`
	Timeline []Line          `json:"timeline"`
	Profiles []ProfileReport `json:"profiles"`
	Devices  []DeviceReport  `json:"devices"`
	Ledger   []LedgerReport  `json:"ledger"`
	// Campaigns are the campaigns the scenario created, with their figures
	// at the end (absent when it created none).
	Campaigns []CampaignReport `json:"campaigns,omitempty"`
}

// ProfileReport is one profile at the end of a run, with its events oldest
// first.
type ProfileReport struct {
	UserID            string         `json:"userId,omitempty"`
	Email             string         `json:"email,omitempty"`
	PlaceholderEmail  bool           `json:"placeholderEmail"`
	Kind              string         `json:"kind"`
	MatchedCriteriaID string         `json:"matchedCriteriaId,omitempty"`
	DataFields        map[string]any `json:"dataFields"`
	Events            []EventReport  `json:"events"`
}

// EventReport is one event of a profile.
type EventReport struct {
	Type          string         `json:"type"`
	EventName     string         `json:"eventName,omitempty"`
	CreatedAt     time.Time      `json:"createdAt"`
	DataFields    map[string]any `json:"dataFields,omitempty"`
	IsUnknownUser *bool          `json:"isUnknownUser,omitempty"`
}

// DeviceReport is one device at the end of a run.
type DeviceReport struct {
	ID          string `json:"id"`
	State       string `json:"state"`
	Consent     bool   `json:"consent"`
	LocalEvents int    `json:"localEvents"`
	Dropped     int    `json:"dropped"`
	Evicted     int    `json:"evicted"`
}

// LedgerReport is one identity ledger entry.
type LedgerReport struct {
	Op           string           `json:"op"`
	At           time.Time        `json:"at"`
	UserID       string           `json:"userId,omitempty"`
	Email        string           `json:"email,omitempty"`
	Kind         string           `json:"kind,omitempty"`
	CriteriaID   string           `json:"criteriaId,omitempty"`
	DeviceID     string           `json:"deviceId,omitempty"`
	FromUserID   string           `json:"fromUserId,omitempty"`
	EventsMoved  int              `json:"eventsMoved,omitempty"`
	FieldsKept   int              `json:"fieldsKept,omitempty"`
	FieldsCopied int              `json:"fieldsCopied,omitempty"`
	Before       []engine.Profile `json:"before,omitempty"`
}

// Report collects the run's profiles (oldest first), devices and identity
// ledger.
func (r *Runner) Report(ctx context.Context, timeline []Line) (*Report, error) {
	rep := &Report{Name: r.sc.Name, Timeline: timeline, Profiles: []ProfileReport{}, Devices: []DeviceReport{}, Ledger: []LedgerReport{}}
	var cur engine.Cursor
	for {
		page, next, err := r.p.ListProfiles(engine.ProfileQuery{After: cur, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, pr := range page {
			pr2 := ProfileReport{UserID: pr.UserID, Email: pr.Email, PlaceholderEmail: pr.Placeholder, Kind: pr.Kind,
				MatchedCriteriaID: pr.MatchedCriteriaID, DataFields: pr.DataFields, Events: []EventReport{}}
			if err := r.collectEvents(pr.ID, &pr2); err != nil {
				return nil, err
			}
			rep.Profiles = append(rep.Profiles, pr2)
		}
		if next == "" || len(page) == 0 {
			break
		}
		cur = next
	}
	for _, d := range r.Devices() {
		st, events := d.Snapshot()
		rep.Devices = append(rep.Devices, DeviceReport{ID: st.ID, State: string(st.Mode), Consent: st.Consent,
			LocalEvents: len(events), Dropped: st.Dropped, Evicted: st.Evicted})
	}
	var after uint64
	for {
		entries, err := r.p.IdentityLedger(after, 500)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			rep.Ledger = append(rep.Ledger, LedgerReport{Op: e.Op, At: e.At, UserID: e.UserID, Email: e.Email, Kind: e.Kind,
				CriteriaID: e.CriteriaID, DeviceID: e.DeviceID, FromUserID: e.FromUserID, EventsMoved: e.EventsMoved,
				FieldsKept: e.FieldsKept, FieldsCopied: e.FieldsCopied, Before: e.Before})
			after = e.Seq
		}
		if len(entries) < 500 {
			break
		}
	}
	camps, err := r.camps.Report()
	if err != nil {
		return nil, err
	}
	rep.Campaigns = camps
	return rep, nil
}

func (r *Runner) collectEvents(id uint64, out *ProfileReport) error {
	var cur engine.Cursor
	for {
		events, next, err := r.p.Events(id, engine.EventQuery{After: cur, Limit: 500})
		if err != nil {
			return err
		}
		for _, e := range events {
			out.Events = append(out.Events, EventReport{Type: e.Type, EventName: e.EventName, CreatedAt: e.CreatedAt,
				DataFields: e.DataFields, IsUnknownUser: e.IsUnknownUser})
		}
		if next == "" || len(events) == 0 {
			return nil
		}
		cur = next
	}
}

// WriteText writes the report for people: the timeline, then the profiles,
// devices and ledger it ended with.
func (rep *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if rep.Name != "" {
		fmt.Fprintf(tw, "%s\n\n", rep.Name)
	}
	for _, l := range rep.Timeline {
		who := l.Device
		if who == "" {
			who = "—"
		}
		text := l.Text
		if l.Error != "" {
			text = strings.TrimPrefix(text+"; ", "; ") + "REFUSED: " + l.Error
		}
		fmt.Fprintf(tw, "%2d  %s\t%s\t%s\t%s\n", l.Step, l.Offset, who, l.Do, text)
	}
	fmt.Fprintf(tw, "\nprofiles (%d)\n", len(rep.Profiles))
	for _, p := range rep.Profiles {
		email := p.Email
		if p.PlaceholderEmail {
			email += " (placeholder)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\tcriteria %s\t%d events\n", p.Kind, orDash(p.UserID), orDash(email), orDash(p.MatchedCriteriaID), len(p.Events))
	}
	fmt.Fprintf(tw, "\ndevices (%d)\n", len(rep.Devices))
	for _, d := range rep.Devices {
		fmt.Fprintf(tw, "  %s\t%s\tconsent %v\t%d local events\t%d dropped\t%d evicted\n", d.ID, d.State, d.Consent, d.LocalEvents, d.Dropped, d.Evicted)
	}
	fmt.Fprintf(tw, "\nidentity ledger (%d)\n", len(rep.Ledger))
	for _, e := range rep.Ledger {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", e.At.Format("2006-01-02 15:04:05"), e.Op, ledgerText(e))
	}
	if len(rep.Campaigns) > 0 {
		fmt.Fprintf(tw, "\ncampaigns (%d)\n", len(rep.Campaigns))
	}
	for _, c := range rep.Campaigns {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\teligible %d\t%d delivered\t%d shown\t%d clicked\t%d dismissed\t%d converted\trevenue %s\n",
			c.Name, ChannelName(c.Channel), AudienceText(c.Audience), c.State, c.Eligible, c.Delivered, c.Shown, c.Clicked, c.Dismissed, c.Converted, Money(c.Revenue))
	}
	return tw.Flush()
}

func ledgerText(e LedgerReport) string {
	who := Who(device.Identity{Email: e.Email, UserID: e.UserID})
	switch e.Op {
	case engine.OpMerge:
		return fmt.Sprintf("unknown %s merged into %s (%d event%s moved, %d field%s kept, %d copied)",
			e.FromUserID, who, e.EventsMoved, plural(e.EventsMoved), e.FieldsKept, plural(e.FieldsKept), e.FieldsCopied)
	case engine.OpConvert:
		return fmt.Sprintf("unknown %s converted to %s", e.FromUserID, who)
	case engine.OpCreate:
		s := fmt.Sprintf("%s profile %s", e.Kind, who)
		if e.CriteriaID != "" {
			s += " activated by criteria " + e.CriteriaID
		}
		if e.DeviceID != "" {
			s += " on device " + e.DeviceID
		}
		return s
	}
	return who
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
