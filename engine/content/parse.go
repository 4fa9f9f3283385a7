package content

import (
	"encoding/json"
	"strings"
)

// parser holds the state of one Parse call.
type parser struct {
	text    string
	pos     int     // byte offset of the next unread byte
	frames  []frame // frames[0] is the whole text; one more per open {{#if}}
	paths   []string
	pathIdx map[string]int
}

// frame is the template, or an {{#if}} block, being built.
type frame struct {
	open   int // byte offset of the {{#if}}'s braces; -1 for the whole text
	cond   arg
	then   []node
	els    []node
	inElse bool
}

// Parse parses text. Errors are *Error with a 1-based line and column and a
// problem a marketer can act on, e.g.
//
//	line 1, column 12: "{{" is never closed
//	line 2, column 3: unknown helper "monney" (use defaultIfEmpty, money, discounted, percent)
//
// See the package documentation for the language.
func Parse(text string) (*Template, error) {
	p := &parser{text: text, frames: []frame{{open: -1}}, pathIdx: map[string]int{}}
	if err := p.run(); err != nil {
		return nil, err
	}
	return &Template{nodes: p.frames[0].then, paths: p.paths}, nil
}

// run parses the whole text into p.frames[0].
func (p *parser) run() error {
	t := p.text
	for p.pos < len(t) {
		i := strings.Index(t[p.pos:], "{{")
		if i < 0 {
			p.addText(t[p.pos:])
			p.pos = len(t)
			break
		}
		start := p.pos + i
		switch {
		case start-2 >= p.pos && t[start-2:start] == `\\`:
			// \\{{ is a backslash followed by real braces.
			p.addText(t[p.pos : start-1])
		case start-1 >= p.pos && t[start-1] == '\\':
			p.addText(t[p.pos:start-1] + "{{")
			p.pos = start + 2
			continue
		default:
			p.addText(t[p.pos:start])
		}
		p.pos = start
		if err := p.braces(); err != nil {
			return err
		}
	}
	if n := len(p.frames); n > 1 {
		return p.errorAt(len(t), "{{#if}} opened at line %s is never closed", p.where(p.frames[n-1].open))
	}
	return nil
}

// top is the innermost open frame.
func (p *parser) top() *frame { return &p.frames[len(p.frames)-1] }

// add appends a node to the innermost open frame.
func (p *parser) add(n node) {
	f := p.top()
	if f.inElse {
		f.els = append(f.els, n)
	} else {
		f.then = append(f.then, n)
	}
}

// addText appends literal text, merging it with literal text just before.
func (p *parser) addText(s string) {
	if s == "" {
		return
	}
	f := p.top()
	list := &f.then
	if f.inElse {
		list = &f.els
	}
	if n := len(*list); n > 0 && (*list)[n-1].kind == nodeText {
		(*list)[n-1].text += s
		return
	}
	*list = append(*list, node{kind: nodeText, text: s})
}

// braces parses the {{...}} (or {{{...}}}) starting at p.pos.
func (p *parser) braces() error {
	t := p.text
	open := p.pos
	if strings.HasPrefix(t[open:], "{{{{") {
		return p.errorAt(open, `raw blocks ("{{{{") are not supported`)
	}
	triple := strings.HasPrefix(t[open:], "{{{")
	i := open + 2
	if triple {
		i++
	}
	i = skipSpace(t, i)
	var sigil byte
	if i < len(t) {
		switch t[i] {
		case '!':
			if !triple {
				return p.comment(open, i)
			}
			sigil = '!'
		case '#', '/':
			sigil = t[i]
		case '>':
			return p.errorAt(open, "partials ({{> name}}) are not supported")
		case '^':
			return p.errorAt(open, "inverse blocks ({{^...}}) are not supported; use {{#if}}...{{else}}...{{/if}}")
		case '&':
			return p.errorAt(open, `"{{&" is not supported; write {{path}} (output is never HTML-escaped)`)
		case '~':
			return p.errorAt(open, `whitespace control ("~") is not supported`)
		}
	}
	if sigil != 0 && triple {
		return p.errorAt(open, `triple braces {{{...}}} can only hold a value, not %q`, string(sigil))
	}
	if sigil != 0 {
		i++
	}
	toks, end, err := p.tokens(open, i, triple)
	if err != nil {
		return err
	}
	p.pos = end
	switch sigil {
	case '#':
		return p.openIf(open, toks)
	case '/':
		return p.closeIf(open, toks)
	}
	return p.value(open, toks, triple)
}

