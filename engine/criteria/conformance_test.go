package criteria

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// conformanceVector is one line of ../shared/conformance/criteria.jsonl.
type conformanceVector struct {
	ID         string          `json:"id"`
	Criteria   json.RawMessage `json:"criteria"`
	Events     json.RawMessage `json:"events"`
	UserUpdate json.RawMessage `json:"userUpdate"`
	Expect     *string         `json:"expect"`
	Note       string          `json:"note"`
}

// conformancePath finds the corpus beside the checkout: <repo>/../shared/.
func conformancePath(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("conformance corpus not found: no go.mod above the test directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "conformance", "criteria.jsonl")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("conformance corpus not found at %s (it lives in ../shared/conformance beside the checkout): %v", p, err)
	}
	return p
}

func loadConformance(t testing.TB) []conformanceVector {
	f, err := os.Open(conformancePath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var vs []conformanceVector
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var v conformanceVector
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("corpus line %d: %v", len(vs)+1, err)
		}
		vs = append(vs, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return vs
}

func TestConformance(t *testing.T) {
	vs := loadConformance(t)
	if len(vs) != 244 {
		t.Errorf("corpus has %d vectors, want 244", len(vs))
	}
	for _, v := range vs {
		t.Run(v.ID, func(t *testing.T) {
			c, err := CompileJSON(v.Criteria)
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			events, err := DecodeEvents(v.Events)
			if err != nil {
				t.Fatalf("events: %v", err)
			}
			var update any
			if len(v.UserUpdate) > 0 {
				if update, err = DecodeUserUpdate(v.UserUpdate); err != nil {
					t.Fatalf("user update: %v", err)
				}
			}
			got, ok := c.MatchData(events, update)
			switch {
			case v.Expect == nil && ok:
				t.Errorf("matched %q, want no match %s", got, v.Note)
			case v.Expect != nil && !ok:
				t.Errorf("no match, want %q %s", *v.Expect, v.Note)
			case v.Expect != nil && got != *v.Expect:
				t.Errorf("matched %q, want %q %s", got, *v.Expect, v.Note)
			}
		})
	}
}
