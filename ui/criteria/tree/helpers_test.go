package tree

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"limen/engine/criteria"
)

// JSON builders, writing members in Export's order so that expected sets
// read as the export does.

func cond(dt, field, cmp, value string) string {
	return fmt.Sprintf(`{"dataType":%q,"field":%q,"comparatorType":%q,"value":%q}`, dt, field, cmp, value)
}

func condVals(dt, field, cmp string, vals ...string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return fmt.Sprintf(`{"dataType":%q,"field":%q,"comparatorType":%q,"values":[%s]}`, dt, field, cmp, strings.Join(q, ","))
}

func leaf(dt, comb, min string, conds ...string) string {
	m := ""
	if min != "" {
		m = `,"minMatch":` + min
	}
	return fmt.Sprintf(`{"dataType":%q,"searchCombo":{"combinator":%q,"searchQueries":[%s]}%s}`, dt, comb, strings.Join(conds, ","), m)
}

func blk(dt string, conds ...string) string { return leaf(dt, "And", "", conds...) }

func grp(comb string, children ...string) string {
	return fmt.Sprintf(`{"combinator":%q,"searchQueries":[%s]}`, comb, strings.Join(children, ","))
}

func set(root string) string {
	return `{"criteriaId":"1","name":"t","searchQuery":` + root + `}`
}

// parseSet parses one criteria set.
func parseSet(t *testing.T, js string) *criteria.Set {
	t.Helper()
	d, err := criteria.Parse([]byte(`{"criteriaSets":[` + js + `]}`))
	if err != nil {
		t.Fatalf("parse %s: %v", js, err)
	}
	if len(d.Sets) != 1 {
		t.Fatalf("parse %s: %d sets", js, len(d.Sets))
	}
	return d.Sets[0]
}

// exportSet writes one set as Export does.
func exportSet(t *testing.T, s *criteria.Set) string {
	t.Helper()
	b, err := criteria.Export(&criteria.Document{Sets: []*criteria.Set{s}})
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	out := strings.TrimPrefix(string(b), `{"criteriaSets":[`)
	return strings.TrimSuffix(out, `]}`)
}

// lintPaths lints a document holding only s.
func lintPaths(s *criteria.Set) []string {
	var out []string
	for _, p := range criteria.Lint(&criteria.Document{Sets: []*criteria.Set{s}}, criteria.LintOptions{}) {
		out = append(out, p.Path)
	}
	return out
}

// session is what an editor screen holds: a history and a clipboard.
type session struct {
	h    History
	clip Clipboard
}

// press applies one key-like command to the session. Commands:
//
//	go 0 1 [#2]              move the cursor (to a node, or a condition)
//	addGroup|addGroupAfter C add a group with combinator C inside/after
//	addBlock|addBlockAfter DT FIELD CMP [VALUE...]
//	comb C                   SetCombinator
//	up down into-prev into-next out delete
//	copy cut paste pasteAfter undo redo
//	dataType DT, minMatch N, addCond FIELD CMP [VALUE...], rmCond,
//	field F, cmp C, value V, values V...
func (ss *session) press(key string) error {
	f := strings.Fields(key)
	args := f[1:]
	where := Inside
	if strings.HasSuffix(f[0], "After") {
		where = After
	}
	var e Edit
	switch f[0] {
	case "go":
		c := Cursor{Node: Path{}}
		for _, a := range args {
			if n, ok := strings.CutPrefix(a, "#"); ok {
				c.Cond, _ = strconv.Atoi(n)
				c.OnCond = true
				continue
			}
			i, _ := strconv.Atoi(a)
			c.Node = append(c.Node, i)
		}
		ss.h = ss.h.Move(c)
		return nil
	case "undo":
		ss.h = ss.h.Undo()
		return nil
	case "redo":
		ss.h = ss.h.Redo()
		return nil
	case "copy", "cut":
		clip, err := Copy(ss.h.Set(), ss.h.Cursor())
		if err != nil {
			return err
		}
		ss.clip = clip
		if f[0] == "copy" {
			return nil
		}
		e = Delete()
	case "addGroup", "addGroupAfter":
		e = AddGroup(args[0], where)
	case "addBlock", "addBlockAfter":
		c, err := NewCondition(args[1], args[2], args[3:]...)
		if err != nil {
			return err
		}
		b, err := NewBlock(args[0], c)
		if err != nil {
			return err
		}
		e = AddBlock(b, where)
	case "comb":
		e = SetCombinator(args[0])
	case "up":
		e = MoveUp()
	case "down":
		e = MoveDown()
	case "into-prev":
		e = MoveIntoPrev()
	case "into-next":
		e = MoveIntoNext()
	case "out":
		e = MoveOut()
	case "delete":
		e = Delete()
	case "paste", "pasteAfter":
		e = Paste(ss.clip, where)
	case "dataType":
		e = SetDataType(args[0])
	case "minMatch":
		n, _ := strconv.Atoi(args[0])
		e = SetMinMatch(n)
	case "addCond":
		c, err := NewCondition(args[0], args[1], args[2:]...)
		if err != nil {
			return err
		}
		e = AddCondition(c)
	case "rmCond":
		e = RemoveCondition()
	case "field":
		e = SetField(strings.Join(args, " "))
	case "cmp":
		e = SetComparator(args[0])
	case "value":
		e = SetValue(strings.Join(args, " "))
	case "values":
		e = SetValues(args)
	default:
		return errors.New("unknown key " + key)
	}
	h, err := ss.h.Do(e)
	ss.h = h
	return err
}
