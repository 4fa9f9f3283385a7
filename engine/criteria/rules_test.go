package criteria

// Table tests for the evaluation rules of SEMANTICS.md. This file holds the
// JSON builders and the case runner shared by the rules_*_test.go files, and
// rules 1-3. Every case is run through the public path (CompileJSON,
// DecodeEvents, DecodeUserUpdate, MatchData), then again with the stored
// events reversed (rule 3: the verdict never depends on their order), and the
// decoded inputs are checked to be unchanged afterwards.

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
)

// jm and ja are JSON objects and arrays written as Go literals.
type (
	jm = map[string]any
	ja = []any
)

// jn is a JSON number literal kept exactly as written (1.5, 12345.0, 1e3).
func jn(s string) json.Number { return json.Number(s) }

// jCond is a condition; with no value argument it has no "value" member.
func jCond(field, cmp string, value ...any) jm {
	c := jm{"field": field, "comparatorType": cmp}
	if len(value) > 0 {
		c["value"] = value[0]
	}
	return c
}

// jVals is a condition with a "values" array (possibly empty).
func jVals(field, cmp string, values ...any) jm {
	if values == nil {
		values = ja{}
	}
	return jm{"field": field, "comparatorType": cmp, "values": values}
}

// jLeaf is a condition block: {dataType, searchCombo: {combinator, searchQueries}}.
func jLeaf(dataType, comb string, conds ...any) jm {
	if conds == nil {
		conds = ja{}
	}
	return jm{"dataType": dataType, "searchCombo": jm{"combinator": comb, "searchQueries": conds}}
}

// jCE, jPL and jUL are And-leaves over custom events, purchases and users.
func jCE(conds ...any) jm { return jLeaf("customEvent", "And", conds...) }
func jPL(conds ...any) jm { return jLeaf("purchase", "And", conds...) }
func jUL(conds ...any) jm { return jLeaf("user", "And", conds...) }

// jMin returns a copy of a leaf with minMatch (and optionally maxMatch) set.
func jMin(leaf jm, minMatch any, maxMatch ...any) jm {
	out := jm{}
	for k, v := range leaf {
		out[k] = v
	}
	out["minMatch"] = minMatch
	if len(maxMatch) > 0 {
		out["maxMatch"] = maxMatch[0]
	}
	return out
}

// jGroup is a group node.
func jGroup(comb string, children ...any) jm {
	if children == nil {
		children = ja{}
	}
	return jm{"combinator": comb, "searchQueries": children}
}

func jAnd(children ...any) jm { return jGroup("And", children...) }
func jOr(children ...any) jm  { return jGroup("Or", children...) }
func jNot(children ...any) jm { return jGroup("Not", children...) }

// jSet is a criteria set; jDoc a document; jOne a one-set document with id
// "1" whose searchQuery is q.
func jSet(id, q any) jm { return jm{"criteriaId": id, "name": "set", "searchQuery": q} }
func jDoc(sets ...any) jm {
	if sets == nil {
		sets = ja{}
	}
	return jm{"count": len(sets), "criteriaSets": sets}
}
func jOne(q any) jm { return jDoc(jSet("1", q)) }

// jEv is a stored custom event; df may be nil.
func jEv(name string, df jm) jm {
	e := jm{"eventType": "customEvent", "eventName": name}
	if df != nil {
		e["dataFields"] = df
	}
	return e
}

// jPur is a stored purchase; items and df may be nil.
func jPur(items ja, df jm) jm {
	e := jm{"eventType": "purchase"}
	if items != nil {
		e["items"] = items
	}
	if df != nil {
		e["dataFields"] = df
	}
	return e
}

// jCart is a stored cart update (web format).
func jCart(items ja, df jm) jm {
	e := jPur(items, df)
	e["eventType"] = "cartUpdate"
	return e
}

// jUser is a stored profile update event.
func jUser(df jm) jm { return jm{"eventType": "user", "dataFields": df} }

// toJSON writes a case input: a string is raw JSON, anything else is
// marshalled without HTML escaping.
func toJSON(t testing.TB, v any) []byte {
	t.Helper()
	switch x := v.(type) {
	case string:
		return []byte(x)
	case json.RawMessage:
		return x
	case []byte:
		return x
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatalf("marshal case input: %v", err)
	}
	return bytes.TrimSpace(buf.Bytes())
}

