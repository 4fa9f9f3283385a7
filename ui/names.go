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
