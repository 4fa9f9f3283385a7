package criteria

//	go test -run '^$' -bench . -benchtime 2s ./engine/criteria/

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
)

// typicalCriteria is a project's criteria: three sets, the visitor below
// matching only the last, so every set is evaluated.
const typicalCriteria = `{"count":3,"criteriaSets":[
 {"criteriaId":"101","name":"High intent, never bought","searchQuery":{"combinator":"And","searchQueries":[
  {"combinator":"And","searchQueries":[{"dataType":"customEvent","minMatch":3,"searchCombo":{"combinator":"And","searchQueries":[
   {"dataType":"customEvent","field":"viewedProduct","comparatorType":"IsSet","fieldType":"object"},
   {"dataType":"customEvent","field":"viewedProduct.price","comparatorType":"GreaterThan","value":"500","fieldType":"double"}]}}]},
  {"combinator":"Not","searchQueries":[{"dataType":"purchase","searchCombo":{"combinator":"And","searchQueries":[
   {"dataType":"purchase","field":"total","comparatorType":"GreaterThan","value":"0","fieldType":"double"}]}}]}]}},
 {"criteriaId":"102","name":"Cart abandoner","searchQuery":{"combinator":"And","searchQueries":[
  {"combinator":"Or","searchQueries":[{"dataType":"customEvent","searchCombo":{"combinator":"And","searchQueries":[
   {"dataType":"customEvent","field":"updateCart","comparatorType":"IsSet","fieldType":"object"},
   {"dataType":"customEvent","field":"updateCart.updatedShoppingCartItems.price","comparatorType":"GreaterThanOrEqualTo","value":"2000","fieldType":"double"},
   {"dataType":"customEvent","field":"updateCart.updatedShoppingCartItems.quantity","comparatorType":"GreaterThan","value":"1","fieldType":"long"}]}}]},
  {"combinator":"Not","searchQueries":[{"dataType":"purchase","searchCombo":{"combinator":"Or","searchQueries":[
   {"dataType":"purchase","field":"shoppingCartItems.price","comparatorType":"GreaterThan","value":"0","fieldType":"double"}]}}]}]}},
 {"criteriaId":"103","name":"Sofa buyers in North America","searchQuery":{"combinator":"And","searchQueries":[
  {"combinator":"And","searchQueries":[{"dataType":"purchase","searchCombo":{"combinator":"And","searchQueries":[
   {"dataType":"purchase","field":"shoppingCartItems.categories","comparatorType":"Contains","value":"sofa","fieldType":"string"},
   {"dataType":"purchase","field":"shoppingCartItems.price","comparatorType":"GreaterThanOrEqualTo","value":"500","fieldType":"double"}]}},
   {"dataType":"user","searchCombo":{"combinator":"Or","searchQueries":[
   {"dataType":"user","field":"country","comparatorType":"Equals","values":["US","CA"],"fieldType":"string"},
   {"dataType":"user","field":"address.country","comparatorType":"Equals","values":["US","CA"],"fieldType":"string"}]}}]},
  {"combinator":"Not","searchQueries":[{"dataType":"customEvent","searchCombo":{"combinator":"Or","searchQueries":[
   {"dataType":"customEvent","field":"unsubscribe","comparatorType":"IsSet","fieldType":"object"},
   {"dataType":"customEvent","field":"viewedProduct.category","comparatorType":"MatchesRegex","value":"^(adult|tobacco)$","fieldType":"string"}]}}]}]}}
]}`

const typicalUpdate = `{"eventType":"user","dataFields":{"firstName":"Ann","country":"US","tier":"gold","address":{"city":"Boston","zip":"02139"}}}`

// typicalEvents is a visitor's 100 stored events in web-SDK format: product
// views and other custom events, cart updates and purchases (one sofa).
func typicalEvents() []byte {
	r := rand.New(rand.NewPCG(2024, 11))
	cats := []string{"chair", "table", "lamp", "rug", "bed"}
	item := func(i int, cat string, price float64) map[string]any {
		return map[string]any{"id": fmt.Sprintf("sku-%d", i), "name": cat + " model", "price": price,
			"quantity": 1 + r.IntN(2), "categories": []any{cat, "home"}, "dataFields": map[string]any{"color": "grey"}}
	}
	var events []any
	for i := range 100 {
		at := 1722500000000 + int64(i)*60000
		switch {
		case i%10 == 9:
			items := []any{item(i, cats[r.IntN(len(cats))], float64(20+r.IntN(300)))}
			if i == 49 {
				items = append(items, item(1000+i, "sofa", 1299.5))
			}
			events = append(events, map[string]any{"eventType": "purchase", "createdAt": at, "items": items,
				"total": 1299.5, "dataFields": map[string]any{"coupon": "SPRING", "channel": "web"}})
		case i%5 == 2:
			events = append(events, map[string]any{"eventType": "cartUpdate", "createdAt": at,
				"items": []any{item(i, cats[r.IntN(len(cats))], float64(50+r.IntN(900))), item(i+1, "rug", 99)}})
		case i%3 == 0:
			events = append(events, map[string]any{"eventType": "customEvent", "eventName": "pageView", "createdAt": at,
				"dataFields": map[string]any{"url": fmt.Sprintf("/p/%d", i), "referrer": "google", "visits": i}})
		default:
			events = append(events, map[string]any{"eventType": "customEvent", "eventName": "viewedProduct", "createdAt": at,
				"dataFields": map[string]any{"productId": fmt.Sprintf("sku-%d", i), "price": float64(r.IntN(450)),
					"category": cats[r.IntN(len(cats))], "tags": []any{"new", "sale"}, "inStock": true}})
		}
	}
	b, err := json.Marshal(events)
	if err != nil {
		panic(err)
	}
	return b
}

