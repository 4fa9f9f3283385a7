package storage

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSpacesDistinctAndNamed(t *testing.T) {
	seen := make(map[Space]bool)
	for _, s := range Spaces() {
		if seen[s] {
			t.Fatalf("space 0x%02x listed twice", byte(s))
		}
		seen[s] = true
		if name := s.String(); strings.HasPrefix(name, "space(") {
			t.Errorf("space 0x%02x has no name: %q", byte(s), name)
		}
	}
	if !slices.IsSorted(Spaces()) {
		t.Error("Spaces() not in byte order")
	}
}

func TestKeyBuildersRoundTrip(t *testing.T) {
	at := time.Date(2025, 3, 1, 12, 30, 0, 123, time.UTC)
	check := func(name string, err error, ok bool) {
		t.Helper()
		if err != nil || !ok {
			t.Errorf("%s: err %v, ok %v", name, err, ok)
		}
	}
	v, err := CriteriaVersionFromKey(CriteriaKey(42))
	check("criteria", err, v == 42)
	s, err := DraftSetIDFromKey(CriteriaDraftKey("set-1"))
	check("draft", err, s == "set-1")
	v, err = ProfileIDFromKey(ProfileKey(7))
	check("profile", err, v == 7)

	v, err = ProfileIDFromIndexKey(EmailIndexKey("ann@example.com", 9))
	check("email index id", err, v == 9)
	s, err = IndexValueFromKey(EmailIndexKey("ann@example.com", 9))
	check("email index value", err, s == "ann@example.com")
	v, err = ProfileIDFromIndexKey(UserIDIndexKey("u-1", 10))
	check("userId index id", err, v == 10)
	s, err = IndexValueFromKey(UserIDIndexKey("u-1", 10))
	check("userId index value", err, s == "u-1")
	v, err = ProfileIDFromIndexKey(CreatedIndexKey(at, 11))
	check("created index id", err, v == 11)
	gotAt, v, err := ParseCreatedIndexKey(CreatedIndexKey(at, 11))
	check("created index", err, v == 11 && gotAt.Equal(at))

	pid, gotAt, seq, err := ParseEventKey(EventKey(5, at, 99))
	check("event", err, pid == 5 && gotAt.Equal(at) && seq == 99)
	check("event prefix", nil, bytes.HasPrefix(EventKey(5, at, 99), EventPrefix(5)))
	pid, s, err = ParseEventIDKey(EventIDKey(5, "evt-\x00-1"))
	check("event id", err, pid == 5 && s == "evt-\x00-1")
	check("event id prefix", nil, bytes.HasPrefix(EventIDKey(5, "e"), EventIDPrefix(5)))

	s, err = DeviceIDFromKey(DeviceKey("dev-1"))
	check("device", err, s == "dev-1")
	gotAt, seq, err = ParseConsentKey(ConsentKey(at, 3))
	check("consent", err, gotAt.Equal(at) && seq == 3)
	v, err = IdentitySeqFromKey(IdentityKey(12))
	check("identity", err, v == 12)

	for _, k := range [][]byte{MetaKey("schema"), SequenceKey("profile")} {
		check("space byte", nil, k[0] == byte(SpaceMeta) || k[0] == byte(SpaceSequence))
	}
}

func TestKeyDecodersRejectOtherKeys(t *testing.T) {
	if _, err := ProfileIDFromKey(IdentityKey(1)); !errors.Is(err, ErrMalformedKey) {
		t.Errorf("profile decoder took an identity key: %v", err)
	}
	if _, err := ProfileIDFromKey(append(ProfileKey(1), 0)); !errors.Is(err, ErrMalformedKey) {
		t.Errorf("profile decoder took trailing bytes: %v", err)
	}
	if _, err := ProfileIDFromIndexKey(ProfileKey(1)); !errors.Is(err, ErrMalformedKey) {
		t.Errorf("index decoder took a profile key: %v", err)
	}
	if _, _, _, err := ParseEventKey(EventPrefix(1)); !errors.Is(err, ErrMalformedKey) {
		t.Errorf("event decoder took a prefix: %v", err)
	}
	if _, err := DeviceIDFromKey(nil); !errors.Is(err, ErrMalformedKey) {
		t.Errorf("device decoder took an empty key: %v", err)
	}
}

func TestTimeKeysSortInTimeOrder(t *testing.T) {
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	var events, created, consent [][]byte
	for i := range 50 {
		// Nanoseconds and hours both vary, so byte order must follow the whole instant.
		at := base.Add(time.Duration(i)*time.Hour - time.Duration(i)*time.Nanosecond)
		events = append(events, EventKey(1, at, uint64(50-i)))
		created = append(created, CreatedIndexKey(at, uint64(50-i)))
		consent = append(consent, ConsentKey(at, uint64(50-i)))
	}
	for name, keys := range map[string][][]byte{"event": events, "created": created, "consent": consent} {
		if !slices.IsSortedFunc(keys, bytes.Compare) {
			t.Errorf("%s keys do not sort in time order", name)
		}
	}
}

// TestEmailIndexLookup stores index entries for emails that share prefixes
// and checks exact lookups and incremental search through a real DB.
func TestEmailIndexLookup(t *testing.T) {
	db := openInMemory(t)
	entries := map[string]uint64{"ann@x.io": 1, "ann@x.io.uk": 2, "anna@x.io": 3, "bob@x.io": 4}
	err := db.Update(func(txn *Txn) error {
		for email, id := range entries {
			if err := txn.Set(EmailIndexKey(email, id), nil); err != nil {
				return err
			}
		}
		return txn.Set(EmailIndexKey("ann@x.io", 5), nil) // a duplicate email
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(prefix []byte) []uint64 {
		keys, _ := collect(t, db, prefix, IterOptions{KeysOnly: true})
		var out []uint64
		for _, k := range keys {
			id, err := ProfileIDFromIndexKey(k)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}
	if got := ids(EmailIndexPrefix("ann@x.io")); !slices.Equal(got, []uint64{1, 5}) {
		t.Errorf("exact ann@x.io: %v, want [1 5]", got)
	}
	if got := ids(EmailSearchPrefix("ann")); !slices.Equal(got, []uint64{1, 5, 2, 3}) {
		t.Errorf("search ann: %v, want [1 5 2 3]", got)
	}
	if got := ids(UserIDSearchPrefix("ann")); len(got) != 0 {
		t.Errorf("userId search found email entries: %v", got)
	}
}
