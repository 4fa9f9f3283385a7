package tree

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"limen/engine/criteria"
)

// Path addresses a node inside one criteria set: the indexes of group
// children, starting from the set's searchQuery root. The empty path is the
// root itself.
type Path []int

// Parent is the path of the group holding the node at p (a fresh slice);
// nil for the root. Paths are values: edits never modify one in place, and
// callers should not either.
func (p Path) Parent() Path {
	if len(p) == 0 {
		return nil
	}
	return slices.Clone(p[:len(p)-1])
}

// Child is the path of the i-th child of the node at p (a fresh slice).
func (p Path) Child(i int) Path {
	c := make(Path, len(p), len(p)+1)
	copy(c, p)
	return append(c, i)
}

// Last is the node's index in its parent group; -1 for the root.
func (p Path) Last() int {
	if len(p) == 0 {
		return -1
	}
	return p[len(p)-1]
}

// Equal reports whether two paths address the same node.
func (p Path) Equal(q Path) bool {
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if p[i] != q[i] {
			return false
		}
	}
	return true
}

func (p Path) String() string {
	parts := make([]string, len(p))
	for i, v := range p {
		parts[i] = strconv.Itoa(v)
	}
	return "/" + strings.Join(parts, "/")
}

// Cursor is what the editor points at: a node, or one condition of the
// condition block (leaf) at Node when OnCond is true. The zero Cursor is the
// root node.
type Cursor struct {
	Node   Path
	Cond   int // index in the leaf's searchCombo.searchQueries when OnCond
	OnCond bool
}

// At is a cursor on the node at p.
func At(p ...int) Cursor { return Cursor{Node: Path(p)} }

// AtCond is a cursor on condition i of the leaf at p.
func AtCond(p Path, i int) Cursor { return Cursor{Node: p, Cond: i, OnCond: true} }

// Equal reports whether two cursors point at the same thing.
func (c Cursor) Equal(d Cursor) bool {
	return c.Node.Equal(d.Node) && c.OnCond == d.OnCond && (!c.OnCond || c.Cond == d.Cond)
}

func (c Cursor) String() string {
	if c.OnCond {
		return c.Node.String() + "#" + strconv.Itoa(c.Cond)
	}
	return c.Node.String()
}

// SetJSONPath is the JSON path of criteria set i, as Lint writes it.
func SetJSONPath(setIndex int) string { return "criteriaSets[" + strconv.Itoa(setIndex) + "]" }

// JSONPath is the JSON path Lint uses for the node at p of criteria set
// setIndex, e.g. criteriaSets[0].searchQuery.searchQueries[1].
func JSONPath(setIndex int, p Path) string {
	var b strings.Builder
	b.WriteString(SetJSONPath(setIndex))
	b.WriteString(".searchQuery")
	for _, i := range p {
		b.WriteString(".searchQueries[")
		b.WriteString(strconv.Itoa(i))
		b.WriteByte(']')
	}
	return b.String()
}

// CursorJSONPath is JSONPath for a cursor: a condition adds
// .searchCombo.searchQueries[i] to its leaf's path.
func CursorJSONPath(setIndex int, c Cursor) string {
	p := JSONPath(setIndex, c.Node)
	if c.OnCond {
		p += ".searchCombo.searchQueries[" + strconv.Itoa(c.Cond) + "]"
	}
	return p
}

// ParseJSONPath reads a JSON path written by Lint (or CursorJSONPath) back
// into the criteria set index, the deepest node or condition it lies in, and
// the rest of the path below that (e.g. ".field"). inTree is false when the
// path stops above the set's searchQuery (the set itself, its criteriaId,
// name, or the searchQuery member as a whole when it is not an object). ok
// is false when the path is not inside a criteria set at all.
func ParseJSONPath(path string) (setIndex int, c Cursor, rest string, inTree, ok bool) {
	s, found := strings.CutPrefix(path, "criteriaSets[")
	if !found {
		return 0, Cursor{}, path, false, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return 0, Cursor{}, path, false, false
	}
	setIndex, err := strconv.Atoi(s[:end])
	if err != nil {
		return 0, Cursor{}, path, false, false
	}
	s = s[end+1:]
	after, found := strings.CutPrefix(s, ".searchQuery")
	if !found || (after != "" && after[0] != '.') {
		return setIndex, Cursor{}, s, false, true
	}
	s = after
	c = Cursor{Node: Path{}}
	for {
		i, more, good := index(s, ".searchQueries[")
		if !good {
			break
		}
		c.Node = append(c.Node, i)
		s = more
	}
	if i, more, good := index(s, ".searchCombo.searchQueries["); good {
		c.Cond, c.OnCond, s = i, true, more
	}
	return setIndex, c, s, true, true
}

