package tree

import (
	"errors"
	"slices"
	"testing"

	"limen/engine/criteria"
)

// The blocks of the starting set.
var (
	cA = cond("customEvent", "viewedProduct.price", "GreaterThan", "500")
	cB = cond("purchase", "total", "GreaterThan", "0")
	cC = cond("user", "city", "Equals", "Paris")
	bA = blk("customEvent", cA)
	bB = blk("purchase", cB)
	bC = blk("user", cC)
	// start: all of (all of A, B), (any of C).
	start = set(grp("And", grp("And", bA, bB), grp("Or", bC)))
)

func TestEditSequences(t *testing.T) {
	cRead := cond("customEvent", "readArticle", "IsSet", "")
	cases := []struct {
		name   string
		start  string
		keys   []string
		want   string
		cursor string
		lint   []string // problem paths Lint reports on the result
	}{
		{"nothing", start, nil, start, "/", nil},
		{"add group inside the root", start, []string{"addGroup Or"},
			set(grp("And", grp("And", bA, bB), grp("Or", bC), grp("Or"))), "/2",
			[]string{"criteriaSets[0].searchQuery.searchQueries[2].searchQueries"}},
		{"add group after a group", start, []string{"go 0", "addGroupAfter Not"},
			set(grp("And", grp("And", bA, bB), grp("Not"), grp("Or", bC))), "/1",
			[]string{"criteriaSets[0].searchQuery.searchQueries[1].searchQueries"}},
		{"add block inside a group", start, []string{"go 0", "addBlock customEvent readArticle IsSet"},
			set(grp("And", grp("And", bA, bB, blk("customEvent", cRead)), grp("Or", bC))), "/0/2", nil},
		{"add block after a block", start, []string{"go 0 0", "addBlockAfter user city Equals Paris"},
			set(grp("And", grp("And", bA, bC, bB), grp("Or", bC))), "/0/1", nil},
		{"add block after a condition goes after its block", start, []string{"go 0 0 #0", "addBlockAfter user city Equals Paris"},
			set(grp("And", grp("And", bA, bC, bB), grp("Or", bC))), "/0/1", nil},
		{"group combinator", start, []string{"go 1", "comb Not"},
			set(grp("And", grp("And", bA, bB), grp("Not", bC))), "/1", nil},
		{"block combinator", start, []string{"go 0 0", "comb Or"},
			set(grp("And", grp("And", leaf("customEvent", "Or", "", cA), bB), grp("Or", bC))), "/0/0", nil},
		{"block combinator from a condition", start, []string{"go 0 0 #0", "comb Not"},
			set(grp("And", grp("And", leaf("customEvent", "Not", "", cA), bB), grp("Or", bC))), "/0/0#0", nil},
		{"move up", start, []string{"go 0 1", "up"},
			set(grp("And", grp("And", bB, bA), grp("Or", bC))), "/0/0", nil},
		{"move up then down", start, []string{"go 0 1", "up", "down"}, start, "/0/1", nil},
		{"move groups", start, []string{"go 1", "up"},
			set(grp("And", grp("Or", bC), grp("And", bA, bB))), "/0", nil},
		{"out, then into the next group", start, []string{"go 0 1", "out", "into-next"},
			set(grp("And", grp("And", bA), grp("Or", bB, bC))), "/1/0", nil},
		{"out of a group, then into the previous one", start, []string{"go 1 0", "out"},
			set(grp("And", grp("And", bA, bB), grp("Or"), bC)), "/2",
			[]string{"criteriaSets[0].searchQuery.searchQueries[1].searchQueries"}},
		{"out and back into the previous group", start, []string{"go 1 0", "out", "into-prev"}, start, "/1/0", nil},
		{"across groups and back", start, []string{"go 0 0", "out", "down", "into-prev", "up", "out", "up", "up", "into-next"},
			start, "/0/0", nil},
		{"across groups", start, []string{"go 0 0", "out", "down", "into-prev"},
			set(grp("And", grp("And", bB), grp("Or", bC, bA))), "/1/1", nil},
		{"delete takes the next entry", start, []string{"go 0 0", "delete"},
			set(grp("And", grp("And", bB), grp("Or", bC))), "/0/0", nil},
		{"delete the last entry goes back", start, []string{"go 0 1", "delete"},
			set(grp("And", grp("And", bA), grp("Or", bC))), "/0/0", nil},
		{"delete the only entry goes to the group", start, []string{"go 1 0", "delete"},
			set(grp("And", grp("And", bA, bB), grp("Or"))), "/1",
			[]string{"criteriaSets[0].searchQuery.searchQueries[1].searchQueries"}},
		{"delete a group", start, []string{"go 0", "delete"}, set(grp("And", grp("Or", bC))), "/0", nil},
		{"cut and paste across groups", start, []string{"go 0 0", "cut", "go 1 0", "pasteAfter"},
			set(grp("And", grp("And", bB), grp("Or", bC, bA))), "/1/1", nil},
		{"copy and paste twice", start, []string{"go 0 0", "copy", "go 1", "paste", "go 1", "paste"},
			set(grp("And", grp("And", bA, bB), grp("Or", bC, bA, bA))), "/1/2", nil},
		{"cut a group and paste it inside the root", start, []string{"go 0", "cut", "go", "paste"},
			set(grp("And", grp("Or", bC), grp("And", bA, bB))), "/1", nil},
		{"copy and paste a condition", start, []string{"go 0 0 #0", "copy", "go 0 1", "paste"},
			set(grp("And", grp("And", bA, blk("purchase", cB, cond("purchase", "viewedProduct.price", "GreaterThan", "500"))), grp("Or", bC))),
			"/0/1#1", nil},
		{"undo and redo", start, []string{"go 0 0", "comb Or", "go 0 1", "delete", "undo", "undo", "redo"},
			set(grp("And", grp("And", leaf("customEvent", "Or", "", cA), bB), grp("Or", bC))), "/0/1", nil},
		{"undo everything", start, []string{"addGroup Not", "addBlock purchase total GreaterThan 10", "undo", "undo", "undo"}, start, "/", nil},
		{"a new edit clears redo", start, []string{"go 0 0", "delete", "undo", "go 1", "comb Not", "redo"},
			set(grp("And", grp("And", bA, bB), grp("Not", bC))), "/1", nil},
		{"data type changes the conditions too", start, []string{"go 0 0", "dataType purchase"},
			set(grp("And", grp("And", blk("purchase", cond("purchase", "viewedProduct.price", "GreaterThan", "500")), bB), grp("Or", bC))), "/0/0", nil},
		{"minMatch", start, []string{"go 0 0", "minMatch 3"},
			set(grp("And", grp("And", leaf("customEvent", "And", "3", cA), bB), grp("Or", bC))), "/0/0", nil},
		{"minMatch 1 removes it", start, []string{"go 0 0", "minMatch 3", "minMatch 1"}, start, "/0/0", nil},
		{"minMatch beyond the event limit lints", start, []string{"go 0 0", "minMatch 101"},
			set(grp("And", grp("And", leaf("customEvent", "And", "101", cA), bB), grp("Or", bC))), "/0/0",
			[]string{"criteriaSets[0].searchQuery.searchQueries[0].searchQueries[0].minMatch"}},
		{"add a condition and edit it", start, []string{"go 0 0", "addCond viewedProduct.category Equals shoes",
			"field viewedProduct.brand", "cmp IsOneOf", "values acme zenith"},
			set(grp("And", grp("And", blk("customEvent", cA, condVals("customEvent", "viewedProduct.brand", "Equals", "acme", "zenith")), bB), grp("Or", bC))),
			"/0/0#1", nil},
		{"is one of back to a single value", start, []string{"go 0 0", "addCond viewedProduct.brand IsNotOneOf acme zenith", "cmp StartsWith"},
			set(grp("And", grp("And", blk("customEvent", cA, cond("customEvent", "viewedProduct.brand", "StartsWith", "acme")), bB), grp("Or", bC))),
			"/0/0#1", nil},
		{"single value to is one of", start, []string{"go 1 0 #0", "cmp IsOneOf", "values Paris Lyon"},
			set(grp("And", grp("And", bA, bB), grp("Or", blk("user", condVals("user", "city", "Equals", "Paris", "Lyon"))))), "/1/0#0", nil},
		{"IsSet clears the value", start, []string{"go 1 0 #0", "cmp IsSet"},
			set(grp("And", grp("And", bA, bB), grp("Or", blk("user", cond("user", "city", "IsSet", ""))))), "/1/0#0", nil},
		{"value", start, []string{"go 0 0 #0", "value 250.5"},
			set(grp("And", grp("And", blk("customEvent", cond("customEvent", "viewedProduct.price", "GreaterThan", "250.5")), bB), grp("Or", bC))), "/0/0#0", nil},
		{"a bad number lints", start, []string{"go 0 0 #0", "value lots"},
			set(grp("And", grp("And", blk("customEvent", cond("customEvent", "viewedProduct.price", "GreaterThan", "lots")), bB), grp("Or", bC))), "/0/0#0",
			[]string{"criteriaSets[0].searchQuery.searchQueries[0].searchQueries[0].searchCombo.searchQueries[0].value"}},
		{"move conditions, remove one", start, []string{"go 0 0", "addCond readArticle IsSet", "up", "go 0 0 #1", "rmCond"},
			set(grp("And", grp("And", blk("customEvent", cond("customEvent", "readArticle", "IsSet", "")), bB), grp("Or", bC))), "/0/0#0", nil},
		{"delete on a condition removes it", start, []string{"go 0 0", "addCond readArticle IsSet", "delete"},
			start, "/0/0#0", nil},
		{"unknown members survive edits", set(grp("And", grp("And", `{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"dataType":"user","field":"city","comparatorType":"Equals","value":"Paris","fieldType":"string","id":5,"x-note":"keep"}],"x-c":1},"x-leaf":true}`), grp("Or", bC))),
			[]string{"go 0 0 #0", "value Lyon", "go 0 0", "comb Or", "go 0 0", "out", "go 0", "delete"},
			set(grp("And", `{"dataType":"user","searchCombo":{"combinator":"Or","searchQueries":[{"dataType":"user","field":"city","comparatorType":"Equals","value":"Lyon","fieldType":"string","id":5,"x-note":"keep"}],"x-c":1},"x-leaf":true}`, grp("Or", bC))),
			"/0", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s0 := parseSet(t, tc.start)
			before := exportSet(t, s0)
			ss := &session{h: NewHistory(s0, 0)}
			for _, k := range tc.keys {
				if err := ss.press(k); err != nil {
					t.Fatalf("%q: %v", k, err)
				}
				checkRoundTrip(t, ss.h.Set())
				if !Valid(ss.h.Set(), ss.h.Cursor()) {
					t.Fatalf("after %q the cursor %s points at nothing", k, ss.h.Cursor())
				}
			}
			if got := exportSet(t, s0); got != before {
				t.Errorf("the input was mutated:\n got %s\nwant %s", got, before)
			}
			if got, want := exportSet(t, ss.h.Set()), exportSet(t, parseSet(t, tc.want)); got != want {
				t.Errorf("set:\n got %s\nwant %s", got, want)
			}
			if got := ss.h.Cursor().String(); got != tc.cursor {
				t.Errorf("cursor %s, want %s", got, tc.cursor)
			}
			if got := lintPaths(ss.h.Set()); !slices.Equal(got, tc.lint) {
				t.Errorf("lint %q, want %q", got, tc.lint)
			}
		})
	}
}

