package player

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"limen/ui"
)

// Smallest size the player draws in.
const minW, minH = 60, 14

// inner is the panel's inner size for the w×h screen less the header
// lines.
func (m *Model) inner() (int, int) {
	ps := m.styles.Panel
	return max(1, m.width-ps.GetHorizontalFrameSize()), max(1, m.height-m.headerHeight()-ps.GetVerticalFrameSize())
}

// headerHeight is the lines above the panel: the title, and when playing,
// the notes on how the run differs from the story.
func (m *Model) headerHeight() int {
	if m.story == nil {
		return 1
	}
	return 1 + len(m.noteLines())
}

func (m *Model) noteLines() []string {
	var out []string
	for _, n := range m.story.notes {
		out = append(out, hang("! "+n, m.width, 2)...)
	}
	return out
}

func (m *Model) layout() {
	_, h := m.inner()
	m.tl.Height = max(1, h-1) // less the "next" line
	m.refresh()
}

// refresh rebuilds the timeline's lines.
func (m *Model) refresh() {
	if m.story == nil {
		return
	}
	w, _ := m.inner()
	s := m.styles
	devW, doW := 1, 1
	for _, st := range m.story.sc.Steps {
		devW, doW = max(devW, min(12, ansi.StringWidth(st.Device))), max(doW, len(st.Do))
	}
	var lines []string
	for _, l := range m.lines {
		dev := l.Device
		if dev == "" {
			dev = "—"
		}
		head := fmt.Sprintf("%2d %-11s %s %-*s ", l.Step, l.Offset, ui.FitLine(dev, devW), doW, l.Do)
		text := l.Text
		if l.Error != "" {
			text = strings.TrimPrefix(text+"; ", "; ") + "REFUSED: " + l.Error
		}
		pad := ansi.StringWidth(head)
		if w-pad < 24 {
			pad = 4
			lines = append(lines, s.Muted.Render(head))
			head = ""
		}
		for i, part := range strings.Split(ansi.Wrap(text, max(1, w-pad), ""), "\n") {
			if i == 0 && head != "" {
				lines = append(lines, s.Muted.Render(head)+styleLine(m, l.Error != "", part))
			} else {
				lines = append(lines, strings.Repeat(" ", pad)+styleLine(m, l.Error != "", part))
			}
		}
	}
	if m.next >= len(m.story.sc.Steps) {
		lines = append(lines, "", s.Header.Render(fmt.Sprintf("Profiles the story touched (%d)", len(m.refs))))
		if m.touched == nil && len(m.refs) > 0 {
			lines = append(lines, s.Muted.Render("  looking them up…"))
		}
		if len(m.refs) == 0 {
			lines = append(lines, s.Muted.Render("  none: no activation and no identification"))
		}
		for _, t := range m.touched {
			lines = append(lines, hang("  "+touchedText(t), w, 4)...)
		}
	}
	m.tl.SetLines(lines)
}

func styleLine(m *Model, bad bool, s string) string {
	if bad {
		return m.styles.Error.Render(s)
	}
	return s
}

// touchedText is one touched profile: kind, userId, email, criteria.
func touchedText(t touched) string {
	if !t.found {
		s := "deleted  userId " + t.ref.UserID
		if t.note != "" {
			s += " — " + t.note
		}
		return s
	}
	p := t.profile
	email := p.Email
	if email == "" {
		email = "—"
	} else if p.Placeholder {
		email += " (placeholder)"
	}
	uid := p.UserID
	if uid == "" {
		uid = "—"
	}
	s := fmt.Sprintf("%-7s  userId %s  email %s", p.Kind, uid, email)
	if p.MatchedCriteriaID != "" {
		s += "  criteria " + p.MatchedCriteriaID
	}
	return s
}

// View draws the player.
func (m *Model) View() string {
	if m.width < minW || m.height < minH {
		return ui.FitBlock(fmt.Sprintf("terminal too small (need %d×%d)", minW, minH), m.width, m.height)
	}
	if m.story == nil {
		return ui.FitBlock(m.pickView(), m.width, m.height)
	}
	return ui.FitBlock(m.playView(), m.width, m.height)
}

