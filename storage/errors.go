package storage

import "errors"

// Sentinel errors. Test for them with errors.Is: they may arrive wrapped.
var (
	// ErrNotFound is returned by Txn.Get when the key does not exist.
	ErrNotFound = errors.New("storage: key not found")

	// ErrStop may be returned by an Iterate callback to stop the iteration
	// early; Iterate then returns nil.
	ErrStop = errors.New("storage: stop iteration")

	// ErrConflict is returned by DB.Update when the transaction still
	// conflicted with concurrent writers after the bounded number of retries.
	ErrConflict = errors.New("storage: transaction conflict")

	// ErrTxnTooBig is returned when one transaction holds more writes than
	// Badger accepts (about 15% of a memtable). Split the work or use a Batch.
	ErrTxnTooBig = errors.New("storage: transaction too big")

	// ErrLocked is returned by Open when another open DB (in this process or
	// another one) holds the data directory. The error's message is a single
	// line naming the directory.
	ErrLocked = errors.New("storage: data directory is in use by another limen")

	// ErrClosed is returned when the DB is used after Close.
	ErrClosed = errors.New("storage: database is closed")

	// ErrMalformedKey is returned by key decoders given bytes that were not
	// built by the matching key builder.
	ErrMalformedKey = errors.New("storage: malformed key")
)