// openIf handles {{#name args}}.
func (p *parser) openIf(open int, toks []token) error {
	if len(toks) == 0 {
		return p.errorAt(open, `"{{#" needs a block name, e.g. {{#if firstName}}`)
	}
	if name := toks[0]; name.kind != tokenWord || name.text != "if" {
		return p.errorAt(name.off, "block {{#%s}} is not supported (only {{#if}} is)", name.text)
	}
	switch n := len(toks) - 1; {
	case n == 0:
		return p.errorAt(open, "{{#if}} needs a path to test, e.g. {{#if firstName}}")
	case n > 1:
		return p.errorAt(toks[2].off, "{{#if}} takes 1 argument, got %d", n)
	}
	if len(p.frames) > maxDepth {
		return p.errorAt(open, "{{#if}} blocks are nested more than %d deep", maxDepth)
	}
	cond, err := p.arg(toks[1])
	if err != nil {
		return err
	}
	p.frames = append(p.frames, frame{open: open, cond: cond})
	return nil
}

// closeIf handles {{/name args}}.
func (p *parser) closeIf(open int, toks []token) error {
	if len(toks) == 0 {
		return p.errorAt(open, `"{{/" needs a block name, e.g. {{/if}}`)
	}
	if name := toks[0]; name.kind != tokenWord || name.text != "if" {
		return p.errorAt(name.off, "{{/%s}} is not supported (only {{/if}} closes a block)", name.text)
	}
	if len(toks) > 1 {
		return p.errorAt(toks[1].off, "{{/if}} takes no arguments")
	}
	if len(p.frames) == 1 {
		return p.errorAt(open, "{{/if}} without an open {{#if}}")
	}
	f := p.frames[len(p.frames)-1]
	p.frames = p.frames[:len(p.frames)-1]
	p.add(node{kind: nodeIf, cond: f.cond, then: f.then, els: f.els})
	return nil
}

// value handles {{else}}, {{path}}, {{literal}} and {{helper args}}.
func (p *parser) value(open int, toks []token, triple bool) error {
	if len(toks) == 0 {
		if triple {
			return p.errorAt(open, "empty {{{}}}")
		}
		return p.errorAt(open, "empty {{}}")
	}
	first := toks[0]
	if first.kind == tokenWord && first.text == "else" {
		return p.elseTag(open, toks, triple)
	}
	if first.kind == tokenWord && !isNumber(first.text) {
		if h, arity, ok := lookupHelper(first.text); ok {
			return p.helperCall(first, h, arity, toks[1:])
		}
		if len(toks) > 1 {
			if first.text == "if" {
				return p.errorAt(first.off, `"if" is a block: write {{#if %s}}...{{/if}}`, toks[1].text)
			}
			return p.errorAt(first.off, "unknown helper %q (use %s)", first.text, helperList)
		}
	}
	if len(toks) > 1 {
		return p.errorAt(toks[1].off, "unexpected %q after %q: only helpers (%s) take arguments", toks[1].text, first.text, helperList)
	}
	a, err := p.arg(first)
	if err != nil {
		return err
	}
	p.add(node{kind: nodeValue, args: []arg{a}})
	return nil
}

// helperCall handles {{helper args}}.
func (p *parser) helperCall(name token, h helper, arity int, toks []token) error {
	if len(toks) != arity {
		plural := "s"
		if arity == 1 {
			plural = ""
		}
		return p.errorAt(name.off, "helper %s takes %d argument%s, got %d", name.text, arity, plural, len(toks))
	}
	args := make([]arg, len(toks))
	for i, tk := range toks {
		a, err := p.arg(tk)
		if err != nil {
			return err
		}
		args[i] = a
	}
	p.add(node{kind: nodeValue, helper: h, args: args})
	return nil
}

// elseTag handles {{else}}.
func (p *parser) elseTag(open int, toks []token, triple bool) error {
	switch {
	case triple:
		return p.errorAt(open, "{{else}} takes two braces, not three")
	case len(toks) > 1 && toks[1].kind == tokenWord && toks[1].text == "if":
		return p.errorAt(open, "{{else if}} is not supported; put an {{#if}} inside the {{else}}")
	case len(toks) > 1:
		return p.errorAt(toks[1].off, "{{else}} takes no arguments")
	case len(p.frames) == 1:
		return p.errorAt(open, "{{else}} without an open {{#if}}")
	}
	f := p.top()
	if f.inElse {
		return p.errorAt(open, "{{#if}} opened at line %s already has an {{else}}", p.where(f.open))
	}
	f.inElse = true
	return nil
}

// arg turns a token into a literal or a validated path, registering the path.
func (p *parser) arg(tk token) (arg, error) {
	if tk.kind == tokenString {
		return arg{lit: tk.text}, nil
	}
	if isNumber(tk.text) {
		return arg{lit: json.Number(tk.text)}, nil
	}
	pa, problem := parsePath(tk.text)
	if problem != "" {
		return arg{}, p.errorAt(tk.off, "%s", problem)
	}
	idx, ok := p.pathIdx[pa.raw]
	if !ok {
		idx = len(p.paths)
		p.pathIdx[pa.raw] = idx
		p.paths = append(p.paths, pa.raw)
	}
	pa.idx = idx
	return arg{path: pa}, nil
}
