package messages

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
	"limen/ui/uitest"
)

func TestFormatting(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1204: "1,204", -1204: "-1,204", 1234567: "1,234,567"} {
		if got := ui.Thousands(n); got != want {
			t.Errorf("ui.Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	for _, c := range []struct {
		n, w int
		want string
	}{{1204, 9, "1,204"}, {12345, 5, "12.3k"}, {120000, 5, "120k"}, {4100000, 5, "4.1M"}, {999, 3, "999"}, {10000, 4, "10k"}} {
		if got := count(c.n, c.w); got != c.want {
			t.Errorf("count(%d, %d) = %q, want %q", c.n, c.w, got, c.want)
		}
	}
	for f, want := range map[float64]string{0: "0.00", 1169.1: "1,169.10", 0.005: "0.01", 1234567.891: "1,234,567.89", -2.5: "-2.50"} {
		if got := money(f); got != want {
			t.Errorf("money(%v) = %q, want %q", f, got, want)
		}
	}
	if rate(1, 3) != "33.3%" || rate(0, 0) != "—" || rate(2, 2) != "100.0%" {
		t.Errorf("rates %q %q %q", rate(1, 3), rate(0, 0), rate(2, 2))
	}
	for s, want := range map[string]float64{"": 0, "10": 10, " 10 % ": 10, "12,5": 12.5, "12.5%": 12.5} {
		if got, ok := parsePercent(s); !ok || got != want {
			t.Errorf("parsePercent(%q) = %v %v, want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"abc", "NaN", "1e999", "10%%"} {
		if _, ok := parsePercent(s); ok {
			t.Errorf("parsePercent(%q) accepted", s)
		}
	}
	if h, ok := parseHours("48h"); !ok || h != 48 {
		t.Errorf("parseHours(48h) = %d %v", h, ok)
	}
	if _, ok := parseHours("1.5"); ok {
		t.Error("parseHours accepted 1.5")
	}
	names := map[string]string{"101": "Big-ticket browser"}
	for _, c := range []struct {
		a    engine.Audience
		w    int
		want string
	}{
		{engine.Audience{Kind: engine.AudienceUnknown}, 20, "unknown users"},
		{engine.Audience{Kind: engine.AudienceUnknown}, 8, "unknown"},
		{engine.Audience{Kind: engine.AudienceCriteria, CriteriaID: "101"}, 26, "101 Big-ticket browser"},
		{engine.Audience{Kind: engine.AudienceCriteria, CriteriaID: "101"}, 8, "set 101"},
		{engine.Audience{Kind: engine.AudienceCriteria, CriteriaID: "9"}, 26, "set 9"},
	} {
		if got := audienceLabel(c.a, names, c.w); got != c.want {
			t.Errorf("audienceLabel(%+v, %d) = %q, want %q", c.a, c.w, got, c.want)
		}
	}
	if got := startedText(engine.Campaign{Name: "Mail", Channel: device.ChannelEmail, Emailed: 1, Skipped: 30}); got !=
		`started "Mail": emailed 1 person, skipped 30 (placeholders and userId-only profiles are never emailed)` {
		t.Errorf("email start: %q", got)
	}
}

// TestLayoutColumns: the columns never overflow, the figures that matter
// stay at the smallest console, and everything shows when wide.
func TestLayoutColumns(t *testing.T) {
	ids := func(cols []column) []colID {
		out := make([]colID, len(cols))
		for i, c := range cols {
			out[i] = c.id
		}
		return out
	}
	for w := 20; w <= 260; w++ {
		cols := layoutColumns(w)
		total := gutterWidth + colGap*(len(cols)-1)
		for _, c := range cols {
			total += c.width
		}
		if total > w && len(cols) > 1 {
			t.Fatalf("width %d: columns take %d", w, total)
		}
	}
	cases := map[int][]colID{
		80:  {colName, colState, colDelivered, colShown, colClicked, colConverted, colRevenue},
		120: {colName, colChannel, colAudience, colState, colEligible, colDelivered, colShown, colClicked, colConverted, colRevenue},
		200: {colName, colChannel, colAudience, colState, colEligible, colDelivered, colShown, colClicked, colClickRate, colConverted,
			colConvRate, colRevenue},
	}
	for w, want := range cases {
		if got := ids(layoutColumns(w)); !reflect.DeepEqual(got, want) {
			t.Errorf("width %d: columns %v, want %v", w, got, want)
		}
	}
	if c := layoutColumns(120)[0]; c.width < 28 {
		t.Errorf("at 120 the name gets %d cells", c.width)
	}
}

func TestFieldProblems(t *testing.T) {
	c := engine.Campaign{Channel: device.ChannelEmail, Audience: engine.Audience{Kind: engine.AudienceUnknown}, Discount: 120,
		Body: "{{#each x}}{{/each}}", Placement: "home"}
	probs, rest := fieldProblems(c.Validate())
	for _, f := range []string{"name", "channel", "discount", "body", "placement"} {
		if probs[f] == "" {
			t.Errorf("no problem for %s: %v", f, probs)
		}
	}
	if rest != "" {
		t.Errorf("rest %q", rest)
	}
	for name := range probs {
		if _, ok := engineField(name); !ok {
			t.Errorf("the form has no field for the engine's %q", name)
		}
	}
	probs, rest = fieldProblems(errors.Join(errors.New("disk full"), &engine.InputError{Field: "name", Problem: "a"},
		&engine.InputError{Field: "name", Problem: "b"}))
	if probs["name"] != "a; b" || rest != "disk full" {
		t.Errorf("joined: %v, %q", probs, rest)
	}
	if p, r := fieldProblems(nil); p != nil || r != "" {
		t.Error("no error, yet problems")
	}
}

func TestJoinWrap(t *testing.T) {
	got := joinWrap([]string{"eligible 4", "delivered 2", "shown 2", "clicked 1 (50.0%)"}, " · ", 30, 2)
	want := []string{"eligible 4 · delivered 2", "shown 2 · clicked 1 (50.0%)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("joinWrap = %q, want %q", got, want)
	}
	got = joinWrap([]string{"a", "b", "c"}, " · ", 5, 1)
	if len(got) != 1 || ansi.StringWidth(got[0]) > 5 {
		t.Errorf("cut to one line: %q", got)
	}
}

// TestCardsFit: every channel's message fits the room it is given, and
// says what it has to say when there is room.
func TestCardsFit(t *testing.T) {
	s := ui.NewStyles(ui.DefaultTheme())
	long := strings.Repeat("word ", 40)
	for _, ch := range engine.Channels() {
		for _, c := range []card{
			{channel: ch, placement: "home", email: "ann@example.com", title: "Still thinking about the Velvet sofa?",
				body: "10% off today: 1,169.10", button: "Shop now"},
			{channel: ch, placement: "home", body: long},
			{channel: ch, title: long, body: "", button: long},
		} {
			for _, size := range [][2]int{{80, 12}, {46, 6}, {30, 4}, {12, 3}, {8, 1}, {60, 0}} {
				lines := c.render(s, size[0], size[1])
				if len(lines) > max(size[1], 1) && size[1] > 0 || (size[1] == 0 && len(lines) > 0) {
					t.Errorf("%s in %v: %d lines", ch, size, len(lines))
				}
				for _, l := range lines {
					if ansi.StringWidth(l) > size[0] {
						t.Errorf("%s in %v: line %q is %d wide", ch, size, ansi.Strip(l), ansi.StringWidth(l))
					}
				}
			}
		}
		full := ansi.Strip(strings.Join(card{channel: ch, placement: "home", title: "Hi", body: "10% off", button: "Shop"}.render(s, 80, 12), "\n"))
		for _, want := range []string{"Hi", "10% off", "Shop"} {
			if !strings.Contains(full, want) {
				t.Errorf("%s card lacks %q:\n%s", ch, want, full)
			}
		}
	}
}

func TestLayoutEditor(t *testing.T) {
	for _, c := range []struct {
		w, h, lines int
		want        edLayout
	}{
		{80, 21, 12, edLayout{formW: 80, previewW: 80, formH: 12, previewH: 9, previewY: 12}},
		{80, 15, 14, edLayout{formW: 80, previewW: 80, formH: 8, previewH: 7, previewY: 8}},
		{120, 33, 12, edLayout{side: true, formW: 70, previewW: 48, formH: 33, previewH: 33, previewX: 72}},
		{200, 47, 12, edLayout{side: true, formW: 96, previewW: 102, formH: 47, previewH: 47, previewX: 98}},
	} {
		if got := layoutEditor(c.w, c.h, c.lines); got != c.want {
			t.Errorf("layoutEditor(%d, %d, %d) = %+v, want %+v", c.w, c.h, c.lines, got, c.want)
		}
	}
}

func TestWindowKeepsTheFocusedField(t *testing.T) {
	lines := []string{"head", "a", "b", "c", "c-err", "d", "e", "hint"}
	for _, c := range []struct {
		at, end, h int
		want       []string
	}{
		{1, 1, 4, []string{"head", "a", "b", "c"}},
		{3, 4, 4, []string{"head", "b", "c", "c-err"}},
		{6, 6, 4, []string{"head", "c-err", "d", "e"}},
		{1, 1, 20, lines},
	} {
		if got := window(lines, c.at, c.end, c.h); !reflect.DeepEqual(got, c.want) {
			t.Errorf("window(%d, %d, %d) = %q, want %q", c.at, c.end, c.h, got, c.want)
		}
	}
	// In the smallest console, tabbing to the last field shows it.
	h := newHarness(t, 72, 18, true)
	h.Keys("n", "shift+tab")
	if v := h.screen(); !strings.Contains(v, "▸ preview for") {
		t.Errorf("the focused field is off screen:\n%s", v)
	}
}

// TestViewsFit: the tab's every view is exactly its size, down to the
// smallest console the shell lays out.
func TestViewsFit(t *testing.T) {
	h := newHarness(t, 120, 36, true)
	for _, size := range [][2]int{{72, 15}, {80, 21}, {100, 30}, {120, 33}, {200, 47}} {
		for _, keys := range [][]string{nil, {"enter"}, {"n"}, {"s"}} {
			h.m.ed, h.m.confirm = nil, nil
			h.m.SetSize(size[0], size[1])
			h.Keys(keys...)
			uitest.RequireSize(t, h.m.View(), size[0], size[1])
		}
	}
	h.m.SetSize(0, 0)
	if h.m.View() != "" {
		t.Error("a zero-sized tab drew something")
	}
	_ = fmt.Sprint()
}

func TestNextPollNeverSpendsMoreThanAFifthReading(t *testing.T) {
	for _, c := range []struct{ took, want time.Duration }{
		{0, pollInterval},
		{40 * time.Millisecond, pollInterval},
		{200 * time.Millisecond, pollInterval},
		{400 * time.Millisecond, 2 * time.Second},
	} {
		if got := nextPoll(c.took); got != c.want {
			t.Errorf("nextPoll(%v) = %v, want %v", c.took, got, c.want)
		}
	}
}
