package criteria

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is one reason criteria may not be saved.
type Problem struct {
	Path    string `json:"path"` // JSON path, e.g. criteriaSets[0].searchQuery.combinator
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Path + ": " + p.Message }

// LintOptions tunes Lint. EventLimit is the project's local event limit (how
// many events a device keeps); 0 means the default, 100.
type LintOptions struct{ EventLimit int }

// DefaultEventLimit is the number of events a device keeps unless the
// project says otherwise.
const DefaultEventLimit = 100

// Lint lists what is wrong with criteria a marketer is about to save, in
// document order, each with a JSON path and a plain-language message. It
// only reads the document: evaluation never depends on it (rule 22 already
// says how odd shapes evaluate); Lint decides what may be saved.
func Lint(d *Document, opt LintOptions) []Problem {
	l := &linter{limit: opt.EventLimit}
	if l.limit <= 0 {
		l.limit = DefaultEventLimit
	}
	if d == nil {
		l.add("criteriaSets", `there is no criteria document`)
		return l.probs
	}
	raw, hasRaw := fieldValue(d.Extra, "criteriaSets")
	if hasRaw {
		l.add("criteriaSets", `"criteriaSets" must be a list of criteria sets, but it is %s`, describe(raw))
	}
	switch {
	case d.Legacy:
		l.add("criteriaList", `these criteria use the old "criteriaList" envelope; limen evaluates only "criteriaSets" (as written nothing would ever match) and will save them under "criteriaSets"`)
	case !hasRaw && d.Sets == nil:
		l.add("criteriaSets", `there is no "criteriaSets" list, so nothing can ever match; put the criteria sets in a "criteriaSets" list`)
	}
	seen := map[string]int{}
	for i, s := range d.Sets {
		l.set(s, i, d.Legacy, seen)
	}
	return l.probs
}

type linter struct {
	limit int
	probs []Problem
}

