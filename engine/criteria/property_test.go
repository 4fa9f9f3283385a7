package criteria

// Properties of evaluation over the whole corpus (rule 3): inputs are never
// modified, the verdict does not depend on the order of stored events or on
// earlier evaluations, and one *Compiled can be shared by many goroutines.

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"
)

// propVector is a corpus vector decoded once.
type propVector struct {
	id     string
	doc    *Document
	comp   *Compiled
	events []any
	update any
	recs   []Record
	want   string
	wantOK bool
}

func loadPropVectors(t testing.TB) []propVector {
	t.Helper()
	var out []propVector
	for _, v := range loadConformance(t) {
		doc, err := Parse(v.Criteria)
		if err != nil {
			t.Fatalf("%s: parse: %v", v.ID, err)
		}
		events, err := DecodeEvents(v.Events)
		if err != nil {
			t.Fatalf("%s: events: %v", v.ID, err)
		}
		var update any
		if len(v.UserUpdate) > 0 {
			if update, err = DecodeUserUpdate(v.UserUpdate); err != nil {
				t.Fatalf("%s: update: %v", v.ID, err)
			}
		}
		pv := propVector{id: v.ID, doc: doc, comp: Compile(doc), events: events, update: update}
		pv.recs = NewRecords(events, update)
		if v.Expect != nil {
			pv.want, pv.wantOK = *v.Expect, true
		}
		out = append(out, pv)
	}
	return out
}

