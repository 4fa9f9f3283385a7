package tree

import (
	"testing"

	"limen/engine/criteria"
	"limen/fixtures"
)

func TestDescribeFixtures(t *testing.T) {
	d, err := criteria.Parse(fixtures.Criteria())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Big-ticket browser: viewed a product with price above 500, at least 3 times",
		"Gift in the cart: updated the cart with a cart item whose categories contain 'gift'",
		"Reader who has not bought: all of: read an article, at least 4 times; did none of: made a purchase with total above 0",
		"Parisian window shopper: all of: their profile's city is 'Paris'; viewed a product, at least 2 times",
	}
	if len(d.Sets) != len(want) {
		t.Fatalf("%d fixture sets", len(d.Sets))
	}
	for i, s := range d.Sets {
		if got := DescribeSet(s); got != want[i] {
			t.Errorf("set %d:\n got %s\nwant %s", i, got, want[i])
		}
	}
}

func TestDescribeComparators(t *testing.T) {
	cases := []struct{ cond, want string }{
		{cond("user", "city", "Equals", "Paris"), "their profile's city is 'Paris'"},
		{cond("user", "city", "DoesNotEqual", "Paris"), "their profile's city is not 'Paris'"},
		{condVals("user", "city", "Equals", "Paris", "Lyon"), "their profile's city is one of 'Paris', 'Lyon'"},
		{condVals("user", "city", "DoesNotEqual", "Paris", "Lyon"), "their profile's city is not one of 'Paris', 'Lyon'"},
		{cond("user", "email", "IsSet", ""), "their profile's email is set"},
		{cond("user", "age", "GreaterThan", "30"), "their profile's age is above 30"},
		{cond("user", "age", "LessThan", "-2.5"), "their profile's age is below -2.5"},
		{cond("user", "age", "GreaterThanOrEqualTo", "18"), "their profile's age is at least 18"},
		{cond("user", "age", "LessThanOrEqualTo", "1e3"), "their profile's age is at most 1e3"},
		{cond("user", "email", "Contains", "@acme"), "their profile's email contains '@acme'"},
		{cond("user", "tags", "Contains", "vip"), "their profile's tags contain 'vip'"},
		{cond("user", "phoneNumber", "StartsWith", "+33"), "their profile's phone number starts with '+33'"},
		{cond("user", "interests", "StartsWith", "ski"), "their profile's interests start with 'ski'"},
		{cond("user", "zip", "MatchesRegex", "^75[0-9]{3}$"), "their profile's zip matches the pattern '^75[0-9]{3}$'"},
		{cond("user", "vip", "Equals", "true"), "their profile's vip is true"},
		{`{"field":"vip","comparatorType":"Equals","value":true}`, "their profile's vip is true"},
		{`{"field":"age","comparatorType":"GreaterThan","value":21}`, "their profile's age is above 21"},
		{`{"field":"age","comparatorType":"GreaterThan","values":["1","2"]}`, "their profile's age is above 1 or 2"},
		{cond("user", "age", "GreaterThan", ""), "their profile's age is above … (no value yet: never holds)"},
		{`{"field":"age","comparatorType":"Equals","value":{"a":1}}`, "their profile's age is … (no value yet: never holds)"},
		{cond("user", "age", "Bigger", "3"), `their profile's age has unknown comparator "Bigger" (never holds)`},
		{`{"field":"age","value":"3"}`, "their profile's age has no comparator (never holds)"},
		{`{"comparatorType":"IsSet"}`, "their profile's (no field) is set"},
		{`"odd"`, "their profile's a condition that is not an object (never holds)"},
		{cond("user", "dataFields.firstName", "Equals", "Ann"), "their profile's first name is 'Ann'"},
		{cond("user", "shoppingCartItems.price", "GreaterThan", "5"), "their cart holds an item whose price is above 5"},
	}
	for _, tc := range cases {
		n := parseSet(t, set(blk("user", tc.cond))).Query
		if got := Describe(n); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.cond, got, tc.want)
		}
	}
}

