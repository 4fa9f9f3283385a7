package content

import (
	"fmt"
	"unicode/utf8"
)

// maxDepth bounds how deeply {{#if}} blocks nest, so rendering never recurses
// without limit.
const maxDepth = 100

// Template is a parsed message text. Safe for concurrent use: nothing changes
// it after Parse.
type Template struct {
	nodes []node
	paths []string
}

// Data is what a template is rendered against.
type Data struct {
	Fields   map[string]any // the profile's data fields (top-level names: {{firstName}}, {{address.city}})
	Events   []Event        // the profile's events, NEWEST FIRST
	Discount float64        // the campaign's discount, percent (0–100)
}

// Event is one of a profile's events.
type Event struct {
	Name   string         // eventName for custom events; "purchase" for purchases, "cartUpdate" for cart updates
	Fields map[string]any // the event's data fields (for purchases: also "total" and "items")
}

// Error is a problem found by Parse, at a 1-based line and column (counted in
// characters) of the text.
type Error struct {
	Line, Column int
	Problem      string
}

// Error returns "line L, column C: problem".
func (e *Error) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Problem)
}

// Paths lists every path the template reads (for lint/preview), in the order
// written, once each. Paths only implied, such as the discount that
// discounted applies, are not listed.
func (t *Template) Paths() []string {
	return append([]string(nil), t.paths...)
}

// nodeKind tells what a node is.
type nodeKind uint8

const (
	nodeText  nodeKind = iota // literal text
	nodeValue                 // {{path}} or {{helper args}}
	nodeIf                    // {{#if cond}}then{{else}}els{{/if}}
)

// node is one piece of a parsed template.
type node struct {
	kind   nodeKind
	text   string // nodeText
	helper helper // nodeValue
	args   []arg  // nodeValue: the value, or the helper's arguments
	cond   arg    // nodeIf
	then   []node // nodeIf
	els    []node // nodeIf
}

// helper is a value helper; helperNone writes its single argument.
type helper uint8

const (
	helperNone helper = iota
	helperDefaultIfEmpty
	helperMoney
	helperDiscounted
	helperPercent
)

// lookupHelper finds a helper and its argument count by name.
func lookupHelper(name string) (h helper, arity int, ok bool) {
	switch name {
	case "defaultIfEmpty":
		return helperDefaultIfEmpty, 2, true
	case "money":
		return helperMoney, 1, true
	case "discounted":
		return helperDiscounted, 1, true
	case "percent":
		return helperPercent, 1, true
	}
	return helperNone, 0, false
}

// helperList is how error messages name the helpers.
const helperList = "defaultIfEmpty, money, discounted, percent"

// arg is a helper argument or a value: a literal (a string, or a json.Number
// for numbers) or a path.
type arg struct {
	lit  any
	path *path
}

// rootKind tells where a path's value comes from.
type rootKind uint8

const (
	rootField    rootKind = iota // a profile data field
	rootEvent                    // last.<event>.<field...>
	rootDiscount                 // discount
)

// path is a validated dotted path.
type path struct {
	raw   string
	root  rootKind
	event string   // rootEvent: the event name
	segs  []string // the parts after the root (field: all parts)
	idx   int      // index in Template.paths
}

// position turns a byte offset into a 1-based line and column counted in
// characters (each invalid UTF-8 byte counts as one).
func position(text string, off int) (line, col int) {
	line, col = 1, 1
	if off > len(text) {
		off = len(text)
	}
	for i := 0; i < off; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}
