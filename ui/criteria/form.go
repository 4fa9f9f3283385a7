package criteria

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"limen/engine/criteria"
	"limen/ui"
	"limen/ui/criteria/tree"
)

// Form fields, in focus order.
const (
	fKind = iota
	fEvent
	fField
	fComp
	fValue
	fMin
	nFields
)

// leafForm edits a condition block: its kind, event name, one condition
// (field, comparator, value or values) and minimum count. With onCond only
// that condition (and the block's kind and count) change.
type leafForm struct {
	styles  ui.Styles
	seen    seen // what stored data holds, for suggestions
	adding  bool
	onCond  bool
	addCond bool // a further condition for the block at the cursor
	kind    int
	comps   []string
	comp    int
	inputs  [nFields]textinput.Model // event, field, value, min
	focus   int
	err     string
	minShow bool
}

func newLeafForm(s ui.Styles, seen seen, block *criteria.Node, cond *criteria.Condition, onCond bool) *leafForm {
	f := &leafForm{styles: s, seen: seen, adding: block == nil, onCond: onCond}
	for i := range f.inputs {
		in := textinput.New()
		in.Prompt = ""
		_ = in.Cursor.SetMode(cursor.CursorStatic)
		f.inputs[i] = in
	}
	f.inputs[fEvent].ShowSuggestions = true
	f.inputs[fEvent].SetSuggestions(merged(eventSuggestions(), seen.events))
	f.inputs[fField].ShowSuggestions = true
	for _, i := range []int{fEvent, fField} {
		f.inputs[i].KeyMap.AcceptSuggestion = key.NewBinding(key.WithKeys("right", "ctrl+e"))
	}
	f.inputs[fValue].Placeholder = "a value; for is one of: a, b, c"
	f.inputs[fMin].SetValue("1")
	comparator := ""
	if block != nil {
		dt := ""
		if block.DataType != nil {
			dt = *block.DataType
		}
		kind, event, field := splitField(dt, cond)
		f.kind = slices.Index(kinds(), kind)
		f.inputs[fEvent].SetValue(event)
		f.inputs[fField].SetValue(field)
		f.inputs[fMin].SetValue(strconv.Itoa(minMatchOf(block)))
		comparator = tree.ComparatorOf(cond)
		if comparator == tree.IsSet && field == "" && kind != kindPurchase && kind != kindUser {
			comparator = "" // "occurred": no condition on a field
		}
		f.inputs[fValue].SetValue(strings.Join(tree.Operands(cond), ", "))
	}
	f.refresh(comparator)
	f.focus = fKind
	if !f.visible(f.focus) {
		f.next(1)
	}
	return f
}

func minMatchOf(n *criteria.Node) int {
	v, err := strconv.Atoi(string(n.MinMatch))
	if err != nil || v < 1 {
		return 1
	}
	return v
}

func (f *leafForm) kindName() string { return kinds()[f.kind] }

// refresh recomputes the field suggestions and the comparators that fit,
// keeping want (or the current comparator) when it still fits.
func (f *leafForm) refresh(want string) {
	more := f.seen.fieldsOf("")
	switch f.kindName() {
	case kindEvent:
		more = f.seen.fieldsOf(strings.TrimSpace(f.inputs[fEvent].Value()) + ".")
	case kindCart, kindPurchase:
		more = nil
	}
	f.inputs[fField].SetSuggestions(merged(fieldSuggestions(f.kindName()), more))
	if want == "" && f.comp < len(f.comps) {
		want = f.comps[f.comp]
	}
	f.comps = comparatorsFor(f.fullField(), "")
	if sample := f.seen.samples[f.fullField()]; len(sample) > 0 {
		f.comps = tree.Comparators(sample)
	}
	f.comp = max(0, slices.Index(f.comps, want))
}

// fullField is the condition field the form builds.
func (f *leafForm) fullField() string {
	return joinField(f.kindName(), strings.TrimSpace(f.inputs[fEvent].Value()), strings.TrimSpace(f.inputs[fField].Value()))
}

