package visitor

import (
	"fmt"
	"strings"
)

func (m *Model) pickView(w, h int) string {
	p, s := m.pick, m.styles
	lines := []string{s.Title.Render(p.title)}
	room := max(1, h-3)
	top := max(0, min(p.cursor-room/2, len(p.rows)-room))
	for i := top; i < min(len(p.rows), top+room); i++ {
		if i == p.cursor {
			lines = append(lines, s.Selected.Render("▸ "+p.rows[i]))
		} else {
			lines = append(lines, "  "+p.rows[i])
		}
	}
	lines = append(lines, "", s.Muted.Render("↑/↓ choose · enter ok · esc cancel"))
	return strings.Join(lines, "\n")
}

func (m *Model) fieldsView(w int) string {
	f, s := m.fields, m.styles
	lines := []string{s.Title.Render("Update the profile"), "", f.input.View(), ""}
	if f.err != "" {
		lines = append(lines, s.Error.Render("✗ "+f.err), "")
	}
	lines = append(lines, s.Muted.Render("key=value, separated by commas. Values that read as JSON (true, 42, \"x\") keep their type; dotted keys nest (prefs.topic=sofas)."),
		"", s.Muted.Render("enter save · esc cancel"))
	return wrapAll(lines, w)
}

func (m *Model) identifyView(w int) string {
	f, s := m.ident, m.styles
	mark := func(i int) string {
		if f.field == i {
			return "▸ "
		}
		return "  "
	}
	opt := func(i int, name string, t tri) string {
		line := mark(i) + fmt.Sprintf("%-18s", name) + "  "
		for _, v := range []tri{triDefault, triOn, triOff} {
			if v == t {
				line += s.Selected.Render("["+v.String()+"]") + " "
			} else {
				line += " " + v.String() + "  "
			}
		}
		return line
	}
	lines := []string{s.Title.Render("Identify (setEmail / setUserId)"), "", mark(0) + f.input.View()}
	if f.err != "" {
		lines = append(lines, s.Error.Render("  ✗ "+f.err))
	}
	lines = append(lines, "", opt(1, "replay local data", f.replay), opt(2, "merge unknown user", f.merge), "",
		s.Muted.Render("with an @ an email, else a userId; default: the project's setting"),
		s.Muted.Render("tab next field · ←/→ change · enter identify · esc cancel"))
	return wrapAll(lines, w)
}

func wrapAll(lines []string, w int) string {
	var out []string
	for _, l := range lines {
		out = append(out, wrapLine(l, w)...)
	}
	return strings.Join(out, "\n")
}
