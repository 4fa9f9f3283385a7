package criteria

// The "What we do" column of SEMANTICS.md's table of SDK quirks, Q1-Q26.
// Each case is one where the reference SDKs answer differently.

import (
	"bytes"
	"testing"
)

func TestQuirks(t *testing.T) {
	didA := jCE(jCond("a", "IsSet"))
	evA, evB := jEv("a", nil), jEv("b", nil)
	upd := jUser(jm{"firstName": "Ann"})
	bigBuy := jPL(jCond("total", "GreaterThan", "100"))
	runRuleCases(t, "quirkQ01", []ruleCase{
		{name: "not-a-with-a-b", crit: jOne(jNot(didA)), events: ja{evA, evB}},
		{name: "not-a-with-b-a", crit: jOne(jNot(didA)), events: ja{evB, evA}},
		{name: "not-a-with-a-only", crit: jOne(jNot(didA)), events: ja{evA}},
		{name: "not-a-with-a-and-update", crit: jOne(jNot(didA)), events: ja{evA}, update: upd},
		{name: "not-a-with-b-and-update", crit: jOne(jNot(didA)), events: ja{evB}, update: upd, want: "1"},
		{name: "not-purchase-with-later-record", crit: jOne(jNot(bigBuy)), events: ja{jPur(nil, jm{"total": 500}), evB}},
		{name: "not-purchase-with-later-update", crit: jOne(jNot(bigBuy)), events: ja{jPur(nil, jm{"total": 500})}, update: upd},
		{name: "not-purchase-none-big", crit: jOne(jNot(bigBuy)), events: ja{jPur(nil, jm{"total": 50}), evB}, update: upd, want: "1"},
		{name: "not-and-leaf", crit: jOne(jNot(jAnd(didA))), events: ja{evA, evB}},
		{name: "not-two-leaves-second-holds", crit: jOne(jNot(jCE(jCond("c", "IsSet")), didA)), events: ja{evB, evA, evB}},
	})

	rec := ja{jEv("e", jm{"a": 1, "b": 2})}
	combo := func(comb string, conds ...any) any { return jOne(jLeaf("customEvent", comb, conds...)) }
	a1, b2, b3 := jCond("a", "Equals", "1"), jCond("b", "Equals", "2"), jCond("b", "Equals", "3")
	runRuleCases(t, "quirkQ02", []ruleCase{
		{name: "or-one-of-two", crit: combo("Or", a1, b3), events: rec, want: "1"},
		{name: "or-second-only", crit: combo("Or", b3, b2), events: rec, want: "1"},
		{name: "or-across-records", crit: combo("Or", jCond("x", "IsSet"), jCond("y", "IsSet")), events: ja{jEv("e", jm{"y": 1})}, want: "1"},
	})
	runRuleCases(t, "quirkQ03", []ruleCase{
		{name: "not-some-hold-is-false", crit: combo("Not", a1, b3), events: rec},
		{name: "not-none-hold-is-true", crit: combo("Not", jCond("a", "Equals", "9"), b3), events: rec, want: "1"},
		{name: "not-all-hold-is-false", crit: combo("Not", a1, b2), events: rec},
	})

	twoHits := ja{jEv("e", jm{"x": 1}), jEv("e", jm{"x": 1})}
	x1 := jCE(jCond("x", "Equals", "1"))
	runRuleCases(t, "quirkQ04", []ruleCase{
		{name: "min3-two-hits", crit: jOne(jMin(x1, 3)), events: twoHits},
		{name: "min0-is-1-hit", crit: jOne(jMin(x1, 0)), events: twoHits[:1], want: "1"},
		{name: "min0-is-1-miss", crit: jOne(jMin(x1, 0)), events: ja{jEv("e", nil)}},
		{name: "min-in-not-group", crit: jOne(jNot(jMin(x1, 3))), events: twoHits, want: "1"},
	})
	t.Run("quirkQ04/cached-tree-twice", func(t *testing.T) {
		comp, _ := CompileJSON(toJSON(t, jOne(jMin(x1, 3))))
		events, _ := DecodeEvents(toJSON(t, twoHits))
		for i := range 2 {
			if id, ok := comp.MatchData(events, nil); ok {
				t.Errorf("evaluation %d matched %q: minMatch 3 with two hits", i+1, id)
			}
		}
	})
	t.Run("quirkQ05/no-markers-written", func(t *testing.T) {
		q := jNot(didA, jAnd(jNot(jMin(x1, 2))), jLeaf("customEvent", "Not", a1))
		doc, err := Parse(toJSON(t, jOne(q)))
		if err != nil {
			t.Fatal(err)
		}
		before, _ := Export(doc)
		comp := Compile(doc)
		events, _ := DecodeEvents(toJSON(t, ja{evA, evB, jEv("e", jm{"x": 1})}))
		first, ok1 := comp.MatchData(events, nil)
		second, ok2 := comp.MatchData(events, nil)
		after, _ := Export(doc)
		if !bytes.Equal(before, after) || bytes.Contains(after, []byte("isNot")) {
			t.Errorf("criteria changed:\nbefore %s\nafter  %s", before, after)
		}
		if first != second || ok1 != ok2 {
			t.Errorf("second evaluation differs: %q/%v then %q/%v", first, ok1, second, ok2)
		}
	})

	runRuleCases(t, "quirkQ06", []ruleCase{
		{name: "min3-max2-three-hits", crit: jOne(jMin(x1, 3, 2)), events: append(ja{jEv("e", jm{"x": 1})}, twoHits...), want: "1"},
		{name: "max1-two-hits", crit: jOne(jMin(x1, 1, 1)), events: twoHits, want: "1"},
		{name: "max-string", crit: jOne(jMin(x1, 1, "0")), events: twoHits, want: "1"},
	})

	nested := func(cond jm, val any) ruleCase {
		c := ruleCase{crit: jOne(jCE(cond)), events: ja{jEv("ev", jm{"a": jm{"b": val}, "b": val})}}
		return c
	}
	q7 := []struct {
		name  string
		cond  jm
		val   any
		match bool
	}{
		{"dotted-zero-equals", jCond("a.b", "Equals", "0"), jn("0"), true},
		{"dotted-zero-isset", jCond("a.b", "IsSet"), jn("0"), true},
		{"dotted-false-equals", jCond("a.b", "Equals", "false"), false, true},
		{"dotted-false-isset", jCond("a.b", "IsSet"), false, true},
		{"dotted-empty-doesnotequal", jCond("a.b", "DoesNotEqual", "x"), "", true},
		{"dotted-empty-isset", jCond("a.b", "IsSet"), "", false},
		{"dotted-zero-lte", jCond("a.b", "LessThanOrEqualTo", "0"), jn("0"), true},
		{"prefixed-zero-equals", jCond("ev.b", "Equals", "0"), jn("0"), true},
		{"prefixed-false-equals", jCond("ev.b", "Equals", "FALSE"), false, true},
		{"prefixed-empty-doesnotequal", jCond("ev.b", "DoesNotEqual", "x"), "", true},
		{"prefixed-zero-isset", jCond("ev.b", "IsSet"), jn("0"), true},
		{"prefixed-null-isset", jCond("ev.b", "IsSet"), nil, false},
		{"prefixed-null-doesnotequal", jCond("ev.b", "DoesNotEqual", "x"), nil, false},
	}
	var q7cases []ruleCase
	for _, c := range q7 {
		rc := nested(c.cond, c.val)
		rc.name = c.name
		if c.match {
			rc.want = "1"
		}
		q7cases = append(q7cases, rc)
	}
	runRuleCases(t, "quirkQ07", q7cases)

	runRuleCases(t, "quirkQ08", []ruleCase{
		vCase("top-level-null-isset", nil, vc("IsSet"), false),
		vCase("top-level-null-doesnotequal", nil, vc("DoesNotEqual", "x"), false),
		vCase("null-regex-null", nil, vc("MatchesRegex", "null"), false),
		vCase("null-regex-n", nil, vc("MatchesRegex", "^n"), false),
		vCase("null-contains", nil, vc("Contains", "u"), false),
		{name: "null-contains-later-record", crit: jOne(jCE(vc("Contains", "u"))), events: ja{jEv("e", jm{"v": nil}), jEv("e", jm{"v": "u"})}, want: "1"},
		{name: "null-contains-under-not", crit: jOne(jNot(jCE(vc("Contains", "u")))), events: ja{jEv("e", jm{"v": nil})}, want: "1"},
		{name: "top-level-member-null", crit: jOne(jCE(vc("IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "e", "v": nil}}},
	})

	runRuleCases(t, "quirkQ09", []ruleCase{
		{name: "other-event-prefix-not-walked-down", crit: jOne(jCE(jCond("page-view.visits.page", "Equals", "home"))), events: ja{jEv("animal-found", jm{"visits": jm{"page": "home"}})}},
		{name: "other-event-prefix-top-level-visits", crit: jOne(jCE(jCond("page-view.visits.page", "Equals", "home"))), events: ja{jm{"eventType": "customEvent", "eventName": "animal-found", "visits": jm{"page": "home"}}}},
		{name: "missing-middle", crit: jOne(jCE(jCond("a.x.b", "IsSet"))), events: ja{jEv("e", jm{"a": jm{"b": 1}})}},
		{name: "missing-first", crit: jOne(jCE(jCond("x.b", "IsSet"))), events: ja{jEv("e", jm{"b": 1})}},
		{name: "own-prefix-works", crit: jOne(jCE(jCond("page-view.visits.page", "Equals", "home"))), events: ja{jEv("page-view", jm{"visits": jm{"page": "home"}})}, want: "1"},
	})

	details := jm{"color": "red", "parts": ja{jm{"qty": 1}, jm{"qty": 2}}}
	runRuleCases(t, "quirkQ10", []ruleCase{
		{name: "sibling-and-array-field", crit: jOne(jCE(jCond("details.color", "Equals", "red"), jCond("details.parts.qty", "Equals", "2"))), events: ja{jEv("e", jm{"details": details})}, want: "1"},
		{name: "sibling-wrong", crit: jOne(jCE(jCond("details.color", "Equals", "blue"), jCond("details.parts.qty", "Equals", "2"))), events: ja{jEv("e", jm{"details": details})}},
		{name: "top-level-array-and-other-field", crit: jOne(jCE(jCond("color", "Equals", "red"), jCond("parts.qty", "Equals", "1"))), events: ja{jEv("e", details)}, want: "1"},
	})

	kbName, price10 := jCond("shoppingCartItems.name", "Equals", "keyboard"), jCond("shoppingCartItems.price", "Equals", "10")
	runRuleCases(t, "quirkQ11", []ruleCase{
		{name: "same-item", crit: jOne(jPL(kbName, price10)), events: ja{jPur(ja{jm{"name": "keyboard", "price": 10}}, nil)}, want: "1"},
		{name: "different-items", crit: jOne(jPL(kbName, price10)), events: ja{jPur(ja{jm{"name": "keyboard", "price": 5}, jm{"name": "mouse", "price": 10}}, nil)}},
		{name: "nested-item-path", crit: jOne(jPL(kbName, jCond("shoppingCartItems.dataFields.color", "Equals", "black"))), events: ja{jPur(ja{jm{"name": "keyboard", "dataFields": jm{"color": "black"}}}, nil)}, want: "1"},
		{name: "nested-item-path-other-item", crit: jOne(jPL(kbName, jCond("shoppingCartItems.dataFields.color", "Equals", "black"))), events: ja{jPur(ja{jm{"name": "keyboard"}, jm{"name": "mouse", "dataFields": jm{"color": "black"}}}, nil)}},
	})

	runRuleCases(t, "quirkQ12", []ruleCase{
		{name: "no-items-with-other-condition", crit: jOne(jPL(jCond("total", "GreaterThan", "1"), jCond("shoppingCartItems.price", "GreaterThan", "100"))), events: ja{jPur(nil, jm{"total": 500})}},
		{name: "no-items-alone", crit: jOne(jPL(jCond("shoppingCartItems.price", "GreaterThan", "100"))), events: ja{jPur(nil, jm{"total": 500})}},
		{name: "cart-no-items", crit: jOne(jCE(jCond("updateCart", "IsSet"), jCond("updateCart.updatedShoppingCartItems.name", "IsSet"))), events: ja{jCart(nil, nil)}},
		{name: "items-isset-no-items", crit: jOne(jPL(jCond("total", "IsSet"), jCond("shoppingCartItems.name", "IsSet"))), events: ja{jPur(nil, jm{"total": 1})}},
	})

	runRuleCases(t, "quirkQ13", []ruleCase{
		{name: "dotted-key-isset", crit: jOne(jCE(jCond("a.b", "IsSet"))), events: ja{jEv("e", jm{"a.b": "x"})}, want: "1"},
		{name: "dotted-key-equals", crit: jOne(jCE(jCond("utm.source", "Equals", "google"))), events: ja{jEv("e", jm{"utm.source": "google"})}, want: "1"},
		{name: "dotted-key-prefixed", crit: jOne(jCE(jCond("e.utm.source", "Equals", "google"))), events: ja{jEv("e", jm{"utm.source": "google"})}, want: "1"},
		{name: "dotted-key-user", crit: jOne(jUL(jCond("profile.tier", "Equals", "gold"))), update: jUser(jm{"profile.tier": "gold"}), want: "1"},
		{name: "dotted-key-purchase-with-items", crit: jOne(jPL(jCond("shoppingCartItems.price", "IsSet"), jCond("coupon.code", "Equals", "X"))), events: ja{jPur(ja{jm{"price": 1}}, jm{"coupon.code": "X"})}, want: "1"},
	})

	runRuleCases(t, "quirkQ14", []ruleCase{
		{name: "no-fieldType", crit: jOne(jCE(jCond("a", "IsSet"))), events: ja{evA}, want: "1"},
		{name: "fieldType-string", crit: jOne(jCE(jm{"field": "a", "comparatorType": "IsSet", "fieldType": "string"})), events: ja{evA}, want: "1"},
		{name: "no-fieldType-other-conditions", crit: jOne(jCE(jCond("a", "IsSet"), jCond("a.n", "Equals", "1"))), events: ja{jEv("a", jm{"n": 1})}, want: "1"},
		{name: "no-fieldType-under-not", crit: jOne(jNot(jCE(jCond("a", "IsSet")))), events: ja{evA}},
	})

	runRuleCases(t, "quirkQ15", []ruleCase{
		vCase("array-substring", ja{"UK", "USA"}, vc("Contains", "US"), true),
		vCase("array-first-not-string", ja{jn("1"), "USA"}, vc("Contains", "SA"), true),
		vCase("array-exact-member", ja{"UK", "USA"}, vc("Contains", "USA"), true),
		vCase("array-none", ja{"UK", "FR"}, vc("Contains", "US"), false),
	})

	objThenStr := ja{jEv("e", jm{"v": jm{"k": "b"}}), jEv("e", jm{"v": "abc"})}
	runRuleCases(t, "quirkQ16", []ruleCase{
		{name: "object-then-match", crit: jOne(jCE(vc("Contains", "b"))), events: objThenStr, want: "1"},
		{name: "object-then-match-under-not", crit: jOne(jNot(jCE(vc("Contains", "b")))), events: objThenStr},
		{name: "object-only-under-not", crit: jOne(jNot(jCE(vc("Contains", "b")))), events: objThenStr[:1], want: "1"},
		{name: "null-then-match", crit: jOne(jCE(vc("Contains", "b"))), events: ja{jEv("e", jm{"v": nil}), jEv("e", jm{"v": "abc"})}, want: "1"},
		vCase("object-contains", jm{"k": "b"}, vc("Contains", "b"), false),
	})

	runRuleCases(t, "quirkQ17", []ruleCase{
		vCase("unanchored-search", "xxabcxx", vc("MatchesRegex", "abc"), true),
		vCase("re2-digit", "id-42", vc("MatchesRegex", `\d+`), true),
		vCase("invalid", "abc", vc("MatchesRegex", "(abc"), false),
		vCase("lookahead", "abc", vc("MatchesRegex", "a(?=b)"), false),
		vCase("negative-lookahead", "abc", vc("MatchesRegex", "a(?!x)"), false),
		vCase("number-value", jn("42"), vc("MatchesRegex", "4"), false),
		vCase("bool-value", true, vc("MatchesRegex", "t"), false),
		vCase("null-value", nil, vc("MatchesRegex", "null"), false),
		vCase("object-value", jm{"a": 1}, vc("MatchesRegex", "object"), false),
		vCase("object-operand", "[object Object]", vc("MatchesRegex", jm{}), false),
		vCase("object-operand-o", "o", vc("MatchesRegex", jm{}), false),
	})

	runRuleCases(t, "quirkQ18", []ruleCase{
		vCase("true-True", true, vc("Equals", "True"), true),
		vCase("false-FALSE", false, vc("Equals", "FALSE"), true),
		vCase("true-yes", true, vc("Equals", "yes"), false),
		vCase("false-yes", false, vc("Equals", "yes"), false),
		vCase("false-anything", false, vc("Equals", "anything"), false),
		vCase("false-True", false, vc("Equals", "True"), false),
		vCase("true-tRuE", true, vc("Equals", "tRuE"), true),
		vCase("string-True-not-bool", "True", vc("Equals", "true"), false),
	})

	runRuleCases(t, "quirkQ19", []ruleCase{
		vCase("string-02139-vs-2139", "02139", vc("Equals", "2139"), false),
		vCase("string-5-vs-5.0", "5", vc("Equals", "5.0"), false),
		vCase("number-5-vs-5.0", jn("5"), vc("Equals", "5.0"), true),
		vCase("number-5-vs-5abc", jn("5"), vc("Equals", "5abc"), false),
		vCase("string-5abc-gt-4", "5abc", vc("GreaterThan", "4"), false),
		vCase("number-5-vs-space-5", jn("5"), vc("Equals", " 5"), false),
		vCase("string-space-5-gte-5", " 5", vc("GreaterThanOrEqualTo", "5"), false),
		vCase("number-1000-vs-1e3", jn("1000"), vc("Equals", "1e3"), true),
		vCase("number-half-vs-.5", jn("0.5"), vc("Equals", ".5"), true),
		vCase("number-5-vs-plus-5", jn("5"), vc("Equals", "+5"), true),
		vCase("string-Infinity-gt", "Infinity", vc("GreaterThan", "0"), false),
		vCase("number-16-vs-hex", jn("16"), vc("Equals", "0x10"), false),
		vCase("string-hex-gt", "0x10", vc("GreaterThan", "0"), false),
		vCase("non-numeric-not-zero", "abc", vc("LessThan", "1"), false),
		vCase("non-numeric-not-zero-gte", "abc", vc("GreaterThanOrEqualTo", "0"), false),
		vCase("string-ordering-numeric", "9", vc("LessThan", "10"), true),
	})

	runRuleCases(t, "quirkQ20", []ruleCase{
		vCase("zero", jn("0"), vc("IsSet"), true),
		vCase("false", false, vc("IsSet"), true),
		vCase("empty-string", "", vc("IsSet"), false),
		vCase("empty-array", ja{}, vc("IsSet"), false),
		vCase("empty-object", jm{}, vc("IsSet"), false),
		vCase("no-value-key", "x", jm{"field": "v", "comparatorType": "IsSet"}, true),
		{name: "top-level-zero", crit: jOne(jCE(vc("IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "e", "v": 0}}, want: "1"},
		{name: "top-level-empty-array", crit: jOne(jCE(vc("IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "e", "v": ja{}}}},
	})

	runRuleCases(t, "quirkQ21", []ruleCase{
		vCase("value-empty-equals-empty", "", vc("Equals", ""), false),
		vCase("value-empty-doesnotequal", "x", vc("DoesNotEqual", ""), false),
		vCase("value-empty-isset", "x", vc("IsSet", ""), true),
		vCase("values-empty-doesnotequal", "x", vcs("DoesNotEqual"), false),
		vCase("values-empty-entry-equals-empty", "", vcs("Equals", "", "x"), false),
		vCase("values-empty-entry-equals-x", "x", vcs("Equals", "", "x"), true),
		vCase("value-missing-equals", "x", vc("Equals"), false),
		vCase("value-missing-isset", "x", vc("IsSet"), true),
		vCase("value-empty-gt", jn("5"), vc("GreaterThan", ""), false),
	})
}
