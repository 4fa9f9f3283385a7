package visitor

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"limen/engine/device"
	"limen/engine/scenario"
	"limen/fixtures"
	"limen/ui"
)

// Smallest terminal the screen draws in.
const minW, minH = 60, 16

// panes is the screen's layout: the device panel and the main pane (the
// history, the why pane or an open form), side by side when wide, stacked
// when narrow. Sizes are outer sizes, borders included.
type panes struct {
	wide bool
	// split: the why pane shows under the history rather than instead of
	// it (tall screens); whyH is its outer height then.
	split        bool
	whyH         int
	devW, devH   int
	mainW, mainH int
}

// arrange lays out a w×h screen: one header line, then the panes. When
// stacked, the device panel takes the lines its content needs (devLines),
// up to three fifths of the height.
func arrange(w, h, devLines int) panes {
	bh := h - 1
	if w >= 100 {
		dw := min(58, max(50, w*2/5))
		return panes{wide: true, split: bh >= 40, whyH: bh / 2, devW: dw, devH: bh, mainW: w - dw, mainH: bh}
	}
	dh := max(3, min(devLines+2, bh*3/5))
	return panes{devW: w, devH: dh, mainW: w, mainH: bh - dh}
}

// stackedDevLines is the most lines the device panel asks for when
// stacked: its rows and a few local events.
const stackedDevLines = 15

// arrange is the layout for the model's size and device panel.
func (m *Model) arrange() panes {
	return arrange(m.width, m.height, strings.Count(m.devicePanel(m.width-4, stackedDevLines), "\n")+1)
}

// layout sizes the scrollers and inputs from the panes.
func (m *Model) layout() {
	lay := m.arrange()
	fw, fh := m.styles.Panel.GetHorizontalFrameSize(), m.styles.Panel.GetVerticalFrameSize()
	inner := max(1, lay.mainW-fw)
	m.hist.Height = max(1, lay.mainH-fh-1)
	m.why.Height = m.hist.Height
	if lay.split && m.showWhy {
		m.why.Height = max(1, lay.whyH-fh-1)
		m.hist.Height = max(1, lay.mainH-lay.whyH-fh-1)
	}
	if m.fields != nil {
		m.fields.input.Width = max(1, inner-ansi.StringWidth(m.fields.input.Prompt)-1)
	}
	if m.ident != nil {
		m.ident.input.Width = max(1, inner-ansi.StringWidth(m.ident.input.Prompt)-1)
	}
	m.refreshHistory()
	m.refreshWhy()
}

// mainInner is the main pane's inner width.
func (m *Model) mainInner() int {
	return max(1, m.arrange().mainW-m.styles.Panel.GetHorizontalFrameSize())
}

func (m *Model) refreshHistory() {
	w := m.mainInner()
	var lines []string
	for i, e := range m.history {
		head := m.styles.Muted.Render(fmt.Sprintf("%d  %s", i+1, e.at)) + "  " + m.styles.Accent.Render(e.label)
		lines = append(lines, head)
		for _, l := range strings.Split(ansi.Wrap(e.text, max(1, w-3), ""), "\n") {
			lines = append(lines, "   "+l)
		}
		if e.err != "" {
			for _, l := range strings.Split(ansi.Wrap("✗ refused: "+e.err, max(1, w-3), ""), "\n") {
				lines = append(lines, "   "+m.styles.Error.Render(l))
			}
		}
	}
	m.hist.SetLines(lines)
}

func (m *Model) refreshWhy() {
	w := m.mainInner()
	var lines []string
	for _, l := range strings.Split(m.view.explain, "\n") {
		lines = append(lines, hang(l, w)...)
	}
	m.why.SetLines(lines)
}

// View draws the screen.
func (m *Model) View() string {
	if m.width < minW || m.height < minH {
		return ui.FitBlock(fmt.Sprintf("terminal too small (need %d×%d)", minW, minH), m.width, m.height)
	}
	lay := m.arrange()
	dev := m.panel(m.styles.Panel, m.devicePanel(lay.devW-4, lay.devH-2), lay.devW, lay.devH)
	main := m.mainPane(lay)
	body := lipgloss.JoinVertical(lipgloss.Left, dev, main)
	if lay.wide {
		body = lipgloss.JoinHorizontal(lipgloss.Top, dev, main)
	}
	return ui.FitBlock(m.header()+"\n"+body, m.width, m.height)
}

