package messages

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
)

// Glyphs. Every state shown in colour is also shown by a glyph or a word,
// because NO_COLOR drops colour, bold and reverse alike.
const (
	glyphSelected = "▸" // the selected row, the focused field
	glyphRunning  = "▶"
	glyphStopped  = "■"
	glyphDraft    = "○"
)

// channelLabel is how the console names a channel.
func channelLabel(ch string) string {
	switch ch {
	case device.ChannelInApp:
		return "in-app"
	case device.ChannelEmbedded:
		return "embedded"
	case device.ChannelPush:
		return "push"
	case device.ChannelEmail:
		return "email"
	}
	return ch
}

// audienceLabel names an audience in at most about width cells: "unknown
// users", "known users", "101 Big-ticket browser" (or "set 101" when
// narrow).
func audienceLabel(a engine.Audience, names map[string]string, width int) string {
	switch a.Kind {
	case engine.AudienceUnknown:
		if width < len("unknown users") {
			return "unknown"
		}
		return "unknown users"
	case engine.AudienceKnown:
		if width < len("known users") {
			return "known"
		}
		return "known users"
	case engine.AudienceCriteria:
		label := "set " + a.CriteriaID
		if n := names[a.CriteriaID]; n != "" && width >= len(a.CriteriaID)+6 {
			label = a.CriteriaID + " " + n
		}
		return label
	}
	return a.Kind
}

// stateLabel is a campaign's state with its glyph.
func stateLabel(state string) string {
	switch state {
	case engine.CampaignRunning:
		return glyphRunning + " running"
	case engine.CampaignStopped:
		return glyphStopped + " stopped"
	case engine.CampaignDraft:
		return glyphDraft + " draft"
	}
	return state
}

// money writes an amount with two decimals and thousands separators, as
// {{money}} does in templates: 1169.1 → "1,169.10".
func money(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	neg := f < 0
	cents := int64(math.Round(math.Abs(f) * 100))
	whole, frac := cents/100, cents%100
	s := ui.Thousands(whole) + "." + strconv.FormatInt(100+frac, 10)[1:]
	if neg && cents != 0 {
		return "-" + s
	}
	return s
}

// rate is part of whole as a percentage with one decimal ("12.5%"), or "—"
// when whole is zero.
func rate(part, whole int) string {
	if whole <= 0 {
		return "—"
	}
	return strconv.FormatFloat(100*float64(part)/float64(whole), 'f', 1, 64) + "%"
}

// plural is n with word, in the plural unless n is one.
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return ui.Thousands(n) + " " + word + "s"
}

// stamp is a time to the minute, UTC; "—" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// percentText writes a discount for the form: 10 → "10", 12.5 → "12.5",
// 0 → "".
func percentText(f float64) string {
	if f == 0 {
		return ""
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// parsePercent reads the discount field: empty is 0; "10", "10%", "12.5"
// and "12,5" are numbers.
func parsePercent(s string) (float64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// parseHours reads the attribution field: empty is 0 (the default).
func parseHours(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "h"))
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// cut truncates s (which may carry styles) to width cells with an
// ellipsis, without padding.
func cut(s string, width int) string { return ansi.Truncate(s, max(0, width), "…") }

// fitRight pads s on the left (or cuts it) to exactly width cells.
func fitRight(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = ansi.Truncate(s, width, "…")
	if w := ansi.StringWidth(s); w < width {
		s = strings.Repeat(" ", width-w) + s
	}
	return s
}

// padRight pads s with spaces to width cells (it never cuts).
func padRight(s string, width int) string {
	if w := ansi.StringWidth(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// shortID shortens a UUID-like userId to its first block: "0b3f6a2c…".
func shortID(s string) string {
	if len(s) == 36 && s[8] == '-' {
		return s[:8] + "…"
	}
	return s
}

// people is "1 person" or "n people".
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return ui.Thousands(n) + " people"
}
