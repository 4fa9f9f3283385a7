package criteria

import (
	"bytes"
	"encoding/json"
)

// objectFields returns the members of a JSON object in the order written,
// each value compacted. A repeated key keeps its last value (as encoding/json
// does) at the position of its first occurrence. ok is false when raw is not
// an object.
func objectFields(raw json.RawMessage) (fields []Field, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	index := map[string]int{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		v = compact(v)
		if i, dup := index[key]; dup {
			fields[i].Value = v
			continue
		}
		index[key] = len(fields)
		fields = append(fields, Field{Key: key, Value: v})
	}
	return fields, true
}

// arrayElems returns the elements of a JSON array, each compacted.
func arrayElems(raw json.RawMessage) ([]json.RawMessage, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return nil, false
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, false
	}
	for i := range elems {
		elems[i] = compact(elems[i])
	}
	if elems == nil {
		elems = []json.RawMessage{}
	}
	return elems, true
}

// stringValue decodes raw when it is a JSON string.
func stringValue(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

func compact(raw json.RawMessage) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return raw
	}
	return buf.Bytes()
}