func (m *Model) header() string {
	s := m.styles.Title.Render("Be a visitor")
	if m.dev != nil {
		s += m.styles.Muted.Render(" · device "+m.dev.ID()+" · ") + m.modeBadge(m.view.state)
	}
	switch {
	case m.busy:
		s += m.styles.Muted.Render("  working…")
	case m.err != "":
		s += "  " + m.styles.Error.Render("✗ "+m.err)
	}
	return s
}

func (m *Model) modeBadge(st device.State) string {
	switch st.Mode {
	case device.Unknown:
		return m.styles.Unknown.Render("◆ unknown user")
	case device.Known:
		return m.styles.Known.Render("● known user")
	}
	return m.styles.Muted.Render("○ visitor")
}

// panel renders content in style s at exactly w×h cells.
func (m *Model) panel(s styleFramer, content string, w, h int) string {
	return s.Render(ui.FitBlock(content, w-4, h-2))
}

type styleFramer interface{ Render(...string) string }

func (m *Model) mainPane(lay panes) string {
	w, h := lay.mainW-4, lay.mainH-2
	switch {
	case m.ident != nil:
		return m.panel(m.styles.FocusedPanel, m.identifyView(w), lay.mainW, lay.mainH)
	case m.fields != nil:
		return m.panel(m.styles.FocusedPanel, m.fieldsView(w), lay.mainW, lay.mainH)
	case m.pick != nil:
		return m.panel(m.styles.FocusedPanel, m.pickView(w, h), lay.mainW, lay.mainH)
	case m.showWhy && lay.split:
		why := m.panel(m.styles.Panel, m.whyTitle("hide")+"\n"+m.why.View(), lay.mainW, lay.whyH)
		return lipgloss.JoinVertical(lipgloss.Left, m.historyPane(lay.mainW, lay.mainH-lay.whyH), why)
	case m.showWhy:
		return m.panel(m.styles.Panel, m.whyTitle("back to history")+"\n"+m.why.View(), lay.mainW, lay.mainH)
	}
	return m.historyPane(lay.mainW, lay.mainH)
}

func (m *Model) whyTitle(back string) string {
	title := m.styles.Header.Render("Why not activated yet") + m.styles.Muted.Render("  (w: "+back+")")
	if m.view.state.Mode != device.Visitor && m.view.state.Mode != "" {
		title += m.styles.Muted.Render(" · no longer a visitor: nothing to activate")
	}
	return title
}

// historyPane is the history in a w×h panel.
func (m *Model) historyPane(w, h int) string {
	title := m.styles.Header.Render(fmt.Sprintf("What happened (%d)", len(m.history)))
	if m.hist.Offset > 0 || !m.hist.AtBottom() {
		title += m.styles.Muted.Render(fmt.Sprintf("  lines %d–%d of %d", m.hist.Offset+1, min(len(m.hist.Lines), m.hist.Offset+m.hist.Height), len(m.hist.Lines)))
	}
	if len(m.history) == 0 {
		return m.panel(m.styles.Panel, title+"\n"+m.styles.Muted.Render("nothing yet"), w, h)
	}
	return m.panel(m.styles.Panel, title+"\n"+m.hist.View(), w, h)
}

