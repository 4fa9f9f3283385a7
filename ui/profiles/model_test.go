package profiles

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"limen/engine"
	"limen/engine/device"
	"limen/ui"
	"limen/ui/uitest"
)

func TestInitialLoad(t *testing.T) {
	h := newHarness(t, 120, 33)
	m := h.m
	if len(m.rows) != 7 || m.next != "" || m.cursor != 0 || !m.loaded {
		t.Fatalf("rows %d next %q cursor %d loaded %v", len(m.rows), m.next, m.cursor, m.loaded)
	}
	for i := 1; i < len(m.rows); i++ {
		if m.rows[i].CreatedAt.After(m.rows[i-1].CreatedAt) {
			t.Fatalf("rows not newest first: %v", emails(m.rows))
		}
	}
	if m.Badge() != "7" || m.Title() != "Profiles" {
		t.Fatalf("badge %q title %q", m.Badge(), m.Title())
	}
	if got := filterLine(m.filter, m.names, m.count); got != "all profiles — 7 profiles · newest first" {
		t.Fatalf("filter line %q", got)
	}
	if m.detail.id != m.rows[0].ID || !m.detail.loaded || len(m.detail.sessions) != 1 {
		t.Fatalf("detail of %d loaded %v sessions %d, want the first row %d", m.detail.id, m.detail.loaded, len(m.detail.sessions), m.rows[0].ID)
	}
	if m.names["101"] != "Big-ticket browser" || !slices.Equal(m.ids, []string{"101", "102", "103", "104"}) {
		t.Fatalf("criteria %v %v", m.names, m.ids)
	}
}

func TestTableNavigationMovesTheDetail(t *testing.T) {
	h := newHarness(t, 120, 33)
	h.keys("down", "j")
	if h.m.cursor != 2 || h.m.detail.id != h.m.rows[2].ID || !h.m.detail.loaded {
		t.Fatalf("cursor %d detail %d", h.m.cursor, h.m.detail.id)
	}
	h.keys("up", "end")
	if h.m.cursor != 6 {
		t.Fatalf("end: cursor %d", h.m.cursor)
	}
	h.keys("down", "home")
	if h.m.cursor != 0 {
		t.Fatalf("home: cursor %d", h.m.cursor)
	}
	h.keys("k") // k is the kind filter, not up
	if h.m.filter.Kind != engine.KindUnknown {
		t.Fatalf("k did not filter by kind: %+v", h.m.filter)
	}
}

func TestStaleDetailAnswerDropped(t *testing.T) {
	h := newHarness(t, 120, 33)
	_, first := h.m.Update(keyMsg("down"))
	_, second := h.m.Update(keyMsg("down"))
	late, early := uitest.Collect(first), uitest.Collect(second)
	for _, msg := range append(early, late...) {
		h.m.Update(msg)
	}
	if h.m.detail.id != h.m.rows[2].ID || h.m.detail.profile.ID != h.m.rows[2].ID {
		t.Fatalf("detail shows %d (%d), want row 2 (%d)", h.m.detail.id, h.m.detail.profile.ID, h.m.rows[2].ID)
	}
}

func TestKindAndCriteriaFilters(t *testing.T) {
	h := newHarness(t, 120, 33)
	h.keys("k")
	for _, r := range h.m.rows {
		if r.Kind != engine.KindUnknown {
			t.Fatalf("kind unknown lists %+v", r)
		}
	}
	if got := filterLine(h.m.filter, h.m.names, h.m.count); got != "unknown only — 3 profiles · newest first" {
		t.Fatalf("filter line %q", got)
	}
	h.keys("k")
	if len(h.m.rows) != 4 || h.m.rows[0].Kind != engine.KindKnown {
		t.Fatalf("kind known: %v", emails(h.m.rows))
	}
	h.keys("k", "c")
	if h.m.filter.CriteriaID != "101" || h.m.filter.Kind != "" {
		t.Fatalf("filter %+v", h.m.filter)
	}
	for _, r := range h.m.rows {
		if r.MatchedCriteriaID != "101" {
			t.Fatalf("criteria 101 lists %+v", r)
		}
	}
	// Every match is loaded, so the count is exact.
	if got := filterLine(h.m.filter, h.m.names, h.m.count); got != "activated by 101 Big-ticket browser — 3 profiles · newest first" {
		t.Fatalf("filter line %q", got)
	}
	h.keys("c", "c", "c", "c")
	if h.m.filter.CriteriaID != "" || len(h.m.rows) != 7 {
		t.Fatalf("criteria did not cycle back to all: %+v", h.m.filter)
	}
}

