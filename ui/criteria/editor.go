package criteria

import (
	"bytes"
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine/criteria"
	"limen/ui/criteria/tree"
)

// editor is the tree editor's state over one set: the pure history of
// tree, the clipboard, and the lint problems of the current version.
type editor struct {
	id         string
	hist       tree.History
	saved      []byte // the set's JSON as last saved; nil when never saved
	isNew      bool
	clip       tree.Clipboard
	problems   map[string][]criteria.Problem
	all        []criteria.Problem
	eventLimit int
	offset     int
	err        string // the last refused edit
}

func newEditor(id string, s *criteria.Set, saved []byte, isNew bool, eventLimit int) *editor {
	e := &editor{id: id, hist: tree.NewHistory(s, 0), saved: saved, isNew: isNew, eventLimit: eventLimit}
	// Start on the first block, or on the inner group of a new set.
	rows := tree.Rows(s)
	if len(rows) > 1 {
		e.hist = e.hist.Move(rows[1])
	}
	e.lint()
	return e
}

func (e *editor) set() *criteria.Set { return e.hist.Set() }

// json is the current set's JSON.
func (e *editor) json() []byte {
	js, _ := setJSON(e.set())
	return js
}

// dirty reports edits not saved.
func (e *editor) dirty() bool { return e.saved == nil || !bytes.Equal(e.json(), e.saved) }

// lint re-lints the current set and files the problems by row.
func (e *editor) lint() {
	e.all = lintSet(e.set(), e.eventLimit)
	e.problems = tree.ProblemsAt(e.all, 0)
}

// do applies an edit: an impossible one is explained on the status line.
func (e *editor) do(ed tree.Edit) {
	h, err := e.hist.Do(ed)
	if err != nil {
		e.err = plainError(err)
		return
	}
	e.hist, e.err = h, ""
	e.lint()
}

// plainError is an edit's error without its sentinel prefix noise.
func plainError(err error) string {
	s := err.Error()
	for _, sentinel := range []error{tree.ErrInvalid, tree.ErrEdge, tree.ErrNotGroup, tree.ErrNotLeaf, tree.ErrNoSuchNode} {
		if errors.Is(err, sentinel) {
			s = strings.TrimPrefix(s, sentinel.Error()+": ")
		}
	}
	return s
}

// rows and the index of the cursor among them.
func (e *editor) rows() ([]tree.Cursor, int) {
	rows := tree.Rows(e.set())
	cur := e.hist.Cursor()
	for i, r := range rows {
		if r.Equal(cur) {
			return rows, i
		}
	}
	return rows, 0
}

// where places a new node: inside the group at the cursor, else after the
// node at the cursor.
func (e *editor) where() tree.Where {
	c := e.hist.Cursor()
	if n, err := tree.NodeAt(e.set(), c.Node); err == nil && !c.OnCond && n.IsGroup {
		return tree.Inside
	}
	return tree.After
}

// nextCombinator cycles And → Or → Not.
func nextCombinator(c string) string {
	switch c {
	case tree.And:
		return tree.Or
	case tree.Or:
		return tree.Not
	}
	return tree.And
}

