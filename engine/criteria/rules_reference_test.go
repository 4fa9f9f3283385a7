package criteria

// refMatch is a second, deliberately naive reading of SEMANTICS.md, written
// from the rules and not from eval.go: it interprets the decoded criteria
// JSON directly. The rule tables, the corpus and the fuzzer compare the
// package against it, so a disagreement points at either the package or at a
// rule that can be read two ways.

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
)

type refRec struct {
	typ, name string
	fields    map[string]any
}

// refMatch evaluates a decoded criteria document (rules 1 and 2).
func refMatch(doc any, events []any, update any) (string, bool) {
	d, _ := doc.(map[string]any)
	sets, ok := d["criteriaSets"].([]any)
	if !ok {
		return "", false
	}
	var recs []refRec
	for _, ev := range events {
		if r, ok := refRecord(ev); ok {
			recs = append(recs, r)
		}
	}
	if u, ok := update.(map[string]any); ok && len(u) > 0 {
		if r, ok := refRecord(u); ok {
			recs = append(recs, r)
		}
	}
	for _, s := range sets {
		sm, _ := s.(map[string]any)
		id, ok := refID(sm["criteriaId"])
		q, isObj := sm["searchQuery"].(map[string]any)
		if ok && isObj && refNode(q, recs) {
			return id, true
		}
	}
	return "", false
}

func refID(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, x != ""
	case json.Number:
		return refNumText(x), true
	}
	return "", false
}

