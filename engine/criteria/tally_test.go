package criteria

import (
	"math/rand/v2"
	"testing"
)

// TestTallyAgreesWithMatch adds and removes records of every corpus vector
// in random orders and checks the tally's verdict against a full Match of
// the records present, after every change.
func TestTallyAgreesWithMatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, v := range loadConformance(t) {
		c, err := CompileJSON(v.Criteria)
		if err != nil {
			t.Fatal(err)
		}
		events, err := DecodeEvents(v.Events)
		if err != nil {
			t.Fatal(err)
		}
		var update any
		if len(v.UserUpdate) > 0 {
			update, _ = DecodeUserUpdate(v.UserUpdate)
		}
		all := NewRecords(events, update)
		tally := c.NewTally()
		present := map[uint64]bool{}
		for step := range 3 * len(all) {
			k := uint64(rng.IntN(len(all) + 1))
			if int(k) < len(all) && (step < len(all) || rng.IntN(2) == 0) {
				tally.Add(k, &all[k])
				present[k] = true
			} else {
				tally.Remove(k)
				delete(present, k)
			}
			var recs []Record
			for i := range all {
				if present[uint64(i)] {
					recs = append(recs, all[i])
				}
			}
			want, wok := c.Match(recs)
			got, gok := tally.Match()
			if want != got || wok != gok || tally.Len() != len(recs) {
				t.Fatalf("%s step %d: tally says %q/%v over %d, Match says %q/%v over %d", v.ID, step, got, gok, tally.Len(), want, wok, len(recs))
			}
		}
		for i := range all {
			tally.Add(uint64(i), &all[i])
		}
		if got, _ := tally.Match(); v.Expect != nil && got != *v.Expect {
			t.Errorf("%s: tally of every record matched %q, want %q", v.ID, got, *v.Expect)
		}
	}
}
