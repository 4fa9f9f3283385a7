package tree

import (
	"fmt"
	"slices"

	"limen/engine/criteria"
)

// Edit is one change to a criteria set at a cursor. It returns the new set
// and where the cursor goes, or an error saying why the edit is impossible
// (then the set is unchanged). Edits never mutate their input (see the
// package comment).
type Edit func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error)

// Seq chains edits into one, each at the cursor the previous one left: one
// step for History (one undo). It fails, changing nothing, if any fails.
func Seq(edits ...Edit) Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		cur, c := s, at
		for _, e := range edits {
			next, nc, err := e(cur, c)
			if err != nil {
				return nil, at, err
			}
			cur, c = next, nc
		}
		return cur, c, nil
	}
}

// Where places a new node relative to the cursor.
type Where int

const (
	// Inside appends the new node as the last child of the group at the
	// cursor.
	Inside Where = iota
	// After inserts the new node right after the node at the cursor, in the
	// same group (on a condition: after its block).
	After
)

// Combinators a group or a condition block may use.
const (
	And = "And"
	Or  = "Or"
	Not = "Not"
)

func validCombinator(c string) error {
	if c == And || c == Or || c == Not {
		return nil
	}
	return fmt.Errorf("%w: combinator %q; use And, Or or Not", ErrInvalid, c)
}

// insertPoint is the group and index where a node placed at `at` goes.
func insertPoint(s *criteria.Set, at Cursor, where Where) (Path, int, error) {
	n, err := NodeAt(s, at.Node)
	if err != nil {
		return nil, 0, err
	}
	if where == Inside {
		if at.OnCond || !editableGroup(n) {
			return nil, 0, fmt.Errorf("%w: only a group can hold blocks and groups; add it after this one instead", ErrNotGroup)
		}
		return at.Node, len(n.Children), nil
	}
	if len(at.Node) == 0 {
		return nil, 0, fmt.Errorf("%w has no siblings; add inside it instead", ErrRoot)
	}
	return at.Node.Parent(), at.Node.Last() + 1, nil
}

func insertNode(s *criteria.Set, at Cursor, where Where, node *criteria.Node) (*criteria.Set, Cursor, error) {
	parent, i, err := insertPoint(s, at, where)
	if err != nil {
		return nil, at, err
	}
	ns, err := withGroup(s, parent, func(g *criteria.Node) (*criteria.Node, error) {
		g.Children = slices.Insert(g.Children, i, node)
		return g, nil
	})
	if err != nil {
		return nil, at, err
	}
	return ns, Cursor{Node: parent.Child(i)}, nil
}

// AddBlock adds a copy of a condition block (see NewBlock) and puts the
// cursor on it.
func AddBlock(block *criteria.Node, where Where) Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		if !editableLeaf(block) {
			return nil, at, fmt.Errorf("%w: a block needs a dataType and a searchCombo", ErrNotLeaf)
		}
		return insertNode(s, at, where, cloneNode(block))
	}
}

// AddGroup adds an empty group with the combinator and puts the cursor on it.
func AddGroup(comb string, where Where) Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		if err := validCombinator(comb); err != nil {
			return nil, at, err
		}
		g := &criteria.Node{Combinator: criteria.Str(comb), IsGroup: true, Children: []*criteria.Node{}}
		return insertNode(s, at, where, g)
	}
}

// SetCombinator sets the combinator of the group at the cursor, or of the
// condition block's searchCombo when the cursor is on a block or on one of
// its conditions.
func SetCombinator(comb string) Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		if err := validCombinator(comb); err != nil {
			return nil, at, err
		}
		n, err := NodeAt(s, at.Node)
		if err != nil {
			return nil, at, err
		}
		var ns *criteria.Set
		if editableGroup(n) && !at.OnCond {
			ns, err = withGroup(s, at.Node, func(g *criteria.Node) (*criteria.Node, error) {
				g.Combinator, g.Extra = criteria.Str(comb), without(g.Extra, "combinator")
				return g, nil
			})
		} else {
			ns, err = withLeaf(s, at.Node, func(l *criteria.Node) error {
				l.Combo.Combinator, l.Combo.Extra = criteria.Str(comb), without(l.Combo.Extra, "combinator")
				return nil
			})
		}
		if err != nil {
			return nil, at, err
		}
		return ns, at, nil
	}
}