func (m *Model) pickView() string {
	s := m.styles
	w, h := m.inner()
	head := s.Title.Render("Scenario player") + s.Muted.Render(" · pick a story to play on this project")
	var body []string
	if m.path != nil {
		body = append(body, s.Title.Render("Open a scenario file"), "", m.path.View(), "")
		if m.err != "" {
			body = append(body, s.Error.Render("✗ "+m.err), "")
		}
		body = append(body, s.Muted.Render("enter open · esc cancel"))
		return head + "\n" + m.styles.FocusedPanel.Render(ui.FitBlock(strings.Join(body, "\n"), w, h))
	}
	if m.err != "" {
		body = append(body, wrap(s.Error.Render("✗ cannot open "+m.src.String()+": "+m.err), w)...)
		body = append(body, "")
	}
	if len(m.entries) == 0 {
		body = append(body, s.Muted.Render("loading the scenarios…"))
	}
	nameW := 0
	for _, e := range m.entries {
		nameW = max(nameW, len(e.name))
	}
	for i, e := range m.entries {
		mark, st := "  ", lipgloss.NewStyle()
		if i == m.cursor {
			mark, st = "▸ ", s.Selected
		}
		row := fmt.Sprintf("%s%-*s  %2d steps  %s", mark, nameW, e.name, e.steps, e.title)
		if e.err != "" {
			row = fmt.Sprintf("%s%-*s  does not parse", mark, nameW, e.name)
		}
		body = append(body, st.Render(ui.FitLine(row, w)))
	}
	if m.cursor < len(m.entries) {
		e := m.entries[m.cursor]
		body = append(body, "", s.Header.Render(e.title))
		body = append(body, wrap(e.description, w)...)
		if e.err != "" {
			body = append(body, wrap(s.Error.Render(e.err), w)...)
		}
	}
	body = append(body, "", s.Muted.Render("enter play · f open a file · plays on this project, whose criteria stay"))
	return head + "\n" + m.styles.Panel.Render(ui.FitBlock(strings.Join(body, "\n"), w, h))
}

func (m *Model) playView() string {
	s, st := m.styles, m.story
	w, h := m.inner()
	total := len(st.sc.Steps)
	state := fmt.Sprintf("step %d/%d", m.next, total)
	switch {
	case m.next >= total:
		state += " · done"
	case m.autoplay:
		state += " · ▶ playing"
	case m.next > 0:
		state += " · ❚❚ paused"
	}
	title := st.sc.Name
	if title == "" {
		title = st.source
	}
	head := s.Title.Render("Scenario") + " " + title
	right := s.Muted.Render("  " + state + " · devices " + st.prefix + "…")
	head = ui.FitLine(head, max(1, m.width-ansi.StringWidth(right))) + right
	lines := []string{head}
	for _, n := range m.noteLines() {
		lines = append(lines, s.Warn.Render(n))
	}
	var body string
	if len(m.tl.Lines) == 0 {
		body = s.Muted.Render("enter or → plays the first step; space plays them all")
	} else {
		body = m.tl.View()
	}
	body = ui.FitBlock(body, w, h-1) + "\n" + m.nextLine(w)
	return strings.Join(lines, "\n") + "\n" + s.Panel.Render(body)
}

// nextLine previews the next step.
func (m *Model) nextLine(w int) string {
	s := m.styles
	steps := m.story.sc.Steps
	if m.next >= len(steps) {
		return s.Muted.Render(ui.FitLine("end of the story · r run it again · esc other stories", w))
	}
	st := steps[m.next]
	what := st.Do
	switch st.Do {
	case "track":
		what += " " + st.EventName
	case "identify":
		what += " " + strings.TrimSpace(st.Email+" "+st.UserID)
	case "consent":
		what += fmt.Sprintf(" %v", st.Granted)
	case "advance":
		what += fmt.Sprintf(" %vs", st.Seconds)
	}
	dev := st.Device
	if dev == "" {
		dev = "—"
	}
	return s.Accent.Render(ui.FitLine(fmt.Sprintf("next ▸ %d %s %s", m.next+1, dev, what), w))
}

func wrap(s string, w int) []string { return strings.Split(ansi.Wrap(s, max(1, w), ""), "\n") }

// hang wraps s to w cells, continuation lines indented by indent.
func hang(s string, w, indent int) []string {
	first := wrap(s, w)
	if len(first) == 1 {
		return first
	}
	out := []string{first[0]}
	for _, l := range wrap(strings.Join(first[1:], " "), w-indent) {
		out = append(out, strings.Repeat(" ", indent)+l)
	}
	return out
}
