package criteria

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// The model is built from one compacted copy of the document: Parse checks
// the text is JSON and compacts it once, and the functions below then walk
// that compact text directly, slicing member values out of it without
// decoding them again at every level of the tree.

// objectFields returns the members of a JSON object in the order written. A
// repeated key keeps its last value (as encoding/json does) at the position
// of its first occurrence. ok is false when raw is not an object. raw must be
// compact, valid JSON (any raw value the parser hands out is).
func objectFields(raw json.RawMessage) (fields []Field, ok bool) {
	if len(raw) < 2 || raw[0] != '{' {
		return nil, false
	}
	i := 1
	if raw[i] == '}' {
		return []Field{}, true
	}
	for i < len(raw) {
		keyEnd := skipValue(raw, i)
		key, kok := stringValue(raw[i:keyEnd])
		if !kok || keyEnd >= len(raw) || raw[keyEnd] != ':' {
			return nil, false
		}
		start := keyEnd + 1
		end := skipValue(raw, start)
		if end > len(raw) || start >= end {
			return nil, false
		}
		f := Field{Key: key, Value: json.RawMessage(raw[start:end:end])}
		if j := indexOfKey(fields, key); j >= 0 {
			fields[j].Value = f.Value
		} else {
			fields = append(fields, f)
		}
		if end >= len(raw) {
			return nil, false
		}
		switch raw[end] {
		case ',':
			i = end + 1
		case '}':
			return fields, true
		default:
			return nil, false
		}
	}
	return nil, false
}

func indexOfKey(fields []Field, key string) int {
	for j := range fields {
		if fields[j].Key == key {
			return j
		}
	}
	return -1
}

// arrayElems returns the elements of a compact JSON array.
func arrayElems(raw json.RawMessage) ([]json.RawMessage, bool) {
	if len(raw) < 2 || raw[0] != '[' {
		return nil, false
	}
	elems := []json.RawMessage{}
	i := 1
	if raw[i] == ']' {
		return elems, true
	}
	for i < len(raw) {
		end := skipValue(raw, i)
		if end > len(raw) || end <= i {
			return nil, false
		}
		elems = append(elems, json.RawMessage(raw[i:end:end]))
		if end >= len(raw) {
			return nil, false
		}
		switch raw[end] {
		case ',':
			i = end + 1
		case ']':
			return elems, true
		default:
			return nil, false
		}
	}
	return nil, false
}

// skipValue returns the index just past the compact JSON value starting at
// raw[i].
func skipValue(raw []byte, i int) int {
	if i >= len(raw) {
		return i + 1
	}
	switch raw[i] {
	case '"':
		for j := i + 1; j < len(raw); j++ {
			switch raw[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(raw) + 1
	case '{', '[':
		depth := 0
		for j := i; j < len(raw); j++ {
			switch raw[j] {
			case '"':
				j = skipValue(raw, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(raw) + 1
	}
	j := i
	for j < len(raw) && raw[j] != ',' && raw[j] != '}' && raw[j] != ']' {
		j++
	}
	return j
}

// stringValue decodes raw when it is a JSON string.
func stringValue(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	if inner := raw[1 : len(raw)-1]; bytes.IndexByte(inner, '\\') < 0 && bytes.IndexByte(inner, '"') < 0 && utf8.Valid(inner) {
		return string(inner), true
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
