package profiles

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"limen/engine"
	"limen/ui"
)

// The flows below run the console as a real program over the seeded
// project (see seed_test.go), as TestFlowSearchThenConvert does: keys go in
// through teatest, the screen is read from the program's output, and the
// engine is asked afterwards what really happened.

// flowRun is one console program under test.
type flowRun struct {
	t     *testing.T
	tm    *teatest.TestModel
	p     *engine.Project
	clk   *seedClock
	m     *Model
	dir   string            // the export directory
	notes chan ui.NotifyMsg // every notification the screens asked for
}

// noteTap is the shell with a tap on its notifications: the status bar
// truncates long ones, so the flow reads their full text here.
type noteTap struct {
	*ui.App
	notes chan<- ui.NotifyMsg
}

func (n noteTap) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if note, ok := msg.(ui.NotifyMsg); ok {
		select {
		case n.notes <- note:
		default: // a flow reads only the few it expects
		}
	}
	_, cmd := n.App.Update(msg)
	return n, cmd
}

// startFlow opens the seeded project and runs the console on it in a
// terminal of w×h.
func startFlow(t *testing.T, w, h int) *flowRun {
	t.Helper()
	p, clk, err := openSeeded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	styles := ui.NewStyles(ui.DefaultTheme())
	f := &flowRun{t: t, p: p, clk: clk, dir: t.TempDir(), notes: make(chan ui.NotifyMsg, 64)}
	f.m = New(ui.Context{Project: p, Styles: styles, Now: clk.Now, ExportDir: f.dir})
	f.m.clip = io.Discard
	app := noteTap{App: ui.NewApp(styles, "flow test", f.m), notes: f.notes}
	f.tm = teatest.NewTestModel(t, app, teatest.WithInitialTermSize(w, h))
	return f
}