// checkRoundTrip checks that the set exports, parses back to the same
// export, and that parsing does not change it.
func checkRoundTrip(t *testing.T, s *criteria.Set) {
	t.Helper()
	out := exportSet(t, s)
	if again := exportSet(t, parseSet(t, out)); again != out {
		t.Fatalf("round trip:\n got %s\nwant %s", again, out)
	}
}

func TestEditErrors(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		want error
	}{
		{"delete the root", []string{"delete"}, ErrRoot},
		{"move the root", []string{"up"}, ErrRoot},
		{"add after the root", []string{"addGroupAfter And"}, ErrRoot},
		{"copy the root", []string{"copy"}, ErrRoot},
		{"first entry up", []string{"go 0 0", "up"}, ErrEdge},
		{"last entry down", []string{"go 1", "down"}, ErrEdge},
		{"first condition up", []string{"go 0 0 #0", "up"}, ErrEdge},
		{"add inside a block", []string{"go 0 0", "addGroup And"}, ErrNotGroup},
		{"add inside a condition", []string{"go 0 0 #0", "addBlock user city IsSet"}, ErrNotGroup},
		{"into a block", []string{"go 0 0", "into-next"}, ErrNotGroup},
		{"into nothing", []string{"go 0", "into-prev"}, ErrEdge},
		{"out of the root", []string{"go 0", "out"}, ErrEdge},
		{"out with a condition", []string{"go 0 0 #0", "out"}, ErrInvalid},
		{"into with a condition", []string{"go 0 0 #0", "into-next"}, ErrInvalid},
		{"the only condition", []string{"go 0 0 #0", "rmCond"}, ErrInvalid},
		{"unknown combinator", []string{"comb Xor"}, ErrInvalid},
		{"lower-case combinator", []string{"go 0 0", "comb and"}, ErrInvalid},
		{"no such node", []string{"go 5", "delete"}, ErrNoSuchNode},
		{"no such condition", []string{"go 0 0 #3", "field x"}, ErrNoSuchNode},
		{"path through a block", []string{"go 0 0 0", "delete"}, ErrNoSuchNode},
		{"field of a node", []string{"go 1", "field x"}, ErrNoSuchNode},
		{"empty field", []string{"go 0 0 #0", "field  "}, ErrInvalid},
		{"unknown data type", []string{"go 0 0", "dataType updateUser"}, ErrInvalid},
		{"data type of a group", []string{"go 0", "dataType user"}, ErrNotLeaf},
		{"minMatch of a group", []string{"minMatch 2"}, ErrNotLeaf},
		{"unknown comparator", []string{"go 0 0 #0", "cmp Bigger"}, ErrInvalid},
		{"empty values", []string{"go 0 0 #0", "values"}, ErrInvalid},
		{"empty clipboard", []string{"paste"}, ErrInvalid},
		{"add a condition to a group", []string{"addCond city IsSet"}, ErrNotLeaf},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s0 := parseSet(t, start)
			ss := &session{h: NewHistory(s0, 0)}
			var err error
			for _, k := range tc.keys {
				if err = ss.press(k); err != nil {
					break
				}
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if got := exportSet(t, ss.h.Set()); got != exportSet(t, parseSet(t, start)) {
				t.Errorf("a failed edit changed the set: %s", got)
			}
			if ss.h.CanUndo() {
				t.Errorf("a failed edit was recorded")
			}
		})
	}
}
