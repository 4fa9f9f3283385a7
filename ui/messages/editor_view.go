package messages

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
)

// edLayout is how the editor splits its area: the form beside the preview
// when wide enough, else the form above it.
type edLayout struct {
	side               bool
	formW, previewW    int
	formH, previewH    int
	previewX, previewY int
}

// sideBySide is the least width that puts the preview beside the form.
const sideBySide = 110

// formWidth is the form's width in a w-wide editor.
func formWidth(w int) int {
	if w >= sideBySide {
		return max(56, min(96, w-50)) // the preview keeps room for a card
	}
	return w
}

// layoutEditor splits w×h for a form of formLines lines.
func layoutEditor(w, h, formLines int) edLayout {
	if w >= sideBySide {
		fw := formWidth(w)
		return edLayout{side: true, formW: fw, previewW: w - fw - 2, formH: h, previewH: h, previewX: fw + 2}
	}
	fh := min(formLines, max(0, h-7))
	return edLayout{formW: w, previewW: w, formH: fh, previewH: h - fh, previewY: fh}
}

// hint explains the focused field in a line or two.
func (e *editor) hint() string {
	switch e.focus {
	case fName:
		return "What the campaign list calls it; people never see it."
	case fChannel:
		switch e.channelName() {
		case device.ChannelInApp:
			return "in-app: delivered at the person's next session and shown once."
		case device.ChannelEmbedded:
			return "embedded: fills a placement of the app while the person is in the audience."
		case device.ChannelPush:
			return "push: only mobile devices that allow notifications receive it."
		case device.ChannelEmail:
			return "email: sent when the campaign starts, to real addresses only (placeholders are never emailed)."
		}
	case fAudience:
		switch e.audienceKind() {
		case engine.AudienceUnknown:
			return "unknown users: profiles a criteria match created, not identified yet."
		case engine.AudienceKnown:
			return "known users: people who signed up or logged in."
		case engine.AudienceCriteria:
			return "activated by a criteria set: the profiles that set created."
		}
	case fCriteria:
		return "The criteria set whose activated profiles get the message (Criteria tab)."
	case fPlacement:
		return "Where the app shows the banner; devices render home, product and cart."
	case fTitle, fBody, fButton:
		if e.example[e.focus] {
			return "Example text: typing replaces it, ← or → keeps it to edit. {{last.viewedProduct.name}} · {{discount}} · " +
				"{{discounted last.viewedProduct.price}} · {{firstName}}"
		}
		return "{{firstName}} · {{last.viewedProduct.name}} · {{discount}} · {{discounted last.viewedProduct.price}} · " +
			"{{money x}} · {{defaultIfEmpty x \"there\"}} · {{#if x}}…{{else}}…{{/if}}"
	case fDiscount:
		return "Percent off; the texts read it as {{discount}} and {{discounted path}}."
	case fHours:
		return fmt.Sprintf("A purchase this long after a click counts as converted (empty: %d hours).", engine.DefaultAttributionHours)
	case fFor:
		return "Type an email or userId and press enter, or ctrl+n/ctrl+p through the audience."
	}
	return ""
}

// formLines draws the form in w cells: a heading, one line per field with
// its problem under it, and a hint about the focused field. focusAt and
// focusEnd are the focused field's first and last lines.
func (e *editor) formLines(s ui.Styles, w int) (lines []string, focusAt, focusEnd int) {
	lines = []string{cut(e.title(s), w)}
	indent := strings.Repeat(" ", 2+labelWidth+1)
	for i := range nFields {
		if !e.visible(i) {
			continue
		}
		mark := "  "
		if i == e.focus {
			mark = glyphSelected + " "
		}
		label := s.Muted.Render(padRight(fieldLabel(i), labelWidth))
		if i == e.focus {
			label = s.Accent.Render(padRight(fieldLabel(i), labelWidth))
		}
		if i == e.focus {
			focusAt = len(lines)
		}
		lines = append(lines, cut(mark+label+" "+e.fieldView(s, i), w))
		if p := e.errs[i]; p != "" {
			for _, l := range wrapLines("✗ "+p, max(10, w-len(indent)), 3) {
				lines = append(lines, indent+s.Error.Render(l))
			}
		}
		if i == e.focus {
			focusEnd = len(lines) - 1
		}
	}
	if e.general != "" {
		for _, l := range wrapLines("✗ "+e.general, w, 2) {
			lines = append(lines, s.Error.Render(l))
		}
	}
	for _, l := range wrapLines(e.hint(), w-2, 2) {
		lines = append(lines, "  "+s.Muted.Render(l))
	}
	return lines, focusAt, focusEnd
}

// window keeps the heading and h-1 lines of the fields that show the
// focused field when the form is taller than h.
func window(lines []string, focusAt, focusEnd, h int) []string {
	if len(lines) <= h || h < 2 {
		return lines
	}
	room := h - 1
	off := max(0, min(focusEnd-room, focusAt-1)) // lines[1+off:] shows the focused lines
	body := lines[1+off:]
	if len(body) > room {
		body = body[:room]
	}
	return append([]string{lines[0]}, body...)
}

