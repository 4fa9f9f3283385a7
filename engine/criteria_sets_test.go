package engine

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"limen/storage"
)

func listIDs(t *testing.T, p *Project) []string {
	t.Helper()
	list, err := p.ListCriteria()
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	return ids
}

func setInfo(t *testing.T, p *Project, id string) CriteriaSetInfo {
	t.Helper()
	list, err := p.ListCriteria()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no criteria set %q", id)
	return CriteriaSetInfo{}
}

func TestSaveDraftRejectedByLintChangesNothing(t *testing.T) {
	p := openProject(t, TypeHybrid)
	if _, probs, err := p.SaveDraft([]byte(badSetJSON("1"))); err != nil || len(probs) == 0 {
		t.Fatalf("bad draft: problems %v, err %v", probs, err)
	}
	if ids := listIDs(t, p); len(ids) != 0 {
		t.Fatalf("a rejected draft was saved: %v", ids)
	}
	info, probs, err := p.SaveDraft([]byte(setJSON("1", "a")))
	if err != nil || len(probs) > 0 || info.Status != StatusDraft || info.Position != 0 || info.Name != "Did a" {
		t.Fatalf("SaveDraft: %+v %v %v", info, probs, err)
	}
	if _, probs, _ = p.SaveDraft([]byte(badSetJSON("1"))); len(probs) == 0 {
		t.Fatal("bad update of an existing draft accepted")
	}
	if got := setInfo(t, p, "1"); string(got.Draft) != string(info.Draft) {
		t.Fatalf("rejected update changed the draft: %s", got.Draft)
	}
	if _, _, err := p.SaveDraft([]byte(`{"criteriaId": "2",`)); err == nil {
		t.Fatal("SaveDraft accepted text that is not JSON")
	}
	// Lint uses the project's event limit.
	s := p.Settings()
	s.EventLimit = 1
	if err := p.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	minMatch2 := `{"criteriaId":"3","searchQuery":{"combinator":"And","searchQueries":[{"dataType":"customEvent","minMatch":2,"searchCombo":{"combinator":"And","searchQueries":[{"dataType":"customEvent","field":"eventName","comparatorType":"Equals","value":"x","fieldType":"string"}]}}]}}`
	if _, probs, _ := p.SaveDraft([]byte(minMatch2)); len(probs) == 0 {
		t.Fatal("minMatch above the project's event limit accepted")
	}
}

func TestPublishBumpsVersions(t *testing.T) {
	p := openProject(t, TypeHybrid)
	if c := p.PublishedCriteria(); c.Version != 0 || c.Compiled == nil || c.Compiled.Len() != 0 {
		t.Fatalf("before publishing: %+v", c)
	}
	sub, cancel := p.Subscribe()
	defer cancel()
	if v := publishSet(t, p, "1", "a"); v != 1 {
		t.Fatalf("first publication is version %d", v)
	}
	if h := <-sub; h.Kind != HappeningPublished {
		t.Fatalf("happening %+v", h)
	}
	info := setInfo(t, p, "1")
	if info.Status != StatusPublished || info.Version != 1 || string(info.Published) != string(info.Draft) {
		t.Fatalf("after publish: %+v", info)
	}
	// Republishing an unchanged draft changes nothing.
	if v, err := p.Publish("1"); err != nil || v != 1 {
		t.Fatalf("republish unchanged: %d %v", v, err)
	}
	if _, _, err := p.SaveDraft([]byte(setJSON("1", "b"))); err != nil {
		t.Fatal(err)
	}
	if info := setInfo(t, p, "1"); info.Status != StatusChanged {
		t.Fatalf("edited draft status %q", info.Status)
	}
	if c := p.PublishedCriteria(); c.Version != 1 {
		t.Fatalf("saving a draft changed the published version to %d", c.Version)
	}
	if v, err := p.Publish("1"); err != nil || v != 2 {
		t.Fatalf("publish edit: %d %v", v, err)
	}
	if info := setInfo(t, p, "1"); info.Version != 2 || info.Status != StatusPublished {
		t.Fatalf("after second publish: %+v", info)
	}
	if v := publishSet(t, p, "2", "c"); v != 3 {
		t.Fatalf("third publication is version %d", v)
	}
	c := p.PublishedCriteria()
	if c.Version != 3 || !slices.Equal(c.Compiled.IDs(), []string{"1", "2"}) {
		t.Fatalf("published %d %v", c.Version, c.Compiled.IDs())
	}
	var doc struct {
		Count int               `json:"count"`
		Sets  []json.RawMessage `json:"criteriaSets"`
	}
	if err := json.Unmarshal(c.JSON, &doc); err != nil || doc.Count != 2 || len(doc.Sets) != 2 {
		t.Fatalf("document %s: %v", c.JSON, err)
	}
	// Every version is kept.
	for v := uint64(1); v <= 3; v++ {
		if err := p.db.View(func(txn *storage.Txn) error { _, err := txn.Get(storage.CriteriaKey(v)); return err }); err != nil {
			t.Errorf("document version %d: %v", v, err)
		}
	}
	if _, err := p.Publish("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("publish unknown set: %v", err)
	}
	if fetched, err := p.FetchCriteria(ctx); err != nil || fetched.Version != 3 {
		t.Fatalf("FetchCriteria: %d %v", fetched.Version, err)
	}
}