// MoveUp swaps the node (or condition) at the cursor with the one before it.
func MoveUp() Edit { return move(-1) }

// MoveDown swaps the node (or condition) at the cursor with the one after it.
func MoveDown() Edit { return move(+1) }

func move(d int) Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		if at.OnCond {
			if _, err := ConditionAt(s, at); err != nil {
				return nil, at, err
			}
			j := at.Cond + d
			ns, err := withLeaf(s, at.Node, func(l *criteria.Node) error {
				cs := l.Combo.Conditions
				if j < 0 || j >= len(cs) {
					return fmt.Errorf("%w: this is the %s condition of its block", ErrEdge, edgeWord(d))
				}
				cs[at.Cond], cs[j] = cs[j], cs[at.Cond]
				return nil
			})
			if err != nil {
				return nil, at, err
			}
			return ns, AtCond(at.Node, j), nil
		}
		if len(at.Node) == 0 {
			return nil, at, fmt.Errorf("%w cannot move", ErrRoot)
		}
		if _, err := NodeAt(s, at.Node); err != nil {
			return nil, at, err
		}
		i, j := at.Node.Last(), at.Node.Last()+d
		parent := at.Node.Parent()
		ns, err := withGroup(s, parent, func(g *criteria.Node) (*criteria.Node, error) {
			if j < 0 || j >= len(g.Children) {
				return nil, fmt.Errorf("%w: this is the %s entry of its group; use move out to leave it", ErrEdge, edgeWord(d))
			}
			g.Children[i], g.Children[j] = g.Children[j], g.Children[i]
			return g, nil
		})
		if err != nil {
			return nil, at, err
		}
		return ns, Cursor{Node: parent.Child(j)}, nil
	}
}

func edgeWord(d int) string { return pick(d, "first", "last") }

// pick is back when d < 0, else fwd.
func pick(d int, back, fwd string) string {
	if d < 0 {
		return back
	}
	return fwd
}

// MoveIntoPrev moves the node at the cursor into the group just before it,
// as that group's last child.
func MoveIntoPrev() Edit { return moveInto(-1) }

// MoveIntoNext moves the node at the cursor into the group just after it, as
// that group's first child.
func MoveIntoNext() Edit { return moveInto(+1) }

func moveInto(d int) Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		if at.OnCond {
			return nil, at, fmt.Errorf("%w: a condition stays in its block; cut and paste it instead", ErrInvalid)
		}
		if len(at.Node) == 0 {
			return nil, at, fmt.Errorf("%w cannot move", ErrRoot)
		}
		if _, err := NodeAt(s, at.Node); err != nil {
			return nil, at, err
		}
		parent, i := at.Node.Parent(), at.Node.Last()
		var cur Path
		ns, err := withGroup(s, parent, func(g *criteria.Node) (*criteria.Node, error) {
			j := i + d
			if j < 0 || j >= len(g.Children) {
				return nil, fmt.Errorf("%w: there is no group %s this one", ErrEdge, pick(d, "before", "after"))
			}
			if !editableGroup(g.Children[j]) {
				return nil, fmt.Errorf("%w: the %s entry is a condition block, not a group", ErrNotGroup, pick(d, "previous", "next"))
			}
			node, sib := g.Children[i], shallowGroup(g.Children[j])
			if d < 0 {
				sib.Children = append(sib.Children, node)
				cur = parent.Child(j).Child(len(sib.Children) - 1)
			} else {
				sib.Children = slices.Insert(sib.Children, 0, node)
				j-- // the sibling shifts left once the node leaves
				cur = parent.Child(j).Child(0)
			}
			g.Children = slices.Delete(g.Children, i, i+1)
			g.Children[j] = sib
			return g, nil
		})
		if err != nil {
			return nil, at, err
		}
		return ns, Cursor{Node: cur}, nil
	}
}