type typicalFixture struct {
	crit, evJSON []byte
	comp         *Compiled
	events       []any
	update       any
}

func loadTypical(b *testing.B) typicalFixture {
	b.Helper()
	fx := typicalFixture{crit: []byte(typicalCriteria), evJSON: typicalEvents()}
	var err error
	if fx.comp, err = CompileJSON(fx.crit); err != nil {
		b.Fatal(err)
	}
	if fx.events, err = DecodeEvents(fx.evJSON); err != nil {
		b.Fatal(err)
	}
	if fx.update, err = DecodeUserUpdate([]byte(typicalUpdate)); err != nil {
		b.Fatal(err)
	}
	if len(fx.events) != 100 {
		b.Fatalf("%d events", len(fx.events))
	}
	if id, ok := fx.comp.MatchData(fx.events, fx.update); !ok || id != "103" {
		b.Fatalf("typical visitor matched %q/%v, want 103", id, ok)
	}
	return fx
}

// BenchmarkMatchTypical: criteria compiled once, records built once.
func BenchmarkMatchTypical(b *testing.B) {
	fx := loadTypical(b)
	recs := NewRecords(fx.events, fx.update)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := fx.comp.Match(recs); !ok {
			b.Fatal("no match")
		}
	}
}

// BenchmarkTallyNextEvent is what a device pays after each stored event: the
// visitor has 100 events counted; one arrives (the oldest is evicted to stay
// at 100) and the criteria are matched again.
func BenchmarkTallyNextEvent(b *testing.B) {
	fx := loadTypical(b)
	recs := NewRecords(fx.events, fx.update)
	tally := fx.comp.NewTally()
	for i := range recs {
		tally.Add(uint64(i), &recs[i])
	}
	n := uint64(len(recs))
	b.ReportAllocs()
	for b.Loop() {
		r := &recs[n%uint64(len(recs)-1)]
		tally.Remove(n - uint64(len(recs)))
		tally.Add(n, r)
		n++
		tally.Match()
	}
}

// BenchmarkMatchTypicalWithRecords: records built from the decoded events on
// every evaluation.
func BenchmarkMatchTypicalWithRecords(b *testing.B) {
	fx := loadTypical(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := fx.comp.MatchData(fx.events, fx.update); !ok {
			b.Fatal("no match")
		}
	}
}

// BenchmarkParseCompileMatch is the web SDK's way: criteria and stored data
// are parsed from JSON text on every check.
func BenchmarkParseCompileMatch(b *testing.B) {
	fx := loadTypical(b)
	up := []byte(typicalUpdate)
	b.ReportAllocs()
	for b.Loop() {
		comp, err := CompileJSON(fx.crit)
		if err != nil {
			b.Fatal(err)
		}
		events, _ := DecodeEvents(fx.evJSON)
		update, _ := DecodeUserUpdate(up)
		if _, ok := comp.MatchData(events, update); !ok {
			b.Fatal("no match")
		}
	}
}

// BenchmarkCorpus evaluates all corpus vectors per iteration, criteria
// compiled once and events decoded once.
func BenchmarkCorpus(b *testing.B) {
	type vec struct {
		comp   *Compiled
		events []any
		update any
	}
	var vs []vec
	for _, v := range loadConformance(b) {
		comp, err := CompileJSON(v.Criteria)
		if err != nil {
			b.Fatal(err)
		}
		events, err := DecodeEvents(v.Events)
		if err != nil {
			b.Fatal(err)
		}
		var update any
		if len(v.UserUpdate) > 0 {
			update, _ = DecodeUserUpdate(v.UserUpdate)
		}
		vs = append(vs, vec{comp, events, update})
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, v := range vs {
			v.comp.MatchData(v.events, v.update)
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*len(vs)), "ns/vector")
}