// deepCopy copies decoded JSON through a JSON round trip (numbers stay
// json.Number).
func deepCopy(t testing.TB, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	c, err := DecodeValue(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func shuffled(r *rand.Rand, events []any) []any {
	out := slices.Clone(events)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// (a) evaluation never modifies the events, the profile update or the
// criteria.
func TestPropertyNoMutation(t *testing.T) {
	vs := loadPropVectors(t)
	r := rand.New(rand.NewPCG(1, 2))
	for _, v := range vs {
		evCopy := deepCopy(t, v.events)
		upCopy := deepCopy(t, v.update)
		before, err := Export(v.doc)
		if err != nil {
			t.Fatal(err)
		}
		docCopy, _ := Parse(before)
		recs := NewRecords(v.events, v.update)
		for i := range 8 {
			ev := v.events
			if i > 0 {
				ev = shuffled(r, v.events)
			}
			v.comp.MatchData(ev, v.update)
			v.comp.Match(recs)
			v.comp.Match(NewRecords(ev, v.update))
		}
		// A compile of the same model, used and thrown away, changes nothing.
		Compile(v.doc).MatchData(v.events, v.update)
		if !reflect.DeepEqual(deepCopy(t, v.events), evCopy) || !reflect.DeepEqual(v.events, evCopy) {
			t.Errorf("%s: events modified", v.id)
		}
		if !reflect.DeepEqual(v.update, upCopy) {
			t.Errorf("%s: profile update modified", v.id)
		}
		after, _ := Export(v.doc)
		if !bytes.Equal(before, after) {
			t.Errorf("%s: criteria modified\nbefore %s\nafter  %s", v.id, before, after)
		}
		if !reflect.DeepEqual(docCopy, mustParse(t, after)) {
			t.Errorf("%s: criteria model modified", v.id)
		}
		if !reflect.DeepEqual(recs, NewRecords(v.events, v.update)) {
			t.Errorf("%s: records modified", v.id)
		}
	}
}

func mustParse(t testing.TB, b []byte) *Document {
	t.Helper()
	d, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// (b) the verdict does not depend on the order of stored events.
func TestPropertyEventOrder(t *testing.T) {
	for _, v := range loadPropVectors(t) {
		id, ok := v.comp.MatchData(v.events, v.update)
		if id != v.want || ok != v.wantOK {
			t.Errorf("%s: got %q/%v, want %q/%v", v.id, id, ok, v.want, v.wantOK)
			continue
		}
		r := rand.New(rand.NewPCG(uint64(len(v.id)), 42))
		rev := slices.Clone(v.events)
		slices.Reverse(rev)
		orders := [][]any{rev}
		for range 6 {
			orders = append(orders, shuffled(r, v.events))
		}
		for i, ev := range orders {
			if gid, gok := v.comp.MatchData(ev, v.update); gid != id || gok != ok {
				t.Errorf("%s: order %d gives %q/%v, stored order %q/%v", v.id, i, gid, gok, id, ok)
			}
		}
	}
}

// (c) one *Compiled and one []Record evaluated from 16 goroutines at once:
// race-free (run under -race) and always the sequential answer.
func TestPropertyConcurrent(t *testing.T) {
	vs := loadPropVectors(t)
	type answer struct {
		id string
		ok bool
	}
	want := make([]answer, len(vs))
	for i, v := range vs {
		want[i].id, want[i].ok = v.comp.Match(v.recs)
	}
	const goroutines = 16
	var wg sync.WaitGroup
	errs := make(chan string, goroutines*len(vs))
	for g := range goroutines {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 7))
			for _, i := range r.Perm(len(vs)) {
				v := vs[i]
				var a answer
				switch g % 3 {
				case 0:
					a.id, a.ok = v.comp.Match(v.recs)
				case 1:
					a.id, a.ok = v.comp.MatchData(v.events, v.update)
				default:
					a.id, a.ok = v.comp.MatchData(shuffled(r, v.events), v.update)
				}
				if a != want[i] {
					errs <- v.id
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for id := range errs {
		t.Errorf("%s: concurrent answer differs from the sequential one", id)
	}
}

// (d) compiled criteria carry no state from one evaluation to the next.
func TestPropertyNoState(t *testing.T) {
	vs := loadPropVectors(t)
	for i, a := range vs {
		b := vs[(i+1)%len(vs)]
		first, ok1 := a.comp.Match(a.recs)
		a.comp.Match(b.recs)
		b.comp.Match(a.recs)
		b.comp.Match(b.recs)
		again, ok2 := a.comp.Match(a.recs)
		if first != again || ok1 != ok2 || first != a.want || ok1 != a.wantOK {
			t.Errorf("%s: %q/%v, after evaluating %s %q/%v, want %q/%v", a.id, first, ok1, b.id, again, ok2, a.want, a.wantOK)
		}
	}
	t.Run("minMatch-probe", func(t *testing.T) {
		src := `{"criteriaSets":[{"criteriaId":"q4","searchQuery":{"combinator":"And","searchQueries":[{"dataType":"customEvent","minMatch":3,"searchCombo":{"combinator":"And","searchQueries":[{"field":"x","comparatorType":"Equals","value":"1"}]}}]}}]}`
		comp, err := CompileJSON([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		events, _ := DecodeEvents([]byte(`[{"eventType":"customEvent","eventName":"e","dataFields":{"x":1}},{"eventType":"customEvent","eventName":"e","dataFields":{"x":1}},{"eventType":"customEvent","eventName":"e","dataFields":{"x":2}}]`))
		recs := NewRecords(events, nil)
		for n := range 3 {
			if id, ok := comp.Match(recs); ok {
				t.Fatalf("evaluation %d matched %q with two hits and minMatch 3", n+1, id)
			}
		}
		three := NewRecords(append(slices.Clone(events), events[0]), nil)
		if _, ok := comp.Match(three); !ok {
			t.Errorf("three hits did not match")
		}
		if id, ok := comp.Match(recs); ok {
			t.Errorf("after a three-hit visitor, two hits matched %q", id)
		}
	})
}

// (e) on random criteria and visitors built from a small vocabulary chosen
// to collide (dotted keys, event-name prefixes, arrays of objects, clashes),
// the package agrees with the reference reading in rules_reference_test.go.
func TestPropertyAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	pick := func(xs ...any) any { return xs[r.IntN(len(xs))] }
	var value func(depth int) any
	value = func(depth int) any {
		if depth > 0 && r.IntN(3) == 0 {
			if r.IntN(2) == 0 {
				m := map[string]any{}
				for range r.IntN(3) {
					m[pick("b", "k", "l", "s", "q", "price", "name", "a.b").(string)] = value(depth - 1)
				}
				return m
			}
			var arr []any
			for range r.IntN(4) {
				arr = append(arr, value(depth-1))
			}
			return arr
		}
		return pick(json.Number("0"), json.Number("1"), json.Number("2"), json.Number("1.5"), json.Number("-3"),
			"1", "2", "x", "xy", "", "true", "1e0", "02", true, false, nil)
	}
	event := func() any {
		ev := map[string]any{"eventType": pick("customEvent", "customEvent", "purchase", "cartUpdate", "user", "other")}
		if r.IntN(4) > 0 {
			ev["eventName"] = pick("e", "f", "a", "a.b", "updateCart")
		}
		df := map[string]any{}
		for range r.IntN(5) {
			df[pick("a", "b", "a.b", "o", "p", "x", "items", "eventName", "eventType", "shoppingCartItems", "e").(string)] = value(3)
		}
		ev["dataFields"] = df
		if r.IntN(3) == 0 {
			ev[pick("a", "b", "x", "total").(string)] = value(2)
		}
		if r.IntN(2) == 0 {
			ev["items"] = value(3)
		}
		return ev
	}
	cond := func() any {
		c := map[string]any{
			"field": pick("a", "b", "a.b", "a.b.k", "o.l.s", "o.l.q", "o.k", "p.name", "x", "e", "e.a", "e.a.b", "a.b.s",
				"items.price", "shoppingCartItems.price", "shoppingCartItems.name", "updateCart", "f",
				"updateCart.updatedShoppingCartItems.price", "updatedShoppingCartItems.name", "total", "", "a..b"),
			"comparatorType": pick("IsSet", "Equals", "DoesNotEqual", "GreaterThan", "LessThan", "GreaterThanOrEqualTo",
				"LessThanOrEqualTo", "Contains", "StartsWith", "MatchesRegex", "Bogus"),
		}
		ops := []any{"1", "2", "x", "", "true", "FALSE", "1e0", ".5", "02", "^x", "(?=x)", json.Number("1"), json.Number("1.0"), true, nil, map[string]any{}}
		if r.IntN(3) == 0 {
			var vs []any
			for range r.IntN(3) {
				vs = append(vs, pick(ops...))
			}
			c["values"] = vs
		} else if r.IntN(5) > 0 {
			c["value"] = pick(ops...)
		}
		if r.IntN(20) == 0 {
			return "not a condition"
		}
		return c
	}
	var node func(depth int) any
	node = func(depth int) any {
		if depth > 0 && r.IntN(2) == 0 {
			var kids []any
			for range r.IntN(4) {
				kids = append(kids, node(depth-1))
			}
			return map[string]any{"combinator": pick("And", "Or", "Not", "Bad"), "searchQueries": kids}
		}
		var conds []any
		for range r.IntN(4) {
			conds = append(conds, cond())
		}
		leaf := map[string]any{"dataType": pick("customEvent", "purchase", "user", "cartUpdate"),
			"searchCombo": map[string]any{"combinator": pick("And", "And", "Or", "Not", "x"), "searchQueries": conds}}
		if r.IntN(4) == 0 {
			leaf["minMatch"] = pick(json.Number("0"), json.Number("2"), json.Number("3"), "2", "x", json.Number("-1"))
		}
		return leaf
	}
	// CRITERIA_RANDOM_CASES and CRITERIA_RANDOM_SEED widen the search.
	randomCases := 6000
	if testing.Short() {
		randomCases = 500
	}
	if n, err := strconv.Atoi(os.Getenv("CRITERIA_RANDOM_CASES")); err == nil {
		randomCases = n
	}
	if seed, err := strconv.ParseUint(os.Getenv("CRITERIA_RANDOM_SEED"), 10, 64); err == nil {
		r = rand.New(rand.NewPCG(seed, 11))
	}
	failures, matched := 0, 0
	defer func() { t.Logf("%d of %d random cases matched a set", matched, randomCases) }()
	for i := range randomCases {
		var sets []any
		for range 1 + r.IntN(3) {
			sets = append(sets, map[string]any{"criteriaId": pick("1", "2", json.Number("3"), json.Number("4.5"), "", nil), "searchQuery": node(3)})
		}
		var events []any
		for range r.IntN(6) {
			events = append(events, event())
		}
		var update any
		if r.IntN(3) == 0 {
			update = map[string]any{"eventType": "user", "dataFields": map[string]any{"a": value(2), "b": value(1)}}
		}
		docJSON, _ := json.Marshal(map[string]any{"criteriaSets": sets})
		evJSON, _ := json.Marshal(events)
		comp, err := CompileJSON(docJSON)
		if err != nil {
			t.Fatal(err)
		}
		decoded, _ := DecodeEvents(evJSON)
		doc, _ := DecodeValue(docJSON)
		id, ok := comp.MatchData(decoded, update)
		if ok {
			matched++
		}
		if rid, rok := refMatch(doc, decoded, update); rid != id || rok != ok {
			upJSON, _ := json.Marshal(update)
			t.Errorf("case %d: package %q/%v, reference %q/%v\ncriteria %s\nevents   %s\nupdate   %s", i, id, ok, rid, rok, docJSON, evJSON, upJSON)
			if failures++; failures == 5 {
				t.FailNow()
			}
		}
	}
}

// TestReferenceCorpus checks the reference reading against the corpus.
func TestReferenceCorpus(t *testing.T) {
	for _, v := range loadConformance(t) {
		doc, _ := DecodeValue(v.Criteria)
		events, _ := DecodeEvents(v.Events)
		var update any
		if len(v.UserUpdate) > 0 {
			update, _ = DecodeUserUpdate(v.UserUpdate)
		}
		id, ok := refMatch(doc, events, update)
		want, wantOK := "", v.Expect != nil
		if wantOK {
			want = *v.Expect
		}
		if id != want || ok != wantOK {
			t.Errorf("%s: reference gives %q/%v, corpus expects %q/%v", v.ID, id, ok, want, wantOK)
		}
	}
}
