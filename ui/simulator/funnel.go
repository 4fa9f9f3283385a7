package simulator

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"limen/engine/sim"
)

// stage is one bar of the funnel.
type stage struct {
	label string
	count int64
}

// funnelStages are the funnel's bars, each a subset of the one before
// (see sim.Funnel).
func funnelStages(f sim.Funnel) []stage {
	return []stage{
		{"visitors", f.Visitors},
		{"consented", f.Consented},
		{"activated", f.Activated},
		{"identified", f.Identified},
		{"converted", f.Converted},
		{"merged", f.Merged},
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

// funnelLabelW and funnelNumW are the widths of a funnel row's label and
// of its count and percent.
const (
	funnelLabelW = 10
	funnelNumW   = 14
)

// renderFunnel draws the funnel in w cells a row: label, bar, count and
// share of visitors (and of the stage before).
func renderFunnel(f sim.Funnel, w int, bar func(string) string) []string {
	st := funnelStages(f)
	total := st[0].count
	barW := max(0, w-funnelLabelW-funnelNumW-2)
	out := make([]string, 0, len(st))
	for i, s := range st {
		cells := barCells(s.count, total, barW)
		prev := total
		if i > 0 && i < 4 {
			prev = st[i-1].count
		} else if i >= 4 {
			prev = st[3].count
		}
		num := fmt.Sprintf("%s %s", thousands(s.count), percent(s.count, prev))
		line := padRight(s.label, funnelLabelW) + " " +
			bar(strings.Repeat("█", cells)) + strings.Repeat("░", barW-cells) + " " + padLeft(num, funnelNumW)
		out = append(out, line)
	}
	return out
}

// thousands formats n with thin separators: 12,345.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
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