// MoveOut moves the node at the cursor out of its group, into the group
// above, right after the group it left.
func MoveOut() Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		if at.OnCond {
			return nil, at, fmt.Errorf("%w: a condition stays in its block; cut and paste it instead", ErrInvalid)
		}
		if len(at.Node) < 2 {
			return nil, at, fmt.Errorf("%w: only the root group is above this; a set has one root", ErrEdge)
		}
		if _, err := NodeAt(s, at.Node); err != nil {
			return nil, at, err
		}
		gp := at.Node.Parent().Parent()
		j, i := at.Node[len(at.Node)-2], at.Node.Last()
		ns, err := withGroup(s, gp, func(g *criteria.Node) (*criteria.Node, error) {
			parent := shallowGroup(g.Children[j])
			node := parent.Children[i]
			parent.Children = slices.Delete(parent.Children, i, i+1)
			g.Children[j] = parent
			g.Children = slices.Insert(g.Children, j+1, node)
			return g, nil
		})
		if err != nil {
			return nil, at, err
		}
		return ns, Cursor{Node: gp.Child(j + 1)}, nil
	}
}

// Delete removes the node or condition at the cursor. The cursor goes to the
// entry that took its place, else the one before, else the parent.
func Delete() Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		if at.OnCond {
			return RemoveCondition()(s, at)
		}
		if len(at.Node) == 0 {
			return nil, at, fmt.Errorf("%w cannot be deleted; a set needs one", ErrRoot)
		}
		if _, err := NodeAt(s, at.Node); err != nil {
			return nil, at, err
		}
		parent, i := at.Node.Parent(), at.Node.Last()
		left := 0
		ns, err := withGroup(s, parent, func(g *criteria.Node) (*criteria.Node, error) {
			g.Children = slices.Delete(g.Children, i, i+1)
			left = len(g.Children)
			return g, nil
		})
		if err != nil {
			return nil, at, err
		}
		if left == 0 {
			return ns, Cursor{Node: parent}, nil
		}
		return ns, Cursor{Node: parent.Child(min(i, left-1))}, nil
	}
}

// Clipboard holds a copied node or condition (never both). The zero value
// is empty.
type Clipboard struct {
	Node *criteria.Node
	Cond *criteria.Condition
}

// Empty reports whether nothing has been copied.
func (c Clipboard) Empty() bool { return c.Node == nil && c.Cond == nil }

// Copy copies the node or condition at the cursor. The clipboard shares
// nothing with s.
func Copy(s *criteria.Set, at Cursor) (Clipboard, error) {
	if at.OnCond {
		c, err := ConditionAt(s, at)
		if err != nil {
			return Clipboard{}, err
		}
		return Clipboard{Cond: cloneCondition(c)}, nil
	}
	if len(at.Node) == 0 {
		return Clipboard{}, fmt.Errorf("%w cannot be copied; copy its groups instead", ErrRoot)
	}
	n, err := NodeAt(s, at.Node)
	if err != nil {
		return Clipboard{}, err
	}
	return Clipboard{Node: cloneNode(n)}, nil
}

// Cut is Copy followed by Delete. With a History, do the same in two steps:
// clip, err := Copy(h.Set(), h.Cursor()); then h.Do(Delete()).
func Cut(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, Clipboard, error) {
	clip, err := Copy(s, at)
	if err != nil {
		return nil, at, Clipboard{}, err
	}
	ns, cur, err := Delete()(s, at)
	if err != nil {
		return nil, at, Clipboard{}, err
	}
	return ns, cur, clip, nil
}

// Paste inserts a copy of the clipboard: a node as AddBlock/AddGroup place
// it; a condition into the block at the cursor, after the condition at the
// cursor or at the end.
func Paste(clip Clipboard, where Where) Edit {
	return func(s *criteria.Set, at Cursor) (*criteria.Set, Cursor, error) {
		switch {
		case clip.Node != nil:
			return insertNode(s, at, where, cloneNode(clip.Node))
		case clip.Cond != nil:
			return AddCondition(clip.Cond)(s, at)
		}
		return nil, at, fmt.Errorf("%w: the clipboard is empty", ErrInvalid)
	}
}