// ruleCase is one table case. crit is the criteria document, events the
// stored events (nil: none), update the profile update (nil: none), want the
// expected criteriaId ("" for no match).
type ruleCase struct {
	name   string
	crit   any
	events any
	update any
	want   string
}

// evalCase evaluates one case through the public API.
func evalCase(t *testing.T, c ruleCase) (id string, ok bool, events []any, update any) {
	t.Helper()
	comp, err := CompileJSON(toJSON(t, c.crit))
	if err != nil {
		t.Fatalf("CompileJSON: %v", err)
	}
	evJSON := []byte("[]")
	if c.events != nil {
		evJSON = toJSON(t, c.events)
	}
	events, err = DecodeEvents(evJSON)
	if err != nil {
		t.Fatalf("DecodeEvents: %v", err)
	}
	if c.update != nil {
		if update, err = DecodeUserUpdate(toJSON(t, c.update)); err != nil {
			t.Fatalf("DecodeUserUpdate: %v", err)
		}
	}
	before := snapshot(t, events, update)
	id, ok = comp.MatchData(events, update)
	rev := slices.Clone(events)
	slices.Reverse(rev)
	id2, ok2 := comp.MatchData(rev, update)
	if id2 != id || ok2 != ok {
		t.Errorf("rule 3: verdict depends on event order: %q/%v forward, %q/%v reversed", id, ok, id2, ok2)
	}
	if after := snapshot(t, events, update); !bytes.Equal(before, after) {
		t.Errorf("rule 3: evaluation modified its input:\nbefore %s\nafter  %s", before, after)
	}
	return id, ok, events, update
}

