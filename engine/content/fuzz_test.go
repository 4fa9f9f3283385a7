package content

// FuzzParseRender: no text makes Parse or Render panic, Parse errors always
// carry a position inside the text, and a parsed template renders the same
// way twice.
//
//	go test -run '^$' -fuzz FuzzParseRender -fuzztime 30s ./engine/content/

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are texts beyond the render and error tables.
var fuzzSeeds = []string{
	"", "{", "{{", "}}", "{{{", "{{{{", `\`, `\{{`, `\\{{x}}`, "{{!", "{{!--", "{{!-- --}",
	offer,
	`{{#if a}}{{#if b}}{{else}}{{money c}}{{/if}}{{else}}{{percent d}}{{/if}}`,
	`{{defaultIfEmpty a.0.b "x\"y"}}{{discounted last.e.0}}{{last.e}}`,
	"{{a\n\n\t}}\xff{{\xfe}}", "é{{é.ü}}", `{{'x'}}{{"}}"}}`, "{{-}}{{-0}}{{1.}}{{.1}}",
	"{{#if}}{{/if}}{{else}}", "{{~}}{{^}}{{&}}{{>}}{{@}}{{(}}{{=}}{{|}}",
}

// fuzzData exercises every kind of value a path can meet.
func fuzzData() Data {
	return Data{
		Fields: map[string]any{
			"a": map[string]any{"0": map[string]any{"b": ""}, "b": []any{1.5, nil, "x"}},
			"b": true, "c": "1299", "d": math.NaN(), "e": json.Number("1e999"), "f": []string{"g"},
			"é": map[string]any{"ü": -0.005}, "x": int64(math.MinInt64), "y": math.MaxFloat64,
		},
		Events: []Event{
			{Name: "e", Fields: map[string]any{"0": 1e-300, "a": []any{map[string]any{}}}},
			{Name: "purchase", Fields: nil},
			{Name: "a", Fields: map[string]any{"b": math.Inf(1)}},
		},
		Discount: 12.5,
	}
}

func FuzzParseRender(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		tpl, err := Parse(text)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error %T, want *Error", text, err)
			}
			if e.Line < 1 || e.Column < 1 || e.Problem == "" {
				t.Fatalf("Parse(%q) = %#v: want line and column >= 1 and a problem", text, e)
			}
			if lines := strings.Count(text, "\n") + 1; e.Line > lines {
				t.Fatalf("Parse(%q): line %d past the last line %d", text, e.Line, lines)
			}
			if e.Column > utf8.RuneCountInString(text)+1 {
				t.Fatalf("Parse(%q): column %d past the end", text, e.Column)
			}
			return
		}
		paths := tpl.Paths()
		for _, d := range []Data{{}, fuzzData()} {
			got, missing := tpl.Render(d)
			again, missingAgain := tpl.Render(d)
			if got != again || !slices.Equal(missing, missingAgain) {
				t.Fatalf("Render(%q) is not repeatable", text)
			}
			for _, m := range missing {
				if !slices.Contains(paths, m) {
					t.Fatalf("Render(%q) reports %q, not among Paths() %q", text, m, paths)
				}
			}
			if len(slices.Compact(slices.Sorted(slices.Values(missing)))) != len(missing) {
				t.Fatalf("Render(%q) reports a path twice: %q", text, missing)
			}
		}
		if !strings.Contains(text, "{{") {
			if got, _ := tpl.Render(Data{}); got != text {
				t.Fatalf("Render(%q) = %q, want the text unchanged", text, got)
			}
		}
	})
}
