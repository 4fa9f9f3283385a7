package device

import (
	"time"

	"limen/engine/criteria"
)

// Item is one product in a cart or a purchase (Iterable's CommerceItem).
type Item struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Price       float64        `json:"price"`
	Quantity    int            `json:"quantity"`
	SKU         string         `json:"sku,omitempty"`
	Description string         `json:"description,omitempty"`
	URL         string         `json:"url,omitempty"`
	ImageURL    string         `json:"imageUrl,omitempty"`
	Categories  []string       `json:"categories,omitempty"`
	DataFields  map[string]any `json:"dataFields,omitempty"`
}

// value is the item as stored: a JSON object of plain values, so criteria
// can walk it (shoppingCartItems.price, shoppingCartItems.dataFields.color).
func (it Item) value() map[string]any {
	m := map[string]any{"id": it.ID, "name": it.Name, "price": it.Price, "quantity": it.Quantity}
	if it.SKU != "" {
		m["sku"] = it.SKU
	}
	if it.Description != "" {
		m["description"] = it.Description
	}
	if it.URL != "" {
		m["url"] = it.URL
	}
	if it.ImageURL != "" {
		m["imageUrl"] = it.ImageURL
	}
	if len(it.Categories) > 0 {
		cats := make([]any, len(it.Categories))
		for i, c := range it.Categories {
			cats[i] = c
		}
		m["categories"] = cats
	}
	if len(it.DataFields) > 0 {
		m["dataFields"] = CopyValue(it.DataFields)
	}
	return m
}

func itemValues(items []Item) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it.value()
	}
	return out
}

// CopyValue deep-copies a JSON-like value (maps, slices, scalars), turning
// typed slices and maps of any into the []any / map[string]any that
// criteria walk.
func CopyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = CopyValue(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = CopyValue(e)
		}
		return s
	case []string:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = e
		}
		return s
	case []map[string]any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = CopyValue(e)
		}
		return s
	}
	return v
}

// copyFields deep-copies a field map; nil stays nil.
func copyFields(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	return CopyValue(m).(map[string]any)
}

// DeepMerge merges src into a copy of dst: objects merge recursively,
// anything else (arrays included) is replaced. Neither input is modified.
func DeepMerge(dst, src map[string]any) map[string]any {
	out := copyFields(dst)
	if out == nil {
		out = make(map[string]any, len(src))
	}
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := out[k].(map[string]any); ok {
				out[k] = DeepMerge(dm, sm)
				continue
			}
		}
		out[k] = CopyValue(v)
	}
	return out
}

// eventBody builds a stored record in web-SDK format (SPEC.md §4.2), with
// createdAt in seconds.
func customEventBody(name string, fields map[string]any, at time.Time) map[string]any {
	return map[string]any{
		"eventName":       name,
		"createdAt":       at.Unix(),
		"dataFields":      nonNil(copyFields(fields)),
		"createNewFields": true,
		"eventType":       "customEvent",
	}
}

func purchaseBody(items []Item, total float64, fields map[string]any, at time.Time) map[string]any {
	return map[string]any{
		"items":      itemValues(items),
		"createdAt":  at.Unix(),
		"dataFields": nonNil(copyFields(fields)),
		"total":      total,
		"eventType":  "purchase",
	}
}

func cartBody(items []Item, at time.Time) map[string]any {
	return map[string]any{
		"items":        itemValues(items),
		"eventType":    "cartUpdate",
		"preferUserId": true,
		"createdAt":    at.Unix(),
	}
}

func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// profileRecord is the criteria record of the merged profile update (the
// web SDK's flattened object with eventType "user").
func profileRecord(update map[string]any) (criteria.Record, bool) {
	if len(update) == 0 {
		return criteria.Record{}, false
	}
	return criteria.NewRecord(map[string]any{"dataFields": update, "eventType": "user"}, criteria.UserUpdateSource)
}
