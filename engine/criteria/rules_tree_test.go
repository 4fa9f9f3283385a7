package criteria

// Rules 6-9: node kinds, groups, leaves and combos.

import "testing"

func TestRulesTree(t *testing.T) {
	a := jCE(jCond("a", "IsSet")) // "did event a"
	b := jCE(jCond("b", "IsSet"))
	evA, evB := jEv("a", nil), jEv("b", nil)
	both := ja{evA, evB}

	runRuleCases(t, "rule06", []ruleCase{
		{name: "leaf-at-root", crit: jOne(a), events: both, want: "1"},
		{name: "group-at-root", crit: jOne(jAnd(a)), events: both, want: "1"},
		{name: "group-wins-over-searchCombo-and-empty", crit: jOne(jm{"combinator": "And", "searchQueries": ja{}, "dataType": "customEvent", "searchCombo": jm{"combinator": "And", "searchQueries": ja{jCond("zzz", "IsSet")}}}), want: "1"},
		{name: "group-wins-over-searchCombo-or-empty", crit: jOne(jm{"combinator": "Or", "searchQueries": ja{}, "dataType": "customEvent", "searchCombo": jm{"combinator": "And", "searchQueries": ja{jCond("a", "IsSet")}}}), events: both},
		{name: "non-array-searchQueries-is-leaf", crit: jOne(jm{"combinator": "Or", "searchQueries": jm{}, "dataType": "customEvent", "searchCombo": jm{"combinator": "And", "searchQueries": ja{jCond("a", "IsSet")}}}), events: both, want: "1"},
		{name: "null-searchQueries-is-leaf", crit: jOne(jm{"searchQueries": nil, "dataType": "customEvent", "searchCombo": jm{"combinator": "And", "searchQueries": ja{jCond("a", "IsSet")}}}), events: both, want: "1"},
		{name: "null-searchCombo-is-false-leaf", crit: jOne(jm{"dataType": "customEvent", "searchCombo": nil}), events: both},
		{name: "null-searchCombo-under-not", crit: jOne(jNot(jm{"dataType": "customEvent", "searchCombo": nil})), events: both, want: "1"},
		{name: "empty-object-is-false", crit: jOne(jm{}), events: both},
		{name: "empty-object-under-not", crit: jOne(jNot(jm{})), events: both, want: "1"},
		{name: "empty-object-under-and", crit: jOne(jAnd(a, jm{})), events: both},
		{name: "combinator-only-is-false", crit: jOne(jm{"combinator": "Not"}), events: both},
		{name: "dataType-only-is-false", crit: jOne(jm{"dataType": "customEvent"}), events: both},
		{name: "string-child-false", crit: jOne(jAnd(a, "a")), events: both},
		{name: "string-child-under-or", crit: jOne(jOr(7, nil, "x", a)), events: both, want: "1"},
		{name: "non-object-children-under-not", crit: jOne(jNot(7, nil, "x", ja{a})), events: both, want: "1"},
	})

	runRuleCases(t, "rule07", []ruleCase{
		{name: "and-all-hold", crit: jOne(jAnd(a, b)), events: both, want: "1"},
		{name: "and-one-fails", crit: jOne(jAnd(a, b)), events: ja{evA}},
		{name: "and-empty-true", crit: jOne(jAnd()), want: "1"},
		{name: "and-children-on-different-records", crit: jOne(jAnd(jCE(jCond("x", "Equals", "1")), jCE(jCond("y", "Equals", "2")))), events: ja{jEv("a", jm{"x": 1}), jEv("b", jm{"y": 2})}, want: "1"},
		{name: "or-one-holds", crit: jOne(jOr(jCE(jCond("zzz", "IsSet")), b)), events: both, want: "1"},
		{name: "or-none-holds", crit: jOne(jOr(jCE(jCond("zzz", "IsSet")), jCE(jCond("yyy", "IsSet")))), events: both},
		{name: "or-empty-false", crit: jOne(jOr()), events: both},
		{name: "not-none-holds", crit: jOne(jNot(jCE(jCond("zzz", "IsSet")))), events: both, want: "1"},
		{name: "not-one-holds", crit: jOne(jNot(jCE(jCond("zzz", "IsSet")), b)), events: both},
		{name: "not-empty-true", crit: jOne(jNot()), want: "1"},
		{name: "not-no-records", crit: jOne(jNot(a)), want: "1"},
		{name: "not-a-with-a-b", crit: jOne(jNot(a)), events: ja{evA, evB}},
		{name: "not-a-with-b-a", crit: jOne(jNot(a)), events: ja{evB, evA}},
		{name: "not-a-with-b-only", crit: jOne(jNot(a)), events: ja{evB}, want: "1"},
		{name: "not-a-with-update", crit: jOne(jNot(a)), events: ja{evB}, update: jUser(jm{"x": 1}), want: "1"},
		{name: "not-a-with-a-and-update", crit: jOne(jNot(a)), events: ja{evA}, update: jUser(jm{"x": 1})},
		{name: "not-of-and", crit: jOne(jNot(jAnd(a, jCE(jCond("zzz", "IsSet"))))), events: both, want: "1"},
		{name: "not-of-not", crit: jOne(jNot(jNot(a))), events: both, want: "1"},
		{name: "and-with-not", crit: jOne(jAnd(a, jNot(jCE(jCond("c", "IsSet"))))), events: both, want: "1"},
		{name: "lowercase-and-false", crit: jOne(jGroup("and", a)), events: both},
		{name: "upper-OR-false", crit: jOne(jGroup("OR", a)), events: both},
		{name: "unknown-combinator-false", crit: jOne(jGroup("Xor", a)), events: both},
		{name: "missing-combinator-false", crit: jOne(jm{"searchQueries": ja{a}}), events: both},
		{name: "number-combinator-false", crit: jOne(jm{"combinator": 1, "searchQueries": ja{a}}), events: both},
		{name: "unknown-combinator-under-not", crit: jOne(jNot(jGroup("Xor", a))), events: both, want: "1"},
		{name: "deep-nesting", crit: jOne(jAnd(jOr(jNot(jCE(jCond("c", "IsSet"))), a), jAnd(jOr(b)))), events: both, want: "1"},
	})

	two := ja{jEv("e", jm{"x": 1}), jEv("e", jm{"x": 1}), jEv("e", jm{"x": 2})}
	x1 := jCE(jCond("x", "Equals", "1"))
	items3 := ja{jm{"c": "sofa"}, jm{"c": "sofa"}, jm{"c": "sofa"}}
	sofa := jPL(jCond("shoppingCartItems.c", "Equals", "sofa"))
	runRuleCases(t, "rule08", []ruleCase{
		{name: "count-default-1", crit: jOne(x1), events: two, want: "1"},
		{name: "count-none", crit: jOne(x1), events: ja{jEv("e", jm{"x": 2})}},
		{name: "minMatch-2-with-2", crit: jOne(jMin(x1, 2)), events: two, want: "1"},
		{name: "minMatch-3-with-2", crit: jOne(jMin(x1, 3)), events: two},
		{name: "minMatch-string-2", crit: jOne(jMin(x1, "2")), events: two, want: "1"},
		{name: "minMatch-string-3", crit: jOne(jMin(x1, "3")), events: two},
		{name: "minMatch-string-leading-zero", crit: jOne(jMin(x1, "03")), events: two},
		{name: "minMatch-zero-needs-one", crit: jOne(jMin(x1, 0)), events: ja{jEv("e", jm{"x": 2})}},
		{name: "minMatch-zero-with-one", crit: jOne(jMin(x1, 0)), events: two[:1], want: "1"},
		{name: "minMatch-negative-needs-one", crit: jOne(jMin(x1, -5)), events: ja{jEv("e", jm{"x": 2})}},
		{name: "minMatch-negative-with-one", crit: jOne(jMin(x1, -5)), events: two[:1], want: "1"},
		{name: "minMatch-string-negative-is-1", crit: jOne(jMin(x1, "-3")), events: two[:1], want: "1"},
		{name: "minMatch-non-numeric-is-1", crit: jOne(jMin(x1, "abc")), events: two[:1], want: "1"},
		{name: "minMatch-non-numeric-needs-one", crit: jOne(jMin(x1, "abc")), events: ja{jEv("e", jm{"x": 2})}},
		{name: "minMatch-string-fraction-is-1", crit: jOne(jMin(x1, "2.5")), events: two[:1], want: "1"},
		{name: "minMatch-string-space-is-1", crit: jOne(jMin(x1, " 3")), events: two[:1], want: "1"},
		{name: "minMatch-string-plus-is-1", crit: jOne(jMin(x1, "+3")), events: two[:1], want: "1"},
		{name: "minMatch-empty-string-is-1", crit: jOne(jMin(x1, "")), events: two[:1], want: "1"},
		{name: "minMatch-bool-is-1", crit: jOne(jMin(x1, true)), events: two[:1], want: "1"},
		{name: "minMatch-null-is-1", crit: jOne(jMin(x1, nil)), events: two[:1], want: "1"},
		{name: "minMatch-object-is-1", crit: jOne(jMin(x1, jm{"n": 3})), events: two[:1], want: "1"},
		{name: "minMatch-fraction-integer-part", crit: jOne(jMin(x1, jn("2.9"))), events: two, want: "1"},
		{name: "minMatch-fraction-integer-part-3", crit: jOne(jMin(x1, jn("3.1"))), events: two},
		{name: "minMatch-exponent", crit: jOne(jMin(x1, jn("2e0"))), events: two, want: "1"},
		{name: "minMatch-huge", crit: jOne(jMin(x1, jn("1e30"))), events: two},
		{name: "one-record-counts-once-for-many-items", crit: jOne(jMin(sofa, 2)), events: ja{jPur(items3, nil)}},
		{name: "two-records-count-twice", crit: jOne(jMin(sofa, 2)), events: ja{jPur(items3[:1], nil), jPur(items3[:2], nil)}, want: "1"},
		{name: "maxMatch-ignored-min3-max2", crit: jOne(jMin(x1, 3, 2)), events: append(ja{jEv("e", jm{"x": 1})}, two...), want: "1"},
		{name: "maxMatch-ignored-exceeded", crit: jOne(jMin(x1, 1, 1)), events: two, want: "1"},
		{name: "maxMatch-zero-ignored", crit: jOne(jMin(x1, 1, 0)), events: two, want: "1"},
		{name: "dataType-selects-records", crit: jOne(jLeaf("user", "And", jCond("x", "Equals", "1"))), events: two},
		{name: "dataType-cartUpdate-matches-nothing", crit: jOne(jLeaf("cartUpdate", "And", jCond("updateCart", "IsSet"))), events: ja{jCart(nil, nil)}},
		{name: "dataType-updateCart-matches-nothing", crit: jOne(jLeaf("updateCart", "And", jCond("eventType", "IsSet"))), events: ja{jCart(nil, nil)}},
		{name: "dataType-unknown", crit: jOne(jLeaf("event", "And", jCond("x", "IsSet"))), events: two},
		{name: "dataType-case-sensitive", crit: jOne(jLeaf("CustomEvent", "And", jCond("x", "IsSet"))), events: two},
		{name: "dataType-missing", crit: jOne(jm{"searchCombo": jm{"combinator": "And", "searchQueries": ja{jCond("x", "IsSet")}}}), events: two},
		{name: "dataType-number", crit: jOne(jm{"dataType": 1, "searchCombo": jm{"combinator": "And", "searchQueries": ja{jCond("x", "IsSet")}}}), events: two},
		{name: "dataType-missing-under-not", crit: jOne(jNot(jm{"searchCombo": jm{"combinator": "And", "searchQueries": ja{jCond("x", "IsSet")}}})), events: two, want: "1"},
		{name: "cart-counts-as-customEvent", crit: jOne(jMin(jCE(jCond("eventType", "IsSet")), 3)), events: ja{jCart(nil, nil), jEv("e", nil), jCart(nil, nil)}, want: "1"},
		{name: "user-leaf-counts-events-and-update", crit: jOne(jMin(jUL(jCond("x", "IsSet")), 3)), events: ja{jUser(jm{"x": 1}), jUser(jm{"x": 2})}, update: jUser(jm{"x": 3}), want: "1"},
	})

	rec := ja{jEv("e", jm{"a": 1, "b": 2})}
	combo := func(comb string, conds ...any) any { return jOne(jLeaf("customEvent", comb, conds...)) }
	a1, b2, b3 := jCond("a", "Equals", "1"), jCond("b", "Equals", "2"), jCond("b", "Equals", "3")
	runRuleCases(t, "rule09", []ruleCase{
		{name: "and-all", crit: combo("And", a1, b2), events: rec, want: "1"},
		{name: "and-one-fails", crit: combo("And", a1, b3), events: rec},
		{name: "and-across-records-fails", crit: combo("And", a1, b2), events: ja{jEv("e", jm{"a": 1}), jEv("e", jm{"b": 2})}},
		{name: "or-one", crit: combo("Or", b3, a1), events: rec, want: "1"},
		{name: "or-none", crit: combo("Or", b3, jCond("a", "Equals", "9")), events: rec},
		{name: "not-none-hold", crit: combo("Not", b3, jCond("a", "Equals", "9")), events: rec, want: "1"},
		{name: "not-one-holds", crit: combo("Not", a1, b3), events: rec},
		{name: "not-all-hold", crit: combo("Not", a1, b2), events: rec},
		{name: "not-is-per-record", crit: combo("Not", jCond("a", "IsSet")), events: ja{jEv("e", jm{"a": 1}), jEv("f", nil)}, want: "1"},
		{name: "not-no-record-satisfies", crit: combo("Not", jCond("a", "IsSet")), events: rec},
		{name: "not-only-its-dataType", crit: combo("Not", jCond("a", "IsSet")), events: ja{jEv("e", jm{"a": 1}), jPur(nil, nil), jUser(jm{"z": 1})}},
		{name: "and-empty-list", crit: combo("And"), events: rec},
		{name: "or-empty-list", crit: combo("Or"), events: rec},
		{name: "not-empty-list", crit: combo("Not"), events: rec},
		{name: "missing-list", crit: jOne(jm{"dataType": "customEvent", "searchCombo": jm{"combinator": "Not"}}), events: rec},
		{name: "null-list", crit: jOne(jm{"dataType": "customEvent", "searchCombo": jm{"combinator": "Not", "searchQueries": nil}}), events: rec},
		{name: "object-list", crit: jOne(jm{"dataType": "customEvent", "searchCombo": jm{"combinator": "Or", "searchQueries": jm{"0": a1}}}), events: rec},
		{name: "string-combo", crit: jOne(jm{"dataType": "customEvent", "searchCombo": "And"}), events: rec},
		{name: "array-combo", crit: jOne(jm{"dataType": "customEvent", "searchCombo": ja{a1}}), events: rec},
		{name: "unknown-combinator", crit: combo("AND", a1), events: rec},
		{name: "empty-combinator", crit: combo("", a1), events: rec},
		{name: "missing-combinator", crit: jOne(jm{"dataType": "customEvent", "searchCombo": jm{"searchQueries": ja{a1}}}), events: rec},
		{name: "unknown-combinator-under-group-not", crit: jOne(jNot(jLeaf("customEvent", "Nor", a1))), events: rec, want: "1"},
		{name: "or-conditions-judged-alone-items", crit: jOne(jLeaf("purchase", "Or", jCond("shoppingCartItems.name", "Equals", "kb"), jCond("shoppingCartItems.price", "Equals", "10"))), events: ja{jPur(ja{jm{"name": "kb", "price": 5}}, nil)}, want: "1"},
		{name: "not-conditions-judged-alone-items", crit: jOne(jLeaf("purchase", "Not", jCond("shoppingCartItems.name", "Equals", "kb"), jCond("shoppingCartItems.price", "Equals", "10"))), events: ja{jPur(ja{jm{"name": "kb", "price": 5}, jm{"name": "m", "price": 10}}, nil)}},
		{name: "not-items-none-match", crit: jOne(jLeaf("purchase", "Not", jCond("shoppingCartItems.name", "Equals", "kb"))), events: ja{jPur(ja{jm{"name": "m"}}, nil)}, want: "1"},
	})
}
