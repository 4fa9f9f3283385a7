package tree

import (
	"fmt"
	"strings"

	"limen/engine/criteria"
)

// Describe reads a node as a sentence a marketer understands, e.g.
// "viewed a product with price above 500, at least 3 times". Groups read as
// "all of: …; …", "any of: …" and "none of: …" ("did none of: …" when every
// block below is an event or a purchase); an And or Or group with a single
// entry reads as that entry, so Iterable's two-level shape reads plainly.
func Describe(n *criteria.Node) string {
	switch {
	case n == nil || n.Raw != nil:
		return "not a group or a block (never matches)"
	case n.IsGroup:
		return describeGroup(n)
	case n.Combo != nil:
		return describeLeaf(n)
	}
	return "neither a group nor a condition block (never matches)"
}

// DescribeSet reads a criteria set: its name, then its tree.
func DescribeSet(s *criteria.Set) string {
	if s == nil || s.Raw != nil {
		return "not a criteria set (never used)"
	}
	name := "unnamed criteria"
	if s.Name != nil && *s.Name != "" {
		name = *s.Name
	}
	if s.Query == nil {
		return name + ": no searchQuery (never used)"
	}
	return name + ": " + Describe(s.Query)
}

// DescribeCondition reads one condition of a block of the data type as a
// sentence of its own, e.g. "made a purchase with total above 0".
func DescribeCondition(dataType string, c *criteria.Condition) string {
	return describeLeaf(&criteria.Node{
		DataType: &dataType,
		Combo:    &criteria.Combo{Combinator: criteria.Str(And), Conditions: []*criteria.Condition{c}, HasConditions: true},
	})
}