func TestSortAndReverse(t *testing.T) {
	h := newHarness(t, 120, 33)
	h.keys("s")
	if h.m.filter.Order != engine.OrderActivity || !h.m.filter.Desc {
		t.Fatalf("filter %+v", h.m.filter)
	}
	for i := 1; i < len(h.m.rows); i++ {
		if h.m.rows[i].LastActivity.After(h.m.rows[i-1].LastActivity) {
			t.Fatal("not latest activity first")
		}
	}
	h.keys("S")
	if h.m.filter.Desc || !h.m.rows[0].LastActivity.IsZero() {
		t.Fatalf("reverse: first row %+v", h.m.rows[0])
	}
	if !slices.ContainsFunc(h.m.cols, func(c column) bool { return c.id == colActivity }) {
		t.Fatal("the sorted column was dropped")
	}
}

func TestSearchAsYouTypeDropsStaleAnswers(t *testing.T) {
	h := newHarness(t, 120, 33)
	h.keys("/")
	if !h.m.Typing() || h.m.focus != focusSearch {
		t.Fatal("/ did not focus the search box")
	}
	// Two keystrokes; the first one's answers arrive last.
	_, first := h.m.Update(keyMsg("z"))
	_, second := h.m.Update(keyMsg("o"))
	late, early := uitest.Collect(first), uitest.Collect(second)
	for _, msg := range append(early, late...) {
		h.m.Update(msg)
	}
	if h.m.filter.Prefix != "zo" || !slices.Equal(emails(h.m.rows), []string{"zoe@example.com"}) {
		t.Fatalf("prefix %q rows %v", h.m.filter.Prefix, emails(h.m.rows))
	}
	if got := filterLine(h.m.filter, h.m.names, h.m.count); got != `search "zo" — 1 match · by email, then userId` {
		t.Fatalf("filter line %q", got)
	}
	h.keys("enter")
	if h.m.Typing() || h.m.filter.Prefix != "zo" || !h.m.keys.Clear.Enabled() {
		t.Fatal("enter did not keep the filter and return to the table")
	}
	h.keys("esc") // from the table, esc ends the search too
	if h.m.filter.Prefix != "" || len(h.m.rows) != 7 || h.m.keys.Clear.Enabled() {
		t.Fatalf("esc in the table: prefix %q rows %d", h.m.filter.Prefix, len(h.m.rows))
	}
	h.keys("/", "type:zo", "enter")
	h.keys("/", "backspace", "backspace", "type:dave")
	if !slices.Equal(emails(h.m.rows), []string{h.m.rows[0].Email}) || h.m.rows[0].UserID != "dave-77" {
		t.Fatalf("userId prefix: %v", emails(h.m.rows))
	}
	h.keys("esc")
	if h.m.Typing() || h.m.filter.Prefix != "" || len(h.m.rows) != 7 {
		t.Fatalf("esc: prefix %q rows %d", h.m.filter.Prefix, len(h.m.rows))
	}
}

