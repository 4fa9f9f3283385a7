package criteria

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/criteria"
	"limen/ui"
	"limen/ui/criteria/tree"
)

// listKey handles a key on the list of sets.
func (m *Model) listKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	sel, ok := m.selected()
	switch {
	case key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, k.Down):
		m.cursor = max(0, min(len(m.sets)-1, m.cursor+1))
	case key.Matches(msg, k.New):
		m.startNew()
	case key.Matches(msg, k.Enter) && ok:
		return m.openEditor(sel)
	case key.Matches(msg, k.Rename) && ok:
		m.startRename(sel)
	case key.Matches(msg, k.Duplicate) && ok:
		m.startDuplicate(sel)
	case key.Matches(msg, k.Delete) && ok:
		m.confirm = &confirm{question: fmt.Sprintf("Delete criteria set %s (%s), draft and published?", sel.ID, sel.Name),
			yes: "delete", no: "keep it", run: func() tea.Cmd {
				m.opReq = m.nextReq()
				return deleteCmd(m.ctx.Project, m.opReq, sel.ID)
			}}
	case key.Matches(msg, k.MoveUp) && ok:
		return m.move(-1)
	case key.Matches(msg, k.MoveDown) && ok:
		return m.move(+1)
	default:
		return m.commonKey(msg)
	}
	return nil
}

// move reorders the selected set by d places (engine.Reorder).
func (m *Model) move(d int) tea.Cmd {
	j := m.cursor + d
	if j < 0 || j >= len(m.sets) {
		return ui.Notify(ui.LevelInfo, "cannot move further")
	}
	ids := make([]string, len(m.sets))
	for i, s := range m.sets {
		ids[i] = s.ID
	}
	ids[m.cursor], ids[j] = ids[j], ids[m.cursor]
	m.sets[m.cursor], m.sets[j] = m.sets[j], m.sets[m.cursor]
	m.cursor = j
	m.opReq = m.nextReq()
	return reorderCmd(m.ctx.Project, m.opReq, ids, ids[j])
}

func (m *Model) hasID(id string) bool {
	return slices.ContainsFunc(m.sets, func(s engine.CriteriaSetInfo) bool { return s.ID == id })
}

func (m *Model) checkNewID(id string) string {
	switch {
	case id == "":
		return "give the set an id"
	case m.hasID(id):
		return "criteria set " + id + " exists"
	}
	return ""
}

// startNew asks for an id and a name, then opens an empty set in the
// editor (saved only with s).
func (m *Model) startNew() {
	m.prompt = newPrompt("New criteria set", []string{"id", "name"}, []string{m.suggestID(), ""}, func(v []string) (tea.Cmd, string) {
		if e := m.checkNewID(v[0]); e != "" {
			return nil, e
		}
		m.ed = newEditor(v[0], tree.NewSet(v[0], v[1]), nil, true, m.eventLimit)
		m.mode = modeEditor
		return m.rescan(), ""
	})
	m.layout()
}

// suggestID proposes the next free numeric id.
func (m *Model) suggestID() string {
	n := 100
	for _, s := range m.sets {
		var v int
		if _, err := fmt.Sscan(s.ID, &v); err == nil && v > n {
			n = v
		}
	}
	for m.hasID(fmt.Sprint(n + 1)) {
		n++
	}
	return fmt.Sprint(n + 1)
}

func (m *Model) startRename(sel engine.CriteriaSetInfo) {
	m.prompt = newPrompt("Rename criteria set "+sel.ID, []string{"name"}, []string{sel.Name}, func(v []string) (tea.Cmd, string) {
		m.opReq = m.nextReq()
		return rewriteCmd(m.ctx.Project, m.opReq, "rename", sel.ID, sel.ID, func(s *criteria.Set) (string, error) {
			s.Name = criteria.Str(v[0])
			return "renamed set " + sel.ID + " to " + v[0], nil
		}), ""
	})
	m.layout()
}

