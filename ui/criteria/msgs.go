package criteria

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/criteria"
)

// Every engine call runs in a command that returns one of these messages,
// carrying the result, the error and the id of the request it answers.

type listMsg struct {
	req        int
	sets       []engine.CriteriaSetInfo
	eventLimit int
	err        error
}

func listCmd(p *engine.Project, req int) tea.Cmd {
	return func() tea.Msg {
		sets, err := p.ListCriteria()
		return listMsg{req: req, sets: sets, eventLimit: p.Settings().EventLimit, err: err}
	}
}

type countsMsg struct {
	req    int
	counts map[string]int
	err    error
}

// countsCmd counts, per set, the profiles it activated.
func countsCmd(p *engine.Project, req int, ids []string) tea.Cmd {
	return func() tea.Msg {
		msg := countsMsg{req: req, counts: map[string]int{}}
		for _, id := range ids {
			q := engine.ProfileQuery{CriteriaID: id, Limit: 1000}
			for {
				page, next, err := p.ListProfiles(q)
				if err != nil {
					msg.err = err
					return msg
				}
				msg.counts[id] += len(page)
				if next == "" {
					break
				}
				q.After = next
			}
		}
		return msg
	}
}

// opMsg answers a change (save, rename, duplicate, delete, reorder,
// publish, import, export): note is what to tell the marketer; problems
// are lint problems that refused it.
type opMsg struct {
	req      int
	what     string
	id       string // the set concerned, when one is
	note     string
	problems []criteria.Problem
	err      error
	saved    []byte // the saved draft (save)
}

func problemsOf(err error) []criteria.Problem {
	var le *engine.LintError
	if errors.As(err, &le) {
		return le.Problems
	}
	return nil
}

func saveCmd(p *engine.Project, req int, id string, setJSON []byte) tea.Cmd {
	return func() tea.Msg {
		info, probs, err := p.SaveDraft(setJSON)
		msg := opMsg{req: req, what: "save", id: id, problems: probs, err: err}
		if err == nil && len(probs) == 0 {
			msg.saved = info.Draft
			msg.note = fmt.Sprintf("saved the draft of set %s", id)
		}
		return msg
	}
}

// rewriteCmd loads a set's draft, changes it with f (rename, duplicate)
// and saves the result as a draft.
func rewriteCmd(p *engine.Project, req int, what, from, id string, f func(s *criteria.Set) (string, error)) tea.Cmd {
	return func() tea.Msg {
		msg := opMsg{req: req, what: what, id: id}
		sets, err := p.ListCriteria()
		if err != nil {
			msg.err = err
			return msg
		}
		var draft []byte
		for _, s := range sets {
			if s.ID == from {
				draft = s.Draft
			}
		}
		set, err := parseSet(draft)
		if err != nil {
			msg.err = err
			return msg
		}
		note, err := f(set)
		if err != nil {
			msg.err = err
			return msg
		}
		js, err := setJSON(set)
		if err == nil {
			_, msg.problems, err = p.SaveDraft(js)
		}
		msg.err, msg.note = err, note
		return msg
	}
}

func deleteCmd(p *engine.Project, req int, id string) tea.Cmd {
	return func() tea.Msg {
		_, err := p.DeleteCriteria(id)
		return opMsg{req: req, what: "delete", id: id, err: err, note: "deleted criteria set " + id}
	}
}

func reorderCmd(p *engine.Project, req int, ids []string, id string) tea.Cmd {
	return func() tea.Msg {
		_, err := p.Reorder(ids)
		return opMsg{req: req, what: "reorder", id: id, err: err}
	}
}

func publishCmd(p *engine.Project, req int, id string) tea.Cmd {
	return func() tea.Msg {
		ver, err := p.Publish(id)
		msg := opMsg{req: req, what: "publish", id: id, err: err, problems: problemsOf(err)}
		if err == nil {
			sets, _ := p.ListCriteria()
			for _, s := range sets {
				if s.ID == id {
					msg.note = fmt.Sprintf("published set %s as version %d (criteria document version %d)", id, s.Version, ver)
				}
			}
		}
		return msg
	}
}

// previewMsg is what a publish would change: the draft's and the published
// JSON of one set, indented.
type previewMsg struct {
	req              int
	id               string
	draft, published []byte
	status           string
	err              error
}

func previewCmd(p *engine.Project, req int, id string) tea.Cmd {
	return func() tea.Msg {
		msg := previewMsg{req: req, id: id}
		sets, err := p.ListCriteria()
		if err != nil {
			msg.err = err
			return msg
		}
		for _, s := range sets {
			if s.ID == id {
				msg.draft, msg.published, msg.status = indent(s.Draft), indent(s.Published), s.Status
				return msg
			}
		}
		msg.err = fmt.Errorf("no criteria set %q", id)
		return msg
	}
}

// parseSet parses one set's JSON.
func parseSet(js []byte) (*criteria.Set, error) {
	doc, err := criteria.Parse([]byte(`{"count":1,"criteriaSets":[` + string(js) + `]}`))
	if err != nil {
		return nil, err
	}
	if len(doc.Sets) != 1 || doc.Sets[0].Raw != nil {
		return nil, errors.New("not one criteria set")
	}
	return doc.Sets[0], nil
}

// setJSON writes one set as Iterable does.
func setJSON(s *criteria.Set) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// indent indents JSON for people; nil stays nil.
func indent(js []byte) []byte {
	if js == nil {
		return nil
	}
	var out bytes.Buffer
	if json.Indent(&out, js, "", "  ") != nil {
		return js
	}
	return out.Bytes()
}

// lintSet lints one set as SaveDraft would.
func lintSet(s *criteria.Set, eventLimit int) []criteria.Problem {
	doc := &criteria.Document{Count: json.RawMessage("1"), Sets: []*criteria.Set{s}}
	return criteria.Lint(doc, criteria.LintOptions{EventLimit: eventLimit})
}
