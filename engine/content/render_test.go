package content

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
)

// profile is the data most render cases use.
func profile() Data {
	return Data{
		Fields: map[string]any{
			"firstName": "Ana",
			"empty":     "",
			"nothing":   nil,
			"vip":       true,
			"notVip":    false,
			"zero":      0.0,
			"points":    1299.0,
			"count":     3,
			"address":   map[string]any{"city": "Lyon", "zip": "69001"},
			"tags":      []any{"sofa", "lamp"},
			"noTags":    []any{},
			"noMap":     map[string]any{},
			"items":     []any{map[string]any{"name": "Sofa", "price": 499.5}},
			"html":      `<b>Tom & "Jerry"</b>`,
			"strPrice":  "1299",
			"word":      "free",
			"strZero":   "0",
		},
		Events: []Event{
			{Name: "viewedProduct", Fields: map[string]any{"name": "Oak table", "price": 1299.0}},
			{Name: "purchase", Fields: map[string]any{"total": 74.9, "items": []any{map[string]any{"name": "Chair"}}}},
			{Name: "viewedProduct", Fields: map[string]any{"name": "Old lamp", "price": 20.0}},
			{Name: "cartUpdate"},
		},
		Discount: 10,
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name, text, want string
		missing          []string
	}{
		{"literal", "Hello, world!", "Hello, world!", nil},
		{"empty text", "", "", nil},
		{"field", "Hi {{firstName}}", "Hi Ana", nil},
		{"spaces inside braces", "Hi {{ firstName }}!", "Hi Ana!", nil},
		{"newlines inside braces", "Hi {{\n firstName\n}}", "Hi Ana", nil},
		{"triple braces", "Hi {{{firstName}}}", "Hi Ana", nil},
		{"triple braces with spaces", "Hi {{{ firstName }}}", "Hi Ana", nil},
		{"no HTML escaping", "{{html}}", `<b>Tom & "Jerry"</b>`, nil},
		{"nested field", "{{address.city}}", "Lyon", nil},
		{"array index", "{{items.0.name}}", "Sofa", nil},
		{"array index out of range", "{{items.1.name}}", "", []string{"items.1.name"}},
		{"index into object", "{{address.0}}", "", []string{"address.0"}},
		{"field of a string", "{{firstName.x}}", "", []string{"firstName.x"}},
		{"object as JSON", "{{address}}", `{"city":"Lyon","zip":"69001"}`, nil},
		{"array as JSON", "{{tags}}", `["sofa","lamp"]`, nil},
		{"empty array", "{{noTags}}", `[]`, nil},
		{"bool", "{{vip}}/{{notVip}}", "true/false", nil},
		{"number", "{{points}} {{count}} {{zero}}", "1299 3 0", nil},
		{"string number as is", "{{strPrice}}", "1299", nil},
		{"missing", "Hi {{nickName}}!", "Hi !", []string{"nickName"}},
		{"null", "[{{nothing}}]", "[]", []string{"nothing"}},
		{"empty string reported", "[{{empty}}]", "[]", []string{"empty"}},
		{"missing once each in order", "{{b}}{{a}}{{b}}{{firstName}}{{a}}", "Ana", []string{"b", "a"}},
		{"newest event", "{{last.viewedProduct.name}}", "Oak table", nil},
		{"purchase", "{{last.purchase.total}} {{last.purchase.items.0.name}}", "74.9 Chair", nil},
		{"event as JSON", "{{last.cartUpdate}}", "{}", nil},
		{"missing event", "{{last.signup.source}}", "", []string{"last.signup.source"}},
		{"missing event field", "{{last.viewedProduct.color}}", "", []string{"last.viewedProduct.color"}},
		{"discount", "{{discount}}%", "10%", nil},
		{"escaped braces", `\{{firstName}}`, "{{firstName}}", nil},
		{"escaped triple braces", `\{{{firstName}}}`, "{{{firstName}}}", nil},
		{"escaped backslash", `\\{{firstName}}`, `\Ana`, nil},
		{"lone braces", "a } b }} c { d", "a } b }} c { d", nil},
		{"comment", "a{{! a comment }}b", "ab", nil},
		{"long comment", "a{{!-- has }} inside --}}b", "ab", nil},
		{"comment between text", "x {{! c }} y", "x  y", nil},
		{"string literal", `{{"hi"}}`, "hi", nil},
		{"number literal", `{{1.50}}`, "1.5", nil},
		{"key named like a number", `{{address.69001}}`, "", []string{"address.69001"}},

		{"defaultIfEmpty present", `{{defaultIfEmpty firstName "there"}}`, "Ana", nil},
		{"defaultIfEmpty missing", `{{defaultIfEmpty nickName "there"}}`, "there", nil},
		{"defaultIfEmpty empty", `{{defaultIfEmpty empty "there"}}`, "there", nil},
		{"defaultIfEmpty null", `{{defaultIfEmpty nothing "there"}}`, "there", nil},
		{"defaultIfEmpty false is a value", `{{defaultIfEmpty notVip "x"}}`, "false", nil},
		{"defaultIfEmpty zero is a value", `{{defaultIfEmpty zero "x"}}`, "0", nil},
		{"defaultIfEmpty single quotes", `{{defaultIfEmpty nickName 'it\'s'}}`, "it's", nil},
		{"defaultIfEmpty escaped quote", `{{defaultIfEmpty nickName "say \"hi\""}}`, `say "hi"`, nil},
		{"defaultIfEmpty braces in string", `{{defaultIfEmpty nickName "}}"}}`, `}}`, nil},
		{"defaultIfEmpty path fallback", `{{defaultIfEmpty nickName firstName}}`, "Ana", nil},
		{"defaultIfEmpty missing fallback reported", `{{defaultIfEmpty nickName alias}}`, "", []string{"alias"}},
		{"defaultIfEmpty number fallback", `{{defaultIfEmpty nickName 5}}`, "5", nil},

		{"money", "{{money points}}", "1,299.00", nil},
		{"money string", "{{money strPrice}}", "1,299.00", nil},
		{"money literal", "{{money 1234567.891}}", "1,234,567.89", nil},
		{"money missing", "{{money nope}}", "", []string{"nope"}},
		{"money not a number", "{{money word}}", "", []string{"word"}},
		{"money bool", "{{money vip}}", "", []string{"vip"}},
		{"discounted", "{{discounted last.viewedProduct.price}}", "1,169.10", nil},
		{"discounted string", "{{discounted strPrice}}", "1,169.10", nil},
		{"discounted missing", "{{discounted nope}}", "", []string{"nope"}},
		{"percent", "{{percent discount}}", "10%", nil},
		{"percent field", "{{percent items.0.price}}", "499.5%", nil},
		{"percent missing", "{{percent nope}}", "", []string{"nope"}},

		{"if true", "{{#if vip}}VIP{{/if}}", "VIP", nil},
		{"if false", "{{#if notVip}}VIP{{/if}}", "", nil},
		{"if else", "{{#if notVip}}VIP{{else}}regular{{/if}}", "regular", nil},
		{"if spaces", "{{ #if vip }}a{{ else }}b{{ /if }}", "a", nil},
		{"if missing not reported", "{{#if nickName}}{{nickName}}{{else}}friend{{/if}}", "friend", nil},
		{"if empty string", "{{#if empty}}y{{else}}n{{/if}}", "n", nil},
		{"if zero", "{{#if zero}}y{{else}}n{{/if}}", "n", nil},
		{"if int", "{{#if count}}y{{else}}n{{/if}}", "y", nil},
		{"if null", "{{#if nothing}}y{{else}}n{{/if}}", "n", nil},
		{"if empty array", "{{#if noTags}}y{{else}}n{{/if}}", "n", nil},
		{"if empty object", "{{#if noMap}}y{{else}}n{{/if}}", "n", nil},
		{"if array", "{{#if tags}}y{{else}}n{{/if}}", "y", nil},
		{"if object", "{{#if address}}y{{else}}n{{/if}}", "y", nil},
		{"if string", "{{#if firstName}}y{{else}}n{{/if}}", "y", nil},
		{"if string zero is text", "{{#if strZero}}y{{else}}n{{/if}}", "y", nil},
		{"if discount", "{{#if discount}}{{discount}}% off{{/if}}", "10% off", nil},
		{"if event exists", "{{#if last.cartUpdate}}y{{else}}n{{/if}}", "y", nil},
		{"if event absent", "{{#if last.signup}}y{{else}}n{{/if}}", "n", nil},
		{"if literal", `{{#if "x"}}y{{/if}}{{#if 0}}z{{/if}}`, "y", nil},
		{"nested if", "{{#if vip}}A{{#if notVip}}B{{else}}C{{#if tags}}D{{/if}}{{/if}}E{{else}}F{{/if}}", "ACDE", nil},
		{"missing inside untaken branch", "{{#if notVip}}{{nope}}{{/if}}", "", nil},
		{"missing inside else", "{{#if notVip}}x{{else}}{{nope}}{{/if}}", "", []string{"nope"}},
		{"if then missing value reported", "{{#if nickName}}x{{/if}}{{nickName}}", "", []string{"nickName"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := Parse(tc.text)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.text, err)
			}
			got, missing := tpl.Render(profile())
			if got != tc.want {
				t.Errorf("Render(%q) = %q, want %q", tc.text, got, tc.want)
			}
			if !slices.Equal(missing, tc.missing) {
				t.Errorf("Render(%q) missing = %q, want %q", tc.text, missing, tc.missing)
			}
		})
	}
}

