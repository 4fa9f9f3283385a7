package storage

import (
	"bytes"
	"errors"
	"log/slog"
	"sync"
	"testing"
)

// openInMemory opens an in-memory DB closed at the end of the test.
func openInMemory(t *testing.T) *DB {
	t.Helper()
	db, err := Open(Options{InMemory: true})
	if err != nil {
		t.Fatalf("Open in memory: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// openDir opens a DB on dir; the test closes it (Close twice is harmless).
func openDir(t *testing.T, dir string, logger *slog.Logger) *DB {
	t.Helper()
	db, err := Open(Options{Dir: dir, Logger: logger})
	if err != nil {
		t.Fatalf("Open %s: %v", dir, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func mustSet(t *testing.T, db *DB, key, val []byte) {
	t.Helper()
	if err := db.Update(func(txn *Txn) error { return txn.Set(key, val) }); err != nil {
		t.Fatalf("set %q: %v", key, err)
	}
}

func mustGet(t *testing.T, db *DB, key []byte) []byte {
	t.Helper()
	var val []byte
	err := db.View(func(txn *Txn) error {
		var err error
		val, err = txn.Get(key)
		return err
	})
	if err != nil {
		t.Fatalf("get %q: %v", key, err)
	}
	return val
}

// lockedBuffer is a bytes.Buffer safe for the concurrent writes of a slog
// handler fed by Badger's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newTestLogger(level slog.Level) (*slog.Logger, *lockedBuffer) {
	buf := &lockedBuffer{}
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: level})), buf
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
