package criteria

// Rules 18-22: ordering comparators, Contains/StartsWith, MatchesRegex, the
// numeric literal grammar and unknown or malformed conditions.

import "testing"

func TestRulesOperators(t *testing.T) {
	runRuleCases(t, "rule18", []ruleCase{
		vCase("gt-number", jn("10"), vc("GreaterThan", "5"), true),
		vCase("gt-equal", jn("5"), vc("GreaterThan", "5"), false),
		vCase("lt-number", jn("4"), vc("LessThan", "5"), true),
		vCase("lt-equal", jn("5"), vc("LessThan", "5"), false),
		vCase("gte-equal", jn("5"), vc("GreaterThanOrEqualTo", "5"), true),
		vCase("gte-below", jn("4.99"), vc("GreaterThanOrEqualTo", "5"), false),
		vCase("lte-equal", jn("5"), vc("LessThanOrEqualTo", "5.0"), true),
		vCase("lte-above", jn("5.01"), vc("LessThanOrEqualTo", "5"), false),
		vCase("negative", jn("-3"), vc("LessThan", "-2"), true),
		vCase("operand-not-numeric", jn("10"), vc("GreaterThan", "abc"), false),
		vCase("operand-trailing-garbage", jn("10"), vc("GreaterThan", "5abc"), false),
		vCase("operand-padded", jn("10"), vc("GreaterThan", " 5"), false),
		vCase("operand-number-json", jn("10"), vc("GreaterThan", jn("5")), true),
		vCase("operand-bool", jn("10"), vc("GreaterThan", true), false),
		vCase("operands-any-numeric-one", jn("10"), vcs("GreaterThan", "abc", "5"), true),
		vCase("operands-any", jn("10"), vcs("GreaterThan", "50", "5"), true),
		vCase("string-value-numeric", "10", vc("GreaterThan", "5"), true),
		vCase("string-value-not-lexicographic", "10", vc("LessThan", "9"), false),
		vCase("string-value-exponent", "1e3", vc("GreaterThan", "999"), true),
		vCase("string-value-leading-zero", "007", vc("GreaterThanOrEqualTo", "7"), true),
		vCase("string-value-garbage", "10abc", vc("GreaterThan", "5"), false),
		vCase("string-value-padded", " 10", vc("GreaterThan", "5"), false),
		vCase("string-value-hex", "0x10", vc("GreaterThan", "1"), false),
		vCase("string-value-empty", "", vc("LessThan", "1"), false),
		vCase("string-value-word-not-zero", "abc", vc("LessThan", "1"), false),
		vCase("array-some-element", ja{jn("1"), jn("20")}, vc("GreaterThan", "10"), true),
		vCase("array-no-element", ja{jn("1"), jn("2")}, vc("GreaterThan", "10"), false),
		vCase("array-string-element", ja{"x", "20"}, vc("GreaterThan", "10"), true),
		vCase("array-nested", ja{ja{jn("20")}}, vc("GreaterThan", "10"), true),
		vCase("bool-true", true, vc("GreaterThan", "0"), false),
		vCase("bool-false", false, vc("LessThan", "1"), false),
		vCase("object", jm{"n": 5}, vc("GreaterThan", "1"), false),
		vCase("float64-sum", jn("0.30000000000000004"), vc("GreaterThan", "0.3"), true),
		vCase("float64-big-int-gte", jn("9007199254740993"), vc("GreaterThanOrEqualTo", "9007199254740992"), true),
		vCase("float64-big-int-gt", jn("9007199254740993"), vc("GreaterThan", "9007199254740992"), false),
		vCase("price-over-500", jn("799.99"), vc("GreaterThan", "500"), true),
	})

	runRuleCases(t, "rule19", []ruleCase{
		vCase("contains-substring", "Hello", vc("Contains", "ell"), true),
		vCase("contains-case-sensitive", "Hello", vc("Contains", "ELL"), false),
		vCase("contains-whole", "Hello", vc("Contains", "Hello"), true),
		vCase("contains-longer", "Hello", vc("Contains", "Hello!"), false),
		vCase("startswith-prefix", "Hello", vc("StartsWith", "He"), true),
		vCase("startswith-case-sensitive", "Hello", vc("StartsWith", "he"), false),
		vCase("startswith-not-infix", "Hello", vc("StartsWith", "ell"), false),
		vCase("contains-array-substring", ja{"UK", "USA"}, vc("Contains", "US"), true),
		vCase("contains-array-none", ja{"UK", "FR"}, vc("Contains", "US"), false),
		vCase("contains-array-first-not-string", ja{jn("1"), "USA"}, vc("Contains", "US"), true),
		vCase("contains-array-nested", ja{ja{"abc"}}, vc("Contains", "b"), true),
		vCase("startswith-array", ja{"xa", "ab"}, vc("StartsWith", "a"), true),
		vCase("contains-number", jn("12345"), vc("Contains", "23"), false),
		vCase("contains-number-array", ja{jn("123")}, vc("Contains", "2"), false),
		vCase("startswith-number", jn("12345"), vc("StartsWith", "1"), false),
		vCase("contains-bool", true, vc("Contains", "tr"), false),
		vCase("contains-object", jm{"a": "abc"}, vc("Contains", "a"), false),
		vCase("startswith-object", jm{"a": "abc"}, vc("StartsWith", "{"), false),
		vCase("contains-number-operand", "a123", vc("Contains", jn("12")), true),
		vCase("contains-values", "abc", vcs("Contains", "x", "c"), true),
		{name: "contains-object-one-record-only", crit: jOne(jCE(vc("Contains", "b"))), events: ja{jEv("e", jm{"v": jm{"x": 1}}), jEv("e", jm{"v": "abc"})}, want: "1"},
		{name: "contains-object-sibling-condition", crit: jOne(jLeaf("customEvent", "Or", vc("Contains", "b"), jCond("w", "Equals", "1"))), events: ja{jEv("e", jm{"v": jm{"x": 1}, "w": 1})}, want: "1"},
	})

	runRuleCases(t, "rule20", []ruleCase{
		vCase("unanchored", "hello world", vc("MatchesRegex", "wor"), true),
		vCase("anchored-start", "hello world", vc("MatchesRegex", "^wor"), false),
		vCase("anchored-ok", "hello world", vc("MatchesRegex", "^hello"), true),
		vCase("not-whole-string", "abc", vc("MatchesRegex", "b"), true),
		vCase("case-sensitive", "Hello", vc("MatchesRegex", "hello"), false),
		vCase("inline-flag-is-re2-syntax", "Hello", vc("MatchesRegex", "(?i)hello"), true),
		vCase("re2-classes", "order 1234", vc("MatchesRegex", `\d{4}$`), true),
		vCase("re2-dot-no-newline", "a\nb", vc("MatchesRegex", "a.b"), false),
		vCase("lookahead-invalid", "abc", vc("MatchesRegex", "a(?=b)"), false),
		vCase("lookbehind-invalid", "abc", vc("MatchesRegex", "(?<=a)b"), false),
		vCase("backreference-invalid", "aa", vc("MatchesRegex", `(a)\1`), false),
		vCase("unclosed-invalid", "[", vc("MatchesRegex", "["), false),
		vCase("invalid-then-valid-operand", "abc", vcs("MatchesRegex", "(?=a)", "b"), true),
		vCase("array-some-string", ja{"abc", "xyz"}, vc("MatchesRegex", "^x"), true),
		vCase("array-no-string", ja{jn("123")}, vc("MatchesRegex", "1"), false),
		vCase("number-value", jn("123"), vc("MatchesRegex", "12"), false),
		vCase("bool-value", true, vc("MatchesRegex", "true"), false),
		vCase("object-value", jm{"a": "x"}, vc("MatchesRegex", "x"), false),
		vCase("object-value-object-text", jm{}, vc("MatchesRegex", "object"), false),
		vCase("number-operand-is-text", "x123", vc("MatchesRegex", jn("123")), true),
		vCase("object-operand-dropped", "[object Object]", vc("MatchesRegex", jm{}), false),
		vCase("empty-match", "abc", vc("MatchesRegex", "x*"), true),
		vCase("html-chars", "<b>&</b>", vc("MatchesRegex", "^<b>&"), true),
	})

	// rule 21: each literal s with its value n (as a JSON number), and
	// whether s is a numeric literal. Invalid literals carry the value a
	// lenient parser would read, so that leniency would show as a match.
	literals := []struct {
		s, n  string
		valid bool
	}{
		{"5", "5", true}, {"-5", "-5", true}, {"+5", "5", true}, {"5.", "5", true},
		{"5.5", "5.5", true}, {".5", "0.5", true}, {"-.5", "-0.5", true}, {"+.5", "0.5", true},
		{"1e3", "1000", true}, {"1E3", "1000", true}, {"1e+3", "1000", true}, {"1e-3", "0.001", true},
		{"-.5e2", "-50", true}, {"5.e1", "50", true}, {"007", "7", true}, {"0.10", "0.1", true},
		{"5.0", "5", true}, {"-0", "0", true},
		{" 5", "5", false}, {"5 ", "5", false}, {"5\n", "5", false}, {"5abc", "5", false},
		{"0x10", "16", false}, {"0x10", "0", false}, {"0X1A", "26", false}, {"1_000", "1000", false},
		{"1,000", "1000", false}, {".", "0", false}, {"+", "0", false}, {"-", "0", false},
		{"e3", "1000", false}, {"1e", "1", false}, {"1e+", "1", false}, {"--5", "5", false},
		{"+-5", "-5", false}, {"5..", "5", false}, {"1.2.3", "1.2", false}, {"1e3.5", "1000", false},
		{"\u0665", "5", false}, {"\uff15", "5", false}, {"0b101", "5", false}, {"5f", "5", false},
	}
	var r21 []ruleCase
	for _, l := range literals {
		tag := l.s + "=" + l.n
		r21 = append(r21,
			vCase("equals-number-"+tag, jn(l.n), vc("Equals", l.s), l.valid),
			vCase("operand-gte-"+tag, jn(l.n), vc("GreaterThanOrEqualTo", l.s), l.valid),
			vCase("operand-lte-"+tag, jn(l.n), vc("LessThanOrEqualTo", l.s), l.valid),
			ruleCase{name: "value-between-" + tag, crit: jOne(jCE(vc("GreaterThanOrEqualTo", jn(l.n)), vc("LessThanOrEqualTo", jn(l.n)))), events: ja{jEv("e", jm{"v": l.s})}, want: map[bool]string{true: "1"}[l.valid]},
		)
	}
	r21 = append(r21,
		vCase("infinity-value", "Infinity", vc("GreaterThan", "1"), false),
		vCase("minus-infinity-value", "-Infinity", vc("LessThan", "1"), false),
		vCase("infinity-operand-lt", jn("5"), vc("LessThan", "Infinity"), false),
		vCase("infinity-operand-gt", jn("5"), vc("GreaterThan", "-Infinity"), false),
		vCase("inf-value", "inf", vc("GreaterThan", "1"), false),
		vCase("nan-value-gt", "NaN", vc("GreaterThan", "0"), false),
		vCase("nan-value-lte", "NaN", vc("LessThanOrEqualTo", "0"), false),
		vCase("nan-operand", jn("5"), vc("LessThan", "NaN"), false),
		vCase("nan-operand-gt", jn("5"), vc("GreaterThan", "NaN"), false),
	)
	runRuleCases(t, "rule21", r21)

	ev := ja{jEv("a", jm{"v": "x"})}
	good := jCond("v", "Equals", "x")
	runRuleCases(t, "rule22", []ruleCase{
		vCase("unknown-comparator", "x", vc("NotEquals", "y"), false),
		vCase("lowercase-comparator", "x", vc("equals", "x"), false),
		vCase("empty-comparator", "x", vc("", "x"), false),
		vCase("missing-comparator", "x", jm{"field": "v", "value": "x"}, false),
		vCase("number-comparator", "x", jm{"field": "v", "comparatorType": 1, "value": "x"}, false),
		vCase("unknown-comparator-event-name", "x", jm{"field": "e", "comparatorType": "Exists"}, false),
		vCase("missing-field", "x", jm{"comparatorType": "IsSet"}, false),
		vCase("number-field", "x", jm{"field": 1, "comparatorType": "IsSet"}, false),
		vCase("null-field", "x", jm{"field": nil, "comparatorType": "IsSet"}, false),
		{name: "missing-field-event-isset", crit: jOne(jCE(jm{"comparatorType": "IsSet", "value": "a"})), events: ev},
		{name: "unknown-in-and-fails-record", crit: jOne(jCE(good, vc("Bogus", "x"))), events: ev},
		{name: "unknown-in-or-sibling-holds", crit: jOne(jLeaf("customEvent", "Or", vc("Bogus", "x"), good)), events: ev, want: "1"},
		{name: "unknown-in-combo-not-is-false", crit: jOne(jLeaf("customEvent", "Not", vc("Bogus", "x"))), events: ev, want: "1"},
		{name: "string-condition-in-and", crit: jOne(jCE(good, "v Equals x")), events: ev},
		{name: "string-condition-in-or", crit: jOne(jLeaf("customEvent", "Or", "v Equals x", nil, 3, good)), events: ev, want: "1"},
		{name: "non-object-condition-in-not", crit: jOne(jLeaf("customEvent", "Not", nil, "x")), events: ev, want: "1"},
		{name: "bad-leaf-sibling-unaffected", crit: jOne(jOr(jCE(vc("Bogus", "x")), jCE(good))), events: ev, want: "1"},
		{name: "bad-leaf-under-and", crit: jOne(jAnd(jCE(vc("Bogus", "x")), jCE(good))), events: ev},
		{name: "bad-set-does-not-stop-next", crit: jDoc(jSet("a", jCE(vc("Bogus", "x"))), jSet("b", jCE(good))), events: ev, want: "b"},
		{name: "bad-regex-sibling-set", crit: jDoc(jSet("a", jCE(vc("MatchesRegex", "("))), jSet("b", jCE(good))), events: ev, want: "b"},
		{name: "odd-value-types-everywhere", crit: jOne(jLeaf("customEvent", "Or", jm{"field": "v", "comparatorType": "Equals", "value": jm{}, "values": 3, "fieldType": 9, "valueLong": "x", "id": ja{}}, good)), events: ev, want: "1"},
	})
}
