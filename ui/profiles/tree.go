package profiles

import (
	"fmt"
	"slices"
	"strings"
)

// treeLine is one line of a data-field tree: a key with its scalar value,
// or an object or array, collapsed to a summary or opened onto its
// children (which follow it, one level deeper).
type treeLine struct {
	Path      string // keys from the root, joined by pathSep
	Depth     int
	Key       string
	Value     string // the scalar, or a summary of a container
	Container bool
	Open      bool
}

const pathSep = "\x1f"

// flattenTree lists the lines of a tree of JSON-like values: keys sorted,
// array elements in order; a container is open when open[path] is true.
// Every container starts collapsed, so only the first level shows.
func flattenTree(fields map[string]any, open map[string]bool) []treeLine {
	var out []treeLine
	var walk func(v any, path, key string, depth int)
	walk = func(v any, path, key string, depth int) {
		line := treeLine{Path: path, Depth: depth, Key: key}
		var children func()
		switch x := v.(type) {
		case map[string]any:
			line.Container, line.Value = true, fmt.Sprintf("{%s}", plural(len(x), "key"))
			children = func() {
				for _, k := range sortedKeys(x) {
					walk(x[k], path+pathSep+k, k, depth+1)
				}
			}
		case []any:
			line.Container, line.Value = true, fmt.Sprintf("[%s]", plural(len(x), "item"))
			children = func() {
				for i, e := range x {
					k := fmt.Sprintf("[%d]", i)
					walk(e, path+pathSep+k, k, depth+1)
				}
			}
		default:
			line.Value = scalar(v)
		}
		line.Open = line.Container && open[path]
		out = append(out, line)
		if line.Open {
			children()
		}
	}
	for _, k := range sortedKeys(fields) {
		walk(fields[k], k, k, 0)
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// treeParent is the path of a line's parent ("" at the first level).
func treeParent(path string) string {
	i := strings.LastIndex(path, pathSep)
	if i < 0 {
		return ""
	}
	return path[:i]
}

// expandNode opens the container at lines[i]; it reports whether anything
// changed.
func expandNode(open map[string]bool, lines []treeLine, i int) bool {
	if i < 0 || i >= len(lines) || !lines[i].Container || lines[i].Open {
		return false
	}
	open[lines[i].Path] = true
	return true
}

// collapseNode closes the open container at lines[i]; on anything else it
// closes the line's parent and returns the parent's index, so that ←
// walks up the tree. It returns the index the cursor should move to.
func collapseNode(open map[string]bool, lines []treeLine, i int) int {
	if i < 0 || i >= len(lines) {
		return i
	}
	if lines[i].Open {
		delete(open, lines[i].Path)
		return i
	}
	parent := treeParent(lines[i].Path)
	if parent == "" {
		return i
	}
	for j := i - 1; j >= 0; j-- {
		if lines[j].Path == parent {
			delete(open, parent)
			return j
		}
	}
	return i
}
