package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// FitLine cuts s (which may carry styles) to w cells with an ellipsis, or
// pads it with spaces, so that it is exactly w cells wide.
func FitLine(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// FitBlock pads or cuts s to exactly h lines of exactly w cells: what a
// screen returns from View so that it never overflows the area it was given.
func FitBlock(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = FitLine(l, w)
	}
	return strings.Join(lines, "\n")
}