// refNumText writes a JSON number in decimal, integral numbers without a
// fraction; literals beyond float64 are kept as written.
func refNumText(n json.Number) string {
	if refIntRE.MatchString(string(n)) {
		return string(n)
	}
	f, _ := strconv.ParseFloat(string(n), 64)
	if math.IsInf(f, 0) {
		return string(n)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// refRecord is rules 4 and 5.
func refRecord(ev any) (refRec, bool) {
	m, ok := ev.(map[string]any)
	if !ok {
		return refRec{}, false
	}
	typ, items := "", ""
	switch m["eventType"] {
	case "customEvent", "user":
		typ = m["eventType"].(string)
	case "purchase":
		typ, items = "purchase", "shoppingCartItems"
	case "cartUpdate":
		typ, items = "customEvent", "updatedShoppingCartItems"
	default:
		return refRec{}, false
	}
	f := map[string]any{}
	if df, ok := m["dataFields"].(map[string]any); ok {
		for k, v := range df {
			f[k] = v
		}
	}
	for k, v := range m {
		if k != "dataFields" && k != "items" {
			f[k] = v
		}
	}
	if arr, ok := m["items"].([]any); ok && items != "" {
		f[items] = arr
	}
	f["eventType"] = typ
	if m["eventType"] == "cartUpdate" {
		f["eventName"] = "updateCart"
	}
	name, _ := f["eventName"].(string)
	return refRec{typ: typ, name: name, fields: f}, true
}

// refNode is rules 6-8.
func refNode(n any, recs []refRec) bool {
	m, ok := n.(map[string]any)
	if !ok {
		return false
	}
	if kids, ok := m["searchQueries"].([]any); ok {
		held := 0
		for _, k := range kids {
			if refNode(k, recs) {
				held++
			}
		}
		switch m["combinator"] {
		case "And":
			return held == len(kids)
		case "Or":
			return held > 0
		case "Not":
			return held == 0
		}
		return false
	}
	if _, ok := m["searchCombo"]; !ok {
		return false
	}
	dt, _ := m["dataType"].(string)
	count := 0
	for _, r := range recs {
		if r.typ == dt && refCombo(m["searchCombo"], r) {
			count++
		}
	}
	return count >= refMin(m["minMatch"])
}

func refMin(v any) int {
	f := 1.0
	switch x := v.(type) {
	case json.Number:
		f, _ = strconv.ParseFloat(string(x), 64)
	case string:
		if refDigitsRE.MatchString(x) {
			f, _ = strconv.ParseFloat(x, 64)
		}
	}
	f = math.Trunc(f)
	if f < 1 {
		return 1
	}
	return int(math.Min(f, 1<<40))
}

// refCond is one condition prepared for a record: the path still to walk,
// or the literal value (rule 11), or an event occurrence (rule 10).
type refCond struct {
	cmp      string
	ops      []string
	segs     []string
	lit      any
	isLit    bool
	occurred bool
	valid    bool
}

func refPrepare(c any, r refRec) refCond {
	m, _ := c.(map[string]any)
	field, ok := m["field"].(string)
	if !ok {
		return refCond{}
	}
	rc := refCond{valid: true}
	rc.cmp, _ = m["comparatorType"].(string)
	if rc.cmp == "IsSet" && r.typ == "customEvent" && r.name != "" && field == r.name {
		rc.occurred = true
		return rc
	}
	raw := []any{m["value"]}
	if vs, ok := m["values"].([]any); ok {
		raw = vs
	}
	for _, o := range raw {
		switch x := o.(type) {
		case string:
			if x != "" {
				rc.ops = append(rc.ops, x)
			}
		case json.Number:
			rc.ops = append(rc.ops, refNumText(x))
		case bool:
			rc.ops = append(rc.ops, strconv.FormatBool(x))
		}
	}
	if r.typ == "customEvent" && r.name != "" && strings.HasPrefix(field, r.name+".") {
		field = field[len(r.name)+1:]
	}
	if v, ok := r.fields[field]; ok {
		rc.lit, rc.isLit = v, true
		return rc
	}
	rc.segs = strings.Split(field, ".")
	return rc
}

// refCombo is rule 9, with rule 13 for And.
func refCombo(combo any, r refRec) bool {
	m, _ := combo.(map[string]any)
	conds, _ := m["searchQueries"].([]any)
	if len(conds) == 0 {
		return false
	}
	alone := func(c any) bool {
		rc := refPrepare(c, r)
		return rc.valid && (rc.occurred || refAll(map[string]any{"": r.fields}, []refCond{rc}, true))
	}
	switch m["combinator"] {
	case "And":
		var pend []refCond
		for _, c := range conds {
			rc := refPrepare(c, r)
			if !rc.valid {
				return false
			}
			if !rc.occurred {
				pend = append(pend, rc)
			}
		}
		return refAll(map[string]any{"": r.fields}, pend, true)
	case "Or":
		for _, c := range conds {
			if alone(c) {
				return true
			}
		}
	case "Not":
		for _, c := range conds {
			if alone(c) {
				return false
			}
		}
		return true
	}
	return false
}

// refAll holds when every condition holds on object m, conditions that go
// through the same array of objects being met by one element. top is true
// for the record itself, held under the key "" so that literal values and
// paths start the same way.
func refAll(m map[string]any, cs []refCond, top bool) bool {
	if top {
		var rest []refCond
		for _, c := range cs {
			if c.isLit {
				if !refTest(c, c.lit) {
					return false
				}
				continue
			}
			rest = append(rest, c)
		}
		return refAll(m[""].(map[string]any), rest, false)
	}
	bySeg := map[string][]refCond{}
	for _, c := range cs {
		bySeg[c.segs[0]] = append(bySeg[c.segs[0]], c)
	}
	for seg, group := range bySeg {
		v, present := m[seg]
		var deeper []refCond
		for _, c := range group {
			if len(c.segs) == 1 {
				if !present || !refTest(c, v) {
					return false
				}
				continue
			}
			c.segs = c.segs[1:]
			deeper = append(deeper, c)
		}
		if len(deeper) == 0 {
			continue
		}
		switch x := v.(type) {
		case map[string]any:
			if !refAll(x, deeper, false) {
				return false
			}
		case []any:
			found := false
			for _, el := range x {
				if em, ok := el.(map[string]any); ok && refAll(em, deeper, false) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		default:
			return false
		}
	}
	return true
}

var (
	refIntRE    = regexp.MustCompile(`^-?[0-9]+$`)
	refDigitsRE = regexp.MustCompile(`^[0-9]+$`)
)

var refNumRE = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// refNum is rule 21.
func refNum(s string) (float64, bool) {
	if !refNumRE.MatchString(s) {
		return 0, false
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f, true
}

// refTest is rules 14-20 for one value.
func refTest(c refCond, v any) bool {
	if v == nil {
		return false
	}
	if c.cmp == "IsSet" {
		switch x := v.(type) {
		case string:
			return x != ""
		case []any:
			return len(x) > 0
		case map[string]any:
			return len(x) > 0
		}
		return true
	}
	for _, op := range c.ops {
		switch c.cmp {
		case "Equals":
			if refEq(v, op) {
				return true
			}
		case "DoesNotEqual":
			if refEq(v, op) {
				return false
			}
		case "GreaterThan", "LessThan", "GreaterThanOrEqualTo", "LessThanOrEqualTo":
			if f, ok := refNum(op); ok && refOrd(v, f, c.cmp) {
				return true
			}
		case "Contains", "StartsWith", "MatchesRegex":
			if refText(v, op, c.cmp) {
				return true
			}
		}
	}
	return c.cmp == "DoesNotEqual" && len(c.ops) > 0
}

func refEq(v any, t string) bool {
	switch x := v.(type) {
	case []any:
		for _, el := range x {
			if refEq(el, t) {
				return true
			}
		}
	case string:
		return x == t
	case bool:
		return (x && strings.EqualFold(t, "true")) || (!x && strings.EqualFold(t, "false"))
	case json.Number:
		f, ok := refNum(t)
		g, err := strconv.ParseFloat(string(x), 64)
		return ok && (err == nil || math.IsInf(g, 0)) && f == g
	}
	return false
}

func refOrd(v any, op float64, cmp string) bool {
	var f float64
	switch x := v.(type) {
	case []any:
		for _, el := range x {
			if refOrd(el, op, cmp) {
				return true
			}
		}
		return false
	case string:
		var ok bool
		if f, ok = refNum(x); !ok {
			return false
		}
	case json.Number:
		f, _ = strconv.ParseFloat(string(x), 64)
	default:
		return false
	}
	return map[string]bool{"GreaterThan": f > op, "LessThan": f < op,
		"GreaterThanOrEqualTo": f >= op, "LessThanOrEqualTo": f <= op}[cmp]
}

func refText(v any, op, cmp string) bool {
	switch x := v.(type) {
	case []any:
		for _, el := range x {
			if refText(el, op, cmp) {
				return true
			}
		}
	case string:
		switch cmp {
		case "Contains":
			return strings.Contains(x, op)
		case "StartsWith":
			return strings.HasPrefix(x, op)
		}
		re, err := regexp.Compile(op)
		return err == nil && re.MatchString(x)
	}
	return false
}
