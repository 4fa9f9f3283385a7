package profiles

import (
	"strings"

	"github.com/charmbracelet/bubbles/viewport"
	"github.com/charmbracelet/x/ansi"

	"limen/engine"
	"limen/ui"
)

// lineKind says what a detail line is, and so what keys do on it.
type lineKind int

const (
	lineText   lineKind = iota
	lineHeader          // a section title
	lineTree            // a data-field node (index into tree)
	lineEvent           // an event of the timeline (index into events)
	lineMore            // the end of the loaded timeline
)

type detailLine struct {
	text string // styled, without the gutter
	kind lineKind
	ref  int
	// hang is the indent of the continuation lines when text is wider
	// than the pane; -1 truncates instead (event summaries).
	hang int
}

// detail is the detail pane: one scrollable document about the selected
// profile (identifiers, unknownSession context, identity history, consent,
// data fields as a tree, and the event timeline, newest first), with a
// line cursor. It holds data only; the browser loads it in commands.
type detail struct {
	styles ui.Styles
	names  map[string]string

	id      uint64 // the profile shown (or being loaded)
	loaded  bool
	err     string
	profile engine.Profile

	sessions []engine.StoredEvent
	consent  []engine.ConsentEntry
	ledger   []engine.LedgerEntry
	messages []engine.Message
	// campaigns names the messages' campaigns, by id.
	campaigns map[uint64]string
	events    []engine.StoredEvent
	next      engine.Cursor // of the next page of events; "" when all are loaded
	loading   bool          // a page of events is being read

	open       map[string]bool // open data-field nodes, by path
	openEvents map[string]bool // events whose fields show, by event id
	tree       []treeLine
	lines      []detailLine
	cursor     int
	focused    bool

	vp            viewport.Model
	width, height int // inside the panel
}

func newDetail(styles ui.Styles) detail {
	return detail{styles: styles, open: map[string]bool{}, openEvents: map[string]bool{}, vp: viewport.New(0, 0)}
}

// setSize sets the size inside the panel: one title line, then the
// scrolling document.
func (d *detail) setSize(w, h int) {
	d.width, d.height = max(0, w), max(0, h)
	d.vp.Width, d.vp.Height = d.width, max(0, d.height-1)
	d.rebuild()
}

// show starts showing another profile (its data arrives later).
func (d *detail) show(id uint64) {
	if id == d.id {
		return
	}
	*d = detail{styles: d.styles, names: d.names, id: id, open: map[string]bool{}, openEvents: map[string]bool{},
		vp: d.vp, width: d.width, height: d.height, focused: d.focused}
	d.vp.SetYOffset(0)
	d.rebuild()
}

// set fills the pane with a loaded profile, keeping the cursor and what
// was opened when it is the profile already shown.
func (d *detail) set(m detailMsg) {
	d.show(m.id)
	d.err = ""
	if m.err != nil {
		d.err = m.err.Error()
		d.loaded = m.profile.ID != 0
	}
	if m.profile.ID != 0 {
		d.loaded = true
		d.profile, d.sessions, d.consent, d.ledger = m.profile, m.sessions, m.consent, m.ledger
		d.messages, d.campaigns = m.messages, m.campaigns
		d.events, d.next, d.loading = m.events, m.next, false
	}
	d.rebuild()
}

// addEvents appends a page of the timeline.
func (d *detail) addEvents(m eventsMsg) {
	d.loading = false
	if m.err != nil {
		d.err = m.err.Error()
	} else {
		d.events, d.next = append(d.events, m.events...), m.next
	}
	d.rebuild()
}

// wantsMore reports that the cursor reached the end of the loaded
// timeline and more events exist.
func (d *detail) wantsMore() bool {
	if d.next == "" || d.loading || len(d.lines) == 0 {
		return false
	}
	return d.cursor >= len(d.lines)-2
}

// move moves the cursor by delta lines.
func (d *detail) move(delta int) {
	d.cursor = max(0, min(len(d.lines)-1, d.cursor+delta))
	d.rebuild()
}

func (d *detail) page() int { return max(1, d.vp.Height-1) }

// expand opens the data-field node under the cursor, or the event's fields.
func (d *detail) expand() {
	l := d.current()
	switch l.kind {
	case lineTree:
		expandNode(d.open, d.tree, l.ref)
	case lineEvent:
		d.openEvents[d.events[l.ref].ID] = true
	}
	d.rebuild()
}

// collapse closes the node under the cursor or walks up to its parent;
// on an event it closes the event's fields.
func (d *detail) collapse() {
	l := d.current()
	switch l.kind {
	case lineTree:
		to := collapseNode(d.open, d.tree, l.ref)
		d.rebuild()
		d.cursorToTree(to)
	case lineEvent:
		delete(d.openEvents, d.events[l.ref].ID)
	}
	d.rebuild()
}

