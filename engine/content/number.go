package content

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// decimal is a finite number in plain decimal: digits only, intPart without
// leading zeros ("0" for none), frac as written (possibly with trailing
// zeros). neg is never set for zero.
type decimal struct {
	neg     bool
	intPart string
	frac    string
}

// decimalOf reads a number out of a value: any Go integer or float type, a
// json.Number, and, when text is set, a string holding a number. NaN and
// infinities are not numbers.
func decimalOf(v any, text bool) (decimal, bool) {
	switch x := v.(type) {
	case float64:
		return floatDecimal(x, 64)
	case float32:
		return floatDecimal(float64(x), 32)
	case int:
		return parseDecimal(strconv.FormatInt(int64(x), 10))
	case int8:
		return parseDecimal(strconv.FormatInt(int64(x), 10))
	case int16:
		return parseDecimal(strconv.FormatInt(int64(x), 10))
	case int32:
		return parseDecimal(strconv.FormatInt(int64(x), 10))
	case int64:
		return parseDecimal(strconv.FormatInt(x, 10))
	case uint:
		return parseDecimal(strconv.FormatUint(uint64(x), 10))
	case uint8:
		return parseDecimal(strconv.FormatUint(uint64(x), 10))
	case uint16:
		return parseDecimal(strconv.FormatUint(uint64(x), 10))
	case uint32:
		return parseDecimal(strconv.FormatUint(uint64(x), 10))
	case uint64:
		return parseDecimal(strconv.FormatUint(x, 10))
	case uintptr:
		return parseDecimal(strconv.FormatUint(uint64(x), 10))
	case json.Number:
		return numberText(string(x))
	case string:
		if text {
			return numberText(strings.TrimSpace(x))
		}
	}
	return decimal{}, false
}

// numberText reads a number written as text: plain decimal is kept exactly;
// a number with an exponent (1e3, 2.5E-2) goes through float64.
func numberText(s string) (decimal, bool) {
	if d, ok := parseDecimal(s); ok {
		return d, true
	}
	if s == "" || strings.Trim(s, "0123456789+-.eE") != "" {
		return decimal{}, false // no hex, underscores, Inf or NaN
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return decimal{}, false
	}
	return floatDecimal(f, 64)
}

// floatDecimal is the shortest decimal that reads back as f.
func floatDecimal(f float64, bits int) (decimal, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return decimal{}, false
	}
	d, ok := parseDecimal(strconv.FormatFloat(math.Abs(f), 'f', -1, bits))
	d.neg = f < 0 && !d.isZero()
	return d, ok
}

// parseDecimal reads [+-]digits[.digits], [+-]digits. or [+-].digits.
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	switch {
	case strings.HasPrefix(s, "-"):
		d.neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	intPart, frac, dot := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return decimal{}, false
	}
	if (intPart != "" && !allDigits(intPart)) || (frac != "" && !allDigits(frac)) || (!dot && frac != "") {
		return decimal{}, false
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	d.intPart, d.frac = intPart, frac
	if d.isZero() {
		d.neg = false
	}
	return d, true
}

// isZero reports whether every digit is 0.
func (d decimal) isZero() bool {
	return strings.Trim(d.intPart, "0") == "" && strings.Trim(d.frac, "0") == ""
}

// plain writes d without exponent and without trailing zeros: 1299, -12.5.
func (d decimal) plain() string {
	s := d.intPart
	if frac := strings.TrimRight(d.frac, "0"); frac != "" {
		s += "." + frac
	}
	if d.neg {
		s = "-" + s
	}
	return s
}

// money writes d rounded half away from zero to two decimals, with a comma
// between each group of three integer digits: 1,299.00, -0.50.
func (d decimal) money() string {
	frac := d.frac + "000"
	cents := []byte(d.intPart + frac[:2])
	if frac[2] >= '5' {
		cents = increment(cents)
	}
	intPart, dec := string(cents[:len(cents)-2]), string(cents[len(cents)-2:])
	if intPart = strings.TrimLeft(intPart, "0"); intPart == "" {
		intPart = "0"
	}
	s := group(intPart) + "." + dec
	if d.neg && strings.Trim(string(cents), "0") != "" {
		s = "-" + s
	}
	return s
}

// increment adds one to a string of digits.
func increment(digits []byte) []byte {
	for i := len(digits) - 1; i >= 0; i-- {
		if digits[i] < '9' {
			digits[i]++
			return digits
		}
		digits[i] = '0'
	}
	return append([]byte{'1'}, digits...)
}

// group puts a comma between each group of three digits, from the right.
func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	b.Grow(len(digits) + len(digits)/3)
	first := len(digits) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(digits[:first])
	for i := first; i < len(digits); i += 3 {
		b.WriteByte(',')
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// float reads d back as a float64.
func (d decimal) float() (float64, bool) {
	f, err := strconv.ParseFloat(d.plain(), 64)
	return f, err == nil
}
