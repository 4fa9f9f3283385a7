package criteria

import (
	"slices"
	"strings"

	"limen/engine/criteria"
	"limen/fixtures"
	"limen/ui/criteria/tree"
)

// Kinds of condition block the leaf form offers: the three data types, and
// cart updates (customEvent conditions on "updateCart").
const (
	kindEvent    = "custom event"
	kindPurchase = "purchase"
	kindCart     = "cart update"
	kindUser     = "profile field"
)

func kinds() []string { return []string{kindEvent, kindPurchase, kindCart, kindUser} }

const cartEvent = "updateCart"

// dataTypeOf is the block data type of a kind.
func dataTypeOf(kind string) string {
	switch kind {
	case kindPurchase:
		return tree.Purchase
	case kindUser:
		return tree.User
	}
	return tree.CustomEvent
}

// splitField reads a condition's field as the form shows it: kind, event
// name and field within the event.
func splitField(dataType string, c *criteria.Condition) (kind, event, field string) {
	f := ""
	if c != nil && c.Field != nil {
		f = *c.Field
	}
	switch dataType {
	case tree.Purchase:
		return kindPurchase, "", f
	case tree.User:
		return kindUser, "", f
	}
	head, rest, dotted := strings.Cut(f, ".")
	kind = kindEvent
	if head == cartEvent {
		kind = kindCart
	}
	if !dotted {
		return kind, head, "" // an occurrence: the event's bare name
	}
	return kind, head, rest
}

// joinField is the condition field of an event name and a field within it
// ("" field: the event itself, for "occurred").
func joinField(kind, event, field string) string {
	switch kind {
	case kindEvent, kindCart:
		if kind == kindCart {
			event = cartEvent
		}
		if field == "" {
			return event
		}
		return event + "." + field
	}
	return field
}

// eventSuggestions are event names the demo's visitors send.
func eventSuggestions() []string {
	return []string{"viewedProduct", "readArticle", "addedToCart", "signedUp", "searched"}
}

// fieldSuggestions lists fields for a kind: the catalog's item fields and
// common event and profile fields.
func fieldSuggestions(kind string) []string {
	items := []string{"id", "name", "price", "quantity", "category", "categories"}
	var out []string
	switch kind {
	case kindEvent:
		out = append(out, items...)
		out = append(out, "url", "title", "query")
	case kindCart:
		for _, f := range items {
			out = append(out, "updatedShoppingCartItems."+f)
		}
	case kindPurchase:
		out = append(out, "total")
		for _, f := range items {
			out = append(out, "shoppingCartItems."+f)
		}
	case kindUser:
		out = append(out, "city", "firstName", "lastName", "tier", "newsletter", "phoneNumber")
	}
	return out
}

// sampleValues are values seen for a field, from the catalog and the demo
// profile fields, for tree.Comparators; nil when unknown.
func sampleValues(field string) []any {
	last := field
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		last = field[i+1:]
	}
	var out []any
	for _, p := range fixtures.Catalog() {
		switch last {
		case "price":
			out = append(out, p.Price)
		case "name":
			out = append(out, p.Name)
		case "id":
			out = append(out, p.ID)
		case "category":
			out = append(out, p.Category)
		case "categories":
			out = append(out, toAny(p.Categories))
		}
		if len(out) >= 20 {
			break
		}
	}
	switch last {
	case "total", "quantity":
		out = append(out, 1.0)
	case "city", "firstName", "lastName", "tier", "url", "title", "query":
		out = append(out, "text")
	case "newsletter":
		out = append(out, true)
	}
	return out
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// comparatorsFor lists what fits a field; the current one stays offered.
func comparatorsFor(field, current string) []string {
	cs := tree.AllComparators()
	if field != "" {
		cs = tree.Comparators(sampleValues(field))
	}
	if current != "" && !slices.Contains(cs, current) {
		cs = append(cs, current)
	}
	return cs
}
