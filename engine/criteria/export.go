package criteria

import (
	"bytes"
	"encoding/json"
)

// Export writes the document as Iterable's API serves it: known members in
// Iterable's order, then every member limen does not interpret, unchanged.
// Parse(Export(d)) yields a model identical to d.
// Characters such as < > & are written as they are, not \u-escaped.
func Export(d *Document) ([]byte, error) { return marshal(d) }

// ExportIndent is Export, indented for people.
func ExportIndent(d *Document) ([]byte, error) {
	b, err := marshal(d)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// marshal is json.Marshal without HTML escaping and without the trailing
// newline an Encoder adds.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// objectWriter builds a JSON object member by member, skipping absent ones.
type objectWriter struct {
	buf bytes.Buffer
	err error
	n   int
}

func (w *objectWriter) raw(key string, v json.RawMessage) {
	if v == nil || w.err != nil {
		return
	}
	if w.n == 0 {
		w.buf.WriteByte('{')
	} else {
		w.buf.WriteByte(',')
	}
	w.n++
	k, _ := marshal(key)
	w.buf.Write(k)
	w.buf.WriteByte(':')
	w.buf.Write(v)
}

func (w *objectWriter) value(key string, v any) {
	if w.err != nil {
		return
	}
	b, err := marshal(v)
	if err != nil {
		w.err = err
		return
	}
	w.raw(key, b)
}

func (w *objectWriter) str(key string, s *string) {
	if s != nil {
		w.value(key, *s)
	}
}

func (w *objectWriter) extra(fields []Field) {
	for _, f := range fields {
		w.raw(f.Key, f.Value)
	}
}

func (w *objectWriter) done() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.n == 0 {
		return []byte("{}"), nil
	}
	w.buf.WriteByte('}')
	return w.buf.Bytes(), nil
}

// MarshalJSON implements json.Marshaler.
func (d *Document) MarshalJSON() ([]byte, error) {
	var w objectWriter
	w.raw("count", d.Count)
	key := "criteriaSets"
	if d.Legacy {
		key = "criteriaList"
	}
	// A document parsed without a sets array has nil Sets: writing an empty
	// array would change it (and could repeat a member kept in Extra).
	if d.Sets != nil || d.Legacy {
		w.value(key, d.Sets)
	}
	w.extra(d.Extra)
	return w.done()
}

// MarshalJSON implements json.Marshaler.
func (s *Set) MarshalJSON() ([]byte, error) {
	if s.Raw != nil {
		return s.Raw, nil
	}
	var w objectWriter
	w.raw("criteriaId", s.ID)
	w.str("name", s.Name)
	w.raw("createdAt", s.CreatedAt)
	w.raw("updatedAt", s.UpdatedAt)
	if s.Query != nil {
		w.value("searchQuery", s.Query)
	}
	w.extra(s.Extra)
	return w.done()
}

// MarshalJSON implements json.Marshaler.
func (n *Node) MarshalJSON() ([]byte, error) {
	if n.Raw != nil {
		return n.Raw, nil
	}
	var w objectWriter
	w.str("dataType", n.DataType)
	w.str("combinator", n.Combinator)
	if n.IsGroup {
		children := n.Children
		if children == nil {
			children = []*Node{}
		}
		w.value("searchQueries", children)
	}
	if n.Combo != nil {
		w.value("searchCombo", n.Combo)
	}
	w.raw("minMatch", n.MinMatch)
	w.raw("maxMatch", n.MaxMatch)
	w.extra(n.Extra)
	return w.done()
}

// MarshalJSON implements json.Marshaler.
func (c *Combo) MarshalJSON() ([]byte, error) {
	if c.Raw != nil {
		return c.Raw, nil
	}
	var w objectWriter
	w.str("combinator", c.Combinator)
	if c.HasConditions {
		conds := c.Conditions
		if conds == nil {
			conds = []*Condition{}
		}
		w.value("searchQueries", conds)
	}
	w.extra(c.Extra)
	return w.done()
}

// MarshalJSON implements json.Marshaler.
func (c *Condition) MarshalJSON() ([]byte, error) {
	if c.Raw != nil {
		return c.Raw, nil
	}
	var w objectWriter
	w.str("dataType", c.DataType)
	w.str("field", c.Field)
	w.str("comparatorType", c.ComparatorType)
	w.raw("value", c.Value)
	if c.HasValues {
		vals := c.Values
		if vals == nil {
			vals = []json.RawMessage{}
		}
		w.value("values", vals)
	}
	w.str("fieldType", c.FieldType)
	w.raw("valueLong", c.ValueLong)
	w.raw("id", c.ID)
	w.extra(c.Extra)
	return w.done()
}
