package profiles

import (
	"fmt"
	"strings"

	"limen/engine"
	"limen/ui"
)

// filter is what the table lists and in which order.
type filter struct {
	Kind       string // "", engine.KindUnknown or engine.KindKnown
	CriteriaID string // "" for every criteria set
	Prefix     string // email or userId prefix ("" for no search)
	Order      string // engine.OrderCreated or engine.OrderActivity
	Desc       bool
}

// defaultFilter lists every profile, newest first.
func defaultFilter() filter { return filter{Order: engine.OrderCreated, Desc: true} }

// query is the engine query of one page of the filtered listing.
func (f filter) query(after engine.Cursor, limit int) engine.ProfileQuery {
	return engine.ProfileQuery{Kind: f.Kind, CriteriaID: f.CriteriaID, Prefix: f.Prefix,
		Order: f.Order, Desc: f.Desc, After: after, Limit: limit}
}

// nextKind cycles all → unknown → known → all.
func nextKind(k string) string {
	switch k {
	case "":
		return engine.KindUnknown
	case engine.KindUnknown:
		return engine.KindKnown
	}
	return ""
}

// nextCriteria cycles all → each criteria id in order → all.
func nextCriteria(cur string, ids []string) string {
	if cur == "" {
		if len(ids) == 0 {
			return ""
		}
		return ids[0]
	}
	for i, id := range ids {
		if id == cur && i+1 < len(ids) {
			return ids[i+1]
		}
	}
	return ""
}

// countCap is how many search matches are counted before saying "1,000+".
const countCap = 1000

// matchCount is what is known of how many profiles the filter matches.
type matchCount struct {
	Ready bool // false while counting
	N     int
	// Capped: counting stopped at the cap; N is a lower bound.
	Capped bool
	// Shown: N counts the rows loaded so far, because counting every
	// match would read every profile; more may match.
	Shown bool
	Err   string
}

// counted returns the match count of the filter, given how many rows are
// loaded and whether all are: a fully loaded listing is counted exactly;
// otherwise a criteria filter without a search is not counted (too slow)
// and the loaded rows are reported as shown. It reports false when the
// count must be asked of the engine.
func counted(f filter, loaded int, complete bool) (matchCount, bool) {
	switch {
	case complete:
		return matchCount{Ready: true, N: loaded}, true
	case f.CriteriaID != "" && f.Prefix == "":
		return matchCount{Ready: true, N: loaded, Shown: true}, true
	}
	return matchCount{}, false
}

// filterLine says what is listed and how many match, and in which order.
func filterLine(f filter, names map[string]string, c matchCount) string {
	var parts []string
	if f.Prefix != "" {
		parts = append(parts, fmt.Sprintf("search %q", f.Prefix))
	}
	if f.Kind != "" {
		parts = append(parts, f.Kind+" only")
	}
	if f.CriteriaID != "" {
		parts = append(parts, "activated by "+criteriaLabel(f.CriteriaID, names))
	}
	what := "all profiles"
	if len(parts) > 0 {
		what = strings.Join(parts, " · ")
	}
	return what + " — " + countText(f, c) + " · " + orderText(f)
}

func countText(f filter, c matchCount) string {
	noun := "profile"
	if f.Prefix != "" {
		noun = "match"
	}
	nouns := noun + "s"
	if noun == "match" {
		nouns = "matches"
	}
	switch {
	case c.Err != "":
		return "count failed"
	case !c.Ready:
		return "counting…"
	case c.Capped:
		return ui.Thousands(c.N) + "+ " + nouns
	case c.Shown:
		return ui.Thousands(c.N) + " shown, more not counted"
	case c.N == 1:
		return "1 " + noun
	}
	return ui.Thousands(c.N) + " " + nouns
}

func orderText(f filter) string {
	switch {
	case f.Prefix != "":
		return "by email, then userId"
	case f.Order == engine.OrderActivity && f.Desc:
		return "latest activity first"
	case f.Order == engine.OrderActivity:
		return "earliest activity first"
	case f.Desc:
		return "newest first"
	}
	return "oldest first"
}
