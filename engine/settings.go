package engine

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"

	"limen/engine/criteria"
	"limen/engine/device"
	"limen/storage"
)

// Project types (SPEC.md §12.3).
const (
	// TypeEmail: email required and unique; userId not unique; profiles
	// without an email (unknown users, userId-only users) get a placeholder.
	TypeEmail = "email"
	// TypeUserID: userId required and unique; email is a plain attribute.
	TypeUserID = "userId"
	// TypeHybrid: email and userId both unique, at least one required.
	TypeHybrid = "hybrid"
)

// Limits of the settings and identifiers.
const (
	DefaultEventLimit = criteria.DefaultEventLimit
	// MaxEventLimit bounds what one device may hold, so that an unknown
	// user's creation (all its local events) always fits one transaction.
	MaxEventLimit = 1000
	// MaxUserIDLength is Iterable's userId limit, in characters.
	MaxUserIDLength = 52
	// PlaceholderDomain ends every placeholder email.
	PlaceholderDomain = "@placeholder.email"
	maxEmailLength    = 254
)

// Settings are the project's settings.
type Settings struct {
	// ProjectID is generated at the first open and never changes.
	ProjectID string `json:"projectId"`
	// Type is TypeEmail, TypeUserID or TypeHybrid; fixed once profiles exist.
	Type string `json:"type"`
	// EventLimit is how many events a device keeps locally (default 100).
	EventLimit int `json:"eventLimit"`
	// Identity resolution defaults for devices (both default true).
	ReplayOnVisitorToKnown bool `json:"replayOnVisitorToKnown"`
	MergeOnUnknownToKnown  bool `json:"mergeOnUnknownToKnown"`
}

// DefaultSettings are the settings of a new project (without its ProjectID):
// a hybrid project, as Iterable creates them today.
func DefaultSettings() Settings {
	return Settings{Type: TypeHybrid, EventLimit: DefaultEventLimit, ReplayOnVisitorToKnown: true, MergeOnUnknownToKnown: true}
}

// Settings returns the current settings.
func (p *Project) Settings() Settings { return *p.settings.Load() }

// SetSettings validates and stores s. An empty ProjectID keeps the current
// one; a different one is refused. EventLimit 0 means the default. The type
// cannot change once the project has profiles.
func (p *Project) SetSettings(s Settings) error {
	cur := p.Settings()
	if s.ProjectID == "" {
		s.ProjectID = cur.ProjectID
	}
	if s.ProjectID != cur.ProjectID {
		return invalid("settings.projectId", s.ProjectID, "the project id cannot change (it is %q)", cur.ProjectID)
	}
	if s.EventLimit == 0 {
		s.EventLimit = DefaultEventLimit
	}
	if err := validateSettings(s); err != nil {
		return err
	}
	p.identMu.Lock()
	defer p.identMu.Unlock()
	err := p.db.Update(func(txn *storage.Txn) error {
		if s.Type != cur.Type {
			has, err := hasAny(txn, storage.SpaceProfile.Prefix())
			if err != nil {
				return err
			}
			if has {
				return invalid("settings.type", s.Type, "the project type cannot change from %q: the project already has profiles", cur.Type)
			}
		}
		return putJSON(txn, storage.MetaKey(metaSettings), s)
	})
	if err != nil {
		return err
	}
	p.settings.Store(&s)
	p.log.Info("settings changed", "type", s.Type, "eventLimit", s.EventLimit)
	return nil
}

func validateSettings(s Settings) error {
	switch s.Type {
	case TypeEmail, TypeUserID, TypeHybrid:
	default:
		return invalid("settings.type", s.Type, "must be %q, %q or %q", TypeEmail, TypeUserID, TypeHybrid)
	}
	if s.EventLimit < 1 || s.EventLimit > MaxEventLimit {
		return invalid("settings.eventLimit", fmt.Sprint(s.EventLimit), "must be between 1 and %d", MaxEventLimit)
	}
	return nil
}