// occurrence: an event block with no field only asks that the event occurred.
func (f *leafForm) occurrence() bool {
	k := f.kindName()
	return (k == kindEvent || k == kindCart) && strings.TrimSpace(f.inputs[fField].Value()) == ""
}

func (f *leafForm) visible(i int) bool {
	switch i {
	case fKind:
		return !f.onCond && !f.addCond
	case fEvent:
		return f.kindName() == kindEvent
	case fComp:
		return !f.occurrence()
	case fValue:
		return !f.occurrence() && f.comps[f.comp] != tree.IsSet
	case fMin:
		return f.kindName() != kindUser && !f.addCond
	}
	return true
}

func (f *leafForm) next(d int) {
	f.inputs[f.focus].Blur()
	for range nFields {
		f.focus = (f.focus + d + nFields) % nFields
		if f.visible(f.focus) {
			break
		}
	}
	f.inputs[f.focus].Focus()
}

func (f *leafForm) setWidth(w int) {
	for i := range f.inputs {
		f.inputs[i].Width = max(8, w-14)
	}
	f.inputs[fMin].Width = 3
}

// update handles a message; done when the form closes, with the edit to
// make (nil when cancelled).
func (f *leafForm) update(msg tea.Msg) (done bool, edit tree.Edit, cmd tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case k.Type == tea.KeyEsc:
			return true, nil, nil
		case k.Type == tea.KeyEnter:
			e, err := f.result()
			if err != "" {
				f.err = err
				return false, nil, nil
			}
			return true, e, nil
		case k.Type == tea.KeyTab || k.Type == tea.KeyDown:
			f.next(1)
			return false, nil, nil
		case k.Type == tea.KeyShiftTab || k.Type == tea.KeyUp:
			f.next(-1)
			return false, nil, nil
		case (f.focus == fKind || f.focus == fComp) && (k.Type == tea.KeyLeft || k.Type == tea.KeyRight || k.String() == " "):
			d := 1
			if k.Type == tea.KeyLeft {
				d = -1
			}
			if f.focus == fKind {
				f.kind = (f.kind + d + len(kinds())) % len(kinds())
				f.refresh("")
			} else {
				f.comp = (f.comp + d + len(f.comps)) % len(f.comps)
			}
			return false, nil, nil
		}
	}
	if f.focus == fKind || f.focus == fComp {
		return false, nil, nil
	}
	var cmd2 tea.Cmd
	f.inputs[f.focus], cmd2 = f.inputs[f.focus].Update(msg)
	if f.focus == fField || f.focus == fEvent {
		f.refresh("")
	}
	return false, nil, cmd2
}

// result checks the form and builds its edit.
func (f *leafForm) result() (tree.Edit, string) {
	kind := f.kindName()
	event := strings.TrimSpace(f.inputs[fEvent].Value())
	field := f.fullField()
	switch {
	case kind == kindEvent && event == "":
		return nil, "name the event (e.g. viewedProduct)"
	case field == "":
		return nil, "name the field"
	}
	comparator := tree.IsSet
	var values []string
	if !f.occurrence() {
		comparator = f.comps[f.comp]
	}
	if comparator != tree.IsSet {
		raw := strings.TrimSpace(f.inputs[fValue].Value())
		if comparator == tree.IsOneOf || comparator == tree.IsNotOneOf {
			for _, v := range strings.Split(raw, ",") {
				if v = strings.TrimSpace(v); v != "" {
					values = append(values, v)
				}
			}
		} else if raw != "" {
			values = []string{raw}
		}
		if len(values) == 0 {
			return nil, "give a value"
		}
	}
	minCount := 1
	if f.visible(fMin) {
		n, err := strconv.Atoi(strings.TrimSpace(f.inputs[fMin].Value()))
		if err != nil || n < 1 {
			return nil, "the minimum count is a whole number, 1 or more"
		}
		minCount = n
	}
	dt := dataTypeOf(kind)
	if f.addCond {
		cond, err := tree.NewCondition(field, comparator, values...)
		if err != nil {
			return nil, plainError(err)
		}
		return tree.AddCondition(cond), ""
	}
	if f.adding {
		cond, err := tree.NewCondition(field, comparator, values...)
		if err != nil {
			return nil, plainError(err)
		}
		block, err := tree.NewBlock(dt, cond)
		if err != nil {
			return nil, plainError(err)
		}
		return func(s *criteria.Set, at tree.Cursor) (*criteria.Set, tree.Cursor, error) {
			n, err := tree.NodeAt(s, at.Node)
			where := tree.After
			if err == nil && n.IsGroup && !at.OnCond {
				where = tree.Inside
			}
			return tree.Seq(tree.AddBlock(block, where), tree.SetMinMatch(minCount))(s, at)
		}, ""
	}
	onCond := f.onCond
	return func(s *criteria.Set, at tree.Cursor) (*criteria.Set, tree.Cursor, error) {
		block := tree.At(at.Node...)
		cond := tree.AtCond(at.Node, 0)
		if onCond {
			cond = at
		}
		s1, _, err := tree.EditLeaf(dt, minCount)(s, block)
		if err != nil {
			return nil, at, err
		}
		s2, _, err := tree.EditCondition(field, comparator, values...)(s1, cond)
		if err != nil {
			return nil, at, err
		}
		return s2, at, nil
	}, ""
}

