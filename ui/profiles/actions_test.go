package profiles

import (
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"limen/engine"
	"limen/ui"
)

func TestIdentifyConvert(t *testing.T) {
	h := newHarness(t, 120, 33)
	src := h.selectWhere(func(p engine.Profile) bool { return p.Kind == engine.KindUnknown })
	h.keys("i")
	if h.m.form == nil || !h.m.Typing() {
		t.Fatal("i did not open the identify form")
	}
	h.keys("type:Lena@Example.com", "enter")
	f := h.m.form
	if f == nil || f.stage != stageConfirm || f.preview.Outcome != engine.PreviewConvert || f.confirm.onYes {
		t.Fatalf("form %+v", f)
	}
	if v := h.m.View(); !strings.Contains(v, "Will CONVERT this unknown profile") || !strings.Contains(v, "lena@example.com") {
		t.Fatalf("no convert preview:\n%s", v)
	}
	h.keys("enter") // the preselected answer is cancel
	if h.m.form == nil || h.m.form.stage != stageInput {
		t.Fatal("enter on the preselected answer did not go back to the input")
	}
	h.keys("enter", "y")
	if h.m.form != nil {
		t.Fatal("form still open")
	}
	if n := h.lastNote(); n.Level != ui.LevelSuccess || n.Text != fmt.Sprintf("converted profile #%d into lena@example.com", src.ID) {
		t.Fatalf("note %+v", n)
	}
	sel, _ := h.m.selected()
	if sel.ID != src.ID || sel.Kind != engine.KindKnown || sel.Email != "lena@example.com" {
		t.Fatalf("selected %+v", sel)
	}
	if h.m.detail.profile.Kind != engine.KindKnown {
		t.Fatal("detail not reloaded")
	}
	if h.m.keys.Identify.Enabled() {
		t.Fatal("identify still enabled on a known profile")
	}
}

func TestIdentifyMergeAndRefusals(t *testing.T) {
	h := newHarness(t, 80, 21)
	src := h.selectWhere(func(p engine.Profile) bool { return p.Kind == engine.KindUnknown })
	h.keys("i", "type:nope@", "enter")
	if f := h.m.form; f == nil || f.stage != stageInput || !strings.Contains(f.problem, "has no domain after the @") {
		t.Fatalf("invalid email: %+v", h.m.form)
	}
	for range len("nope@") {
		h.keys("backspace")
	}
	h.keys("type:ann@example.com", "enter")
	pv := h.m.form.preview
	if pv.Outcome != engine.PreviewMerge || pv.Destination.Email != "ann@example.com" {
		t.Fatalf("preview %+v", pv)
	}
	if v := h.m.View(); !strings.Contains(v, "Will MERGE this unknown profile into the existing profile") {
		t.Fatalf("no merge preview:\n%s", v)
	}
	h.keys("right", "enter") // move to yes, answer
	want := fmt.Sprintf("merged profile #%d into #%d ann@example.com: %s moved, %s kept, %d copied",
		src.ID, pv.Destination.ID, plural(pv.EventsMoved, "event"), plural(pv.FieldsKept, "field"), pv.FieldsCopied)
	if n := h.lastNote(); n.Text != want {
		t.Fatalf("note %q, want %q", n.Text, want)
	}
	if sel, _ := h.m.selected(); sel.ID != pv.Destination.ID || len(h.m.rows) != 6 || h.m.Badge() != "6" {
		t.Fatalf("cursor on %+v, rows %d, badge %s", sel, len(h.m.rows), h.m.Badge())
	}
	// Known profiles are not identified from the console.
	h.keys("i")
	if h.m.form != nil {
		t.Fatal("identify opened on a known profile")
	}
	// esc leaves the form without doing anything.
	h.selectWhere(func(p engine.Profile) bool { return p.Kind == engine.KindUnknown })
	h.keys("i", "type:x@example.com", "esc")
	if h.m.form != nil || h.m.Typing() {
		t.Fatal("esc did not close the form")
	}
}

