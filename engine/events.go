package engine

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"limen/engine/criteria"
	"limen/engine/device"
	"limen/storage"
)

// Event types as stored.
const (
	EventCustom         = "customEvent"
	EventPurchase       = "purchase"
	EventCartUpdate     = "cartUpdate"
	EventUnknownSession = "unknownSession"
)

// StoredEvent is one event of a profile.
type StoredEvent struct {
	// ID is unique per profile; storing an id twice stores nothing.
	ID         string         `json:"id"`
	ProfileID  uint64         `json:"profileId"`
	Type       string         `json:"type"`
	EventName  string         `json:"eventName,omitempty"`
	CreatedAt  time.Time      `json:"createdAt"`
	DataFields map[string]any `json:"dataFields,omitempty"`
	Items      []any          `json:"items,omitempty"`
	Total      any            `json:"total,omitempty"`
	// IsUnknownUser is set on unknownSession events only: true when
	// recorded, false once the unknown profile was merged into a known one.
	IsUnknownUser *bool  `json:"isUnknownUser,omitempty"`
	DeviceID      string `json:"deviceId,omitempty"`
}

// eventFromDevice converts a device event (web-SDK storage format, any
// SDK's variant) into a StoredEvent. ok is false for records that are never
// replayed (push-token registrations); other unknown types are an error.
func eventFromDevice(ev device.Event, deviceID string, now time.Time) (se StoredEvent, ok bool, err error) {
	body, _ := criteria.NormalizeEvent(map[string]any(ev.Body)).(map[string]any)
	typ, _ := body["eventType"].(string)
	switch typ {
	case EventCustom, EventPurchase, EventCartUpdate:
	case "tokenRegistration":
		return se, false, nil
	default:
		return se, false, invalid("event.eventType", typ, "must be %q, %q or %q", EventCustom, EventPurchase, EventCartUpdate)
	}
	se = StoredEvent{ID: ev.ID, Type: typ, CreatedAt: ev.At.UTC(), DeviceID: deviceID}
	se.EventName, _ = body["eventName"].(string)
	if df, isMap := body["dataFields"].(map[string]any); isMap {
		se.DataFields = deepCopyMap(df)
	}
	if items, isArr := body["items"].([]any); isArr {
		se.Items, _ = deepCopy(items).([]any)
	}
	se.Total = deepCopy(body["total"])
	if se.CreatedAt.IsZero() {
		se.CreatedAt = bodyTime(body["createdAt"], now)
	}
	return se, true, nil
}

// bodyTime reads a createdAt in seconds (web/Swift) or milliseconds
// (Android, possibly as a string); fallback when absent.
func bodyTime(v any, fallback time.Time) time.Time {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int64:
		f = float64(x)
	case int:
		f = float64(x)
	case string:
		var err error
		if f, err = strconv.ParseFloat(x, 64); err != nil {
			return fallback
		}
	default:
		return fallback
	}
	if f <= 0 {
		return fallback
	}
	if f > 1e11 { // milliseconds
		return time.UnixMilli(int64(f)).UTC()
	}
	return time.Unix(int64(f), 0).UTC()
}

// storeEvent stores ev on sp unless sp already has an event with its id;
// it reports whether it stored. sp's counters change; the caller writes sp.
func (w *writeTxn) storeEvent(sp *storedProfile, ev StoredEvent) (bool, error) {
	var seq uint64
	if ev.ID == "" { // events without an id cannot be deduplicated
		var err error
		if seq, err = w.p.db.NextID(seqEvent); err != nil {
			return false, err
		}
		ev.ID = "e" + strconv.FormatUint(seq, 10)
	}
	idKey := storage.EventIDKey(sp.ID, ev.ID)
	has, err := w.txn.Has(idKey)
	if err != nil || has {
		return false, err
	}
	if seq == 0 {
		if seq, err = w.p.db.NextID(seqEvent); err != nil {
			return false, err
		}
	}
	ev.ProfileID = sp.ID
	key := storage.EventKey(sp.ID, ev.CreatedAt, seq)
	if err := putJSON(w.txn, key, ev); err != nil {
		return false, err
	}
	if err := w.txn.Set(idKey, key); err != nil {
		return false, err
	}
	sp.EventCount++
	sp.LastActivity = laterOf(sp.LastActivity, ev.CreatedAt)
	return true, nil
}