// devicePanel is the device's state in w×h cells.
func (m *Model) devicePanel(w, h int) string {
	st, s := m.view.state, m.styles
	if m.dev == nil {
		return s.Muted.Render("opening a device…")
	}
	row := func(k, v string) string { return s.Header.Render(fmt.Sprintf("%-9s", k)) + " " + v }
	lines := []string{row("mode", m.modeBadge(st))}
	// Identifiers are never cut: they wrap under themselves.
	long := func(k, v string) {
		for i, part := range strings.Split(ansi.Wrap(v, max(1, w-10), "+@"), "\n") {
			if i > 0 {
				k = ""
			}
			lines = append(lines, row(k, part))
		}
	}
	if st.Who.UserID != "" {
		long("userId", st.Who.UserID)
	}
	if st.Who.Email != "" {
		long("email", st.Who.Email)
	}
	consent := s.Warn.Render("✗ not given")
	if st.Consent {
		consent = s.Success.Render("✓ given") + s.Muted.Render(" at "+st.ConsentAt.Format("15:04:05"))
	}
	lines = append(lines, row("consent", consent))
	sess := strconv.Itoa(st.Sessions.Count)
	if st.Sessions.Count > 0 {
		sess += s.Muted.Render(" · first " + st.Sessions.First.Format("15:04:05") + " · last " + st.Sessions.Last.Format("15:04:05"))
	}
	visitor := st.Mode == device.Visitor || st.Mode == ""
	if visitor || st.Sessions.Count > 0 {
		lines = append(lines, row("sessions", sess))
	}
	crit := s.Muted.Render("none cached")
	if st.CriteriaVersion > 0 {
		crit = fmt.Sprintf("v%d cached", st.CriteriaVersion) + s.Muted.Render(" · fetched "+st.CriteriaFetchedAt.Format("15:04:05"))
	}
	lines = append(lines, row("criteria", crit))
	lines = append(lines, row("calls", fmt.Sprintf("%d stored · %d dropped · %d evicted", st.Stored, st.Dropped, st.Evicted)))
	cart := s.Muted.Render("empty")
	if len(m.cart) > 0 {
		n := 0
		for _, it := range m.cart {
			n += it.Quantity
		}
		cart = fmt.Sprintf("%d item%s · %s", n, plural(n), money(cartTotal(m.cart)))
	}
	lines = append(lines, row("cart", cart))
	prof := s.Muted.Render("none")
	if len(st.ProfileUpdate) > 0 {
		b, _ := json.Marshal(st.ProfileUpdate)
		prof = string(b)
	}
	lines = append(lines, row("profile", ansi.Truncate(prof, max(1, w-10), "…")))
	for i, msg := range st.Inbox {
		k := ""
		if i == 0 {
			k = "messages"
		}
		text := scenario.ChannelName(msg.Channel) + " " + strconv.Quote(msg.Campaign) + s.Muted.Render(" — "+strings.TrimSpace(msg.Title+" "+msg.Body))
		if i == 0 {
			text += s.Muted.Render(" (m clicks)")
		}
		lines = append(lines, row(k, ansi.Truncate(text, max(1, w-10), "…")))
	}
	if !visitor && len(m.view.events) == 0 {
		return strings.Join(lines, "\n") // an identified device keeps no events
	}
	lines = append(lines, s.Header.Render(fmt.Sprintf("local events (%d)", len(m.view.events))))
	room := h - len(lines)
	evs := m.view.events
	if room > 0 && len(evs) > room {
		evs = evs[len(evs)-room:]
	}
	for _, e := range evs {
		lines = append(lines, "  "+s.Muted.Render(fmt.Sprintf("%3d", e.Seq))+" "+eventText(e.Event))
	}
	if len(m.view.events) == 0 {
		lines = append(lines, s.Muted.Render("  none on the device"))
	}
	return strings.Join(lines, "\n")
}

// eventText is one local event in a few words.
func eventText(e device.Event) string {
	switch e.Type() {
	case "cartUpdate":
		items, _ := e.Body["items"].([]any)
		return fmt.Sprintf("cart update · %d item%s", len(items), plural(len(items)))
	case "purchase":
		return fmt.Sprintf("purchase · %v", e.Body["total"])
	}
	s := e.Name()
	if df, ok := e.Body["dataFields"].(map[string]any); ok {
		if n, ok := df["name"].(string); ok {
			s += " · " + n
		}
		if p, ok := df["price"]; ok {
			s += fmt.Sprintf(" · %v", p)
		}
	}
	return s
}

func describeMode(st device.State) string {
	switch st.Mode {
	case device.Unknown:
		return "an unknown user (" + scenario.Who(st.Who) + ")"
	case device.Known:
		return "a known user (" + scenario.Who(st.Who) + ")"
	}
	if st.Consent {
		return "a consenting visitor"
	}
	return "a visitor without consent"
}

func catalogRows(cat []fixtures.Product) []string {
	rows := make([]string, len(cat))
	for i, p := range cat {
		rows[i] = fmt.Sprintf("%-24s %-11s %8s", ansi.Truncate(p.Name, 24, "…"), p.Category, money(p.Price))
	}
	return rows
}

func money(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// hang wraps l to w cells, continuation lines indented under its text.
func hang(l string, w int) []string {
	text := strings.TrimLeft(l, " ")
	indent := strings.Repeat(" ", min(len(l)-len(text)+4, w/2))
	first := strings.Split(ansi.Wrap(l, max(1, w), ""), "\n")
	if len(first) == 1 {
		return first
	}
	rest := strings.Join(first[1:], " ")
	out := []string{first[0]}
	for _, c := range strings.Split(ansi.Wrap(rest, max(1, w-len(indent)), ""), "\n") {
		out = append(out, indent+c)
	}
	return out
}

func wrapLine(l string, w int) []string { return strings.Split(ansi.Wrap(l, max(1, w), ""), "\n") }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