func TestForget(t *testing.T) {
	h := newHarness(t, 120, 33)
	ann := h.selectWhere(func(p engine.Profile) bool { return p.Email == "ann@example.com" })
	h.keys("x")
	if h.m.forget == nil || !strings.Contains(h.m.View(), "▸ (n) keep") {
		t.Fatalf("no dialog on the safe answer:\n%s", h.m.View())
	}
	h.keys("enter")
	if h.m.forget != nil || len(h.m.rows) != 7 {
		t.Fatal("enter on the preselected answer forgot")
	}
	h.keys("x", "y")
	want := fmt.Sprintf("forgot profile #%d (ann@example.com): %d events deleted, 1 consent record unlinked, 3 history entries redacted", ann.ID, ann.EventCount)
	if n := h.lastNote(); n.Text != want || n.Level != ui.LevelSuccess {
		t.Fatalf("note %q, want %q", n.Text, want)
	}
	if len(h.m.rows) != 6 || slices.Contains(emails(h.m.rows), "ann@example.com") || h.m.Badge() != "6" {
		t.Fatalf("rows %v badge %s", emails(h.m.rows), h.m.Badge())
	}
}

// addKnown creates n known profiles, one minute apart.
func addKnown(t *testing.T, h *harness, n int) {
	t.Helper()
	for i := range n {
		h.clk.Advance(time.Minute)
		if _, err := h.p.CreateKnownProfile(fmt.Sprintf("bulk%03d@example.com", i), "", nil); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPagingAndExportOfEveryRow(t *testing.T) {
	h := newHarness(t, 120, 33)
	addKnown(t, h, 250)
	h.send(ui.HappeningsMsg{Happenings: []engine.Happening{{Kind: engine.HappeningCreated}}})
	if len(h.m.rows) != pageSize || h.m.next == "" || h.m.Badge() != "257" {
		t.Fatalf("rows %d next %q badge %s", len(h.m.rows), h.m.next, h.m.Badge())
	}
	if got := filterLine(h.m.filter, h.m.names, h.m.count); got != "all profiles — 257 profiles · newest first" {
		t.Fatalf("filter line %q", got)
	}
	h.keys("end") // the last loaded row: the next page loads
	if len(h.m.rows) != 257 || h.m.next != "" || h.m.cursor != pageSize-1 {
		t.Fatalf("after end: rows %d next %q cursor %d", len(h.m.rows), h.m.next, h.m.cursor)
	}

	h.keys("k", "k") // known only: 254 profiles, 200 loaded
	if len(h.m.rows) != pageSize {
		t.Fatalf("known rows %d", len(h.m.rows))
	}
	h.keys("e")
	n := h.lastNote()
	path, ok := strings.CutPrefix(n.Text, "exported 254 profiles to ")
	stamp := h.clk.Now().Format("20060102-150405")
	if !ok || n.Level != ui.LevelSuccess || !strings.HasSuffix(path, "profiles-"+stamp+".csv") {
		t.Fatalf("note %+v", n)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 255 || !slices.Equal(recs[0], exportHeader()) || recs[1][2] != "bulk249@example.com" {
		t.Fatalf("csv: %d records, %v, first %v", len(recs), err, recs[:2])
	}
	h.keys("E")
	jpath, _ := strings.CutPrefix(h.lastNote().Text, "exported 254 profiles to ")
	b, err := os.ReadFile(jpath)
	var out []engine.Profile
	if err != nil || json.Unmarshal(b, &out) != nil || len(out) != 254 || !strings.HasSuffix(jpath, ".json") {
		t.Fatalf("json %s: %d profiles, %v", jpath, len(out), err)
	}
	h.keys("e") // same second: a new file, never an overwrite
	if p2, _ := strings.CutPrefix(h.lastNote().Text, "exported 254 profiles to "); !strings.HasSuffix(p2, stamp+"-2.csv") {
		t.Fatalf("second export went to %s", p2)
	}
}

func TestCopyWritesOSC52(t *testing.T) {
	h := newHarness(t, 120, 33)
	ann := h.selectWhere(func(p engine.Profile) bool { return p.Email == "ann@example.com" })
	h.keys("y")
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(ann.UserID)) + "\x07"
	if h.clip.String() != want || h.lastNote().Text != "copied userId ann to the clipboard" {
		t.Fatalf("clipboard %q, note %q", h.clip.String(), h.lastNote().Text)
	}
	h.clip.Reset()
	h.keys("Y")
	if !strings.Contains(h.clip.String(), base64.StdEncoding.EncodeToString([]byte("ann@example.com"))) {
		t.Fatalf("clipboard %q", h.clip.String())
	}
	// A placeholder email is never copied.
	h.clip.Reset()
	h.selectWhere(func(p engine.Profile) bool { return p.Placeholder })
	h.keys("Y")
	if h.clip.Len() != 0 || h.m.keys.CopyEmail.Enabled() {
		t.Fatal("copied a placeholder email")
	}
}
