package profiles

import (
	"strconv"
	"strings"

	"limen/engine"
	"limen/ui"
)

// keepCursor is where the cursor goes once the rows were reloaded: on the
// same profile when it is still listed, else on the same row index
// (clamped), so that a deleted or merged profile leaves the cursor on its
// neighbour.
func keepCursor(rows []engine.Profile, id uint64, index int) int {
	if len(rows) == 0 {
		return 0
	}
	if id != 0 {
		for i, r := range rows {
			if r.ID == id {
				return i
			}
		}
	}
	return min(max(0, index), len(rows)-1)
}

// scrollOffset is the first visible row that keeps the cursor in view,
// moving the previous offset as little as possible.
func scrollOffset(cursor, offset, visible, total int) int {
	if visible <= 0 {
		return cursor
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+visible {
		offset = cursor - visible + 1
	}
	return max(0, min(offset, total-visible))
}

// tableView is what the table draws.
type tableView struct {
	styles  ui.Styles
	width   int
	height  int // header included
	cols    []column
	rows    []engine.Profile
	cursor  int
	offset  int
	focused bool
	names   map[string]string
	order   string
	desc    bool
	// empty is shown instead of rows when there are none.
	empty string
}

func (t tableView) render() string {
	if t.height <= 0 {
		return ""
	}
	lines := []string{t.header()}
	if len(t.rows) == 0 {
		lines = append(lines, t.styles.Muted.Render(ui.FitLine("  "+t.empty, t.width)))
	}
	for i := t.offset; i < len(t.rows) && len(lines) < t.height; i++ {
		lines = append(lines, t.row(t.rows[i], i == t.cursor))
	}
	for len(lines) < t.height {
		lines = append(lines, strings.Repeat(" ", t.width))
	}
	return strings.Join(lines, "\n")
}

func (t tableView) header() string {
	cells := make([]string, len(t.cols))
	for i, c := range t.cols {
		title := c.title
		if (c.id == colCreated && t.order != engine.OrderActivity) || (c.id == colActivity && t.order == engine.OrderActivity) {
			if t.desc {
				title += " ↓"
			} else {
				title += " ↑"
			}
		}
		if c.right {
			cells[i] = fitRight(title, c.width)
		} else {
			cells[i] = ui.FitLine(title, c.width)
		}
	}
	return t.styles.Header.Render(ui.FitLine(strings.Repeat(" ", gutterWidth)+strings.Join(cells, strings.Repeat(" ", colGap)), t.width))
}

// row draws one profile. The selected row carries a glyph (▸ focused,
// › otherwise) and is drawn plain under the selection style, so that its
// background is not broken by the cells' own styles.
func (t tableView) row(p engine.Profile, selected bool) string {
	cells := make([]string, len(t.cols))
	for i, c := range t.cols {
		text, style := t.cell(p, c)
		if c.right {
			text = fitRight(text, c.width)
		} else {
			text = ui.FitLine(text, c.width)
		}
		if !selected && style != nil {
			text = style(text)
		}
		cells[i] = text
	}
	gutter := "  "
	if selected {
		gutter = glyphSelectedDim + " "
		if t.focused {
			gutter = glyphSelected + " "
		}
	}
	line := ui.FitLine(gutter+strings.Join(cells, strings.Repeat(" ", colGap)), t.width)
	if selected && t.focused {
		return t.styles.Selected.Render(line)
	}
	return line
}

func (t tableView) hasUserID() bool {
	for _, c := range t.cols {
		if c.id == colUserID {
			return true
		}
	}
	return false
}

// cell is a cell's text and the style it is drawn with when not selected.
func (t tableView) cell(p engine.Profile, c column) (string, func(...string) string) {
	switch c.id {
	case colUserID:
		if len(p.UserID) > c.width {
			return short(p.UserID), nil // a UUID's first block tells them apart
		}
		return dash(p.UserID), nil
	case colEmail:
		if p.Placeholder {
			// Beside a userId column the generated address only repeats it.
			if t.hasUserID() {
				return glyphPlaceholder + " placeholder", t.styles.Muted.Render
			}
			return glyphPlaceholder + " " + p.Email, t.styles.Muted.Render
		}
		return dash(p.Email), nil
	case colKind:
		if p.Kind == engine.KindUnknown {
			return p.Kind, t.styles.Unknown.Render
		}
		return p.Kind, t.styles.Known.Render
	case colCreated:
		return stamp(p.CreatedAt), nil
	case colCriteria:
		if p.MatchedCriteriaID == "" {
			return "—", t.styles.Muted.Render
		}
		return criteriaLabel(p.MatchedCriteriaID, t.names), nil
	case colEvents:
		return strconv.Itoa(p.EventCount), nil
	case colActivity:
		return stamp(p.LastActivity), nil
	}
	return "", nil
}