// loadSettings reads the settings, creating them (with a new ProjectID) at
// the first open.
func (p *Project) loadSettings() error {
	var s Settings
	err := p.db.Update(func(txn *storage.Txn) error {
		err := getJSON(txn, storage.MetaKey(metaSettings), &s)
		if errors.Is(err, storage.ErrNotFound) {
			s = DefaultSettings()
			s.ProjectID = p.newProjectID
			if s.ProjectID == "" {
				s.ProjectID = newUUID()
			}
			return putJSON(txn, storage.MetaKey(metaSettings), s)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("engine: read settings: %w", err)
	}
	p.settings.Store(&s)
	return nil
}

// hasAny reports whether any key starts with prefix.
func hasAny(txn *storage.Txn, prefix []byte) (bool, error) {
	found := false
	err := txn.Iterate(prefix, storage.IterOptions{KeysOnly: true, Limit: 1}, func(_, _ []byte) error {
		found = true
		return nil
	})
	return found, err
}

// normalizeEmail trims and lower-cases an email and checks that it looks
// like an address: one @, something before it, a domain with a dot after it,
// no spaces.
func normalizeEmail(email string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	switch n := strings.Count(e, "@"); {
	case e == "":
		return "", invalid("email", "", "is empty")
	case !utf8.ValidString(e):
		return "", invalid("email", email, "is not valid UTF-8")
	case strings.IndexFunc(e, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return "", invalid("email", email, "must not contain spaces or control characters")
	case len(e) > maxEmailLength:
		return "", invalid("email", email, "is %d bytes long; the maximum is %d", len(e), maxEmailLength)
	case n == 0:
		return "", invalid("email", email, "has no @; an email looks like name@example.com")
	case n > 1:
		return "", invalid("email", email, "has %d @ signs; an email has exactly one", n)
	}
	local, domain, _ := strings.Cut(e, "@")
	switch {
	case local == "":
		return "", invalid("email", email, "has nothing before the @")
	case domain == "":
		return "", invalid("email", email, "has no domain after the @")
	case !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, ".."):
		return "", invalid("email", email, "the domain %q must be a name with a dot, like example.com", domain)
	}
	return e, nil
}

// validateUserID checks a userId: non-empty, at most 52 characters, valid
// UTF-8, no control characters. UserIds are case-sensitive and kept as given.
func validateUserID(userID string) error {
	switch n := utf8.RuneCountInString(userID); {
	case userID == "":
		return invalid("userId", "", "is empty")
	case !utf8.ValidString(userID):
		return invalid("userId", userID, "is not valid UTF-8")
	case n > MaxUserIDLength:
		return invalid("userId", userID, "is %d characters long; the maximum is %d", n, MaxUserIDLength)
	case strings.IndexFunc(userID, unicode.IsControl) >= 0:
		return invalid("userId", userID, "contains a control character")
	}
	return nil
}

// validateUUID checks that a device-generated userId is a UUID
// (8-4-4-4-12 hex digits, any version, either case).
func validateUUID(field, s string) error {
	if err := validateUserID(s); err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			ie.Field = field
		}
		return err
	}
	ok := len(s) == 36
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			ok = c == '-'
		} else {
			ok = ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
		}
	}
	if !ok {
		return invalid(field, s, "is not a UUID (8-4-4-4-12 hexadecimal digits)")
	}
	return nil
}

// isPlaceholder reports whether an email is a placeholder address.
func isPlaceholder(email string) bool { return strings.HasSuffix(email, PlaceholderDomain) }

// placeholderEmail is `<userId>+<int32>@placeholder.email` where the int32
// is FNV-1a 32 of projectID, a NUL and userID, read as a signed number: the
// same unknown user in the same project always gets the same address.
func placeholderEmail(projectID, userID string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(projectID + "\x00" + userID))
	return strings.ToLower(fmt.Sprintf("%s+%d%s", userID, int32(h.Sum32()), PlaceholderDomain))
}

// checkIdentity validates and normalises an identity a profile is to be
// identified by, under the project type's rules: at least one identifier,
// a userId in userId-based projects, and no placeholder email (those are
// generated, never given).
func checkIdentity(s Settings, who device.Identity) (device.Identity, error) {
	if who.IsZero() {
		return who, invalid("identity", "", "give an email or a userId")
	}
	out := device.Identity{UserID: who.UserID}
	if who.Email != "" {
		e, err := normalizeEmail(who.Email)
		if err != nil {
			return who, err
		}
		if isPlaceholder(e) {
			return who, invalid("email", who.Email, "is a placeholder address (%s); identify with a real address", PlaceholderDomain)
		}
		out.Email = e
	}
	if who.UserID != "" {
		if err := validateUserID(who.UserID); err != nil {
			return who, err
		}
	}
	if s.Type == TypeUserID && out.UserID == "" {
		return who, invalid("userId", "", "is required in a userId-based project")
	}
	return out, nil
}
