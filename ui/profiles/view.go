package profiles

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"limen/ui"
)

// View draws the browser in exactly its width × height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if box := m.dialogView(); box != "" {
		return ui.FitBlock(lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, box), m.width, m.height)
	}
	top := m.filterView()
	table := m.tableView()
	body := table
	if m.lay.detailH > 0 {
		panel := m.panelView()
		if m.lay.side {
			body = lipgloss.JoinHorizontal(lipgloss.Top, table, " ", panel)
		} else {
			body = lipgloss.JoinVertical(lipgloss.Left, table, panel)
		}
	}
	return ui.FitBlock(top+"\n"+body, m.width, m.height)
}

// filterView is the top line: the search box while typing, else what is
// listed, how many match, and where the cursor is.
func (m *Model) filterView() string {
	left := filterLine(m.filter, m.names, m.count)
	if m.focus == focusSearch {
		// The box, then what it finds: the count stays in sight.
		left = m.search.View() + m.styles.Muted.Render(" — "+countText(m.filter, m.count))
	}
	if m.err != "" {
		left = m.styles.Error.Render("✗ "+m.err) + "  " + left
	}
	right := ""
	if len(m.rows) > 0 {
		of := ui.Thousands(len(m.rows))
		if m.next != "" {
			of += "+"
		}
		right = m.styles.Muted.Render(" " + ui.Thousands(m.cursor+1) + "/" + of)
	}
	left = cut(left, m.width-ansi.StringWidth(right))
	gap := max(0, m.width-ansi.StringWidth(left)-ansi.StringWidth(right))
	return left + strings.Repeat(" ", gap) + right
}

func (m *Model) tableView() string {
	if !m.loaded {
		return ui.FitBlock(m.styles.Header.Render(strings.Repeat(" ", gutterWidth)+"profiles")+"\n"+
			"  "+m.spin.View()+" loading profiles…", m.lay.tableW, m.lay.tableH)
	}
	empty := "no profiles yet: they appear here as visitors activate or people sign up"
	if m.filter != defaultFilter() {
		empty = "no profile matches: / edits the search (esc clears it), k and c cycle the filters"
	}
	return tableView{
		styles: m.styles, width: m.lay.tableW, height: m.lay.tableH, cols: m.cols, rows: m.rows,
		cursor: m.cursor, offset: m.offset, focused: m.focus != focusDetail, names: m.names,
		order: m.filter.Order, desc: m.filter.Desc, empty: empty,
	}.render()
}

// panelStyle is the detail pane's frame: a thick border when focused, so
// that focus shows without colour too.
func (m *Model) panelStyle() lipgloss.Style {
	if m.focus == focusDetail {
		return m.styles.FocusedPanel.BorderStyle(lipgloss.ThickBorder())
	}
	return m.styles.Panel
}

func (m *Model) panelView() string {
	ps := m.panelStyle()
	innerW := m.lay.detailW - ps.GetHorizontalFrameSize()
	innerH := m.lay.detailH - ps.GetVerticalFrameSize()
	if innerW <= 0 || innerH <= 0 {
		return ui.FitBlock("", m.lay.detailW, m.lay.detailH)
	}
	content := ui.FitBlock(m.detail.view(), innerW, innerH)
	return ps.Width(m.lay.detailW - ps.GetHorizontalBorderSize()).Height(innerH).Render(content)
}

// dialogWidth is the outer width of dialogs and the width inside them.
func (m *Model) dialogWidth() (outer, inner int) {
	outer = min(64, m.width-6)
	return outer, outer - m.styles.Dialog.GetHorizontalFrameSize()
}

// dialogView is the open dialog or form, framed, or "".
func (m *Model) dialogView() string {
	w, inner := m.dialogWidth()
	frame := m.styles.Dialog
	if inner < 10 {
		return ""
	}
	switch {
	case m.forget != nil:
		return frame.Width(w - frame.GetHorizontalBorderSize()).Render(m.forget.view(m.styles, inner))
	case m.form != nil:
		return frame.Width(w - frame.GetHorizontalBorderSize()).Render(m.form.view(m.styles, m.spin, inner))
	}
	return ""
}
