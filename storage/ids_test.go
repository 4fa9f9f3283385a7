package storage

import (
	"sync"
	"testing"
)

func TestNextIDStartsAtOneAndGrows(t *testing.T) {
	db := openInMemory(t)
	for want := uint64(1); want <= 3; want++ {
		if id, err := db.NextID("profile"); err != nil || id != want {
			t.Fatalf("NextID = %d, %v; want %d", id, err, want)
		}
	}
	if id, err := db.NextID("event"); err != nil || id != 1 {
		t.Fatalf("another name: NextID = %d, %v; want 1", id, err)
	}
}

func TestNextIDConcurrentUnique(t *testing.T) {
	db := openInMemory(t)
	const workers, each = 4, 600 // 2400 ids: several leases of idLeaseSize
	ids := make(chan uint64, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				id, err := db.NextID("event")
				if err != nil {
					t.Error(err)
					return
				}
				ids <- id
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := make(map[uint64]bool)
	for id := range ids {
		if id == 0 || seen[id] {
			t.Fatalf("id %d is zero or repeated", id)
		}
		seen[id] = true
	}
	if len(seen) != workers*each {
		t.Fatalf("%d ids, want %d", len(seen), workers*each)
	}
}

func TestNextIDAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	var last uint64
	for round := range 3 {
		db := openDir(t, dir, nil)
		for range 5 {
			id, err := db.NextID("profile")
			if err != nil {
				t.Fatal(err)
			}
			if id <= last {
				t.Fatalf("round %d: id %d after %d", round, id, last)
			}
			last = id
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if last != 15 { // Close released the leases: a clean reopen wastes no ids
		t.Fatalf("last id %d after 15 calls across clean reopens, want 15", last)
	}
}
