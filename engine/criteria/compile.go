package criteria

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Compiled is a criteria document compiled for evaluation. It is immutable:
// any number of goroutines may evaluate it at the same time.
type Compiled struct {
	sets []compiledSet
	// leaves lists every condition block of every set; a leaf's index in it
	// is its cnode.leaf (used by Tally).
	leaves []*cnode
}

type compiledSet struct {
	id    string
	name  string
	index int // position in the document's criteriaSets
	root  *cnode
}

type nodeKind uint8

const (
	nodeInvalid nodeKind = iota // neither group nor leaf: never holds
	nodeGroup
	nodeLeaf
)

type combinator uint8

const (
	combInvalid combinator = iota
	combAnd
	combOr
	combNot
)

func combinatorOf(p *string) combinator {
	switch str(p) {
	case "And":
		return combAnd
	case "Or":
		return combOr
	case "Not":
		return combNot
	}
	return combInvalid
}

type cnode struct {
	kind     nodeKind
	comb     combinator
	children []*cnode
	// leaf
	leaf     int // index in Compiled.leaves
	dataType Kind
	minMatch int
	combo    *ccombo
	src      *Node
	path     string
}

type ccombo struct {
	comb  combinator // combInvalid: no record satisfies the combo
	conds []*ccond
}

type comparator uint8

const (
	cmpUnknown comparator = iota
	cmpIsSet
	cmpEquals
	cmpDoesNotEqual
	cmpGreaterThan
	cmpLessThan
	cmpGreaterOrEqual
	cmpLessOrEqual
	cmpContains
	cmpStartsWith
	cmpMatchesRegex
)

// comparatorOf maps a comparatorType to its comparator; unknown names give
// cmpUnknown, which never holds (rule 22).
func comparatorOf(name string) comparator {
	switch name {
	case "IsSet":
		return cmpIsSet
	case "Equals":
		return cmpEquals
	case "DoesNotEqual":
		return cmpDoesNotEqual
	case "GreaterThan":
		return cmpGreaterThan
	case "LessThan":
		return cmpLessThan
	case "GreaterThanOrEqualTo":
		return cmpGreaterOrEqual
	case "LessThanOrEqualTo":
		return cmpLessOrEqual
	case "Contains":
		return cmpContains
	case "StartsWith":
		return cmpStartsWith
	case "MatchesRegex":
		return cmpMatchesRegex
	}
	return cmpUnknown
}

// ccond is a compiled condition. A condition that is not an object, or has
// no string field, compiles to one that never holds (rule 22).
type ccond struct {
	valid bool
	field string
	segs  []string
	cmp   comparator
	ops   []operand
	src   *Condition
	path  string
}

// operand is one operand's text with its readings precomputed (rule 15).
type operand struct {
	text  string
	num   float64
	isNum bool // text is a numeric literal (rule 21)
	re    *regexp.Regexp
}

// Compile compiles a parsed document. Sets that evaluation skips (rule 2) are
// left out; everything else compiles, odd shapes to nodes that never hold.
func Compile(d *Document) *Compiled {
	c := &Compiled{}
	if d == nil || d.Legacy {
		return c // rule 1: only a criteriaSets array is evaluated
	}
	for i, s := range d.Sets {
		id, ok := s.IDText()
		if !ok || s.Raw != nil || s.Query == nil {
			continue
		}
		root := compileNode(s.Query, setPath(i, d.Legacy)+".searchQuery")
		c.sets = append(c.sets, compiledSet{id: id, name: str(s.Name), index: i, root: root})
		c.collectLeaves(root)
	}
	return c
}

// CompileJSON parses and compiles a criteria document. The only error is text
// that is not JSON; JSON that is not a criteria document compiles to criteria
// that match nothing (rule 1).
func CompileJSON(data []byte) (*Compiled, error) {
	d, err := Parse(data)
	if err == ErrNotObject {
		return &Compiled{}, nil
	}
	if err != nil {
		return nil, err
	}
	return Compile(d), nil
}

func (c *Compiled) collectLeaves(n *cnode) {
	if n.kind == nodeLeaf {
		n.leaf = len(c.leaves)
		c.leaves = append(c.leaves, n)
	}
	for _, ch := range n.children {
		c.collectLeaves(ch)
	}
}

// Len is the number of criteria sets that take part in evaluation.
func (c *Compiled) Len() int { return len(c.sets) }

// IDs lists the evaluated criteria ids in first-match order.
func (c *Compiled) IDs() []string {
	ids := make([]string, len(c.sets))
	for i, s := range c.sets {
		ids[i] = s.id
	}
	return ids
}

func setPath(i int, legacy bool) string {
	if legacy {
		return "criteriaList[" + strconv.Itoa(i) + "]"
	}
	return "criteriaSets[" + strconv.Itoa(i) + "]"
}

