package content

import (
	"errors"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		text         string
		line, column int
		problem      string
	}{
		// Unclosed braces.
		{"Hello there {{firstName", 1, 13, `"{{" is never closed`},
		{"Hello {{firstName, welcome to {{city}}", 1, 7, `"{{" is never closed`},
		{"Hi {{{firstName", 1, 4, `"{{{" is never closed`},
		{"Hi {{{firstName}}", 1, 16, `"{{{" opened at line 1, column 4 is closed with "}}" instead of "}}}"`},
		{"{{! never closed", 1, 1, `"{{" is never closed`},
		{"{{!-- never }} closed", 1, 1, `comment "{{!--" is never closed with "--}}"`},
		{`{{defaultIfEmpty a "b}}`, 1, 20, `text in quotes is never closed (missing ")`},
		{`{{defaultIfEmpty a 'b}}`, 1, 20, `text in quotes is never closed (missing ')`},

		// Empty braces.
		{"{{}}", 1, 1, "empty {{}}"},
		{"x\n  {{   }}", 2, 3, "empty {{}}"},
		{"{{{}}}", 1, 1, "empty {{{}}}"},

		// Helpers.
		{"Hi\n  {{monney price}}", 2, 5, `unknown helper "monney" (use defaultIfEmpty, money, discounted, percent)`},
		{"{{Money price}}", 1, 3, `unknown helper "Money" (use defaultIfEmpty, money, discounted, percent)`},
		{"{{money a b}}", 1, 3, "helper money takes 1 argument, got 2"},
		{"{{ money }}", 1, 4, "helper money takes 1 argument, got 0"},
		{"{{discounted}}", 1, 3, "helper discounted takes 1 argument, got 0"},
		{"{{percent a 1}}", 1, 3, "helper percent takes 1 argument, got 2"},
		{"{{defaultIfEmpty a}}", 1, 3, "helper defaultIfEmpty takes 2 arguments, got 1"},
		{`{{defaultIfEmpty a "b" "c"}}`, 1, 3, "helper defaultIfEmpty takes 2 arguments, got 3"},
		{`{{"a" b}}`, 1, 7, `unexpected "b" after "a": only helpers (defaultIfEmpty, money, discounted, percent) take arguments`},
		{`{{5 b}}`, 1, 5, `unexpected "b" after "5": only helpers (defaultIfEmpty, money, discounted, percent) take arguments`},
		{"{{if vip}}", 1, 3, `"if" is a block: write {{#if vip}}...{{/if}}`},

		// Blocks.
		{"{{/if}}", 1, 1, "{{/if}} without an open {{#if}}"},
		{"a{{#if x}}b{{/if}}\n{{/if}}", 2, 1, "{{/if}} without an open {{#if}}"},
		{"{{#if vip}}VIP", 1, 15, "{{#if}} opened at line 1, column 1 is never closed"},
		{"{{#if a}}{{#if b}}x{{/if}}\n", 2, 1, "{{#if}} opened at line 1, column 1 is never closed"},
		{"{{#if a}}\n{{#if b}}x", 2, 11, "{{#if}} opened at line 2, column 1 is never closed"},
		{"{{#if}}", 1, 1, "{{#if}} needs a path to test, e.g. {{#if firstName}}"},
		{"{{#if a b}}", 1, 9, "{{#if}} takes 1 argument, got 2"},
		{"{{#}}", 1, 1, `"{{#" needs a block name, e.g. {{#if firstName}}`},
		{"{{#each items}}{{name}}{{/each}}", 1, 4, "block {{#each}} is not supported (only {{#if}} is)"},
		{"{{#unless vip}}x{{/unless}}", 1, 4, "block {{#unless}} is not supported (only {{#if}} is)"},
		{"{{#with address}}{{/with}}", 1, 4, "block {{#with}} is not supported (only {{#if}} is)"},
		{"{{/}}", 1, 1, `"{{/" needs a block name, e.g. {{/if}}`},
		{"{{#if a}}{{/each}}", 1, 13, "{{/each}} is not supported (only {{/if}} closes a block)"},
		{"{{#if a}}{{/if a}}", 1, 16, "{{/if}} takes no arguments"},
		{"{{else}}", 1, 1, "{{else}} without an open {{#if}}"},
		{"{{#if a}}{{else x}}{{/if}}", 1, 17, "{{else}} takes no arguments"},
		{"{{#if a}}x{{else if b}}y{{/if}}", 1, 11, "{{else if}} is not supported; put an {{#if}} inside the {{else}}"},
		{"{{#if a}}\n{{else}}{{else}}{{/if}}", 2, 9, "{{#if}} opened at line 1, column 1 already has an {{else}}"},
		{"{{#if a}}{{{else}}}{{/if}}", 1, 10, "{{else}} takes two braces, not three"},
		{"{{{#if a}}}", 1, 1, `triple braces {{{...}}} can only hold a value, not "#"`},
		{"{{{! c }}}", 1, 1, `triple braces {{{...}}} can only hold a value, not "!"`},
		{strings.Repeat("{{#if a}}", maxDepth+1), 1, 9*maxDepth + 1, "{{#if}} blocks are nested more than 100 deep"},

		// Other Handlebars.
		{"{{> footer}}", 1, 1, "partials ({{> name}}) are not supported"},
		{"{{^if a}}x{{/if}}", 1, 1, "inverse blocks ({{^...}}) are not supported; use {{#if}}...{{else}}...{{/if}}"},
		{"{{&name}}", 1, 1, `"{{&" is not supported; write {{path}} (output is never HTML-escaped)`},
		{"{{~name}}", 1, 1, `whitespace control ("~") is not supported`},
		{"{{name~}}", 1, 7, `whitespace control ("~") is not supported`},
		{"{{{{raw}}}}x{{{{/raw}}}}", 1, 1, `raw blocks ("{{{{") are not supported`},
		{"{{money (add a b)}}", 1, 9, "subexpressions in parentheses are not supported"},
		{"{{money a fmt=x}}", 1, 14, "named arguments (name=value) are not supported"},
		{"{{#if a as |x|}}{{/if}}", 1, 12, `block parameters ("as |x|") are not supported`},
		{"{{price | money}}", 1, 9, `pipes ("|") are not supported: write the helper first, as in {{money last.purchase.total}}`},
		{"{{a}b}}", 1, 4, `unexpected "}"`},
		{"{{a{b}}", 1, 4, `unexpected "{"`},

		// Paths.
		{"{{@index}}", 1, 3, `data variables such as "@index" are not supported`},
		{"{{this}}", 1, 3, `"this": "this" is not supported; write the field's path, e.g. {{firstName}}`},
		{"{{this.firstName}}", 1, 3, `"this.firstName": "this" is not supported; write the field's path, e.g. {{firstName}}`},
		{"{{../firstName}}", 1, 3, `"../firstName": parent paths ("../") are not supported`},
		{"{{items.[0].name}}", 1, 3, `"items.[0].name": brackets in paths are not supported; write items.0.name`},
		{"{{a..b}}", 1, 3, `path "a..b" has an empty part (a dot at the start or end, or two dots in a row)`},
		{"{{.a}}", 1, 3, `path ".a" has an empty part (a dot at the start or end, or two dots in a row)`},
		{"{{a.}}", 1, 3, `path "a." has an empty part (a dot at the start or end, or two dots in a row)`},
		{"{{last}}", 1, 3, `"last" needs an event name, e.g. {{last.viewedProduct.name}}`},
		{"{{#if last}}{{/if}}", 1, 7, `"last" needs an event name, e.g. {{last.viewedProduct.name}}`},
		{"{{money discount.x}}", 1, 9, `"discount.x": discount is the campaign's discount, a number with no fields`},
		{`{{defaultIfEmpty a @x}}`, 1, 20, `data variables such as "@x" are not supported`},

		// Columns count characters, not bytes.
		{"Héllo ✓ {{x", 1, 9, `"{{" is never closed`},
		{"a\r\nb {{x", 2, 3, `"{{" is never closed`},
	}
	for _, tc := range tests {
		tpl, err := Parse(tc.text)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error", tc.text, tpl)
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) error %T, want *Error", tc.text, err)
			continue
		}
		if e.Line != tc.line || e.Column != tc.column || e.Problem != tc.problem {
			t.Errorf("Parse(%q)\n got line %d, column %d: %s\nwant line %d, column %d: %s",
				tc.text, e.Line, e.Column, e.Problem, tc.line, tc.column, tc.problem)
		}
	}
}

func TestErrorString(t *testing.T) {
	_, err := Parse("Hi there {{firstName")
	want := `line 1, column 10: "{{" is never closed`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
	e := &Error{Line: 2, Column: 3, Problem: `unknown helper "monney" (use defaultIfEmpty, money, discounted, percent)`}
	if got, want := e.Error(), `line 2, column 3: unknown helper "monney" (use defaultIfEmpty, money, discounted, percent)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestParseAccepts lists texts near the errors above that must parse.
func TestParseAccepts(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("{{#if a}}", maxDepth) + strings.Repeat("{{/if}}", maxDepth),
		"}} {{!}} {{!----}}",
		`{{defaultIfEmpty a "(x) k=v | ~ {{ }}"}}`,
		"{{first-name}} {{first_name}} {{prénom}} {{a/b}} {{0}} {{-1.5}}",
		"{{last.x}} {{discount}} {{ money  discount }} { }",
	} {
		if _, err := Parse(text); err != nil {
			t.Errorf("Parse(%q): %v", text, err)
		}
	}
}