// waitFor reads the program's output until every text was drawn (what it
// reads is consumed: the next wait sees only later frames).
func (f *flowRun) waitFor(texts ...string) {
	f.t.Helper()
	teatest.WaitFor(f.t, f.tm.Output(), func(b []byte) bool {
		for _, text := range texts {
			if !bytes.Contains(b, []byte(text)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// note waits for the next notification of a level and returns its text.
func (f *flowRun) note(level ui.Level) string {
	f.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case n := <-f.notes:
			if n.Level == level {
				return n.Text
			}
		case <-deadline:
			f.t.Fatalf("no notification of level %d within 10s", level)
			return ""
		}
	}
}

func (f *flowRun) press(k tea.KeyType) { f.tm.Send(tea.KeyMsg{Type: k}) }

// quit ends the program and returns the shell's final view.
func (f *flowRun) quit() string {
	f.t.Helper()
	f.press(tea.KeyCtrlC)
	return f.tm.FinalModel(f.t, teatest.WithFinalTimeout(10*time.Second)).View()
}

// TestFlowSearchOpenHistory searches a known profile by the prefix of its
// email, opens it in the detail pane and reads its identity history: its
// creation, and the unknown profile merged into it while seeding.
func TestFlowSearchOpenHistory(t *testing.T) {
	f := startFlow(t, 120, 36)
	f.waitFor("7 profiles")
	f.tm.Type("/ann")
	f.waitFor("— 1 match")
	f.press(tea.KeyEnter) // keep the filter: back to the table
	f.waitFor(`search "ann" — 1 match`, "enter detail")
	f.press(tea.KeyEnter) // open the detail pane
	f.waitFor("esc back to table", "IDENTITY HISTORY", "created known", "merged unknown")
	final := f.quit()

	if f.m.focus != focusDetail || f.m.detail.profile.Email != "ann@example.com" {
		t.Fatalf("focus %v on %q, want the detail of ann@example.com", f.m.focus, f.m.detail.profile.Email)
	}
	ann, err := f.p.ProfileByEmail("ann@example.com")
	if err != nil {
		t.Fatal(err)
	}
	ledger, err := f.p.LedgerFor(ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Ann's own creation, the creation of the unknown profile merged into
	// her (its entries follow it), the merge.
	ops := ledgerOps(ledger)
	if !slices.Equal(ops, []string{engine.OpCreate, engine.OpCreate, engine.OpMerge}) || ledger[0].Kind != engine.KindKnown {
		t.Fatalf("ledger of ann %v, want her creation, the unknown profile's, the merge", ops)
	}
	if shown := ledgerOps(f.m.detail.ledger); !slices.Equal(shown, ops) {
		t.Fatalf("the detail shows the history %v, want %v", shown, ops)
	}
	golden.RequireEqual(t, []byte(final))
}

func ledgerOps(ls []engine.LedgerEntry) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Op
	}
	return out
}

// TestFlowIdentifyMerge picks an unknown profile, identifies it with the
// email of an existing known profile, reads the merge preview and its
// figures, checks that the preselected answer cancels (nothing merged),
// then confirms: the unknown profile is gone and the known one's history
// carries the merge.
func TestFlowIdentifyMerge(t *testing.T) {
	f := startFlow(t, 120, 36)
	unknown, err := f.p.Profile(4) // the seed's first visitor: criteria 101, a city, 4 events
	if err != nil || unknown.Kind != engine.KindUnknown || unknown.EventCount != 4 {
		t.Fatalf("seeded profile #4 is %+v (%v), want an unknown profile with 4 events", unknown, err)
	}
	bob, err := f.p.ProfileByEmail("bob@example.com")
	if err != nil {
		t.Fatal(err)
	}
	f.waitFor("7 profiles")
	// Newest first: #8, #7, #6 (zoe), then #4.
	f.tm.Type("jjj")
	f.waitFor("devices   d1") // the detail pane follows the cursor onto #4, d1's
	f.tm.Type("i")
	f.waitFor("Identify unknown profile #4")
	f.tm.Type("bob@example.com")
	f.press(tea.KeyEnter)
	f.waitFor("Will MERGE this unknown profile", "#2 (bob@example.com)", "0 fields kept", "2 copied", "4 events moved",
		"▸ (n) cancel")

	// The preselected answer is the safe one: enter cancels, back to the input.
	f.press(tea.KeyEnter)
	f.waitFor("enter: preview · esc: cancel")
	if _, err := f.p.Profile(unknown.ID); err != nil {
		t.Fatalf("enter on the preselected answer merged: profile #4: %v", err)
	}

	f.press(tea.KeyEnter)
	f.waitFor("Will MERGE this unknown profile")
	f.tm.Type("y")
	f.waitFor("merged profile #4 into #2 bob@example.com", "bob@example.com · known · #2", "merged unknown")
	if text := f.note(ui.LevelSuccess); text != "merged profile #4 into #2 bob@example.com: 4 events moved, 0 fields kept, 2 copied" {
		t.Errorf("notification %q", text)
	}
	final := f.quit()

	if _, err := f.p.Profile(unknown.ID); !errors.Is(err, engine.ErrNotFound) {
		t.Errorf("unknown profile #4 after the merge: %v, want not found", err)
	}
	for _, r := range f.m.rows {
		if r.ID == unknown.ID {
			t.Errorf("the table still lists profile #4")
		}
	}
	after, err := f.p.Profile(bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.EventCount != 4 || !slices.Equal(after.MergedFrom, []string{unknown.UserID}) || after.DataFields["city"] != "Paris" {
		t.Errorf("bob after the merge: %d events, merged from %v, city %v", after.EventCount, after.MergedFrom, after.DataFields["city"])
	}
	ledger, err := f.p.LedgerFor(bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := ledger[len(ledger)-1]
	if last.Op != engine.OpMerge || last.FromProfileID != unknown.ID || last.EventsMoved != 4 || last.FieldsCopied != 2 {
		t.Errorf("bob's last ledger entry %+v, want the merge of #4", last)
	}
	if f.m.detail.profile.ID != bob.ID || len(f.m.detail.ledger) != len(ledger) {
		t.Errorf("the detail shows #%d with %d history entries, want bob's %d", f.m.detail.profile.ID, len(f.m.detail.ledger), len(ledger))
	}
	golden.RequireEqual(t, []byte(final))
}

// TestFlowExportUnknownCSV filters the unknown profiles and exports them as
// CSV: the notification names the file, which holds a header and exactly
// the filtered rows.
func TestFlowExportUnknownCSV(t *testing.T) {
	f := startFlow(t, 120, 36)
	f.waitFor("7 profiles")
	f.tm.Type("k")
	f.waitFor("unknown only — 3 profiles")
	f.tm.Type("e")
	want := filepath.Join(f.dir, "profiles-"+f.clk.Now().UTC().Format("20060102-150405")+".csv")
	// The notification is read from the shell's messages, not the screen:
	// a frame can be skipped by the renderer under load.
	if text := f.note(ui.LevelSuccess); text != "exported 3 profiles to "+want {
		t.Fatalf("notification %q, want it to name %s", text, want)
	}
	f.quit()

	entries, err := os.ReadDir(f.dir)
	if err != nil || len(entries) != 1 || entries[0].Name() != filepath.Base(want) {
		t.Fatalf("export directory holds %v (%v), want only %s", entries, err, filepath.Base(want))
	}
	file, err := os.Open(want)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	records, err := csv.NewReader(file).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) == 0 || !slices.Equal(records[0], exportHeader()) || records[0][0] != "id" {
		t.Fatalf("CSV header %v, want %v", records, exportHeader())
	}
	listed, _, err := f.p.ListProfiles(engine.ProfileQuery{Kind: engine.KindUnknown, Desc: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var wantIDs, shownIDs, gotIDs []string
	for _, pr := range listed {
		wantIDs = append(wantIDs, strconv.FormatUint(pr.ID, 10))
	}
	for _, pr := range f.m.rows {
		shownIDs = append(shownIDs, strconv.FormatUint(pr.ID, 10))
	}
	kind := slices.Index(exportHeader(), "kind")
	for _, r := range records[1:] {
		gotIDs = append(gotIDs, r[0])
		if r[kind] != engine.KindUnknown {
			t.Errorf("exported row %v is not an unknown profile", r)
		}
	}
	if len(wantIDs) != 3 || !slices.Equal(gotIDs, wantIDs) || !slices.Equal(gotIDs, shownIDs) {
		t.Errorf("exported ids %v, table shows %v, engine lists %v", gotIDs, shownIDs, wantIDs)
	}
	// The status bar holds the temporary path: pin the browser's screen.
	golden.RequireEqual(t, []byte(f.m.View()))
}