func (l *linter) add(path, format string, args ...any) {
	l.probs = append(l.probs, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (l *linter) set(s *Set, i int, legacy bool, seen map[string]int) {
	p := setPath(i, legacy)
	if s == nil || s.Raw != nil {
		var raw json.RawMessage
		if s != nil {
			raw = s.Raw
		}
		l.add(p, `a criteria set must be an object, but this is %s`, describe(raw))
		return
	}
	id, ok := s.IDText()
	switch {
	case s.ID == nil:
		l.add(p+".criteriaId", `this criteria set has no criteriaId, so it is never used; give it an id`)
	case !ok:
		if v, isStr := stringValue(s.ID); isStr && v == "" {
			l.add(p+".criteriaId", `the criteriaId is empty (""), so this criteria set is never used; give it an id`)
		} else {
			l.add(p+".criteriaId", `the criteriaId must be text or a number, but it is %s, so this criteria set is never used`, describe(s.ID))
		}
	default:
		if j, dup := seen[id]; dup {
			l.add(p+".criteriaId", `duplicate criteriaId %q: %s already uses it, so a match could not tell them apart; give each criteria set its own id`, id, setPath(j, legacy))
		} else {
			seen[id] = i
		}
	}
	if raw, bad := fieldValue(s.Extra, "name"); bad {
		l.add(p+".name", `the name must be text, but it is %s`, describe(raw))
	}
	if s.Query == nil {
		if raw, bad := fieldValue(s.Extra, "searchQuery"); bad {
			l.add(p+".searchQuery", `searchQuery must be an object (a group of condition blocks), but it is %s, so this criteria set is never used`, describe(raw))
		} else {
			l.add(p+".searchQuery", `this criteria set has no searchQuery, so it is never used; add a group of condition blocks`)
		}
		return
	}
	l.node(s.Query, p+".searchQuery")
}

func (l *linter) node(n *Node, p string) {
	switch {
	case n == nil || n.Raw != nil:
		var raw json.RawMessage
		if n != nil {
			raw = n.Raw
		}
		l.add(p, `this must be a group or a condition block (an object), but it is %s, so it never matches`, describe(raw))
	case n.IsGroup:
		l.group(n, p)
	case n.Combo != nil:
		l.leaf(n, p)
	default:
		msg := `this is neither a group (a combinator with a "searchQueries" list) nor a condition block (a dataType with a "searchCombo"), so it never matches`
		if raw, ok := fieldValue(n.Extra, "searchQueries"); ok {
			msg += fmt.Sprintf(`; its "searchQueries" is %s, not a list`, describe(raw))
		}
		l.add(p, "%s", msg)
	}
}

func (l *linter) group(n *Node, p string) {
	l.combinator(n.Combinator, n.Extra, p+".combinator", "group")
	if len(n.Children) == 0 {
		effect := "it never matches"
		if c := combinatorOf(n.Combinator); c == combAnd || c == combNot {
			effect = "it matches every visitor"
		}
		l.add(p+".searchQueries", `this group is empty, so %s; add a condition block or remove the group`, effect)
	}
	for i, ch := range n.Children {
		l.node(ch, p+".searchQueries["+strconv.Itoa(i)+"]")
	}
}

// combinator checks a group's or a combo's combinator.
func (l *linter) combinator(c *string, extra []Field, p, what string) {
	if c != nil {
		if combinatorOf(c) != combInvalid {
			return
		}
		hint := ""
		for _, ok := range []string{"And", "Or", "Not"} {
			if strings.EqualFold(*c, ok) {
				hint = fmt.Sprintf(` (names are case-sensitive: write %q)`, ok)
			}
		}
		l.add(p, `unknown combinator %q, so this %s never matches; use And, Or or Not%s`, *c, what, hint)
		return
	}
	if raw, ok := fieldValue(extra, "combinator"); ok {
		l.add(p, `the combinator must be And, Or or Not, but it is %s, so this %s never matches`, describe(raw), what)
		return
	}
	l.add(p, `this %s has no combinator, so it never matches; use And, Or or Not`, what)
}

const dataTypesHelp = `use customEvent, purchase or user (cart updates are customEvent conditions on "updateCart")`

func (l *linter) leaf(n *Node, p string) {
	kind := kindOf(str(n.DataType))
	switch {
	case n.DataType != nil && kind == KindNone:
		l.add(p+".dataType", `unknown data type %q, so this block never matches; %s`, *n.DataType, dataTypesHelp)
	case n.DataType == nil:
		if raw, ok := fieldValue(n.Extra, "dataType"); ok {
			l.add(p+".dataType", `the data type must be text, but it is %s, so this block never matches; %s`, describe(raw), dataTypesHelp)
		} else {
			l.add(p+".dataType", `this condition block has no dataType, so it never matches; %s`, dataTypesHelp)
		}
	}
	l.minMatch(n.MinMatch, kind, p+".minMatch")
	c, cp := n.Combo, p+".searchCombo"
	if c.Raw != nil {
		l.add(cp, `searchCombo must be an object (a combinator and a list of conditions), but it is %s, so this block never matches`, describe(c.Raw))
		return
	}
	l.combinator(c.Combinator, c.Extra, cp+".combinator", "condition block")
	switch {
	case c.HasConditions && len(c.Conditions) == 0:
		l.add(cp+".searchQueries", `this condition block has no conditions, so it never matches; add a condition or remove the block`)
	case !c.HasConditions:
		if raw, ok := fieldValue(c.Extra, "searchQueries"); ok {
			l.add(cp+".searchQueries", `the conditions must be a list, but they are %s, so this block never matches`, describe(raw))
		} else {
			l.add(cp+".searchQueries", `this condition block has no conditions, so it never matches; add a condition or remove the block`)
		}
	}
	for i, cond := range c.Conditions {
		l.condition(cond, n.DataType, kind, cp+".searchQueries["+strconv.Itoa(i)+"]")
	}
}

// minMatch checks a block's minMatch against rule 8 and the event limit.
func (l *linter) minMatch(raw json.RawMessage, kind Kind, p string) {
	if raw == nil {
		return
	}
	var f float64
	if s, ok := stringValue(raw); ok {
		if s == "" || strings.Trim(s, "0123456789") != "" {
			l.add(p, `minMatch must be a whole number of at least 1, but it is %s (it counts as 1)`, describe(raw))
			return
		}
		f, _ = strconv.ParseFloat(s, 64)
	} else {
		var n json.Number
		if json.Unmarshal(raw, &n) != nil {
			l.add(p, `minMatch must be a number, but it is %s (it counts as 1)`, describe(raw))
			return
		}
		var err error
		if f, err = strconv.ParseFloat(string(n), 64); err != nil && !math.IsInf(f, 0) {
			l.add(p, `minMatch must be a number, but it is %s (it counts as 1)`, describe(raw))
			return
		}
	}
	switch {
	case f < 1:
		l.add(p, `minMatch must be at least 1, but it is %s (it counts as 1)`, describe(raw))
	case f != math.Trunc(f):
		l.add(p, `minMatch must be a whole number, but it is %s (only its whole part, %s, counts)`, describe(raw), strconv.FormatFloat(math.Trunc(f), 'f', -1, 64))
	case kind == KindUser && f > 1:
		l.add(p, `minMatch is %s on a user block, but a visitor has only one profile record, so this can never be reached; use 1 or remove it`, describe(raw))
	case f > float64(l.limit):
		l.add(p, `minMatch is %s, but the device keeps only the last %d events, so this can never be reached`, describe(raw), l.limit)
	}
}

// comparatorNames lists the comparators in the order Iterable documents them.
const comparatorNames = "Equals, DoesNotEqual, IsSet, GreaterThan, LessThan, GreaterThanOrEqualTo, LessThanOrEqualTo, Contains, StartsWith, MatchesRegex"

func (l *linter) condition(c *Condition, blockType *string, kind Kind, p string) {
	if c == nil || c.Raw != nil {
		var raw json.RawMessage
		if c != nil {
			raw = c.Raw
		}
		l.add(p, `a condition must be an object, but this is %s, so it never holds`, describe(raw))
		return
	}
	if c.DataType != nil && kind != KindNone && *c.DataType != str(blockType) {
		l.add(p+".dataType", `this condition's dataType %q differs from its block's dataType %q; a condition always applies to its block's records, so set it to %q`, *c.DataType, *blockType, *blockType)
	}
	cmp := comparatorOf(str(c.ComparatorType))
	l.field(c, cmp, kind, p+".field")
	switch {
	case c.ComparatorType != nil && cmp == cmpUnknown:
		l.add(p+".comparatorType", `unknown comparator %q, so this condition never holds; use one of %s`, *c.ComparatorType, comparatorNames)
	case c.ComparatorType == nil:
		if raw, ok := fieldValue(c.Extra, "comparatorType"); ok {
			l.add(p+".comparatorType", `the comparator must be text, but it is %s, so this condition never holds; use one of %s`, describe(raw), comparatorNames)
		} else {
			l.add(p+".comparatorType", `this condition has no comparatorType, so it never holds; use one of %s`, comparatorNames)
		}
	}
	if cmp == cmpUnknown || cmp == cmpIsSet {
		return
	}
	l.operands(c, cmp, p)
}

// field checks that a condition's field can exist on its block's records.
func (l *linter) field(c *Condition, cmp comparator, kind Kind, p string) {
	if c.Field == nil {
		if raw, ok := fieldValue(c.Extra, "field"); ok {
			l.add(p, `the field must be text, but it is %s, so this condition never holds`, describe(raw))
		} else {
			l.add(p, `this condition has no field, so it never holds; name the event or profile field to check`)
		}
		return
	}
	f := *c.Field
	if f == "" {
		l.add(p, `the field is empty, so this condition never holds; name the event or profile field to check`)
		return
	}
	if strings.HasPrefix(f, ".") || strings.HasSuffix(f, ".") || strings.Contains(f, "..") {
		l.add(p, `field %q has an empty part (a dot at the start or the end, or two dots in a row), so it can never be found`, f)
	}
	const purchaseItems, cartItems = "shoppingCartItems", "updateCart.updatedShoppingCartItems"
	purchaseItem := strings.HasPrefix(f, purchaseItems+".")
	cartItem := strings.HasPrefix(f, cartItems+".")
	switch {
	case kind == KindNone:
		// The block's data type is already reported.
	case kind == KindUser && cartItem:
		l.add(p, `field %q is a cart update item field, but a user block checks the visitor's profile, not its cart updates; put it in a customEvent block (cart updates are customEvent "updateCart" events)`, f)
	case kind == KindUser && purchaseItem:
		// Iterable keeps the current cart on the profile as shoppingCartItems,
		// so shoppingCartItems.<field> is a real profile field.
	case purchaseItem && kind != KindPurchase:
		l.add(p, `field %q is a purchase item field, so it only works in a purchase block, not a %s block`, f, kind)
	case cartItem && kind != KindCustomEvent:
		l.add(p, `field %q is a cart update item field, so it only works in a customEvent block (cart updates are customEvent "updateCart" events), not a %s block`, f, kind)
	case cmp != cmpUnknown && cmp != cmpIsSet &&
		((kind == KindPurchase && f == purchaseItems) ||
			(kind == KindCustomEvent && (f == cartItems || f == "updatedShoppingCartItems"))):
		l.add(p, `field %q is the whole list of items, which %s can never match; name an item field after it, such as %q`, f, str(c.ComparatorType), f+".price")
	}
}

// operands checks a comparator's operands (rules 15, 18, 20, 21).
func (l *linter) operands(c *Condition, cmp comparator, p string) {
	type op struct {
		path, text string
	}
	var ops []op
	if c.HasValues {
		for j, raw := range c.Values {
			if text, ok := operandText(raw); ok {
				ops = append(ops, op{p + ".values[" + strconv.Itoa(j) + "]", text})
			}
		}
	} else if text, ok := operandText(c.Value); ok {
		ops = append(ops, op{p + ".value", text})
	}
	name := str(c.ComparatorType)
	if len(ops) == 0 {
		switch {
		case c.HasValues && len(c.Values) == 0:
			l.add(p+".values", `the values list is empty, so this %s condition can never hold; add a value`, name)
		case c.HasValues:
			l.add(p+".values", `none of the values can be compared (empty text, lists, objects and null are ignored), so this %s condition can never hold; add a value`, name)
		case c.Value == nil:
			l.add(p+".value", `this %s condition has no value to compare with, so it can never hold; add a value`, name)
		default:
			l.add(p+".value", `value %s cannot be compared (empty text, lists, objects and null are ignored), so this %s condition can never hold; add a value`, describe(c.Value), name)
		}
		return
	}
	for _, o := range ops {
		switch cmp {
		case cmpGreaterThan, cmpLessThan, cmpGreaterOrEqual, cmpLessOrEqual:
			if _, ok := parseNumeric(o.text); !ok {
				l.add(o.path, `%s needs a number, but %q is not one (write it like 10, -3 or 2.5, with no spaces, units or thousands separators), so this condition never holds`, name, o.text)
			}
		case cmpMatchesRegex:
			if _, err := regexp.Compile(o.text); err != nil {
				l.add(o.path, `pattern %q is not a valid regular expression: %s%s, so this condition never holds`, o.text, strings.TrimPrefix(err.Error(), "error parsing regexp: "), regexpHint(err))
			}
		}
	}
}

// regexpHint explains RE2's missing features when they caused err.
func regexpHint(err error) string {
	var se *syntax.Error
	if !errors.As(err, &se) {
		return ""
	}
	e := se.Expr
	switch {
	case strings.HasPrefix(e, "(?=") || strings.HasPrefix(e, "(?!") ||
		strings.HasPrefix(e, "(?<=") || strings.HasPrefix(e, "(?<!"):
		return " (look-ahead and look-behind are not supported)"
	case strings.HasPrefix(e, "(?P=") || strings.HasPrefix(e, `\k`) ||
		(se.Code == syntax.ErrInvalidEscape && len(e) == 2 && e[1] >= '1' && e[1] <= '9'):
		return " (back-references are not supported)"
	}
	return ""
}

// fieldValue finds a member kept in Extra.
func fieldValue(fields []Field, key string) (json.RawMessage, bool) {
	for _, f := range fields {
		if f.Key == key {
			return f.Value, true
		}
	}
	return nil, false
}

// describe names a JSON value for a message: its kind and its text as
// written (shortened when long), e.g. `the number 2.5` or `the text "x"`.
func describe(raw json.RawMessage) string {
	if raw == nil {
		return "missing"
	}
	text := string(compact(raw))
	if text == "" {
		return "missing"
	}
	if utf8.RuneCountInString(text) > 60 {
		r := []rune(text)
		text = string(r[:57]) + "…"
	}
	kind := "the value"
	switch {
	case text == "null":
		return "null"
	case text == "true" || text == "false":
		kind = "the boolean"
	case text[0] == '"':
		kind = "the text"
	case text[0] == '{':
		kind = "the object"
	case text[0] == '[':
		kind = "the list"
	case text[0] == '-' || (text[0] >= '0' && text[0] <= '9'):
		kind = "the number"
	}
	return kind + " " + text
}
