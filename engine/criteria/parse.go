package criteria

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// SyntaxError says where a text stops being JSON, as a line and column
// (both from 1) a person can find in an editor.
type SyntaxError struct {
	Line, Column int
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// ErrNotObject is returned by Parse when the text is JSON but not an object.
var ErrNotObject = errors.New("a criteria document must be a JSON object with a \"criteriaSets\" array")

// CheckJSON returns a *SyntaxError locating the first problem when data is
// not a single JSON value, and nil otherwise.
func CheckJSON(data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v json.RawMessage
	err := json.Unmarshal(data, &v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	offset := int64(len(data))
	msg := err.Error()
	if errors.As(err, &se) {
		offset = se.Offset
		msg = se.Error()
	}
	line, col := position(data, offset)
	return &SyntaxError{Line: line, Column: col, Msg: msg}
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 1 {
		offset = 1
	}
	before := data[:offset-1]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, col
}

// Parse reads a criteria document. It fails only when data is not JSON
// (a *SyntaxError) or not a JSON object (ErrNotObject): every odd shape inside
// is kept in the model, evaluated by the rules, and reported by Lint.
func Parse(data []byte) (*Document, error) {
	if err := CheckJSON(data); err != nil {
		return nil, err
	}
	// One compact copy: the model's raw values are slices of it.
	fields, ok := objectFields(compact(data))
	if !ok {
		return nil, ErrNotObject
	}
	return parseDocument(fields), nil
}

func parseDocument(fields []Field) *Document {
	// criteriaSets is the envelope; criteriaList, the legacy one, is used only
	// when no criteriaSets array exists.
	setsKey := ""
	for _, f := range fields {
		if _, ok := arrayElems(f.Value); ok && (f.Key == "criteriaSets" || (f.Key == "criteriaList" && setsKey == "")) {
			setsKey = f.Key
		}
	}
	d := &Document{Legacy: setsKey == "criteriaList"}
	for _, f := range fields {
		switch {
		case f.Key == "count":
			d.Count = f.Value
		case f.Key == setsKey:
			arr, _ := arrayElems(f.Value)
			d.Sets = make([]*Set, 0, len(arr))
			for _, el := range arr {
				d.Sets = append(d.Sets, parseSet(el))
			}
		default:
			d.Extra = append(d.Extra, f)
		}
	}
	return d
}

func parseSet(raw json.RawMessage) *Set {
	fields, ok := objectFields(raw)
	if !ok {
		return &Set{Raw: raw}
	}
	s := &Set{}
	for _, f := range fields {
		switch f.Key {
		case "criteriaId":
			s.ID = f.Value
			continue
		case "name":
			if v, ok := stringValue(f.Value); ok {
				s.Name = &v
				continue
			}
		case "createdAt":
			s.CreatedAt = f.Value
			continue
		case "updatedAt":
			s.UpdatedAt = f.Value
			continue
		case "searchQuery":
			if _, isObj := objectFields(f.Value); isObj {
				s.Query = parseNode(f.Value)
				continue
			}
		}
		s.Extra = append(s.Extra, f)
	}
	return s
}

func parseNode(raw json.RawMessage) *Node {
	fields, ok := objectFields(raw)
	if !ok {
		return &Node{Raw: raw}
	}
	n := &Node{}
	for _, f := range fields {
		switch f.Key {
		case "combinator":
			if v, ok := stringValue(f.Value); ok {
				n.Combinator = &v
				continue
			}
		case "searchQueries":
			if arr, ok := arrayElems(f.Value); ok {
				n.IsGroup = true
				n.Children = make([]*Node, 0, len(arr))
				for _, el := range arr {
					n.Children = append(n.Children, parseNode(el))
				}
				continue
			}
		case "dataType":
			if v, ok := stringValue(f.Value); ok {
				n.DataType = &v
				continue
			}
		case "searchCombo":
			n.Combo = parseCombo(f.Value)
			continue
		case "minMatch":
			n.MinMatch = f.Value
			continue
		case "maxMatch":
			n.MaxMatch = f.Value
			continue
		}
		n.Extra = append(n.Extra, f)
	}
	return n
}

func parseCombo(raw json.RawMessage) *Combo {
	fields, ok := objectFields(raw)
	if !ok {
		return &Combo{Raw: raw}
	}
	c := &Combo{}
	for _, f := range fields {
		switch f.Key {
		case "combinator":
			if v, ok := stringValue(f.Value); ok {
				c.Combinator = &v
				continue
			}
		case "searchQueries":
			if arr, ok := arrayElems(f.Value); ok {
				c.HasConditions = true
				c.Conditions = make([]*Condition, 0, len(arr))
				for _, el := range arr {
					c.Conditions = append(c.Conditions, parseCondition(el))
				}
				continue
			}
		}
		c.Extra = append(c.Extra, f)
	}
	return c
}

func parseCondition(raw json.RawMessage) *Condition {
	fields, ok := objectFields(raw)
	if !ok {
		return &Condition{Raw: raw}
	}
	c := &Condition{}
	for _, f := range fields {
		var target **string
		switch f.Key {
		case "dataType":
			target = &c.DataType
		case "field":
			target = &c.Field
		case "fieldType":
			target = &c.FieldType
		case "comparatorType":
			target = &c.ComparatorType
		case "value":
			c.Value = f.Value
			continue
		case "values":
			if arr, ok := arrayElems(f.Value); ok {
				c.Values, c.HasValues = arr, true
				continue
			}
		case "valueLong":
			c.ValueLong = f.Value
			continue
		case "id":
			c.ID = f.Value
			continue
		}
		if target != nil {
			if v, ok := stringValue(f.Value); ok {
				*target = &v
				continue
			}
		}
		c.Extra = append(c.Extra, f)
	}
	return c
}
