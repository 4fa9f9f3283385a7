package criteria

// Rules 14-22: absent values, operands and the comparators. Most cases put a
// value in dataFields.v of one custom event and test one condition on "v".

import "testing"

// absentValue marks a vCase whose record has no field v.
type absentValue struct{}

// vCase is one custom event with dataFields.v = value, judged by cond.
func vCase(name string, value any, cond jm, match bool) ruleCase {
	df := jm{"other": 1}
	if _, none := value.(absentValue); !none {
		df["v"] = value
	}
	c := ruleCase{name: name, crit: jOne(jCE(cond)), events: ja{jEv("e", df)}}
	if match {
		c.want = "1"
	}
	return c
}

func vc(cmp string, operand ...any) jm   { return jCond("v", cmp, operand...) }
func vcs(cmp string, operands ...any) jm { return jVals("v", cmp, operands...) }

var allComparators = []jm{
	vc("IsSet"), vc("Equals", "x"), vc("Equals", "null"), vc("DoesNotEqual", "x"),
	vc("GreaterThan", "-1"), vc("LessThan", "1"), vc("GreaterThanOrEqualTo", "0"), vc("LessThanOrEqualTo", "0"),
	vc("Contains", "u"), vc("StartsWith", "n"), vc("MatchesRegex", ".*"), vc("MatchesRegex", "null"),
}

