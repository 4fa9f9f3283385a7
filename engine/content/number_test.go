package content

import (
	"encoding/json"
	"math"
	"testing"
)

// render parses text and renders it with one field v and a discount.
func render(t *testing.T, text string, v any, discount float64) string {
	t.Helper()
	tpl, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	got, _ := tpl.Render(Data{Fields: map[string]any{"v": v}, Discount: discount})
	return got
}

// sum adds at run time, so that 0.1+0.2 is not folded into the constant 0.3.
func sum(a, b float64) float64 { return a + b }

func TestPlainNumbers(t *testing.T) {
	tests := []struct {
		value any
		want  string
	}{
		{0.0, "0"},
		{math.Copysign(0, -1), "0"},
		{1299.0, "1299"},
		{12.5, "12.5"},
		{-12.5, "-12.5"},
		{sum(0.1, 0.2), "0.30000000000000004"}, // strconv.FormatFloat(v, 'f', -1, 64)
		{1e21, "1000000000000000000000"},
		{1.5e-7, "0.00000015"},
		{-1e-7, "-0.0000001"},
		{float32(2.675), "2.675"},
		{json.Number("-0.00"), "0"},
		{json.Number("007.50"), "7.5"},
		{json.Number("2.5E-2"), "0.025"},
		{json.Number("1e400"), "1e400"}, // not a finite number: kept as written
		{-42, "-42"},
	}
	for _, tc := range tests {
		if got := render(t, "{{v}}", tc.value, 0); got != tc.want {
			t.Errorf("{{v}} with %#v = %q, want %q", tc.value, got, tc.want)
		}
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		value any
		want  string
	}{
		{1299.0, "1,299.00"},
		{0.0, "0.00"},
		{5, "5.00"},
		{999.999, "1,000.00"},
		{999.994, "999.99"},
		{1.005, "1.01"}, // half away from zero on the decimal written, not the binary
		{2.675, "2.68"},
		{0.125, "0.13"},
		{-0.125, "-0.13"},
		{-1299.5, "-1,299.50"},
		{-0.001, "0.00"}, // no negative zero
		{-0.005, "-0.01"},
		{sum(0.1, 0.2), "0.30"},
		{123456789.0, "123,456,789.00"},
		{1234567.0, "1,234,567.00"},
		{100.0, "100.00"},
		{1e21, "1,000,000,000,000,000,000,000.00"},
		{int64(9007199254740993), "9,007,199,254,740,993.00"},
		{uint8(7), "7.00"},
		{"1299", "1,299.00"},
		{" 12.345 ", "12.35"},
		{"+3", "3.00"},
		{".5", "0.50"},
		{"1e3", "1,000.00"},
		{json.Number("99999999999999999999.995"), "100,000,000,000,000,000,000.00"},
		{"abc", ""},
		{"", ""},
		{"0x10", ""},
		{"1_000", ""},
		{"NaN", ""},
		{"Inf", ""},
		{"1e400", ""},
		{"1,299", ""},
		{true, ""},
		{nil, ""},
		{math.NaN(), ""},
		{math.Inf(-1), ""},
		{[]any{1.0}, ""},
	}
	for _, tc := range tests {
		if got := render(t, "{{money v}}", tc.value, 0); got != tc.want {
			t.Errorf("{{money v}} with %#v = %q, want %q", tc.value, got, tc.want)
		}
	}
}

func TestDiscounted(t *testing.T) {
	tests := []struct {
		value    any
		discount float64
		want     string
	}{
		{1299.0, 10, "1,169.10"},
		{1299.0, 0, "1,299.00"},
		{1299.0, 100, "0.00"},
		{1299.0, 12.5, "1,136.63"}, // 1136.625 rounds up
		{19.99, 15, "16.99"},       // 16.9915
		{"1299", 10, "1,169.10"},
		{-10.0, 10, "-9.00"},
		{1e15, 10, "900,000,000,000,000.00"},
		{1e308, -200, ""}, // overflows
		{1299.0, math.NaN(), ""},
		{"free", 10, ""},
	}
	for _, tc := range tests {
		if got := render(t, "{{discounted v}}", tc.value, tc.discount); got != tc.want {
			t.Errorf("{{discounted v}} with %#v at %v%% = %q, want %q", tc.value, tc.discount, got, tc.want)
		}
	}
}

func TestPercentAndDiscount(t *testing.T) {
	tests := []struct {
		text     string
		value    any
		discount float64
		want     string
	}{
		{"{{percent v}}", 10.0, 0, "10%"},
		{"{{percent v}}", 12.50, 0, "12.5%"},
		{"{{percent v}}", -3, 0, "-3%"},
		{"{{percent v}}", "7.0", 0, "7%"},
		{"{{percent v}}", "seven", 0, ""},
		{"{{percent discount}}", nil, 12.5, "12.5%"},
		{"{{discount}}", nil, 10, "10"},
		{"{{discount}}", nil, 12.5, "12.5"},
		{"{{discount}}", nil, 0, "0"},
		{"{{discount}}", nil, 33.333, "33.333"},
		{"{{money discount}}", nil, 10, "10.00"},
		{"{{percent 0.1}}", nil, 0, "0.1%"},
		{"{{money -1234.565}}", nil, 0, "-1,234.57"},
	}
	for _, tc := range tests {
		if got := render(t, tc.text, tc.value, tc.discount); got != tc.want {
			t.Errorf("%s with v=%#v, discount %v = %q, want %q", tc.text, tc.value, tc.discount, got, tc.want)
		}
	}
}

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "12": "12", "123": "123", "1234": "1,234", "12345": "12,345",
		"123456": "123,456", "1234567": "1,234,567",
	} {
		if got := group(in); got != want {
			t.Errorf("group(%q) = %q, want %q", in, got, want)
		}
	}
}
