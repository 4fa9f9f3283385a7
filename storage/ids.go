package storage

import "fmt"

// idLeaseSize is how many ids one sequence leases per write. A crash wastes
// at most this many ids per name; Close returns the unused ones.
const idLeaseSize = 1000

// NextID returns the next id of the named sequence (one per kind of thing:
// "profile", "event", ...). Ids start at 1, only grow, and are never reused,
// across reopens too; there may be gaps after a crash.
func (db *DB) NextID(name string) (uint64, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed.Load() {
		return 0, ErrClosed
	}
	seq, ok := db.seqs[name]
	if !ok {
		var err error
		seq, err = db.bdb.GetSequence(SequenceKey(name), idLeaseSize)
		if err != nil {
			return 0, fmt.Errorf("storage: sequence %q: %w", name, translate(err))
		}
		db.seqs[name] = seq
	}
	id, err := seq.Next()
	if err == nil && id == 0 {
		id, err = seq.Next() // a fresh sequence starts at 0; 0 is never an id
	}
	if err != nil {
		return 0, fmt.Errorf("storage: sequence %q: %w", name, translate(err))
	}
	return id, nil
}
