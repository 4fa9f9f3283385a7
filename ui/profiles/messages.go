package profiles

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
)

// messagesNote is the messages section's note: how many, in what order.
func messagesNote(n int) string {
	if n == 0 {
		return ""
	}
	return plural(n, "message") + ", newest first"
}

// campaignName names a message's campaign, or says its number.
func campaignName(id uint64, names map[uint64]string) string {
	if n := names[id]; n != "" {
		return n
	}
	return "campaign #" + uitoa(id)
}

// channelText is a message's channel as people say it, with an embedded
// message's placement.
func channelText(m engine.Message) string {
	switch m.Channel {
	case device.ChannelInApp:
		return "in-app"
	case device.ChannelEmbedded:
		if m.Placement != "" {
			return "embedded in " + m.Placement
		}
		return "embedded"
	case device.ChannelPush:
		return "push"
	case device.ChannelEmail:
		return "email"
	}
	return m.Channel
}

// messageLines are a message's steps with their times (delivered, shown,
// clicked, converted, and dismissed when it was), its revenue, the
// unknown profile it came with when that was merged into this one, and
// what it said.
func messageLines(m engine.Message, ledger []engine.LedgerEntry) [][2]string {
	delivered := stampSeconds(m.DeliveredAt)
	switch {
	case m.Email != "":
		delivered += " to " + m.Email
	case m.DeviceID != "":
		delivered += " on device " + m.DeviceID
	}
	shown := stampSeconds(m.ShownAt)
	if m.Shows > 1 {
		shown += " · " + plural(m.Shows, "time")
	}
	clicked := stampSeconds(m.ClickedAt)
	if m.Clicks > 1 {
		clicked += " (the latest) · " + plural(m.Clicks, "click")
	}
	converted := stampSeconds(m.ConvertedAt)
	if m.Purchases > 0 {
		converted += " · " + plural(m.Purchases, "purchase") + " · revenue " + money(m.Revenue)
	}
	out := [][2]string{{"delivered", delivered}, {"shown", shown}, {"clicked", clicked}, {"converted", converted}}
	if !m.DismissedAt.IsZero() {
		out = append(out, [2]string{"dismissed", stampSeconds(m.DismissedAt)})
	}
	if m.MergedFrom != 0 {
		out = append(out, [2]string{"merged", mergedFromText(m.MergedFrom, ledger)})
	}
	var said []string
	for _, t := range []string{m.Title, m.Body} {
		if strings.TrimSpace(t) != "" {
			said = append(said, t)
		}
	}
	if m.Button != "" {
		said = append(said, "["+m.Button+"]")
	}
	if len(said) > 0 {
		out = append(out, [2]string{"said", strings.Join(said, " · ")})
	}
	return out
}

// mergedFromText names the unknown profile a message came with: its
// userId when the identity history has the merge.
func mergedFromText(id uint64, ledger []engine.LedgerEntry) string {
	for _, l := range ledger {
		if l.Op == engine.OpMerge && l.FromProfileID == id && l.FromUserID != "" {
			return fmt.Sprintf("from unknown %s (profile #%d)", short(l.FromUserID), id)
		}
	}
	return fmt.Sprintf("from profile #%d", id)
}

// money writes an amount with two decimals and thousands separators:
// 1169.1 → "1,169.10".
func money(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	cents := int64(math.Round(math.Abs(f) * 100))
	s := ui.Thousands(int(cents/100)) + "." + strconv.FormatInt(100+cents%100, 10)[1:]
	if f < 0 && cents != 0 {
		return "-" + s
	}
	return s
}