func TestPublishRelintsWithCurrentLimit(t *testing.T) {
	p := openProject(t, TypeHybrid)
	minMatch5 := `{"criteriaId":"5","searchQuery":{"combinator":"And","searchQueries":[{"dataType":"customEvent","minMatch":5,"searchCombo":{"combinator":"And","searchQueries":[{"dataType":"customEvent","field":"eventName","comparatorType":"Equals","value":"x","fieldType":"string"}]}}]}}`
	if _, probs, err := p.SaveDraft([]byte(minMatch5)); err != nil || len(probs) > 0 {
		t.Fatal(probs, err)
	}
	s := p.Settings()
	s.EventLimit = 2
	if err := p.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	var le *LintError
	if _, err := p.Publish("5"); !errors.As(err, &le) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("publish of a draft the new limit rejects: %v", err)
	}
	if p.PublishedCriteria().Version != 0 {
		t.Fatal("a rejected publish published")
	}
}

func TestReorderAndDelete(t *testing.T) {
	p := openProject(t, TypeHybrid)
	publishSet(t, p, "A", "a")
	publishSet(t, p, "B", "b") // version 2
	if _, _, err := p.SaveDraft([]byte(setJSON("C", "c"))); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		do      func() (uint64, error)
		bad     bool
		order   []string
		version uint64
		pubIDs  []string
	}{
		{"reorder published", func() (uint64, error) { return p.Reorder([]string{"B", "A", "C"}) }, false, []string{"B", "A", "C"}, 3, []string{"B", "A"}},
		{"move a draft only", func() (uint64, error) { return p.Reorder([]string{"C", "B", "A"}) }, false, []string{"C", "B", "A"}, 3, []string{"B", "A"}},
		{"reorder missing one", func() (uint64, error) { return p.Reorder([]string{"C", "B"}) }, true, []string{"C", "B", "A"}, 3, []string{"B", "A"}},
		{"reorder unknown id", func() (uint64, error) { return p.Reorder([]string{"C", "B", "X"}) }, true, []string{"C", "B", "A"}, 3, []string{"B", "A"}},
		{"reorder twice listed", func() (uint64, error) { return p.Reorder([]string{"C", "B", "B"}) }, true, []string{"C", "B", "A"}, 3, []string{"B", "A"}},
		{"delete draft", func() (uint64, error) { return p.DeleteCriteria("C") }, false, []string{"B", "A"}, 3, []string{"B", "A"}},
		{"delete published", func() (uint64, error) { return p.DeleteCriteria("B") }, false, []string{"A"}, 4, []string{"A"}},
		{"delete unknown", func() (uint64, error) { return p.DeleteCriteria("B") }, true, []string{"A"}, 4, []string{"A"}},
		{"delete last", func() (uint64, error) { return p.DeleteCriteria("A") }, false, nil, 5, nil},
	}
	for _, s := range steps {
		v, err := s.do()
		if (err != nil) != s.bad {
			t.Fatalf("%s: error %v", s.name, err)
		}
		if !s.bad && v != s.version {
			t.Errorf("%s: returned version %d, want %d", s.name, v, s.version)
		}
		c := p.PublishedCriteria()
		if ids := listIDs(t, p); !slices.Equal(ids, s.order) || c.Version != s.version || !slices.Equal(c.Compiled.IDs(), s.pubIDs) {
			t.Fatalf("%s: order %v, published %d %v", s.name, ids, c.Version, c.Compiled.IDs())
		}
	}
}

