package criteria

// Rules 4 and 5: which stored data become records, and their field maps.

import "testing"

func TestRulesRecords(t *testing.T) {
	any1 := func(dt string) any { return jOne(jLeaf(dt, "And", jCond("eventType", "IsSet"))) }
	xIs := func(dt, v string) any { return jOne(jLeaf(dt, "And", jCond("x", "Equals", v))) }

	runRuleCases(t, "rule04", []ruleCase{
		{name: "customEvent-record", crit: any1("customEvent"), events: ja{jEv("e", nil)}, want: "1"},
		{name: "user-record", crit: any1("user"), events: ja{jUser(jm{"a": 1})}, want: "1"},
		{name: "purchase-record", crit: any1("purchase"), events: ja{jPur(nil, nil)}, want: "1"},
		{name: "cartUpdate-is-customEvent", crit: any1("customEvent"), events: ja{jCart(ja{}, nil)}, want: "1"},
		{name: "cartUpdate-not-purchase", crit: any1("purchase"), events: ja{jCart(ja{}, nil)}},
		{name: "customEvent-not-user", crit: any1("user"), events: ja{jEv("e", nil)}},
		{name: "user-not-customEvent", crit: any1("customEvent"), events: ja{jUser(jm{"a": 1})}},
		{name: "purchase-not-customEvent", crit: any1("customEvent"), events: ja{jPur(nil, nil)}},
		{name: "unknown-eventType", crit: any1("customEvent"), events: ja{jm{"eventType": "session", "eventName": "e"}}},
		{name: "missing-eventType", crit: any1("customEvent"), events: ja{jm{"eventName": "e"}}},
		{name: "eventType-case-sensitive", crit: any1("customEvent"), events: ja{jm{"eventType": "CustomEvent", "eventName": "e"}}},
		{name: "eventType-number", crit: any1("customEvent"), events: ja{jm{"eventType": 1, "eventName": "e"}}},
		{name: "eventType-in-dataFields-only", crit: any1("customEvent"), events: ja{jm{"dataFields": jm{"eventType": "customEvent"}}}},
		{name: "non-object-events-ignored", crit: any1("customEvent"), events: ja{"e", 1, nil, ja{jEv("e", nil)}, true, jEv("e", nil)}, want: "1"},
		{name: "only-non-object-events", crit: any1("customEvent"), events: ja{"e", 1, nil, ja{jEv("e", nil)}}},
		{name: "purchase-items-to-shoppingCartItems", crit: jOne(jPL(jCond("shoppingCartItems.name", "Equals", "sofa"))), events: ja{jPur(ja{jm{"name": "sofa"}}, nil)}, want: "1"},
		{name: "purchase-items-not-under-items", crit: jOne(jPL(jCond("items.name", "Equals", "sofa"))), events: ja{jPur(ja{jm{"name": "sofa"}}, nil)}},
		{name: "purchase-items-object-not-list", crit: jOne(jPL(jCond("shoppingCartItems.name", "Equals", "sofa"))), events: ja{jPur(nil, nil), jm{"eventType": "purchase", "items": jm{"name": "sofa"}}}},
		{name: "purchase-items-string-not-json", crit: jOne(jPL(jCond("shoppingCartItems", "IsSet"))), events: ja{jm{"eventType": "purchase", "items": "sofa"}}},
		{name: "cart-items-to-updatedShoppingCartItems", crit: jOne(jCE(jCond("updatedShoppingCartItems.name", "Equals", "sofa"))), events: ja{jCart(ja{jm{"name": "sofa"}}, nil)}, want: "1"},
		{name: "cart-items-not-shoppingCartItems", crit: jOne(jCE(jCond("shoppingCartItems.name", "Equals", "sofa"))), events: ja{jCart(ja{jm{"name": "sofa"}}, nil)}},
		{name: "cart-eventName-updateCart", crit: jOne(jCE(jCond("eventName", "Equals", "updateCart"))), events: ja{jCart(nil, nil)}, want: "1"},
		{name: "cart-eventName-overrides-stored", crit: jOne(jCE(jCond("eventName", "Equals", "other"))), events: ja{jm{"eventType": "cartUpdate", "eventName": "other", "dataFields": jm{"eventName": "other"}}}},
		{name: "cart-without-items-still-record", crit: jOne(jCE(jCond("updateCart", "IsSet"))), events: ja{jCart(nil, nil)}, want: "1"},
		{name: "custom-top-level-items-dropped", crit: jOne(jCE(jCond("items", "IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "e", "items": ja{jm{"a": 1}}}}},
		{name: "user-top-level-items-dropped", crit: jOne(jUL(jCond("items", "IsSet"))), events: ja{jm{"eventType": "user", "items": ja{1}}}},
		{name: "update-is-a-record", crit: xIs("user", "1"), update: jUser(jm{"x": 1}), want: "1"},
		{name: "update-beside-events", crit: jOne(jAnd(jCE(jCond("e", "IsSet")), jUL(jCond("x", "Equals", "1")))), events: ja{jEv("e", nil)}, update: jUser(jm{"x": 1}), want: "1"},
		{name: "update-counts-toward-minMatch", crit: jOne(jMin(jUL(jCond("x", "Equals", "1")), 2)), events: ja{jUser(jm{"x": 1})}, update: jUser(jm{"x": 1}), want: "1"},
		{name: "update-null", crit: any1("user"), update: `null`},
		{name: "update-empty-object", crit: jOne(jNot(jUL(jCond("eventType", "IsSet")))), update: jm{}, want: "1"},
		{name: "update-built-the-same-way-needs-eventType", crit: xIs("user", "1"), update: jm{"dataFields": jm{"x": 1}}},
		{name: "update-top-level-fields", crit: xIs("user", "1"), update: jm{"eventType": "user", "x": 1}, want: "1"},
	})

	runRuleCases(t, "rule05", []ruleCase{
		{name: "dataFields-entries", crit: xIs("customEvent", "1"), events: ja{jEv("e", jm{"x": 1})}, want: "1"},
		{name: "top-level-entries", crit: xIs("customEvent", "1"), events: ja{jm{"eventType": "customEvent", "eventName": "e", "x": 1}}, want: "1"},
		{name: "top-level-createdAt", crit: jOne(jCE(jCond("createdAt", "GreaterThan", "100"))), events: ja{jm{"eventType": "customEvent", "eventName": "e", "createdAt": 1700000000}}, want: "1"},
		{name: "dataFields-key-itself-hidden", crit: jOne(jCE(jCond("dataFields.x", "Equals", "1"))), events: ja{jEv("e", jm{"x": 1})}},
		{name: "dataFields-IsSet-hidden", crit: jOne(jCE(jCond("dataFields", "IsSet"))), events: ja{jEv("e", jm{"x": 1})}},
		{name: "dataFields-inside-dataFields", crit: jOne(jCE(jCond("dataFields.x", "Equals", "1"))), events: ja{jEv("e", jm{"dataFields": jm{"x": 1}})}, want: "1"},
		{name: "dataFields-string-ignored", crit: jOne(jCE(jCond("y", "Equals", "2"))), events: ja{jm{"eventType": "customEvent", "eventName": "e", "dataFields": "x=1", "y": 2}}, want: "1"},
		{name: "dataFields-array-ignored", crit: jOne(jCE(jCond("0", "IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "e", "dataFields": ja{1}}}},
		{name: "dataFields-null-ignored", crit: jOne(jCE(jCond("e", "IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "e", "dataFields": nil}}, want: "1"},
		{name: "clash-top-level-wins", crit: xIs("customEvent", "top"), events: ja{jm{"eventType": "customEvent", "eventName": "e", "x": "top", "dataFields": jm{"x": "df"}}}, want: "1"},
		{name: "clash-dataFields-loses", crit: xIs("customEvent", "df"), events: ja{jm{"eventType": "customEvent", "eventName": "e", "x": "top", "dataFields": jm{"x": "df"}}}},
		{name: "clash-top-level-null-wins", crit: jOne(jCE(jCond("x", "IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "e", "x": nil, "dataFields": jm{"x": "df"}}}},
		{name: "eventType-forced-custom", crit: jOne(jCE(jCond("eventType", "Equals", "customEvent"))), events: ja{jEv("e", jm{"eventType": "purchase"})}, want: "1"},
		{name: "eventType-forced-not-dataFields", crit: jOne(jCE(jCond("eventType", "Equals", "purchase"))), events: ja{jEv("e", jm{"eventType": "purchase"})}},
		{name: "eventType-forced-cart", crit: jOne(jCE(jCond("eventType", "Equals", "customEvent"))), events: ja{jCart(nil, nil)}, want: "1"},
		{name: "eventType-cart-not-cartUpdate", crit: jOne(jCE(jCond("eventType", "Equals", "cartUpdate"))), events: ja{jCart(nil, nil)}},
		{name: "eventType-forced-purchase", crit: jOne(jPL(jCond("eventType", "Equals", "purchase"))), events: ja{jPur(nil, jm{"eventType": "user"})}, want: "1"},
		{name: "eventType-forced-user", crit: jOne(jUL(jCond("eventType", "Equals", "user"))), events: ja{jUser(jm{"eventType": "x"})}, want: "1"},
		{name: "eventName-top-level-wins", crit: jOne(jCE(jCond("a", "IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "a", "dataFields": jm{"eventName": "b"}}}, want: "1"},
		{name: "eventName-dataFields-loses", crit: jOne(jCE(jCond("b", "IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "a", "dataFields": jm{"eventName": "b"}}}},
		{name: "eventName-from-dataFields-when-no-top-level", crit: jOne(jCE(jCond("b", "IsSet"))), events: ja{jm{"eventType": "customEvent", "dataFields": jm{"eventName": "b"}}}, want: "1"},
		{name: "cart-eventName-forced-over-dataFields", crit: jOne(jCE(jCond("updateCart", "IsSet"))), events: ja{jCart(nil, jm{"eventName": "x"})}, want: "1"},
		{name: "items-from-dataFields-on-purchase", crit: jOne(jPL(jCond("items", "Equals", "x"))), events: ja{jPur(ja{jm{"a": 1}}, jm{"items": "x"})}, want: "1"},
		{name: "shoppingCartItems-from-items-wins", crit: jOne(jPL(jCond("shoppingCartItems.a", "Equals", "1"))), events: ja{jPur(ja{jm{"a": 1}}, jm{"shoppingCartItems": ja{jm{"a": 2}}})}, want: "1"},
	})
}
