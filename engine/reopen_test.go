package engine

import (
	"errors"
	"slices"
	"testing"

	"limen/engine/device"
	"limen/storage"
)

func TestReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	p, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s := p.Settings()
	s.Type, s.EventLimit, s.MergeOnUnknownToKnown = TypeEmail, 50, false
	if err := p.SetSettings(s); err != nil {
		t.Fatal(err)
	}
	publishSet(t, p, "1", "a")
	if _, _, err := p.SaveDraft([]byte(setJSON("2", "b"))); err != nil {
		t.Fatal(err)
	}
	if err := p.RecordConsent(ctx, device.Consent{DeviceID: "dev-1", Granted: true, At: t0}); err != nil {
		t.Fatal(err)
	}
	req, unknown := createUnknown(t, p, "dev-1", evs("e", "a", 4)...)
	known, err := p.CreateKnownProfile("ann@example.com", "", map[string]any{"vip": true})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Save(ctx, device.Change{State: &device.State{ID: "dev-1", Mode: device.Unknown, Who: device.Identity{UserID: req.UserID}}, Append: localEvents(1, 2)}); err != nil {
		t.Fatal(err)
	}
	wantLedger := ledger(t, p)
	wantCriteria, _ := p.ListCriteria()
	wantDoc := p.PublishedCriteria()

	// A second open of the directory fails with storage's lock error.
	if _, err := Open(Options{Dir: dir}); !errors.Is(err, storage.ErrLocked) {
		t.Fatalf("second Open: %v", err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}

	p, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Settings() != s {
		t.Fatalf("settings %+v, want %+v", p.Settings(), s)
	}
	doc := p.PublishedCriteria()
	if doc.Version != wantDoc.Version || string(doc.JSON) != string(wantDoc.JSON) || !slices.Equal(doc.Compiled.IDs(), []string{"1"}) {
		t.Fatalf("published criteria after reopen: %d %s", doc.Version, doc.JSON)
	}
	if list, _ := p.ListCriteria(); len(list) != 2 || list[0].Status != wantCriteria[0].Status || list[1].Status != StatusDraft {
		t.Fatalf("criteria after reopen: %+v", list)
	}
	if pr, err := p.ProfileByUserID(req.UserID); err != nil || pr.ID != unknown.ID || pr.EventCount != 5 || !pr.Placeholder {
		t.Fatalf("unknown profile after reopen: %+v %v", pr, err)
	}
	if pr, err := p.ProfileByEmail("ann@example.com"); err != nil || pr.ID != known.ID || pr.DataFields["vip"] != true {
		t.Fatalf("known profile after reopen: %+v %v", pr, err)
	}
	if n := len(allEvents(t, p, unknown.ID)); n != 5 {
		t.Fatalf("%d events after reopen", n)
	}
	if got := ledger(t, p); len(got) != len(wantLedger) || got[0].UserID != wantLedger[0].UserID {
		t.Fatalf("ledger after reopen: %+v", got)
	}
	if c, _ := p.ConsentFor(unknown.ID); len(c) != 1 {
		t.Fatalf("consent after reopen: %+v", c)
	}
	st, seqs := loadedSeqs(t, p, "dev-1")
	if st.Who.UserID != req.UserID || !slices.Equal(seqs, []uint64{1, 2}) {
		t.Fatalf("device after reopen: %+v %v", st, seqs)
	}
	if mustCount(t, p, KindUnknown) != 1 || mustCount(t, p, KindKnown) != 1 {
		t.Fatal("counts after reopen")
	}
	// Ids keep growing after a reopen.
	again, err := p.CreateKnownProfile("bob@example.com", "", nil)
	if err != nil || again.ID <= known.ID {
		t.Fatalf("new profile id %d after reopen (last was %d): %v", again.ID, known.ID, err)
	}
	// The repeat of the creation request is still recognised.
	if res, err := p.CreateUnknownUser(ctx, req); err != nil || res.Replayed != 0 {
		t.Fatalf("repeat after reopen: %+v %v", res, err)
	}
}