func snapshot(t testing.TB, events []any, update any) []byte {
	t.Helper()
	b, err := json.Marshal([]any{events, update})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runRuleCases runs a table under one subtest per rule or quirk name.
func runRuleCases(t *testing.T, group string, cases []ruleCase) {
	t.Helper()
	t.Run(group, func(t *testing.T) {
		seen := map[string]bool{}
		for _, c := range cases {
			if seen[c.name] {
				t.Errorf("duplicate case name %q", c.name)
			}
			seen[c.name] = true
			t.Run(c.name, func(t *testing.T) {
				id, ok, events, update := evalCase(t, c)
				if doc, err := DecodeValue(toJSON(t, c.crit)); err == nil {
					if rid, rok := refMatch(doc, events, update); rid != id || rok != ok {
						t.Errorf("the reference reading (rules_reference_test.go) gives %q/%v, the package %q/%v", rid, rok, id, ok)
					}
				}
				switch {
				case c.want == "" && ok:
					t.Errorf("matched %q, want no match\ncriteria %s\nevents   %s", id, toJSON(t, c.crit), toJSON(t, c.events))
				case c.want != "" && (!ok || id != c.want):
					t.Errorf("got %q (ok=%v), want %q\ncriteria %s\nevents   %s", id, ok, c.want, toJSON(t, c.crit), toJSON(t, c.events))
				}
			})
		}
	})
}

// hit is a custom event "e" and a leaf that finds it: the smallest matching
// pair, used where the rule under test is about the document, not the tree.
var (
	hitEvents = ja{jEv("e", jm{"x": 1})}
	hitLeaf   = jCE(jCond("x", "Equals", "1"))
	missLeaf  = jCE(jCond("x", "Equals", "2"))
)

func TestRulesDocument(t *testing.T) {
	runRuleCases(t, "rule01", []ruleCase{
		{name: "object-with-criteriaSets-array", crit: jOne(hitLeaf), events: hitEvents, want: "1"},
		{name: "array-document", crit: ja{jSet("1", hitLeaf)}, events: hitEvents},
		{name: "null-document", crit: `null`, events: hitEvents},
		{name: "string-document", crit: `"criteriaSets"`, events: hitEvents},
		{name: "number-document", crit: `1`, events: hitEvents},
		{name: "no-criteriaSets", crit: jm{"count": 1}, events: hitEvents},
		{name: "criteriaSets-object", crit: jm{"criteriaSets": jSet("1", hitLeaf)}, events: hitEvents},
		{name: "criteriaSets-null", crit: jm{"criteriaSets": nil}, events: hitEvents},
		{name: "criteriaSets-string", crit: jm{"criteriaSets": "[]"}, events: hitEvents},
		{name: "criteriaSets-empty", crit: jDoc(), events: hitEvents},
		{name: "legacy-criteriaList-only", crit: jm{"criteriaList": ja{jSet("1", hitLeaf)}}, events: hitEvents},
		{name: "criteriaSets-beside-criteriaList", crit: jm{"criteriaList": ja{jSet("L", hitLeaf)}, "criteriaSets": ja{jSet("S", hitLeaf)}}, events: hitEvents, want: "S"},
		{name: "criteriaList-beside-non-array-criteriaSets", crit: jm{"criteriaList": ja{jSet("L", hitLeaf)}, "criteriaSets": "x"}, events: hitEvents},
		{name: "duplicate-key-last-wins-non-array", crit: `{"criteriaSets":[{"criteriaId":"1","searchQuery":` + string(toJSON(t, hitLeaf)) + `}],"criteriaSets":5}`, events: hitEvents},
		{name: "duplicate-key-last-wins-array", crit: `{"criteriaSets":5,"criteriaSets":[{"criteriaId":"1","searchQuery":` + string(toJSON(t, hitLeaf)) + `}]}`, events: hitEvents, want: "1"},
	})
	t.Run("rule01/not-json-is-an-error", func(t *testing.T) {
		for _, bad := range []string{``, `{`, `{"criteriaSets":[}`, `{} {}`, `nul`} {
			if _, err := CompileJSON([]byte(bad)); err == nil {
				t.Errorf("CompileJSON(%q): no error", bad)
			}
		}
	})

	runRuleCases(t, "rule02", []ruleCase{
		{name: "first-of-two-matching", crit: jDoc(jSet("a", hitLeaf), jSet("b", hitLeaf)), events: hitEvents, want: "a"},
		{name: "second-when-first-fails", crit: jDoc(jSet("a", missLeaf), jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "order-not-id", crit: jDoc(jSet("9", hitLeaf), jSet("1", hitLeaf)), events: hitEvents, want: "9"},
		{name: "none-match", crit: jDoc(jSet("a", missLeaf), jSet("b", missLeaf)), events: hitEvents},
		{name: "skip-string-set", crit: jDoc("set", jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-number-set", crit: jDoc(7, jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-null-set", crit: jDoc(nil, jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-array-set", crit: jDoc(ja{jSet("a", hitLeaf)}, jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-missing-id", crit: jDoc(jm{"searchQuery": hitLeaf}, jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-empty-string-id", crit: jDoc(jSet("", hitLeaf), jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-null-id", crit: jDoc(jSet(nil, hitLeaf), jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-boolean-id", crit: jDoc(jSet(true, hitLeaf), jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-object-id", crit: jDoc(jSet(jm{"id": 1}, hitLeaf), jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-array-id", crit: jDoc(jSet(ja{"a"}, hitLeaf), jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-missing-searchQuery", crit: jDoc(jm{"criteriaId": "a"}, jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-null-searchQuery", crit: jDoc(jSet("a", nil), jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-array-searchQuery", crit: jDoc(jSet("a", ja{hitLeaf}), jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "skip-string-searchQuery", crit: jDoc(jSet("a", "x"), jSet("b", hitLeaf)), events: hitEvents, want: "b"},
		{name: "string-id-as-is", crit: jOne(hitLeaf), events: hitEvents, want: "1"},
		{name: "string-id-not-trimmed", crit: jDoc(jSet(" 0042 ", hitLeaf)), events: hitEvents, want: " 0042 "},
		{name: "string-id-unicode", crit: jDoc(jSet("crit\u00e9<&>", hitLeaf)), events: hitEvents, want: "crit\u00e9<&>"},
		{name: "number-id-integer", crit: jDoc(jSet(jn("12345"), hitLeaf)), events: hitEvents, want: "12345"},
		{name: "number-id-zero", crit: jDoc(jSet(jn("0"), hitLeaf)), events: hitEvents, want: "0"},
		{name: "number-id-negative", crit: jDoc(jSet(jn("-7"), hitLeaf)), events: hitEvents, want: "-7"},
		{name: "number-id-fraction", crit: jDoc(jSet(jn("1.5"), hitLeaf)), events: hitEvents, want: "1.5"},
		{name: "number-id-integral-fraction", crit: jDoc(jSet(jn("12345.0"), hitLeaf)), events: hitEvents, want: "12345"},
		{name: "number-id-exponent", crit: jDoc(jSet(jn("1e3"), hitLeaf)), events: hitEvents, want: "1000"},
		{name: "number-id-big-integer", crit: jDoc(jSet(jn("12345678901234567890"), hitLeaf)), events: hitEvents, want: "12345678901234567890"},
		{name: "number-id-then-string", crit: jDoc(jSet(jn("5"), missLeaf), jSet("6", hitLeaf)), events: hitEvents, want: "6"},
		{name: "neither-node-is-false", crit: jDoc(jSet("a", jm{"combinator": "And"}), jSet("b", hitLeaf)), events: hitEvents, want: "b"},
	})
}

// TestRulesPurity covers rule 3 directly; every table case also checks it
// (reversed events, inputs unchanged).
func TestRulesPurity(t *testing.T) {
	two := ja{jEv("e", jm{"x": 1}), jEv("e", jm{"x": 1}), jEv("f", nil)}
	probe := jOne(jMin(hitLeaf, 3))
	t.Run("rule03/minMatch-probe-repeated", func(t *testing.T) {
		comp, err := CompileJSON(toJSON(t, probe))
		if err != nil {
			t.Fatal(err)
		}
		events, _ := DecodeEvents(toJSON(t, two))
		recs := NewRecords(events, nil)
		for i := range 5 {
			if id, ok := comp.Match(recs); ok {
				t.Fatalf("evaluation %d: matched %q with two hits and minMatch 3", i+1, id)
			}
		}
	})
	t.Run("rule03/criteria-unchanged", func(t *testing.T) {
		q := jNot(jMin(hitLeaf, 3), jCE(jCond("e", "IsSet")), jUL(jCond("x", "IsSet")))
		doc, err := Parse(toJSON(t, jOne(q)))
		if err != nil {
			t.Fatal(err)
		}
		before, _ := Export(doc)
		comp := Compile(doc)
		events, _ := DecodeEvents(toJSON(t, two))
		for range 3 {
			comp.MatchData(events, jm{"eventType": "user", "dataFields": jm{"x": 1}})
		}
		after, _ := Export(doc)
		if !bytes.Equal(before, after) {
			t.Errorf("criteria changed by evaluation:\nbefore %s\nafter  %s", before, after)
		}
	})
	t.Run("rule03/no-state-between-visitors", func(t *testing.T) {
		comp, _ := CompileJSON(toJSON(t, jOne(jMin(hitLeaf, 2))))
		one, _ := DecodeEvents(toJSON(t, two[:1]))
		both, _ := DecodeEvents(toJSON(t, two))
		for i, step := range []struct {
			events []any
			want   bool
		}{{one, false}, {both, true}, {one, false}, {both, true}, {nil, false}} {
			if _, ok := comp.MatchData(step.events, nil); ok != step.want {
				t.Errorf("step %d: matched=%v, want %v", i, ok, step.want)
			}
		}
	})
	runRuleCases(t, "rule03", []ruleCase{
		{name: "order-a-then-b", crit: jOne(jNot(jCE(jCond("a", "IsSet")))), events: ja{jEv("a", nil), jEv("b", nil)}},
		{name: "order-b-then-a", crit: jOne(jNot(jCE(jCond("a", "IsSet")))), events: ja{jEv("b", nil), jEv("a", nil)}},
		{name: "purchase-before-custom", crit: jOne(jAnd(jPL(jCond("total", "GreaterThan", "1")), jCE(jCond("a", "IsSet")))), events: ja{jEv("a", nil), jPur(nil, jm{"total": 5})}, want: "1"},
	})
}