// index reads prefix, a decimal index and "]" from the start of s.
func index(s, prefix string) (int, string, bool) {
	rest, found := strings.CutPrefix(s, prefix)
	if !found {
		return 0, s, false
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return 0, s, false
	}
	i, err := strconv.Atoi(rest[:end])
	if err != nil {
		return 0, s, false
	}
	return i, rest[end+1:], true
}

// ProblemsAt files the problems of criteria set setIndex under the node or
// condition they concern, keyed by CursorJSONPath of that node or condition
// (so a screen looks up the row it draws). Problems about the set itself
// (criteriaId, name, a missing or non-object searchQuery) are filed under
// SetJSONPath(setIndex). Problems of other sets are left out.
func ProblemsAt(problems []criteria.Problem, setIndex int) map[string][]criteria.Problem {
	out := map[string][]criteria.Problem{}
	for _, pr := range problems {
		i, c, _, inTree, ok := ParseJSONPath(pr.Path)
		if !ok || i != setIndex {
			continue
		}
		key := SetJSONPath(setIndex)
		if inTree {
			key = CursorJSONPath(setIndex, c)
		}
		out[key] = append(out[key], pr)
	}
	return out
}

// Errors the edits return, wrapped with a plain-language explanation.
var (
	ErrNoSuchNode = errors.New("no such node")
	ErrNotGroup   = errors.New("not a group")
	ErrNotLeaf    = errors.New("not a condition block")
	ErrEdge       = errors.New("cannot move further")
	ErrRoot       = errors.New("the root group")
	ErrInvalid    = errors.New("invalid value")
)

// NodeAt returns the node at p in s.
func NodeAt(s *criteria.Set, p Path) (*criteria.Node, error) {
	if s == nil || s.Raw != nil || s.Query == nil {
		return nil, fmt.Errorf("%w: this criteria set has no searchQuery object", ErrNoSuchNode)
	}
	n := s.Query
	for depth, i := range p {
		if !n.IsGroup || n.Raw != nil {
			return nil, fmt.Errorf("%w: %s is not inside a group", ErrNoSuchNode, p[:depth+1])
		}
		if i < 0 || i >= len(n.Children) {
			return nil, fmt.Errorf("%w: %s is out of range", ErrNoSuchNode, p[:depth+1])
		}
		n = n.Children[i]
		if n == nil {
			return nil, fmt.Errorf("%w: %s is null", ErrNoSuchNode, p[:depth+1])
		}
	}
	return n, nil
}

// ConditionAt returns the condition the cursor is on.
func ConditionAt(s *criteria.Set, c Cursor) (*criteria.Condition, error) {
	n, err := NodeAt(s, c.Node)
	if err != nil {
		return nil, err
	}
	if !c.OnCond {
		return nil, fmt.Errorf("%w: the cursor is on a node, not a condition", ErrNoSuchNode)
	}
	if !editableLeaf(n) {
		return nil, fmt.Errorf("%w: %s has no list of conditions", ErrNotLeaf, c.Node)
	}
	if c.Cond < 0 || c.Cond >= len(n.Combo.Conditions) || n.Combo.Conditions[c.Cond] == nil {
		return nil, fmt.Errorf("%w: condition %d of %s", ErrNoSuchNode, c.Cond, c.Node)
	}
	return n.Combo.Conditions[c.Cond], nil
}

// Valid reports whether the cursor points at something in s.
func Valid(s *criteria.Set, c Cursor) bool {
	if c.OnCond {
		_, err := ConditionAt(s, c)
		return err == nil
	}
	_, err := NodeAt(s, c.Node)
	return err == nil
}

// editableLeaf reports whether n is a leaf whose combo is an object.
func editableLeaf(n *criteria.Node) bool {
	return n != nil && n.Raw == nil && n.IsLeaf() && n.Combo.Raw == nil
}

// editableGroup reports whether n is a group object.
func editableGroup(n *criteria.Node) bool { return n != nil && n.Raw == nil && n.IsGroup }

// Rows lists every node and condition of s in reading order (a node, then
// its conditions or its children), as an editor draws them one per row;
// moving the cursor up and down is moving along this list. Conditions of a
// block whose searchCombo is not an object are not listed.
func Rows(s *criteria.Set) []Cursor {
	if s == nil || s.Raw != nil || s.Query == nil {
		return nil
	}
	var out []Cursor
	var walk func(n *criteria.Node, p Path)
	walk = func(n *criteria.Node, p Path) {
		out = append(out, Cursor{Node: p})
		switch {
		case editableGroup(n):
			for i, ch := range n.Children {
				walk(ch, p.Child(i))
			}
		case editableLeaf(n):
			for i := range n.Combo.Conditions {
				out = append(out, AtCond(p, i))
			}
		}
	}
	walk(s.Query, Path{})
	return out
}
