package criteria

// Parse -> Export -> Parse gives an identical model, and Export writes the
// same JSON value it read (when the input has no duplicate keys).

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// decodeAny decodes one JSON value with numbers kept as json.Number.
func decodeAny(t testing.TB, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return v
}

// duplicateKeys lists the object keys that occur twice in one object of data.
func duplicateKeys(data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		obj    bool
		keys   map[string]bool
		expect bool // next string token is a key
	}
	var stack []*frame
	var dups []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) || err != nil {
			return dups
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch x := tok.(type) {
		case json.Delim:
			switch x {
			case '{', '[':
				if top != nil && top.obj {
					top.expect = true
				}
				stack = append(stack, &frame{obj: x == '{', keys: map[string]bool{}, expect: x == '{'})
				continue
			case '}', ']':
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].obj {
					stack[len(stack)-1].expect = true
				}
				continue
			}
		case string:
			if top != nil && top.obj && top.expect {
				if top.keys[x] {
					dups = append(dups, x)
				}
				top.keys[x] = true
				top.expect = false
				continue
			}
		}
		if top != nil && top.obj {
			top.expect = true
		}
	}
}

// checkRoundTrip asserts the round-trip properties for one document text.
func checkRoundTrip(t *testing.T, src []byte) {
	t.Helper()
	d1, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	out, err := Export(d1)
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	d2, err := Parse(out)
	if err != nil {
		t.Fatalf("Parse(Export): %v\nexported %s", err, out)
	}
	if !reflect.DeepEqual(d1, d2) {
		a, _ := json.Marshal(d1)
		b, _ := json.Marshal(d2)
		t.Errorf("Parse(Export(Parse(x))) differs from Parse(x)\ninput    %s\nexported %s\nmodel 1  %s (Sets nil: %v)\nmodel 2  %s (Sets nil: %v)", src, out, a, d1.Sets == nil, b, d2.Sets == nil)
	}
	ind, err := ExportIndent(d1)
	if err != nil {
		t.Fatalf("ExportIndent: %v", err)
	}
	if d3, err := Parse(ind); err != nil || !reflect.DeepEqual(d1, d3) {
		t.Errorf("Parse(ExportIndent) differs (err %v)\n%s", err, ind)
	}
	if again, _ := Export(d2); !bytes.Equal(out, again) {
		t.Errorf("Export is not stable:\nfirst  %s\nsecond %s", out, again)
	}
	if dups := duplicateKeys(out); len(dups) > 0 {
		t.Errorf("Export wrote duplicate keys %q\ninput    %s\nexported %s", dups, src, out)
	}
	if len(duplicateKeys(src)) == 0 {
		if !reflect.DeepEqual(decodeAny(t, src), decodeAny(t, out)) {
			t.Errorf("Export is not the JSON value read\ninput    %s\nexported %s", src, out)
		}
	}
	// The re-parsed model evaluates the same way.
	if c1, c2 := Compile(d1), Compile(d2); !reflect.DeepEqual(c1.IDs(), c2.IDs()) {
		t.Errorf("compiled ids differ: %q vs %q", c1.IDs(), c2.IDs())
	}
}

func TestRoundTripCorpus(t *testing.T) {
	for _, v := range loadConformance(t) {
		t.Run(v.ID, func(t *testing.T) { checkRoundTrip(t, v.Criteria) })
	}
}

