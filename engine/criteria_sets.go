package engine

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"limen/engine/criteria"
	"limen/engine/device"
	"limen/storage"
)

// Criteria set statuses.
const (
	StatusDraft     = "draft"     // never published
	StatusPublished = "published" // the draft is what is published
	StatusChanged   = "changed"   // published, and the draft differs
)

// CriteriaSetInfo describes one criteria set.
type CriteriaSetInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Status is StatusDraft, StatusPublished or StatusChanged.
	Status string `json:"status"`
	// Version counts how many times the set was published.
	Version int `json:"version"`
	// Position in first-match order, from 0.
	Position    int       `json:"position"`
	UpdatedAt   time.Time `json:"updatedAt"`
	PublishedAt time.Time `json:"publishedAt,omitzero"`
	// Draft and Published are the set's JSON (one Iterable criteria set);
	// Published is nil until the set is published.
	Draft     []byte `json:"draft"`
	Published []byte `json:"published,omitempty"`
}

// setMeta is a criteria set in the criteria index (meta "criteriaIndex").
// Drafts live under storage.SpaceCriteriaDraft; the published JSON of each
// set is kept here, and the published document under storage.SpaceCriteria.
type setMeta struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Version     int       `json:"version"`
	Published   []byte    `json:"published,omitempty"`
	UpdatedAt   time.Time `json:"updatedAt"`
	PublishedAt time.Time `json:"publishedAt,omitzero"`
}

// criteriaIndex orders the criteria sets (first-match order).
type criteriaIndex struct {
	Sets []setMeta `json:"sets"`
}

func (x *criteriaIndex) find(id string) int {
	return slices.IndexFunc(x.Sets, func(m setMeta) bool { return m.ID == id })
}

// LintError lists what Lint found in criteria being imported, or in a
// draft being published that no longer passes (for example after the event
// limit was lowered).
type LintError struct{ Problems []criteria.Problem }

func (e *LintError) Error() string {
	parts := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		parts = append(parts, p.String())
	}
	return "criteria have problems: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *LintError) Is(target error) bool { return target == ErrInvalid }

func loadIndex(txn *storage.Txn) (criteriaIndex, error) {
	var x criteriaIndex
	err := getJSON(txn, storage.MetaKey(metaCriteriaIndex), &x)
	if errors.Is(err, storage.ErrNotFound) {
		err = nil
	}
	return x, err
}

func saveIndex(txn *storage.Txn, x criteriaIndex) error {
	return putJSON(txn, storage.MetaKey(metaCriteriaIndex), x)
}

