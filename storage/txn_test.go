package storage

import (
	"bytes"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

func TestSetGetHasDelete(t *testing.T) {
	db := openInMemory(t)
	key := DeviceKey("dev-1")
	mustSet(t, db, key, []byte("v1"))

	err := db.View(func(txn *Txn) error {
		has, err := txn.Has(key)
		if err != nil || !has {
			t.Errorf("Has = %v, %v", has, err)
		}
		has, err = txn.Has(DeviceKey("dev-2"))
		if err != nil || has {
			t.Errorf("Has(absent) = %v, %v", has, err)
		}
		if _, err := txn.Get(DeviceKey("dev-2")); !isNotFound(err) {
			t.Errorf("Get(absent) err = %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	if err := db.Update(func(txn *Txn) error { return txn.Delete(key) }); err != nil {
		t.Fatal(err)
	}
	err = db.View(func(txn *Txn) error {
		_, err := txn.Get(key)
		return err
	})
	if !isNotFound(err) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
}

func TestGetReturnsCopyAndSetCopiesInputs(t *testing.T) {
	db := openInMemory(t)
	key := []byte("k1")
	val := []byte("value")
	err := db.Update(func(txn *Txn) error {
		if err := txn.Set(key, val); err != nil {
			return err
		}
		key[1], val[0] = '2', 'X' // reuse the buffers before commit
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := mustGet(t, db, []byte("k1"))
	if string(got) != "value" {
		t.Fatalf("stored %q, want the value as it was at Set", got)
	}
	got[0] = 'Z'
	if again := mustGet(t, db, []byte("k1")); string(again) != "value" {
		t.Fatalf("Get did not return a copy: %q", again)
	}
}

func TestKeyOnlyEntry(t *testing.T) {
	db := openInMemory(t)
	key := EmailIndexKey("ann@example.com", 3)
	mustSet(t, db, key, nil)
	if got := mustGet(t, db, key); len(got) != 0 {
		t.Fatalf("key-only entry has value %q", got)
	}
}

func TestViewCannotWrite(t *testing.T) {
	db := openInMemory(t)
	err := db.View(func(txn *Txn) error { return txn.Set([]byte("k"), []byte("v")) })
	if err == nil {
		t.Fatal("Set in View succeeded")
	}
}

func TestUpdateReturnsFuncErrorWithoutRetry(t *testing.T) {
	db := openInMemory(t)
	boom := errors.New("boom")
	calls := 0
	err := db.Update(func(txn *Txn) error {
		calls++
		if err := txn.Set([]byte("k"), []byte("v")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || calls != 1 {
		t.Fatalf("err = %v after %d calls, want boom after 1", err, calls)
	}
	err = db.View(func(txn *Txn) error { _, err := txn.Get([]byte("k")); return err })
	if !isNotFound(err) {
		t.Fatalf("failed Update was committed: %v", err)
	}
}

// TestUpdateRetriesRealConflict makes two transactions read the same counter
// before either commits; the second commit conflicts and must be retried.
func TestUpdateRetriesRealConflict(t *testing.T) {
	db := openInMemory(t)
	counter := MetaKey("counter")
	mustSet(t, db, counter, AppendUint64(nil, 0))

	var bothRead sync.WaitGroup
	bothRead.Add(2)
	var attempts atomic.Int32
	increment := func() error {
		first := true
		return db.Update(func(txn *Txn) error {
			attempts.Add(1)
			val, err := txn.Get(counter)
			if err != nil {
				return err
			}
			if first { // hold both first attempts until both have read
				first = false
				bothRead.Done()
				bothRead.Wait()
			}
			n, _, err := ReadUint64(val)
			if err != nil {
				return err
			}
			return txn.Set(counter, AppendUint64(nil, n+1))
		})
	}
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- increment() }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("Update: %v", err)
		}
	}
	n, _, _ := ReadUint64(mustGet(t, db, counter))
	if n != 2 {
		t.Fatalf("counter = %d, want 2 (a lost update)", n)
	}
	if got := attempts.Load(); got != 3 {
		t.Fatalf("%d attempts, want 3 (one conflict retried)", got)
	}
}

// TestUpdateGivesUpOnEndlessConflict writes the key it has read from
// another transaction on every attempt, so every commit conflicts.
func TestUpdateGivesUpOnEndlessConflict(t *testing.T) {
	db := openInMemory(t)
	key := MetaKey("hot")
	calls := 0
	err := db.Update(func(txn *Txn) error {
		calls++
		if _, err := txn.Get(key); err != nil && !isNotFound(err) {
			return err
		}
		if err := db.Update(func(other *Txn) error { return other.Set(key, []byte("other")) }); err != nil {
			return err
		}
		return txn.Set(key, []byte("mine"))
	})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	if calls != maxUpdateAttempts {
		t.Fatalf("fn ran %d times, want %d", calls, maxUpdateAttempts)
	}
}

func TestTxnTooBig(t *testing.T) {
	db := openInMemory(t)
	val := bytes.Repeat([]byte{'x'}, 64<<10)
	err := db.Update(func(txn *Txn) error {
		for i := range 1000 { // 64 MB: far beyond 15% of a memtable
			if err := txn.Set(ProfileKey(uint64(i)), val); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, ErrTxnTooBig) {
		t.Fatalf("err = %v, want ErrTxnTooBig", err)
	}
}

func TestRetryDelayBounded(t *testing.T) {
	for attempt := 1; attempt < maxUpdateAttempts; attempt++ {
		for range 20 {
			d := retryDelay(attempt)
			if d <= 0 || d > retryMaxDelay {
				t.Fatalf("retryDelay(%d) = %v", attempt, d)
			}
		}
	}
}
