package criteria

// Tally evaluates compiled criteria incrementally over a record list that
// changes one record at a time, as a device's does after every stored event.
// It keeps, for each condition block, the number of records that satisfy it,
// so a change costs one record's evaluation and Match never rescans the list.
// Its verdicts are exactly those of Compiled.Match over the same records.
//
// A Tally is not safe for concurrent use; its Compiled criteria are.
type Tally struct {
	c      *Compiled
	counts []int
	// hits holds, per record key, the blocks that record satisfies.
	hits map[uint64][]int32
}

// NewTally starts an empty tally over c.
func (c *Compiled) NewTally() *Tally {
	return &Tally{c: c, counts: make([]int, len(c.leaves)), hits: map[uint64][]int32{}}
}

// Add counts a record under key (replacing any record already under it).
func (t *Tally) Add(key uint64, r *Record) {
	t.Remove(key)
	var hit []int32
	for _, leaf := range t.c.leaves {
		if leaf.dataType == r.Kind && leaf.dataType != KindNone && leaf.combo.satisfiedBy(r) {
			hit = append(hit, int32(leaf.leaf))
			t.counts[leaf.leaf]++
		}
	}
	if hit == nil {
		hit = []int32{}
	}
	t.hits[key] = hit
}

// Remove forgets the record under key, if any.
func (t *Tally) Remove(key uint64) {
	hit, ok := t.hits[key]
	if !ok {
		return
	}
	for _, i := range hit {
		t.counts[i]--
	}
	delete(t.hits, key)
}

// Len is the number of records counted.
func (t *Tally) Len() int { return len(t.hits) }

// Match is Compiled.Match over the records counted.
func (t *Tally) Match() (id string, ok bool) {
	for i := range t.c.sets {
		if t.c.sets[i].root.eval(t.leafHolds) {
			return t.c.sets[i].id, true
		}
	}
	return "", false
}

func (t *Tally) leafHolds(n *cnode) bool { return t.counts[n.leaf] >= n.minMatch }
