package tree

import (
	"encoding/json"
	"fmt"
	"slices"

	"limen/engine/criteria"
)

// withNode returns a copy of s in which the node at p is replaced by f(old).
// Only the set and the groups on the path are copied; f must not mutate the
// node it is given (it copies what it changes, see the helpers below).
func withNode(s *criteria.Set, p Path, f func(*criteria.Node) (*criteria.Node, error)) (*criteria.Set, error) {
	if _, err := NodeAt(s, p); err != nil {
		return nil, err
	}
	root, err := replaceAt(s.Query, p, f)
	if err != nil {
		return nil, err
	}
	ns := *s
	ns.Query = root
	return &ns, nil
}

func replaceAt(n *criteria.Node, p Path, f func(*criteria.Node) (*criteria.Node, error)) (*criteria.Node, error) {
	if len(p) == 0 {
		return f(n)
	}
	child, err := replaceAt(n.Children[p[0]], p[1:], f)
	if err != nil {
		return nil, err
	}
	g := shallowGroup(n)
	g.Children[p[0]] = child
	return g, nil
}

// withGroup is withNode for an edit that needs a group at p.
func withGroup(s *criteria.Set, p Path, f func(g *criteria.Node) (*criteria.Node, error)) (*criteria.Set, error) {
	return withNode(s, p, func(n *criteria.Node) (*criteria.Node, error) {
		if !editableGroup(n) {
			return nil, fmt.Errorf("%w: %s is not a group of blocks", ErrNotGroup, p)
		}
		return f(shallowGroup(n))
	})
}

// withLeaf is withNode for an edit on a condition block: f gets a copy of
// the leaf whose Combo and condition list are copies too.
func withLeaf(s *criteria.Set, p Path, f func(l *criteria.Node) error) (*criteria.Set, error) {
	return withNode(s, p, func(n *criteria.Node) (*criteria.Node, error) {
		if !editableLeaf(n) {
			return nil, fmt.Errorf("%w: %s is not a condition block", ErrNotLeaf, p)
		}
		l := *n
		combo := *n.Combo
		combo.Conditions = slices.Clone(n.Combo.Conditions)
		l.Combo = &combo
		if err := f(&l); err != nil {
			return nil, err
		}
		return &l, nil
	})
}

// withCondition is withLeaf for an edit on one condition: f gets a copy.
func withCondition(s *criteria.Set, c Cursor, f func(l *criteria.Node, cond *criteria.Condition) error) (*criteria.Set, error) {
	if _, err := ConditionAt(s, c); err != nil {
		return nil, err
	}
	return withLeaf(s, c.Node, func(l *criteria.Node) error {
		cond := *l.Combo.Conditions[c.Cond]
		if cond.Raw != nil {
			return fmt.Errorf("%w: condition %d is not an object; delete it instead", ErrInvalid, c.Cond)
		}
		if err := f(l, &cond); err != nil {
			return err
		}
		l.Combo.Conditions[c.Cond] = &cond
		return nil
	})
}

// without returns fs less the member key, in a new slice when it changes
// (the model keeps a known member of an unexpected type in Extra: setting
// it must drop that copy, or export would write the key twice).
func without(fs []criteria.Field, key string) []criteria.Field {
	if !slices.ContainsFunc(fs, func(f criteria.Field) bool { return f.Key == key }) {
		return fs
	}
	out := make([]criteria.Field, 0, len(fs)-1)
	for _, f := range fs {
		if f.Key != key {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// shallowGroup copies a group node with its own children slice.
func shallowGroup(n *criteria.Node) *criteria.Node {
	g := *n
	g.Children = slices.Clone(n.Children)
	if g.Children == nil {
		g.Children = []*criteria.Node{}
	}
	return &g
}

// cloneNode deep-copies a node, so that a pasted subtree shares nothing with
// the clipboard it came from.
func cloneNode(n *criteria.Node) *criteria.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Combinator = cloneStr(n.Combinator)
	c.DataType = cloneStr(n.DataType)
	c.MinMatch = cloneRaw(n.MinMatch)
	c.MaxMatch = cloneRaw(n.MaxMatch)
	c.Extra = cloneFields(n.Extra)
	c.Raw = cloneRaw(n.Raw)
	if n.Children != nil {
		c.Children = make([]*criteria.Node, len(n.Children))
		for i, ch := range n.Children {
			c.Children[i] = cloneNode(ch)
		}
	}
	if n.Combo != nil {
		combo := *n.Combo
		combo.Combinator = cloneStr(n.Combo.Combinator)
		combo.Extra = cloneFields(n.Combo.Extra)
		combo.Raw = cloneRaw(n.Combo.Raw)
		if n.Combo.Conditions != nil {
			combo.Conditions = make([]*criteria.Condition, len(n.Combo.Conditions))
			for i, cond := range n.Combo.Conditions {
				combo.Conditions[i] = cloneCondition(cond)
			}
		}
		c.Combo = &combo
	}
	return &c
}

func cloneCondition(c *criteria.Condition) *criteria.Condition {
	if c == nil {
		return nil
	}
	d := *c
	d.DataType = cloneStr(c.DataType)
	d.Field = cloneStr(c.Field)
	d.FieldType = cloneStr(c.FieldType)
	d.ComparatorType = cloneStr(c.ComparatorType)
	d.Value = cloneRaw(c.Value)
	if c.Values != nil {
		d.Values = make([]json.RawMessage, len(c.Values))
		for i, v := range c.Values {
			d.Values[i] = cloneRaw(v)
		}
	}
	d.ValueLong = cloneRaw(c.ValueLong)
	d.ID = cloneRaw(c.ID)
	d.Extra = cloneFields(c.Extra)
	d.Raw = cloneRaw(c.Raw)
	return &d
}

func cloneStr(p *string) *string {
	if p == nil {
		return nil
	}
	s := *p
	return &s
}

func cloneRaw(r json.RawMessage) json.RawMessage {
	if r == nil {
		return nil
	}
	return slices.Clone(r)
}

func cloneFields(fs []criteria.Field) []criteria.Field {
	if fs == nil {
		return nil
	}
	out := make([]criteria.Field, len(fs))
	for i, f := range fs {
		out[i] = criteria.Field{Key: f.Key, Value: cloneRaw(f.Value)}
	}
	return out
}
