package profiles

import (
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
)

// Every engine call runs in a command that returns one of these messages,
// carrying the result, the error and the id of the request it answers;
// the model drops answers to requests it no longer waits for.

// pageSize is how many rows one listing request reads.
const pageSize = 200

// listMode says what a listing answer does to the rows.
type listMode int

const (
	listReplace listMode = iota // a new filter: rows replaced, cursor on top
	listAppend                  // the next page
	listRefresh                 // live refresh: rows replaced, cursor kept on its profile
)

type listMsg struct {
	req  int
	mode listMode
	rows []engine.Profile
	next engine.Cursor
	err  error
}

// listCmd reads one page after after (listReplace, listAppend), or, for a
// refresh, pages from the top until it holds at least want rows.
func listCmd(p *engine.Project, req int, mode listMode, f filter, after engine.Cursor, want int) tea.Cmd {
	return func() tea.Msg {
		msg := listMsg{req: req, mode: mode}
		want = max(want, pageSize)
		for {
			page, next, err := p.ListProfiles(f.query(after, min(1000, max(pageSize, want-len(msg.rows)))))
			msg.rows, msg.next, msg.err = append(msg.rows, page...), next, err
			if err != nil || next == "" || mode != listRefresh || len(msg.rows) >= want {
				return msg
			}
			after = next
		}
	}
}

type countMsg struct {
	req   int
	count matchCount
}

// countCmd counts the matches of a filter: by kind from the engine's
// counters, and for a search by listing matches up to countCap.
func countCmd(p *engine.Project, req int, f filter) tea.Cmd {
	return func() tea.Msg {
		msg := countMsg{req: req}
		if f.Prefix == "" && f.CriteriaID == "" {
			n, err := p.CountProfiles(f.Kind)
			msg.count = matchCount{Ready: true, N: n}
			if err != nil {
				msg.count.Err = err.Error()
			}
			return msg
		}
		if f.Kind == "" && f.CriteriaID == "" {
			// A plain search: count the index keys, without loading profiles.
			n, capped, err := p.CountByPrefix(f.Prefix, countCap)
			msg.count = matchCount{Ready: true, N: n, Capped: capped}
			if err != nil {
				msg.count.Err = err.Error()
			}
			return msg
		}
		page, next, err := p.ListProfiles(f.query("", countCap))
		if err == nil && next != "" {
			var more []engine.Profile
			more, _, err = p.ListProfiles(f.query(next, 1))
			next = ""
			if len(more) > 0 {
				next = "more"
			}
		}
		msg.count = matchCount{Ready: true, N: len(page), Capped: next != ""}
		if err != nil {
			msg.count.Err = err.Error()
		}
		return msg
	}
}

type totalMsg struct {
	n   int
	err error
}

func totalCmd(p *engine.Project) tea.Cmd {
	return func() tea.Msg {
		n, err := p.CountProfiles("")
		return totalMsg{n: n, err: err}
	}
}

type criteriaMsg struct {
	sets []engine.CriteriaSetInfo
	err  error
}

func criteriaCmd(p *engine.Project) tea.Cmd {
	return func() tea.Msg {
		sets, err := p.ListCriteria()
		return criteriaMsg{sets: sets, err: err}
	}
}

// detailMsg is everything the detail pane shows about one profile.
type detailMsg struct {
	req      int
	id       uint64
	profile  engine.Profile
	sessions []engine.StoredEvent
	events   []engine.StoredEvent
	next     engine.Cursor
	consent  []engine.ConsentEntry
	ledger   []engine.LedgerEntry
	messages []engine.Message
	// campaigns names the campaigns of the messages, by id.
	campaigns map[uint64]string
	err       error
}

// eventsPage is how many events one timeline request reads.
const eventsPage = 50

func detailCmd(p *engine.Project, req int, id uint64, events int) tea.Cmd {
	return func() tea.Msg {
		msg := detailMsg{req: req, id: id}
		var err1, err2, err3, err4, err5, err6 error
		msg.profile, err1 = p.Profile(id)
		msg.sessions, err2 = p.UnknownSessionEvents(id)
		msg.events, msg.next, err3 = p.Events(id, engine.EventQuery{NewestFirst: true, Limit: max(eventsPage, min(events, 1000))})
		msg.consent, err4 = p.ConsentFor(id)
		msg.ledger, err5 = p.LedgerFor(id)
		msg.messages, msg.campaigns, err6 = messagesOf(p, id)
		msg.err = errors.Join(err1, err2, err3, err4, err5, err6)
		if err1 != nil {
			msg.err = err1 // a missing profile says it all
		}
		return msg
	}
}

// messagesOf reads a profile's messages and names their campaigns.
func messagesOf(p *engine.Project, id uint64) ([]engine.Message, map[uint64]string, error) {
	msgs, err := p.ProfileMessages(id)
	if err != nil || len(msgs) == 0 {
		return msgs, nil, err
	}
	cs, err := p.Campaigns()
	names := make(map[uint64]string, len(cs))
	for _, c := range cs {
		names[c.ID] = c.Name
	}
	return msgs, names, err
}

type eventsMsg struct {
	req    int
	id     uint64
	events []engine.StoredEvent
	next   engine.Cursor
	err    error
}

func eventsCmd(p *engine.Project, req int, id uint64, after engine.Cursor) tea.Cmd {
	return func() tea.Msg {
		evs, next, err := p.Events(id, engine.EventQuery{NewestFirst: true, After: after, Limit: eventsPage})
		return eventsMsg{req: req, id: id, events: evs, next: next, err: err}
	}
}

type previewMsg struct {
	req     int
	preview engine.IdentifyPreview
	err     error
}

func previewCmd(p *engine.Project, req int, id uint64, to device.Identity) tea.Cmd {
	return func() tea.Msg {
		pv, err := p.PreviewIdentify(id, to)
		return previewMsg{req: req, preview: pv, err: err}
	}
}

type identifiedMsg struct {
	preview engine.IdentifyPreview
	result  device.IdentifyResult
	err     error
}

func identifyCmd(p *engine.Project, pv engine.IdentifyPreview) tea.Cmd {
	return func() tea.Msg {
		res, err := p.IdentifyProfile(pv.Profile.ID, pv.To)
		return identifiedMsg{preview: pv, result: res, err: err}
	}
}

type forgottenMsg struct {
	profile engine.Profile
	result  engine.ForgetResult
	err     error
}

func forgetCmd(p *engine.Project, pr engine.Profile) tea.Cmd {
	return func() tea.Msg {
		res, err := p.Forget(pr.ID)
		return forgottenMsg{profile: pr, result: res, err: err}
	}
}

// forgetText says what Forget removed.
func forgetText(m forgottenMsg) string {
	return fmt.Sprintf("forgot profile #%d (%s): %s deleted, %s unlinked, %s redacted",
		m.profile.ID, ui.ProfileName(m.profile), plural(m.result.Events, "event"),
		plural(m.result.Consents, "consent record"), plural(m.result.LedgerRedacted, "history entry"))
}
