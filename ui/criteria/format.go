package criteria

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"limen/engine"
)

// truncate cuts s (which may carry styles) to w cells, with an ellipsis.
func truncate(s string, w int) string { return ansi.Truncate(s, max(0, w), "…") }

// padRight cuts or pads s to exactly w cells.
func padRight(s string, w int) string {
	s = truncate(s, w)
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	s = truncate(s, w)
	return strings.Repeat(" ", max(0, w-ansi.StringWidth(s))) + s
}

// plural writes "1 thing" or "n things".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// statusText is a set's status as the list says it.
func statusText(status string) string {
	switch status {
	case engine.StatusDraft:
		return "draft"
	case engine.StatusPublished:
		return "published"
	case engine.StatusChanged:
		return "changed since publish"
	}
	return status
}

// when writes an edit time compactly.
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("Jan 02 15:04")
}
