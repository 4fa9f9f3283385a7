package messages

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
)

// View draws the tab in exactly its width × height: the list or the
// editor, with a confirmation over it when one is open.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var base string
	if m.ed != nil {
		base = m.ed.view(m.styles, m.width, m.height)
	} else {
		base = m.listView()
	}
	if m.confirm == nil {
		return ui.FitBlock(base, m.width, m.height)
	}
	outer := min(64, m.width-4)
	inner := outer - m.styles.Dialog.GetHorizontalFrameSize()
	box := m.styles.Dialog.Width(outer - m.styles.Dialog.GetHorizontalBorderSize()).Render(m.confirm.view(m.styles, inner))
	return ui.FitBlock(lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, box), m.width, m.height)
}

// panelHeight is how many lines the selected campaign's panel takes under
// the list (its rule included): with its funnel when the terminal is tall.
func (m *Model) panelHeight() int {
	switch {
	case m.height >= 30:
		return 15
	case m.height >= 16:
		return 7
	}
	return 0
}

// visibleRows is how many campaigns the list shows.
func (m *Model) visibleRows() int { return max(1, m.height-2-m.panelHeight()) }

// listView is the heading, the campaigns with their live figures, and the
// selected campaign's panel.
func (m *Model) listView() string {
	s, w := m.styles, m.width
	head := s.Title.Render("Campaigns")
	if m.loaded {
		head += s.Muted.Render(fmt.Sprintf(" — %s · %d running", plural(len(m.campaigns), "campaign"), m.running()))
	}
	right := ""
	if m.live() {
		right = s.Muted.Render("figures live, read every second")
	}
	if m.err != "" {
		right = s.Error.Render("✗ " + m.err)
	}
	lines := []string{headLine(head, right, w)}
	cols := layoutColumns(w)
	lines = append(lines, s.Header.Render(renderRow("  ", cols, func(c column) string { return c.title }, w)))
	rows := m.visibleRows()
	switch {
	case !m.loaded:
		lines = append(lines, s.Muted.Render("  loading campaigns…"))
	case len(m.campaigns) == 0:
		lines = append(lines, s.Muted.Render(cut("  no campaigns yet: n writes one, e.g. “10% off what you viewed”", w)))
	}
	for i := m.offset; i < len(m.campaigns) && i < m.offset+rows; i++ {
		c := m.campaigns[i]
		st, ok := m.stats[c.ID]
		r := listRow{c: c, stats: st, hasStats: ok}
		sel := i == m.cursor
		gutter := "  "
		if sel {
			gutter = glyphSelected + " "
		}
		line := renderRow(gutter, cols, func(col column) string { return r.cell(col, m.names) }, w)
		switch {
		case sel:
			line = s.Selected.Render(line)
		case c.State == engine.CampaignDraft:
			line = s.Muted.Render(line)
		}
		lines = append(lines, line)
	}
	body := ui.FitBlock(strings.Join(lines, "\n"), w, m.height-m.panelHeight())
	if m.panelHeight() == 0 {
		return body
	}
	return body + "\n" + ui.FitBlock(m.panelView(m.panelHeight()), w, m.panelHeight())
}

// headLine puts left and right on one line of w cells.
func headLine(left, right string, w int) string {
	rw := lipgloss.Width(right)
	if rw > 0 && lipgloss.Width(left)+rw+2 > w {
		right, rw = "", 0
	}
	return ui.FitLine(left, w-rw) + right
}

