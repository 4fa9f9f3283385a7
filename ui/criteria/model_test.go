package criteria

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"limen/engine"
	"limen/ui/criteria/tree"
)

// buildKeys builds "viewed a product over 500 at least twice AND NOT
// purchased" in a new set 105 from the list, with the keyboard.
func buildKeys() []string {
	return []string{
		"n", "tab", "type:Keen browser", "enter",
		"a", "tab", "type:viewedProduct", "tab", "type:price", "tab", "right", "right", "right", "right", "right",
		"tab", "type:500", "tab", "backspace", "type:2", "enter",
		"g", "t", "t",
		"a", "right", "tab", "type:total", "tab", "right", "right", "right", "right", "right", "tab", "type:0", "enter",
	}
}

func TestListShowsSetsAndCounts(t *testing.T) {
	h := newHarness(t, 120, 36)
	v := h.m.View()
	for _, want := range []string{"first match wins, top to bottom", "Big-ticket browser", "101", "published", "Parisian window shopper"} {
		if !strings.Contains(v, want) {
			t.Errorf("list lacks %q:\n%s", want, v)
		}
	}
	if h.m.counts["101"] != 2 || h.m.counts["104"] != 1 || !h.m.counted {
		t.Errorf("counts %v", h.m.counts)
	}
	if h.m.Badge() != "4" {
		t.Errorf("badge %q", h.m.Badge())
	}
}

func TestListCountsShowEllipsisUntilCounted(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.m.counted = false
	if !strings.Contains(h.m.View(), "…") {
		t.Error("no … while counting")
	}
}

func TestBuildSaveFromEmptySet(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys(buildKeys()...)
	if h.m.Unsaved() != "unsaved edits to set 105" {
		t.Fatalf("Unsaved() = %q", h.m.Unsaved())
	}
	if len(h.m.ed.all) != 0 {
		t.Fatalf("problems: %v", h.m.ed.all)
	}
	h.keys("s")
	if h.m.Unsaved() != "" || !strings.Contains(h.lastNote(), "saved the draft of set 105") {
		t.Fatalf("after save: unsaved %q, note %q", h.m.Unsaved(), h.lastNote())
	}
	checkBuiltDraft(t, h.p)
	if h.m.Badge() != "5" {
		t.Errorf("badge %q", h.m.Badge())
	}
}

// checkBuiltDraft checks the saved draft of set 105.
func checkBuiltDraft(t *testing.T, p *engine.Project) {
	t.Helper()
	sets, err := p.ListCriteria()
	if err != nil {
		t.Fatal(err)
	}
	var draft []byte
	for _, s := range sets {
		if s.ID == "105" {
			draft = s.Draft
		}
	}
	want := `{"criteriaId":"105","name":"Keen browser","searchQuery":{"combinator":"And","searchQueries":[` +
		`{"combinator":"And","searchQueries":[` +
		`{"dataType":"customEvent","minMatch":2,"searchCombo":{"combinator":"And","searchQueries":[{"dataType":"customEvent","field":"viewedProduct.price","comparatorType":"GreaterThan","value":"500"}]}},` +
		`{"combinator":"Not","searchQueries":[{"dataType":"purchase","searchCombo":{"combinator":"And","searchQueries":[{"dataType":"purchase","field":"total","comparatorType":"GreaterThan","value":"0"}]}}]}]}]}}`
	if !jsonEqual(draft, []byte(want)) {
		t.Fatalf("draft\n%s\nwant\n%s", draft, want)
	}
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}

func TestSaveRefusedWithProblems(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("n", "enter", "enter", "s")
	if h.m.text == nil || !strings.Contains(h.m.View(), "Not saved") || !strings.Contains(h.m.View(), "empty") {
		t.Fatalf("no problems shown:\n%s", h.m.View())
	}
	sets, _ := h.p.ListCriteria()
	if len(sets) != 4 {
		t.Fatalf("%d sets saved", len(sets))
	}
	h.keys("esc")
	if h.m.Unsaved() == "" {
		t.Fatal("the new set is not unsaved")
	}
}

