package textdiff

import (
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	cases := []struct {
		name    string
		a, b    string
		context int
		want    string
	}{
		{"equal", "a\nb\nc", "a\nb\nc", 1, ""},
		{"one change in the middle", "1\n2\n3\n4\n5\n6\n7", "1\n2\n3\nX\n5\n6\n7", 1, "  …|  3|- 4|+ X|  5|  …"},
		{"added at the end", "a\nb", "a\nb\nc", 0, "  …|+ c"},
		{"removed at the start", "a\nb\nc", "b\nc", 1, "- a|  b|  …"},
		{"everything new", "", "x", 2, "- |+ x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(Lines(strings.Split(tc.a, "\n"), strings.Split(tc.b, "\n"), tc.context), "|")
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}