// toggle opens or closes the node or event under the cursor.
func (d *detail) toggle() {
	l := d.current()
	switch {
	case l.kind == lineTree && d.tree[l.ref].Open, l.kind == lineEvent && d.openEvents[d.events[l.ref].ID]:
		d.collapse()
	default:
		d.expand()
	}
}

func (d *detail) current() detailLine {
	if d.cursor < 0 || d.cursor >= len(d.lines) {
		return detailLine{}
	}
	return d.lines[d.cursor]
}

func (d *detail) cursorToTree(i int) {
	for j, l := range d.lines {
		if l.kind == lineTree && l.ref == i {
			d.cursor = j
			return
		}
	}
}

// rebuild recomputes the document lines and the viewport from the data,
// keeping the cursor in view.
func (d *detail) rebuild() {
	d.tree = flattenTree(d.profile.DataFields, d.open)
	d.lines = d.document()
	d.cursor = max(0, min(d.cursor, len(d.lines)-1))
	var visual []string
	// The cursor line and what it opened (an event's fields, a node's
	// children) are kept in view, the cursor line first.
	first, last, blockEnd := 0, 0, d.blockEnd()
	for i, l := range d.lines {
		if i == d.cursor {
			first = len(visual)
		}
		visual = append(visual, d.renderLine(l, i == d.cursor)...)
		if i == blockEnd {
			last = len(visual) - 1
		}
	}
	d.vp.SetContent(strings.Join(visual, "\n"))
	last = min(last, first+d.vp.Height-1)
	off := scrollOffset(last, d.vp.YOffset, d.vp.Height, len(visual))
	d.vp.SetYOffset(min(off, first))
}

// blockEnd is the last line of what the cursor line opened: the fields
// of an open event, the descendants of an open node; else the cursor line.
func (d *detail) blockEnd() int {
	c := d.current()
	end := d.cursor
	for j := d.cursor + 1; j < len(d.lines); j++ {
		l := d.lines[j]
		switch {
		case c.kind == lineEvent && l.kind == lineEvent && l.ref == c.ref,
			c.kind == lineTree && l.kind == lineTree && d.tree[l.ref].Depth > d.tree[c.ref].Depth:
			end = j
			continue
		}
		break
	}
	return end
}

// renderLine draws a line in the pane's width behind a two-cell gutter
// (the cursor's glyph), wrapped under its hanging indent when too wide.
func (d *detail) renderLine(l detailLine, atCursor bool) []string {
	avail := max(1, d.width-2)
	var parts []string
	if l.hang < 0 || ansi.StringWidth(l.text) <= avail {
		parts = []string{cut(l.text, avail)}
	} else {
		hang := min(l.hang, avail/2)
		parts = strings.Split(ansi.Wrap(l.text, avail, " "), "\n")
		rest := strings.Join(parts[1:], " ")
		parts = parts[:1]
		if rest != "" {
			for _, p := range strings.Split(ansi.Wrap(rest, avail-hang, " "), "\n") {
				parts = append(parts, strings.Repeat(" ", hang)+p)
			}
		}
	}
	gutter, style := "  ", func(s string) string { return s }
	switch {
	case atCursor && d.focused:
		gutter = glyphSelected + " "
		style = func(s string) string { return d.styles.Selected.Render(ui.FitLine(stripStyles(s), d.width)) }
	}
	for i, p := range parts {
		g := gutter
		if i > 0 {
			g = "  "
		}
		parts[i] = style(g + p)
	}
	return parts
}

// title is the pane's first line: who the profile is.
func (d *detail) title() string {
	mark := "  "
	if d.focused {
		mark = glyphSelected + " "
	}
	switch {
	case d.id == 0:
		return mark + d.styles.Muted.Render("no profile selected")
	case !d.loaded:
		return mark + d.styles.Muted.Render("loading profile #"+uitoa(d.id)+"…")
	}
	p := d.profile
	kind := d.styles.Known.Render(p.Kind)
	if p.Kind == engine.KindUnknown {
		kind = d.styles.Unknown.Render(p.Kind)
	}
	return mark + d.styles.Title.Render(ui.ProfileName(p)) + d.styles.Muted.Render(" · ") + kind + d.styles.Muted.Render(" · #"+uitoa(p.ID))
}

func (d *detail) view() string {
	if d.height <= 0 {
		return ""
	}
	return cut(d.title(), d.width) + "\n" + d.vp.View()
}
