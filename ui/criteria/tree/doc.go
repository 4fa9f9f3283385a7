// Package tree is the pure core of the criteria editor (STYLE.md habit 8):
// addresses of nodes inside one criteria set, edits that return a new set
// and a new cursor, an undo/redo history, sentences a marketer reads for
// every node, and the comparators that fit a field's values. Nothing here
// does I/O or knows Bubble Tea.
//
// # Immutability
//
// Every edit treats its input as immutable: it returns a new *criteria.Set
// that copies the nodes on the path it changes and shares every other
// subtree with the input (so History keeps many versions cheaply). Callers
// must therefore never mutate a Set, Node, Combo or Condition they got from
// this package or gave to it; make a change with an Edit instead. Copy and
// Paste deep-copy, so pasted subtrees share nothing with the clipboard.
// Members the model keeps in Extra (unknown keys, or known keys of an odd
// type) survive every edit, except that setting a known member replaces an
// odd-typed copy of it.
//
// # Addresses
//
// A Path is the list of group-child indexes from the set's searchQuery; a
// Cursor is a Path plus, optionally, a condition index inside the block at
// that path. Rows lists every cursor in reading order (one per drawn row).
// CursorJSONPath writes the JSON path Lint uses, and ProblemsAt files Lint's
// problems under those paths, so a row shows its own problems.
//
// # A screen's loop
//
//	h := tree.NewHistory(set, 0)              // model field, held by value
//	rows := tree.Rows(h.Set())                // draw: tree.Describe per node
//	h = h.Move(rows[i])                       // cursor keys
//	h, err = h.Do(tree.AddGroup(tree.Or, tree.After)) // edit keys; err → status line
//	h = h.Undo()                              // undo / redo keys
//	probs := tree.ProblemsAt(criteria.Lint(doc, opts), setIndex)
package tree
