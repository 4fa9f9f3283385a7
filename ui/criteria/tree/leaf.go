package tree

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"limen/engine/criteria"
)

// Data types of condition blocks.
const (
	CustomEvent = "customEvent"
	Purchase    = "purchase"
	User        = "user"
)

// Comparators (Iterable's comparatorType values) and the two UI concepts
// that arrive as Equals / DoesNotEqual with a values list.
const (
	Equals               = "Equals"
	DoesNotEqual         = "DoesNotEqual"
	IsSet                = "IsSet"
	GreaterThan          = "GreaterThan"
	LessThan             = "LessThan"
	GreaterThanOrEqualTo = "GreaterThanOrEqualTo"
	LessThanOrEqualTo    = "LessThanOrEqualTo"
	Contains             = "Contains"
	StartsWith           = "StartsWith"
	MatchesRegex         = "MatchesRegex"
	IsOneOf              = "IsOneOf"    // Equals with a values list
	IsNotOneOf           = "IsNotOneOf" // DoesNotEqual with a values list
)

// Field prefixes of items (rule 12) and the cart update event.
const (
	fieldPurchaseItems    = "shoppingCartItems"
	fieldCartItems        = "updateCart.updatedShoppingCartItems"
	eventCartUpdate       = "updateCart"
	fieldCartItemsInEvent = "updatedShoppingCartItems"
)

// AllComparators lists every comparator an editor offers, IsOneOf and
// IsNotOneOf included, in the order Comparators returns them.
func AllComparators() []string {
	return []string{Equals, DoesNotEqual, IsOneOf, IsNotOneOf, IsSet, GreaterThan, LessThan,
		GreaterThanOrEqualTo, LessThanOrEqualTo, Contains, StartsWith, MatchesRegex}
}

func validDataType(dt string) error {
	if dt == CustomEvent || dt == Purchase || dt == User {
		return nil
	}
	return fmt.Errorf("%w: data type %q; use customEvent, purchase or user (cart updates are customEvent conditions on \"updateCart\")", ErrInvalid, dt)
}

func validComparator(c string) error {
	if slices.Contains(AllComparators(), c) {
		return nil
	}
	return fmt.Errorf("%w: comparator %q", ErrInvalid, c)
}

// NewSet is an empty criteria set in the shape Iterable's UI builds: a root
// And group holding one inner And group, ready for condition blocks. The id
// is written as a JSON string.
func NewSet(id, name string) *criteria.Set {
	rawID := jsonString(id)
	inner := &criteria.Node{Combinator: criteria.Str(And), IsGroup: true, Children: []*criteria.Node{}}
	return &criteria.Set{
		ID:    rawID,
		Name:  criteria.Str(name),
		Query: &criteria.Node{Combinator: criteria.Str(And), IsGroup: true, Children: []*criteria.Node{inner}},
	}
}

// NewCondition builds a condition. comparator may be IsOneOf or IsNotOneOf
// (written as Equals / DoesNotEqual with a values list); IsSet takes no
// value and is written with value "" as Iterable does; any other comparator
// takes one value. The condition's dataType is filled in by the block it
// joins.
func NewCondition(field, comparator string, values ...string) (*criteria.Condition, error) {
	if err := validComparator(comparator); err != nil {
		return nil, err
	}
	c := &criteria.Condition{Field: criteria.Str(field)}
	if err := setComparator(c, comparator); err != nil {
		return nil, err
	}
	switch {
	case comparator == IsSet:
	case comparator == IsOneOf || comparator == IsNotOneOf:
		setValues(c, values)
	case len(values) == 1:
		setValue(c, values[0])
	default:
		return nil, fmt.Errorf("%w: %s takes exactly one value, not %d", ErrInvalid, comparator, len(values))
	}
	return c, nil
}

// NewBlock builds a condition block (a leaf) of the data type whose And
// combo holds copies of the conditions, their dataType set to the block's.
func NewBlock(dataType string, conds ...*criteria.Condition) (*criteria.Node, error) {
	if err := validDataType(dataType); err != nil {
		return nil, err
	}
	if len(conds) == 0 {
		return nil, fmt.Errorf("%w: a block needs at least one condition", ErrInvalid)
	}
	combo := &criteria.Combo{Combinator: criteria.Str(And), HasConditions: true}
	for _, c := range conds {
		d := cloneCondition(c)
		d.DataType, d.Extra = criteria.Str(dataType), without(d.Extra, "dataType")
		combo.Conditions = append(combo.Conditions, d)
	}
	return &criteria.Node{DataType: criteria.Str(dataType), Combo: combo}, nil
}

