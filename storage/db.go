package storage

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// DefaultGCInterval is how often a DB opened with DefaultOptions runs value-log GC.
const DefaultGCInterval = 5 * time.Minute

// Desktop-sized Badger settings. Badger's defaults reserve about 2.3 GB of
// virtual memory at open; these reserve a small fraction of that.
const (
	memTableSize     = 32 << 20 // one transaction may hold about 15% of this
	numMemTables     = 2
	blockCacheSize   = 16 << 20 // must stay > 0: compression is on
	valueLogFileSize = 64 << 20
	numCompactors    = 2 // Badger rejects exactly 1
)

// Options configures Open.
type Options struct {
	// Dir is the data directory. It is created (0o700) when missing.
	// Ignored when InMemory is set.
	Dir string
	// InMemory keeps everything in memory: for tests and throwaway demos.
	InMemory bool
	// Logger receives Badger's and this package's log lines. Nil discards them.
	Logger *slog.Logger
	// GCInterval is how often value-log GC runs. Zero or negative turns it
	// off, and it is always off in memory. DefaultOptions sets DefaultGCInterval.
	GCInterval time.Duration
}

// DefaultOptions returns the options for a data directory with value-log GC
// every DefaultGCInterval and no logger.
func DefaultOptions(dir string) Options {
	return Options{Dir: dir, GCInterval: DefaultGCInterval}
}

// DB is an open Badger database. It is safe for concurrent use.
type DB struct {
	bdb      *badger.DB
	dir      string
	inMemory bool
	log      *slog.Logger
	closed   atomic.Bool

	mu   sync.Mutex // guards seqs
	seqs map[string]*badger.Sequence

	gcStop chan struct{} // nil when GC is off
	gcDone chan struct{}
}

// Open opens (or creates) the database described by opt. When the directory
// is held by another open DB, the error satisfies errors.Is(err, ErrLocked)
// and reads "data directory <dir> is in use by another limen".
func Open(opt Options) (*DB, error) {
	logger := loggerOrDiscard(opt.Logger)
	dir := opt.Dir
	if opt.InMemory {
		dir = "" // Badger rejects in-memory mode with a directory set.
	} else {
		if dir == "" {
			return nil, errors.New("storage: no data directory given (set Dir or InMemory)")
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("storage: create data directory: %w", err)
		}
	}
	bdb, err := badger.Open(badgerOptions(dir, opt.InMemory, logger))
	if err != nil {
		if isDirLockError(err) {
			logger.Debug("data directory locked", "dir", dir, "err", err)
			return nil, &dirLockedError{dir: dir, cause: err}
		}
		return nil, fmt.Errorf("storage: open %s: %w", dir, err)
	}
	db := &DB{
		bdb:      bdb,
		dir:      dir,
		inMemory: opt.InMemory,
		log:      logger.With("component", "storage"),
		seqs:     make(map[string]*badger.Sequence),
	}
	if !opt.InMemory && opt.GCInterval > 0 {
		db.startGC(opt.GCInterval)
	}
	return db, nil
}

func badgerOptions(dir string, inMemory bool, logger *slog.Logger) badger.Options {
	return badger.DefaultOptions(dir).
		WithInMemory(inMemory).
		WithLogger(newBadgerLogger(logger)).
		WithMemTableSize(memTableSize).
		WithNumMemtables(numMemTables).
		WithBlockCacheSize(blockCacheSize).
		WithValueLogFileSize(valueLogFileSize).
		WithNumCompactors(numCompactors).
		WithMetricsEnabled(false)
}

// Dir returns the data directory, or "" for an in-memory DB.
func (db *DB) Dir() string { return db.dir }

// InMemory reports whether the DB lives in memory only.
func (db *DB) InMemory() bool { return db.inMemory }

// Close releases the id sequences (so no leased ids are wasted), stops
// value-log GC and closes Badger. Calling it again returns nil. Finish or
// abandon transactions and batches first: Close does not wait for them.
func (db *DB) Close() error {
	if !db.closed.CompareAndSwap(false, true) {
		return nil
	}
	errs := []error{db.releaseSequences()}
	db.stopGC()
	if err := db.bdb.Close(); err != nil {
		errs = append(errs, fmt.Errorf("storage: close: %w", err))
	}
	return errors.Join(errs...)
}

func (db *DB) releaseSequences() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	var errs []error
	for name, seq := range db.seqs {
		if err := seq.Release(); err != nil {
			errs = append(errs, fmt.Errorf("storage: release sequence %q: %w", name, err))
		}
	}
	db.seqs = nil
	return errors.Join(errs...)
}
