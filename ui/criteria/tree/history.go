package tree

import (
	"slices"

	"limen/engine/criteria"
)

// State is one step of the editor: a set and where the cursor is.
type State struct {
	Set    *criteria.Set
	Cursor Cursor
}

// History is an undo/redo stack of States. It is a value: every method
// returns a new History and leaves the receiver as it was, so a Bubble Tea
// model can hold one by value. Depth bounds how many undo steps are kept
// (the oldest are dropped first).
type History struct {
	past    []State
	present State
	future  []State
	depth   int
}

// DefaultDepth is the undo depth NewHistory uses when given 0 or less.
const DefaultDepth = 100

// NewHistory starts a history at the set with the cursor on its root.
func NewHistory(s *criteria.Set, depth int) History {
	if depth <= 0 {
		depth = DefaultDepth
	}
	return History{present: State{Set: s, Cursor: Cursor{Node: Path{}}}, depth: depth}
}

// Set is the current set.
func (h History) Set() *criteria.Set { return h.present.Set }

// Cursor is the current cursor.
func (h History) Cursor() Cursor { return h.present.Cursor }

// State is the current set and cursor.
func (h History) State() State { return h.present }

// CanUndo and CanRedo say whether Undo and Redo would change anything (for
// key enablement).
func (h History) CanUndo() bool { return len(h.past) > 0 }

// CanRedo reports whether there is an undone step to redo.
func (h History) CanRedo() bool { return len(h.future) > 0 }

// Do applies the edit at the current cursor. On success the result becomes
// the present, the old present joins the undo stack and the redo stack is
// cleared; on error the history is returned unchanged with the error.
func (h History) Do(e Edit) (History, error) {
	s, c, err := e(h.present.Set, h.present.Cursor)
	if err != nil {
		return h, err
	}
	past := append(slices.Clone(h.past), h.present)
	if len(past) > h.depth {
		past = slices.Clone(past[len(past)-h.depth:])
	}
	return History{past: past, present: State{Set: s, Cursor: c}, depth: h.depth}, nil
}

// Move puts the cursor elsewhere without recording a step (cursor moves are
// not undone on their own).
func (h History) Move(c Cursor) History {
	h.present.Cursor = c
	return h
}

// Undo goes back one step; with nothing to undo it returns h unchanged.
func (h History) Undo() History {
	if len(h.past) == 0 {
		return h
	}
	n := len(h.past) - 1
	return History{
		past:    slices.Clone(h.past[:n]),
		present: h.past[n],
		future:  append(slices.Clone(h.future), h.present),
		depth:   h.depth,
	}
}

// Redo goes forward one undone step; with nothing to redo it returns h
// unchanged.
func (h History) Redo() History {
	if len(h.future) == 0 {
		return h
	}
	n := len(h.future) - 1
	return History{
		past:    append(slices.Clone(h.past), h.present),
		present: h.future[n],
		future:  slices.Clone(h.future[:n]),
		depth:   h.depth,
	}
}