func TestQTypesIntoTheSearchBox(t *testing.T) {
	h := newHarness(t, 120, 33)
	app := ui.NewApp(h.m.styles, "test", h.m)
	app.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
	for _, k := range []string{"/", "q", "?", ":"} {
		_, cmd := app.Update(keyMsg(k))
		for _, msg := range uitest.Collect(cmd) {
			if _, quit := msg.(tea.QuitMsg); quit {
				t.Fatalf("%q quit from the search box", k)
			}
			app.Update(msg)
		}
	}
	if h.m.search.Value() != "q?:" || h.m.filter.Prefix != "q?:" {
		t.Fatalf("search box holds %q, filter %q", h.m.search.Value(), h.m.filter.Prefix)
	}
	if v := app.View(); !strings.Contains(v, "/ q?:") || strings.Contains(v, "everywhere") {
		t.Fatalf("view:\n%s", v)
	}
}

func TestLiveRefreshKeepsTheCursorOnItsProfile(t *testing.T) {
	h := newHarness(t, 120, 33)
	h.keys("down", "down")
	before, _ := h.m.selected()
	h.clk.Advance(time.Hour)
	if _, err := h.p.CreateKnownProfile("new@example.com", "", nil); err != nil {
		t.Fatal(err)
	}
	h.send(ui.HappeningsMsg{Happenings: []engine.Happening{{Kind: engine.HappeningCreated}}})
	after, _ := h.m.selected()
	if after.ID != before.ID || h.m.cursor != 3 || h.m.rows[0].Email != "new@example.com" || h.m.Badge() != "8" {
		t.Fatalf("cursor %d on %d (was %d), first %s, badge %s", h.m.cursor, after.ID, before.ID, h.m.rows[0].Email, h.m.Badge())
	}
	// A refresh asked for while one is in flight runs once it is done.
	_, cmd := h.m.Update(ui.HappeningsMsg{})
	if _, again := h.m.Update(ui.HappeningsMsg{}); again == nil || !h.m.dirty {
		t.Fatal("second happening lost")
	}
	h.run(cmd)
	if h.m.dirty || h.m.listing {
		t.Fatal("refresh did not settle")
	}
}

func TestDetailTreeAndTimeline(t *testing.T) {
	h := newHarness(t, 120, 33)
	h.selectWhere(func(p engine.Profile) bool { return p.Email == "ann@example.com" })
	h.keys("enter")
	if h.m.focus != focusDetail || !h.m.keys.Back.Enabled() || h.m.keys.Detail.Enabled() {
		t.Fatal("enter did not focus the detail pane")
	}
	d := &h.m.detail
	goTo := func(ok func(detailLine) bool) {
		t.Helper()
		h.keys("home")
		for !ok(d.current()) {
			if d.cursor == len(d.lines)-1 {
				t.Fatal("line not found")
			}
			h.keys("down")
		}
	}
	goTo(func(l detailLine) bool { return l.kind == lineTree && d.tree[l.ref].Key == "favourite" })
	h.keys("right")
	if !d.open["favourite"] || d.tree[d.current().ref+1].Key != "room" {
		t.Fatalf("favourite did not open: %+v", d.tree)
	}
	h.keys("down", "left") // on room: closes favourite, back on it
	if d.open["favourite"] || d.tree[d.current().ref].Key != "favourite" {
		t.Fatal("← did not close the parent")
	}
	goTo(func(l detailLine) bool { return l.kind == lineEvent })
	ev := d.events[d.current().ref]
	h.keys("enter")
	shown := slices.ContainsFunc(d.lines, func(l detailLine) bool {
		return l.kind == lineEvent && strings.Contains(l.text, "(id): "+fmt.Sprintf("%q", ev.ID))
	})
	if !d.openEvents[ev.ID] || !shown {
		t.Fatalf("event fields not shown:\n%s", h.m.View())
	}
	h.keys("enter")
	if d.openEvents[ev.ID] {
		t.Fatal("enter did not close the event")
	}
	h.keys("esc")
	if h.m.focus != focusTable {
		t.Fatal("esc did not return to the table")
	}
}

