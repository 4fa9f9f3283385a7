package criteria

// Explanation says why a visitor's data did or did not match: every criteria
// set with its tree, each node's verdict, and for each condition block the
// number of records that satisfied it against the number required and which
// stored records they were. It is what the console shows under
// "why (not) activated?".
type Explanation struct {
	// Match is the winning criteria id; Matched is false when none holds.
	Match   string       `json:"match,omitempty"`
	Matched bool         `json:"matched"`
	Sets    []SetVerdict `json:"sets"`
}

// SetVerdict is one criteria set's verdict. Every evaluated set is explained,
// including those after the winner (Winner marks the one that decided).
type SetVerdict struct {
	ID     string       `json:"criteriaId"`
	Name   string       `json:"name,omitempty"`
	Path   string       `json:"path"`
	Holds  bool         `json:"holds"`
	Winner bool         `json:"winner,omitempty"`
	Root   *NodeVerdict `json:"root"`
}

// NodeVerdict is the verdict of one node of a criteria tree.
type NodeVerdict struct {
	Path string `json:"path"`
	// Kind is "group", "leaf" or "invalid" (a node that is neither, which
	// never holds).
	Kind  string `json:"kind"`
	Holds bool   `json:"holds"`
	// Combinator of a group, or of a leaf's condition combo.
	Combinator string `json:"combinator,omitempty"`
	// Leaf only: its dataType, how many records satisfied it, how many were
	// required (minMatch, at least 1), and the Source of each satisfying
	// record (an index into the stored events, or UserUpdateSource).
	DataType   string             `json:"dataType,omitempty"`
	Count      int                `json:"count"`
	Required   int                `json:"required,omitempty"`
	Records    []int              `json:"records,omitempty"`
	Conditions []ConditionVerdict `json:"conditions,omitempty"`
	Children   []*NodeVerdict     `json:"children,omitempty"`
}

// ConditionVerdict is one condition of a leaf, with the number of records of
// the leaf's dataType on which it holds when judged on its own. It shows
// which condition keeps a block from matching.
type ConditionVerdict struct {
	Path       string   `json:"path"`
	Field      string   `json:"field"`
	Comparator string   `json:"comparator"`
	Operands   []string `json:"operands,omitempty"`
	Records    int      `json:"records"`
}

// Explain evaluates every set against the records and says why each holds or
// not. Its verdicts are exactly those of Match.
func (c *Compiled) Explain(recs []Record) *Explanation {
	ex := &Explanation{Sets: make([]SetVerdict, 0, len(c.sets))}
	for _, s := range c.sets {
		root := explainNode(s.root, recs)
		sv := SetVerdict{ID: s.id, Name: s.name, Path: setPath(s.index, false), Holds: root.Holds, Root: root}
		if root.Holds && !ex.Matched {
			ex.Matched, ex.Match, sv.Winner = true, s.id, true
		}
		ex.Sets = append(ex.Sets, sv)
	}
	return ex
}

func explainNode(n *cnode, recs []Record) *NodeVerdict {
	v := &NodeVerdict{Path: n.path}
	switch n.kind {
	case nodeGroup:
		v.Kind = "group"
		v.Combinator = str(n.src.Combinator)
		held := 0
		for _, ch := range n.children {
			cv := explainNode(ch, recs)
			if cv.Holds {
				held++
			}
			v.Children = append(v.Children, cv)
		}
		switch n.comb {
		case combAnd:
			v.Holds = held == len(n.children)
		case combOr:
			v.Holds = held > 0
		case combNot:
			v.Holds = held == 0
		}
	case nodeLeaf:
		v.Kind = "leaf"
		v.DataType = str(n.src.DataType)
		v.Required = n.minMatch
		if n.src.Combo != nil {
			v.Combinator = str(n.src.Combo.Combinator)
		}
		v.Records = []int{}
		v.Count = n.leafCount(recs, 0, &v.Records)
		v.Holds = v.Count >= n.minMatch
		for _, cc := range n.combo.conds {
			v.Conditions = append(v.Conditions, explainCondition(cc, n.dataType, recs))
		}
	default:
		v.Kind = "invalid"
	}
	return v
}

func explainCondition(c *ccond, kind Kind, recs []Record) ConditionVerdict {
	cv := ConditionVerdict{Path: c.path, Field: c.field}
	if c.src != nil {
		cv.Comparator = str(c.src.ComparatorType)
	}
	for _, op := range c.ops {
		cv.Operands = append(cv.Operands, op.text)
	}
	for i := range recs {
		if recs[i].Kind == kind && kind != KindNone && c.holdsOn(&recs[i]) {
			cv.Records++
		}
	}
	return cv
}
