package simulator

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"limen/ui"
)

// View draws the tab in exactly its width × height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if !m.hosting() {
		return m.liveView()
	}
	h := max(0, m.height-1)
	body := ""
	if a := m.active(); a != nil {
		body = a.view()
	} else {
		body = m.liveView()
	}
	return m.switcherView() + "\n" + ui.FitBlock(body, m.width, h)
}

// liveView draws the live simulation in its layout's area.
func (m *Model) liveView() string {
	width, height := m.lay.w, m.lay.h
	if width <= 0 || height <= 0 {
		return ""
	}
	top := m.statusLine() + "\n" + m.controlsLine()
	if m.confirming {
		box := m.styles.Dialog.Render("The simulation is running.\nRestart it with seed " +
			fmt.Sprint(m.ctl.seed+1) + "?\n\n" + m.styles.StatusKey.Render("y") + " restart   " +
			m.styles.StatusKey.Render("n") + " keep running")
		body := lipgloss.Place(width, max(0, height-headerH), lipgloss.Center, lipgloss.Center, box)
		return ui.FitBlock(top+"\n"+body, width, height)
	}
	l := m.lay
	if l.side {
		left := m.numbersView(l.leftW)
		if l.funnelH > 0 {
			left += "\n\n" + strings.Join(m.funnelView(l.leftW), "\n")
		}
		if l.sparkH > 0 {
			left += "\n\n" + m.sparksView()
		}
		left = ui.FitBlock(left, l.leftW, max(0, l.h-headerH))
		right := ui.FitBlock(m.bottomView(), l.rightW, l.bottomH)
		return ui.FitBlock(top+"\n"+lipgloss.JoinHorizontal(lipgloss.Top, left, " ", right), width, height)
	}
	parts := []string{top, m.numbersView(l.w)}
	if l.funnelH > 0 {
		parts = append(parts, strings.Join(m.funnelView(l.w), "\n"))
	}
	if l.sparkH > 0 {
		parts = append(parts, m.sparksView())
	}
	parts = append(parts, ui.FitBlock(m.bottomView(), l.w, l.bottomH))
	return ui.FitBlock(strings.Join(parts, "\n"), width, height)
}

// statusLine is the run state, the run, the seed, the speed, the simulated
// clock and the criteria version.
func (m *Model) statusLine() string {
	st := m.styles
	state := m.statusText()
	switch m.state {
	case stateRunning:
		state = st.Success.Render(state)
	case statePaused, stateCreating:
		state = st.Warn.Render(state)
	default:
		state = st.Muted.Render(state)
	}
	parts := []string{state}
	if r := m.runText(); r != "" {
		parts = append(parts, r)
	}
	parts = append(parts, fmt.Sprintf("seed %d", m.ctl.seed), speedText(m.ctl.speed))
	if m.hasStats && !m.stats.Now.IsZero() {
		layout := "15:04:05"
		if m.width >= SideBySideWidth {
			layout = "Mon Jan 2 15:04:05"
		}
		parts = append(parts, "sim "+m.stats.Now.Format(layout))
	}
	cv := "criteria: none published"
	if m.criteria != 0 {
		cv = fmt.Sprintf("criteria v%d", m.criteria)
	}
	parts = append(parts, cv)
	return ui.FitLine(strings.Join(parts, st.Muted.Render(" · ")), m.width)
}

// controlsLine is the settings the next simulation is made with.
func (m *Model) controlsLine() string {
	st := m.styles
	line := fmt.Sprintf("arrivals %s · consent %d%% · mix %s · %s visitors", rateText(m.ctl.arrival), m.ctl.consent,
		m.ctl.mixName(), ui.Thousands(int64(m.ctl.visitors)))
	out := st.Muted.Render(line)
	if m.sim != nil && m.ctl.differs(m.made) {
		out += " " + st.Warn.Render("⟳ r applies")
	}
	if m.err != "" {
		out = st.Error.Render("✗ "+m.err) + "  " + out
	}
	return ui.FitLine(out, m.width)
}

