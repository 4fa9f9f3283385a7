package storage

import (
	"bytes"

	badger "github.com/dgraph-io/badger/v4"
)

// Batch writes many entries without the size limit of one transaction
// (imports, seeding, rebuilding indexes). Writes are committed in chunks as
// the batch grows and the rest on Flush; a batch gives no isolation and no
// all-or-nothing guarantee. A Batch is not for concurrent use and cannot be
// reused after Flush or Cancel.
type Batch struct {
	wb *badger.WriteBatch
}

// NewBatch starts a batch. End it with Flush, or Cancel to drop what was not
// yet committed.
func (db *DB) NewBatch() *Batch {
	return &Batch{wb: db.bdb.NewWriteBatch()}
}

// Set queues val at key. Both are copied, so the caller may reuse its buffers.
func (b *Batch) Set(key, val []byte) error {
	return translate(b.wb.Set(bytes.Clone(key), cloneValue(val)))
}

// Delete queues the removal of key. The key is copied.
func (b *Batch) Delete(key []byte) error {
	return translate(b.wb.Delete(bytes.Clone(key)))
}

// Flush commits what is queued and waits for every write of the batch.
func (b *Batch) Flush() error {
	return translate(b.wb.Flush())
}

// Cancel drops queued writes and waits for chunks already in flight.
// Safe to call after Flush.
func (b *Batch) Cancel() {
	b.wb.Cancel()
}
