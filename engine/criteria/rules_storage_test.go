package criteria

// Quirks Q22-Q26: key clashes, criteriaId types, a data field named items,
// exception paths, and the three SDKs' storage formats (normalised by
// DecodeEvents before evaluation).

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestQuirksStorage(t *testing.T) {
	// Q22: one record of each type with x both at the top level and in
	// dataFields; the top-level value wins for every type.
	clash := func(ev jm) jm {
		out := jm{"x": "top", "dataFields": jm{"x": "df"}}
		for k, v := range ev {
			if k != "dataFields" {
				out[k] = v
			}
		}
		return out
	}
	types := []struct {
		name, dataType string
		ev             jm
		asUpdate       bool
	}{
		{"customEvent", "customEvent", jEv("e", nil), false},
		{"user", "user", jm{"eventType": "user"}, false},
		{"profile-update", "user", jm{"eventType": "user"}, true},
		{"purchase", "purchase", jPur(ja{jm{"p": 1}}, nil), false},
		{"cartUpdate", "customEvent", jCart(ja{jm{"p": 1}}, nil), false},
	}
	var q22 []ruleCase
	for _, ty := range types {
		for _, v := range []string{"top", "df"} {
			c := ruleCase{name: ty.name + "-equals-" + v, crit: jOne(jLeaf(ty.dataType, "And", jCond("x", "Equals", v)))}
			if ty.asUpdate {
				c.update = clash(ty.ev)
			} else {
				c.events = ja{clash(ty.ev)}
			}
			if v == "top" {
				c.want = "1"
			}
			q22 = append(q22, c)
		}
	}
	q22 = append(q22,
		ruleCase{name: "custom-eventName-top-wins", crit: jOne(jCE(jCond("a", "IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "a", "dataFields": jm{"eventName": "b"}}}, want: "1"},
		ruleCase{name: "custom-eventName-df-loses", crit: jOne(jCE(jCond("eventName", "Equals", "b"))), events: ja{jm{"eventType": "customEvent", "eventName": "a", "dataFields": jm{"eventName": "b"}}}},
		ruleCase{name: "user-createdAt-top-wins", crit: jOne(jUL(jCond("createdAt", "Equals", "1"))), events: ja{jm{"eventType": "user", "createdAt": 1, "dataFields": jm{"createdAt": 2}}}, want: "1"},
		ruleCase{name: "purchase-total-top-wins", crit: jOne(jPL(jCond("total", "GreaterThan", "100"))), events: ja{jm{"eventType": "purchase", "total": 500, "dataFields": jm{"total": 5}}}, want: "1"},
	)
	runRuleCases(t, "quirkQ22", q22)

	hit := jCE(jCond("x", "Equals", "1"))
	hitEv := ja{jEv("e", jm{"x": 1})}
	runRuleCases(t, "quirkQ23", []ruleCase{
		{name: "number-12345", crit: jDoc(jSet(jn("12345"), hit)), events: hitEv, want: "12345"},
		{name: "number-1.5", crit: jDoc(jSet(jn("1.5"), hit)), events: hitEv, want: "1.5"},
		{name: "number-12345.00", crit: jDoc(jSet(jn("12345.00"), hit)), events: hitEv, want: "12345"},
		{name: "number-1.50", crit: jDoc(jSet(jn("1.50"), hit)), events: hitEv, want: "1.5"},
		{name: "empty-string-skipped", crit: jDoc(jSet("", hit), jSet("2", hit)), events: hitEv, want: "2"},
		{name: "non-object-set-skipped", crit: jDoc("290", jSet("2", hit)), events: hitEv, want: "2"},
		{name: "non-numeric-string-id", crit: jDoc(jSet("abc-1", hit)), events: hitEv, want: "abc-1"},
		{name: "number-id-not-skipped", crit: jDoc(jSet(jn("7"), hit), jSet("8", hit)), events: hitEv, want: "7"},
	})

	runRuleCases(t, "quirkQ24", []ruleCase{
		{name: "items-list-field", crit: jOne(jCE(jCond("items.name", "Equals", "a"))), events: ja{jEv("e", jm{"items": ja{jm{"name": "a"}}})}, want: "1"},
		{name: "items-list-field-prefixed", crit: jOne(jCE(jCond("e.items.name", "Equals", "a"))), events: ja{jEv("e", jm{"items": ja{jm{"name": "a"}}})}, want: "1"},
		{name: "items-string-field", crit: jOne(jCE(jCond("items", "Equals", "abc"))), events: ja{jEv("e", jm{"items": "abc"})}, want: "1"},
		{name: "items-number-field", crit: jOne(jCE(jCond("items", "GreaterThan", "2"))), events: ja{jEv("e", jm{"items": 3})}, want: "1"},
		{name: "items-isset", crit: jOne(jCE(jCond("items", "IsSet"))), events: ja{jEv("e", jm{"items": ja{"x"}})}, want: "1"},
		{name: "items-same-element", crit: jOne(jCE(jCond("items.name", "Equals", "a"), jCond("items.n", "Equals", "2"))), events: ja{jEv("e", jm{"items": ja{jm{"name": "a", "n": 1}, jm{"name": "b", "n": 2}}})}},
		{name: "items-user-field", crit: jOne(jUL(jCond("items", "Contains", "b"))), update: jUser(jm{"items": ja{"abc"}}), want: "1"},
		{name: "items-not-shoppingCartItems", crit: jOne(jCE(jCond("shoppingCartItems.name", "Equals", "a"))), events: ja{jEv("e", jm{"items": ja{jm{"name": "a"}}})}},
	})

	objThenStr := ja{jEv("e", jm{"v": jm{"k": "b"}}), jEv("e", jm{"v": "abc"})}
	runRuleCases(t, "quirkQ25", []ruleCase{
		{name: "contains-object-not-flipped-by-not", crit: jOne(jNot(jCE(vc("Contains", "b")))), events: objThenStr},
		{name: "contains-object-leaf-still-true", crit: jOne(jCE(vc("Contains", "b"))), events: objThenStr, want: "1"},
		{name: "missing-fieldType-not-flipped", crit: jOne(jNot(jCE(jCond("e", "IsSet")))), events: objThenStr},
		{name: "items-string-custom-not-flipped", crit: jOne(jNot(jCE(jCond("items", "IsSet")))), events: ja{jEv("e", jm{"items": "x"})}},
		{name: "bad-regex-not-flipped-sibling", crit: jOne(jNot(jLeaf("customEvent", "Or", vc("MatchesRegex", "("), vc("Contains", "b")))), events: objThenStr},
	})

	items := `[{"name":"sofa","price":900,"dataFields":{"color":"grey"}}]`
	sofaPrice := jCond("shoppingCartItems.price", "GreaterThan", "500")
	cartPrice := jCond("updateCart.updatedShoppingCartItems.price", "GreaterThan", "500")
	runRuleCases(t, "quirkQ26", []ruleCase{
		{name: "android-string-items-purchase", crit: jOne(jPL(sofaPrice, jCond("shoppingCartItems.dataFields.color", "Equals", "grey"))), events: ja{jm{"eventType": "purchase", "items": items, "dataFields": jm{"total": 900}}}, want: "1"},
		{name: "android-string-items-cart", crit: jOne(jCE(jCond("updateCart", "IsSet"), cartPrice)), events: ja{jm{"eventType": "cartUpdate", "items": items}}, want: "1"},
		{name: "android-string-items-invalid-json", crit: jOne(jPL(jCond("shoppingCartItems", "IsSet"))), events: ja{jm{"eventType": "purchase", "items": "[{"}}},
		{name: "android-string-items-object-json", crit: jOne(jPL(jCond("shoppingCartItems.name", "IsSet"))), events: ja{jm{"eventType": "purchase", "items": `{"name":"sofa"}`}}},
		{name: "android-string-items-empty", crit: jOne(jPL(jCond("shoppingCartItems", "IsSet"))), events: ja{jm{"eventType": "purchase", "items": "[]"}}},
		{name: "swift-updateCart-eventType", crit: jOne(jCE(jCond("updateCart", "IsSet"), cartPrice)), events: ja{jm{"eventType": "updateCart", "items": ja{jm{"price": 900}}}}, want: "1"},
		{name: "swift-updateCart-is-not-purchase", crit: jOne(jPL(jCond("eventType", "IsSet"))), events: ja{jm{"eventType": "updateCart", "items": ja{}}}},
		{name: "swift-updateCart-eventType-forced", crit: jOne(jCE(jCond("eventType", "Equals", "customEvent"), jCond("eventName", "Equals", "updateCart"))), events: ja{jm{"eventType": "updateCart"}}, want: "1"},
		{name: "legacy-dataType-custom", crit: jOne(jCE(jCond("a", "IsSet"), jCond("n", "Equals", "1"))), events: ja{jm{"dataType": "customEvent", "eventName": "a", "dataFields": jm{"n": 1}}}, want: "1"},
		{name: "legacy-dataType-purchase", crit: jOne(jPL(sofaPrice)), events: ja{jm{"dataType": "purchase", "items": ja{jm{"price": 900}}}}, want: "1"},
		{name: "legacy-dataType-user", crit: jOne(jUL(jCond("n", "Equals", "1"))), events: ja{jm{"dataType": "user", "dataFields": jm{"n": 1}}}, want: "1"},
		{name: "legacy-dataType-not-a-field", crit: jOne(jCE(jCond("dataType", "IsSet"))), events: ja{jm{"dataType": "customEvent", "eventName": "a"}}},
		{name: "legacy-all-three", crit: jOne(jCE(jCond("updateCart", "IsSet"), cartPrice)), events: ja{jm{"dataType": "updateCart", "items": items}}, want: "1"},
		{name: "eventType-beats-dataType", crit: jOne(jPL(jCond("total", "IsSet"))), events: ja{jm{"eventType": "customEvent", "dataType": "purchase", "eventName": "a", "total": 1}}},
		{name: "eventType-beats-dataType-custom", crit: jOne(jCE(jCond("a", "IsSet"))), events: ja{jm{"eventType": "customEvent", "dataType": "purchase", "eventName": "a"}}, want: "1"},
		{name: "legacy-dataType-not-string", crit: jOne(jCE(jCond("eventType", "IsSet"))), events: ja{jm{"dataType": 1, "eventName": "a"}}},
		{name: "records-with-criteriaId-kept", crit: jOne(jCE(jCond("a", "IsSet"))), events: ja{jm{"eventType": "customEvent", "eventName": "a", "criteriaId": "5"}}, want: "1"},
		{name: "web-format-unchanged", crit: jOne(jPL(sofaPrice)), events: ja{jPur(ja{jm{"price": 900}}, nil)}, want: "1"},
	})
}

// TestNormalizeEventKeepsInput checks Q26's normalisation copies rather than
// modifies, and leaves web-format events as they are.
func TestNormalizeEventKeepsInput(t *testing.T) {
	inputs := []string{
		`{"dataType":"updateCart","items":"[{\"price\":1}]","dataFields":{"a":1}}`,
		`{"eventType":"purchase","items":"[{\"price\":1}]"}`,
		`{"eventType":"updateCart","items":[]}`,
		`{"eventType":"customEvent","eventName":"a","dataFields":{"items":"[1]"}}`,
		`{"eventType":"customEvent","items":"[1]"}`,
		`"not an object"`, `null`, `[{"dataType":"user"}]`,
	}
	for _, in := range inputs {
		v, err := DecodeValue([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		ref, _ := DecodeValue([]byte(in))
		out := NormalizeEvent(v)
		if !reflect.DeepEqual(v, ref) {
			t.Errorf("NormalizeEvent(%s) modified its input", in)
		}
		b, _ := json.Marshal(out)
		if m, ok := out.(map[string]any); ok {
			if _, has := m["dataType"]; has && m["eventType"] == nil {
				t.Errorf("NormalizeEvent(%s) = %s: dataType not renamed", in, b)
			}
			if m["eventType"] == "updateCart" {
				t.Errorf("NormalizeEvent(%s) = %s: updateCart not renamed", in, b)
			}
		}
		again := NormalizeEvent(out)
		if !reflect.DeepEqual(again, out) {
			t.Errorf("NormalizeEvent is not idempotent on %s", in)
		}
	}
	web := map[string]any{"eventType": "customEvent", "eventName": "a"}
	if out := NormalizeEvent(web); reflect.ValueOf(out).Pointer() != reflect.ValueOf(web).Pointer() {
		t.Errorf("a web-format event was copied")
	}
}