// oddDocuments are hand-written documents of every odd shape the model keeps.
var oddDocuments = []struct{ name, doc string }{
	{"numeric-criteriaId", `{"count":2,"criteriaSets":[{"criteriaId":12345,"searchQuery":{"combinator":"And","searchQueries":[]}},{"criteriaId":1.50,"searchQuery":{"combinator":"Or","searchQueries":[]}}]}`},
	{"unknown-members-everywhere", `{"x-doc":1,"criteriaSets":[{"criteriaId":"1","x-set":{"a":[1,2]},"searchQuery":{"x-group":true,"combinator":"And","searchQueries":[{"dataType":"customEvent","x-leaf":null,"searchCombo":{"x-combo":"y","combinator":"And","searchQueries":[{"field":"a","comparatorType":"IsSet","x-cond":[{}]}]}}]}}],"x-after":"z"}`},
	{"unknown-members-first", `{"zz":0,"criteriaSets":[{"zz":0,"criteriaId":"1","searchQuery":{"zz":0,"searchQueries":[],"combinator":"Not"}}]}`},
	{"number-combinators", `{"criteriaSets":[{"criteriaId":"1","searchQuery":{"combinator":1,"searchQueries":[{"dataType":"user","searchCombo":{"combinator":2,"searchQueries":[]}}]}}]}`},
	{"null-combinators", `{"criteriaSets":[{"criteriaId":"1","searchQuery":{"combinator":null,"searchQueries":[{"dataType":"user","searchCombo":{"combinator":null}}]}}]}`},
	{"string-set", `{"count":3,"criteriaSets":["a set",7,null,[1],{"criteriaId":"2"}]}`},
	{"values-not-array", `{"criteriaSets":[{"criteriaId":"1","searchQuery":{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"a","comparatorType":"Equals","values":"x"},{"field":"b","comparatorType":"Equals","values":null},{"field":"c","comparatorType":"Equals","values":{"0":"x"}}]}}}]}`},
	{"values-arrays", `{"criteriaSets":[{"criteriaId":"1","searchQuery":{"dataType":"user","searchCombo":{"combinator":"Or","searchQueries":[{"field":"a","comparatorType":"Equals","values":[]},{"field":"b","comparatorType":"Equals","value":"z","values":["",1,true,null,{},[]]}]}}}]}`},
	{"legacy-criteriaList", `{"count":1,"criteriaList":[{"criteriaId":"1","searchQuery":{"combinator":"And","searchQueries":[]}}]}`},
	{"both-envelopes", `{"criteriaList":[{"criteriaId":"L"}],"criteriaSets":[{"criteriaId":"S"}]}`},
	{"both-envelopes-sets-first", `{"criteriaSets":[{"criteriaId":"S"}],"criteriaList":[{"criteriaId":"L"}]}`},
	{"legacy-beside-odd-sets", `{"criteriaList":[{"criteriaId":"L"}],"criteriaSets":{"x":1}}`},
	{"searchCombo-null", `{"criteriaSets":[{"criteriaId":"1","searchQuery":{"dataType":"customEvent","searchCombo":null}}]}`},
	{"searchCombo-kinds", `{"criteriaSets":[{"criteriaId":"1","searchQuery":{"combinator":"Or","searchQueries":[{"searchCombo":"x"},{"searchCombo":[1]},{"searchCombo":{}},{"searchCombo":{"searchQueries":{}}},{"searchCombo":{"searchQueries":["c",null,3]}}]}}]}`},
	{"html-in-regex", `{"criteriaSets":[{"criteriaId":"<&>","name":"a<b>&c","searchQuery":{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"html","comparatorType":"MatchesRegex","value":"^<b>.*&amp;</b>$"}]}}}]}`},
	{"html-in-keys", `{"criteriaSets":[],"<script>&":"</script>"}`},
	{"searchQuery-kinds", `{"criteriaSets":[{"criteriaId":"1","searchQuery":null},{"criteriaId":"2","searchQuery":[]},{"criteriaId":"3","searchQuery":"q"},{"criteriaId":"4"}]}`},
	{"odd-node-children", `{"criteriaSets":[{"criteriaId":"1","searchQuery":{"combinator":"And","searchQueries":[null,"x",1,[],{},{"searchQueries":{}}]}}]}`},
	{"odd-member-types", `{"count":"two","criteriaSets":[{"criteriaId":true,"name":5,"createdAt":"yesterday","updatedAt":null,"searchQuery":{"dataType":7,"minMatch":"3","maxMatch":[2],"searchCombo":{"searchQueries":[{"dataType":1,"field":2,"fieldType":3,"comparatorType":4,"value":{"a":1},"valueLong":"x","id":null}]}}}]}`},
	{"group-and-leaf-members", `{"criteriaSets":[{"criteriaId":"1","searchQuery":{"combinator":"And","searchQueries":[],"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[]},"minMatch":1}}]}`},
	{"escapes-and-unicode", `{"criteriaSets":[{"criteriaId":"caf\u00e9","name":"line\nbreak \"q\" \u2028 \ud83d\ude00","searchQuery":{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"\u0061.b","comparatorType":"Equals","value":"\t\/"}]}}}]}`},
	{"numbers-kept", `{"count":1.0,"criteriaSets":[{"criteriaId":1e3,"createdAt":-0,"searchQuery":{"dataType":"purchase","minMatch":2.50,"maxMatch":1E2,"searchCombo":{"combinator":"And","searchQueries":[{"field":"total","comparatorType":"GreaterThan","value":100.000,"valueLong":12345678901234567890}]}}}]}`},
	{"whitespace", "{\n  \"criteriaSets\" : [ { \"criteriaId\" : \"1\" ,\n \"searchQuery\" : { \"combinator\" : \"And\" , \"searchQueries\" : [ ] } } ]\n}\n"},
	{"known-keys-reordered", `{"criteriaSets":[{"searchQuery":{"searchQueries":[{"searchCombo":{"searchQueries":[{"value":"1","comparatorType":"Equals","field":"x","dataType":"user"}],"combinator":"And"},"dataType":"user","maxMatch":2,"minMatch":1}],"combinator":"Or"},"name":"n","criteriaId":"1"}],"count":1}`},
	{"duplicate-keys", `{"criteriaSets":[{"criteriaId":"1","criteriaId":"2","searchQuery":{"combinator":"And","combinator":"Or","searchQueries":[]}}]}`},
	{"empty-criteriaSets", `{"criteriaSets":[]}`},
	{"empty-object", `{}`},
	{"no-criteriaSets", `{"count":0}`},
	{"criteriaSets-not-array", `{"criteriaSets":"none"}`},
	{"criteriaSets-null", `{"criteriaSets":null}`},
	{"criteriaList-not-array", `{"criteriaList":5}`},
}