// IDText returns the criteriaId as text (rule 2): a non-empty string as is, a
// number in decimal without a fraction when integral. ok is false otherwise.
func (s *Set) IDText() (string, bool) {
	if s == nil || s.ID == nil {
		return "", false
	}
	if v, ok := stringValue(s.ID); ok {
		return v, v != ""
	}
	var n json.Number
	if err := json.Unmarshal(s.ID, &n); err != nil {
		return "", false
	}
	return numberText(n)
}

// numberText writes a JSON number in decimal: an integer literal as written,
// anything else through float64 without a needless fraction.
func numberText(n json.Number) (string, bool) {
	s := string(n)
	digits := strings.TrimPrefix(s, "-")
	if digits != "" && strings.Trim(digits, "0123456789") == "" {
		return s, true
	}
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && !math.IsInf(f, 0):
		return "", false
	case math.IsInf(f, 0):
		return s, true // beyond float64: keep the literal as written
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

func compileNode(n *Node, path string) *cnode {
	cn := &cnode{src: n, path: path}
	switch {
	case n == nil || n.Raw != nil:
		cn.kind = nodeInvalid
	case n.IsGroup:
		cn.kind = nodeGroup
		cn.comb = combinatorOf(n.Combinator)
		cn.children = make([]*cnode, len(n.Children))
		for i, ch := range n.Children {
			cn.children[i] = compileNode(ch, path+".searchQueries["+strconv.Itoa(i)+"]")
		}
	case n.Combo != nil:
		cn.kind = nodeLeaf
		cn.dataType = kindOf(str(n.DataType))
		cn.minMatch = minMatchOf(n.MinMatch)
		cn.combo = compileCombo(n.Combo, path+".searchCombo")
	default:
		cn.kind = nodeInvalid
	}
	return cn
}

func compileCombo(c *Combo, path string) *ccombo {
	cc := &ccombo{}
	if c.Raw != nil || !c.HasConditions || len(c.Conditions) == 0 {
		return cc // rule 9: no record satisfies it
	}
	cc.comb = combinatorOf(c.Combinator)
	cc.conds = make([]*ccond, len(c.Conditions))
	for i, cond := range c.Conditions {
		cc.conds[i] = compileCondition(cond, path+".searchQueries["+strconv.Itoa(i)+"]")
	}
	return cc
}

func compileCondition(c *Condition, path string) *ccond {
	cc := &ccond{src: c, path: path}
	if c.Raw != nil || c.Field == nil {
		return cc
	}
	cc.valid = true
	cc.field = *c.Field
	cc.segs = strings.Split(cc.field, ".")
	cc.cmp = comparatorOf(str(c.ComparatorType))
	raws := []json.RawMessage{c.Value}
	if c.HasValues {
		raws = c.Values
	}
	for _, raw := range raws {
		text, ok := operandText(raw)
		if !ok {
			continue
		}
		op := operand{text: text}
		op.num, op.isNum = parseNumeric(text)
		if cc.cmp == cmpMatchesRegex {
			op.re, _ = regexp.Compile(text) // nil: never matches (rule 20)
		}
		cc.ops = append(cc.ops, op)
	}
	return cc
}

// operandText converts one operand to text (rule 15). Empty strings and
// values that are not strings, numbers or booleans are dropped.
func operandText(raw json.RawMessage) (string, bool) {
	if raw == nil {
		return "", false
	}
	if s, ok := stringValue(raw); ok {
		return s, s != ""
	}
	switch string(raw) {
	case "true", "false":
		return string(raw), true
	}
	var n json.Number
	if len(raw) > 0 && (raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9')) && json.Unmarshal(raw, &n) == nil {
		return numberText(n)
	}
	return "", false
}

// minMatchOf reads minMatch (rule 8): a JSON number's integer part or a
// string of digits; anything else counts as 1; the result is at least 1.
func minMatchOf(raw json.RawMessage) int {
	if raw == nil {
		return 1
	}
	var f float64
	if s, ok := stringValue(raw); ok {
		if s == "" || strings.Trim(s, "0123456789") != "" {
			return 1
		}
		f, _ = strconv.ParseFloat(s, 64)
	} else {
		var n json.Number
		if json.Unmarshal(raw, &n) != nil {
			return 1
		}
		var err error
		if f, err = strconv.ParseFloat(string(n), 64); err != nil && !math.IsInf(f, 0) {
			return 1
		}
	}
	switch {
	case f < 1:
		return 1
	case f >= math.MaxInt32:
		return math.MaxInt32
	}
	return int(f)
}

// parseNumeric applies the numeric literal grammar of rule 21:
// ^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$ and then strconv.ParseFloat.
func parseNumeric(s string) (float64, bool) {
	if !isNumericLiteral(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func isNumericLiteral(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	intDigits := countDigits(s[i:])
	i += intDigits
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		fracDigits = countDigits(s[i:])
		i += fracDigits
	}
	if intDigits == 0 && fracDigits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		expDigits := countDigits(s[i:])
		if expDigits == 0 {
			return false
		}
		i += expDigits
	}
	return i == len(s)
}

func countDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