func TestRulesComparators(t *testing.T) {
	var r14 []ruleCase
	for _, c := range allComparators {
		op, _ := c["value"].(string)
		tag := c["comparatorType"].(string) + "-" + op
		r14 = append(r14,
			vCase("absent-"+tag, absentValue{}, c, false),
			vCase("null-"+tag, nil, c, false),
			ruleCase{name: "nested-null-" + tag, crit: jOne(jCE(jCond("a.v", c["comparatorType"].(string), c["value"]))), events: ja{jEv("e", jm{"a": jm{"v": nil}})}},
		)
	}
	r14 = append(r14,
		vCase("null-array-element", ja{nil}, vc("Equals", "null"), false),
		vCase("null-array-element-contains", ja{nil, "abc"}, vc("Contains", "b"), true),
		ruleCase{name: "combo-not-over-absent-doesnotequal", crit: jOne(jLeaf("customEvent", "Not", vc("DoesNotEqual", "x"))), events: ja{jEv("e", nil)}, want: "1"},
		ruleCase{name: "null-in-one-record-other-matches", crit: jOne(jCE(vc("Contains", "b"))), events: ja{jEv("e", jm{"v": nil}), jEv("e", jm{"v": "abc"})}, want: "1"},
	)
	runRuleCases(t, "rule14", r14)

	runRuleCases(t, "rule15", []ruleCase{
		vCase("values-any-entry", "b", vcs("Equals", "a", "b"), true),
		vCase("values-no-entry", "c", vcs("Equals", "a", "b"), false),
		vCase("values-beat-value", "a", jm{"field": "v", "comparatorType": "Equals", "value": "a", "values": ja{"b"}}, false),
		vCase("values-beat-value-2", "b", jm{"field": "v", "comparatorType": "Equals", "value": "a", "values": ja{"b"}}, true),
		vCase("values-not-array-uses-value", "a", jm{"field": "v", "comparatorType": "Equals", "value": "a", "values": "b"}, true),
		vCase("values-null-uses-value", "a", jm{"field": "v", "comparatorType": "Equals", "value": "a", "values": nil}, true),
		vCase("values-empty-equals", "a", vcs("Equals"), false),
		vCase("values-empty-doesnotequal", "a", vcs("DoesNotEqual"), false),
		vCase("values-empty-isset", "a", vcs("IsSet"), true),
		vCase("values-empty-string-dropped-equals", "", vcs("Equals", "", "x"), false),
		vCase("values-empty-string-dropped-doesnotequal", "", vcs("DoesNotEqual", "", "x"), true),
		vCase("values-empty-string-dropped-match-x", "x", vcs("Equals", "", "x"), true),
		vCase("value-empty-string-equals", "", vc("Equals", ""), false),
		vCase("value-empty-string-doesnotequal", "a", vc("DoesNotEqual", ""), false),
		vCase("value-empty-string-contains", "a", vc("Contains", ""), false),
		vCase("value-empty-string-startswith", "a", vc("StartsWith", ""), false),
		vCase("value-empty-string-regex", "a", vc("MatchesRegex", ""), false),
		vCase("value-empty-string-isset", "a", vc("IsSet", ""), true),
		vCase("value-missing-equals", "a", vc("Equals"), false),
		vCase("value-missing-doesnotequal", "a", vc("DoesNotEqual"), false),
		vCase("value-missing-isset", "a", vc("IsSet"), true),
		vCase("value-null-doesnotequal", "a", vc("DoesNotEqual", nil), false),
		vCase("number-operand-number", jn("5"), vc("Equals", jn("5")), true),
		vCase("number-operand-as-text", "5", vc("Equals", jn("5")), true),
		vCase("number-operand-negative", "-3", vc("Equals", jn("-3")), true),
		vCase("number-operand-integral-fraction-text", "5", vc("Equals", jn("5.0")), true),
		vCase("number-operand-exponent-text", "1000", vc("Equals", jn("1e3")), true),
		vCase("number-operand-fraction", jn("2.50"), vc("Equals", jn("2.5")), true),
		vCase("number-operand-ordering", jn("10"), vc("GreaterThan", jn("9.5")), true),
		vCase("bool-operand-bool", true, vc("Equals", true), true),
		vCase("bool-operand-false", false, vc("Equals", false), true),
		vCase("bool-operand-as-text", "true", vc("Equals", true), true),
		vCase("bool-operand-contains", "untrue", vc("Contains", true), true),
		vCase("object-operand-dropped", jm{}, vc("Equals", jm{}), false),
		vCase("object-operand-doesnotequal", "a", vc("DoesNotEqual", jm{"a": 1}), false),
		vCase("array-operand-dropped", "a", vc("Equals", ja{"a"}), false),
		vCase("values-mixed-types", "x", vcs("Equals", nil, jm{}, ja{"x"}, "x"), true),
		vCase("values-only-non-scalars", "a", vcs("DoesNotEqual", nil, jm{}, ja{"x"}), false),
		vCase("valueLong-ignored", jn("5"), jm{"field": "v", "comparatorType": "Equals", "valueLong": 5}, false),
		vCase("valueLong-ignored-with-value", jn("3"), jm{"field": "v", "comparatorType": "Equals", "value": "3", "valueLong": 5}, true),
		vCase("fieldType-ignored-long", "abc", jm{"field": "v", "comparatorType": "Equals", "value": "abc", "fieldType": "long"}, true),
		vCase("fieldType-ignored-boolean", "true", jm{"field": "v", "comparatorType": "Equals", "value": "true", "fieldType": "boolean"}, true),
		vCase("fieldType-ignored-number", jn("7"), jm{"field": "v", "comparatorType": "GreaterThan", "value": "5", "fieldType": "string"}, true),
		vCase("condition-dataType-ignored", "a", jm{"field": "v", "comparatorType": "Equals", "value": "a", "dataType": "purchase"}, true),
		vCase("condition-id-ignored", "a", jm{"field": "v", "comparatorType": "Equals", "value": "a", "id": 99}, true),
	})

	runRuleCases(t, "rule16", []ruleCase{
		vCase("string", "a", vc("IsSet"), true),
		vCase("space", " ", vc("IsSet"), true),
		vCase("zero", jn("0"), vc("IsSet"), true),
		vCase("false", false, vc("IsSet"), true),
		vCase("true", true, vc("IsSet"), true),
		vCase("string-zero", "0", vc("IsSet"), true),
		vCase("empty-string", "", vc("IsSet"), false),
		vCase("empty-array", ja{}, vc("IsSet"), false),
		vCase("empty-object", jm{}, vc("IsSet"), false),
		vCase("array", ja{1}, vc("IsSet"), true),
		vCase("array-of-null", ja{nil}, vc("IsSet"), true),
		vCase("object", jm{"a": nil}, vc("IsSet"), true),
		vCase("value-ignored", "a", vc("IsSet", "b"), true),
		vCase("values-ignored", "a", vcs("IsSet", "b"), true),
		{name: "nested-zero", crit: jOne(jCE(jCond("a.b", "IsSet"))), events: ja{jEv("e", jm{"a": jm{"b": 0}})}, want: "1"},
		{name: "nested-empty-string", crit: jOne(jCE(jCond("a.b", "IsSet"))), events: ja{jEv("e", jm{"a": jm{"b": ""}})}},
		{name: "prefixed-false", crit: jOne(jCE(jCond("e.b", "IsSet"))), events: ja{jEv("e", jm{"b": false})}, want: "1"},
	})

	pets := func(kinds ...string) ja {
		out := ja{}
		for _, k := range kinds {
			out = append(out, jm{"kind": k})
		}
		return out
	}
	petsCase := func(name string, comb string, cond jm, kinds []string, match bool) ruleCase {
		c := ruleCase{name: name, crit: jOne(jLeaf("user", comb, cond)), events: ja{jUser(jm{"pets": pets(kinds...)})}}
		if match {
			c.want = "1"
		}
		return c
	}
	notCat := jCond("pets.kind", "DoesNotEqual", "cat")
	isCat := jCond("pets.kind", "Equals", "cat")
	runRuleCases(t, "rule17", []ruleCase{
		vCase("equals-one-of", "b", vcs("Equals", "a", "b"), true),
		vCase("doesnotequal-none-of", "c", vcs("DoesNotEqual", "a", "b"), true),
		vCase("doesnotequal-one-of", "b", vcs("DoesNotEqual", "a", "b"), false),
		vCase("doesnotequal-absent", absentValue{}, vc("DoesNotEqual", "a"), false),
		vCase("array-element", ja{"x", "y"}, vc("Equals", "y"), true),
		vCase("array-nested-element", ja{ja{"x", ja{"y"}}}, vc("Equals", "y"), true),
		vCase("array-no-element", ja{"x"}, vc("Equals", "y"), false),
		vCase("array-empty-equals", ja{}, vc("Equals", "y"), false),
		vCase("array-empty-doesnotequal", ja{}, vc("DoesNotEqual", "y"), true),
		vCase("array-doesnotequal-some-equal", ja{"x", "y"}, vc("DoesNotEqual", "y"), false),
		vCase("array-doesnotequal-none-equal", ja{"x", "z"}, vc("DoesNotEqual", "y"), true),
		vCase("array-numbers", ja{jn("1"), jn("2")}, vc("Equals", "2.0"), true),
		vCase("array-bools", ja{false, true}, vc("Equals", "TRUE"), true),
		vCase("number-text", jn("5"), vc("Equals", "5"), true),
		vCase("number-fraction-text", jn("5"), vc("Equals", "5.0"), true),
		vCase("number-leading-zero-text", jn("2139"), vc("Equals", "02139"), true),
		vCase("number-decimal-stored", jn("5.0"), vc("Equals", "5"), true),
		vCase("number-exponent-text", jn("1000"), vc("Equals", "1e3"), true),
		vCase("number-not-text", jn("5"), vc("Equals", "five"), false),
		vCase("number-doesnotequal", jn("5"), vc("DoesNotEqual", "5.00"), false),
		vCase("number-doesnotequal-other", jn("5"), vc("DoesNotEqual", "6"), true),
		vCase("bool-true-true", true, vc("Equals", "true"), true),
		vCase("bool-true-True", true, vc("Equals", "True"), true),
		vCase("bool-true-TRUE", true, vc("Equals", "TRUE"), true),
		vCase("bool-false-FALSE", false, vc("Equals", "FALSE"), true),
		vCase("bool-false-False", false, vc("Equals", "False"), true),
		vCase("bool-false-true", false, vc("Equals", "true"), false),
		vCase("bool-true-false", true, vc("Equals", "false"), false),
		vCase("bool-true-yes", true, vc("Equals", "yes"), false),
		vCase("bool-true-1", true, vc("Equals", "1"), false),
		vCase("bool-false-0", false, vc("Equals", "0"), false),
		vCase("bool-false-no", false, vc("Equals", "no"), false),
		vCase("bool-true-padded", true, vc("Equals", " true"), false),
		vCase("bool-false-doesnotequal-yes", false, vc("DoesNotEqual", "yes"), true),
		vCase("bool-false-doesnotequal-FALSE", false, vc("DoesNotEqual", "FALSE"), false),
		vCase("string-identical", "abc", vc("Equals", "abc"), true),
		vCase("string-case-sensitive", "abc", vc("Equals", "ABC"), false),
		vCase("string-not-trimmed", "abc ", vc("Equals", "abc"), false),
		vCase("string-zip-leading-zero", "02139", vc("Equals", "2139"), false),
		vCase("string-zip-number-operand", "02139", vc("Equals", jn("2139")), false),
		vCase("string-5-vs-5.0", "5", vc("Equals", "5.0"), false),
		vCase("string-5.0-vs-5", "5.0", vc("Equals", "5"), false),
		vCase("string-true-vs-True", "true", vc("Equals", "True"), false),
		vCase("string-doesnotequal-case", "abc", vc("DoesNotEqual", "ABC"), true),
		vCase("object-never-equals", jm{"a": "x"}, vc("Equals", "x"), false),
		vCase("object-doesnotequal", jm{"a": "x"}, vc("DoesNotEqual", "x"), true),
		petsCase("some-pet-not-cat", "And", notCat, []string{"cat", "dog"}, true),
		petsCase("only-cats", "And", notCat, []string{"cat", "cat"}, false),
		petsCase("no-pets-doesnotequal", "And", notCat, nil, false),
		petsCase("no-pet-is-cat-via-combo-not", "Not", isCat, []string{"dog", "fish"}, true),
		petsCase("combo-not-with-a-cat", "Not", isCat, []string{"dog", "cat"}, false),
		petsCase("some-pet-is-cat", "And", isCat, []string{"dog", "cat"}, true),
	})
}
