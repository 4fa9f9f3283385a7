package tree

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode"

	"limen/engine/criteria"
)

// operands are the condition's operands (rule 15), quoted unless numeric
// and compared as numbers (text comparators always quote).
func operands(c *criteria.Condition, asText bool) []string {
	ops := Operands(c)
	for i, t := range ops {
		if asText {
			ops[i] = "'" + t + "'"
		} else {
			ops[i] = quote(t)
		}
	}
	return ops
}

// numeric reports whether s is a numeric literal (rule 21):
// [+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?
func numeric(s string) bool {
	digits := func(i int) int {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i
	}
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	j := digits(i)
	mantissa := j > i
	if j < len(s) && s[j] == '.' {
		k := digits(j + 1)
		mantissa = mantissa || k > j+1
		j = k
	}
	if !mantissa {
		return false
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		j++
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := digits(j)
		if k == j {
			return false
		}
		j = k
	}
	return j == len(s)
}

func quote(t string) string {
	if numeric(t) || t == "true" || t == "false" {
		return t
	}
	return "'" + t + "'"
}

func plural(name string) bool {
	return strings.HasSuffix(name, "s") && !strings.HasSuffix(name, "ss")
}

// minMatch reads minMatch as rule 8 does; 1 when absent or not usable.
func minMatch(raw json.RawMessage) int {
	if raw == nil {
		return 1
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if n, err := strconv.Atoi(s); err == nil && n > 0 && strings.Trim(s, "0123456789") == "" {
			return n
		}
		return 1
	}
	var f float64
	if json.Unmarshal(raw, &f) != nil || f < 1 || f > 1e9 {
		return 1
	}
	return int(f)
}

// EventPhrase reads an event name as what the visitor did: a few common
// events with their articles ("viewed a product", "read an article",
// "updated the cart"), any other as Humanise reads it.
func EventPhrase(event string) string {
	switch event {
	case "viewedProduct":
		return "viewed a product"
	case "readArticle":
		return "read an article"
	}
	return Humanise(event)
}

// Humanise reads a camelCase, kebab-case or snake_case name as lower-case
// words, keeping acronyms: viewedProduct → "viewed product",
// button-clicked → "button clicked", productSKU → "product SKU"; updateCart,
// the cart update event, reads "updated the cart".
func Humanise(name string) string {
	if name == eventCartUpdate {
		return "updated the cart"
	}
	ws := words(name)
	for i, w := range ws {
		if len([]rune(w)) < 2 || strings.ToUpper(w) != w {
			ws[i] = strings.ToLower(w)
		}
	}
	return strings.Join(ws, " ")
}

// words splits a name at separators and at case changes.
func words(name string) []string {
	var ws []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			ws = append(ws, string(cur))
			cur = nil
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		if r == '-' || r == '_' || r == ' ' {
			flush()
			continue
		}
		if unicode.IsUpper(r) && len(cur) > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return ws
}

// HumanField reads a field path: each segment humanised, "dataFields"
// dropped, e.g. dataFields.firstName → "first name".
func HumanField(field string) string {
	var parts []string
	for _, seg := range strings.Split(field, ".") {
		if seg == "dataFields" || seg == "" {
			continue
		}
		parts = append(parts, Humanise(seg))
	}
	return strings.Join(parts, " ")
}
