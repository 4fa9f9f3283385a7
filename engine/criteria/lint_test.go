package criteria

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// lintDoc wraps criteria sets in the usual envelope.
func lintDoc(sets ...string) string {
	return `{"count":` + fmt.Sprint(len(sets)) + `,"criteriaSets":[` + strings.Join(sets, ",") + `]}`
}

// lintSet is a criteria set with id "1" around a query.
func lintSet(query string) string {
	return `{"criteriaId":"1","name":"n","searchQuery":` + query + `}`
}

// lintLeaf is a condition block of dataType dt (raw JSON) with extra members
// and conditions; it sits at criteriaSets[0].searchQuery.searchQueries[0].
func lintLeaf(dt, extra string, conds ...string) string {
	leaf := `{"dataType":` + dt + extra + `,"searchCombo":{"combinator":"And","searchQueries":[` + strings.Join(conds, ",") + `]}}`
	return lintDoc(lintSet(`{"combinator":"And","searchQueries":[` + leaf + `]}`))
}

// lintCond is a condition block of type dt holding one condition whose
// members are given as raw JSON (without braces).
func lintCond(dt, members string) string {
	return lintLeaf(`"`+dt+`"`, "", `{"dataType":"`+dt+`",`+members+`}`)
}

const (
	lpLeaf = "criteriaSets[0].searchQuery.searchQueries[0]"
	lpCond = lpLeaf + ".searchCombo.searchQueries[0]"
)

func lintJSON(t *testing.T, js string, opt LintOptions) []Problem {
	t.Helper()
	d, err := Parse([]byte(js))
	if err != nil {
		t.Fatalf("parse %s: %v", js, err)
	}
	return Lint(d, opt)
}

