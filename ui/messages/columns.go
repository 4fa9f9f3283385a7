package messages

import (
	"slices"
	"strconv"
	"strings"

	"limen/engine"
	"limen/ui"
)

// colID names a column of the campaign list.
type colID int

// Columns, in display order.
const (
	colName colID = iota
	colChannel
	colAudience
	colState
	colEligible
	colDelivered
	colShown
	colClicked
	colClickRate
	colConverted
	colConvRate
	colRevenue
)

// colSpec is how a column sizes: never narrower than min; extra width goes
// to the flexible columns (name, then audience) up to ideal. When even the
// minimums do not fit, columns are dropped from the highest priority
// number down (the selected campaign's panel still shows every figure).
type colSpec struct {
	id       colID
	title    string
	min      int
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

// List geometry: the selection gutter ("▸ ") and the gap between columns.
const (
	gutterWidth = 2
	colGap      = 1
)

func columnSpecs() []colSpec {
	return []colSpec{
		{id: colName, title: "NAME", min: 20, ideal: 34, priority: 0},
		{id: colChannel, title: "CHANNEL", min: 8, ideal: 8, priority: 4},
		{id: colAudience, title: "AUDIENCE", min: 13, ideal: 26, priority: 5},
		{id: colState, title: "STATE", min: 9, ideal: 9, priority: 0},
		{id: colEligible, title: "ELIGIBLE", min: 8, ideal: 8, priority: 6, right: true},
		{id: colDelivered, title: "DELIVERED", min: 9, ideal: 9, priority: 1, right: true},
		{id: colShown, title: "SHOWN", min: 6, ideal: 6, priority: 3, right: true},
		{id: colClicked, title: "CLICKED", min: 7, ideal: 7, priority: 2, right: true},
		{id: colClickRate, title: "CLICK%", min: 6, ideal: 6, priority: 7, right: true},
		{id: colConverted, title: "CONVERTED", min: 9, ideal: 9, priority: 2, right: true},
		{id: colConvRate, title: "CONV%", min: 6, ideal: 6, priority: 8, right: true},
		{id: colRevenue, title: "REVENUE", min: 10, ideal: 12, priority: 1, right: true},
	}
}

// layoutColumns fits the columns into width cells (gutter included). The
// widths plus the gutter and the gaps never exceed width.
func layoutColumns(width int) []column {
	specs := columnSpecs()
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
			if c.priority > specs[worst].priority || (c.priority == specs[worst].priority && i > worst) {
				worst = i
			}
		}
		specs = slices.Delete(specs, worst, worst+1)
	}
	// The rates are the first to go when the name would be cramped (the
	// panel under the list shows them anyway).
	for used(specs) > width-(readableName-minOf(specs, colName)) {
		at := slices.IndexFunc(specs, func(c colSpec) bool { return c.id == colConvRate })
		if at < 0 {
			at = slices.IndexFunc(specs, func(c colSpec) bool { return c.id == colClickRate })
		}
		if at < 0 {
			break
		}
		specs = slices.Delete(specs, at, at+1)
	}
	cols := make([]column, len(specs))
	for i, c := range specs {
		cols[i] = column{id: c.id, title: c.title, width: c.min, right: c.right}
	}
	extra := width - used(specs)
	// Grow the flexible columns up to their ideal widths, name first, then
	// give the name what is left (up to a readable maximum).
	for _, id := range []colID{colName, colAudience, colRevenue} {
		for i, c := range specs {
			if c.id != id || extra <= 0 {
				continue
			}
			add := min(extra, c.ideal-cols[i].width)
			cols[i].width += add
			extra -= add
		}
	}
	for i := range cols {
		if cols[i].id == colName && extra > 0 {
			add := min(extra, 48-cols[i].width)
			if add > 0 {
				cols[i].width += add
				extra -= add
			}
		}
	}
	return cols
}

// readableName is the name width below which the rate columns give way.
const readableName = 30

// minOf is a column's least width, 0 when it was dropped.
func minOf(specs []colSpec, id colID) int {
	for _, c := range specs {
		if c.id == id {
			return c.min
		}
	}
	return 0
}

// hasColumn reports whether the layout kept a column.
func hasColumn(cols []column, id colID) bool {
	return slices.ContainsFunc(cols, func(c column) bool { return c.id == id })
}

// count writes a figure in at most width cells: "1,204", or "12.3k" and
// "4.1M" when the full number does not fit.
func count(n, width int) string {
	s := ui.Thousands(n)
	if len(s) <= width {
		return s
	}
	div, unit := 1e3, "k"
	switch {
	case n >= 1e9 || n <= -1e9:
		div, unit = 1e9, "G"
	case n >= 1e6 || n <= -1e6:
		div, unit = 1e6, "M"
	}
	for _, prec := range []int{1, 0} {
		if t := trimZero(float64(n)/div, prec) + unit; len(t) <= width {
			return t
		}
	}
	return s
}

// trimZero writes v with prec decimals, without trailing zeros: 12.0 → "12".
func trimZero(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// listRow is what one campaign row shows.
type listRow struct {
	c        engine.Campaign
	stats    engine.CampaignStats
	hasStats bool
}

// cell is a column's text for a row.
func (r listRow) cell(col column, names map[string]string) string {
	s := r.stats
	num := func(n int) string {
		if !r.hasStats {
			return "…"
		}
		return count(n, col.width)
	}
	switch col.id {
	case colName:
		return r.c.Name
	case colChannel:
		return channelLabel(r.c.Channel)
	case colAudience:
		return audienceLabel(r.c.Audience, names, col.width)
	case colState:
		return stateLabel(r.c.State)
	case colEligible:
		return num(s.Eligible)
	case colDelivered:
		return num(s.Delivered)
	case colShown:
		return num(s.Shown)
	case colClicked:
		return num(s.Clicked)
	case colConverted:
		return num(s.Converted)
	case colClickRate, colConvRate:
		if !r.hasStats {
			return "…"
		}
		if col.id == colClickRate {
			return rate(s.Clicked, s.Delivered)
		}
		return rate(s.Converted, s.Delivered)
	case colRevenue:
		if !r.hasStats {
			return "…"
		}
		return money(s.Revenue)
	}
	return ""
}

// renderRow lays a row's cells out in the columns behind the gutter.
func renderRow(gutter string, cols []column, text func(column) string, width int) string {
	cells := make([]string, len(cols))
	for i, c := range cols {
		if c.right {
			cells[i] = fitRight(text(c), c.width)
		} else {
			cells[i] = ui.FitLine(text(c), c.width)
		}
	}
	return ui.FitLine(gutter+strings.Join(cells, strings.Repeat(" ", colGap)), width)
}
