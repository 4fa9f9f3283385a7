package storage

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"
)

// collect runs Iterate and returns copies of the keys and values it saw.
func collect(t *testing.T, db *DB, prefix []byte, opt IterOptions) (keys, vals [][]byte) {
	t.Helper()
	err := db.View(func(txn *Txn) error {
		return txn.Iterate(prefix, opt, func(k, v []byte) error {
			keys = append(keys, bytes.Clone(k))
			vals = append(vals, bytes.Clone(v))
			return nil
		})
	})
	if err != nil {
		t.Fatalf("Iterate: %v", err)
	}
	return keys, vals
}

// seedEvents stores events 0..4 of profiles 1, 2 and 3, one minute apart;
// each value is the event's minute as a string.
func seedEvents(t *testing.T, db *DB, base time.Time) {
	t.Helper()
	err := db.Update(func(txn *Txn) error {
		for _, pid := range []uint64{2, 1, 3} {
			for i := 4; i >= 0; i-- { // written out of order on purpose
				at := base.Add(time.Duration(i) * time.Minute)
				if err := txn.Set(EventKey(pid, at, uint64(i)), []byte{'0' + byte(i)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func values(vals [][]byte) string { return string(bytes.Join(vals, nil)) }

func TestIterateOrderLimitSeek(t *testing.T) {
	db := openInMemory(t)
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	seedEvents(t, db, base)
	p := EventPrefix(2)
	at := func(i int) time.Time { return base.Add(time.Duration(i) * time.Minute) }

	tests := []struct {
		name string
		opt  IterOptions
		want string
	}{
		{"forward", IterOptions{}, "01234"},
		{"reverse", IterOptions{Reverse: true}, "43210"},
		{"limit", IterOptions{Limit: 2}, "01"},
		{"reverse limit", IterOptions{Reverse: true, Limit: 2}, "43"},
		{"seek", IterOptions{Seek: EventKey(2, at(2), 0)}, "234"},
		{"seek between keys", IterOptions{Seek: EventKey(2, at(2), 5)}, "34"},
		{"reverse seek inclusive", IterOptions{Reverse: true, Seek: EventKey(2, at(2), 2)}, "210"},
		{"reverse seek between keys", IterOptions{Reverse: true, Seek: EventKey(2, at(2), 0)}, "10"},
		{"seek with limit", IterOptions{Seek: EventKey(2, at(1), 0), Limit: 2}, "12"},
		{"seek before prefix", IterOptions{Seek: EventKey(1, at(3), 0)}, "01234"},
		{"seek after prefix", IterOptions{Seek: EventKey(3, at(0), 0)}, ""},
		{"reverse seek after prefix", IterOptions{Reverse: true, Seek: EventKey(3, at(0), 0)}, "43210"},
		{"reverse seek before prefix", IterOptions{Reverse: true, Seek: EventKey(1, at(4), 9)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, vals := collect(t, db, p, tt.opt)
			if got := values(vals); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for _, k := range keys {
				if pid, _, _, err := ParseEventKey(k); err != nil || pid != 2 {
					t.Fatalf("key %x: profile %d, %v", k, pid, err)
				}
			}
		})
	}
}

func TestIterateKeysOnlyAndCount(t *testing.T) {
	db := openInMemory(t)
	seedEvents(t, db, time.Unix(1_700_000_000, 0))
	keys, vals := collect(t, db, EventPrefix(3), IterOptions{KeysOnly: true})
	if len(keys) != 5 {
		t.Fatalf("%d keys, want 5", len(keys))
	}
	for _, v := range vals {
		if v != nil {
			t.Fatalf("KeysOnly passed value %q", v)
		}
	}
	err := db.View(func(txn *Txn) error {
		for prefix, want := range map[string]int{
			string(EventPrefix(1)): 5, string(SpaceEvent.Prefix()): 15,
			string(EventPrefix(9)): 0, "": 15,
		} {
			n, err := txn.Count([]byte(prefix))
			if err != nil || n != want {
				t.Errorf("Count(%x) = %d, %v; want %d", prefix, n, err, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestIterateStopAndError(t *testing.T) {
	db := openInMemory(t)
	seedEvents(t, db, time.Unix(1_700_000_000, 0))
	seen := 0
	err := db.View(func(txn *Txn) error {
		return txn.Iterate(EventPrefix(1), IterOptions{}, func(_, _ []byte) error {
			seen++
			if seen == 3 {
				return ErrStop
			}
			return nil
		})
	})
	if err != nil || seen != 3 {
		t.Fatalf("ErrStop: err = %v after %d calls, want nil after 3", err, seen)
	}
	boom := errors.New("boom")
	err = db.View(func(txn *Txn) error {
		return txn.Iterate(EventPrefix(1), IterOptions{KeysOnly: true}, func(_, _ []byte) error { return boom })
	})
	if !errors.Is(err, boom) {
		t.Fatalf("callback error: got %v", err)
	}
}

// TestIteratePrefixBoundaries puts keys right at the edges of the iterated
// prefixes, including the key just past a prefix that a reverse walk seeks to.
func TestIteratePrefixBoundaries(t *testing.T) {
	db := openInMemory(t)
	stored := [][]byte{
		{0x50}, {0x50, 0x01}, {0x50, 0x01, 0x00}, {0x50, 0x01, 0xFF, 0xFF},
		{0x50, 0x02}, {0x50, 0x02, 0x00},
		{0x50, 0xFF}, {0x50, 0xFF, 0xFF, 0x01}, {0x51},
		{0xFF}, {0xFF, 0x01}, {0xFF, 0xFF, 0xFF},
	}
	for _, k := range stored {
		mustSet(t, db, k, nil)
	}
	inPrefix := func(prefix []byte) [][]byte {
		var want [][]byte
		for _, k := range stored {
			if bytes.HasPrefix(k, prefix) {
				want = append(want, k)
			}
		}
		return want
	}
	for _, prefix := range [][]byte{{0x50, 0x01}, {0x50, 0xFF}, {0x50}, {0xFF}, {0xFF, 0xFF}, {0x42}, nil} {
		want := inPrefix(prefix)
		got, _ := collect(t, db, prefix, IterOptions{})
		if !slices.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("forward %x: got %x, want %x", prefix, got, want)
		}
		got, _ = collect(t, db, prefix, IterOptions{Reverse: true})
		slices.Reverse(want)
		if !slices.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("reverse %x: got %x, want %x", prefix, got, want)
		}
	}
}

func TestIterateDeleteWhileIterating(t *testing.T) {
	db := openInMemory(t)
	seedEvents(t, db, time.Unix(1_700_000_000, 0))
	err := db.Update(func(txn *Txn) error {
		return txn.Iterate(EventPrefix(2), IterOptions{KeysOnly: true}, func(k, _ []byte) error {
			return txn.Delete(k)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if keys, _ := collect(t, db, EventPrefix(2), IterOptions{}); len(keys) != 0 {
		t.Fatalf("%d events left after deleting all", len(keys))
	}
	if keys, _ := collect(t, db, EventPrefix(1), IterOptions{}); len(keys) != 5 {
		t.Fatalf("neighbouring profile lost events: %d left", len(keys))
	}
}

func TestPrefixEnd(t *testing.T) {
	tests := []struct{ prefix, want []byte }{
		{[]byte{0x01}, []byte{0x02}},
		{[]byte{0x01, 0xFF}, []byte{0x02}},
		{[]byte{0x01, 0xFE, 0xFF, 0xFF}, []byte{0x01, 0xFF}},
		{[]byte{0xFF, 0xFF}, nil},
		{nil, nil},
	}
	for _, tt := range tests {
		if got := prefixEnd(tt.prefix); !bytes.Equal(got, tt.want) {
			t.Errorf("prefixEnd(%x) = %x, want %x", tt.prefix, got, tt.want)
		}
	}
}