// TestRenderValueTypes covers the Go types data fields may hold.
func TestRenderValueTypes(t *testing.T) {
	type named string
	tests := []struct {
		name  string
		value any
		want  string
	}{
		{"int", 42, "42"},
		{"int8", int8(-8), "-8"},
		{"int64 exact", int64(9007199254740993), "9007199254740993"},
		{"uint64", uint64(math.MaxUint64), "18446744073709551615"},
		{"float32", float32(0.1), "0.1"},
		{"float64", 0.1, "0.1"},
		{"json.Number", json.Number("1.50"), "1.5"},
		{"json.Number exponent", json.Number("1e3"), "1000"},
		{"json.Number big", json.Number("123456789012345678901234567890"), "123456789012345678901234567890"},
		{"json.Number not a number", json.Number("abc"), "abc"},
		{"NaN", math.NaN(), ""},
		{"Inf", math.Inf(1), ""},
		{"[]string", []string{"a", "b"}, `["a","b"]`},
		{"map[string]string", map[string]string{"k": "<v>"}, `{"k":"<v>"}`},
		{"nil map", map[string]any(nil), ""},
		{"channel", make(chan int), ""},
		{"named string map", map[named]any{"k": 1}, `{"k":1}`},
		{"struct", struct{ A int }{1}, `{"A":1}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := Parse("{{v}}")
			if err != nil {
				t.Fatal(err)
			}
			got, _ := tpl.Render(Data{Fields: map[string]any{"v": tc.value}})
			if got != tc.want {
				t.Errorf("{{v}} with %#v = %q, want %q", tc.value, got, tc.want)
			}
		})
	}
}

// TestRenderContainers covers walking Go container types other than
// map[string]any and []any.
func TestRenderContainers(t *testing.T) {
	type named string
	fields := map[string]any{
		"a": []map[string]any{{"name": "x"}},
		"b": map[string]string{"name": "y"},
		"c": []string{"p", "q"},
		"d": map[named]int{"n": 7},
		"e": [2]int{4, 5},
		"f": map[int]string{1: "no"},
	}
	tpl, err := Parse("{{a.0.name}} {{b.name}} {{c.1}} {{d.n}} {{e.1}} {{f.1}}{{c.2}}{{c.99999999999999999999}}")
	if err != nil {
		t.Fatal(err)
	}
	got, missing := tpl.Render(Data{Fields: fields})
	if want := "x y q 7 5 "; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if want := []string{"f.1", "c.2", "c.99999999999999999999"}; !slices.Equal(missing, want) {
		t.Errorf("missing = %q, want %q", missing, want)
	}
}

// TestRenderNilData renders against empty data.
func TestRenderNilData(t *testing.T) {
	tpl, err := Parse(`{{a.b}}{{last.x.y}}{{#if last.x}}e{{/if}}{{discount}}{{money discount}}{{discounted a}}{{defaultIfEmpty a "d"}}`)
	if err != nil {
		t.Fatal(err)
	}
	got, missing := tpl.Render(Data{})
	if want := "00.00d"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if want := []string{"a.b", "last.x.y", "a"}; !slices.Equal(missing, want) {
		t.Errorf("missing = %q, want %q", missing, want)
	}
}

// TestTruthyTypes covers {{#if}} on the Go types data fields may hold.
func TestTruthyTypes(t *testing.T) {
	var nilPtr *int
	one := 1
	tests := []struct {
		value any
		want  bool
	}{
		{0, false}, {7, true}, {uint16(0), false}, {int64(-1), true},
		{float32(0), false}, {float32(0.5), true}, {math.NaN(), false}, {math.Inf(-1), true},
		{json.Number("0.00"), false}, {json.Number("0.01"), true}, {json.Number("x"), true},
		{[]string{}, false}, {[]string{"a"}, true}, {map[string]string{}, false},
		{map[string]int{"a": 0}, true}, {[0]int{}, false}, {nilPtr, false}, {&one, true},
		{struct{}{}, true}, {make(chan int), true},
	}
	tpl, err := Parse("{{#if v}}y{{else}}n{{/if}}")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		got, _ := tpl.Render(Data{Fields: map[string]any{"v": tc.value}})
		if want := map[bool]string{true: "y", false: "n"}[tc.want]; got != want {
			t.Errorf("{{#if v}} with %#v = %q, want %q", tc.value, got, want)
		}
	}
}