func TestImportCriteria(t *testing.T) {
	p := openProject(t, TypeHybrid)
	publishSet(t, p, "2", "old")
	doc := `{"count":2,"criteriaSets":[` + setJSON("1", "a") + `,` + setJSON("2", "b") + `]}`
	bad := `{"count":2,"criteriaSets":[` + setJSON("3", "a") + `,` + badSetJSON("4") + `]}`
	var le *LintError
	if err := p.ImportCriteria([]byte(bad), true); !errors.As(err, &le) || len(le.Problems) == 0 || !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad import: %v", err)
	}
	if ids := listIDs(t, p); !slices.Equal(ids, []string{"2"}) {
		t.Fatalf("a rejected import changed the sets: %v", ids)
	}
	if err := p.ImportCriteria([]byte(doc), false); err != nil {
		t.Fatalf("import: %v", err)
	}
	if ids := listIDs(t, p); !slices.Equal(ids, []string{"2", "1"}) {
		t.Fatalf("order after import %v (existing ids keep their place)", ids)
	}
	if info := setInfo(t, p, "2"); info.Status != StatusChanged || p.PublishedCriteria().Version != 1 {
		t.Fatalf("import without publish: %+v, version %d", info, p.PublishedCriteria().Version)
	}
	if err := p.ImportCriteria([]byte(doc), true); err != nil {
		t.Fatal(err)
	}
	c := p.PublishedCriteria()
	if c.Version != 2 || !slices.Equal(c.Compiled.IDs(), []string{"2", "1"}) {
		t.Fatalf("import with publish: one new version expected, got %d %v", c.Version, c.Compiled.IDs())
	}
	if err := p.ImportCriteria([]byte(`[1]`), true); err == nil {
		t.Fatal("import of a non-document accepted")
	}
}

func TestReplaceCriteriaPublishesExactlyTheDocument(t *testing.T) {
	p := openProject(t, TypeEmail)
	two := `{"count":2,"criteriaSets":[` + setJSON("1", "a") + `,` + setJSON("2", "b") + `]}`
	v1, err := p.ReplaceCriteria([]byte(two))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.PublishedCriteria().Compiled.IDs(); !slices.Equal(got, []string{"1", "2"}) || v1 != 1 {
		t.Fatalf("published %v at v%d, want [1 2] at v1", got, v1)
	}
	v2, err := p.ReplaceCriteria([]byte(`{"count":2,"criteriaSets":[` + setJSON("3", "c") + `,` + setJSON("1", "a") + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	sets, _ := p.ListCriteria()
	if got := p.PublishedCriteria().Compiled.IDs(); !slices.Equal(got, []string{"3", "1"}) || v2 != 2 || len(sets) != 2 {
		t.Fatalf("published %v at v%d with %d sets, want [3 1] at v2 and set 2 gone", got, v2, len(sets))
	}
	if v3, _ := p.ReplaceCriteria([]byte(`{"count":2,"criteriaSets":[` + setJSON("3", "c") + `,` + setJSON("1", "a") + `]}`)); v3 != 2 {
		t.Fatalf("republishing the same document bumped the version to %d", v3)
	}
	if _, err := p.ReplaceCriteria([]byte(`{"criteriaSets":[{"name":"no id"}]}`)); !errors.Is(err, ErrInvalid) {
		t.Fatalf("err %v, want lint problems", err)
	}
	if got := p.PublishedCriteria().Compiled.IDs(); !slices.Equal(got, []string{"3", "1"}) {
		t.Fatalf("a rejected document changed the published criteria to %v", got)
	}
}