func TestRoundTripOdd(t *testing.T) {
	for _, c := range oddDocuments {
		t.Run(c.name, func(t *testing.T) { checkRoundTrip(t, []byte(c.doc)) })
	}
}

// TestExportNoHTMLEscape checks that < > & are written as they are, in
// values, names and member keys, by Export and ExportIndent.
func TestExportNoHTMLEscape(t *testing.T) {
	src := `{"criteriaSets":[{"criteriaId":"<1>","name":"a<b>&c","searchQuery":{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[{"field":"a&b","comparatorType":"MatchesRegex","value":"^<b>(x|y)&</b>$","x<y":"&"}]}}}],"k<&>":1}`
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for name, export := range map[string]func(*Document) ([]byte, error){"Export": Export, "ExportIndent": ExportIndent} {
		out, err := export(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, esc := range []string{`\u003c`, `\u003e`, `\u0026`} {
			if strings.Contains(string(out), esc) {
				t.Errorf("%s escaped HTML characters (%s):\n%s", name, esc, out)
				break
			}
		}
		for _, want := range []string{`"^<b>(x|y)&</b>$"`, `"a<b>&c"`, `"<1>"`, `"a&b"`} {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s lacks %s:\n%s", name, want, out)
			}
		}
	}
}

// TestExportKnownOrder checks that known members come first, in Iterable's
// order, and unknown members follow in the order read.
func TestExportKnownOrder(t *testing.T) {
	src := `{"z":1,"criteriaSets":[{"z":1,"searchQuery":{"z":1,"searchQueries":[],"combinator":"And"},"name":"n","criteriaId":"1"}],"count":1}`
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := Export(d)
	want := `{"count":1,"criteriaSets":[{"criteriaId":"1","name":"n","searchQuery":{"combinator":"And","searchQueries":[],"z":1},"z":1}],"z":1}`
	if string(out) != want {
		t.Errorf("Export:\n got %s\nwant %s", out, want)
	}
}
