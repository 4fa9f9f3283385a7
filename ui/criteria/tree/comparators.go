package tree

import (
	"encoding/json"
	"slices"

	"limen/engine/criteria"
)

// Comparators lists the comparators that make sense for a field, given
// values seen for it (as encoding/json decodes them: float64, string, bool,
// []any, map[string]any, nil; json.Number and Go integers are numbers too),
// in AllComparators order:
//   - numbers: Equals, DoesNotEqual, IsOneOf, IsNotOneOf, IsSet and the four
//     orderings;
//   - strings: Equals, DoesNotEqual, IsOneOf, IsNotOneOf, IsSet, Contains,
//     StartsWith, MatchesRegex, plus the orderings when every string seen
//     is a number (rule 18 compares numeric strings);
//   - booleans: Equals and IsSet;
//   - objects: IsSet;
//   - arrays: what their elements allow (comparators look inside arrays).
//
// A mixed sample gets the union. With nothing usable seen (no sample, or
// only nulls) every comparator is offered.
func Comparators(sample []any) []string {
	var k kinds
	for _, v := range sample {
		k.add(v)
	}
	want := map[string]bool{}
	if k.number || k.str || k.boolean || k.object {
		want[IsSet] = true
	}
	if k.number || k.str || k.boolean {
		want[Equals] = true
	}
	if k.number || k.str {
		for _, c := range []string{DoesNotEqual, IsOneOf, IsNotOneOf} {
			want[c] = true
		}
	}
	if k.number || (k.str && !k.text) {
		for _, c := range []string{GreaterThan, LessThan, GreaterThanOrEqualTo, LessThanOrEqualTo} {
			want[c] = true
		}
	}
	if k.str {
		for _, c := range []string{Contains, StartsWith, MatchesRegex} {
			want[c] = true
		}
	}
	all := AllComparators()
	if len(want) == 0 {
		return all
	}
	return slices.DeleteFunc(all, func(c string) bool { return !want[c] })
}

// kinds records what kinds of values a sample holds.
type kinds struct {
	number, str, text, boolean, object bool // text: a non-numeric string
}

func (k *kinds) add(v any) {
	switch v := v.(type) {
	case float64, float32, int, int64, int32, uint, uint64, uint32, json.Number:
		k.number = true
	case string:
		k.str = true
		if !numeric(v) {
			k.text = true
		}
	case bool:
		k.boolean = true
	case map[string]any:
		k.object = true
	case []any:
		for _, e := range v {
			k.add(e)
		}
	case []string:
		for _, e := range v {
			k.add(e)
		}
	case []float64:
		for _, e := range v {
			k.add(e)
		}
	}
}

// ComparatorLabel is the word an editor shows for a comparator in a chooser
// (Comparators' and AllComparators' entries): "is", "is one of", "above"…;
// the name itself when unknown.
func ComparatorLabel(comparator string) string {
	switch comparator {
	case Equals:
		return "is"
	case DoesNotEqual:
		return "is not"
	case IsOneOf:
		return "is one of"
	case IsNotOneOf:
		return "is not one of"
	case IsSet:
		return "is set"
	case GreaterThan:
		return "above"
	case LessThan:
		return "below"
	case GreaterThanOrEqualTo:
		return "at least"
	case LessThanOrEqualTo:
		return "at most"
	case Contains:
		return "contains"
	case StartsWith:
		return "starts with"
	case MatchesRegex:
		return "matches the pattern"
	}
	return comparator
}

// ComparatorOf is the comparator a chooser should preselect for a
// condition: IsOneOf / IsNotOneOf for Equals / DoesNotEqual with a values
// list, else its comparatorType ("" when it has none).
func ComparatorOf(c *criteria.Condition) string {
	if c == nil || c.ComparatorType == nil {
		return ""
	}
	switch ct := *c.ComparatorType; {
	case ct == Equals && c.HasValues:
		return IsOneOf
	case ct == DoesNotEqual && c.HasValues:
		return IsNotOneOf
	default:
		return ct
	}
}

// Operands lists a condition's operands as text, as an editor's value
// field shows them (rule 15: values when there is a values list, else
// value; empty text and non-scalar operands left out).
func Operands(c *criteria.Condition) []string {
	if c == nil {
		return nil
	}
	raws := []json.RawMessage{c.Value}
	if c.HasValues {
		raws = c.Values
	}
	var out []string
	for _, r := range raws {
		if t, ok := text(r); ok && t != "" {
			out = append(out, t)
		}
	}
	return out
}