func (m *Model) startDuplicate(sel engine.CriteriaSetInfo) {
	m.prompt = newPrompt("Duplicate criteria set "+sel.ID, []string{"new id", "name"}, []string{m.suggestID(), "Copy of " + sel.Name},
		func(v []string) (tea.Cmd, string) {
			if e := m.checkNewID(v[0]); e != "" {
				return nil, e
			}
			m.opReq = m.nextReq()
			return rewriteCmd(m.ctx.Project, m.opReq, "duplicate", sel.ID, v[0], func(s *criteria.Set) (string, error) {
				s.ID, s.Name = tree.NewSet(v[0], "").ID, criteria.Str(v[1])
				return "duplicated set " + sel.ID + " as " + v[0], nil
			}), ""
		})
	m.layout()
}

// openEditor opens a saved set in the editor.
func (m *Model) openEditor(sel engine.CriteriaSetInfo) tea.Cmd {
	s, err := parseSet(sel.Draft)
	if err != nil {
		return ui.Notify(ui.LevelError, "set "+sel.ID+": "+err.Error())
	}
	m.ed = newEditor(sel.ID, s, sel.Draft, false, m.eventLimit)
	m.mode = modeEditor
	return m.rescan()
}

// listView draws the sets in first-match order.
func (m *Model) listView(h int) string {
	s := m.styles
	w := m.width
	head := s.Title.Render("Criteria sets") + s.Muted.Render(" — first match wins, top to bottom")
	if m.loaded {
		head += s.Muted.Render(" · " + plural(len(m.sets), "set"))
	}
	lines := []string{truncate(head, w), ""}
	// Columns: glyph, position, name, id, status, version, edited, activated.
	statusW := 21
	if w < 100 {
		statusW = 9
	}
	fixed := 2 + 3 + 1 + 1 + 6 + 1 + statusW + 1 + 4 + 1 + 12 + 1 + 9
	nameW := max(8, min(40, w-fixed))
	row := func(glyph, pos, name, id, status, ver, edited, act string) string {
		return glyph + padLeft(pos, 3) + " " + padRight(name, nameW) + " " + padRight(id, 6) + " " +
			padRight(status, statusW) + " " + padLeft(ver, 4) + " " + padRight(edited, 12) + " " + padLeft(act, 9)
	}
	lines = append(lines, s.Header.Render(truncate(row("  ", "#", "NAME", "ID", "STATUS", "VER", "LAST EDIT", "ACTIVATED"), w)))
	switch {
	case !m.loaded:
		lines = append(lines, s.Muted.Render("  loading…"))
	case len(m.sets) == 0:
		lines = append(lines, s.Muted.Render("  no criteria sets yet: n creates one, i imports a file"))
	}
	room := max(1, h-len(lines)-2)
	if m.cursor < m.offset {
		m.offset = m.cursor
	} else if m.cursor >= m.offset+room {
		m.offset = m.cursor - room + 1
	}
	for i := m.offset; i < len(m.sets) && i < m.offset+room; i++ {
		set := m.sets[i]
		act := "…"
		if m.counted {
			act = fmt.Sprint(m.counts[set.ID])
		}
		st := statusText(set.Status)
		if statusW < 21 && set.Status == engine.StatusChanged {
			st = "changed*"
		}
		ver := "—"
		if set.Version > 0 {
			ver = fmt.Sprint(set.Version)
		}
		glyph, style := "  ", s.App
		if i == m.cursor {
			glyph, style = "▸ ", s.Selected
		}
		name := set.Name
		if name == "" {
			name = "(no name)"
		}
		line := truncate(row(glyph, fmt.Sprint(i+1), name, set.ID, st, ver, when(set.UpdatedAt), act), w)
		lines = append(lines, style.Render(padRight(line, w)))
	}
	foot := ""
	if m.err != "" {
		foot = s.Error.Render("✗ " + m.err)
	} else if statusW < 21 && strings.HasSuffix(m.Badge(), "*") {
		foot = s.Muted.Render("changed*: changed since publish · enter edits · ? all keys")
	}
	body := fitLines(strings.Join(lines, "\n"), h-1)
	return body + "\n" + truncate(foot, w)
}