// SetDataType changes the data type of the block at the cursor (or of the
// block holding the condition at the cursor), and of its conditions.
func SetDataType(dt string) Edit {
	return leafEdit(func(l *criteria.Node) error {
		if err := validDataType(dt); err != nil {
			return err
		}
		l.DataType, l.Extra = criteria.Str(dt), without(l.Extra, "dataType")
		for i, c := range l.Combo.Conditions {
			if c != nil && c.Raw == nil {
				d := *c
				d.DataType, d.Extra = criteria.Str(dt), without(d.Extra, "dataType")
				l.Combo.Conditions[i] = &d
			}
		}
		return nil
	})
}

// SetMinMatch sets how many records must satisfy the block (rule 8); n of 1
// or less removes minMatch, which then counts as 1.
func SetMinMatch(n int) Edit {
	return leafEdit(func(l *criteria.Node) error {
		l.MinMatch = nil
		if n > 1 {
			l.MinMatch = json.RawMessage(strconv.Itoa(n))
		}
		return nil
	})
}

func leafEdit(f func(l *criteria.Node) error) Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		ns, err := withLeaf(s, at.Node, f)
		if err != nil {
			return nil, at, err
		}
		return ns, at, nil
	}
}

// AddCondition adds a copy of the condition to the block at the cursor: at
// the end, or after the condition at the cursor. Its dataType is set to the
// block's. The cursor goes to the new condition.
func AddCondition(c *criteria.Condition) Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		if c == nil {
			return nil, at, fmt.Errorf("%w: no condition", ErrInvalid)
		}
		i := 0
		ns, err := withLeaf(s, at.Node, func(l *criteria.Node) error {
			i = len(l.Combo.Conditions)
			if at.OnCond && at.Cond >= 0 && at.Cond < i {
				i = at.Cond + 1
			}
			d := cloneCondition(c)
			if d.Raw == nil && l.DataType != nil {
				d.DataType, d.Extra = criteria.Str(*l.DataType), without(d.Extra, "dataType")
			}
			l.Combo.Conditions = slices.Insert(l.Combo.Conditions, i, d)
			l.Combo.HasConditions, l.Combo.Extra = true, without(l.Combo.Extra, "searchQueries")
			return nil
		})
		if err != nil {
			return nil, at, err
		}
		return ns, AtCond(at.Node, i), nil
	}
}

// RemoveCondition removes the condition at the cursor. A block keeps at
// least one condition: delete the block instead.
func RemoveCondition() Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		if _, err := ConditionAt(s, at); err != nil {
			return nil, at, err
		}
		left := 0
		ns, err := withLeaf(s, at.Node, func(l *criteria.Node) error {
			if len(l.Combo.Conditions) == 1 {
				return fmt.Errorf("%w: this is the block's only condition; delete the block instead", ErrInvalid)
			}
			l.Combo.Conditions = slices.Delete(l.Combo.Conditions, at.Cond, at.Cond+1)
			left = len(l.Combo.Conditions)
			return nil
		})
		if err != nil {
			return nil, at, err
		}
		return ns, AtCond(at.Node, min(at.Cond, left-1)), nil
	}
}

func condEdit(f func(c *criteria.Condition) error) Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		ns, err := withCondition(s, at, func(_ *criteria.Node, c *criteria.Condition) error { return f(c) })
		if err != nil {
			return nil, at, err
		}
		return ns, at, nil
	}
}

// SetField changes the field of the condition at the cursor.
func SetField(field string) Edit {
	return condEdit(func(c *criteria.Condition) error {
		if field == "" {
			return fmt.Errorf("%w: the field is empty", ErrInvalid)
		}
		setField(c, field)
		return nil
	})
}

