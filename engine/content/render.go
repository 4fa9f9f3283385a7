package content

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Render renders t against d. missing lists, once each and in order of first
// use, the paths whose output was empty (missing, null, the empty string, or
// not a number where a helper needs one), so a preview can warn
// "last.viewedProduct.name is empty for this profile". Paths tested by
// {{#if}} and the first argument of defaultIfEmpty are never listed.
func (t *Template) Render(d Data) (text string, missing []string) {
	r := renderer{t: t, d: d}
	r.nodes(t.nodes)
	return r.b.String(), r.missing
}

// renderer holds the state of one Render call.
type renderer struct {
	t       *Template
	d       Data
	b       strings.Builder
	seen    []bool // by path index: already in missing
	missing []string
}

// nodes renders a list of nodes; {{#if}} nesting is bounded by maxDepth.
func (r *renderer) nodes(ns []node) {
	for i := range ns {
		n := &ns[i]
		switch n.kind {
		case nodeText:
			r.b.WriteString(n.text)
		case nodeValue:
			r.value(n)
		case nodeIf:
			if r.truthy(n.cond) {
				r.nodes(n.then)
			} else {
				r.nodes(n.els)
			}
		}
	}
}

// report adds a path to missing, once.
func (r *renderer) report(a arg) {
	if a.path == nil {
		return
	}
	if r.seen == nil {
		r.seen = make([]bool, len(r.t.paths))
	}
	if i := a.path.idx; i >= 0 && i < len(r.seen) && !r.seen[i] {
		r.seen[i] = true
		r.missing = append(r.missing, a.path.raw)
	}
}

// value renders {{path}} or {{helper args}}.
func (r *renderer) value(n *node) {
	if len(n.args) == 0 {
		return
	}
	a := n.args[0]
	v, found := r.resolve(a)
	var s string
	switch n.helper {
	case helperNone:
		s = text(v, found)
	case helperDefaultIfEmpty:
		if s = text(v, found); s == "" && len(n.args) > 1 {
			a = n.args[1]
			s = text(r.resolve(a))
		}
	case helperMoney:
		if dec, ok := decimalOf(v, true); ok && found {
			s = dec.money()
		}
	case helperDiscounted:
		s = r.discounted(v, found)
	case helperPercent:
		if dec, ok := decimalOf(v, true); ok && found {
			s = dec.plain() + "%"
		}
	}
	if s == "" {
		r.report(a)
	}
	r.b.WriteString(s)
}

// discounted reduces a number by the campaign's discount, formatted as money.
func (r *renderer) discounted(v any, found bool) string {
	if !found {
		return ""
	}
	dec, ok := decimalOf(v, true)
	if !ok {
		return ""
	}
	f, ok := dec.float()
	if !ok {
		return ""
	}
	res, ok := floatDecimal(f*(100-r.d.Discount)/100, 64)
	if !ok {
		return ""
	}
	return res.money()
}

// resolve finds an argument's value; found is false when a path leads
// nowhere.
func (r *renderer) resolve(a arg) (v any, found bool) {
	p := a.path
	if p == nil {
		return a.lit, true
	}
	switch p.root {
	case rootDiscount:
		return r.d.Discount, true
	case rootEvent:
		for i := range r.d.Events {
			e := &r.d.Events[i]
			if e.Name != p.event {
				continue
			}
			if len(p.segs) == 0 {
				if e.Fields == nil {
					return map[string]any{}, true
				}
				return e.Fields, true
			}
			return lookup(e.Fields, p.segs)
		}
		return nil, false
	}
	return lookup(r.d.Fields, p.segs)
}

// truthy tests an {{#if}} condition.
func (r *renderer) truthy(a arg) bool {
	v, found := r.resolve(a)
	if !found {
		return false
	}
	if a.path != nil && a.path.root == rootEvent && len(a.path.segs) == 0 {
		return true // {{#if last.purchase}}: the profile has such an event
	}
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0 && !math.IsNaN(x)
	case float32:
		return x != 0 && !math.IsNaN(float64(x))
	case json.Number:
		if d, ok := decimalOf(x, false); ok {
			return !d.isZero()
		}
		return x != ""
	case map[string]any:
		return len(x) > 0
	case []any:
		return len(x) > 0
	}
	if d, ok := decimalOf(v, false); ok {
		return !d.isZero()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map, reflect.Slice, reflect.Array:
		return rv.Len() > 0
	case reflect.Pointer, reflect.Interface, reflect.Func, reflect.Chan:
		return !rv.IsNil()
	}
	return true
}

// lookup walks segs down from v.
func lookup(v any, segs []string) (any, bool) {
	for _, s := range segs {
		var ok bool
		if v, ok = child(v, s); !ok {
			return nil, false
		}
	}
	return v, true
}

// child is the member seg of an object, or the element seg of an array.
func child(v any, seg string) (any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, false
	case map[string]any:
		c, ok := x[seg]
		return c, ok
	case []any:
		if i, ok := index(seg, len(x)); ok {
			return x[i], true
		}
		return nil, false
	case []map[string]any:
		if i, ok := index(seg, len(x)); ok {
			return x[i], true
		}
		return nil, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		kt := rv.Type().Key()
		if kt.Kind() != reflect.String {
			return nil, false
		}
		c := rv.MapIndex(reflect.ValueOf(seg).Convert(kt))
		if !c.IsValid() || !c.CanInterface() {
			return nil, false
		}
		return c.Interface(), true
	case reflect.Slice, reflect.Array:
		i, ok := index(seg, rv.Len())
		if !ok || !rv.Index(i).CanInterface() {
			return nil, false
		}
		return rv.Index(i).Interface(), true
	}
	return nil, false
}

// index reads an array index below n.
func index(seg string, n int) (int, bool) {
	if !allDigits(seg) || len(seg) > 18 {
		return 0, false
	}
	i, err := strconv.Atoi(seg)
	if err != nil || i >= n {
		return 0, false
	}
	return i, true
}

// text writes a value: text as is, numbers in plain decimal, booleans, other
// values as compact JSON, and nothing for a missing, null or non-finite one.
func text(v any, found bool) string {
	if !found {
		return ""
	}
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		if d, ok := decimalOf(x, false); ok {
			return d.plain()
		}
		return string(x)
	case float64, float32:
		if d, ok := decimalOf(x, false); ok {
			return d.plain()
		}
		return ""
	}
	if d, ok := decimalOf(v, false); ok {
		return d.plain()
	}
	return jsonText(v)
}

// jsonText is v as compact JSON, not HTML-escaped; "" when v cannot be
// encoded (NaN, channels, cycles, a MarshalJSON that panics) or is null.
func jsonText(v any) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return ""
	}
	s = strings.TrimSuffix(b.String(), "\n")
	if s == "null" {
		return ""
	}
	return s
}