// panelView describes the selected campaign in h lines: what it sends to
// whom and its state, its funnel when there is room, every figure, and
// its texts.
func (m *Model) panelView(h int) string {
	s, w := m.styles, m.width
	rule := s.Subtle.Render(strings.Repeat("─", w))
	c, ok := m.selected()
	if !ok {
		about := "A campaign messages an audience (unknown users, known users, or the profiles a criteria set " +
			"activated) in-app, in an embedded placement, by push or by email. Its figures are live: eligible → " +
			"delivered → shown → clicked → converted, and the revenue of purchases made within the attribution " +
			"window after a click."
		return rule + "\n" + strings.Join(wrapLines(s.Muted.Render(about), w, h-1), "\n")
	}
	st, has := m.stats[c.ID]
	lines := []string{rule}
	lines = append(lines, cut(s.Title.Render(c.Name)+s.Muted.Render(" · ")+whatText(c, m.names)+s.Muted.Render(" · ")+stateText(c), w))
	funnel := h >= 15
	switch {
	case !has:
		lines = append(lines, s.Muted.Render("reading the figures…"))
	case funnel:
		lines = append(lines, "")
		lines = append(lines, funnelLines(s, st, w)...)
		lines = append(lines, "")
		lines = append(lines, joinWrap(figureParts(c, st, false), " · ", w, 2)...)
	default:
		lines = append(lines, joinWrap(figureParts(c, st, true), " · ", w, 2)...)
	}
	text := func(label, v string) {
		if v != "" {
			lines = append(lines, cut(s.Muted.Render(padRight(label, 7))+v, w))
		}
	}
	text("title", c.Title)
	text("body", c.Body)
	text("button", c.Button)
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// funnelLines draws the campaign's people at each step as bars, each with
// its share of the step it follows.
func funnelLines(s ui.Styles, st engine.CampaignStats, w int) []string {
	steps := []struct {
		label   string
		n, of   int
		ofLabel string
	}{
		{"eligible", st.Eligible, 0, ""},
		{"delivered", st.Delivered, st.Eligible, "of eligible"},
		{"shown", st.Shown, st.Delivered, "of delivered"},
		{"clicked", st.Clicked, st.Delivered, "of delivered"},
		{"converted", st.Converted, st.Delivered, "of delivered"},
	}
	top := 1
	for _, x := range steps {
		top = max(top, x.n)
	}
	const labelW, numW, noteW = 10, 8, 20
	barW := max(4, min(50, w-labelW-numW-noteW-3))
	out := make([]string, len(steps))
	for i, x := range steps {
		fill := 0
		if x.n > 0 {
			fill = max(1, x.n*barW/top)
		}
		bar := s.Accent.Render(strings.Repeat("█", fill)) + s.Subtle.Render(strings.Repeat("·", barW-fill))
		note := ""
		if x.ofLabel != "" {
			note = rate(x.n, x.of) + " " + x.ofLabel
		}
		out[i] = cut(s.Muted.Render(padRight(x.label, labelW))+bar+" "+fitRight(ui.Thousands(x.n), numW)+"  "+s.Muted.Render(note), w)
	}
	return out
}

// joinWrap joins parts with sep into lines of at most w cells, breaking
// only between parts; at most n lines (the last cut).
func joinWrap(parts []string, sep string, w, n int) []string {
	var out []string
	line := ""
	for _, p := range parts {
		switch {
		case line == "":
			line = p
		case lipgloss.Width(line+sep+p) <= w:
			line += sep + p
		default:
			out = append(out, line)
			line = p
		}
	}
	if line != "" {
		out = append(out, line)
	}
	if len(out) > n {
		out = out[:n]
		out[n-1] = cut(out[n-1]+sep+"…", w)
	}
	for i := range out {
		out[i] = cut(out[i], w)
	}
	return out
}

// whatText says what a campaign sends to whom: "in-app to unknown users",
// "embedded (home) to 101 Big-ticket browser".
func whatText(c engine.Campaign, names map[string]string) string {
	ch := channelLabel(c.Channel)
	if c.Channel == device.ChannelEmbedded && c.Placement != "" {
		ch += " (" + c.Placement + ")"
	}
	return ch + " to " + audienceLabel(c.Audience, names, 40)
}

// stateText is the state with its time: "▶ running since 2026-03-02 09:05".
func stateText(c engine.Campaign) string {
	switch c.State {
	case engine.CampaignRunning:
		return stateLabel(c.State) + " since " + stamp(c.StartedAt)
	case engine.CampaignStopped:
		return stateLabel(c.State) + " " + stamp(c.StoppedAt)
	}
	return stateLabel(c.State) + ", never started"
}

// figureParts are a campaign's figures: with people, the people at each
// step with the rates (of the people it was delivered to); then the acts,
// the revenue and how purchases are credited.
func figureParts(c engine.Campaign, st engine.CampaignStats, people bool) []string {
	var parts []string
	if people {
		parts = append(parts,
			"eligible "+ui.Thousands(st.Eligible),
			"delivered "+ui.Thousands(st.Delivered),
			"shown "+ui.Thousands(st.Shown),
			fmt.Sprintf("clicked %s (%s)", ui.Thousands(st.Clicked), rate(st.Clicked, st.Delivered)),
			fmt.Sprintf("converted %s (%s)", ui.Thousands(st.Converted), rate(st.Converted, st.Delivered)))
	}
	parts = append(parts,
		"revenue "+money(st.Revenue),
		plural(st.Purchases, "purchase"),
		plural(st.Impressions, "impression"),
		plural(st.Clicks, "click"),
		ui.Thousands(st.Dismissed)+" dismissed")
	hours := c.AttributionHours
	if hours <= 0 {
		hours = engine.DefaultAttributionHours
	}
	parts = append(parts, fmt.Sprintf("a purchase counts %d h after a click", hours))
	if c.Channel == device.ChannelEmail && c.State != engine.CampaignDraft {
		parts = append(parts, fmt.Sprintf("emailed %s, skipped %s", ui.Thousands(c.Emailed), ui.Thousands(c.Skipped)))
	}
	return parts
}
