// Package criteria is limen's criteria language: Iterable's profile creation
// criteria JSON, parsed into a model that round-trips unchanged, compiled once
// into an immutable matcher, evaluated against a visitor's stored data exactly
// as SEMANTICS.md says, explained node by node, and linted for marketers.
//
// The package is pure: no storage, no UI, no I/O beyond what callers pass in.
package criteria

import "encoding/json"

// Field is one JSON object member kept exactly as written (compacted). The
// model keeps members it does not understand, and members whose value has an
// unexpected type, as Fields so that export writes them back unchanged.
type Field struct {
	Key   string
	Value json.RawMessage
}

// Document is a criteria document: `{"count", "criteriaSets": [...]}`, or the
// legacy `{"criteriaList": [...]}` envelope.
type Document struct {
	// Count is the `count` member as written; nil when absent.
	Count json.RawMessage
	// Sets are the criteria sets in first-match order; nil when the document
	// has no sets array (build new documents with an empty, non-nil slice).
	Sets []*Set
	// Legacy is true when the sets came from a `criteriaList` member; export
	// writes them back under the same name.
	Legacy bool
	// Extra holds every other member, and `criteriaSets` itself when it is not
	// an array (then Sets is empty and the document matches nothing).
	Extra []Field
}

// Set is one criteria set. A set whose JSON is not an object keeps it in Raw
// and is skipped by evaluation.
type Set struct {
	// ID is the `criteriaId` member as written (a JSON string or number,
	// normally); nil when absent. IDText gives it as text.
	ID        json.RawMessage
	Name      *string
	CreatedAt json.RawMessage
	UpdatedAt json.RawMessage
	// Query is the root of the tree; nil when `searchQuery` is absent or not an
	// object (a non-object value is kept in Extra).
	Query *Node
	Extra []Field
	// Raw holds the whole value when it is not a JSON object.
	Raw json.RawMessage
}

// Node is a node of the criteria tree. A node with a `searchQueries` array is
// a group; otherwise a node with a `searchCombo` member is a leaf (condition
// block); anything else is neither and never holds.
type Node struct {
	// Combinator of a group ("And", "Or", "Not"); nil when absent or not a
	// string (then it is kept in Extra).
	Combinator *string
	// Children of a group. IsGroup is true when `searchQueries` is an array,
	// even an empty one.
	Children []*Node
	IsGroup  bool

	// DataType of a leaf: "customEvent", "purchase" or "user".
	DataType *string
	// Combo is the leaf's `searchCombo`; nil when absent. A non-object value
	// is kept in Combo.Raw, and the node is still a leaf.
	Combo    *Combo
	MinMatch json.RawMessage
	MaxMatch json.RawMessage

	Extra []Field
	// Raw holds the whole value when it is not a JSON object.
	Raw json.RawMessage
}

// IsLeaf reports whether the node is a condition block (rule 6).
func (n *Node) IsLeaf() bool { return n != nil && !n.IsGroup && n.Combo != nil }

// Combo is a leaf's `searchCombo`: conditions joined by a combinator.
type Combo struct {
	Combinator *string
	Conditions []*Condition
	// HasConditions is true when `searchQueries` is an array.
	HasConditions bool
	Extra         []Field
	// Raw holds the whole value when it is not a JSON object.
	Raw json.RawMessage
}

// Condition compares one field of a record with one or more operands.
type Condition struct {
	DataType       *string
	Field          *string
	FieldType      *string
	ComparatorType *string
	// Value and Values are kept as written: operands may be of any JSON type
	// (rule 15 decides which count). Values is nil when `values` is absent;
	// HasValues is true when it is an array.
	Value     json.RawMessage
	Values    []json.RawMessage
	HasValues bool
	ValueLong json.RawMessage
	ID        json.RawMessage
	Extra     []Field
	// Raw holds the whole value when it is not a JSON object.
	Raw json.RawMessage
}

// str returns the value of an optional string, "" when nil.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// Str is a convenience for building models in code: a pointer to s.
func Str(s string) *string { return &s }
