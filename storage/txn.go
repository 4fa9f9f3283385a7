package storage

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Conflict retries in Update: at most maxUpdateAttempts runs of fn, with a
// jittered exponential pause between them (1ms, 2ms, ... capped at 32ms).
const (
	maxUpdateAttempts = 8
	retryBaseDelay    = time.Millisecond
	retryMaxDelay     = 32 * time.Millisecond
)

// Txn is a read or read-write transaction. It is not safe for concurrent use
// and is valid only inside the View or Update callback that received it.
type Txn struct {
	txn *badger.Txn
}

// View runs fn in a read-only transaction over a consistent snapshot.
// Do no slow I/O inside fn: the snapshot pins old data while it is open.
func (db *DB) View(fn func(*Txn) error) error {
	if db.closed.Load() {
		return ErrClosed
	}
	return translate(db.bdb.View(func(txn *badger.Txn) error {
		return fn(&Txn{txn: txn})
	}))
}

// Update runs fn in a read-write transaction and commits it. When the commit
// conflicts with a concurrent writer, fn runs again in a fresh transaction,
// up to a bounded number of attempts; after that the error wraps ErrConflict.
// fn must therefore have no effects outside the transaction. An error
// returned by fn discards the transaction and is returned as is.
func (db *DB) Update(fn func(*Txn) error) error {
	if db.closed.Load() {
		return ErrClosed
	}
	for attempt := range maxUpdateAttempts {
		if attempt > 0 {
			time.Sleep(retryDelay(attempt))
		}
		err := db.updateOnce(fn)
		if !errors.Is(err, badger.ErrConflict) {
			return err
		}
		db.log.Debug("transaction conflict, retrying", "attempt", attempt+1)
	}
	return fmt.Errorf("%w: still conflicting after %d attempts", ErrConflict, maxUpdateAttempts)
}

// updateOnce runs fn once. Only a conflict at commit comes back as the raw
// badger.ErrConflict, which is what Update retries on.
func (db *DB) updateOnce(fn func(*Txn) error) error {
	txn := db.bdb.NewTransaction(true)
	defer txn.Discard()
	if err := fn(&Txn{txn: txn}); err != nil {
		return err
	}
	err := txn.Commit()
	if errors.Is(err, badger.ErrConflict) {
		return badger.ErrConflict
	}
	return translate(err)
}

// retryDelay is a pause before attempt (≥ 1): half fixed, half random, so
// that writers that conflicted together do not retry in lockstep.
func retryDelay(attempt int) time.Duration {
	d := min(retryBaseDelay<<(attempt-1), retryMaxDelay)
	return d/2 + rand.N(d/2+1)
}

// Get returns a copy of the value stored at key, or ErrNotFound.
func (t *Txn) Get(key []byte) ([]byte, error) {
	item, err := t.txn.Get(key)
	if err != nil {
		return nil, translate(err)
	}
	val, err := item.ValueCopy(nil)
	if err != nil {
		return nil, translate(err)
	}
	return val, nil
}

// Has reports whether key exists, without reading its value.
func (t *Txn) Has(key []byte) (bool, error) {
	_, err := t.txn.Get(key)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, badger.ErrKeyNotFound):
		return false, nil
	default:
		return false, translate(err)
	}
}

// Set stores val at key. Both are copied, so the caller may reuse its buffers.
// A nil or empty val makes a key-only entry (as secondary indexes are).
func (t *Txn) Set(key, val []byte) error {
	return translate(t.txn.Set(bytes.Clone(key), cloneValue(val)))
}

// Delete removes key; deleting an absent key is not an error.
// The key is copied, so the caller may reuse its buffer.
func (t *Txn) Delete(key []byte) error {
	return translate(t.txn.Delete(bytes.Clone(key)))
}

// cloneValue copies val; an empty value is stored as nil.
func cloneValue(val []byte) []byte {
	if len(val) == 0 {
		return nil
	}
	return bytes.Clone(val)
}

// translate maps Badger's sentinel errors to this package's.
func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, badger.ErrKeyNotFound):
		return ErrNotFound
	case errors.Is(err, badger.ErrTxnTooBig):
		return ErrTxnTooBig
	case errors.Is(err, badger.ErrDBClosed):
		return ErrClosed
	default:
		return err
	}
}
