// Package textdiff compares two texts line by line, for showing what
// publishing a criteria set would change (on the command line and in the
// console alike).
package textdiff

// Lines compares a and b line by line (longest common subsequence) and
// returns the changed lines ("- " removed, "+ " added) with up to context
// unchanged lines ("  ") around each change; "  …" stands for the unchanged
// lines left out. Equal texts give nil.
func Lines(a, b []string, context int) []string {
	lcs := make([][]int32, len(a)+1) // lcs[i][j]: common lines of a[i:] and b[j:]
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []string // each line prefixed by its mark
	for i, j := 0, 0; i < len(a) || j < len(b); {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops, i, j = append(ops, "  "+a[i]), i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops, i = append(ops, "- "+a[i]), i+1
		default:
			ops, j = append(ops, "+ "+b[j]), j+1
		}
	}
	keep := make([]bool, len(ops))
	changed := false
	for k, o := range ops {
		if o[0] != ' ' {
			changed = true
			for c := max(0, k-context); c <= min(len(ops)-1, k+context); c++ {
				keep[c] = true
			}
		}
	}
	if !changed {
		return nil
	}
	var out []string
	for k, o := range ops {
		switch {
		case keep[k]:
			out = append(out, o)
		case k == 0 || keep[k-1]:
			out = append(out, "  …")
		}
	}
	return out
}
