package storage

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestUint64RoundTripAndOrder(t *testing.T) {
	vals := []uint64{0, 1, 255, 256, 1 << 32, math.MaxUint64 - 1, math.MaxUint64}
	var prev []byte
	for _, v := range vals {
		b := AppendUint64([]byte{0xAA}, v)[1:]
		put := make([]byte, 8)
		PutUint64(put, v)
		if !bytes.Equal(b, put) {
			t.Fatalf("AppendUint64 and PutUint64 disagree for %d", v)
		}
		got, rest, err := ReadUint64(append(b, 'r'))
		if err != nil || got != v || string(rest) != "r" {
			t.Fatalf("ReadUint64(%d) = %d, %q, %v", v, got, rest, err)
		}
		if prev != nil && bytes.Compare(prev, b) >= 0 {
			t.Fatalf("%d does not sort after the previous value", v)
		}
		prev = b
	}
	if _, _, err := ReadUint64([]byte{1, 2, 3}); !errors.Is(err, ErrMalformedKey) {
		t.Fatalf("short uint64: %v", err)
	}
}

func TestTimeRoundTripAndOrder(t *testing.T) {
	times := []time.Time{
		time.Unix(0, 0),
		time.Unix(0, 1),
		time.Date(2001, 9, 9, 1, 46, 40, 0, time.UTC),
		time.Date(2025, 3, 1, 12, 0, 0, 5, time.FixedZone("CET", 3600)),
		time.Date(2025, 3, 1, 12, 0, 0, 6, time.FixedZone("CET", 3600)),
		time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	var prev []byte
	for _, at := range times {
		b := AppendTime(nil, at)
		got, rest, err := ReadTime(b)
		if err != nil || !got.Equal(at) || len(rest) != 0 || got.Location() != time.UTC {
			t.Fatalf("ReadTime(AppendTime(%v)) = %v, %v", at, got, err)
		}
		if prev != nil && bytes.Compare(prev, b) >= 0 {
			t.Fatalf("%v does not sort after the previous time", at)
		}
		prev = b
	}
	// Out-of-range times are clamped, keeping order.
	if b := AppendTime(nil, time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)); !bytes.Equal(b, make([]byte, 8)) {
		t.Errorf("pre-1970 time encoded as %x, want zeros", b)
	}
	if b := AppendTime(nil, time.Time{}); !bytes.Equal(b, make([]byte, 8)) {
		t.Errorf("zero time encoded as %x, want zeros", b)
	}
	if got, _, _ := ReadTime(AppendTime(nil, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))); got.Year() != 2262 {
		t.Errorf("year 3000 read back as %v, want clamped to 2262", got)
	}
}

func TestStringRoundTripAndOrder(t *testing.T) {
	strs := []string{"", "\x00", "\x00\x00", "\x00\x01", "\x01", "a", "a\x00", "a\x00b", "a\x01", "ab", "b", "\xff"}
	if !slices.IsSorted(strs) {
		t.Fatal("test table not sorted")
	}
	var prev []byte
	for _, s := range strs {
		b := AppendString(nil, s)
		got, rest, err := ReadString(append(b, 0xEE))
		if err != nil || got != s || !bytes.Equal(rest, []byte{0xEE}) {
			t.Fatalf("ReadString(AppendString(%q)) = %q, %x, %v", s, got, rest, err)
		}
		if prev != nil && bytes.Compare(prev, b) >= 0 {
			t.Fatalf("%q does not sort after the previous string", s)
		}
		prev = b
	}
	for _, bad := range [][]byte{{'a'}, {'a', 0x00}, {'a', 0x00, 0x02}} {
		if _, _, err := ReadString(bad); !errors.Is(err, ErrMalformedKey) {
			t.Errorf("ReadString(%x) err = %v, want ErrMalformedKey", bad, err)
		}
	}
}

func TestStringEncodingIsPrefixFree(t *testing.T) {
	strs := []string{"", "a", "a\x00", "a\x00\x01", "ab", "ann@x.io", "ann@x.io.uk"}
	for _, s := range strs {
		for _, longer := range strs {
			if longer == s {
				continue
			}
			exact := AppendString(nil, s)
			if bytes.HasPrefix(AppendString(nil, longer), exact) {
				t.Errorf("encoded %q is a prefix of encoded %q", s, longer)
			}
			search := AppendStringPrefix(nil, s)
			want := strings.HasPrefix(longer, s)
			if got := bytes.HasPrefix(AppendString(nil, longer), search); got != want {
				t.Errorf("search prefix %q matches %q: %v, want %v", s, longer, got, want)
			}
		}
	}
}

func FuzzStringCodec(f *testing.F) {
	for _, seed := range []string{"", "a", "\x00", "\x00\xff", "\x00\x01", "ann@example.com"} {
		f.Add(seed, "tail")
	}
	f.Fuzz(func(t *testing.T, s, other string) {
		b := AppendString(nil, s)
		got, rest, err := ReadString(append(b, other...))
		if err != nil || got != s || string(rest) != other {
			t.Fatalf("round trip of %q: %q, %q, %v", s, got, rest, err)
		}
		if cmp := bytes.Compare(b, AppendString(nil, other)); cmp != strings.Compare(s, other) {
			t.Fatalf("order of %q vs %q: bytes %d, strings %d", s, other, cmp, strings.Compare(s, other))
		}
	})
}
