package profiles

import (
	"fmt"
	"strconv"

	"limen/engine"
	"limen/ui"
)

// ledgerText says what one identity ledger entry did, in a marketer's
// words: which criteria created the profile on which device, what it was
// converted into, what was merged into it and with what figures.
func ledgerText(l engine.LedgerEntry, names map[string]string) string {
	if l.Redacted {
		return fmt.Sprintf("%s (profile #%d; forgotten, personal data removed)", l.Op, l.ProfileID)
	}
	on := ""
	if l.DeviceID != "" {
		on = " on device " + l.DeviceID
	}
	switch l.Op {
	case engine.OpCreate:
		if l.Kind == engine.KindUnknown {
			return fmt.Sprintf("created unknown %s by criteria %s%s", short(l.UserID), criteriaLabel(l.CriteriaID, names), on)
		}
		return "created known " + ledgerWho(l) + on
	case engine.OpConvert:
		from := ""
		if len(l.Before) > 0 {
			from = " " + short(l.Before[0].UserID)
		}
		by := on
		if by == "" {
			by = " from the console"
		}
		return fmt.Sprintf("converted unknown%s into %s%s", from, ledgerWho(l), by)
	case engine.OpMerge:
		return fmt.Sprintf("merged unknown %s (profile #%d)%s: %s moved, %s kept, %s copied",
			short(l.FromUserID), l.FromProfileID, on, plural(l.EventsMoved, "event"),
			plural(l.FieldsKept, "field"), strconv.Itoa(l.FieldsCopied))
	case engine.OpDelete:
		return fmt.Sprintf("deleted profile #%d", l.ProfileID)
	}
	return l.Op
}

// ledgerWho names the profile of an entry: its real email, else its userId.
func ledgerWho(l engine.LedgerEntry) string {
	return ui.ProfileName(engine.Profile{ID: l.ProfileID, Email: l.Email, UserID: l.UserID, Placeholder: isPlaceholderEmail(l.Email)})
}

func isPlaceholderEmail(e string) bool {
	return len(e) > len(engine.PlaceholderDomain) && e[len(e)-len(engine.PlaceholderDomain):] == engine.PlaceholderDomain
}

// short shortens a UUID-like userId to its first block: "0b3f6a2c…".
func short(userID string) string {
	if len(userID) == 36 && userID[8] == '-' {
		return userID[:8] + "…"
	}
	return dash(userID)
}

// consentText says what one consent entry recorded.
func consentText(c engine.ConsentEntry) string {
	verb := "revoked"
	if c.Granted {
		verb = "granted"
	}
	s := verb + " on device " + c.DeviceID
	if c.Platform != "" {
		s += " (" + c.Platform + ")"
	}
	if c.CarriedFrom != 0 {
		s += fmt.Sprintf(", still in force from entry %d", c.CarriedFrom)
	}
	return s
}

// sessionLines describe an unknownSession event: the context the device
// sent when its visitor was activated.
func sessionLines(ev engine.StoredEvent, names map[string]string) [][2]string {
	f := ev.DataFields
	str := func(k string) string { s, _ := f[k].(string); return s }
	num := func(k string) (int64, bool) {
		switch v := f[k].(type) {
		case float64:
			return int64(v), true
		case int64:
			return v, true
		case int:
			return int64(v), true
		}
		return 0, false
	}
	crit := criteriaLabel(str("matchedCriteriaId"), names)
	if v, ok := num("criteriaVersion"); ok {
		crit += fmt.Sprintf(" (version %d)", v)
	}
	sessions := "—"
	if n, ok := num("totalUnknownSessionCount"); ok {
		sessions = plural(int(n), "session")
	}
	if first, ok := num("firstUnknownSession"); ok {
		sessions += " · first " + stamp(unix(first))
	}
	if last, ok := num("lastUnknownSession"); ok {
		sessions += " · last " + stamp(unix(last))
	}
	deviceText := dash(str("deviceId"))
	if p := str("platform"); p != "" {
		deviceText += " · " + p
	}
	if push, _ := f["mobilePushOptIn"].(bool); push {
		deviceText += " · push opt-in"
	}
	unknown := "—"
	if ev.IsUnknownUser != nil {
		unknown = "no (isUnknownUser false: merged into a known profile)"
		if *ev.IsUnknownUser {
			unknown = "yes (isUnknownUser true)"
		}
	}
	return [][2]string{
		{"matched", crit},
		{"sessions", sessions},
		{"device", deviceText},
		{"unknown", unknown},
		{"recorded", stampSeconds(ev.CreatedAt)},
	}
}
