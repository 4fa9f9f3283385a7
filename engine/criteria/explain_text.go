package criteria

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteText writes the explanation as an indented tree for people: each node
// with ✓ or ✗, condition blocks with their counts against the count required
// and the stored events (numbered from 1) that satisfied them.
func (ex *Explanation) WriteText(w io.Writer) error {
	tw := &textWriter{w: w}
	if ex.Matched {
		tw.line(0, "match: %s", ex.Match)
	} else {
		tw.line(0, "no match")
	}
	if len(ex.Sets) == 0 {
		tw.line(0, "(no criteria set can be evaluated)")
	}
	for _, s := range ex.Sets {
		tw.line(0, "")
		label := "does not hold"
		if s.Holds {
			label = "holds"
			if s.Winner {
				label = "holds, first match wins"
			}
		}
		name := ""
		if s.Name != "" {
			name = " " + strconv.Quote(s.Name)
		}
		tw.line(0, "%s criteria set %s%s (%s): %s", mark(s.Holds), s.ID, name, s.Path, label)
		tw.node(1, s.Root)
	}
	return tw.err
}

type textWriter struct {
	w   io.Writer
	err error
}

func (tw *textWriter) line(depth int, format string, args ...any) {
	if tw.err != nil {
		return
	}
	_, tw.err = fmt.Fprintf(tw.w, "%s%s\n", strings.Repeat("  ", depth), fmt.Sprintf(format, args...))
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

func (tw *textWriter) node(depth int, v *NodeVerdict) {
	switch v.Kind {
	case "group":
		tw.line(depth, "%s %s", mark(v.Holds), groupLabel(v.Combinator))
		for _, ch := range v.Children {
			tw.node(depth+1, ch)
		}
	case "leaf":
		tw.line(depth, "%s %s block (%s): %d of %d needed%s", mark(v.Holds), v.DataType,
			comboLabel(v.Combinator), v.Count, v.Required, recordList(v.Records))
		for _, c := range v.Conditions {
			tw.line(depth+2, "· %s — holds on %d %s record%s", conditionText(c), c.Records, v.DataType, plural(c.Records))
		}
	default:
		tw.line(depth, "✗ (%s is neither a group nor a condition block)", v.Path)
	}
}

func groupLabel(comb string) string {
	switch comb {
	case "And":
		return "all of (And)"
	case "Or":
		return "any of (Or)"
	case "Not":
		return "none of (Not)"
	}
	return fmt.Sprintf("unknown combinator %q: never holds", comb)
}

func comboLabel(comb string) string {
	switch comb {
	case "And":
		return "all conditions"
	case "Or":
		return "any condition"
	case "Not":
		return "no condition"
	}
	return fmt.Sprintf("unknown combinator %q", comb)
}

func conditionText(c ConditionVerdict) string {
	ops := make([]string, len(c.Operands))
	for i, o := range c.Operands {
		ops[i] = strconv.Quote(o)
	}
	s := c.Field + " " + c.Comparator
	if len(ops) > 0 && c.Comparator != "IsSet" {
		s += " " + strings.Join(ops, " or ")
	}
	return s
}

func recordList(srcs []int) string {
	if len(srcs) == 0 {
		return ""
	}
	parts := make([]string, 0, len(srcs))
	for _, s := range srcs {
		if s == UserUpdateSource {
			parts = append(parts, "profile update")
		} else {
			parts = append(parts, "event "+strconv.Itoa(s+1))
		}
	}
	const most = 12
	if len(parts) > most {
		parts = append(parts[:most], fmt.Sprintf("… %d more", len(srcs)-most))
	}
	return "; satisfied by " + strings.Join(parts, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
