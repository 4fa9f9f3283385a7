package engine

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"limen/engine/criteria"
)

// corpusCriteria reads every criteria document of the conformance corpus
// beside the checkout (../shared/conformance), or skips.
func corpusCriteria(t *testing.T) map[string]json.RawMessage {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "conformance", "criteria.jsonl")
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("conformance corpus not found at %s (it lives in ../shared/conformance beside the checkout)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]json.RawMessage{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var v struct {
			ID       string          `json:"id"`
			Criteria json.RawMessage `json:"criteria"`
		}
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		out[v.ID] = v.Criteria
	}
	return out
}

// TestImportExportRoundTripsTheCorpus imports every corpus document as the
// project's whole criteria and exports it back: the sets come back identical,
// member for member.
func TestImportExportRoundTripsTheCorpus(t *testing.T) {
	p := openProject(t, TypeEmail)
	imported := 0
	for id, raw := range corpusCriteria(t) {
		in, err := criteria.Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if probs := criteria.Lint(in, criteria.LintOptions{EventLimit: p.Settings().EventLimit}); len(probs) > 0 {
			if _, err := p.ReplaceCriteria(raw); !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: lint reports %v but the import was not refused: %v", id, probs, err)
			}
			continue
		}
		if _, err := p.ReplaceCriteria(raw); err != nil {
			t.Fatalf("%s: import: %v", id, err)
		}
		out, err := criteria.Parse(p.PublishedCriteria().JSON)
		if err != nil {
			t.Fatalf("%s: export is not a criteria document: %v", id, err)
		}
		if !reflect.DeepEqual(in.Sets, out.Sets) {
			a, _ := criteria.Export(in)
			b, _ := criteria.Export(out)
			t.Errorf("%s: sets changed through import/export:\n in %s\nout %s", id, a, b)
		}
		imported++
	}
	if imported < 240 {
		t.Errorf("only %d corpus documents imported", imported)
	}
}