func TestDescribeNodes(t *testing.T) {
	ev := func(field, cmp, v string) string { return cond("customEvent", field, cmp, v) }
	pu := func(field, cmp, v string) string { return cond("purchase", field, cmp, v) }
	cases := []struct{ node, want string }{
		// customEvent blocks
		{leaf("customEvent", "And", "3", ev("viewedProduct.price", "GreaterThan", "500")), "viewed a product with price above 500, at least 3 times"},
		{leaf("customEvent", "And", `"2"`, ev("viewedProduct", "IsSet", "")), "viewed a product, at least 2 times"},
		{leaf("customEvent", "And", `"x"`, ev("viewedProduct", "IsSet", "")), "viewed a product"},
		{blk("customEvent", ev("readArticle", "IsSet", ""), ev("readArticle.topic", "Equals", "golf")), "read an article with topic is 'golf'"},
		{blk("customEvent", ev("button-clicked.lastPageViewed", "StartsWith", "/shop")), "button clicked with last page viewed starts with '/shop'"},
		{blk("customEvent", ev("signedUp", "IsSet", "")), "signed up"},
		{blk("customEvent", ev("updateCart", "IsSet", "")), "updated the cart"},
		{blk("customEvent", ev("updateCart.updatedShoppingCartItems.price", "GreaterThan", "10"), ev("updateCart.updatedShoppingCartItems.name", "Equals", "mug")),
			"updated the cart with a cart item whose price is above 10 and name is 'mug'"},
		{leaf("customEvent", "Or", "", ev("updateCart.updatedShoppingCartItems.price", "GreaterThan", "10"), ev("updateCart.updatedShoppingCartItems.name", "Equals", "mug")),
			"updated the cart with a cart item whose price is above 10 or a cart item whose name is 'mug'"},
		{blk("customEvent", ev("updatedShoppingCartItems.price", "GreaterThan", "10")), "updated the cart with a cart item whose price is above 10"},
		{blk("customEvent", ev("price", "GreaterThan", "10")), "did an event with price above 10"},
		{blk("customEvent", ev("viewedProduct.price", "GreaterThan", "10"), ev("readArticle", "IsSet", "")), "did an event with viewed product price above 10 and read article is set"},
		{leaf("customEvent", "Not", "", ev("viewedProduct.price", "GreaterThan", "10")), "viewed a product without price above 10"},
		{leaf("customEvent", "Not", "", ev("viewedProduct.price", "GreaterThan", "10"), ev("viewedProduct.brand", "Equals", "acme")),
			"viewed a product with none of: price above 10; brand is 'acme'"},
		{leaf("customEvent", "Or", "", ev("viewedProduct", "IsSet", ""), ev("viewedProduct.brand", "Equals", "acme")),
			"viewed a product with the event itself or brand is 'acme'"},
		// purchase blocks
		{blk("purchase", pu("total", "GreaterThan", "0")), "made a purchase with total above 0"},
		{blk("purchase", pu("shoppingCartItems.categories", "Contains", "gift")), "made a purchase with an item whose categories contain 'gift'"},
		{blk("purchase", pu("shoppingCartItems.name", "Equals", "keyboard"), pu("total", "GreaterThan", "50"), pu("shoppingCartItems.price", "Equals", "10")),
			"made a purchase with an item whose name is 'keyboard' and price is 10 and total above 50"},
		{leaf("purchase", "And", "2", pu("shoppingCartItems.dataFields.color", "Equals", "red")), "made a purchase with an item whose color is 'red', at least 2 times"},
		// user blocks
		{blk("user", cond("user", "city", "Equals", "Paris"), cond("user", "age", "GreaterThan", "30")), "their profile's city is 'Paris' and their profile's age is above 30"},
		{leaf("user", "Or", "", cond("user", "city", "Equals", "Paris"), cond("user", "city", "Equals", "Lyon")), "their profile's city is 'Paris' or their profile's city is 'Lyon'"},
		{leaf("user", "Not", "", cond("user", "city", "Equals", "Paris")), "none of: their profile's city is 'Paris'"},
		{leaf("user", "Not", "", cond("user", "city", "Equals", "Paris"), cond("user", "city", "Equals", "Lyon")), "none of: their profile's city is 'Paris'; their profile's city is 'Lyon'"},
		{leaf("user", "And", "3", cond("user", "city", "Equals", "Paris")), "their profile's city is 'Paris'"},
		// odd blocks
		{blk("updateUser", cond("updateUser", "x", "IsSet", "")), `a block of unknown data type "updateUser" (never matches)`},
		{`{"searchCombo":{}}`, "a block with no data type (never matches)"},
		{`{"dataType":"user","searchCombo":[]}`, "a block whose conditions are not an object (never matches)"},
		{`{"dataType":"user","searchCombo":{"combinator":"And","searchQueries":[]}}`, "their profile (no conditions yet: never matches)"},
		{leaf("purchase", "Xor", "", pu("total", "GreaterThan", "0")), "made a purchase with total above 0 (the conditions' combinator is not And, Or or Not: never matches)"},
		{`{"dataType":"user"}`, "neither a group nor a condition block (never matches)"},
		// groups
		{grp("And", grp("And", blk("purchase", pu("total", "GreaterThan", "0")))), "made a purchase with total above 0"},
		{grp("Or", blk("user", cond("user", "city", "Equals", "Paris")), blk("purchase", pu("total", "GreaterThan", "0"))),
			"any of: their profile's city is 'Paris'; made a purchase with total above 0"},
		{grp("Not", blk("user", cond("user", "city", "Equals", "Paris"))), "none of: their profile's city is 'Paris'"},
		{grp("Not", blk("purchase", pu("total", "GreaterThan", "0")), blk("customEvent", ev("readArticle", "IsSet", ""))),
			"did none of: made a purchase with total above 0; read an article"},
		{grp("And", grp("Or", blk("customEvent", ev("a", "IsSet", "")), blk("customEvent", ev("b", "IsSet", ""))), blk("customEvent", ev("c", "IsSet", ""))),
			"all of: (any of: a; b); c"},
		{grp("And", grp("Not", blk("customEvent", ev("a", "IsSet", ""))), blk("customEvent", ev("c", "IsSet", ""))),
			"all of: (did none of: a); c"},
		{grp("And", blk("customEvent", ev("c", "IsSet", "")), grp("Not", blk("customEvent", ev("a", "IsSet", "")))),
			"all of: c; did none of: a"},
		{grp("And"), "all of: nothing yet (matches every visitor)"},
		{grp("Or"), "any of: nothing yet (matches no visitor)"},
		{grp("Not"), "none of: nothing yet (matches every visitor)"},
		{grp("XOR", blk("customEvent", ev("a", "IsSet", ""))), `a group with unknown combinator "XOR" (never matches)`},
		{`{"searchQueries":[]}`, "a group with no combinator (never matches)"},
		{`{"combinator":"And","searchQueries":[7]}`, "not a group or a block (never matches)"},
	}
	for _, tc := range cases {
		n := parseSet(t, set(tc.node)).Query
		if got := Describe(n); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.node, got, tc.want)
		}
	}
	if got := Describe(nil); got != "not a group or a block (never matches)" {
		t.Errorf("nil: %s", got)
	}
}