// editorKey handles a key in the tree editor.
func (m *Model) editorKey(msg tea.KeyMsg) tea.Cmd {
	e, k := m.ed, m.keys
	rows, i := e.rows()
	switch {
	case key.Matches(msg, k.Back):
		return m.leaveEditor()
	case key.Matches(msg, k.Up):
		if i > 0 {
			e.hist, e.err = e.hist.Move(rows[i-1]), ""
		}
	case key.Matches(msg, k.Down):
		if i < len(rows)-1 {
			e.hist, e.err = e.hist.Move(rows[i+1]), ""
		}
	case key.Matches(msg, k.AddBlock):
		m.form = newLeafForm(m.styles, m.seen, nil, nil, false)
		m.layout()
	case key.Matches(msg, k.AddCond):
		n, err := tree.NodeAt(e.set(), e.hist.Cursor().Node)
		if err != nil || !n.IsLeaf() {
			e.err = "c adds a condition to a condition block: put the cursor on one"
			return nil
		}
		m.form = newCondForm(m.styles, m.seen, n)
		m.layout()
	case key.Matches(msg, k.AddGroup):
		e.do(tree.AddGroup(tree.And, e.where()))
	case key.Matches(msg, k.Toggle):
		e.do(m.toggle())
	case key.Matches(msg, k.MoveUp):
		e.do(tree.MoveUp())
	case key.Matches(msg, k.MoveDown):
		e.do(tree.MoveDown())
	case key.Matches(msg, k.Into):
		e.do(func(s *criteria.Set, at tree.Cursor) (*criteria.Set, tree.Cursor, error) {
			if ns, c, err := tree.MoveIntoNext()(s, at); err == nil {
				return ns, c, nil
			}
			return tree.MoveIntoPrev()(s, at)
		})
	case key.Matches(msg, k.Out):
		e.do(tree.MoveOut())
	case key.Matches(msg, k.Cut):
		e.cut()
	case key.Matches(msg, k.Paste):
		if e.clip.Empty() {
			e.err = "the clipboard is empty: X cuts a node"
		} else {
			e.do(tree.Paste(e.clip, e.where()))
		}
	case key.Matches(msg, k.Delete):
		if e.hist.Cursor().OnCond {
			e.do(tree.RemoveCondition())
		} else {
			e.do(tree.Delete())
		}
	case key.Matches(msg, k.Undo):
		if !e.hist.CanUndo() {
			e.err = "nothing to undo"
		} else {
			e.hist, e.err = e.hist.Undo(), ""
			e.lint()
		}
	case key.Matches(msg, k.Redo):
		if !e.hist.CanRedo() {
			e.err = "nothing to redo"
		} else {
			e.hist, e.err = e.hist.Redo(), ""
			e.lint()
		}
	case key.Matches(msg, k.Enter):
		m.editAtCursor()
	case key.Matches(msg, k.Save):
		return m.save()
	case key.Matches(msg, k.JSON):
		js := indent(e.json())
		m.openText("JSON of set "+e.id+" (read-only)", strings.Split(string(js), "\n"))
	default:
		return m.commonKey(msg)
	}
	return nil
}

// toggle is the edit t makes: the group's (or block's) combinator cycles.
func (m *Model) toggle() tree.Edit {
	e := m.ed
	c := e.hist.Cursor()
	n, err := tree.NodeAt(e.set(), c.Node)
	cur := tree.And
	if err == nil {
		switch {
		case n.IsGroup && n.Combinator != nil:
			cur = *n.Combinator
		case n.Combo != nil && n.Combo.Combinator != nil:
			cur = *n.Combo.Combinator
		}
	}
	return tree.SetCombinator(nextCombinator(cur))
}

func (e *editor) cut() {
	s, c, clip, err := tree.Cut(e.set(), e.hist.Cursor())
	if err != nil {
		e.err = plainError(err)
		return
	}
	e.do(func(*criteria.Set, tree.Cursor) (*criteria.Set, tree.Cursor, error) { return s, c, nil })
	e.clip = clip
}

// editAtCursor opens the leaf form on the block or condition at the cursor.
func (m *Model) editAtCursor() {
	e := m.ed
	c := e.hist.Cursor()
	n, err := tree.NodeAt(e.set(), c.Node)
	if err != nil || !n.IsLeaf() {
		e.err = "enter edits a condition block; on a group, a adds one and t switches all/any/none"
		return
	}
	var cond *criteria.Condition
	if c.OnCond {
		cond, _ = tree.ConditionAt(e.set(), c)
	} else if n.Combo != nil && len(n.Combo.Conditions) > 0 {
		cond = n.Combo.Conditions[0]
	}
	m.form = newLeafForm(m.styles, m.seen, n, cond, c.OnCond)
	m.layout()
}

// save refuses a set with problems (listing them), else saves it.
func (m *Model) save() tea.Cmd {
	e := m.ed
	if len(e.all) > 0 {
		m.showProblems("Not saved: set "+e.id+" has "+plural(len(e.all), "problem"), e.all)
		return nil
	}
	m.opReq = m.nextReq()
	return saveCmd(m.ctx.Project, m.opReq, e.id, e.json())
}

// leaveEditor goes back to the list, asking first when edits are unsaved.
func (m *Model) leaveEditor() tea.Cmd {
	if !m.ed.dirty() {
		m.closeEditor()
		return nil
	}
	m.confirm = &confirm{question: "Leave the editor and lose the unsaved edits to set " + m.ed.id + "?",
		yes: "discard edits", no: "keep editing", run: func() tea.Cmd { m.closeEditor(); return nil }}
	return nil
}

func (m *Model) closeEditor() {
	m.ed, m.mode = nil, modeList
}

// showProblems lists lint problems in the text view.
func (m *Model) showProblems(title string, probs []criteria.Problem) {
	lines := make([]string, 0, len(probs))
	for _, p := range probs {
		lines = append(lines, "✗ "+p.String())
	}
	m.openText(title, lines)
}
