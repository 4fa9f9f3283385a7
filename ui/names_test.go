package ui

import (
	"math"
	"testing"

	"limen/engine"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1204: "-1,204", 1234567: "1,234,567",
		math.MinInt64: "-9,223,372,036,854,775,808", math.MaxInt64: "9,223,372,036,854,775,807"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Thousands(int(-5000)); got != "-5,000" {
		t.Errorf("int: %q", got)
	}
}

func TestProfileName(t *testing.T) {
	cases := []struct {
		p    engine.Profile
		want string
	}{
		{engine.Profile{ID: 1, Email: "ann@example.com", UserID: "ann"}, "ann@example.com"},
		{engine.Profile{ID: 2, Email: "x+1@placeholder.email", Placeholder: true, UserID: "u-2"}, "u-2"},
		{engine.Profile{ID: 3, Email: "x+1@placeholder.email", Placeholder: true}, "x+1@placeholder.email"},
		{engine.Profile{ID: 4}, "#4"},
	}
	for _, c := range cases {
		if got := ProfileName(c.p); got != c.want {
			t.Errorf("%+v: %q, want %q", c.p, got, c.want)
		}
	}
}
