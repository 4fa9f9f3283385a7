package criteria

import "strings"

// Match returns the id of the first criteria set (in document order) whose
// tree holds for the records (rule 2); ok is false when none does.
func (c *Compiled) Match(recs []Record) (id string, ok bool) {
	for i := range c.sets {
		if c.sets[i].root.holds(recs) {
			return c.sets[i].id, true
		}
	}
	return "", false
}

// MatchData builds the records of stored events and a profile update (both
// in web-SDK format, see NormalizeEvent) and matches them.
func (c *Compiled) MatchData(events []any, userUpdate any) (string, bool) {
	return c.Match(NewRecords(events, userUpdate))
}

// holds evaluates a node against records (rules 6-8).
func (n *cnode) holds(recs []Record) bool {
	return n.eval(func(leaf *cnode) bool { return leaf.leafCount(recs, leaf.minMatch, nil) >= leaf.minMatch })
}

// eval applies the group rules (rule 7) down the tree, asking leafHolds
// about each condition block; neither group nor leaf never holds.
func (n *cnode) eval(leafHolds func(*cnode) bool) bool {
	switch n.kind {
	case nodeGroup:
		switch n.comb {
		case combAnd:
			for _, ch := range n.children {
				if !ch.eval(leafHolds) {
					return false
				}
			}
			return true
		case combOr:
			for _, ch := range n.children {
				if ch.eval(leafHolds) {
					return true
				}
			}
			return false
		case combNot:
			for _, ch := range n.children {
				if ch.eval(leafHolds) {
					return false
				}
			}
			return true
		}
	case nodeLeaf:
		return leafHolds(n)
	}
	return false
}

// leafCount counts the records of the leaf's dataType that satisfy its combo,
// stopping at stopAt when it is positive. With matched non-nil it also
// collects the Source of every satisfying record.
func (n *cnode) leafCount(recs []Record, stopAt int, matched *[]int) int {
	if n.dataType == KindNone || n.combo.comb == combInvalid {
		return 0
	}
	count := 0
	for i := range recs {
		r := &recs[i]
		if r.Kind != n.dataType || !n.combo.satisfiedBy(r) {
			continue
		}
		count++
		if matched != nil {
			*matched = append(*matched, r.Source)
		}
		if stopAt > 0 && count >= stopAt {
			break
		}
	}
	return count
}

// satisfiedBy applies a combo to one record (rule 9).
func (cc *ccombo) satisfiedBy(r *Record) bool {
	switch cc.comb {
	case combAnd:
		return matchAnd(r, cc.conds)
	case combOr:
		for _, c := range cc.conds {
			if c.holdsOn(r) {
				return true
			}
		}
		return false
	case combNot:
		for _, c := range cc.conds {
			if c.holdsOn(r) {
				return false
			}
		}
		return true
	}
	return false
}

// pending is a condition still to be resolved against an object: the path
// segments left and the condition.
type pending struct {
	segs []string
	c    *ccond
}

// matchAnd applies an And combo with the same-element rule (rule 13).
func matchAnd(r *Record, conds []*ccond) bool {
	var buf [8]pending
	ps := buf[:0]
	for _, c := range conds {
		if !c.valid {
			return false
		}
		if c.eventOccurred(r) {
			continue
		}
		segs, lit, isLit := c.resolve(r)
		if isLit {
			if !c.test(lit) {
				return false
			}
			continue
		}
		ps = append(ps, pending{segs: segs, c: c})
	}
	switch len(ps) {
	case 0:
		return true
	case 1:
		return ps[0].c.walk(r.Fields, ps[0].segs)
	}
	return matchObject(r.Fields, ps)
}

// matchObject requires every pending condition to hold on object m, tying
// conditions that go through the same array to one element of it.
func matchObject(m map[string]any, ps []pending) bool {
	for i := range ps {
		seg := ps[i].segs[0]
		if seenBefore(ps[:i], seg) {
			continue
		}
		v, present := m[seg]
		var longer []pending
		for j := i; j < len(ps); j++ {
			p := ps[j]
			if p.segs[0] != seg {
				continue
			}
			if len(p.segs) == 1 {
				if !present || !p.c.test(v) {
					return false
				}
				continue
			}
			longer = append(longer, pending{segs: p.segs[1:], c: p.c})
		}
		if len(longer) > 0 && (!present || !matchValue(v, longer)) {
			return false
		}
	}
	return true
}

func seenBefore(ps []pending, seg string) bool {
	for _, p := range ps {
		if p.segs[0] == seg {
			return true
		}
	}
	return false
}

// matchValue continues pending conditions into v: an object recurses, an
// array needs one object element that satisfies them all, anything else is
// absent.
func matchValue(v any, ps []pending) bool {
	switch x := v.(type) {
	case map[string]any:
		return matchObject(x, ps)
	case []any:
		for _, el := range x {
			if m, ok := el.(map[string]any); ok && matchObject(m, ps) {
				return true
			}
		}
	}
	return false
}

// holdsOn judges one condition on its own against a record (rules 10, 11).
func (c *ccond) holdsOn(r *Record) bool {
	if !c.valid {
		return false
	}
	if c.eventOccurred(r) {
		return true
	}
	segs, lit, isLit := c.resolve(r)
	if isLit {
		return c.test(lit)
	}
	return c.walk(r.Fields, segs)
}

// eventOccurred is rule 10: on a custom event, IsSet on the event's own name.
func (c *ccond) eventOccurred(r *Record) bool {
	return r.Kind == KindCustomEvent && c.cmp == cmpIsSet && r.EventName != "" && c.field == r.EventName
}

// resolve strips an event-name prefix (rule 11a) and looks the field up as a
// literal top-level key (11b). It returns the path to walk, or the literal
// value with isLit true.
func (c *ccond) resolve(r *Record) (segs []string, lit any, isLit bool) {
	field, segs := c.field, c.segs
	if e := r.EventName; r.Kind == KindCustomEvent && e != "" && len(field) > len(e) &&
		field[len(e)] == '.' && field[:len(e)] == e {
		field = field[len(e)+1:]
		segs = segs[strings.Count(e, ".")+1:]
	}
	if len(segs) > 1 && r.dottedKeys {
		if v, ok := r.Fields[field]; ok {
			return nil, v, true
		}
	}
	return segs, nil, false
}

// walk resolves the remaining path from object m (rule 11c) and holds when
// the condition holds for at least one value reached (11d).
func (c *ccond) walk(m map[string]any, segs []string) bool {
	v, ok := m[segs[0]]
	if !ok {
		return false
	}
	if len(segs) == 1 {
		return c.test(v)
	}
	switch x := v.(type) {
	case map[string]any:
		return c.walk(x, segs[1:])
	case []any:
		for _, el := range x {
			if em, isObj := el.(map[string]any); isObj && c.walk(em, segs[1:]) {
				return true
			}
		}
	}
	return false
}