func TestLintProblems(t *testing.T) {
	okSet := func(id string) string {
		return `{"criteriaId":` + id + `,"searchQuery":{"combinator":"And","searchQueries":[{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"a","comparatorType":"IsSet","value":""}]}}]}}`
	}
	group := func(children string) string {
		return lintDoc(lintSet(`{"combinator":"And","searchQueries":[` + children + `]}`))
	}
	eq := `"field":"f","comparatorType":"Equals",`
	cases := []struct {
		name, js, path, msg string
		n                   int // expected number of problems; 0 means 1
	}{
		{"no criteriaSets", `{"count":0}`, "criteriaSets", `no "criteriaSets" list`, 0},
		{"criteriaSets not array", `{"criteriaSets":{"a":1}}`, "criteriaSets", `the object {"a":1}`, 0},
		{"legacy envelope", `{"criteriaList":[` + okSet(`"1"`) + `]}`, "criteriaList", `limen evaluates only "criteriaSets"`, 0},
		{"legacy paths", `{"criteriaList":[7]}`, "criteriaList[0]", "must be an object", 2},
		{"set not object", lintDoc(`"x"`), "criteriaSets[0]", `the text "x"`, 0},
		{"criteriaId missing", lintDoc(`{"searchQuery":{"combinator":"And","searchQueries":[{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"a","comparatorType":"IsSet"}]}}]}}`), "criteriaSets[0].criteriaId", "no criteriaId", 0},
		{"criteriaId empty", lintDoc(okSet(`""`)), "criteriaSets[0].criteriaId", `empty ("")`, 0},
		{"criteriaId bool", lintDoc(okSet(`true`)), "criteriaSets[0].criteriaId", "the boolean true", 0},
		{"criteriaId duplicate", lintDoc(okSet(`"7"`), okSet(`"8"`), okSet(`7`)), "criteriaSets[2].criteriaId", `duplicate criteriaId "7": criteriaSets[0]`, 0},
		{"searchQuery missing", lintDoc(`{"criteriaId":"1"}`), "criteriaSets[0].searchQuery", "no searchQuery", 0},
		{"searchQuery not object", lintDoc(`{"criteriaId":"1","searchQuery":[]}`), "criteriaSets[0].searchQuery", "the list []", 0},
		{"name not string", lintDoc(`{"criteriaId":"1","name":5,"searchQuery":{"combinator":"And","searchQueries":[{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"a","comparatorType":"IsSet"}]}}]}}`), "criteriaSets[0].name", "the number 5", 0},
		{"node not object", group(`3`), lpLeaf, "the number 3", 0},
		{"node neither", group(`{"dataType":"user"}`), lpLeaf, "neither a group", 0},
		{"node searchQueries not list", group(`{"combinator":"And","searchQueries":{}}`), lpLeaf, `"searchQueries" is the object {}`, 0},
		{"group combinator unknown", lintDoc(lintSet(`{"combinator":"Xor","searchQueries":[{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"a","comparatorType":"IsSet"}]}}]}`)), "criteriaSets[0].searchQuery.combinator", `unknown combinator "Xor", so this group`, 0},
		{"group combinator case", lintDoc(lintSet(`{"combinator":"and","searchQueries":[{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"a","comparatorType":"IsSet"}]}}]}`)), "criteriaSets[0].searchQuery.combinator", `write "And"`, 0},
		{"group combinator missing", lintDoc(lintSet(`{"searchQueries":[{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"a","comparatorType":"IsSet"}]}}]}`)), "criteriaSets[0].searchQuery.combinator", "no combinator", 0},
		{"group combinator not string", lintDoc(lintSet(`{"combinator":1,"searchQueries":[{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"a","comparatorType":"IsSet"}]}}]}`)), "criteriaSets[0].searchQuery.combinator", "the number 1", 0},
		{"group empty", lintDoc(lintSet(`{"combinator":"And","searchQueries":[]}`)), "criteriaSets[0].searchQuery.searchQueries", "matches every visitor", 0},
		{"group empty or", group(`{"combinator":"Or","searchQueries":[]}`), lpLeaf + ".searchQueries", "never matches", 0},
		{"data type unknown", lintLeaf(`"cartUpdate"`, "", `{"field":"a","comparatorType":"IsSet"}`), lpLeaf + ".dataType", `unknown data type "cartUpdate"`, 0},
		{"data type hint", lintLeaf(`"updateCart"`, "", `{"field":"a","comparatorType":"IsSet"}`), lpLeaf + ".dataType", `customEvent conditions on "updateCart"`, 0},
		{"data type missing", group(`{"searchCombo":{"combinator":"And","searchQueries":[{"field":"a","comparatorType":"IsSet"}]}}`), lpLeaf + ".dataType", "no dataType", 0},
		{"data type not string", lintLeaf(`3`, "", `{"field":"a","comparatorType":"IsSet"}`), lpLeaf + ".dataType", "the number 3", 0},
		{"combo not object", group(`{"dataType":"user","searchCombo":"x"}`), lpLeaf + ".searchCombo", `the text "x"`, 0},
		{"combo combinator unknown", group(`{"dataType":"user","searchCombo":{"combinator":"All","searchQueries":[{"field":"a","comparatorType":"IsSet"}]}}`), lpLeaf + ".searchCombo.combinator", `unknown combinator "All", so this condition block`, 0},
		{"combo no conditions", group(`{"dataType":"user","searchCombo":{"combinator":"And"}}`), lpLeaf + ".searchCombo.searchQueries", "no conditions", 0},
		{"combo empty conditions", group(`{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[]}}`), lpLeaf + ".searchCombo.searchQueries", "no conditions", 0},
		{"combo conditions not list", group(`{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":"a"}}`), lpLeaf + ".searchCombo.searchQueries", `must be a list`, 0},
		{"minMatch zero", lintLeaf(`"customEvent"`, `,"minMatch":0`, `{"field":"a","comparatorType":"IsSet"}`), lpLeaf + ".minMatch", "at least 1, but it is the number 0", 0},
		{"minMatch fraction", lintLeaf(`"customEvent"`, `,"minMatch":2.5`, `{"field":"a","comparatorType":"IsSet"}`), lpLeaf + ".minMatch", "whole number, but it is the number 2.5", 0},
		{"minMatch bad string", lintLeaf(`"customEvent"`, `,"minMatch":"two"`, `{"field":"a","comparatorType":"IsSet"}`), lpLeaf + ".minMatch", `the text "two"`, 0},
		{"minMatch bool", lintLeaf(`"customEvent"`, `,"minMatch":true`, `{"field":"a","comparatorType":"IsSet"}`), lpLeaf + ".minMatch", "must be a number", 0},
		{"minMatch over limit", lintLeaf(`"customEvent"`, `,"minMatch":"101"`, `{"field":"a","comparatorType":"IsSet"}`), lpLeaf + ".minMatch", "keeps only the last 100 events, so this can never be reached", 0},
		{"minMatch user", lintLeaf(`"user"`, `,"minMatch":2`, `{"field":"a","comparatorType":"IsSet"}`), lpLeaf + ".minMatch", "only one profile record", 0},
		{"condition not object", lintLeaf(`"user"`, "", `"a"`), lpCond, `the text "a"`, 0},
		{"field missing", lintCond("user", `"comparatorType":"IsSet"`), lpCond + ".field", "no field", 0},
		{"field empty", lintCond("user", `"field":"","comparatorType":"IsSet"`), lpCond + ".field", "field is empty", 0},
		{"field not string", lintCond("user", `"field":1,"comparatorType":"IsSet"`), lpCond + ".field", "the number 1", 0},
		{"comparator unknown", lintCond("user", `"field":"a","comparatorType":"Like","value":"x"`), lpCond + ".comparatorType", `unknown comparator "Like", so this condition never holds; use one of Equals, DoesNotEqual, IsSet, GreaterThan, LessThan, GreaterThanOrEqualTo, LessThanOrEqualTo, Contains, StartsWith, MatchesRegex`, 0},
		{"comparator missing", lintCond("user", `"field":"a","value":"x"`), lpCond + ".comparatorType", "no comparatorType", 0},
		{"numeric operand", lintCond("user", `"field":"age","comparatorType":"GreaterThan","value":"ten"`), lpCond + ".value", `GreaterThan needs a number, but "ten" is not one`, 0},
		{"numeric operand spaces", lintCond("user", `"field":"age","comparatorType":"LessThanOrEqualTo","value":" 5"`), lpCond + ".value", `but " 5" is not one`, 0},
		{"numeric operand in values", lintCond("user", `"field":"age","comparatorType":"LessThan","values":["1","2","x"]`), lpCond + ".values[2]", `but "x" is not one`, 0},
		{"no operand", lintCond("user", eq+`"value":""`), lpCond + ".value", `the text ""`, 0},
		{"operand missing", lintCond("user", `"field":"f","comparatorType":"Contains"`), lpCond + ".value", "no value to compare with", 0},
		{"operand object", lintCond("user", eq+`"value":{}`), lpCond + ".value", "can never hold", 0},
		{"values empty", lintCond("user", eq+`"values":[]`), lpCond + ".values", "values list is empty", 0},
		{"values unusable", lintCond("user", eq+`"values":["",null,[]]`), lpCond + ".values", "none of the values", 0},
		{"regex invalid", lintCond("user", `"field":"f","comparatorType":"MatchesRegex","value":"[a"`), lpCond + ".value", "missing closing ]", 0},
		{"regex look-ahead", lintCond("user", `"field":"f","comparatorType":"MatchesRegex","value":"a(?=b)"`), lpCond + ".value", "look-ahead and look-behind are not supported", 0},
		{"regex look-behind", lintCond("user", `"field":"f","comparatorType":"MatchesRegex","value":"(?<!a)b"`), lpCond + ".value", "look-ahead and look-behind", 0},
		{"regex back-reference", lintCond("user", `"field":"f","comparatorType":"MatchesRegex","values":["a","(a)\\1"]`), lpCond + ".values[1]", "back-references are not supported", 0},
		{"condition dataType", lintLeaf(`"user"`, "", `{"dataType":"customEvent","field":"a","comparatorType":"IsSet"}`), lpCond + ".dataType", `"customEvent" differs from its block's dataType "user"`, 0},
		{"field empty segment", lintCond("user", `"field":"a..b","comparatorType":"IsSet"`), lpCond + ".field", `"a..b" has an empty part`, 0},
		{"field leading dot", lintCond("user", `"field":".a","comparatorType":"IsSet"`), lpCond + ".field", "empty part", 0},
		{"field trailing dot", lintCond("customEvent", `"field":"ev.","comparatorType":"IsSet"`), lpCond + ".field", "empty part", 0},
		{"purchase item in custom", lintCond("customEvent", `"field":"shoppingCartItems.price","comparatorType":"IsSet"`), lpCond + ".field", "only works in a purchase block, not a customEvent block", 0},
		{"cart item in purchase", lintCond("purchase", `"field":"updateCart.updatedShoppingCartItems.price","comparatorType":"IsSet"`), lpCond + ".field", "only works in a customEvent block", 0},
		{"item in user", lintCond("user", `"field":"updateCart.updatedShoppingCartItems.name","comparatorType":"IsSet"`), lpCond + ".field", "user block", 0},
		{"bare purchase items", lintCond("purchase", `"field":"shoppingCartItems","comparatorType":"Equals","value":"x"`), lpCond + ".field", `"shoppingCartItems" is the whole list of items`, 0},
		{"bare cart items", lintCond("customEvent", `"field":"updateCart.updatedShoppingCartItems","comparatorType":"Contains","value":"x"`), lpCond + ".field", `name an item field after it, such as "updateCart.updatedShoppingCartItems.price"`, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			probs := lintJSON(t, c.js, LintOptions{})
			want := c.n
			if want == 0 {
				want = 1
			}
			found := false
			for _, p := range probs {
				if p.Path == c.path && strings.Contains(p.Message, c.msg) {
					found = true
				}
			}
			if !found || len(probs) != want {
				t.Errorf("want %d problem(s) incl. %s: …%s…; got:\n%s", want, c.path, c.msg, problemLines(probs))
			}
		})
	}
}