func TestEditsUndoRedo(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("enter") // set 101, cursor on the inner group
	before := string(h.m.ed.json())
	h.keys("t")
	g, _ := tree.NodeAt(h.m.ed.set(), tree.Path{0})
	if *g.Combinator != tree.Or || h.m.Unsaved() != "unsaved edits to set 101" {
		t.Fatalf("toggle: %s, unsaved %q", *g.Combinator, h.m.Unsaved())
	}
	h.keys("t")
	g, _ = tree.NodeAt(h.m.ed.set(), tree.Path{0})
	if *g.Combinator != tree.Not {
		t.Fatalf("second toggle: %s", *g.Combinator)
	}
	h.keys("u", "u")
	if string(h.m.ed.json()) != before || h.m.Unsaved() != "" {
		t.Fatal("undo did not restore the set")
	}
	h.keys("ctrl+r")
	g, _ = tree.NodeAt(h.m.ed.set(), tree.Path{0})
	if *g.Combinator != tree.Or {
		t.Fatalf("redo: %s", *g.Combinator)
	}
	h.keys("u", "down", "x") // delete the block
	if g, _ := tree.NodeAt(h.m.ed.set(), tree.Path{0}); len(g.Children) != 0 {
		t.Fatal("block not deleted")
	}
	h.keys("u", "down", "X", "up", "p") // cut the block, paste it back inside the group
	if g, _ := tree.NodeAt(h.m.ed.set(), tree.Path{0}); len(g.Children) != 1 {
		t.Fatalf("cut/paste: %d children", len(g.Children))
	}
}

func TestEditBlockWithForm(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("enter", "down", "enter") // the block of 101
	if h.m.form == nil || !h.m.Typing() {
		t.Fatal("no form")
	}
	if got := h.m.form.inputs[fEvent].Value() + "|" + h.m.form.inputs[fField].Value() + "|" + h.m.form.inputs[fMin].Value(); got != "viewedProduct|price|3" {
		t.Fatalf("form reads %s", got)
	}
	h.keys("tab", "tab", "tab", "tab", "ctrl+u", "type:900", "enter")
	n, _ := tree.NodeAt(h.m.ed.set(), tree.Path{0, 0})
	if got := tree.Describe(n); got != "viewed a product with price above 900, at least 3 times" {
		t.Fatalf("after edit: %s", got)
	}
}

func TestEscAsksWhenUnsaved(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("enter", "t", "esc")
	if h.m.confirm == nil || h.m.confirm.onYes {
		t.Fatal("no confirmation with the safe answer")
	}
	h.keys("enter") // the safe answer: keep editing
	if h.m.mode != modeEditor {
		t.Fatal("left the editor")
	}
	h.keys("esc", "y")
	if h.m.mode != modeList || h.m.Unsaved() != "" {
		t.Fatal("did not leave")
	}
}

func TestReorderRenameDuplicateDelete(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("J")
	sets, _ := h.p.ListCriteria()
	if sets[0].ID != "102" || sets[1].ID != "101" || h.m.cursor != 1 {
		t.Fatalf("reorder: %s %s", sets[0].ID, sets[1].ID)
	}
	h.keys("r", "ctrl+u", "type:Big spender", "enter")
	sets, _ = h.p.ListCriteria()
	if sets[1].Name != "Big spender" || sets[1].Status != engine.StatusChanged || h.m.Badge() != "4*" {
		t.Fatalf("rename: %+v, badge %q", sets[1].Name, h.m.Badge())
	}
	h.keys("d", "ctrl+u", "type:300", "enter", "enter")
	sets, _ = h.p.ListCriteria()
	if len(sets) != 5 || sets[4].ID != "300" || h.m.cursor != 4 {
		t.Fatalf("duplicate: %d sets", len(sets))
	}
	h.keys("x", "enter") // safe answer
	if sets, _ = h.p.ListCriteria(); len(sets) != 5 {
		t.Fatal("deleted on the safe answer")
	}
	h.keys("x", "y")
	if sets, _ = h.p.ListCriteria(); len(sets) != 4 {
		t.Fatal("not deleted")
	}
}

func TestPublishShowsDiffAndConfirms(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("enter", "down", "enter", "tab", "tab", "tab", "tab", "ctrl+u", "type:900", "enter", "P")
	if !strings.Contains(h.lastNote(), "save the set first") {
		t.Fatalf("published unsaved edits: %q", h.lastNote())
	}
	h.keys("s", "P")
	v := h.m.View()
	if h.m.confirm == nil || !strings.Contains(v, `-                   "value": "500"`) || !strings.Contains(v, `+                   "value": "900"`) {
		t.Fatalf("no diff:\n%s", v)
	}
	h.keys("y")
	if !strings.Contains(h.lastNote(), "published set 101 as version 2") {
		t.Fatalf("note %q", h.lastNote())
	}
}

func TestJSONView(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("enter", "v")
	if v := h.m.View(); !strings.Contains(v, `"criteriaId": "101"`) {
		t.Fatalf("no JSON:\n%s", v)
	}
	h.keys("esc")
	if h.m.text != nil {
		t.Fatal("JSON view stays")
	}
}

