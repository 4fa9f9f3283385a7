package profiles

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"limen/ui"
)

// Glyphs. Every state shown in colour is also shown by a glyph or a word,
// because NO_COLOR drops colour, bold and reverse alike.
const (
	glyphSelected    = "▸" // the selected row or line, in the focused pane
	glyphSelectedDim = "›" // the selected row while another pane has focus
	glyphPlaceholder = "◌" // a generated placeholder email, never emailed
	glyphOpen        = "−" // an expanded tree node or event
	glyphClosed      = "+" // a collapsed tree node or event
)

// plural is n with word, in the plural unless n is one ("entry" →
// "entries").
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") && !strings.ContainsAny(word[max(0, len(word)-2):len(word)-1], "aeiou") {
		return ui.Thousands(n) + " " + strings.TrimSuffix(word, "y") + "ies"
	}
	return ui.Thousands(n) + " " + word + "s"
}

// stamp is a time to the minute, UTC; "—" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// stampSeconds is a time to the second, UTC.
func stampSeconds(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// fitRight is fit, aligned right.
func fitRight(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = ansi.Truncate(s, width, "…")
	if w := ansi.StringWidth(s); w < width {
		s = strings.Repeat(" ", width-w) + s
	}
	return s
}

// cut truncates s to width cells with an ellipsis, without padding.
func cut(s string, width int) string { return ansi.Truncate(s, max(0, width), "…") }

// dash is s, or "—" when empty.
func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// scalar renders a JSON value on one line: strings quoted, numbers as
// written, objects and arrays compact.
func scalar(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

// criteriaLabel is "id name", or the id alone when the name is unknown.
func criteriaLabel(id string, names map[string]string) string {
	if id == "" {
		return "—"
	}
	if n := names[id]; n != "" {
		return id + " " + n
	}
	return id
}

// unix is a Unix time in seconds, UTC.
func unix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// stripStyles removes escape sequences.
func stripStyles(s string) string { return ansi.Strip(s) }

func uitoa(n uint64) string { return strconv.FormatUint(n, 10) }
