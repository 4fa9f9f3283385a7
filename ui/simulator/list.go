package simulator

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"limen/engine/sim"
	"limen/ui"
)

// bottomView is the list area: the inspector when open, else the log or
// the devices list, each under a title line.
func (m *Model) bottomView() string {
	w := m.lay.listW()
	if m.insp != nil {
		title := m.styles.Header.Render("device "+m.insp.id) + m.styles.Muted.Render("  ↑/↓ scroll · esc close")
		return ui.FitLine(title, w) + "\n" + m.insp.view()
	}
	if m.pane == paneDevices {
		return m.devicesView(w)
	}
	return m.logView(w)
}

// logTitle is the log's title line: the filter and the position.
func (m *Model) logTitle(w int) string {
	st := m.styles
	if m.searching {
		return ui.FitLine(m.search.View(), w)
	}
	left := st.Header.Render("log") + st.Muted.Render(" · "+m.log.filter.String())
	if m.log.filter == filterVisitor && m.log.device != "" {
		left += st.Muted.Render(" " + m.log.device)
	}
	right := ""
	if n := len(m.log.shown); n > 0 {
		pos := fmt.Sprintf("%s/%s", ui.Thousands(int64(m.log.cursor+1)), ui.Thousands(int64(n)))
		if m.log.follow {
			pos += " following"
		}
		right = st.Muted.Render(pos)
	}
	if m.stats.LogDropped > 0 {
		right = st.Warn.Render(fmt.Sprintf("%s dropped ", ui.Thousands(m.stats.LogDropped))) + right
	}
	return joinEnds(left, right, w)
}

func (m *Model) logView(w int) string {
	rows := m.lay.listRows()
	lines := []string{m.logTitle(w)}
	if len(m.log.shown) == 0 {
		empty := "nothing yet: space starts the simulation, . steps it one tick"
		switch {
		case m.log.filter != filterAll:
			empty = "no event matches: f changes the filter"
		case m.sim != nil:
			empty = "waiting for the first visitors…"
		}
		return strings.Join(append(lines, m.styles.Muted.Render("  "+empty)), "\n")
	}
	off := m.log.window(rows)
	for i := off; i < min(len(m.log.shown), off+rows); i++ {
		e := m.log.events[m.log.shown[i]]
		lines = append(lines, m.logRow(e, w, i == m.log.cursor))
	}
	return strings.Join(lines, "\n")
}

// logRow is one log event: time, device, kind, persona, who and detail.
// The selected row carries a glyph as well as a style.
func (m *Model) logRow(e sim.Event, w int, selected bool) string {
	gutter := "  "
	if selected {
		gutter = "▸ "
	}
	kind := padRight(e.Kind, 10)
	switch e.Kind {
	case sim.EventActivated:
		kind = m.styles.Unknown.Render(kind)
	case sim.EventMerged, sim.EventConverted:
		kind = m.styles.Known.Render(kind)
	case sim.EventError:
		kind = m.styles.Error.Render(kind)
	case sim.EventSignedUp, sim.EventClicked:
		kind = m.styles.Info.Render(kind)
	case sim.EventCredited:
		kind = m.styles.Known.Render(kind)
	}
	rest := strings.TrimSpace(e.Detail + " " + e.Who)
	persona := ""
	if w >= 96 {
		persona = padRight(e.Persona, 19) + " "
	}
	line := gutter + e.At.Format("15:04:05") + " " + padRight(e.Device, 14) + " " + kind + " " + persona + rest
	line = ui.FitLine(line, w)
	if selected {
		return m.styles.Selected.Render(line)
	}
	return line
}

func (m *Model) devicesView(w int) string {
	rows := m.lay.listRows()
	st := m.styles
	title := st.Header.Render("devices") + st.Muted.Render(" · this run · d back to the log · enter inspects")
	right := ""
	if n := len(m.devices); n > 0 {
		right = st.Muted.Render(fmt.Sprintf("%s/%s", ui.Thousands(int64(m.devCur+1)), ui.Thousands(int64(n))))
	}
	lines := []string{joinEnds(title, right, w)}
	if len(m.devices) == 0 {
		return strings.Join(append(lines, st.Muted.Render("  no device has saved anything yet")), "\n")
	}
	if m.devCur < m.devOff {
		m.devOff = m.devCur
	}
	if m.devCur >= m.devOff+rows {
		m.devOff = m.devCur - rows + 1
	}
	for i := m.devOff; i < min(len(m.devices), m.devOff+rows); i++ {
		d := m.devices[i]
		gutter := "  "
		if i == m.devCur {
			gutter = "▸ "
		}
		consent := "no consent"
		if d.consent {
			consent = "consent"
		}
		line := ui.FitLine(fmt.Sprintf("%s%-14s %-8s %-10s stored %s", gutter, d.id, d.mode, consent, ui.Thousands(int64(d.stored))), w)
		if i == m.devCur {
			line = st.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// joinEnds puts left and right on one line of w cells, cutting left.
func joinEnds(left, right string, w int) string {
	rw := lipgloss.Width(right)
	left = padRight(left, max(0, w-rw-1))
	return ui.FitLine(left+" "+right, w)
}