func describeGroup(n *criteria.Node) string {
	comb := ""
	if n.Combinator != nil {
		comb = *n.Combinator
	}
	if (comb == And || comb == Or) && len(n.Children) == 1 {
		return Describe(n.Children[0])
	}
	parts := make([]string, len(n.Children))
	for i, ch := range n.Children {
		parts[i] = Describe(ch)
		// A nested list is bracketed unless it cannot be misread: one entry,
		// last in its group.
		if ch != nil && ch.IsGroup && (strings.Contains(parts[i], "; ") || (strings.Contains(parts[i], ": ") && i < len(n.Children)-1)) {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	var head, empty string
	switch comb {
	case And:
		head, empty = "all of", "matches every visitor"
	case Or:
		head, empty = "any of", "matches no visitor"
	case Not:
		head, empty = "none of", "matches every visitor"
		if len(n.Children) > 0 && allEvents(n) {
			head = "did none of"
		}
	case "":
		return "a group with no combinator (never matches)"
	default:
		return fmt.Sprintf("a group with unknown combinator %q (never matches)", comb)
	}
	if len(parts) == 0 {
		return head + ": nothing yet (" + empty + ")"
	}
	return head + ": " + strings.Join(parts, "; ")
}

// allEvents reports whether every block under n is about events.
func allEvents(n *criteria.Node) bool {
	if n == nil {
		return false
	}
	if n.IsGroup {
		for _, ch := range n.Children {
			if !allEvents(ch) {
				return false
			}
		}
		return true
	}
	return n.DataType != nil && (*n.DataType == CustomEvent || *n.DataType == Purchase)
}

func describeLeaf(n *criteria.Node) string {
	dt := ""
	if n.DataType != nil {
		dt = *n.DataType
	}
	if n.Combo.Raw != nil {
		return "a block whose conditions are not an object (never matches)"
	}
	comb := ""
	if n.Combo.Combinator != nil {
		comb = *n.Combo.Combinator
	}
	var s string
	switch dt {
	case CustomEvent:
		s = describeEvent(n.Combo.Conditions, comb)
	case Purchase:
		s = "made a purchase" + qualifiers(clauses(n.Combo.Conditions, comb, "", fieldPurchaseItems, "an item"), comb)
	case User:
		s = describeProfile(n.Combo.Conditions, comb)
	case "":
		return "a block with no data type (never matches)"
	default:
		return fmt.Sprintf("a block of unknown data type %q (never matches)", dt)
	}
	if len(n.Combo.Conditions) == 0 {
		s += " (no conditions yet: never matches)"
	}
	if comb != And && comb != Or && comb != Not {
		s += " (the conditions' combinator is not And, Or or Not: never matches)"
	}
	if k := minMatch(n.MinMatch); k > 1 && dt != User {
		s += fmt.Sprintf(", at least %d times", k)
	}
	return s
}

// describeEvent reads a customEvent block: the event named by the fields'
// first segment (or by an IsSet on the bare event name), then the rest.
func describeEvent(conds []*criteria.Condition, comb string) string {
	event, same := "", true
	for i, c := range conds {
		e := eventOf(c)
		if i == 0 {
			event = e
		} else if e != event {
			same = false
		}
	}
	if !same || event == "" {
		return "did an event" + qualifiers(clauses(conds, comb, "", fieldCartItems, "a cart item"), comb)
	}
	var rest []*criteria.Condition
	for _, c := range conds {
		if comb == And && isOccurrence(c, event) {
			continue
		}
		rest = append(rest, c)
	}
	return EventPhrase(event) + qualifiers(clauses(rest, comb, event, fieldCartItemsInEvent, "a cart item"), comb)
}

// eventOf is the event a customEvent condition is about: the bare field of
// an IsSet ("event occurred", rule 10) or a dotted field's first segment.
func eventOf(c *criteria.Condition) string {
	if c == nil || c.Raw != nil || c.Field == nil {
		return ""
	}
	f := *c.Field
	if strings.HasPrefix(f, fieldCartItemsInEvent+".") {
		return eventCartUpdate // cart update records hold the items (rule 4)
	}
	if head, _, dotted := strings.Cut(f, "."); dotted {
		return head
	}
	if c.ComparatorType != nil && *c.ComparatorType == IsSet {
		return f
	}
	return ""
}

func isOccurrence(c *criteria.Condition, event string) bool {
	return c != nil && c.Field != nil && *c.Field == event && c.ComparatorType != nil && *c.ComparatorType == IsSet
}

// describeProfile reads a user block: each condition about "their profile".
func describeProfile(conds []*criteria.Condition, comb string) string {
	parts := make([]string, 0, len(conds))
	for _, c := range conds {
		if c != nil && c.Raw == nil && c.Field != nil {
			if item, ok := strings.CutPrefix(*c.Field, fieldPurchaseItems+"."); ok {
				parts = append(parts, "their cart holds an item whose "+clause(c, item, true))
				continue
			}
		}
		f := ""
		if c != nil && c.Field != nil {
			f = *c.Field
		}
		parts = append(parts, "their profile's "+clause(c, f, true))
	}
	switch {
	case len(parts) == 0:
		return "their profile"
	case comb == Not:
		return "none of: " + strings.Join(parts, "; ")
	case comb == Or:
		return strings.Join(parts, " or ")
	}
	return strings.Join(parts, " and ")
}

// clauses reads conditions as "field comparator value" phrases, with the
// event prefix dropped; conditions on the item list (itemPrefix) become
// "<item> whose …" and, in an And combo, share one item (rule 13).
func clauses(conds []*criteria.Condition, comb, event, itemPrefix, item string) []string {
	var out, itemParts []string
	itemAt := -1
	for _, c := range conds {
		f := ""
		if c != nil && c.Field != nil {
			f = *c.Field
		}
		if event != "" {
			f = strings.TrimPrefix(f, event+".")
			if isOccurrence(c, event) {
				out = append(out, "the event itself")
				continue
			}
		}
		if sub, ok := strings.CutPrefix(f, itemPrefix+"."); ok && c != nil && c.Raw == nil {
			if comb != And {
				out = append(out, item+" whose "+clause(c, sub, true))
				continue
			}
			if itemAt < 0 {
				itemAt = len(out)
				out = append(out, "")
			}
			itemParts = append(itemParts, clause(c, sub, true))
			continue
		}
		out = append(out, clause(c, f, false))
	}
	if itemAt >= 0 {
		out[itemAt] = item + " whose " + strings.Join(itemParts, " and ")
	}
	return out
}

// qualifiers joins clauses after an event: "with a and b", "with a or b",
// "without a", "with none of: a; b".
func qualifiers(parts []string, comb string) string {
	switch {
	case len(parts) == 0:
		return ""
	case comb == Or:
		return " with " + strings.Join(parts, " or ")
	case comb == Not && len(parts) == 1:
		return " without " + parts[0]
	case comb == Not:
		return " with none of: " + strings.Join(parts, "; ")
	}
	return " with " + strings.Join(parts, " and ")
}

// clause reads one condition on the given (already shortened) field. With
// is, orderings read "is above" (after "whose" or "their profile's");
// without, "above" (after "with").
func clause(c *criteria.Condition, field string, is bool) string {
	if c == nil || c.Raw != nil {
		return "a condition that is not an object (never holds)"
	}
	name := HumanField(field)
	if name == "" {
		name = "(no field)"
	}
	phrase := ComparatorPhrase(c, plural(name))
	if is && c.ComparatorType != nil {
		switch *c.ComparatorType {
		case GreaterThan, LessThan, GreaterThanOrEqualTo, LessThanOrEqualTo:
			phrase = "is " + phrase
		}
	}
	return name + " " + phrase
}

// ComparatorPhrase reads a condition's comparator and operands, e.g.
// "above 500", "is one of 'a', 'b'", "contains 'gift'". plural agrees the
// verb with a plural field ("categories contain").
func ComparatorPhrase(c *criteria.Condition, plural bool) string {
	if c.ComparatorType == nil {
		return "has no comparator (never holds)"
	}
	ct := *c.ComparatorType
	verb := func(one, many string) string {
		if plural {
			return many
		}
		return one
	}
	var w string
	switch ct {
	case IsSet:
		return "is set"
	case Equals:
		w = "is"
		if c.HasValues {
			w = "is one of"
		}
	case DoesNotEqual:
		w = "is not"
		if c.HasValues {
			w = "is not one of"
		}
	case GreaterThan:
		w = "above"
	case LessThan:
		w = "below"
	case GreaterThanOrEqualTo:
		w = "at least"
	case LessThanOrEqualTo:
		w = "at most"
	case Contains:
		w = verb("contains", "contain")
	case StartsWith:
		w = verb("starts with", "start with")
	case MatchesRegex:
		w = verb("matches the pattern", "match the pattern")
	default:
		return fmt.Sprintf("has unknown comparator %q (never holds)", ct)
	}
	ops := operands(c, ct == Contains || ct == StartsWith || ct == MatchesRegex)
	if len(ops) == 0 {
		return w + " … (no value yet: never holds)"
	}
	sep := " or "
	if c.HasValues && (ct == Equals || ct == DoesNotEqual) {
		sep = ", "
	}
	return w + " " + strings.Join(ops, sep)
}
