package profiles

import (
	"fmt"
	"sort"
	"strings"

	"limen/engine"
	"limen/ui"
)

// document lays out the detail pane's lines, section by section.
func (d *detail) document() []detailLine {
	var out []detailLine
	hung := func(s string, hang int) { out = append(out, detailLine{text: s, hang: hang}) }
	text := func(s string) { hung(s, 0) }
	header := func(s, note string) {
		if note != "" {
			note = " " + d.styles.Muted.Render(note)
		}
		out = append(out, detailLine{text: d.styles.Header.Render(strings.ToUpper(s)) + note, kind: lineHeader})
	}
	field := func(k, v string) { hung(d.styles.Muted.Render(fmt.Sprintf("%-9s", k))+" "+v, 10) }
	if d.err != "" {
		text(d.styles.Error.Render("✗ " + d.err))
	}
	if d.id == 0 || !d.loaded {
		return out
	}
	p := d.profile

	header("identifiers", "")
	field("userId", dash(p.UserID))
	email := dash(p.Email)
	if p.Placeholder {
		email = d.styles.Muted.Render(glyphPlaceholder+" "+p.Email) + " " + d.styles.Muted.Render("(placeholder, never emailed)")
	}
	field("email", email)
	field("kind", p.Kind)
	field("criteria", criteriaLabel(p.MatchedCriteriaID, d.names))
	field("created", stampSeconds(p.CreatedAt))
	field("updated", stampSeconds(p.UpdatedAt))
	field("activity", stampSeconds(p.LastActivity))
	field("events", ui.Thousands(p.EventCount))
	if len(p.Devices) > 0 {
		field("devices", strings.Join(p.Devices, ", "))
	}
	if len(p.MergedFrom) > 0 {
		field("merged", "from "+strings.Join(p.MergedFrom, ", "))
	}

	header("unknown session", "")
	if len(d.sessions) == 0 {
		text(d.styles.Muted.Render("none: not created by a criteria match"))
	}
	for i, s := range d.sessions {
		if i > 0 {
			text("")
		}
		for _, kv := range sessionLines(s, d.names) {
			field(kv[0], kv[1])
		}
	}

	header("identity history", "")
	if len(d.ledger) == 0 {
		text(d.styles.Muted.Render("none recorded"))
	}
	for _, l := range d.ledger {
		hung(d.styles.Muted.Render(stamp(l.At))+" "+ledgerText(l, d.names), 17)
	}

	header("consent", "")
	if len(d.consent) == 0 {
		text(d.styles.Muted.Render("none recorded"))
	}
	for _, c := range d.consent {
		hung(d.styles.Muted.Render(stamp(c.At))+" "+consentText(c), 17)
	}

	header("messages", messagesNote(len(d.messages)))
	if len(d.messages) == 0 {
		text(d.styles.Muted.Render("none delivered"))
	}
	for i, msg := range d.messages {
		if i > 0 {
			text("")
		}
		hung(d.styles.Title.Render(campaignName(msg.CampaignID, d.campaigns))+d.styles.Muted.Render(" · "+channelText(msg)), 2)
		for _, kv := range messageLines(msg, d.ledger) {
			hung("  "+d.styles.Muted.Render(fmt.Sprintf("%-9s", kv[0]))+" "+kv[1], 12)
		}
	}

	header("data fields", plural(len(p.DataFields), "field")+", → opens, ← closes")
	if len(d.tree) == 0 {
		text(d.styles.Muted.Render("none"))
	}
	for i, t := range d.tree {
		out = append(out, detailLine{text: d.treeText(t), kind: lineTree, ref: i, hang: 2*t.Depth + 4})
	}

	header("events", ui.Thousands(p.EventCount)+", newest first; enter shows fields")
	if len(d.events) == 0 {
		text(d.styles.Muted.Render("none"))
	}
	for i, ev := range d.events {
		open := d.openEvents[ev.ID]
		out = append(out, detailLine{text: d.eventText(ev, open), kind: lineEvent, ref: i, hang: -1})
		if open {
			for _, t := range flattenTree(eventFields(ev), openAll(eventFields(ev))) {
				out = append(out, detailLine{text: "    " + d.treeText(t), kind: lineEvent, ref: i, hang: 2*t.Depth + 8})
			}
		}
	}
	switch {
	case d.loading:
		out = append(out, detailLine{text: d.styles.Muted.Render("loading more events…"), kind: lineMore})
	case d.next != "":
		rest := p.EventCount - len(d.events)
		out = append(out, detailLine{text: d.styles.Muted.Render(fmt.Sprintf("%s more: move down to load", ui.Thousands(max(rest, 1)))), kind: lineMore})
	}
	return out
}

// treeText draws a data-field node: indented, with + (closed) or −
// (open) before containers.
func (d *detail) treeText(t treeLine) string {
	mark := " "
	if t.Container {
		mark = glyphClosed
		if t.Open {
			mark = glyphOpen
		}
	}
	val := t.Value
	if t.Container {
		val = d.styles.Muted.Render(val)
	}
	return strings.Repeat("  ", t.Depth) + mark + " " + t.Key + ": " + val
}

// eventText is one timeline line: time, name, and a summary of fields.
func (d *detail) eventText(ev engine.StoredEvent, open bool) string {
	mark := glyphClosed
	if open {
		mark = glyphOpen
	}
	name := ev.EventName
	if name == "" {
		name = ev.Type
	}
	return mark + " " + d.styles.Muted.Render(stampSeconds(ev.CreatedAt)) + " " + fmt.Sprintf("%-14s", name) + " " + d.styles.Muted.Render(eventSummary(ev))
}

// eventSummary is an event's fields on one line: k=v, sorted.
func eventSummary(ev engine.StoredEvent) string {
	var parts []string
	keys := make([]string, 0, len(ev.DataFields))
	for k := range ev.DataFields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+"="+scalar(ev.DataFields[k]))
	}
	if len(ev.Items) > 0 {
		parts = append(parts, plural(len(ev.Items), "item"))
	}
	if ev.Total != nil {
		parts = append(parts, "total="+scalar(ev.Total))
	}
	return strings.Join(parts, " ")
}

// eventFields is what an opened event shows: its data fields, items and
// total, and its id and device.
func eventFields(ev engine.StoredEvent) map[string]any {
	out := map[string]any{}
	for k, v := range ev.DataFields {
		out[k] = v
	}
	if len(ev.Items) > 0 {
		out["items"] = ev.Items
	}
	if ev.Total != nil {
		out["total"] = ev.Total
	}
	out["(id)"] = ev.ID
	if ev.DeviceID != "" {
		out["(device)"] = ev.DeviceID
	}
	if ev.IsUnknownUser != nil {
		out["(isUnknownUser)"] = *ev.IsUnknownUser
	}
	return out
}

// openAll opens every container of a tree.
func openAll(fields map[string]any) map[string]bool {
	open := map[string]bool{}
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			open[path] = true
			for k, e := range x {
				walk(e, path+pathSep+k)
			}
		case []any:
			open[path] = true
			for i, e := range x {
				walk(e, path+pathSep+fmt.Sprintf("[%d]", i))
			}
		}
	}
	for k, v := range fields {
		walk(v, k)
	}
	return open
}
