package simulator

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"limen/engine/sim"
	"limen/ui"
)

// stage is one bar of the funnel.
type stage struct {
	label string
	count int64
	// of is the stage its percent is of; note says which when that is not
	// the row above.
	of   int
	note string
}

// funnelStages are the funnel's bars, each a subset of the stage its
// percent is of (see sim.Funnel): visitors → consented → activated →
// messaged → clicked → purchased, and activated → identified → converted /
// merged.
func funnelStages(f sim.Funnel) []stage {
	return []stage{
		{"visitors", f.Visitors, 0, ""},
		{"consented", f.Consented, 0, ""},
		{"activated", f.Activated, 1, ""},
		{"messaged", f.Messaged, 2, ""},
		{"clicked", f.Clicked, 3, ""},
		{"purchased", f.Purchased, 4, ""},
		{"identified", f.Identified, 2, "of activated"},
		{"converted", f.Converted, 6, ""},
		{"merged", f.Merged, 6, "of identified"},
	}
}

// barCells is how many cells of width a bar of count out of total fills
// (total: the first stage). Any count above zero gets at least one cell;
// the bar never exceeds width.
func barCells(count, total int64, width int) int {
	if count <= 0 || total <= 0 || width <= 0 {
		return 0
	}
	n := int(count * int64(width) / total)
	return min(width, max(1, n))
}

// percent is count as a share of total, in whole percent ("–" for none).
func percent(count, total int64) string {
	if total <= 0 {
		return "–"
	}
	return fmt.Sprintf("%d%%", (count*100+total/2)/total)
}

// funnelLabelW, funnelNumW and funnelNoteW are the widths of a funnel
// row's label, of its count and percent, and of the note saying what the
// percent is of (left out below funnelNoteMin cells of bar).
const (
	funnelLabelW  = 10
	funnelNumW    = 14
	funnelNoteW   = 13 // "of identified"
	funnelNoteMin = 12
)

// renderFunnel draws the funnel in w cells a row: label, bar (of the
// visitors), count and percent of the stage before, and a dim note where
// that stage is not the row above.
func renderFunnel(f sim.Funnel, w int, bar, dim func(string) string) []string {
	st := funnelStages(f)
	total := st[0].count
	barW := max(0, w-funnelLabelW-funnelNumW-2)
	noteW := 0
	if barW-funnelNoteW-2 >= funnelNoteMin {
		noteW = funnelNoteW
		barW -= noteW + 2 // a space before, and one after to part it from what is right of the funnel
	}
	out := make([]string, 0, len(st))
	for _, s := range st {
		cells := barCells(s.count, total, barW)
		num := fmt.Sprintf("%s %s", ui.Thousands(s.count), percent(s.count, st[s.of].count))
		line := padRight(s.label, funnelLabelW) + " " +
			bar(strings.Repeat("█", cells)) + strings.Repeat("░", barW-cells) + " " + padLeft(num, funnelNumW)
		if noteW > 0 {
			note := padRight(s.note, noteW)
			if s.note != "" {
				note = dim(note)
			}
			line += " " + note + " "
		}
		out = append(out, line)
	}
	return out
}

// padRight cuts or pads s (plain or styled) to exactly w cells.
func padRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) + s
}
