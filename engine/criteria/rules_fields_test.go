package criteria

// Rules 10-13: event occurred, field resolution, items, same element.

import "testing"

func TestRulesFields(t *testing.T) {
	ce := func(conds ...any) any { return jOne(jCE(conds...)) }
	pl := func(conds ...any) any { return jOne(jPL(conds...)) }
	evA := ja{jEv("a", nil)}

	runRuleCases(t, "rule10", []ruleCase{
		{name: "isset-event-name", crit: ce(jCond("a", "IsSet")), events: evA, want: "1"},
		{name: "isset-event-name-fieldType-object", crit: ce(jm{"field": "a", "comparatorType": "IsSet", "fieldType": "object"}), events: evA, want: "1"},
		{name: "isset-event-name-fieldType-string", crit: ce(jm{"field": "a", "comparatorType": "IsSet", "fieldType": "string", "value": ""}), events: evA, want: "1"},
		{name: "isset-other-event-name", crit: ce(jCond("b", "IsSet")), events: evA},
		{name: "isset-event-name-case-sensitive", crit: ce(jCond("A", "IsSet")), events: evA},
		{name: "updateCart-on-cart", crit: ce(jCond("updateCart", "IsSet")), events: ja{jCart(ja{jm{"p": 1}}, nil)}, want: "1"},
		{name: "updateCart-not-on-custom", crit: ce(jCond("updateCart", "IsSet")), events: evA},
		{name: "equals-on-event-name-is-a-field", crit: ce(jCond("a", "Equals", "a")), events: evA},
		{name: "doesnotequal-on-event-name-is-a-field", crit: ce(jCond("a", "DoesNotEqual", "x")), events: evA},
		{name: "not-on-purchase", crit: pl(jCond("purchase", "IsSet")), events: ja{jPur(nil, nil)}},
		{name: "not-on-user-with-eventName", crit: jOne(jUL(jCond("u", "IsSet"))), events: ja{jm{"eventType": "user", "eventName": "u"}}},
		{name: "dotted-event-name", crit: ce(jCond("page.view", "IsSet")), events: ja{jEv("page.view", nil)}, want: "1"},
		{name: "event-name-beats-empty-field", crit: ce(jCond("score", "IsSet")), events: ja{jEv("score", jm{"score": ""})}, want: "1"},
		{name: "with-other-conditions", crit: ce(jCond("a", "IsSet"), jCond("a.n", "Equals", "2")), events: ja{jEv("a", jm{"n": 1}), jEv("a", jm{"n": 2})}, want: "1"},
		{name: "in-combo-not", crit: jOne(jLeaf("customEvent", "Not", jCond("a", "IsSet"))), events: evA},
		{name: "in-combo-not-other-event", crit: jOne(jLeaf("customEvent", "Not", jCond("a", "IsSet"))), events: ja{jEv("b", nil)}, want: "1"},
	})

	runRuleCases(t, "rule11", []ruleCase{
		{name: "a-prefix-stripped", crit: ce(jCond("animal-found.vaccinated", "Equals", "true")), events: ja{jEv("animal-found", jm{"vaccinated": true})}, want: "1"},
		{name: "a-unprefixed-too", crit: ce(jCond("vaccinated", "Equals", "true")), events: ja{jEv("animal-found", jm{"vaccinated": true})}, want: "1"},
		{name: "a-other-event-prefix", crit: ce(jCond("page-view.vaccinated", "Equals", "true")), events: ja{jEv("animal-found", jm{"vaccinated": true})}},
		{name: "a-needs-dot", crit: ce(jCond("animal-foundvaccinated", "IsSet")), events: ja{jEv("animal-found", jm{"vaccinated": true})}},
		{name: "a-dotted-event-name", crit: ce(jCond("a.b.c", "Equals", "1")), events: ja{jEv("a.b", jm{"c": 1})}, want: "1"},
		{name: "a-dotted-event-name-nested", crit: ce(jCond("a.b.c.d", "Equals", "1")), events: ja{jEv("a.b", jm{"c": jm{"d": 1}})}, want: "1"},
		{name: "a-then-literal-key", crit: ce(jCond("e.x.y", "Equals", "1")), events: ja{jEv("e", jm{"x.y": 1})}, want: "1"},
		{name: "a-only-on-custom-events", crit: pl(jCond("p.x", "Equals", "1")), events: ja{jm{"eventType": "purchase", "eventName": "p", "dataFields": jm{"x": 1}}}},
		{name: "a-prefix-stripped-once", crit: ce(jCond("e.e.x", "Equals", "1")), events: ja{jEv("e", jm{"x": 1})}},
		{name: "a-prefix-then-same-name-key", crit: ce(jCond("e.e.x", "Equals", "1")), events: ja{jEv("e", jm{"e": jm{"x": 1}})}, want: "1"},
		{name: "b-literal-dotted-key", crit: ce(jCond("a.b", "Equals", "5")), events: ja{jEv("e", jm{"a.b": 5, "a": jm{"b": 6}})}, want: "1"},
		{name: "b-literal-key-exclusive", crit: ce(jCond("a.b", "Equals", "6")), events: ja{jEv("e", jm{"a.b": 5, "a": jm{"b": 6}})}},
		{name: "b-literal-null-exclusive", crit: ce(jCond("a.b", "IsSet")), events: ja{jEv("e", jm{"a.b": nil, "a": jm{"b": 6}})}},
		{name: "b-literal-top-level-key", crit: ce(jCond("a.b", "IsSet")), events: ja{jm{"eventType": "customEvent", "eventName": "e", "a.b": "x"}}, want: "1"},
		{name: "b-top-level-only", crit: ce(jCond("x.a.b", "Equals", "1")), events: ja{jEv("e", jm{"x": jm{"a.b": 1}})}},
		{name: "b-not-a-prefix-of-path", crit: ce(jCond("a.b.c", "Equals", "1")), events: ja{jEv("e", jm{"a.b": jm{"c": 1}})}},
		{name: "c-object-steps", crit: ce(jCond("a.b.c", "Equals", "1")), events: ja{jEv("e", jm{"a": jm{"b": jm{"c": 1}}})}, want: "1"},
		{name: "c-array-fans-out", crit: ce(jCond("k.v", "Equals", "2")), events: ja{jEv("e", jm{"k": ja{jm{"v": 1}, jm{"v": 2}}})}, want: "1"},
		{name: "c-array-skips-scalars", crit: ce(jCond("k.v", "Equals", "2")), events: ja{jEv("e", jm{"k": ja{2, "v", nil, jm{"v": 2}}})}, want: "1"},
		{name: "c-array-no-objects-absent", crit: ce(jCond("k.v", "IsSet")), events: ja{jEv("e", jm{"k": ja{"v", 1}})}},
		{name: "c-array-no-objects-doesnotequal", crit: ce(jCond("k.v", "DoesNotEqual", "x")), events: ja{jEv("e", jm{"k": ja{"v", 1}})}},
		{name: "c-array-of-arrays-absent", crit: ce(jCond("k.v", "Equals", "1")), events: ja{jEv("e", jm{"k": ja{ja{jm{"v": 1}}}})}},
		{name: "c-missing-key", crit: ce(jCond("a.z", "DoesNotEqual", "x")), events: ja{jEv("e", jm{"a": jm{"b": 1}})}},
		{name: "c-scalar-before-last", crit: ce(jCond("a.b", "DoesNotEqual", "x")), events: ja{jEv("e", jm{"a": 5})}},
		{name: "c-string-before-last", crit: ce(jCond("a.length", "IsSet")), events: ja{jEv("e", jm{"a": "abc"})}},
		{name: "c-null-before-last", crit: ce(jCond("a.b", "DoesNotEqual", "x")), events: ja{jEv("e", jm{"a": nil})}},
		{name: "c-missing-intermediate", crit: ce(jCond("a.missing.b", "Equals", "1")), events: ja{jEv("e", jm{"a": jm{"b": 1}})}},
		{name: "c-missing-intermediate-prefix", crit: ce(jCond("page-view.visits.page", "Equals", "home")), events: ja{jEv("animal-found", jm{"visits": jm{"page": "home"}})}},
		{name: "c-empty-segment", crit: ce(jCond("a..b", "Equals", "1")), events: ja{jEv("e", jm{"a": jm{"b": 1}})}},
		{name: "c-empty-segment-key", crit: ce(jCond("a..b", "Equals", "1")), events: ja{jEv("e", jm{"a": jm{"": jm{"b": 1}}})}, want: "1"},
		{name: "d-one-value-enough", crit: ce(jCond("k.v", "GreaterThan", "5")), events: ja{jEv("e", jm{"k": ja{jm{"v": 1}, jm{"v": 9}}})}, want: "1"},
		{name: "d-array-of-scalars-at-end", crit: ce(jCond("k.tags", "Equals", "b")), events: ja{jEv("e", jm{"k": ja{jm{"tags": ja{"a"}}, jm{"tags": ja{"c", "b"}}}})}, want: "1"},
		{name: "d-fan-out-two-levels", crit: ce(jCond("o.l.s", "Equals", "z")), events: ja{jEv("e", jm{"o": ja{jm{"l": ja{jm{"s": "y"}}}, jm{"l": ja{jm{"s": "x"}, jm{"s": "z"}}}}})}, want: "1"},
	})

	kb := jm{"name": "keyboard", "price": 10}
	runRuleCases(t, "rule12", []ruleCase{
		{name: "purchase-item-condition", crit: pl(jCond("shoppingCartItems.price", "GreaterThan", "100")), events: ja{jPur(ja{jm{"price": 150}}, nil)}, want: "1"},
		{name: "purchase-item-condition-fails", crit: pl(jCond("shoppingCartItems.price", "GreaterThan", "100")), events: ja{jPur(ja{jm{"price": 50}}, nil)}},
		{name: "cart-prefixed", crit: ce(jCond("updateCart.updatedShoppingCartItems.price", "GreaterThan", "100")), events: ja{jCart(ja{jm{"price": 150}}, nil)}, want: "1"},
		{name: "cart-prefixed-fails", crit: ce(jCond("updateCart.updatedShoppingCartItems.price", "GreaterThan", "100")), events: ja{jCart(ja{jm{"price": 50}}, nil)}},
		{name: "cart-prefixed-with-occurred", crit: ce(jCond("updateCart", "IsSet"), jCond("updateCart.updatedShoppingCartItems.price", "Equals", "150")), events: ja{jCart(ja{jm{"price": 150}}, nil)}, want: "1"},
		{name: "cart-prefixed-not-on-other-event", crit: ce(jCond("updateCart.updatedShoppingCartItems.price", "IsSet")), events: ja{jEv("x", jm{"updatedShoppingCartItems": ja{jm{"price": 1}}})}},
		{name: "cart-unprefixed", crit: ce(jCond("updatedShoppingCartItems.name", "Equals", "kb")), events: ja{jCart(ja{jm{"name": "kb"}}, nil)}, want: "1"},
		{name: "no-list-fails-alone", crit: pl(jCond("shoppingCartItems.price", "GreaterThan", "100")), events: ja{jPur(nil, jm{"total": 500})}},
		{name: "no-list-fails-with-other-condition", crit: pl(jCond("total", "GreaterThan", "1"), jCond("shoppingCartItems.price", "GreaterThan", "100")), events: ja{jPur(nil, jm{"total": 500})}},
		{name: "empty-list-fails", crit: pl(jCond("total", "GreaterThan", "1"), jCond("shoppingCartItems.price", "GreaterThan", "100")), events: ja{jPur(ja{}, jm{"total": 500})}},
		{name: "cart-no-list-fails", crit: ce(jCond("updateCart", "IsSet"), jCond("updateCart.updatedShoppingCartItems.price", "GreaterThan", "1")), events: ja{jCart(nil, nil)}},
		{name: "nested-item-data", crit: pl(jCond("shoppingCartItems.dataFields.color", "Equals", "red")), events: ja{jPur(ja{jm{"name": "x", "dataFields": jm{"color": "red"}}}, nil)}, want: "1"},
		{name: "nested-cart-item-data", crit: ce(jCond("updateCart.updatedShoppingCartItems.dataFields.size", "GreaterThanOrEqualTo", "3")), events: ja{jCart(ja{jm{"dataFields": jm{"size": 4}}}, nil)}, want: "1"},
		{name: "item-list-IsSet", crit: pl(jCond("shoppingCartItems", "IsSet")), events: ja{jPur(ja{kb}, nil)}, want: "1"},
		{name: "empty-item-list-not-set", crit: pl(jCond("shoppingCartItems", "IsSet")), events: ja{jPur(ja{}, nil)}},
		{name: "purchase-no-cart-items", crit: pl(jCond("updatedShoppingCartItems.name", "IsSet")), events: ja{jPur(ja{kb}, nil)}},
		{name: "item-with-scalar-elements", crit: pl(jCond("shoppingCartItems.name", "Equals", "keyboard")), events: ja{jPur(ja{"keyboard", 1, kb}, nil)}, want: "1"},
	})

	same := func(conds ...any) any { return pl(conds...) }
	kbName, price10 := jCond("shoppingCartItems.name", "Equals", "keyboard"), jCond("shoppingCartItems.price", "Equals", "10")
	details := jm{"color": "red", "parts": ja{jm{"qty": 1, "name": "bolt"}, jm{"qty": 2, "name": "nut"}}}
	orders := jm{"orders": ja{
		jm{"id": 1, "lines": ja{jm{"sku": "A", "qty": 1}, jm{"sku": "B", "qty": 2}}},
		jm{"id": 2, "lines": ja{jm{"sku": "A", "qty": 3}}},
	}}
	runRuleCases(t, "rule13", []ruleCase{
		{name: "same-item", crit: same(kbName, price10), events: ja{jPur(ja{jm{"name": "mouse", "price": 5}, kb}, nil)}, want: "1"},
		{name: "different-items", crit: same(kbName, price10), events: ja{jPur(ja{jm{"name": "keyboard", "price": 5}, jm{"name": "mouse", "price": 10}}, nil)}},
		{name: "different-items-reordered-conditions", crit: same(price10, kbName), events: ja{jPur(ja{jm{"name": "mouse", "price": 10}, jm{"name": "keyboard", "price": 5}}, nil)}},
		{name: "different-purchases", crit: same(kbName, price10), events: ja{jPur(ja{jm{"name": "keyboard"}}, nil), jPur(ja{jm{"price": 10}}, nil)}},
		{name: "three-conditions-one-item", crit: same(kbName, price10, jCond("shoppingCartItems.quantity", "GreaterThan", "1")), events: ja{jPur(ja{jm{"name": "keyboard", "price": 10, "quantity": 1}, jm{"name": "keyboard", "price": 10, "quantity": 2}}, nil)}, want: "1"},
		{name: "other-keys-independent", crit: same(kbName, jCond("total", "GreaterThan", "5")), events: ja{jPur(ja{kb}, jm{"total": 6})}, want: "1"},
		{name: "list-and-element-condition", crit: same(jCond("shoppingCartItems", "IsSet"), kbName), events: ja{jPur(ja{kb}, nil)}, want: "1"},
		{name: "siblings-of-array-kept", crit: ce(jCond("details.color", "Equals", "red"), jCond("details.parts.qty", "Equals", "2")), events: ja{jEv("e", jm{"details": details})}, want: "1"},
		{name: "siblings-of-array-kept-prefixed", crit: ce(jCond("e.details.color", "Equals", "red"), jCond("e.details.parts.qty", "Equals", "2")), events: ja{jEv("e", jm{"details": details})}, want: "1"},
		{name: "nested-array-same-part", crit: ce(jCond("details.parts.qty", "Equals", "2"), jCond("details.parts.name", "Equals", "nut")), events: ja{jEv("e", jm{"details": details})}, want: "1"},
		{name: "nested-array-different-parts", crit: ce(jCond("details.parts.qty", "Equals", "2"), jCond("details.parts.name", "Equals", "bolt")), events: ja{jEv("e", jm{"details": details})}},
		{name: "array-in-array-same-line", crit: ce(jCond("orders.lines.sku", "Equals", "B"), jCond("orders.lines.qty", "Equals", "2")), events: ja{jEv("e", orders)}, want: "1"},
		{name: "array-in-array-different-lines", crit: ce(jCond("orders.lines.sku", "Equals", "B"), jCond("orders.lines.qty", "Equals", "1")), events: ja{jEv("e", orders)}},
		{name: "array-in-array-different-orders", crit: ce(jCond("orders.lines.sku", "Equals", "A"), jCond("orders.lines.qty", "Equals", "3"), jCond("orders.id", "Equals", "1")), events: ja{jEv("e", orders)}},
		{name: "array-in-array-same-order", crit: ce(jCond("orders.lines.sku", "Equals", "A"), jCond("orders.lines.qty", "Equals", "3"), jCond("orders.id", "Equals", "2")), events: ja{jEv("e", orders)}, want: "1"},
		{name: "array-in-array-order-level-only", crit: ce(jCond("orders.id", "Equals", "1"), jCond("orders.lines.qty", "Equals", "2")), events: ja{jEv("e", orders)}, want: "1"},
		{name: "array-in-array-order-level-wrong", crit: ce(jCond("orders.id", "Equals", "2"), jCond("orders.lines.qty", "Equals", "2")), events: ja{jEv("e", orders)}},
		{name: "two-arrays-independent", crit: ce(jCond("a.n", "Equals", "1"), jCond("b.n", "Equals", "2")), events: ja{jEv("e", jm{"a": ja{jm{"n": 1}}, "b": ja{jm{"n": 2}}})}, want: "1"},
		{name: "prefixed-and-unprefixed-tied", crit: ce(jCond("updateCart.updatedShoppingCartItems.name", "Equals", "kb"), jCond("updatedShoppingCartItems.price", "Equals", "10")), events: ja{jCart(ja{jm{"name": "kb", "price": 5}, jm{"name": "m", "price": 10}}, nil)}},
		{name: "prefixed-and-unprefixed-same", crit: ce(jCond("updateCart.updatedShoppingCartItems.name", "Equals", "kb"), jCond("updatedShoppingCartItems.price", "Equals", "10")), events: ja{jCart(ja{jm{"name": "kb", "price": 10}}, nil)}, want: "1"},
		{name: "literal-key-independent", crit: ce(jCond("a.b", "Equals", "1"), jCond("a.c", "Equals", "2")), events: ja{jEv("e", jm{"a.b": 1, "a": ja{jm{"c": 2}}})}, want: "1"},
		{name: "or-not-tied", crit: jOne(jLeaf("purchase", "Or", kbName, price10)), events: ja{jPur(ja{jm{"name": "keyboard", "price": 5}}, nil)}, want: "1"},
		{name: "same-element-fails-other-record-ok", crit: same(kbName, price10), events: ja{jPur(ja{jm{"name": "keyboard"}, jm{"price": 10}}, nil), jPur(ja{kb}, nil)}, want: "1"},
		{name: "object-parent-not-tied", crit: ce(jCond("p.a", "Equals", "1"), jCond("p.b", "Equals", "2")), events: ja{jEv("e", jm{"p": jm{"a": 1, "b": 2}})}, want: "1"},
		{name: "end-at-array-and-through-it", crit: ce(jCond("k", "IsSet"), jCond("k.v", "Equals", "1"), jCond("k.w", "Equals", "2")), events: ja{jEv("e", jm{"k": ja{jm{"v": 1}, jm{"w": 2}}})}},
	})
}