func problemLines(probs []Problem) string {
	var b strings.Builder
	for _, p := range probs {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}

func TestLintClean(t *testing.T) {
	cases := map[string]string{
		"empty list":                         `{"count":0,"criteriaSets":[]}`,
		"numeric id and IsSet without value": lintDoc(`{"criteriaId":12,"searchQuery":{"combinator":"Or","searchQueries":[{"dataType":"user","searchCombo":{"combinator":"Not","searchQueries":[{"field":"a","comparatorType":"IsSet"}]}}]}}`),
		"event occurred":                     lintCond("customEvent", `"field":"button-clicked","comparatorType":"IsSet","value":"","fieldType":"object"`),
		"cart item":                          lintCond("customEvent", `"field":"updateCart.updatedShoppingCartItems.price","comparatorType":"GreaterThanOrEqualTo","value":"-1.5e3"`),
		"purchase item and bare IsSet":       lintLeaf(`"purchase"`, `,"minMatch":"3","maxMatch":1`, `{"field":"shoppingCartItems.dataFields.color","comparatorType":"Equals","values":["red",5,true,""]}`, `{"field":"shoppingCartItems","comparatorType":"IsSet","value":""}`),
		"regex and numbers":                  lintCond("user", `"field":"zip","comparatorType":"MatchesRegex","value":"^(?<area>\\d{3})\\d{2}$"`),
		"minMatch at limit":                  lintLeaf(`"customEvent"`, `,"minMatch":100`, `{"field":"a","comparatorType":"Contains","value":7}`),
		"nested groups":                      lintDoc(lintSet(`{"combinator":"Not","searchQueries":[{"combinator":"Or","searchQueries":[{"dataType":"user","searchCombo":{"combinator":"Or","searchQueries":[{"field":"a.b.c","comparatorType":"DoesNotEqual","value":"x"}]}}]}]}`)),
	}
	for name, js := range cases {
		if probs := lintJSON(t, js, LintOptions{}); len(probs) != 0 {
			t.Errorf("%s: want no problems, got:\n%s", name, problemLines(probs))
		}
	}
}

func TestLintEventLimit(t *testing.T) {
	js := lintLeaf(`"purchase"`, `,"minMatch":150`, `{"field":"total","comparatorType":"GreaterThan","value":"10"}`)
	if probs := lintJSON(t, js, LintOptions{EventLimit: 200}); len(probs) != 0 {
		t.Errorf("limit 200: want no problems, got:\n%s", problemLines(probs))
	}
	probs := lintJSON(t, js, LintOptions{EventLimit: 120})
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "last 120 events") {
		t.Errorf("limit 120: got:\n%s", problemLines(probs))
	}
}