// storeDeviceEvents converts and stores device events on sp, idempotently,
// and returns how many were new.
func (w *writeTxn) storeDeviceEvents(sp *storedProfile, events []device.Event, deviceID string) (int, error) {
	n := 0
	for i, ev := range events {
		se, ok, err := eventFromDevice(ev, deviceID, w.at)
		if err != nil {
			return n, fmt.Errorf("event %d (%s): %w", i, ev.ID, err)
		}
		if !ok {
			continue
		}
		stored, err := w.storeEvent(sp, se)
		if err != nil {
			return n, err
		}
		if stored {
			n++
			if se.Type == EventPurchase {
				w.purchases = append(w.purchases, se)
			}
		}
	}
	return n, nil
}

// applyUpdate deep-merges a profile update into sp's data fields.
func applyUpdate(sp *storedProfile, fields map[string]any, at, now time.Time) {
	if len(fields) == 0 {
		return
	}
	deepMerge(sp.DataFields, fields)
	if at.IsZero() {
		at = now
	}
	sp.LastActivity = laterOf(sp.LastActivity, at.UTC())
}

// deepMerge merges src into dst: objects merge recursively, everything else
// (arrays included) replaces. src is copied, never shared.
func deepMerge(dst, src map[string]any) {
	for k, v := range src {
		sv, srcObj := v.(map[string]any)
		dv, dstObj := dst[k].(map[string]any)
		if srcObj && dstObj {
			deepMerge(dv, sv)
			continue
		}
		dst[k] = deepCopy(v)
	}
}

// deepCopy copies JSON-like values (maps and slices); other values are
// returned as they are.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return deepCopyMap(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	default:
		return v
	}
}

func deepCopyMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = deepCopy(v)
	}
	return out
}

// Cursor marks where a page ended; pass it back as After for the next page.
// The zero Cursor starts at the beginning. Cursors are opaque.
type Cursor string

func keyCursor(key []byte) Cursor {
	return Cursor(base64.RawURLEncoding.EncodeToString(key))
}

// cursorKey decodes a cursor that must lie in one of spaces.
func cursorKey(c Cursor, spaces ...storage.Space) ([]byte, error) {
	if c == "" {
		return nil, nil
	}
	key, err := base64.RawURLEncoding.DecodeString(string(c))
	if err == nil && len(key) > 0 {
		for _, s := range spaces {
			if key[0] == byte(s) {
				return key, nil
			}
		}
	}
	return nil, invalid("after", string(c), "is not a cursor of this listing")
}

// pageLimit applies the default (50) and maximum (1000) page sizes.
func pageLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 1000:
		return 1000
	}
	return n
}

// EventQuery pages through a profile's events.
type EventQuery struct {
	NewestFirst bool
	After       Cursor
	Limit       int // default 50, at most 1000
}

// Events lists a profile's events in time order (oldest first unless
// NewestFirst). The next cursor is empty when the page was not full.
func (p *Project) Events(profileID uint64, q EventQuery) ([]StoredEvent, Cursor, error) {
	limit := pageLimit(q.Limit)
	after, err := cursorKey(q.After, storage.SpaceEvent)
	if err != nil {
		return nil, "", err
	}
	prefix := storage.EventPrefix(profileID)
	if after != nil && !bytes.HasPrefix(after, prefix) {
		return nil, "", invalid("after", string(q.After), "is a cursor of another profile's events")
	}
	var out []StoredEvent
	var next Cursor
	err = p.db.View(func(txn *storage.Txn) error {
		if _, err := loadProfile(txn, profileID); err != nil {
			return err
		}
		opt := storage.IterOptions{Reverse: q.NewestFirst, Seek: after}
		return txn.Iterate(prefix, opt, func(key, val []byte) error {
			if after != nil && bytes.Equal(key, after) {
				return nil
			}
			var ev StoredEvent
			if err := json.Unmarshal(val, &ev); err != nil {
				return err
			}
			out = append(out, ev)
			if len(out) == limit {
				next = keyCursor(key)
				return storage.ErrStop
			}
			return nil
		})
	})
	return out, next, err
}