func TestDescribeConditionAndSet(t *testing.T) {
	c := parseSet(t, set(blk("purchase", cond("purchase", "shoppingCartItems.categories", "Contains", "gift")))).Query.Combo.Conditions[0]
	if got := DescribeCondition(Purchase, c); got != "made a purchase with an item whose categories contain 'gift'" {
		t.Errorf("DescribeCondition: %s", got)
	}
	if got := DescribeCondition(CustomEvent, &criteria.Condition{Field: criteria.Str("readArticle"), ComparatorType: criteria.Str(IsSet)}); got != "read an article" {
		t.Errorf("DescribeCondition: %s", got)
	}
	if got := DescribeSet(NewSet("9", "")); got != "unnamed criteria: all of: nothing yet (matches every visitor)" {
		t.Errorf("DescribeSet(NewSet): %s", got)
	}
	if got := DescribeSet(&criteria.Set{Name: criteria.Str("n")}); got != "n: no searchQuery (never used)" {
		t.Errorf("DescribeSet: %s", got)
	}
	if got := DescribeSet(nil); got != "not a criteria set (never used)" {
		t.Errorf("DescribeSet(nil): %s", got)
	}
}

func TestHumanise(t *testing.T) {
	cases := map[string]string{
		"viewedProduct":  "viewed product",
		"readArticle":    "read article",
		"updateCart":     "updated the cart",
		"button-clicked": "button clicked",
		"signed_up":      "signed up",
		"productSKU":     "product SKU",
		"SKUCode":        "SKU code",
		"page2View":      "page2 view",
		"city":           "city",
		"":               "",
	}
	for in, want := range cases {
		if got := Humanise(in); got != want {
			t.Errorf("Humanise(%q) = %q, want %q", in, got, want)
		}
	}
	if got := HumanField("dataFields.address.postCode"); got != "address post code" {
		t.Errorf("HumanField: %q", got)
	}
	if got := EventPhrase("viewedProduct"); got != "viewed a product" {
		t.Errorf("EventPhrase: %q", got)
	}
}

func TestNumeric(t *testing.T) {
	for s, want := range map[string]bool{
		"1": true, "-1": true, "+1.5": true, ".5": true, "5.": true, "1e3": true, "1E-3": true,
		"": false, ".": false, "e3": false, "1e": false, " 1": false, "0x10": false, "NaN": false, "1.2.3": false,
	} {
		if numeric(s) != want {
			t.Errorf("numeric(%q) = %v", s, !want)
		}
	}
}
