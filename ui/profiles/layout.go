package profiles

import (
	"slices"

	"limen/engine"
)

// colID names a table column.
type colID int

// Table columns, in display order.
const (
	colUserID colID = iota
	colEmail
	colKind
	colCreated
	colCriteria
	colEvents
	colActivity
)

// colSpec is how a column sizes: it never gets narrower than min; extra
// width goes to flexible columns in priority order, first up to comfy,
// then up to ideal; columns are dropped from the highest priority number down when
// even the minimums do not fit.
type colSpec struct {
	id       colID
	title    string
	min      int
	comfy    int
	ideal    int
	priority int
	right    bool
}

// column is one laid-out column.
type column struct {
	id    colID
	title string
	width int
	right bool
}

// Table geometry: the selection gutter ("▸ ") and the gap between columns.
const (
	gutterWidth = 2
	colGap      = 1
)

// columnSpecs are the columns in display order. The column the table is
// sorted by is kept longer than it would be otherwise.
func columnSpecs(order string) []colSpec {
	specs := []colSpec{
		{id: colUserID, title: "userId", min: 9, comfy: 9, ideal: 36, priority: 5},
		{id: colEmail, title: "email", min: 14, comfy: 22, ideal: 30, priority: 0},
		{id: colKind, title: "kind", min: 7, comfy: 7, ideal: 7, priority: 1},
		{id: colCreated, title: "created", min: 16, comfy: 16, ideal: 16, priority: 3},
		{id: colCriteria, title: "criteria", min: 14, comfy: 22, ideal: 28, priority: 2},
		{id: colEvents, title: "events", min: 6, comfy: 6, ideal: 6, priority: 4, right: true},
		{id: colActivity, title: "last activity", min: 16, comfy: 16, ideal: 16, priority: 6},
	}
	if order == engine.OrderActivity {
		specs[3].priority, specs[6].priority = specs[6].priority, specs[3].priority
	}
	return specs
}

// layoutColumns fits the columns into width cells (gutter included): it
// drops columns by priority until the minimums fit, then widens flexible
// columns by priority up to comfortable, then ideal widths, then a little
// more for email and criteria. The widths plus gutter and gaps never exceed width.
func layoutColumns(width int, order string) []column {
	specs := columnSpecs(order)
	used := func(s []colSpec) int {
		n := gutterWidth + colGap*max(0, len(s)-1)
		for _, c := range s {
			n += c.min
		}
		return n
	}
	for len(specs) > 1 && used(specs) > width {
		worst := 0
		for i, c := range specs {
			if c.priority > specs[worst].priority {
				worst = i
			}
		}
		specs = slices.Delete(specs, worst, worst+1)
	}
	cols := make([]column, len(specs))
	for i, s := range specs {
		cols[i] = column{id: s.id, title: s.title, width: s.min, right: s.right}
	}
	extra := width - used(specs)
	if extra <= 0 {
		if len(cols) == 1 { // narrower than one column's minimum
			cols[0].width = max(1, width-gutterWidth)
		}
		return cols
	}
	byPriority := make([]int, len(specs))
	for i := range byPriority {
		byPriority[i] = i
	}
	slices.SortStableFunc(byPriority, func(a, b int) int { return specs[a].priority - specs[b].priority })
	for _, limit := range []func(colSpec) int{func(s colSpec) int { return s.comfy }, func(s colSpec) int { return s.ideal }} {
		for _, i := range byPriority {
			grow := max(0, min(extra, limit(specs[i])-cols[i].width))
			cols[i].width += grow
			extra -= grow
		}
	}
	// What is left widens the email column a little, then the criteria
	// column (set names can be long); the rest stays blank.
	for _, grow := range []struct {
		id    colID
		limit int
	}{{colEmail, 40}, {colCriteria, 48}} {
		for i := range cols {
			if cols[i].id == grow.id {
				g := max(0, min(extra, grow.limit-cols[i].width))
				cols[i].width += g
				extra -= g
			}
		}
	}
	return cols
}

// SideBySideWidth is the least width at which the detail pane sits right
// of the table; narrower, it goes below.
const SideBySideWidth = 120

// panes is how the screen's area is shared: one filter line on top, then
// the table and the detail pane (its outer size, border included) side by
// side or stacked.
type panes struct {
	side             bool
	filterH          int
	tableW, tableH   int
	detailW, detailH int
}

// arrange shares a w×h area for a table of rows profiles. Stacked, the
// focused pane gets the larger share, the table keeps its header and a
// few rows, and rows the table does not need go to the detail pane. The
// parts never exceed the area.
func arrange(w, h int, detailFocused bool, rows int) panes {
	p := panes{filterH: min(1, h)}
	body := max(0, h-p.filterH)
	if w >= SideBySideWidth {
		p.side = true
		p.detailW = min(max(w*2/5, 48), 76)
		p.tableW = w - p.detailW - 1
		p.tableH, p.detailH = body, body
		return p
	}
	p.tableW, p.detailW = w, w
	switch {
	case body < 8:
		p.tableH = body
	case detailFocused:
		p.tableH = max(4, body/4)
	default:
		p.tableH = max(4, min(body*3/5, rows+1))
	}
	p.detailH = body - p.tableH
	return p
}
