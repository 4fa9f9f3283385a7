package criteria

import (
	"github.com/charmbracelet/lipgloss"
)

// View draws the tab: the list or the editor, or an open page, with a
// dialog over it when one is open.
func (m *Model) View() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	h := m.height
	var base string
	switch {
	case m.text != nil:
		base = m.text.view(m.styles, m.width, h)
	case m.bt != nil:
		base = m.backtestView(h)
	case m.mode == modeEditor && m.ed != nil:
		base = m.editorView(h)
	default:
		base = m.listView(h)
	}
	box := ""
	inner := m.dialogInner()
	switch {
	case m.confirm != nil:
		box = m.confirm.view(m.styles, inner, h-m.styles.Dialog.GetVerticalFrameSize())
	case m.prompt != nil:
		box = m.prompt.view(m.styles)
	case m.form != nil:
		box = m.form.view(inner)
	case m.imp != nil:
		box = m.importView()
	}
	if box == "" {
		return base
	}
	box = m.styles.Dialog.Width(inner + m.styles.Dialog.GetHorizontalPadding()).Render(box)
	placed := lipgloss.Place(m.width, h, lipgloss.Center, lipgloss.Center, box)
	return lipgloss.NewStyle().MaxHeight(h).MaxWidth(m.width).Render(placed)
}