// figure is one number of the numbers block.
type figure struct {
	label string
	value string
}

func (m *Model) figures() []figure {
	s := m.stats
	latest := "–"
	if s.Holding > 0 {
		latest = fmt.Sprintf("%d%%", int(s.OnLatest*100+0.5))
	}
	return []figure{
		{"visitors", ui.Thousands(s.Funnel.Visitors)},
		{"consented", ui.Thousands(s.Funnel.Consented)},
		{"stored", ui.Thousands(s.Stored)},
		{"dropped", ui.Thousands(s.Dropped)},
		{"evicted", ui.Thousands(s.Evicted)},
		{"activations", ui.Thousands(s.Activations)},
		{"conversions", ui.Thousands(s.Conversions)},
		{"merges", ui.Thousands(s.Merges)},
		{"on latest", latest},
	}
}

// numbersView lays the figures out in cells of cellW, numCols a line.
func (m *Model) numbersView(w int) string {
	figs := m.figures()
	cols := max(1, m.lay.numCols)
	var lines []string
	for i := 0; i < len(figs); i += cols {
		var b strings.Builder
		for j, f := range figs[i:min(len(figs), i+cols)] {
			if j > 0 {
				b.WriteString(" ")
			}
			label := m.styles.Muted.Render(f.label)
			b.WriteString(label + padLeft(f.value, cellW-1-ansi.StringWidth(f.label)))
		}
		lines = append(lines, ui.FitLine(b.String(), w))
	}
	return strings.Join(lines, "\n")
}

func (m *Model) funnelView(w int) []string {
	bar := func(s string) string { return m.styles.Accent.Render(s) }
	dim := func(s string) string { return m.styles.Muted.Render(s) }
	return renderFunnel(m.stats.Funnel, w, bar, dim)
}

// drawSparks redraws the sparklines from the latest figures.
func (m *Model) drawSparks() {
	ev := m.stats.EventsPerSecond
	act := make([]float64, len(m.stats.ActivationsPerMinute))
	for i, v := range m.stats.ActivationsPerMinute {
		act[i] = float64(v)
	}
	for _, s := range []struct {
		sp   *sparklineModel
		data []float64
	}{{&m.evSpark, ev}, {&m.actSpark, act}} {
		s.sp.Clear()
		s.sp.SetMax(max(1, peak(s.data)))
		s.sp.PushAll(s.data)
		s.sp.Draw()
	}
}

func peak(xs []float64) float64 {
	p := 0.0
	for _, x := range xs {
		p = max(p, x)
	}
	return p
}

func last(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return xs[len(xs)-1]
}

// sparksView draws the two sparklines: side by side mode puts a title line
// over each; stacked, the label and the latest value sit beside it.
func (m *Model) sparksView() string {
	ev := last(m.stats.EventsPerSecond)
	act := 0.0
	if n := len(m.stats.ActivationsPerMinute); n > 0 {
		act = float64(m.stats.ActivationsPerMinute[n-1])
	}
	rows := []struct {
		label, now string
		view       string
	}{
		{"events/sim s", fmt.Sprintf("%.1f", ev), m.evSpark.View()},
		{"activations/min", fmt.Sprintf("%.0f", act), m.actSpark.View()},
	}
	var out []string
	for _, r := range rows {
		if m.lay.side {
			title := m.styles.Header.Render(r.label) + m.styles.Muted.Render("  now "+r.now)
			out = append(out, ui.FitLine(title, m.lay.leftW), ui.FitBlock(r.view, m.lay.leftW, m.lay.sparkH))
			continue
		}
		label := ui.FitBlock(m.styles.Muted.Render(r.label), sparkLabelW, m.lay.sparkH)
		val := ui.FitBlock(padLeft(r.now, sparkValueW), sparkValueW, m.lay.sparkH)
		spark := ui.FitBlock(r.view, m.lay.sparkW(), m.lay.sparkH)
		out = append(out, lipgloss.JoinHorizontal(lipgloss.Top, label, spark, val))
	}
	return strings.Join(out, "\n")
}