// fieldView is a field's value as the form shows it.
func (e *editor) fieldView(s ui.Styles, i int) string {
	choice := func(label string, at, n int) string {
		if n <= 1 {
			return label
		}
		return "‹ " + label + " ›" + s.Muted.Render(fmt.Sprintf("  %d/%d", at+1, n))
	}
	switch i {
	case fChannel:
		if e.channelLocked() {
			return channelLabel(e.channelName()) + s.Muted.Render("  (kept: the campaign has run)")
		}
		return choice(channelLabel(e.channelName()), e.channel, len(engine.Channels()))
	case fAudience:
		label := audienceLabel(e.audienceValue(), nil, 20)
		if e.audienceKind() == engine.AudienceCriteria {
			label = "activated by a criteria set"
		}
		return choice(label, e.audience, len(engine.AudienceKinds()))
	case fCriteria:
		if len(e.sets) == 0 {
			return s.Warn.Render("no criteria sets yet: write one in the Criteria tab")
		}
		set := e.sets[min(e.criteria, len(e.sets)-1)]
		return choice(set.ID+" "+set.Name, e.criteria, len(e.sets))
	case fPlacement:
		return choice(e.placements[e.placement], e.placement, len(e.placements))
	case fDiscount:
		return e.inputs[i].View() + s.Muted.Render(" % off")
	case fHours:
		return e.inputs[i].View() + s.Muted.Render(" hours after a click")
	case fFor:
		v := e.inputs[i].View()
		if e.poolAt >= 0 && len(e.pool) > 0 {
			v += s.Muted.Render(fmt.Sprintf("  %d/%d", e.poolAt+1, len(e.pool)))
		}
		return v
	}
	return e.inputs[i].View()
}

// previewLines draws the preview in w×h: what it shows and for whom, the
// message as its channel shows it, whether that profile would get it, and
// the template paths empty for it.
func (e *editor) previewLines(s ui.Styles, c engine.Campaign, w, h int) []string {
	if w <= 0 || h <= 0 {
		return nil
	}
	head := s.Header.Render("PREVIEW") + s.Muted.Render(" · "+kindOfMessage(c.Channel))
	who := ""
	switch {
	case e.lookupErr != "":
		who = s.Warn.Render("! " + e.lookupErr)
	case e.profile.ID != 0:
		who = "for " + shortID(ui.ProfileName(e.profile)) + s.Muted.Render(fmt.Sprintf(" · %s · #%d", e.profile.Kind, e.profile.ID))
	case e.poolLoaded:
		who = s.Muted.Render("no profile in this audience yet: type an email or userId in preview for")
	default:
		who = s.Muted.Render("finding a profile of the audience…")
	}
	lines := []string{cut(head, w), cut(who, w)}
	var tail []string
	switch {
	case e.hasTemplateProblem() || e.blocked:
		tail = append(tail, s.Warn.Render("! fix what is marked ✗ to see the message"))
	case e.previewErr != "":
		tail = append(tail, s.Error.Render("✗ "+e.previewErr))
	case !e.rendered:
		if e.profile.ID != 0 {
			tail = append(tail, s.Muted.Render("rendering…"))
		}
	default:
		pv := e.preview
		if pv.Eligible {
			why := "would get it"
			if pv.Why != "" {
				why += ": " + pv.Why
			}
			tail = append(tail, s.Success.Render("✓ ")+why)
		} else {
			tail = append(tail, s.Warn.Render("✗ would not get it: ")+pv.Why)
		}
		if len(pv.Missing) > 0 {
			tail = append(tail, s.Warn.Render("! empty for this profile: ")+strings.Join(pv.Missing, ", "))
		}
	}
	var tailLines []string
	for _, t := range tail {
		tailLines = append(tailLines, wrapLines(t, w, 3)...)
	}
	if e.rendered && !e.blocked && !e.hasTemplateProblem() && e.previewErr == "" {
		room := h - len(lines) - len(tailLines)
		if room >= 7 {
			lines = append(lines, "")
			room--
		}
		lines = append(lines, cardOf(c, e.preview.Rendered, e.profile).render(s, w, room)...)
	}
	lines = append(lines, tailLines...)
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = cut(l, w)
		}
	}
	return lines
}

// hasTemplateProblem reports a problem in a text the preview renders.
func (e *editor) hasTemplateProblem() bool {
	return e.errs[fTitle] != "" || e.errs[fBody] != "" || e.errs[fButton] != ""
}

// view draws the editor in exactly w×h.
func (e *editor) view(s ui.Styles, w, h int) string {
	form, at, end := e.formLines(s, formWidth(w))
	lay := layoutEditor(w, h, len(form))
	form = window(form, at, end, lay.formH)
	c, _ := e.campaign()
	ph := lay.previewH
	if !lay.side {
		ph-- // under a rule
	}
	pv := e.previewLines(s, c, lay.previewW, ph)
	if lay.side {
		rows := make([]string, h)
		for i := range rows {
			l, r := "", ""
			if i < len(form) {
				l = form[i]
			}
			if i < len(pv) {
				r = pv[i]
			}
			rows[i] = ui.FitLine(l, lay.formW) + "  " + r
		}
		return ui.FitBlock(strings.Join(rows, "\n"), w, h)
	}
	top := ui.FitBlock(strings.Join(form, "\n"), w, lay.formH)
	rule := s.Subtle.Render(strings.Repeat("─", w))
	bottom := ui.FitBlock(strings.Join(pv, "\n"), w, max(0, lay.previewH-1))
	return ui.FitBlock(top+"\n"+rule+"\n"+bottom, w, h)
}
