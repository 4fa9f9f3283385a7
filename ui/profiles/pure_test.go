package profiles

import (
	"reflect"
	"strings"
	"testing"

	"limen/engine"
	"limen/ui"
)

func TestFilterLine(t *testing.T) {
	names := map[string]string{"101": "Big-ticket browser"}
	all := defaultFilter()
	cases := []struct {
		name string
		f    filter
		c    matchCount
		want string
	}{
		{"counting", all, matchCount{}, "all profiles — counting… · newest first"},
		{"all", all, matchCount{Ready: true, N: 1204}, "all profiles — 1,204 profiles · newest first"},
		{"one", all, matchCount{Ready: true, N: 1}, "all profiles — 1 profile · newest first"},
		{"kind", filter{Kind: engine.KindUnknown, Order: engine.OrderCreated, Desc: true}, matchCount{Ready: true, N: 312},
			"unknown only — 312 profiles · newest first"},
		{"search capped", filter{Prefix: "a", Order: engine.OrderCreated, Desc: true}, matchCount{Ready: true, N: 1000, Capped: true},
			`search "a" — 1,000+ matches · by email, then userId`},
		{"search one", filter{Prefix: "ann@", Kind: engine.KindKnown}, matchCount{Ready: true, N: 1},
			`search "ann@" · known only — 1 match · by email, then userId`},
		{"criteria shown", filter{CriteriaID: "101", Order: engine.OrderActivity, Desc: true}, matchCount{Ready: true, N: 200, Shown: true},
			"activated by 101 Big-ticket browser — 200 shown, more not counted · latest activity first"},
		{"unnamed criteria", filter{CriteriaID: "9", Order: engine.OrderActivity}, matchCount{Ready: true, N: 0},
			"activated by 9 — 0 profiles · earliest activity first"},
		{"oldest first", filter{Order: engine.OrderCreated}, matchCount{Ready: true, N: 3}, "all profiles — 3 profiles · oldest first"},
		{"error", all, matchCount{Ready: true, Err: "boom"}, "all profiles — count failed · newest first"},
	}
	for _, c := range cases {
		if got := filterLine(c.f, names, c.c); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCounted(t *testing.T) {
	crit := filter{CriteriaID: "101"}
	cases := []struct {
		f        filter
		loaded   int
		complete bool
		want     matchCount
		ok       bool
	}{
		{defaultFilter(), 7, true, matchCount{Ready: true, N: 7}, true},
		{defaultFilter(), 200, false, matchCount{}, false},
		{crit, 200, false, matchCount{Ready: true, N: 200, Shown: true}, true},
		{crit, 12, true, matchCount{Ready: true, N: 12}, true},
		{filter{CriteriaID: "101", Prefix: "a"}, 200, false, matchCount{}, false},
	}
	for _, c := range cases {
		got, ok := counted(c.f, c.loaded, c.complete)
		if got != c.want || ok != c.ok {
			t.Errorf("counted(%+v, %d, %v) = %+v %v, want %+v %v", c.f, c.loaded, c.complete, got, ok, c.want, c.ok)
		}
	}
}

func TestFilterCycles(t *testing.T) {
	k := ""
	var kinds []string
	for range 4 {
		k = nextKind(k)
		kinds = append(kinds, k)
	}
	if want := []string{engine.KindUnknown, engine.KindKnown, "", engine.KindUnknown}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	ids := []string{"101", "102"}
	c := ""
	var crit []string
	for range 4 {
		c = nextCriteria(c, ids)
		crit = append(crit, c)
	}
	if want := []string{"101", "102", "", "101"}; !reflect.DeepEqual(crit, want) {
		t.Errorf("criteria %v, want %v", crit, want)
	}
	if got := nextCriteria("gone", ids); got != "" {
		t.Errorf("a deleted set cycles to %q, want all", got)
	}
	if got := nextCriteria("", nil); got != "" {
		t.Errorf("no sets: %q", got)
	}
}

func rowsOf(ids ...uint64) []engine.Profile {
	out := make([]engine.Profile, len(ids))
	for i, id := range ids {
		out[i] = engine.Profile{ID: id}
	}
	return out
}

func TestKeepCursor(t *testing.T) {
	cases := []struct {
		name  string
		rows  []engine.Profile
		id    uint64
		index int
		want  int
	}{
		{"new rows above: follows the profile", rowsOf(9, 8, 5, 4, 3), 4, 1, 3},
		{"rows removed above", rowsOf(4, 3), 4, 3, 0},
		{"profile gone: same index", rowsOf(7, 6, 3), 5, 1, 1},
		{"profile gone at the end: clamped", rowsOf(7, 6), 5, 4, 1},
		{"nothing selected before", rowsOf(7, 6), 0, 0, 0},
		{"no rows", nil, 5, 3, 0},
	}
	for _, c := range cases {
		if got := keepCursor(c.rows, c.id, c.index); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestScrollOffset(t *testing.T) {
	cases := []struct{ cursor, offset, visible, total, want int }{
		{0, 0, 10, 100, 0},
		{9, 0, 10, 100, 0},
		{10, 0, 10, 100, 1},
		{5, 8, 10, 100, 5},
		{99, 0, 10, 100, 90},
		{3, 50, 10, 5, 0}, // rows shrank below the offset
	}
	for _, c := range cases {
		if got := scrollOffset(c.cursor, c.offset, c.visible, c.total); got != c.want {
			t.Errorf("scrollOffset(%d, %d, %d, %d) = %d, want %d", c.cursor, c.offset, c.visible, c.total, got, c.want)
		}
	}
}

// treeText draws a flattened tree as "depth key value" lines, + for a
// closed container and − for an open one.
func treeDump(lines []treeLine) string {
	var b strings.Builder
	for _, l := range lines {
		mark := " "
		if l.Container {
			mark = glyphClosed
			if l.Open {
				mark = glyphOpen
			}
		}
		b.WriteString(strings.Repeat("  ", l.Depth) + mark + l.Key + " " + l.Value + "\n")
	}
	return b.String()
}

func TestTreeExpandCollapse(t *testing.T) {
	fields := map[string]any{
		"city":  "Paris",
		"prefs": map[string]any{"color": "red", "sizes": []any{"S", map[string]any{"eu": float64(38)}}},
		"tags":  []any{},
	}
	// Each step: a key on the line the cursor is on, then the tree and
	// where the cursor went.
	steps := []struct {
		key    string
		cursor int
		want   string
		to     int
	}{
		{"", 0, " city \"Paris\"\n+prefs {2 keys}\n+tags [0 items]\n", 0},
		{"→", 0, " city \"Paris\"\n+prefs {2 keys}\n+tags [0 items]\n", 0}, // a scalar does not open
		{"→", 1, " city \"Paris\"\n−prefs {2 keys}\n   color \"red\"\n  +sizes [2 items]\n+tags [0 items]\n", 1},
		{"→", 3, " city \"Paris\"\n−prefs {2 keys}\n   color \"red\"\n  −sizes [2 items]\n     [0] \"S\"\n    +[1] {1 key}\n+tags [0 items]\n", 3},
		{"→", 5, " city \"Paris\"\n−prefs {2 keys}\n   color \"red\"\n  −sizes [2 items]\n     [0] \"S\"\n    −[1] {1 key}\n       eu 38\n+tags [0 items]\n", 5},
		// ← on a leaf closes its parent and moves there
		{"←", 6, " city \"Paris\"\n−prefs {2 keys}\n   color \"red\"\n  −sizes [2 items]\n     [0] \"S\"\n    +[1] {1 key}\n+tags [0 items]\n", 5},
		// ← on an open node closes it, the cursor stays
		{"←", 3, " city \"Paris\"\n−prefs {2 keys}\n   color \"red\"\n  +sizes [2 items]\n+tags [0 items]\n", 3},
		// ← on a closed node walks up to its parent and closes it
		{"←", 3, " city \"Paris\"\n+prefs {2 keys}\n+tags [0 items]\n", 1},
		// ← at the first level does nothing
		{"←", 0, " city \"Paris\"\n+prefs {2 keys}\n+tags [0 items]\n", 0},
		// reopening prefs finds sizes as it was left (closed)
		{"→", 1, " city \"Paris\"\n−prefs {2 keys}\n   color \"red\"\n  +sizes [2 items]\n+tags [0 items]\n", 1},
	}
	open := map[string]bool{}
	for i, s := range steps {
		lines := flattenTree(fields, open)
		to := s.cursor
		switch s.key {
		case "→":
			expandNode(open, lines, s.cursor)
		case "←":
			to = collapseNode(open, lines, s.cursor)
		}
		if got := treeDump(flattenTree(fields, open)); got != s.want || to != s.to {
			t.Fatalf("step %d (%s on %d): cursor %d, tree\n%s\nwant cursor %d, tree\n%s", i, s.key, s.cursor, to, got, s.to, s.want)
		}
	}
}

func TestFormatting(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1204: "1,204", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := ui.Thousands(n); got != want {
			t.Errorf("ui.Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if got := plural(2, "history entry"); got != "2 history entries" {
		t.Errorf("plural: %q", got)
	}
	if got := short("0000000d-0000-4000-8000-00000000000d"); got != "0000000d…" {
		t.Errorf("short: %q", got)
	}
}
