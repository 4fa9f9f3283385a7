package messages

import (
	"errors"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
)

// Every engine call runs in a command that returns one of these messages,
// carrying the result, the error and the id of the request it answers; the
// model drops answers to requests it no longer waits for.

// pollInterval is how often the live figures are read while they matter.
const pollInterval = time.Second

// previewDelay is how long typing must pause before the preview renders.
const previewDelay = 150 * time.Millisecond

// poolSize is how many profiles of the audience the preview cycles through.
const poolSize = 100

type listMsg struct {
	req       int
	campaigns []engine.Campaign
	sets      []engine.CriteriaSetInfo
	err       error
}

// listCmd reads the campaigns (newest first) and the criteria sets (for
// the audience names and the editor's picker).
func listCmd(p *engine.Project, req int) tea.Cmd {
	return func() tea.Msg {
		cs, err1 := p.Campaigns()
		sets, err2 := p.ListCriteria()
		return listMsg{req: req, campaigns: cs, sets: sets, err: errors.Join(err1, err2)}
	}
}

type statsMsg struct {
	req   int
	stats map[uint64]engine.CampaignStats
	err   error
	took  time.Duration // how long the read took
}

func statsCmd(p *engine.Project, req int) tea.Cmd {
	return func() tea.Msg {
		start := time.Now()
		s, err := p.AllCampaignStats()
		return statsMsg{req: req, stats: s, err: err, took: time.Since(start)}
	}
}

// nextPoll is when to read the figures again after a read that took took:
// every pollInterval, but never spending more than a fifth of the time
// reading (a campaign delivered to hundreds of thousands of people takes
// a while to add up).
func nextPoll(took time.Duration) time.Duration { return max(pollInterval, 5*took) }

// pollMsg is the poll tick: time to read the figures again.
type pollMsg struct{}

// Operations on a campaign.
const (
	opSave   = "save"
	opStart  = "start"
	opStop   = "stop"
	opDelete = "delete"
)

type opMsg struct {
	req      int
	op       string
	campaign engine.Campaign
	err      error
}

func saveCmd(p *engine.Project, req int, c engine.Campaign) tea.Cmd {
	return func() tea.Msg {
		out, err := p.SaveCampaign(c)
		return opMsg{req: req, op: opSave, campaign: out, err: err}
	}
}

func startCmd(p *engine.Project, req int, c engine.Campaign) tea.Cmd {
	return func() tea.Msg {
		out, err := p.StartCampaign(c.ID)
		if err != nil {
			out = c
		}
		return opMsg{req: req, op: opStart, campaign: out, err: err}
	}
}

func stopCmd(p *engine.Project, req int, c engine.Campaign) tea.Cmd {
	return func() tea.Msg {
		out, err := p.StopCampaign(c.ID)
		if err != nil {
			out = c
		}
		return opMsg{req: req, op: opStop, campaign: out, err: err}
	}
}

func deleteCmd(p *engine.Project, req int, c engine.Campaign) tea.Cmd {
	return func() tea.Msg {
		return opMsg{req: req, op: opDelete, campaign: c, err: p.DeleteCampaign(c.ID)}
	}
}

// previewDueMsg says typing paused: the preview of edit rev may render.
type previewDueMsg struct{ rev int }

type previewMsg struct {
	req       int
	profileID uint64
	preview   engine.Preview
	rendered  bool // the preview rendered (a profile was given, the campaign is valid)
	blocked   bool // the engine refused to render: the campaign has problems
	// problems are the campaign's validation problems by engine field.
	problems map[string]string
	err      error // reading the profile failed (not a validation problem)
}

// previewCmd validates c and, for a profile, personalises it.
func previewCmd(p *engine.Project, req int, c engine.Campaign, profileID uint64) tea.Cmd {
	return func() tea.Msg {
		msg := previewMsg{req: req, profileID: profileID}
		msg.problems, _ = fieldProblems(c.Validate())
		if profileID == 0 {
			return msg
		}
		pv, err := p.PreviewCampaign(c, profileID)
		switch {
		case err == nil:
			msg.preview, msg.rendered = pv, true
		case errors.Is(err, engine.ErrInvalid):
			msg.blocked = true
		default:
			msg.err = err
		}
		return msg
	}
}

type poolMsg struct {
	req      int
	audience engine.Audience
	profiles []engine.Profile
	err      error
}

// poolCmd lists the newest profiles of an audience, for the preview.
func poolCmd(p *engine.Project, req int, a engine.Audience) tea.Cmd {
	return func() tea.Msg {
		q := engine.ProfileQuery{Desc: true, Limit: poolSize}
		switch a.Kind {
		case engine.AudienceUnknown:
			q.Kind = engine.KindUnknown
		case engine.AudienceKnown:
			q.Kind = engine.KindKnown
		case engine.AudienceCriteria:
			q.CriteriaID = a.CriteriaID
			if a.CriteriaID == "" {
				return poolMsg{req: req, audience: a}
			}
		}
		ps, _, err := p.ListProfiles(q)
		return poolMsg{req: req, audience: a, profiles: ps, err: err}
	}
}

type lookupMsg struct {
	req     int
	text    string
	profile engine.Profile
	found   bool
	err     error
}

// lookupCmd finds the profile a person typed: an email, a userId, or the
// start of either.
func lookupCmd(p *engine.Project, req int, text string) tea.Cmd {
	return func() tea.Msg {
		msg := lookupMsg{req: req, text: text}
		text = strings.TrimSpace(text)
		if text == "" {
			return msg
		}
		for _, find := range []func(string) (engine.Profile, error){p.ProfileByEmail, p.ProfileByUserID} {
			pr, err := find(text)
			if err == nil {
				msg.profile, msg.found = pr, true
				return msg
			}
			if !errors.Is(err, engine.ErrNotFound) && !errors.Is(err, engine.ErrInvalid) {
				msg.err = err
				return msg
			}
		}
		ps, _, err := p.ListProfiles(engine.ProfileQuery{Prefix: text, Limit: 1})
		if err != nil {
			msg.err = err
		} else if len(ps) > 0 {
			msg.profile, msg.found = ps[0], true
		}
		return msg
	}
}

// fieldProblems sorts an engine error into the problems of each field (an
// *engine.InputError, possibly several joined) and the rest.
func fieldProblems(err error) (map[string]string, string) {
	if err == nil {
		return nil, ""
	}
	out := map[string]string{}
	var rest []string
	var walk func(error)
	walk = func(e error) {
		if joined, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range joined.Unwrap() {
				walk(x)
			}
			return
		}
		var ie *engine.InputError
		if errors.As(e, &ie) {
			if prev := out[ie.Field]; prev != "" {
				out[ie.Field] = prev + "; " + ie.Problem
			} else {
				out[ie.Field] = ie.Problem
			}
			return
		}
		rest = append(rest, e.Error())
	}
	walk(err)
	return out, strings.Join(rest, "; ")
}
