package criteria

import (
	"strings"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"limen/ui"
)

// textView is a read-only, scrollable page: a set's JSON, lint problems,
// an explanation. esc closes it.
type textView struct {
	title string
	lines []string
	vp    viewport.Model
}

func (m *Model) openText(title string, lines []string) {
	m.text = &textView{title: title, lines: lines, vp: viewport.New(1, 1)}
	m.text.setSize(m.width, m.height)
}

func (t *textView) setSize(w, h int) {
	t.vp.Width, t.vp.Height = max(1, w), max(1, h-3)
	var cut []string
	for _, l := range t.lines {
		cut = append(cut, wrapLine(l, w)...)
	}
	t.vp.SetContent(strings.Join(cut, "\n"))
}

// wrapLine wraps a line to w cells; continuation lines keep its
// indentation, two cells deeper.
func wrapLine(l string, w int) []string {
	if ansi.StringWidth(l) <= w {
		return []string{l}
	}
	indent := strings.Repeat(" ", min(w/2, len(l)-len(strings.TrimLeft(l, " "))+2))
	parts := strings.Split(ansi.Wrap(l, w, " "), "\n")
	out := []string{parts[0]}
	if len(parts) > 1 {
		rest := strings.Join(parts[1:], " ")
		for _, p := range strings.Split(ansi.Wrap(rest, max(1, w-len(indent)), " "), "\n") {
			out = append(out, indent+strings.TrimLeft(p, " "))
		}
	}
	return out
}

func (t *textView) update(msg tea.Msg) (done bool, cmd tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && (k.Type == tea.KeyEsc || k.String() == "v" || k.String() == "w") {
		return true, nil
	}
	t.vp, cmd = t.vp.Update(msg)
	return false, cmd
}

func (t *textView) view(s ui.Styles, w, h int) string {
	head := s.Title.Render(t.title)
	pos := s.Muted.Render(" · esc closes")
	if t.vp.TotalLineCount() > t.vp.Height {
		pos = s.Muted.Render(" · ↑/↓ pgup/pgdn scroll · esc closes")
	}
	return fitLines(truncate(head+pos, w)+"\n\n"+t.vp.View(), h)
}
