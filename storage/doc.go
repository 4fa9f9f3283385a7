// Package storage is the only package in limen that imports Badger.
//
// It offers a small, generic layer over one Badger database: opening a data
// directory with desktop-sized options ([Open]), read and write transactions
// with bounded conflict retries ([DB.View], [DB.Update]), prefix iteration
// ([Txn.Iterate]), bulk writes ([DB.NewBatch]), monotonic ids ([DB.NextID])
// and, in keys.go, the one list of key spaces with their key builders.
//
// Nothing here writes to stdout or stderr: Badger's own log lines go to the
// *slog.Logger given in [Options], or nowhere.
//
// Callers never see Badger types or Badger errors: absent keys are
// [ErrNotFound], a write set too large for one transaction is [ErrTxnTooBig],
// a transaction that kept conflicting is [ErrConflict], a data directory held
// by another process is [ErrLocked], and use after Close is [ErrClosed].
package storage