// setField sets the field; a fieldType written for another field goes.
func setField(c *criteria.Condition, field string) {
	if c.Field == nil || *c.Field != field {
		c.FieldType, c.Extra = nil, without(c.Extra, "fieldType")
	}
	c.Field, c.Extra = criteria.Str(field), without(c.Extra, "field")
}

// EditCondition rewrites the condition at the cursor in one step, as a
// condition form confirms it: field, comparator and operands as
// NewCondition takes them. Its id and unknown members stay; its fieldType
// stays when the field does not change.
func EditCondition(field, comparator string, values ...string) Edit {
	return condEdit(func(c *criteria.Condition) error {
		if field == "" {
			return fmt.Errorf("%w: the field is empty", ErrInvalid)
		}
		n, err := NewCondition(field, comparator, values...)
		if err != nil {
			return err
		}
		setField(c, field)
		if err := setComparator(c, comparator); err != nil {
			return err
		}
		c.Value, c.Values, c.HasValues, c.ValueLong = n.Value, n.Values, n.HasValues, nil
		c.Extra = without(c.Extra, "values")
		return nil
	})
}

// EditLeaf sets the data type and minMatch of the block at the cursor in
// one step (SetDataType, then SetMinMatch).
func EditLeaf(dataType string, minMatch int) Edit {
	return Seq(SetDataType(dataType), SetMinMatch(minMatch))
}

// SetComparator changes the comparator of the condition at the cursor.
// IsOneOf / IsNotOneOf turn a single value into a values list; any other
// comparator keeps the first of a values list as its value; IsSet clears
// the value (Iterable writes "").
func SetComparator(comparator string) Edit {
	return condEdit(func(c *criteria.Condition) error { return setComparator(c, comparator) })
}

func setComparator(c *criteria.Condition, comparator string) error {
	if err := validComparator(comparator); err != nil {
		return err
	}
	c.Extra = without(c.Extra, "comparatorType")
	switch comparator {
	case IsOneOf, IsNotOneOf:
		c.ComparatorType = criteria.Str(Equals)
		if comparator == IsNotOneOf {
			c.ComparatorType = criteria.Str(DoesNotEqual)
		}
		if !c.HasValues {
			var vals []string
			if t, ok := text(c.Value); ok && t != "" {
				vals = []string{t}
			}
			setValues(c, vals)
		}
	case IsSet:
		c.ComparatorType = criteria.Str(IsSet)
		setValue(c, "")
	default:
		c.ComparatorType = criteria.Str(comparator)
		if c.HasValues {
			first := ""
			if len(c.Values) > 0 {
				first, _ = text(c.Values[0])
			}
			setValue(c, first)
		}
	}
	return nil
}

// SetValue sets the single value of the condition at the cursor (written as
// a JSON string, as Iterable does) and drops a values list and valueLong.
func SetValue(v string) Edit {
	return condEdit(func(c *criteria.Condition) error {
		setValue(c, v)
		return nil
	})
}

// SetValues sets the values list ("is one of") of the condition at the
// cursor and drops value and valueLong.
func SetValues(vs []string) Edit {
	return condEdit(func(c *criteria.Condition) error {
		if len(vs) == 0 {
			return fmt.Errorf("%w: give at least one value", ErrInvalid)
		}
		setValues(c, vs)
		return nil
	})
}

func setValue(c *criteria.Condition, v string) {
	raw := jsonString(v)
	c.Value, c.Values, c.HasValues, c.ValueLong = raw, nil, false, nil
	c.Extra = without(c.Extra, "values")
}

func setValues(c *criteria.Condition, vs []string) {
	c.Values = make([]json.RawMessage, 0, len(vs))
	for _, v := range vs {
		c.Values = append(c.Values, jsonString(v))
	}
	c.Value, c.HasValues, c.ValueLong = nil, true, nil
	c.Extra = without(c.Extra, "values")
}

// jsonString writes s as a JSON string without escaping < > &, as Export
// writes text.
func jsonString(s string) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return json.RawMessage(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// text is an operand as text (rule 15): strings as they are, numbers and
// booleans as written; false for anything else.
func text(raw json.RawMessage) (string, bool) {
	var v any
	if raw == nil || json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	switch v := v.(type) {
	case string:
		return v, true
	case float64, bool:
		return string(raw), true
	}
	return "", false
}
