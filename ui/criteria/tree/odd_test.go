package tree

import (
	"errors"
	"strings"
	"testing"

	"limen/engine/criteria"
)

// TestEditsRepairOddMembers edits members the model kept in Extra because
// their type was wrong: the edit replaces them (never writing a key twice)
// and the result lints clean.
func TestEditsRepairOddMembers(t *testing.T) {
	odd := set(grp("And",
		`{"combinator":5,"searchQueries":[{"dataType":7,"searchCombo":{"combinator":null,"searchQueries":"none","x":1}}]}`,
		grp("Or", blk("user", `{"dataType":"user","field":3,"comparatorType":true,"value":"a","values":"b","fieldType":"string","id":9}`)),
	))
	s0 := parseSet(t, odd)
	if len(lintPaths(s0)) == 0 {
		t.Fatal("the odd set lints clean")
	}
	ss := &session{h: NewHistory(s0, 0)}
	for _, k := range []string{"go 0", "comb And", "go 0 0", "dataType purchase", "comb And", "addCond total GreaterThan 1",
		"go 1 0 #0", "field city", "cmp Equals", "value Paris"} {
		if err := ss.press(k); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
	want := set(grp("And",
		grp("And", `{"dataType":"purchase","searchCombo":{"combinator":"And","searchQueries":[{"dataType":"purchase","field":"total","comparatorType":"GreaterThan","value":"1"}],"x":1}}`),
		grp("Or", blk("user", `{"dataType":"user","field":"city","comparatorType":"Equals","value":"Paris","id":9}`)),
	))
	if got := exportSet(t, ss.h.Set()); got != exportSet(t, parseSet(t, want)) {
		t.Errorf("set:\n got %s\nwant %s", got, want)
	}
	if p := lintPaths(ss.h.Set()); len(p) != 0 {
		t.Errorf("lint: %v", p)
	}
	if exportSet(t, s0) != exportSet(t, parseSet(t, odd)) {
		t.Error("the input was mutated")
	}
}

func TestEditsOnNonObjects(t *testing.T) {
	s0 := parseSet(t, set(grp("And", `7`, grp("And", blk("user", `"c"`, cond("user", "city", "IsSet", ""))))))
	for _, tc := range []struct {
		at   Cursor
		e    Edit
		want error
	}{
		{At(0), SetCombinator(And), ErrNotLeaf},
		{At(0), SetMinMatch(2), ErrNotLeaf},
		{At(0), AddGroup(And, Inside), ErrNotGroup},
		{At(1), SetDataType(User), ErrNotLeaf},
		{At(0, 0), SetDataType(User), ErrNoSuchNode},
		{AtCond(Path{1, 0}, 0), SetValue("x"), ErrInvalid},
		{AtCond(Path{1, 0}, 0), EditCondition("city", Equals, "x"), ErrInvalid},
	} {
		if _, _, err := tc.e(s0, tc.at); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.at, err, tc.want)
		}
	}
	// A non-object node can still be moved, copied and deleted.
	ss := &session{h: NewHistory(s0, 0)}
	for _, k := range []string{"go 0", "down", "into-prev", "go 0 1", "copy", "delete", "go 0 0 #0", "delete"} {
		if err := ss.press(k); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
	want := set(grp("And", grp("And", blk("user", cond("user", "city", "IsSet", "")))))
	if got := exportSet(t, ss.h.Set()); got != exportSet(t, parseSet(t, want)) {
		t.Errorf("set:\n got %s\nwant %s", got, want)
	}
	if string(ss.clip.Node.Raw) != "7" {
		t.Errorf("clipboard %+v", ss.clip)
	}
}

func TestCutAndCombinedEdits(t *testing.T) {
	s0 := parseSet(t, start)
	s1, cur, clip, err := Cut(s0, At(0, 1))
	if err != nil || clip.Empty() || clip.Node == nil || cur.String() != "/0/0" {
		t.Fatalf("Cut: %v %s %+v", err, cur, clip)
	}
	if len(s1.Query.Children[0].Children) != 1 || len(s0.Query.Children[0].Children) != 2 {
		t.Error("Cut did not cut, or cut the input")
	}
	if _, _, _, err := Cut(s0, At()); !errors.Is(err, ErrRoot) {
		t.Errorf("Cut(root): %v", err)
	}
	if !(Clipboard{}).Empty() {
		t.Error("zero clipboard is not empty")
	}

	// EditCondition: one step; the id stays, the fieldType goes with a new field.
	s := parseSet(t, set(grp("And", blk("user", `{"dataType":"user","field":"city","comparatorType":"Equals","value":"Paris","fieldType":"string","id":5}`))))
	h := NewHistory(s, 0).Move(AtCond(Path{0}, 0))
	h, err = h.Do(EditCondition("city", IsNotOneOf, "Paris", "Lyon"))
	if err != nil {
		t.Fatal(err)
	}
	got := exportSet(t, h.Set())
	if !strings.Contains(got, `{"dataType":"user","field":"city","comparatorType":"DoesNotEqual","values":["Paris","Lyon"],"fieldType":"string","id":5}`) {
		t.Errorf("EditCondition: %s", got)
	}
	h, err = h.Do(EditCondition("age", GreaterThanOrEqualTo, "18"))
	if err != nil {
		t.Fatal(err)
	}
	got = exportSet(t, h.Set())
	if !strings.Contains(got, `{"dataType":"user","field":"age","comparatorType":"GreaterThanOrEqualTo","value":"18","id":5}`) {
		t.Errorf("EditCondition: %s", got)
	}
	for _, bad := range []Edit{EditCondition("", Equals, "a"), EditCondition("a", "Nope", "a"), EditCondition("a", Equals)} {
		if _, err := h.Do(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("bad EditCondition: %v", err)
		}
	}
	// EditLeaf and Seq: one undo step, all or nothing.
	h = h.Move(At(0))
	h2, err := h.Do(EditLeaf(CustomEvent, 4))
	if err != nil {
		t.Fatal(err)
	}
	if got := exportSet(t, h2.Set()); !strings.Contains(got, `"minMatch":4`) || strings.Contains(got, `"user"`) {
		t.Errorf("EditLeaf: %s", got)
	}
	if h2.Undo().Set() != h.Set() {
		t.Error("EditLeaf is more than one step")
	}
	if _, err := h.Do(EditLeaf("nope", 4)); !errors.Is(err, ErrInvalid) {
		t.Errorf("EditLeaf(nope): %v", err)
	}
	h3, err := h.Do(Seq(AddGroup(Or, After), AddBlock(mustBlock(t), Inside), MoveUp()))
	if !errors.Is(err, ErrEdge) || h3.Set() != h.Set() {
		t.Errorf("a failing Seq: %v", err)
	}
}

func mustBlock(t *testing.T) *criteria.Node {
	t.Helper()
	c, err := NewCondition("city", IsSet)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBlock(User, c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