func TestLintDocumentOrder(t *testing.T) {
	js := lintDoc(
		`{"criteriaId":"","searchQuery":{"combinator":"Xor","searchQueries":[{"dataType":"nope","minMatch":0,"searchCombo":{"combinator":"And","searchQueries":[{"dataType":"user","field":"a.","comparatorType":"Is","value":"x"},{"field":"b","comparatorType":"LessThan","value":"y"}]}},{"combinator":"And","searchQueries":[]}]}}`,
		`{"criteriaId":"2","name":false}`)
	want := []string{
		"criteriaSets[0].criteriaId",
		"criteriaSets[0].searchQuery.combinator",
		"criteriaSets[0].searchQuery.searchQueries[0].dataType",
		"criteriaSets[0].searchQuery.searchQueries[0].minMatch",
		"criteriaSets[0].searchQuery.searchQueries[0].searchCombo.searchQueries[0].field",
		"criteriaSets[0].searchQuery.searchQueries[0].searchCombo.searchQueries[0].comparatorType",
		"criteriaSets[0].searchQuery.searchQueries[0].searchCombo.searchQueries[1].value",
		"criteriaSets[0].searchQuery.searchQueries[1].searchQueries",
		"criteriaSets[1].name",
		"criteriaSets[1].searchQuery",
	}
	probs := lintJSON(t, js, LintOptions{})
	var got []string
	for _, p := range probs {
		got = append(got, p.Path)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{Path: "criteriaSets[0].criteriaId", Message: "m"}
	if p.String() != "criteriaSets[0].criteriaId: m" {
		t.Errorf("String() = %q", p.String())
	}
	if Lint(nil, LintOptions{}) == nil {
		t.Error("Lint(nil) reports nothing")
	}
}

// lintCorpusAllowed lists the only (vector id, path) pairs of the conformance
// corpus that Lint reports. Everything else there is clean.
var lintCorpusAllowed = map[[2]string]bool{
	// `{}`: there is truly no criteriaSets list.
	{"web/tests.criteriaCompletionChecker/should return null if criteriaData is empty", "criteriaSets"}: true,
}

func TestLintCorpus(t *testing.T) {
	vs := loadConformance(t)
	seen := map[[2]string]bool{}
	for _, v := range vs {
		d, err := Parse(v.Criteria)
		if err != nil {
			t.Errorf("%s: parse: %v", v.ID, err)
			continue
		}
		before, err := Export(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range Lint(d, LintOptions{}) {
			key := [2]string{v.ID, p.Path}
			seen[key] = true
			if !lintCorpusAllowed[key] {
				t.Errorf("%s: unexpected problem %s", v.ID, p)
			}
		}
		after, err := Export(d)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("%s: Lint modified the document", v.ID)
		}
	}
	for key := range lintCorpusAllowed {
		if !seen[key] {
			t.Errorf("allowlisted %v is no longer reported; drop it from the list", key)
		}
	}
}

func TestLintDoesNotModify(t *testing.T) {
	js := lintDoc(
		`{"criteriaId":"1","name":3,"x":{"y":[1,2]},"searchQuery":{"combinator":"Or","searchQueries":[7,{"dataType":"user","minMatch":"2","searchCombo":{"combinator":"x","searchQueries":["a",{"field":"..","comparatorType":"MatchesRegex","values":["(?=a)",{},null,""],"valueLong":5,"id":3}]}},{"searchCombo":1}]}}`,
		`{"criteriaId":"1","searchQuery":"q"}`, `[]`)
	d, err := Parse([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := Export(d)
	if probs := Lint(d, LintOptions{}); len(probs) < 8 {
		t.Errorf("expected many problems, got:\n%s", problemLines(probs))
	}
	after, _ := Export(d)
	if !bytes.Equal(before, after) {
		t.Errorf("Lint modified the document:\n%s\n%s", before, after)
	}
}
