package ui

import (
	"strconv"

	"limen/engine"
)

// ProfileName is how screens name a profile: its real email, else its
// userId, else its placeholder email, else its number.
func ProfileName(p engine.Profile) string {
	switch {
	case p.Email != "" && !p.Placeholder:
		return p.Email
	case p.UserID != "":
		return p.UserID
	case p.Email != "":
		return p.Email
	}
	return "#" + strconv.FormatUint(p.ID, 10)
}

// Thousands writes n with comma separators: 1204 → "1,204".
func Thousands[T ~int | ~int64](n T) string {
	v := int64(n)
	s := strconv.FormatUint(uint64(max(v, -v)), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if v < 0 {
		return "-" + s
	}
	return s
}
