package tree

import (
	"errors"
	"math/rand/v2"
	"testing"

	"limen/engine/criteria"
	"limen/fixtures"
)

func TestNewSet(t *testing.T) {
	s := NewSet("7", "Big <spenders> & co")
	want := `{"criteriaId":"7","name":"Big <spenders> & co","searchQuery":{"combinator":"And","searchQueries":[{"combinator":"And","searchQueries":[]}]}}`
	if got := exportSet(t, s); got != want {
		t.Fatalf("NewSet:\n got %s\nwant %s", got, want)
	}
	ss := &session{h: NewHistory(s, 0)}
	for _, k := range []string{"go 0", "addBlock purchase shoppingCartItems.price GreaterThan 100", "addCond shoppingCartItems.name Contains <b>&", "go 0 0", "minMatch 2"} {
		if err := ss.press(k); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
	if p := lintPaths(ss.h.Set()); len(p) != 0 {
		t.Errorf("lint: %v", p)
	}
	if got := Describe(ss.h.Set().Query); got != "made a purchase with an item whose price is above 100 and name contains '<b>&', at least 2 times" {
		t.Errorf("Describe: %s", got)
	}
	want = set(grp("And", grp("And", leaf("purchase", "And", "2",
		cond("purchase", "shoppingCartItems.price", "GreaterThan", "100"),
		cond("purchase", "shoppingCartItems.name", "Contains", "<b>&")))))
	want = `{"criteriaId":"7","name":"Big <spenders> & co",` + want[len(`{"criteriaId":"1","name":"t",`):]
	if got := exportSet(t, ss.h.Set()); got != want {
		t.Errorf("set:\n got %s\nwant %s", got, want)
	}
}

func TestNewConditionAndBlock(t *testing.T) {
	c, err := NewCondition("city", IsOneOf, "Paris", "Lyon")
	if err != nil || !c.HasValues || len(c.Values) != 2 || *c.ComparatorType != Equals || c.Value != nil {
		t.Errorf("IsOneOf: %+v %v", c, err)
	}
	if c, err = NewCondition("city", IsSet); err != nil || string(c.Value) != `""` {
		t.Errorf("IsSet: %+v %v", c, err)
	}
	for _, bad := range [][]string{{"city", "Bigger", "1"}, {"city", Equals}, {"city", Equals, "a", "b"}} {
		if _, err := NewCondition(bad[0], bad[1], bad[2:]...); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewCondition(%v): %v", bad, err)
		}
	}
	if _, err := NewBlock(User); !errors.Is(err, ErrInvalid) {
		t.Errorf("NewBlock without conditions: %v", err)
	}
	if _, err := NewBlock("cartUpdate", c); !errors.Is(err, ErrInvalid) {
		t.Errorf("NewBlock(cartUpdate): %v", err)
	}
	b, err := NewBlock(User, c)
	if err != nil || *b.Combo.Conditions[0].DataType != User || c.DataType != nil {
		t.Errorf("NewBlock: %+v %v (the condition given must not change)", b, err)
	}
	if _, _, err := AddBlock(&criteria.Node{IsGroup: true}, Inside)(NewSet("1", "x"), At()); !errors.Is(err, ErrNotLeaf) {
		t.Errorf("AddBlock(group): %v", err)
	}
}

// TestRandomEdits runs random key sequences over the fixture sets and
// checks the invariants every edit keeps: the input never changes, each
// result round-trips through Export and Parse, the cursor points at
// something, and undoing everything gives back the input.
func TestRandomEdits(t *testing.T) {
	d, err := criteria.Parse(fixtures.Criteria())
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"addGroup Or", "addGroupAfter Not", "addBlock user city Equals Paris", "addBlockAfter customEvent readArticle IsSet",
		"comb Not", "comb Or", "up", "down", "into-prev", "into-next", "out", "delete", "copy", "cut", "paste", "pasteAfter",
		"dataType purchase", "minMatch 3", "addCond shoppingCartItems.price LessThan 5", "rmCond", "field total", "cmp IsOneOf",
		"cmp Contains", "value x", "values a b", "undo", "redo", "undo"}
	r := rand.New(rand.NewPCG(1, 2))
	for si, s0 := range d.Sets {
		before := exportSet(t, s0)
		for range 40 {
			ss := &session{h: NewHistory(s0, 1000)}
			for range 30 {
				rows := Rows(ss.h.Set())
				ss.h = ss.h.Move(rows[r.IntN(len(rows))])
				k := keys[r.IntN(len(keys))]
				prev := exportSet(t, ss.h.Set())
				if err := ss.press(k); err != nil && exportSet(t, ss.h.Set()) != prev {
					t.Fatalf("set %d: failed %q changed the set", si, k)
				}
				checkRoundTrip(t, ss.h.Set())
				if !Valid(ss.h.Set(), ss.h.Cursor()) {
					t.Fatalf("set %d: after %q the cursor %s points at nothing", si, k, ss.h.Cursor())
				}
			}
			for ss.h.CanUndo() {
				ss.h = ss.h.Undo()
			}
			if got := exportSet(t, ss.h.Set()); got != before {
				t.Fatalf("set %d: undoing everything gives\n%s\nwant\n%s", si, got, before)
			}
		}
		if got := exportSet(t, s0); got != before {
			t.Fatalf("set %d was mutated", si)
		}
	}
}
