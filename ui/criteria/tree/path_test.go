package tree

import (
	"strings"
	"testing"

	"limen/engine/criteria"
	"limen/fixtures"
)

func TestJSONPath(t *testing.T) {
	cases := []struct {
		set  int
		c    Cursor
		want string
	}{
		{0, At(), "criteriaSets[0].searchQuery"},
		{3, At(1), "criteriaSets[3].searchQuery.searchQueries[1]"},
		{0, At(1, 0), "criteriaSets[0].searchQuery.searchQueries[1].searchQueries[0]"},
		{2, AtCond(Path{0, 1}, 0), "criteriaSets[2].searchQuery.searchQueries[0].searchQueries[1].searchCombo.searchQueries[0]"},
		{12, AtCond(Path{}, 10), "criteriaSets[12].searchQuery.searchCombo.searchQueries[10]"},
	}
	for _, tc := range cases {
		if tc.c.OnCond {
			if got := CursorJSONPath(tc.set, tc.c); got != tc.want {
				t.Errorf("CursorJSONPath(%d, %s) = %s, want %s", tc.set, tc.c, got, tc.want)
			}
		} else if got := JSONPath(tc.set, tc.c.Node); got != tc.want {
			t.Errorf("JSONPath(%d, %s) = %s, want %s", tc.set, tc.c, got, tc.want)
		}
		for _, rest := range []string{"", ".field", ".values[2]", ".combinator"} {
			i, c, r, inTree, ok := ParseJSONPath(tc.want + rest)
			if !ok || !inTree || i != tc.set || !c.Equal(tc.c) || r != rest {
				t.Errorf("ParseJSONPath(%s) = %d %s %q %v %v", tc.want+rest, i, c, r, inTree, ok)
			}
		}
	}
	for _, p := range []string{"criteriaSets[1]", "criteriaSets[1].criteriaId", "criteriaSets[1].searchQueryX"} {
		if i, _, _, inTree, ok := ParseJSONPath(p); !ok || inTree || i != 1 {
			t.Errorf("ParseJSONPath(%s): set %d inTree %v ok %v", p, i, inTree, ok)
		}
	}
	for _, p := range []string{"criteriaList[0].searchQuery", "criteriaSets", "criteriaSets[x]"} {
		if _, _, _, _, ok := ParseJSONPath(p); ok {
			t.Errorf("ParseJSONPath(%s) is ok", p)
		}
	}
}

// TestJSONPathAgreesWithLint breaks every condition of every fixture set in
// turn and checks that Lint reports it at CursorJSONPath of that condition.
func TestJSONPathAgreesWithLint(t *testing.T) {
	d, err := criteria.Parse(fixtures.Criteria())
	if err != nil {
		t.Fatal(err)
	}
	if p := criteria.Lint(d, criteria.LintOptions{}); len(p) != 0 {
		t.Fatalf("fixtures lint: %v", p)
	}
	conds := 0
	for si, s := range d.Sets {
		for _, c := range Rows(s) {
			if !c.OnCond {
				continue
			}
			conds++
			bad, err := withCondition(s, c, func(_ *criteria.Node, cond *criteria.Condition) error {
				cond.ComparatorType = criteria.Str("Bigger")
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			doc := *d
			doc.Sets = append([]*criteria.Set(nil), d.Sets...)
			doc.Sets[si] = bad
			probs := criteria.Lint(&doc, criteria.LintOptions{})
			want := CursorJSONPath(si, c) + ".comparatorType"
			if len(probs) != 1 || probs[0].Path != want {
				t.Fatalf("set %d %s: problems %v, want one at %s", si, c, probs, want)
			}
			at := ProblemsAt(probs, si)
			if len(at[CursorJSONPath(si, c)]) != 1 || len(at) != 1 {
				t.Errorf("ProblemsAt = %v", at)
			}
			if len(ProblemsAt(probs, si+1)) != 0 {
				t.Errorf("ProblemsAt files another set's problems")
			}
		}
	}
	if conds != 6 {
		t.Errorf("%d conditions in the fixtures, want 6", conds)
	}
}

func TestProblemsAt(t *testing.T) {
	// A set with no id, an empty group, a block with a bad data type and a
	// condition with a non-numeric operand.
	js := `{"name":"x","searchQuery":` + grp("And",
		grp("Or"),
		grp("And", leaf("cartUpdate", "And", "", cond("cartUpdate", "price", "GreaterThan", "ten"))),
	) + `}`
	s := parseSet(t, js)
	probs := criteria.Lint(&criteria.Document{Sets: []*criteria.Set{nil, s}}, criteria.LintOptions{})
	at := ProblemsAt(probs, 1)
	want := map[string]int{
		SetJSONPath(1):                           1, // criteriaId
		JSONPath(1, Path{0}):                     1, // empty group
		JSONPath(1, Path{1, 0}):                  1, // dataType
		CursorJSONPath(1, AtCond(Path{1, 0}, 0)): 1, // the operand
	}
	if len(at) != len(want) {
		t.Errorf("ProblemsAt keys %v", at)
	}
	for k, n := range want {
		if len(at[k]) != n {
			t.Errorf("%s: %v", k, at[k])
		}
	}
	if got := at[CursorJSONPath(1, AtCond(Path{1, 0}, 0))][0].Path; !strings.HasSuffix(got, ".value") {
		t.Errorf("operand problem at %s", got)
	}
}

func TestRows(t *testing.T) {
	s := parseSet(t, start)
	var got []string
	for _, c := range Rows(s) {
		got = append(got, c.String())
		if !Valid(s, c) {
			t.Errorf("row %s is not valid", c)
		}
	}
	want := "/ /0 /0/0 /0/0#0 /0/1 /0/1#0 /1 /1/0 /1/0#0"
	if strings.Join(got, " ") != want {
		t.Errorf("rows %s, want %s", strings.Join(got, " "), want)
	}
	if Rows(&criteria.Set{}) != nil || Rows(nil) != nil {
		t.Error("rows of a set without a query")
	}
}

func TestPathHelpers(t *testing.T) {
	p := Path{1, 2}
	if !p.Parent().Equal(Path{1}) || p.Last() != 2 || Path(nil).Last() != -1 || (Path{}).Parent() != nil {
		t.Error("Parent/Last")
	}
	c := p.Parent().Child(5)
	_ = append(p.Parent(), 9) // must not write into p
	if !c.Equal(Path{1, 5}) || !p.Equal(Path{1, 2}) {
		t.Errorf("Child %v, p %v", c, p)
	}
}
