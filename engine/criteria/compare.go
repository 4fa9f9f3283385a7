package criteria

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// test applies the comparator to one value reached by the field path
// (rules 14-20).
func (c *ccond) test(v any) bool {
	if v == nil {
		return false // absent or null: every comparator fails (rule 14)
	}
	if c.cmp == cmpIsSet {
		return isSet(v)
	}
	switch c.cmp {
	case cmpEquals:
		for i := range c.ops {
			if equals(v, &c.ops[i]) {
				return true
			}
		}
	case cmpDoesNotEqual:
		if len(c.ops) == 0 {
			return false
		}
		for i := range c.ops {
			if equals(v, &c.ops[i]) {
				return false
			}
		}
		return true
	case cmpGreaterThan, cmpLessThan, cmpGreaterOrEqual, cmpLessOrEqual:
		for i := range c.ops {
			if c.ops[i].isNum && ordered(v, c.ops[i].num, c.cmp) {
				return true
			}
		}
	case cmpContains, cmpStartsWith:
		for i := range c.ops {
			if textMatch(v, c.ops[i].text, c.cmp == cmpContains) {
				return true
			}
		}
	case cmpMatchesRegex:
		for i := range c.ops {
			if c.ops[i].re != nil && regexMatch(v, c.ops[i].re) {
				return true
			}
		}
	}
	return false
}

// isSet is rule 16: present, not null, not "", [] or {}.
func isSet(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

// equals is rule 17's "value v equals operand text t".
func equals(v any, op *operand) bool {
	switch x := v.(type) {
	case []any:
		for _, el := range x {
			if equals(el, op) {
				return true
			}
		}
		return false
	case string:
		return x == op.text
	case bool:
		switch {
		case strings.EqualFold(op.text, "true"):
			return x
		case strings.EqualFold(op.text, "false"):
			return !x
		}
		return false
	}
	if f, ok := numberOf(v); ok {
		return op.isNum && f == op.num
	}
	return false
}

// ordered is rule 18 for one value against one numeric operand.
func ordered(v any, operand float64, cmp comparator) bool {
	var f float64
	switch x := v.(type) {
	case []any:
		for _, el := range x {
			if ordered(el, operand, cmp) {
				return true
			}
		}
		return false
	case string:
		var ok bool
		if f, ok = parseNumeric(x); !ok {
			return false
		}
	default:
		var ok bool
		if f, ok = numberOf(v); !ok {
			return false
		}
	}
	switch cmp {
	case cmpGreaterThan:
		return f > operand
	case cmpLessThan:
		return f < operand
	case cmpGreaterOrEqual:
		return f >= operand
	case cmpLessOrEqual:
		return f <= operand
	}
	return false
}

// textMatch is rule 19: substring or prefix of a string, or of some string
// element of an array.
func textMatch(v any, t string, contains bool) bool {
	switch x := v.(type) {
	case string:
		if contains {
			return strings.Contains(x, t)
		}
		return strings.HasPrefix(x, t)
	case []any:
		for _, el := range x {
			if textMatch(el, t, contains) {
				return true
			}
		}
	}
	return false
}

// regexMatch is rule 20: an unanchored RE2 search in a string, or in some
// string element of an array.
func regexMatch(v any, re *regexp.Regexp) bool {
	switch x := v.(type) {
	case string:
		return re.MatchString(x)
	case []any:
		for _, el := range x {
			if regexMatch(el, re) {
				return true
			}
		}
	}
	return false
}

// numberOf reads a JSON number, decoded either as json.Number or as a Go
// numeric type (records built in code rather than decoded).
func numberOf(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		return f, err == nil || isRangeErr(err)
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
