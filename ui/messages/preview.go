package messages

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
)

// card is how a message looks on its channel, drawn for the preview.
type card struct {
	channel   string
	placement string
	email     string // the address an email goes to
	title     string
	body      string
	button    string
}

// cardWidth is how wide a channel's message is drawn in w cells.
func cardWidth(channel string, w int) int {
	switch channel {
	case device.ChannelEmbedded:
		return min(w, 72)
	case device.ChannelEmail:
		return min(w, 60)
	}
	return min(w, 46)
}

// wrapLines wraps s to w cells, at most n lines (the last cut with an
// ellipsis when more would follow).
func wrapLines(s string, w, n int) []string {
	if w <= 0 || n <= 0 {
		return nil
	}
	lines := strings.Split(ansi.Wrap(s, w, " -"), "\n")
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = cut(lines[n-1]+" …", w)
	}
	return lines
}

// render draws the message in at most w×h cells: an in-app card, a push
// notification, an embedded banner in its placement, or an email. With
// little height the spacing goes first, then the body's extra lines.
func (c card) render(s ui.Styles, w, h int) []string {
	cw := cardWidth(c.channel, w)
	if cw < 12 || h < 4+btnLines(c.button) {
		return c.plain(s, w, h)
	}
	bold := s.App.Bold(true)
	inner := cw - 4 // border and padding
	empty := func(text, what string) string {
		if strings.TrimSpace(text) == "" {
			return s.Muted.Render("(" + what + ")")
		}
		return text
	}
	button := ""
	if c.button != "" {
		button = s.Accent.Render(cut("[ "+c.button+" ]", inner))
	}
	frame := h - 2 // lines inside the border
	var lines []string
	switch c.channel {
	case device.ChannelPush:
		lines = append(lines, s.Muted.Render("◆ LIMEN · now"))
		if c.title != "" {
			lines = append(lines, bold.Render(cut(c.title, inner)))
		}
		lines = append(lines, wrapLines(empty(c.body, "no text"), inner, max(1, frame-len(lines)-btnLines(c.button)))...)
		if c.button != "" {
			lines = append(lines, s.Accent.Render(cut("› "+c.button, inner)))
		}
	case device.ChannelEmail:
		if c.email != "" {
			lines = append(lines, s.Muted.Render(cut("To: "+c.email, inner)))
		}
		lines = append(lines, bold.Render(cut("Subject: "+c.title, inner)))
		if frame-len(lines) >= 3 {
			lines = append(lines, s.Subtle.Render(strings.Repeat("─", inner)))
		}
		lines = append(lines, wrapLines(empty(c.body, "no text"), inner, max(1, frame-len(lines)-btnLines(c.button)))...)
		if button != "" {
			lines = append(lines, button)
		}
	case device.ChannelEmbedded:
		return c.banner(s, cw, h)
	default: // in-app: a card with a close box
		title := cut(empty(c.title, "no title"), inner-2)
		gap := inner - ansi.StringWidth(title) - 1
		lines = append(lines, bold.Render(title)+strings.Repeat(" ", max(1, gap))+s.Muted.Render("✕"))
		roomy := frame >= 5+btnLines(c.button)
		if roomy {
			lines = append(lines, "")
		}
		bodyRoom := max(1, frame-len(lines)-btnLines(c.button)-map[bool]int{true: 1, false: 0}[roomy && c.button != ""])
		lines = append(lines, wrapLines(empty(c.body, "no text"), inner, bodyRoom)...)
		if button != "" {
			if roomy {
				lines = append(lines, "")
			}
			lines = append(lines, lipgloss.PlaceHorizontal(inner, lipgloss.Center, button))
		}
	}
	box := s.Panel
	if c.channel != device.ChannelInApp {
		box = box.BorderStyle(lipgloss.NormalBorder())
	}
	return strings.Split(box.Width(cw-2).Render(strings.Join(lines, "\n")), "\n")
}

// plain draws the message without a frame, in at most h lines: for when
// there is no room for one.
func (c card) plain(s ui.Styles, w, h int) []string {
	var out []string
	if c.title != "" {
		out = append(out, s.App.Bold(true).Render(cut(c.title, w)))
	}
	out = append(out, cut(c.body, w))
	if c.button != "" {
		out = append(out, s.Accent.Render(cut("[ "+c.button+" ]", w)))
	}
	if len(out) > max(0, h) {
		out = out[:max(0, h)]
	}
	return out
}

func btnLines(button string) int {
	if button == "" {
		return 0
	}
	return 1
}

// banner draws an embedded message: a strip across its placement, named
// in the rule above it.
func (c card) banner(s ui.Styles, cw, h int) []string {
	label := "─ placement " + c.placement + " "
	rule := s.Subtle.Render(label + strings.Repeat("─", max(0, cw-ansi.StringWidth(label))))
	inner := cw - 2
	out := []string{rule}
	if c.title != "" {
		out = append(out, " "+s.App.Bold(true).Render(cut(c.title, inner)))
	}
	body := c.body
	if strings.TrimSpace(body) == "" {
		body = s.Muted.Render("(no text)")
	}
	btn := ""
	if c.button != "" {
		btn = s.Accent.Render(cut("[ "+c.button+" ]", inner/2))
	}
	bodyW := inner - ansi.StringWidth(btn) - 1
	room := max(1, h-len(out)-1)
	bl := wrapLines(body, max(8, bodyW), room)
	for i, l := range bl {
		line := " " + l
		if i == len(bl)-1 && btn != "" {
			line = ui.FitLine(line, cw-ansi.StringWidth(btn)-1) + btn
		}
		out = append(out, line)
	}
	return append(out, s.Subtle.Render(strings.Repeat("─", cw)))
}

// cardOf is the card a rendered preview draws.
func cardOf(c engine.Campaign, r engine.Rendered, p engine.Profile) card {
	email := ""
	if !p.Placeholder {
		email = p.Email
	}
	return card{channel: c.Channel, placement: c.Placement, email: email, title: r.Title, body: r.Body, button: r.Button}
}

// kindOfMessage names what the preview draws, for its heading.
func kindOfMessage(channel string) string {
	switch channel {
	case device.ChannelInApp:
		return "in-app message"
	case device.ChannelEmbedded:
		return "embedded banner"
	case device.ChannelPush:
		return "push notification"
	case device.ChannelEmail:
		return "email"
	}
	return channel
}