func TestTimelinePages(t *testing.T) {
	h := newHarness(t, 120, 33)
	var events []device.Event
	for i := range 120 {
		events = append(events, device.Event{ID: fmt.Sprintf("p%d", i), At: seedStart().Add(time.Duration(i) * time.Second),
			Body: map[string]any{"eventType": "customEvent", "eventName": "ping", "dataFields": map[string]any{"i": float64(i)}}})
	}
	if _, err := h.p.Track(context.Background(), device.Identity{Email: "bob@example.com"}, events); err != nil {
		t.Fatal(err)
	}
	h.send(ui.HappeningsMsg{})
	h.selectWhere(func(p engine.Profile) bool { return p.Email == "bob@example.com" })
	d := &h.m.detail
	if len(d.events) != eventsPage || d.next == "" {
		t.Fatalf("events %d next %q", len(d.events), d.next)
	}
	h.keys("enter", "end")
	if len(d.events) != 2*eventsPage {
		t.Fatalf("after end: %d events", len(d.events))
	}
	h.keys("end")
	if len(d.events) != 120 || d.next != "" || d.events[0].ID != "p119" || d.events[119].ID != "p0" {
		t.Fatalf("events %d next %q", len(d.events), d.next)
	}
}

func TestViewFitsItsArea(t *testing.T) {
	h := newHarness(t, 80, 21)
	states := []struct {
		name string
		keys []string
	}{
		{"table", nil},
		{"detail", []string{"enter"}},
		{"search", []string{"esc", "/", "type:0000"}},
		{"identify", []string{"enter", "home", "i", "type:someone@example.com", "enter"}},
		{"forget", []string{"esc", "x"}},
	}
	for _, s := range states {
		h.keys(s.keys...)
		for _, size := range [][2]int{{72, 15}, {80, 21}, {100, 30}, {119, 33}, {120, 33}, {160, 40}, {200, 47}, {240, 60}} {
			h.m.SetSize(size[0], size[1])
			uitest.RequireSize(t, h.m.View(), size[0], size[1], fmt.Sprintf("%s at %dx%d", s.name, size[0], size[1]))
		}
	}
}

func TestEngineErrorsBecomeNotificationsAndALine(t *testing.T) {
	p, clk, err := openSeeded()
	if err != nil {
		t.Fatal(err)
	}
	h := newHarnessOn(t, p, clk, 120, 33)
	_ = p.Close()
	h.keys("k")
	listed := slices.ContainsFunc(h.Notes, func(n ui.NotifyMsg) bool {
		return n.Level == ui.LevelError && strings.HasPrefix(n.Text, "profiles: ")
	})
	if !listed {
		t.Fatalf("notes %+v", h.Notes)
	}
	if v := h.m.View(); !strings.Contains(v, "✗ ") {
		t.Fatalf("no error line:\n%s", v)
	}
}

func TestDetailOfAVanishedProfile(t *testing.T) {
	h := newHarness(t, 120, 33)
	sel, _ := h.m.selected()
	if _, err := h.p.Forget(sel.ID); err != nil {
		t.Fatal(err)
	}
	// The detail is reloaded before the refresh moves the cursor on.
	h.m.detailReq = h.m.nextReq()
	h.run(detailCmd(h.p, h.m.detailReq, sel.ID, 0))
	if !strings.Contains(h.m.View(), "no longer exists") || len(h.Notes) != 0 {
		t.Fatalf("notes %v, view:\n%s", h.Notes, h.m.View())
	}
	h.send(ui.HappeningsMsg{Happenings: []engine.Happening{{Kind: engine.HappeningDeleted, ProfileID: sel.ID}}})
	if now, _ := h.m.selected(); now.ID == sel.ID || h.m.detail.id != now.ID || !h.m.detail.loaded {
		t.Fatalf("cursor on %d, detail %d", now.ID, h.m.detail.id)
	}
}
