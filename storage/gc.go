package storage

import (
	"errors"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

const (
	// gcDiscardRatio: rewrite a value-log file when at least half of it is garbage.
	gcDiscardRatio = 0.5
	// gcMaxRewritesPerTick bounds one GC round, so Close never waits long.
	gcMaxRewritesPerTick = 8
)

// startGC runs value-log GC every interval until stopGC.
func (db *DB) startGC(interval time.Duration) {
	db.gcStop = make(chan struct{})
	db.gcDone = make(chan struct{})
	go func() {
		defer close(db.gcDone)
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case <-db.gcStop:
				return
			case <-ticker.C:
				db.collectValueLog()
			}
		}
	}()
}

// stopGC stops the GC goroutine and waits for it; a no-op when GC is off.
func (db *DB) stopGC() {
	if db.gcStop == nil {
		return
	}
	close(db.gcStop)
	<-db.gcDone
}

// collectValueLog rewrites value-log files while Badger finds some worth
// rewriting. ErrNoRewrite (nothing to do) and ErrRejected (a GC already
// running) end the round quietly.
func (db *DB) collectValueLog() {
	for range gcMaxRewritesPerTick {
		select {
		case <-db.gcStop:
			return
		default:
		}
		err := db.bdb.RunValueLogGC(gcDiscardRatio)
		switch {
		case err == nil:
			db.log.Debug("value log GC rewrote a file")
		case errors.Is(err, badger.ErrNoRewrite), errors.Is(err, badger.ErrRejected):
			return
		default:
			db.log.Warn("value log GC failed", "err", err)
			return
		}
	}
}
