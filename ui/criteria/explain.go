package criteria

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/criteria"
)

type explainMsg struct {
	req   int
	title string
	lines []string
	err   error
}

// startExplain asks whom to explain: a device id, an email or a userId.
func (m *Model) startExplain() {
	id := m.currentID()
	var setJS []byte
	switch {
	case m.mode == modeEditor && m.ed != nil:
		setJS = m.ed.json()
	default:
		if s, ok := m.selected(); ok {
			setJS = s.Draft
		}
	}
	if setJS == nil {
		return
	}
	m.prompt = newPrompt("Why (not) activated by set "+id+"?", []string{"who"}, nil, func(v []string) (tea.Cmd, string) {
		if v[0] == "" {
			return nil, "type a device id, an email or a userId"
		}
		m.explainReq = m.nextReq()
		return explainCmd(m.ctx.Project, m.explainReq, id, setJS, v[0]), ""
	})
	m.prompt.inputs[0].Placeholder = "device id, email or userId"
	m.layout()
}

func (m *Model) gotExplain(msg explainMsg) tea.Cmd {
	if msg.req != m.explainReq {
		return nil
	}
	if msg.err != nil {
		m.openText("Explain", []string{"✗ " + msg.err.Error()})
		return nil
	}
	m.openText(msg.title, msg.lines)
	return nil
}

// explainCmd loads whom to explain (a visitor's local data, or a profile's
// stored events and fields) and explains the set against it.
func explainCmd(p *engine.Project, req int, id string, setJS []byte, who string) tea.Cmd {
	return func() tea.Msg {
		msg := explainMsg{req: req}
		events, update, label, evicted, err := history(p, who)
		if err != nil {
			msg.err = err
			return msg
		}
		c, err := criteria.CompileJSON([]byte(`{"count":1,"criteriaSets":[` + string(setJS) + `]}`))
		if err != nil {
			msg.err = err
			return msg
		}
		var buf bytes.Buffer
		if err := c.Explain(criteria.NewRecords(events, update)).WriteText(&buf); err != nil {
			msg.err = err
			return msg
		}
		msg.title = fmt.Sprintf("Set %s for %s", id, label)
		msg.lines = []string{fmt.Sprintf("%s; %d records", label, len(events))}
		if evicted >= 0 {
			msg.lines = append(msg.lines, fmt.Sprintf("%s fell off the device's local limit", plural(evicted, "older event")))
		}
		msg.lines = append(msg.lines, "")
		msg.lines = append(msg.lines, strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")...)
		return msg
	}
}

// history finds who: a device (its local events and profile update;
// evicted is how many fell off its local limit), else a profile by email
// history finds who: a device (its local events and profile update;
// evicted is how many fell off its local limit), else a profile by email
// or userId (its stored events in time order and its fields; evicted -1).
func history(p *engine.Project, who string) (events []any, update any, label string, evicted int, err error) {
	events, update, st, err := p.DeviceHistory(who)
	switch {
	case err == nil:
		return events, update, "visitor on device " + who, st.Evicted, nil
	case !errors.Is(err, engine.ErrNotFound):
		return nil, nil, "", 0, err
	}
	pr, err := p.ProfileByEmail(who)
	if errors.Is(err, engine.ErrNotFound) {
		pr, err = p.ProfileByUserID(who)
	}
	if errors.Is(err, engine.ErrNotFound) {
		return nil, nil, "", 0, fmt.Errorf("no device, email or userId %q", who)
	}
	if err != nil {
		return nil, nil, "", 0, err
	}
	if events, update, err = p.History(&pr); err != nil {
		return nil, nil, "", 0, err
	}
	return events, update, fmt.Sprintf("%s profile %d (%s)", pr.Kind, pr.ID, who), -1, nil
}
