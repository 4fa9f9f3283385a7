package storage

import (
	"bytes"
	"testing"
	"time"
)

// TestBatchWritesMoreThanOneTransaction imports more data than one
// transaction accepts (see TestTxnTooBig), reusing one key buffer.
func TestBatchWritesMoreThanOneTransaction(t *testing.T) {
	db := openInMemory(t)
	const n = 1000
	val := bytes.Repeat([]byte{'v'}, 16<<10) // 16 MB in all
	b := db.NewBatch()
	key := make([]byte, 0, 16)
	for i := range n {
		key = AppendUint64(append(key[:0], byte(SpaceProfile)), uint64(i+1))
		if err := b.Set(key, val); err != nil {
			t.Fatalf("Set %d: %v", i, err)
		}
	}
	if err := b.Flush(); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	b.Cancel() // harmless after Flush

	err := db.View(func(txn *Txn) error {
		count, err := txn.Count(SpaceProfile.Prefix())
		if err != nil || count != n {
			t.Errorf("Count = %d, %v; want %d", count, err, n)
		}
		got, err := txn.Get(ProfileKey(n))
		if err != nil || !bytes.Equal(got, val) {
			t.Errorf("Get(last) = %d bytes, %v", len(got), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBatchDeleteAndCancel(t *testing.T) {
	db := openInMemory(t)
	at := time.Unix(1_700_000_000, 0)
	mustSet(t, db, ConsentKey(at, 1), []byte("granted"))
	mustSet(t, db, ConsentKey(at, 2), []byte("revoked"))

	b := db.NewBatch()
	if err := b.Delete(ConsentKey(at, 1)); err != nil {
		t.Fatal(err)
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}

	cancelled := db.NewBatch()
	if err := cancelled.Set(ConsentKey(at, 3), []byte("never")); err != nil {
		t.Fatal(err)
	}
	cancelled.Cancel()

	keys, _ := collect(t, db, SpaceConsent.Prefix(), IterOptions{})
	if len(keys) != 1 || !bytes.Equal(keys[0], ConsentKey(at, 2)) {
		t.Fatalf("consent keys after batch: %x", keys)
	}
}