func TestBacktestRunsToResult(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("enter", "down", "enter", "tab", "tab", "tab", "tab", "ctrl+u", "type:2000", "enter", "b")
	if h.m.bt == nil || h.m.bt.result == nil {
		t.Fatal("no result")
	}
	v := h.m.View()
	for _, want := range []string{"PUBLISHED", "no longer activated", "events to activate"} {
		if !strings.Contains(v, want) {
			t.Errorf("backtest lacks %q:\n%s", want, v)
		}
	}
	if r := h.m.bt.result; r.Published.ByID["101"] != 2 || r.Draft.ByID["101"] != 0 || r.NoLongerActivated != 2 {
		t.Errorf("result %+v", r)
	}
	h.keys("esc")
	if h.m.bt != nil {
		t.Fatal("backtest stays")
	}
}

func TestExplainDevice(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("w", "type:d3", "enter")
	v := h.m.View()
	if h.m.text == nil || !strings.Contains(v, "visitor on device d3") || !strings.Contains(v, "fell off") {
		t.Fatalf("no explanation:\n%s", v)
	}
}

func TestImportRefusesProblemsThenImports(t *testing.T) {
	h := newHarness(t, 120, 36)
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte(`{"count":1,"criteriaSets":[{"criteriaId":"900","name":"x","searchQuery":{"combinator":"And","searchQueries":[]}}]}`), 0o644)
	h.keys("i", "type:"+bad, "enter")
	if !strings.Contains(h.m.View(), "Not imported") {
		t.Fatalf("problems not shown:\n%s", h.m.View())
	}
	if sets, _ := h.p.ListCriteria(); len(sets) != 4 {
		t.Fatal("imported with problems")
	}
	h.keys("esc", "e")
	if !strings.Contains(h.lastNote(), "exported published criteria version 1 to ") {
		t.Fatalf("note %q", h.lastNote())
	}
	path := strings.TrimPrefix(h.lastNote(), "exported published criteria version 1 to ")
	js, err := os.ReadFile(path)
	if err != nil || !jsonEqual(js, h.p.PublishedCriteria().JSON) {
		t.Fatalf("export: %v", err)
	}
}

func TestBacktestProgressAndCancel(t *testing.T) {
	h := newHarness(t, 80, 24)
	cmd := h.m.startBacktest()
	req := h.m.bt.req
	// Progress arrives through Update; the re-armed wait it returns is
	// dropped here, as nothing feeds the channel until the command runs.
	h.m.Update(btProgressMsg{req: req, done: 100, total: 400})
	if h.m.bt.done != 100 || !strings.Contains(h.m.View(), "100 of about 400") || !strings.Contains(h.m.View(), "esc cancels") {
		t.Fatalf("progress not shown:\n%s", h.m.View())
	}
	h.m.Update(btProgressMsg{req: req + 99, done: 1, total: 1}) // stale
	if h.m.bt.done != 100 {
		t.Fatal("stale progress taken")
	}
	h.keys("esc") // cancels the context before the command runs
	h.run(cmd)
	if h.m.bt != nil || h.lastNote() != "backtest cancelled" {
		t.Fatalf("not cancelled: %v, %q", h.m.bt, h.lastNote())
	}
}

func TestFormSuggestsSeenFields(t *testing.T) {
	h := newHarness(t, 120, 36)
	if !slices.Contains(h.m.seen.events, "viewedProduct") || len(h.m.seen.samples["viewedProduct.price"]) == 0 {
		t.Fatalf("seen %+v", h.m.seen)
	}
	h.keys("enter", "a", "tab", "type:viewedProduct", "tab", "type:ca")
	if got := h.m.form.inputs[fField].MatchedSuggestions(); !slices.Contains(got, "category") {
		t.Fatalf("suggestions %v", got)
	}
	h.keys("right") // accepts "category"
	if v := h.m.form.inputs[fField].Value(); v != "category" {
		t.Fatalf("field %q", v)
	}
	if slices.Contains(h.m.form.comps, tree.GreaterThan) || !slices.Contains(h.m.form.comps, tree.Contains) {
		t.Fatalf("comparators for text: %v", h.m.form.comps)
	}
}

func TestAddConditionToBlock(t *testing.T) {
	h := newHarness(t, 120, 36)
	h.keys("enter", "down", "c") // the block of 101
	if h.m.form == nil || !h.m.form.addCond {
		t.Fatal("no condition form")
	}
	h.keys("type:category", "tab", "tab", "type:sofa", "enter")
	n, _ := tree.NodeAt(h.m.ed.set(), tree.Path{0, 0})
	if len(n.Combo.Conditions) != 2 || *n.Combo.Conditions[1].Field != "viewedProduct.category" || h.m.ed.err != "" {
		t.Fatalf("conditions %d, err %q: %s", len(n.Combo.Conditions), h.m.ed.err, tree.Describe(n))
	}
	if got := tree.Describe(n); !strings.Contains(got, "category") || !strings.Contains(got, "at least 3 times") {
		t.Fatalf("reads %q", got)
	}
}
