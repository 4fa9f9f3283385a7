package engine

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestSettingsDefaults(t *testing.T) {
	p, err := Open(Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	s := p.Settings()
	if validateUUID("projectId", s.ProjectID) != nil {
		t.Errorf("ProjectID %q is not a UUID", s.ProjectID)
	}
	s.ProjectID = ""
	if s != DefaultSettings() {
		t.Errorf("settings %+v, want %+v", s, DefaultSettings())
	}
	if d := DefaultSettings(); d.Type != TypeHybrid || d.EventLimit != 100 || !d.ReplayOnVisitorToKnown || !d.MergeOnUnknownToKnown {
		t.Errorf("defaults %+v", d)
	}
}

func TestSetSettingsValidation(t *testing.T) {
	p := openProject(t, TypeHybrid)
	base := p.Settings()
	cases := []struct {
		name   string
		edit   func(*Settings)
		field  string // "" means accepted
		expect func(Settings) bool
	}{
		{"bad type", func(s *Settings) { s.Type = "phone" }, "settings.type", nil},
		{"negative limit", func(s *Settings) { s.EventLimit = -1 }, "settings.eventLimit", nil},
		{"limit too big", func(s *Settings) { s.EventLimit = MaxEventLimit + 1 }, "settings.eventLimit", nil},
		{"other project id", func(s *Settings) { s.ProjectID = "x" }, "settings.projectId", nil},
		{"zero limit is default", func(s *Settings) { s.EventLimit = 0 }, "", func(s Settings) bool { return s.EventLimit == 100 }},
		{"empty project id kept", func(s *Settings) { s.ProjectID = "" }, "", func(s Settings) bool { return s.ProjectID == base.ProjectID }},
		{"flags off", func(s *Settings) { s.ReplayOnVisitorToKnown, s.MergeOnUnknownToKnown = false, false }, "",
			func(s Settings) bool { return !s.ReplayOnVisitorToKnown && !s.MergeOnUnknownToKnown }},
		{"email type while empty", func(s *Settings) { s.Type = TypeEmail }, "", func(s Settings) bool { return s.Type == TypeEmail }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := base
			c.edit(&s)
			err := p.SetSettings(s)
			if c.field == "" {
				if err != nil {
					t.Fatalf("SetSettings: %v", err)
				}
				if !c.expect(p.Settings()) {
					t.Fatalf("settings %+v", p.Settings())
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != c.field || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v, want an InputError on %s", err, c.field)
			}
		})
	}
}

func TestTypeFixedOnceProfilesExist(t *testing.T) {
	p := openProject(t, TypeHybrid)
	s := p.Settings()
	s.Type = TypeUserID
	if err := p.SetSettings(s); err != nil {
		t.Fatalf("type change on an empty project: %v", err)
	}
	if _, err := p.CreateKnownProfile("", "u1", nil); err != nil {
		t.Fatal(err)
	}
	s.Type = TypeEmail
	err := p.SetSettings(s)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "already has profiles") {
		t.Fatalf("type change with profiles: %v", err)
	}
	s.Type, s.EventLimit = TypeUserID, 50 // same type, other fields may change
	if err := p.SetSettings(s); err != nil || p.Settings().EventLimit != 50 {
		t.Fatalf("SetSettings same type: %v", err)
	}
}

func TestNormalizeEmail(t *testing.T) {
	cases := []struct{ in, want, problem string }{
		{" Ann@Example.COM ", "ann@example.com", ""},
		{"a.b+c@mail.example.org", "a.b+c@mail.example.org", ""},
		{"", "", "is empty"},
		{"ann.example.com", "", "has no @"},
		{"a@b@example.com", "", "has 2 @ signs"},
		{"@example.com", "", "nothing before the @"},
		{"ann@", "", "no domain after the @"},
		{"ann@localhost", "", "must be a name with a dot"},
		{"ann@example.", "", "must be a name with a dot"},
		{"ann@.example.com", "", "must be a name with a dot"},
		{"ann@exa..mple", "", "must be a name with a dot"},
		{"an n@example.com", "", "must not contain spaces"},
		{"ann@exa\tmple.com", "", "must not contain spaces"},
	}
	for _, c := range cases {
		got, err := normalizeEmail(c.in)
		if c.problem == "" {
			if err != nil || got != c.want {
				t.Errorf("normalizeEmail(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
			continue
		}
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != "email" || !strings.Contains(err.Error(), c.problem) {
			t.Errorf("normalizeEmail(%q) error %v, want one saying %q", c.in, err, c.problem)
		}
	}
}

func TestValidateUserID(t *testing.T) {
	cases := []struct{ in, problem string }{
		{"u-1", ""},
		{strings.Repeat("x", 52), ""},
		{strings.Repeat("é", 52), ""}, // characters, not bytes
		{"", "is empty"},
		{strings.Repeat("x", 53), "53 characters long; the maximum is 52"},
		{"a\nb", "control character"},
		{"a\x00b", "control character"},
		{"\xff", "not valid UTF-8"},
	}
	for _, c := range cases {
		err := validateUserID(c.in)
		if c.problem == "" {
			if err != nil {
				t.Errorf("validateUserID(%q): %v", c.in, err)
			}
			continue
		}
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != "userId" || !strings.Contains(err.Error(), c.problem) {
			t.Errorf("validateUserID(%q) error %v, want one saying %q", c.in, err, c.problem)
		}
	}
	if err := validateUUID("userId", "not-a-uuid"); !errors.Is(err, ErrInvalid) {
		t.Errorf("validateUUID accepted a non-UUID: %v", err)
	}
	if err := validateUUID("userId", "2411CE94-52df-47aa-98bc-7293ac951121"); err != nil {
		t.Errorf("validateUUID: %v", err)
	}
}

func TestPlaceholderEmail(t *testing.T) {
	const user = "2411ce94-52df-47aa-98bc-7293ac951121"
	re := regexp.MustCompile(`^` + user + `\+-?[0-9]+@placeholder\.email$`)
	a := placeholderEmail("project-a", user)
	if !re.MatchString(a) {
		t.Fatalf("placeholder %q has the wrong format", a)
	}
	if b := placeholderEmail("project-a", user); b != a {
		t.Errorf("placeholder not stable: %q then %q", a, b)
	}
	if c := placeholderEmail("project-b", user); c == a {
		t.Errorf("placeholder does not depend on the project: %q", c)
	}
	if _, err := normalizeEmail(a); err != nil {
		t.Errorf("placeholder is not a valid email: %v", err)
	}
}