func (f *leafForm) view(width int) string {
	s := f.styles
	title := "Edit condition block"
	switch {
	case f.addCond:
		title = "Add a condition to this block (all must hold)"
	case f.adding:
		title = "Add a condition block"
	case f.onCond:
		title = "Edit condition"
	}
	lines := []string{s.Title.Render(title), ""}
	row := func(i int, label, value string) {
		if !f.visible(i) {
			return
		}
		mark := "  "
		if i == f.focus {
			mark = "▸ "
		}
		lines = append(lines, truncate(mark+s.Muted.Render(padRight(label, 11))+value, width))
	}
	choice := func(opts []string, at int, label func(string) string) string {
		return "‹ " + label(opts[at]) + " ›" + s.Muted.Render(fmt.Sprintf("  %d/%d", at+1, len(opts)))
	}
	row(fKind, "data", choice(kinds(), f.kind, func(k string) string { return k }))
	row(fEvent, "event", f.inputs[fEvent].View())
	row(fField, "field", f.inputs[fField].View())
	row(fComp, "comparator", choice(f.comps, f.comp, tree.ComparatorLabel))
	row(fValue, "value", f.inputs[fValue].View())
	row(fMin, "at least", f.inputs[fMin].View()+s.Muted.Render(" time(s)"))
	lines = append(lines, "")
	if f.occurrence() {
		lines = append(lines, s.Muted.Render(truncate("no field: the event occurred", width)))
	}
	if f.focus == fField || f.focus == fEvent {
		sug := f.inputs[f.focus].MatchedSuggestions()
		if len(sug) > 4 {
			sug = sug[:4]
		}
		if len(sug) > 0 {
			lines = append(lines, s.Muted.Render(truncate("→ accepts: "+strings.Join(sug, ", "), width)))
		}
	}
	if f.err != "" {
		lines = append(lines, s.Error.Render(truncate("✗ "+f.err, width)))
	}
	lines = append(lines, s.Muted.Render(truncate("tab next · ←/→ choose · enter ok · esc cancel", width)))
	return strings.Join(lines, "\n")
}

// newCondForm is the form for a further condition of a block: its kind
// and event stay, field, comparator and value start empty.
func newCondForm(s ui.Styles, seen seen, block *criteria.Node) *leafForm {
	var first *criteria.Condition
	if block.Combo != nil && len(block.Combo.Conditions) > 0 {
		first = block.Combo.Conditions[0]
	}
	f := newLeafForm(s, seen, block, first, false)
	f.addCond = true
	f.inputs[fField].SetValue("")
	f.inputs[fValue].SetValue("")
	f.refresh(tree.Equals)
	f.inputs[f.focus].Blur()
	f.focus = fField
	f.inputs[f.focus].Focus()
	return f
}
