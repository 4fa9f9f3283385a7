package tree

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestComparators(t *testing.T) {
	num := "Equals DoesNotEqual IsOneOf IsNotOneOf IsSet GreaterThan LessThan GreaterThanOrEqualTo LessThanOrEqualTo"
	str := "Equals DoesNotEqual IsOneOf IsNotOneOf IsSet Contains StartsWith MatchesRegex"
	all := strings.Join(AllComparators(), " ")
	cases := []struct {
		name   string
		sample []any
		want   string
	}{
		{"nothing seen", nil, all},
		{"only nulls", []any{nil, nil}, all},
		{"numbers", []any{1.5, 20.0, 3}, num},
		{"json numbers", []any{json.Number("7")}, num},
		{"strings", []any{"Paris", "Lyon"}, str},
		{"numeric strings", []any{"500", "2.5"}, all},
		{"mixed strings", []any{"500", "lots"}, str},
		{"booleans", []any{true, false}, "Equals IsSet"},
		{"objects", []any{map[string]any{"a": 1.0}}, "IsSet"},
		{"array of strings", []any{[]any{"gift", "toy"}}, str},
		{"array of numbers", []any{[]any{1.0, 2.0}}, num},
		{"typed arrays", []any{[]string{"a"}, []float64{1}}, all},
		{"numbers and booleans", []any{1.0, true}, num},
		{"strings and objects", []any{"a", map[string]any{}}, str},
		{"empty array", []any{[]any{}}, all},
	}
	for _, tc := range cases {
		if got := strings.Join(Comparators(tc.sample), " "); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	// Every comparator offered can be set on a condition.
	for _, c := range AllComparators() {
		if _, err := NewCondition("f", c, "1"); err != nil && c != IsSet {
			t.Errorf("NewCondition(%s): %v", c, err)
		}
	}
	if !slices.Contains(AllComparators(), IsOneOf) {
		t.Error("IsOneOf is not offered")
	}
}

func TestComparatorLabelsAndOperands(t *testing.T) {
	want := "is|is not|is one of|is not one of|is set|above|below|at least|at most|contains|starts with|matches the pattern"
	var got []string
	for _, c := range AllComparators() {
		got = append(got, ComparatorLabel(c))
	}
	if strings.Join(got, "|") != want {
		t.Errorf("labels %s", strings.Join(got, "|"))
	}
	if ComparatorLabel("Nope") != "Nope" {
		t.Error("unknown label")
	}
	for _, tc := range []struct{ cond, cmp, ops string }{
		{condVals("user", "city", "Equals", "Paris", "Lyon"), IsOneOf, "Paris|Lyon"},
		{condVals("user", "city", "DoesNotEqual", "Paris"), IsNotOneOf, "Paris"},
		{cond("user", "city", "Equals", "Paris"), Equals, "Paris"},
		{cond("user", "city", "IsSet", ""), IsSet, ""},
		{`{"field":"n","comparatorType":"GreaterThan","values":[1,"",true,null,[1]]}`, GreaterThan, "1|true"},
		{`{"field":"n"}`, "", ""},
	} {
		c := parseSet(t, set(blk("user", tc.cond))).Query.Combo.Conditions[0]
		if got := ComparatorOf(c); got != tc.cmp {
			t.Errorf("ComparatorOf(%s) = %s", tc.cond, got)
		}
		if got := strings.Join(Operands(c), "|"); got != tc.ops {
			t.Errorf("Operands(%s) = %s", tc.cond, got)
		}
	}
	if ComparatorOf(nil) != "" || Operands(nil) != nil {
		t.Error("nil condition")
	}
}
