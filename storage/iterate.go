package storage

import (
	"bytes"
	"errors"

	badger "github.com/dgraph-io/badger/v4"
)

// IterOptions tunes Txn.Iterate. The zero value walks the whole prefix in
// ascending key order with values.
type IterOptions struct {
	// Reverse walks in descending key order.
	Reverse bool
	// KeysOnly skips reading values: fn receives a nil val.
	KeysOnly bool
	// Seek is a full key (as built by the key builders) to start from,
	// inclusive: the first key >= Seek going forward, the last key <= Seek
	// in reverse. A Seek before the prefix (forward) or after it (reverse)
	// starts at the prefix's first or last key; one beyond the prefix in the
	// direction of travel yields nothing.
	Seek []byte
	// Limit stops after that many entries; zero or less means no limit.
	Limit int
}

// Iterate calls fn for each key that starts with prefix, in key order (see
// IterOptions). fn may return ErrStop to end early, and Iterate then returns
// nil; any other error ends the iteration and is returned.
//
// key and val are valid only during the call to fn: copy them (bytes.Clone)
// to keep them. fn may use the same Txn (Get, Set, Delete of the visited
// key) but never from another goroutine.
func (t *Txn) Iterate(prefix []byte, opt IterOptions, fn func(key, val []byte) error) error {
	bopt := badger.DefaultIteratorOptions
	bopt.Reverse = opt.Reverse
	bopt.PrefetchValues = !opt.KeysOnly
	if opt.Limit > 0 && opt.Limit < bopt.PrefetchSize {
		bopt.PrefetchSize = opt.Limit
	}
	if !opt.Reverse {
		// In reverse Badger's Valid would hide the key just past the prefix
		// that seekEnd must step over, so the prefix is checked here instead.
		bopt.Prefix = prefix
	}
	it := t.txn.NewIterator(bopt)
	defer it.Close()

	if opt.Reverse {
		seekReverse(it, prefix, opt.Seek)
	} else {
		seekForward(it, prefix, opt.Seek)
	}
	seen := 0
	for ; it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		var err error
		if opt.KeysOnly {
			err = fn(item.Key(), nil)
		} else {
			err = item.Value(func(val []byte) error { return fn(item.Key(), val) })
		}
		if errors.Is(err, ErrStop) {
			return nil
		}
		if err != nil {
			return translate(err)
		}
		seen++
		if opt.Limit > 0 && seen >= opt.Limit {
			return nil
		}
	}
	return nil
}

// Count returns how many keys start with prefix, reading no values.
func (t *Txn) Count(prefix []byte) (int, error) {
	n := 0
	err := t.Iterate(prefix, IterOptions{KeysOnly: true}, func(_, _ []byte) error {
		n++
		return nil
	})
	return n, err
}

func seekForward(it *badger.Iterator, prefix, seek []byte) {
	if bytes.Compare(seek, prefix) > 0 {
		it.Seek(seek)
		return
	}
	it.Seek(prefix)
}

// seekReverse positions a reverse iterator on the last key <= seek, or on
// the last key within prefix when seek is empty or lies past the prefix.
// Badger's reverse Seek(k) lands on the last key <= k, so seeking to the
// prefix itself would land before every key that extends it.
func seekReverse(it *badger.Iterator, prefix, seek []byte) {
	end := prefixEnd(prefix)
	if len(seek) > 0 && (end == nil || bytes.Compare(seek, end) < 0) {
		it.Seek(seek)
		return
	}
	if end == nil {
		it.Rewind() // prefix is empty or all 0xFF: start at the very last key
		return
	}
	it.Seek(end)
	if it.Valid() && bytes.Equal(it.Item().Key(), end) {
		it.Next()
	}
}

// prefixEnd returns the smallest key greater than every key that starts
// with prefix, or nil when there is none (prefix empty or all 0xFF).
func prefixEnd(prefix []byte) []byte {
	end := bytes.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xFF {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
