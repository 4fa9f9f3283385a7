package criteria

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"limen/engine/criteria"
	"limen/ui/criteria/tree"
)

// treeLine is one drawn row of the editor: guides, a sentence, and the
// lint problems filed under it.
type treeLine struct {
	at       tree.Cursor
	guide    string
	text     string
	group    bool
	problems []criteria.Problem
}

// treeLines lays out the set's rows with their guides.
func treeLines(s *criteria.Set, problems map[string][]criteria.Problem) []treeLine {
	var out []treeLine
	for _, c := range tree.Rows(s) {
		l := treeLine{at: c, guide: guide(s, c), problems: problems[tree.CursorJSONPath(0, c)]}
		n, err := tree.NodeAt(s, c.Node)
		switch {
		case err != nil:
			l.text = err.Error()
		case c.OnCond:
			cond, _ := tree.ConditionAt(s, c)
			l.text = "· " + conditionText(cond)
		case n.IsGroup:
			l.text, l.group = groupLabel(n), true
		default:
			l.text = tree.Describe(n)
		}
		out = append(out, l)
	}
	return out
}

// conditionText is a condition's own row: the field as written, then
// the comparator and operands in words (the block's row reads the whole).
func conditionText(c *criteria.Condition) string {
	if c == nil || c.Raw != nil {
		return "a condition that is not an object (never holds)"
	}
	field := "(no field)"
	if c.Field != nil {
		field = *c.Field
	}
	return field + " " + tree.ComparatorPhrase(c, false)
}

// groupLabel is a group's own row: its combinator as words.
func groupLabel(n *criteria.Node) string {
	comb := ""
	if n.Combinator != nil {
		comb = *n.Combinator
	}
	head := map[string]string{tree.And: "ALL of", tree.Or: "ANY of", tree.Not: "NONE of"}[comb]
	if head == "" {
		return tree.Describe(n)
	}
	if len(n.Children) == 0 {
		return head + ": nothing yet — a adds a condition block, g a group"
	}
	return head + " these (" + comb + ")"
}

// guide draws the tree lines left of a row: "│  " for open ancestors,
// "├─ " or "└─ " for the row itself.
func guide(s *criteria.Set, c tree.Cursor) string {
	var b strings.Builder
	depth := len(c.Node)
	if c.OnCond {
		depth++
	}
	for level := 1; level <= depth; level++ {
		last := isLast(s, c, level)
		switch {
		case level < depth && last:
			b.WriteString("   ")
		case level < depth:
			b.WriteString("│  ")
		case last:
			b.WriteString("└─ ")
		default:
			b.WriteString("├─ ")
		}
	}
	return b.String()
}

// isLast reports whether the row's ancestor at level (1 = a child of the
// root) is the last entry of its parent.
func isLast(s *criteria.Set, c tree.Cursor, level int) bool {
	if level > len(c.Node) { // the condition itself
		n, err := tree.NodeAt(s, c.Node)
		return err != nil || n.Combo == nil || c.Cond >= len(n.Combo.Conditions)-1
	}
	parent, err := tree.NodeAt(s, c.Node[:level-1])
	return err != nil || c.Node[level-1] >= len(parent.Children)-1
}

// editorView draws the editor in h lines.
func (m *Model) editorView(h int) string {
	e, s, w := m.ed, m.styles, m.width
	set := e.set()
	name := ""
	if set.Name != nil {
		name = *set.Name
	}
	state := s.Success.Render("saved")
	switch {
	case e.isNew && e.saved == nil:
		state = s.Warn.Render("new, not saved")
	case e.dirty():
		state = s.Warn.Render("unsaved edits")
	}
	head := s.Title.Render("Set "+e.id) + " " + name + s.Muted.Render(" · ") + state
	if n := len(e.all); n > 0 {
		head += s.Muted.Render(" · ") + s.Error.Render("✗ "+plural(n, "problem"))
	}
	sentence := s.Muted.Render(truncate(tree.DescribeSet(set), w))
	lines := []string{truncate(head, w), sentence, ""}
	for _, p := range e.problems[tree.SetJSONPath(0)] {
		lines = append(lines, s.Error.Render(truncate("✗ "+p.Message, w)))
	}
	// The rows, each followed by its problems; scrolled to keep the cursor.
	var body []string
	cursorLine := 0
	cur := e.hist.Cursor()
	for _, l := range treeLines(set, e.problems) {
		selected := l.at.Equal(cur)
		if selected {
			cursorLine = len(body)
		}
		glyph, style := "  ", s.App
		if selected {
			glyph, style = "▸ ", s.Selected
		}
		text := l.text
		if l.group {
			text = s.Accent.Render(text)
		}
		line := truncate(glyph+s.Muted.Render(l.guide)+text, w)
		if selected {
			line = style.Render(padRight(line, w))
		}
		body = append(body, line)
		for _, p := range l.problems {
			pad := strings.Repeat(" ", lipgloss.Width(glyph+l.guide)+2)
			wrapped := lipgloss.NewStyle().Width(max(10, w-len(pad)-2)).Render(p.Message)
			for j, part := range strings.Split(wrapped, "\n") {
				mark := "  "
				if j == 0 {
					mark = "✗ "
				}
				body = append(body, s.Error.Render(truncate(pad+mark+strings.TrimRight(part, " "), w)))
			}
		}
	}
	room := max(1, h-len(lines)-1)
	if cursorLine < e.offset {
		e.offset = cursorLine
	} else if cursorLine >= e.offset+room {
		e.offset = cursorLine - room + 1
	}
	e.offset = max(0, min(e.offset, max(0, len(body)-room)))
	lines = append(lines, body[e.offset:min(len(body), e.offset+room)]...)
	foot := s.Muted.Render("enter edits · a block · c condition · g group · t all/any/none · K/J move · >/< in/out · s save · v json")
	if w < 100 {
		foot = s.Muted.Render("enter edit · a block · g group · t all/any/none · s save · ? keys")
	}
	if e.err != "" {
		foot = s.Warn.Render("! " + e.err)
	}
	return fitLines(strings.Join(lines, "\n"), h-1) + "\n" + truncate(foot, w)
}
