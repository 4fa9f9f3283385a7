package tree

import (
	"testing"
)

func TestHistoryDepth(t *testing.T) {
	s0 := parseSet(t, start)
	h := NewHistory(s0, 3)
	if h.CanUndo() || h.CanRedo() {
		t.Fatal("a new history has steps")
	}
	var err error
	for range 5 {
		if h, err = h.Do(AddGroup(Or, Inside)); err != nil {
			t.Fatal(err)
		}
		h = h.Move(At())
	}
	n := 0
	for h.CanUndo() {
		h = h.Undo()
		n++
	}
	if n != 3 {
		t.Errorf("%d undo steps, want 3", n)
	}
	// Three undone of five: two groups remain.
	if got := len(h.Set().Query.Children); got != 4 {
		t.Errorf("%d root entries after undoing, want 4", got)
	}
	if h.Undo().Set() != h.Set() {
		t.Error("undo with nothing to undo changed the set")
	}
	for h.CanRedo() {
		h = h.Redo()
	}
	if got := len(h.Set().Query.Children); got != 7 {
		t.Errorf("%d root entries after redoing, want 7", got)
	}
	if h.Redo().Set() != h.Set() {
		t.Error("redo with nothing to redo changed the set")
	}
}

// TestHistoryIsAValue checks that histories branching from one value do not
// disturb each other (a Bubble Tea model is copied on every Update).
func TestHistoryIsAValue(t *testing.T) {
	h0 := NewHistory(parseSet(t, start), 0)
	h1, err := h0.Do(AddGroup(Or, Inside))
	if err != nil {
		t.Fatal(err)
	}
	h1 = h1.Move(At())
	a, _ := h1.Do(AddGroup(And, Inside))
	b, _ := h1.Do(AddGroup(Not, Inside))
	if got := *a.Set().Query.Children[3].Combinator; got != And {
		t.Errorf("branch a: %s", got)
	}
	if got := *b.Set().Query.Children[3].Combinator; got != Not {
		t.Errorf("branch b: %s", got)
	}
	if a.Undo().Set() != h1.Set() || b.Undo().Set() != h1.Set() {
		t.Error("undo does not return to the shared step")
	}
	if h0.CanUndo() || len(h1.Set().Query.Children) != 3 {
		t.Error("a later step changed an earlier history")
	}
	u := a.Undo()
	if !u.CanRedo() || a.CanRedo() {
		t.Error("undo changed the history it came from")
	}
	if u.Redo().Set() != a.Set() {
		t.Error("redo does not return to the undone step")
	}
	if u.State().Cursor.String() != "/" {
		t.Errorf("undo cursor %s", u.State().Cursor)
	}
}

// TestEditsShareUnchangedSubtrees documents the sharing: an edit copies the
// path it changes and nothing else.
func TestEditsShareUnchangedSubtrees(t *testing.T) {
	s0 := parseSet(t, start)
	s1, _, err := SetCombinator(Not)(s0, At(0, 1))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case s1 == s0 || s1.Query == s0.Query || s1.Query.Children[0] == s0.Query.Children[0]:
		t.Error("the changed path was not copied")
	case s1.Query.Children[1] != s0.Query.Children[1]:
		t.Error("the untouched group was copied")
	case s1.Query.Children[0].Children[0] != s0.Query.Children[0].Children[0]:
		t.Error("the untouched block was copied")
	case s1.Query.Children[0].Children[1].Combo.Conditions[0] != s0.Query.Children[0].Children[1].Combo.Conditions[0]:
		t.Error("the untouched condition was copied")
	}
	clip, err := Copy(s0, At(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	s2, _, err := Paste(clip, After)(s0, At(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if s2.Query.Children[0].Children[1] == clip.Node || s2.Query.Children[0].Children[1] == s0.Query.Children[0].Children[0] {
		t.Error("paste shares the clipboard")
	}
}