// publishedVersion reads the current document version inside a
// transaction; every publication rewrites this key, so a transaction that
// read it conflicts with a concurrent publication.
func publishedVersion(txn *storage.Txn) (uint64, error) {
	val, err := txn.Get(storage.MetaKey(metaCriteriaVersion))
	if errors.Is(err, storage.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(val) != 8 {
		return 0, fmt.Errorf("engine: criteria version blob of %d bytes", len(val))
	}
	return binary.BigEndian.Uint64(val), nil
}

// parseSet checks one criteria set (wrapped in a one-set document) with the
// project's event limit and returns its compact JSON, id and name.
func (p *Project) parseSet(setJSON []byte) (raw []byte, id, name string, probs []criteria.Problem, err error) {
	if err := criteria.CheckJSON(setJSON); err != nil {
		return nil, "", "", nil, err
	}
	doc, err := criteria.Parse([]byte(`{"count":1,"criteriaSets":[` + string(setJSON) + `]}`))
	if err != nil {
		return nil, "", "", nil, err
	}
	if probs := criteria.Lint(doc, criteria.LintOptions{EventLimit: p.Settings().EventLimit}); len(probs) > 0 {
		return nil, "", "", probs, nil
	}
	s := doc.Sets[0]
	raw, err = marshal(s)
	if err != nil {
		return nil, "", "", nil, err
	}
	id, _ = s.IDText()
	if s.Name != nil {
		name = *s.Name
	}
	return raw, id, name, nil, nil
}

// SaveDraft saves one criteria set (Iterable JSON) as a draft. When Lint
// finds problems nothing changes and they are returned. A new criteriaId
// is appended at the end of the first-match order; an existing one keeps
// its place.
func (p *Project) SaveDraft(setJSON []byte) (CriteriaSetInfo, []criteria.Problem, error) {
	raw, id, name, probs, err := p.parseSet(setJSON)
	if err != nil || len(probs) > 0 {
		return CriteriaSetInfo{}, probs, err
	}
	p.critMu.Lock()
	defer p.critMu.Unlock()
	var info CriteriaSetInfo
	err = p.update(func(w *writeTxn) error {
		x, err := loadIndex(w.txn)
		if err != nil {
			return err
		}
		i := x.find(id)
		if i < 0 {
			x.Sets = append(x.Sets, setMeta{ID: id})
			i = len(x.Sets) - 1
		}
		x.Sets[i].Name, x.Sets[i].UpdatedAt = name, w.at
		if err := w.txn.Set(storage.CriteriaDraftKey(id), raw); err != nil {
			return err
		}
		info = infoOf(x.Sets[i], i, raw)
		return saveIndex(w.txn, x)
	})
	return info, nil, err
}

func infoOf(m setMeta, pos int, draft []byte) CriteriaSetInfo {
	info := CriteriaSetInfo{
		ID: m.ID, Name: m.Name, Version: m.Version, Position: pos, UpdatedAt: m.UpdatedAt,
		PublishedAt: m.PublishedAt, Draft: draft, Published: m.Published, Status: StatusDraft,
	}
	switch {
	case m.Published == nil:
	case bytes.Equal(m.Published, draft):
		info.Status = StatusPublished
	default:
		info.Status = StatusChanged
	}
	return info
}

// ListCriteria lists the criteria sets in first-match order.
func (p *Project) ListCriteria() ([]CriteriaSetInfo, error) {
	var out []CriteriaSetInfo
	err := p.db.View(func(txn *storage.Txn) error {
		x, err := loadIndex(txn)
		if err != nil {
			return err
		}
		for i, m := range x.Sets {
			draft, err := txn.Get(storage.CriteriaDraftKey(m.ID))
			if err != nil {
				return fmt.Errorf("engine: draft of criteria set %q: %w", m.ID, err)
			}
			out = append(out, infoOf(m, i, draft))
		}
		return nil
	})
	return out, err
}

// Publish publishes a set's draft: the set's version grows by one and a new
// published document version is written. Publishing a set whose draft is
// already what is published changes nothing. It returns the document
// version now published.
func (p *Project) Publish(id string) (uint64, error) {
	return p.changeCriteria(func(w *writeTxn, x *criteriaIndex) (bool, error) {
		i := x.find(id)
		if i < 0 {
			return false, notFound("no criteria set %q", id)
		}
		return w.publishDraft(x, i)
	})
}

// publishDraft makes set i's draft its published JSON, re-linting it with
// the current event limit; it reports whether anything changed.
func (w *writeTxn) publishDraft(x *criteriaIndex, i int) (bool, error) {
	m := &x.Sets[i]
	draft, err := w.txn.Get(storage.CriteriaDraftKey(m.ID))
	if err != nil {
		return false, err
	}
	if bytes.Equal(draft, m.Published) {
		return false, nil
	}
	doc, err := criteria.Parse([]byte(`{"count":1,"criteriaSets":[` + string(draft) + `]}`))
	if err != nil {
		return false, err
	}
	if probs := criteria.Lint(doc, criteria.LintOptions{EventLimit: w.s.EventLimit}); len(probs) > 0 {
		return false, &LintError{Problems: probs}
	}
	m.Published, m.Version, m.PublishedAt = draft, m.Version+1, w.at
	return true, nil
}

// Reorder sets the first-match order; ids must list every criteria set
// exactly once. A new document version is written when the order of the
// published sets changes.
func (p *Project) Reorder(ids []string) (uint64, error) {
	return p.changeCriteria(func(_ *writeTxn, x *criteriaIndex) (bool, error) {
		if len(ids) != len(x.Sets) {
			return false, invalid("ids", strings.Join(ids, ","), "lists %d criteria sets; the project has %d", len(ids), len(x.Sets))
		}
		before := publishedIDs(*x)
		next := make([]setMeta, 0, len(ids))
		for _, id := range ids {
			i := x.find(id)
			if i < 0 {
				return false, invalid("ids", id, "is not a criteria set of the project")
			}
			if slices.ContainsFunc(next, func(m setMeta) bool { return m.ID == id }) {
				return false, invalid("ids", id, "is listed twice")
			}
			next = append(next, x.Sets[i])
		}
		x.Sets = next
		return !slices.Equal(before, publishedIDs(*x)), nil
	})
}

// DeleteCriteria deletes a criteria set, draft and published. A new
// document version is written when the set was published.
func (p *Project) DeleteCriteria(id string) (uint64, error) {
	return p.changeCriteria(func(w *writeTxn, x *criteriaIndex) (bool, error) {
		i := x.find(id)
		if i < 0 {
			return false, notFound("no criteria set %q", id)
		}
		wasPublished := x.Sets[i].Published != nil
		x.Sets = slices.Delete(x.Sets, i, i+1)
		return wasPublished, w.txn.Delete(storage.CriteriaDraftKey(id))
	})
}

// ImportCriteria saves every set of an Iterable criteria document as a
// draft (and, with publish, publishes them in one new document version).
// The whole document is linted first: when Lint finds problems nothing
// changes and the error is a *LintError listing them. Existing ids keep
// their place in the order; new ones are appended in document order.
func (p *Project) ImportCriteria(docJSON []byte, publish bool) error {
	doc, err := criteria.Parse(docJSON)
	if err != nil {
		return err
	}
	if probs := criteria.Lint(doc, criteria.LintOptions{EventLimit: p.Settings().EventLimit}); len(probs) > 0 {
		return &LintError{Problems: probs}
	}
	_, err = p.changeCriteria(func(w *writeTxn, x *criteriaIndex) (bool, error) {
		changed := false
		for _, s := range doc.Sets {
			raw, err := marshal(s)
			if err != nil {
				return false, err
			}
			id, _ := s.IDText()
			i := x.find(id)
			if i < 0 {
				x.Sets = append(x.Sets, setMeta{ID: id})
				i = len(x.Sets) - 1
			}
			x.Sets[i].Name, x.Sets[i].UpdatedAt = "", w.at
			if s.Name != nil {
				x.Sets[i].Name = *s.Name
			}
			if err := w.txn.Set(storage.CriteriaDraftKey(id), raw); err != nil {
				return false, err
			}
			if publish {
				c, err := w.publishDraft(x, i)
				if err != nil {
					return false, err
				}
				changed = changed || c
			}
		}
		return changed, nil
	})
	return err
}

// ReplaceCriteria makes a document the project's whole criteria, published,
// in one change: its sets are saved and published in its order, and every
// other set is deleted. It is what a marketer's "publish this file" means,
// and what devices then fetch. Lint problems change nothing (*LintError).
func (p *Project) ReplaceCriteria(docJSON []byte) (uint64, error) {
	doc, err := criteria.Parse(docJSON)
	if err != nil {
		return 0, err
	}
	if probs := criteria.Lint(doc, criteria.LintOptions{EventLimit: p.Settings().EventLimit}); len(probs) > 0 {
		return 0, &LintError{Problems: probs}
	}
	return p.changeCriteria(func(w *writeTxn, x *criteriaIndex) (bool, error) {
		old := x.Sets
		changed := false
		x.Sets = make([]setMeta, 0, len(doc.Sets))
		keep := map[string]bool{}
		for _, s := range doc.Sets {
			id, _ := s.IDText()
			keep[id] = true
			m := setMeta{ID: id}
			for _, o := range old {
				if o.ID == id {
					m = o
				}
			}
			m.Name, m.UpdatedAt = "", w.at
			if s.Name != nil {
				m.Name = *s.Name
			}
			raw, err := marshal(s)
			if err != nil {
				return false, err
			}
			if err := w.txn.Set(storage.CriteriaDraftKey(id), raw); err != nil {
				return false, err
			}
			x.Sets = append(x.Sets, m)
			c, err := w.publishDraft(x, len(x.Sets)-1)
			if err != nil {
				return false, err
			}
			changed = changed || c
		}
		for _, o := range old {
			if !keep[o.ID] {
				if err := w.txn.Delete(storage.CriteriaDraftKey(o.ID)); err != nil {
					return false, err
				}
			}
		}
		return changed || !slices.Equal(publishedIDs(criteriaIndex{Sets: old}), publishedIDs(*x)), nil
	})
}

func publishedIDs(x criteriaIndex) []string {
	var ids []string
	for _, m := range x.Sets {
		if m.Published != nil {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

// changeCriteria runs a change of the criteria index in one transaction;
// when change reports that what is published changed, a new document
// version is written, cached after the commit and announced. It returns
// the published document version.
func (p *Project) changeCriteria(change func(*writeTxn, *criteriaIndex) (bool, error)) (uint64, error) {
	p.critMu.Lock()
	defer p.critMu.Unlock()
	var pub *device.Criteria
	err := p.update(func(w *writeTxn) error {
		pub = nil
		x, err := loadIndex(w.txn)
		if err != nil {
			return err
		}
		republish, err := change(w, &x)
		if err != nil {
			return err
		}
		if republish {
			if pub, err = w.writeDocument(x); err != nil {
				return err
			}
			w.happen(HappeningPublished, 0, "", fmt.Sprintf("criteria version %d published (%d sets)", pub.Version, pub.Compiled.Len()))
		}
		return saveIndex(w.txn, x)
	})
	if err != nil {
		return 0, err
	}
	if pub != nil {
		p.published.Store(pub)
		p.log.Info("criteria published", "version", pub.Version)
	}
	return p.PublishedCriteria().Version, nil
}

// writeDocument writes the next published document version: every
// published set in first-match order, in Iterable's envelope.
func (w *writeTxn) writeDocument(x criteriaIndex) (*device.Criteria, error) {
	ver, err := publishedVersion(w.txn)
	if err != nil {
		return nil, err
	}
	ver++
	ids := publishedIDs(x)
	var buf bytes.Buffer
	buf.WriteString(`{"count":` + strconv.Itoa(len(ids)) + `,"criteriaSets":[`)
	for i, id := range ids {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(x.Sets[x.find(id)].Published)
	}
	buf.WriteString(`]}`)
	c, err := compileDocument(ver, buf.Bytes())
	if err != nil {
		return nil, err
	}
	if err := w.txn.Set(storage.CriteriaKey(ver), c.JSON); err != nil {
		return nil, err
	}
	return c, w.txn.Set(storage.MetaKey(metaCriteriaVersion), binary.BigEndian.AppendUint64(nil, ver))
}

func compileDocument(ver uint64, js []byte) (*device.Criteria, error) {
	compiled, err := criteria.CompileJSON(js)
	if err != nil {
		return nil, fmt.Errorf("engine: compile criteria version %d: %w", ver, err)
	}
	return &device.Criteria{Version: ver, JSON: js, Compiled: compiled}, nil
}

// emptyCriteria is what is published before anything is.
const emptyCriteria = `{"count":0,"criteriaSets":[]}`

// PublishedCriteria returns the published criteria, compiled once (version
// 0 with criteria that match nothing before the first publication).
func (p *Project) PublishedCriteria() device.Criteria { return *p.published.Load() }

// loadPublished reads the current document version into the cache.
func (p *Project) loadPublished() error {
	c, err := compileDocument(0, []byte(emptyCriteria))
	if err != nil {
		return err
	}
	err = p.db.View(func(txn *storage.Txn) error {
		ver, err := publishedVersion(txn)
		if err != nil || ver == 0 {
			return err
		}
		js, err := txn.Get(storage.CriteriaKey(ver))
		if err != nil {
			return fmt.Errorf("engine: criteria version %d: %w", ver, err)
		}
		c, err = compileDocument(ver, js)
		return err
	})
	if err != nil {
		return err
	}
	p.published.Store(c)
	return nil
}
