package content

import (
	"fmt"
	"strings"
)

// tokenKind tells what a token inside braces is.
type tokenKind uint8

const (
	tokenWord   tokenKind = iota // a name, path or number
	tokenString                  // a quoted string, unquoted in text
)

// token is one word or string inside braces, at byte offset off.
type token struct {
	kind tokenKind
	off  int
	text string
}

// wordStop lists the characters that end a word besides whitespace.
const wordStop = "{}\"'()=|~"

// isSpace reports whether c is whitespace inside braces.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// skipSpace returns the offset of the first non-whitespace byte at or after i.
func skipSpace(text string, i int) int {
	for i < len(text) && isSpace(text[i]) {
		i++
	}
	return i
}

// errorAt builds an *Error at byte offset off of p.text.
func (p *parser) errorAt(off int, format string, a ...any) *Error {
	line, col := position(p.text, off)
	return &Error{Line: line, Column: col, Problem: fmt.Sprintf(format, a...)}
}

// unclosed is the error for braces opened at off and never closed.
func (p *parser) unclosed(off int, triple bool) *Error {
	if triple {
		return p.errorAt(off, `"{{{" is never closed`)
	}
	return p.errorAt(off, `"{{" is never closed`)
}

// tokens splits the inside of braces opened at open, from offset i up to the
// closing braces, and returns the tokens and the offset after the closing
// braces.
func (p *parser) tokens(open, i int, triple bool) ([]token, int, error) {
	t := p.text
	var toks []token
	for {
		i = skipSpace(t, i)
		if i >= len(t) {
			return nil, 0, p.unclosed(open, triple)
		}
		c := t[i]
		switch {
		case strings.HasPrefix(t[i:], "}}"):
			if !triple {
				return toks, i + 2, nil
			}
			if i+2 < len(t) && t[i+2] == '}' {
				return toks, i + 3, nil
			}
			return nil, 0, p.errorAt(i, `"{{{" opened at line %s is closed with "}}" instead of "}}}"`, p.where(open))
		case strings.HasPrefix(t[i:], "{{"):
			return nil, 0, p.unclosed(open, triple)
		case c == '"' || c == '\'':
			s, end, err := p.quoted(i)
			if err != nil {
				return nil, 0, err
			}
			toks = append(toks, token{kind: tokenString, off: i, text: s})
			i = end
		case c == '(' || c == ')':
			return nil, 0, p.errorAt(i, "subexpressions in parentheses are not supported")
		case c == '=':
			return nil, 0, p.errorAt(i, "named arguments (name=value) are not supported")
		case c == '|' && len(toks) > 0 && toks[len(toks)-1].text == "as":
			return nil, 0, p.errorAt(i, `block parameters ("as |x|") are not supported`)
		case c == '|':
			return nil, 0, p.errorAt(i, `pipes ("|") are not supported: write the helper first, as in {{money last.purchase.total}}`)
		case c == '~':
			return nil, 0, p.errorAt(i, `whitespace control ("~") is not supported`)
		case c == '{' || c == '}':
			return nil, 0, p.errorAt(i, "unexpected %q", string(c))
		default:
			end := i
			for end < len(t) && !isSpace(t[end]) && strings.IndexByte(wordStop, t[end]) < 0 {
				end++
			}
			toks = append(toks, token{kind: tokenWord, off: i, text: t[i:end]})
			i = end
		}
	}
}

// where formats the line and column of byte offset off as "L, column C".
func (p *parser) where(off int) string {
	line, col := position(p.text, off)
	return fmt.Sprintf("%d, column %d", line, col)
}

// quoted reads the string whose opening quote is at i; a backslash before
// the quote character keeps it in the string. It returns the string and the
// offset after the closing quote.
func (p *parser) quoted(i int) (string, int, error) {
	t := p.text
	q := t[i]
	var b strings.Builder
	for j := i + 1; j < len(t); j++ {
		switch {
		case t[j] == '\\' && j+1 < len(t) && t[j+1] == q:
			b.WriteByte(q)
			j++
		case t[j] == q:
			return b.String(), j + 1, nil
		default:
			b.WriteByte(t[j])
		}
	}
	return "", 0, p.errorAt(i, "text in quotes is never closed (missing %c)", q)
}

// comment skips the comment whose "!" is at bang, inside braces opened at
// open.
func (p *parser) comment(open, bang int) error {
	t := p.text
	if strings.HasPrefix(t[bang:], "!--") {
		k := strings.Index(t[bang+3:], "--}}")
		if k < 0 {
			return p.errorAt(open, `comment "{{!--" is never closed with "--}}"`)
		}
		p.pos = bang + 3 + k + 4
		return nil
	}
	k := strings.Index(t[bang+1:], "}}")
	if k < 0 {
		return p.unclosed(open, false)
	}
	p.pos = bang + 1 + k + 2
	return nil
}

// isNumber reports whether a word is a number literal: -?digits(.digits)?.
func isNumber(w string) bool {
	w = strings.TrimPrefix(w, "-")
	intPart, frac, dot := strings.Cut(w, ".")
	return allDigits(intPart) && (!dot || allDigits(frac))
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parsePath validates a path word and splits it; the problem is "" when the
// path is valid.
func parsePath(raw string) (*path, string) {
	switch {
	case strings.HasPrefix(raw, "@"):
		return nil, fmt.Sprintf("data variables such as %q are not supported", raw)
	case raw == "this" || strings.HasPrefix(raw, "this.") || strings.HasPrefix(raw, "this/") || strings.HasPrefix(raw, "./"):
		return nil, fmt.Sprintf(`%q: "this" is not supported; write the field's path, e.g. {{firstName}}`, raw)
	case strings.HasPrefix(raw, "..") || strings.Contains(raw, "../"):
		return nil, fmt.Sprintf(`%q: parent paths ("../") are not supported`, raw)
	case strings.ContainsAny(raw, "[]"):
		return nil, fmt.Sprintf(`%q: brackets in paths are not supported; write items.0.name`, raw)
	}
	segs := strings.Split(raw, ".")
	for _, s := range segs {
		if s == "" {
			return nil, fmt.Sprintf("path %q has an empty part (a dot at the start or end, or two dots in a row)", raw)
		}
	}
	switch segs[0] {
	case "last":
		if len(segs) < 2 {
			return nil, `"last" needs an event name, e.g. {{last.viewedProduct.name}}`
		}
		return &path{raw: raw, root: rootEvent, event: segs[1], segs: segs[2:]}, ""
	case "discount":
		if len(segs) > 1 {
			return nil, fmt.Sprintf("%q: discount is the campaign's discount, a number with no fields", raw)
		}
		return &path{raw: raw, root: rootDiscount}, ""
	}
	return &path{raw: raw, root: rootField, segs: segs}, ""
}
