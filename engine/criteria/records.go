package criteria

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Kind is the type of a record: what a leaf's dataType selects.
type Kind uint8

// Record kinds. Cart updates are custom events named "updateCart" (rule 4).
const (
	KindNone Kind = iota
	KindCustomEvent
	KindPurchase
	KindUser
)

func (k Kind) String() string {
	switch k {
	case KindCustomEvent:
		return "customEvent"
	case KindPurchase:
		return "purchase"
	case KindUser:
		return "user"
	}
	return "none"
}

// kindOf maps a leaf dataType to the kind of record it selects.
func kindOf(dataType string) Kind {
	switch dataType {
	case "customEvent":
		return KindCustomEvent
	case "purchase":
		return KindPurchase
	case "user":
		return KindUser
	}
	return KindNone
}

// UserUpdateSource is the Source of the record built from the profile update.
const UserUpdateSource = -1

// Record is one stored event (or the profile update) as criteria see it: a
// kind, an event name and a flat field map (rules 4 and 5). Field values are
// the decoded JSON values of the stored data and are shared with it, never
// modified.
type Record struct {
	Kind      Kind
	EventName string
	Fields    map[string]any
	// Source is the index of the stored event this record came from, or
	// UserUpdateSource.
	Source int
	// dottedKeys: some field name contains a dot, so dotted condition
	// fields must first be looked up literally (rule 11b).
	dottedKeys bool
}

// NewRecord builds the record for one stored event already in web-SDK format
// (see NormalizeEvent). ok is false when the event yields no record: not an
// object, or an eventType other than customEvent, user, purchase, cartUpdate.
func NewRecord(event any, source int) (r Record, ok bool) {
	ev, isObj := event.(map[string]any)
	if !isObj {
		return Record{}, false
	}
	var itemsKey, eventName string
	et, _ := ev["eventType"].(string)
	switch et {
	case "customEvent":
		r.Kind = KindCustomEvent
	case "user":
		r.Kind = KindUser
	case "purchase":
		r.Kind, itemsKey = KindPurchase, "shoppingCartItems"
	case "cartUpdate":
		r.Kind, itemsKey, eventName = KindCustomEvent, "updatedShoppingCartItems", "updateCart"
	default:
		return Record{}, false
	}
	df, _ := ev["dataFields"].(map[string]any)
	fields := make(map[string]any, len(df)+len(ev)+1)
	for k, v := range df {
		fields[k] = v
	}
	for k, v := range ev {
		if k != "dataFields" && k != "items" {
			fields[k] = v
		}
	}
	if itemsKey != "" {
		if items, isArr := ev["items"].([]any); isArr {
			fields[itemsKey] = items
		}
	}
	fields["eventType"] = r.Kind.String()
	if eventName != "" {
		fields["eventName"] = eventName
	}
	r.EventName, _ = fields["eventName"].(string)
	r.Fields = fields
	for k := range fields {
		if strings.IndexByte(k, '.') >= 0 {
			r.dottedKeys = true
			break
		}
	}
	r.Source = source
	return r, true
}

// NewRecords builds the records of a visitor's stored data: one per stored
// event that yields one, then the profile update when it is a non-empty
// object (rule 4).
func NewRecords(events []any, userUpdate any) []Record {
	recs := make([]Record, 0, len(events)+1)
	for i, ev := range events {
		if r, ok := NewRecord(ev, i); ok {
			recs = append(recs, r)
		}
	}
	if u, ok := userUpdate.(map[string]any); ok && len(u) > 0 {
		if r, ok := NewRecord(u, UserUpdateSource); ok {
			recs = append(recs, r)
		}
	}
	return recs
}

// NormalizeEvent turns a stored event written by any of the three SDKs into
// web-SDK storage format (SPEC.md §4.2): the legacy `dataType` discriminator
// becomes `eventType`, Swift's `updateCart` becomes `cartUpdate`, and
// Android's JSON-string `items` become an array. The input is not modified;
// a changed event is a shallow copy.
func NormalizeEvent(event any) any {
	ev, ok := event.(map[string]any)
	if !ok {
		return event
	}
	out, copied := ev, false
	edit := func() {
		if !copied {
			out, copied = make(map[string]any, len(ev)), true
			for k, v := range ev {
				out[k] = v
			}
		}
	}
	if _, has := ev["eventType"]; !has {
		if dt, isStr := ev["dataType"].(string); isStr {
			edit()
			delete(out, "dataType")
			out["eventType"] = dt
		}
	}
	if out["eventType"] == "updateCart" {
		edit()
		out["eventType"] = "cartUpdate"
	}
	if s, isStr := ev["items"].(string); isStr {
		if items, err := decodeJSON([]byte(s)); err == nil {
			if arr, isArr := items.([]any); isArr {
				edit()
				out["items"] = arr
			}
		}
	}
	return out
}

// DecodeEvents reads a JSON array of stored events (any SDK's format) and
// returns them normalised to web-SDK format. Elements that are not objects are
// kept: they simply yield no record.
func DecodeEvents(data []byte) ([]any, error) {
	v, err := decodeChecked(data)
	if err != nil {
		return nil, err
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("stored events must be a JSON array, not %s", jsonKind(v))
	}
	for i := range arr {
		arr[i] = NormalizeEvent(arr[i])
	}
	return arr, nil
}

// DecodeUserUpdate reads the merged profile-update object. null is allowed
// and means there is none.
func DecodeUserUpdate(data []byte) (any, error) {
	v, err := decodeChecked(data)
	if err != nil {
		return nil, err
	}
	switch v.(type) {
	case nil, map[string]any:
		return v, nil
	}
	return nil, fmt.Errorf("the profile update must be a JSON object, not %s", jsonKind(v))
}

// decodeChecked decodes one JSON value; when the text is not JSON the error
// is a *SyntaxError with its line and column.
func decodeChecked(data []byte) (any, error) {
	v, err := decodeJSON(data)
	if err != nil {
		if serr := CheckJSON(data); serr != nil {
			return nil, serr
		}
		return nil, err
	}
	return v, nil
}

// decodeJSON decodes one JSON value keeping numbers as json.Number, so that
// stored data keeps its exact digits.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return v, nil
}

// DecodeValue decodes one JSON value the way stored data is decoded (numbers
// as json.Number).
func DecodeValue(data []byte) (any, error) { return decodeJSON(data) }

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
