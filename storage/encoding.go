package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"
)

// Key segment encodings. Every encoding keeps byte order equal to value
// order, so that Badger's key order is id order, time order and string order.
//
//   - uint64: 8 bytes big-endian.
//   - time:   8 bytes big-endian unix nanoseconds (UTC). Times before 1970
//     are stored as 1970-01-01 and times after year 2262 as the largest
//     value, so byte order is time order for every time.
//   - string: 0x00-terminated. The bytes of the string are written as they
//     are, except that a 0x00 inside the string is escaped as 0x00 0xFF, and
//     the terminator is 0x00 0x01. So no encoded string is a prefix of another
//     encoded string (an exact-match lookup never matches a longer string),
//     and shorter strings sort before longer ones that extend them.
//     AppendStringPrefix writes the escaped bytes without a terminator, for
//     prefix search ("every email starting with ann").

const (
	stringEscape     = 0x00
	stringEscapedNul = 0xFF
	stringEnd        = 0x01
	maxTimeSeconds   = math.MaxInt64/int64(time.Second) - 1 // UnixNano still fits
)

// PutUint64 writes v big-endian into b[:8]. It panics if len(b) < 8.
func PutUint64(b []byte, v uint64) { binary.BigEndian.PutUint64(b, v) }

// AppendUint64 appends v as 8 big-endian bytes.
func AppendUint64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(b, v) }

// ReadUint64 decodes a uint64 from the front of b and returns the rest.
func ReadUint64(b []byte) (uint64, []byte, error) {
	if len(b) < 8 {
		return 0, nil, fmt.Errorf("%w: want 8 bytes for a uint64, have %d", ErrMalformedKey, len(b))
	}
	return binary.BigEndian.Uint64(b), b[8:], nil
}

// AppendTime appends t as 8 big-endian bytes of unix nanoseconds (see the
// clamping rules above).
func AppendTime(b []byte, t time.Time) []byte {
	return AppendUint64(b, timeNanos(t))
}

// ReadTime decodes a time from the front of b and returns it in UTC with the
// rest of b.
func ReadTime(b []byte) (time.Time, []byte, error) {
	n, rest, err := ReadUint64(b)
	if err != nil {
		return time.Time{}, nil, err
	}
	if n > math.MaxInt64 {
		return time.Time{}, nil, fmt.Errorf("%w: time out of range", ErrMalformedKey)
	}
	return time.Unix(0, int64(n)).UTC(), rest, nil
}

func timeNanos(t time.Time) uint64 {
	switch sec := t.Unix(); {
	case sec < 0:
		return 0
	case sec > maxTimeSeconds:
		return math.MaxInt64
	default:
		return uint64(t.UnixNano())
	}
}

// AppendString appends s escaped and terminated (see above).
func AppendString(b []byte, s string) []byte {
	return append(AppendStringPrefix(b, s), stringEscape, stringEnd)
}

// AppendStringPrefix appends s escaped but not terminated: a key prefix that
// matches every encoded string starting with s.
func AppendStringPrefix(b []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, 0)
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i]...)
		b = append(b, stringEscape, stringEscapedNul)
		s = s[i+1:]
	}
}

// ReadString decodes a string written by AppendString from the front of b
// and returns the rest.
func ReadString(b []byte) (string, []byte, error) {
	var out []byte
	for {
		i := bytes.IndexByte(b, stringEscape)
		if i < 0 || i+1 >= len(b) {
			return "", nil, fmt.Errorf("%w: unterminated string", ErrMalformedKey)
		}
		out = append(out, b[:i]...)
		switch b[i+1] {
		case stringEnd:
			return string(out), b[i+2:], nil
		case stringEscapedNul:
			out = append(out, 0)
			b = b[i+2:]
		default:
			return "", nil, fmt.Errorf("%w: bad escape 0x00 0x%02x in string", ErrMalformedKey, b[i+1])
		}
	}
}

// newKey starts a key in space with room for size more bytes.
func newKey(s Space, size int) []byte {
	return append(make([]byte, 0, 1+size), byte(s))
}

// keyBody checks that key is in one of spaces and returns what follows the space byte.
func keyBody(key []byte, spaces ...Space) ([]byte, error) {
	if len(key) > 0 {
		for _, s := range spaces {
			if Space(key[0]) == s {
				return key[1:], nil
			}
		}
	}
	return nil, fmt.Errorf("%w: not a %v key", ErrMalformedKey, spaces)
}

// uint64Key decodes a key made of space | u64.
func uint64Key(key []byte, s Space) (uint64, error) {
	body, err := keyBody(key, s)
	if err != nil {
		return 0, err
	}
	v, rest, err := ReadUint64(body)
	if err == nil && len(rest) != 0 {
		err = fmt.Errorf("%w: %d trailing bytes", ErrMalformedKey, len(rest))
	}
	return v, err
}

// stringKey decodes a key made of space | str.
func stringKey(key []byte, s Space) (string, error) {
	body, err := keyBody(key, s)
	if err != nil {
		return "", err
	}
	return wholeString(body)
}

// wholeString decodes b as exactly one string segment.
func wholeString(b []byte) (string, error) {
	v, rest, err := ReadString(b)
	if err == nil && len(rest) != 0 {
		err = fmt.Errorf("%w: %d trailing bytes", ErrMalformedKey, len(rest))
	}
	return v, err
}

// timeAndUint64 decodes exactly time | u64.
func timeAndUint64(b []byte) (time.Time, uint64, error) {
	at, rest, err := ReadTime(b)
	if err != nil {
		return time.Time{}, 0, err
	}
	v, rest, err := ReadUint64(rest)
	if err == nil && len(rest) != 0 {
		err = fmt.Errorf("%w: %d trailing bytes", ErrMalformedKey, len(rest))
	}
	return at, v, err
}
