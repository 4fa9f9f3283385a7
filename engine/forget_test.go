package engine

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"limen/engine/device"
	"limen/storage"
)

func TestLedgersAndForget(t *testing.T) {
	p := openProject(t, TypeEmail)
	publishSet(t, p, "1", "a")
	ann := device.Identity{Email: "ann@example.com"}
	dst, err := p.CreateKnownProfile(ann.Email, "ann-id", map[string]any{"secret": "x"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Track(ctx, ann, evs("k", "a", 1500)); err != nil { // more than one Forget chunk
		t.Fatal(err)
	}
	for _, c := range []device.Consent{
		{DeviceID: "dev-1", Granted: true, At: t0},
		{DeviceID: "dev-2", Granted: true, At: t0.Add(1), Who: ann}, // linked at once
		{DeviceID: "dev-3", Granted: true, At: t0.Add(2)},           // never attached
	} {
		if err := p.RecordConsent(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	req, src := createUnknown(t, p, "dev-1", evs("u", "a", 3)...)
	if _, err := p.Identify(ctx, device.IdentifyRequest{DeviceID: "dev-1", From: device.Identity{UserID: req.UserID}, FromUnknown: true, Merge: true, To: ann}); err != nil {
		t.Fatal(err)
	}
	other, _ := p.CreateKnownProfile("bob@example.com", "", nil)

	l := ledger(t, p)
	ops := make([]string, len(l))
	for i, e := range l {
		ops[i] = e.Op
		if e.Seq == 0 || e.At.IsZero() {
			t.Errorf("entry %d lacks seq or time: %+v", i, e)
		}
	}
	if strings.Join(ops, ",") != "create,create,merge,create" || l[1].ProfileID != src.ID || l[2].FromProfileID != src.ID {
		t.Fatalf("ledger ops %v: %+v", ops, l)
	}
	if page, _ := p.IdentityLedger(l[1].Seq, 1); len(page) != 1 || page[0].Seq != l[2].Seq {
		t.Fatalf("IdentityLedger(after %d, 1) = %+v", l[1].Seq, page)
	}
	mine, err := p.LedgerFor(dst.ID)
	if err != nil || len(mine) != 3 {
		t.Fatalf("LedgerFor: %d entries, %v", len(mine), err)
	}
	all, next, err := p.ConsentLedger("", 2)
	if err != nil || len(all) != 2 || next == "" {
		t.Fatalf("ConsentLedger page 1: %+v %q %v", all, next, err)
	}
	rest, next, err := p.ConsentLedger(next, 2)
	if err != nil || len(rest) != 1 || next != "" || rest[0].DeviceID != "dev-3" || rest[0].ProfileID != 0 {
		t.Fatalf("ConsentLedger page 2: %+v %q %v", rest, next, err)
	}
	if c, _ := p.ConsentFor(dst.ID); len(c) != 2 || c[0].DeviceID != "dev-1" || c[1].DeviceID != "dev-2" {
		t.Fatalf("ConsentFor before Forget: %+v", c)
	}

	sub, cancel := p.Subscribe()
	defer cancel()
	res, err := p.Forget(dst.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (ForgetResult{ProfileID: dst.ID, Events: 1504, Consents: 2, LedgerRedacted: 3}); res != want {
		t.Fatalf("Forget = %+v, want %+v", res, want)
	}
	if h := <-sub; h.Kind != HappeningDeleted || h.ProfileID != dst.ID || h.UserID != "" {
		t.Fatalf("happening %+v", h)
	}
	if _, err := p.Profile(dst.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("profile survived: %v", err)
	}
	for _, prefix := range [][]byte{storage.EventPrefix(dst.ID), storage.EventIDPrefix(dst.ID),
		storage.EmailIndexPrefix(ann.Email), storage.UserIDIndexPrefix("ann-id")} {
		if n := indexEntries(t, p, prefix); n != 0 {
			t.Fatalf("%d keys left under %x", n, prefix)
		}
	}
	if n := mustCount(t, p, ""); n != 1 {
		t.Fatalf("%d profiles left, want 1", n)
	}
	// No personal data is left in the ledgers.
	raw, _ := json.Marshal(ledger(t, p))
	for _, secret := range []string{"ann@example.com", "ann-id", req.UserID, src.Email, `"secret"`, "dev-1"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("identity ledger still contains %q", secret)
		}
	}
	l = ledger(t, p)
	if len(l) != 5 || !l[0].Redacted || !l[1].Redacted || !l[2].Redacted || l[3].Redacted || l[3].Email != "bob@example.com" ||
		l[4].Op != OpDelete || l[4].ProfileID != dst.ID || l[4].Kind != KindKnown {
		t.Fatalf("ledger after Forget %+v", l)
	}
	consents, _, _ := p.ConsentLedger("", 10)
	raw, _ = json.Marshal(consents)
	if strings.Contains(string(raw), "ann@example.com") {
		t.Error("consent ledger still names the person")
	}
	for _, c := range consents {
		if c.ProfileID != 0 {
			t.Errorf("consent still linked: %+v", c)
		}
	}
	if _, err := p.Forget(dst.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Forget: %v", err)
	}
	if pr, err := p.Profile(other.ID); err != nil || pr.Email != "bob@example.com" {
		t.Fatalf("another profile was touched: %+v %v", pr, err)
	}
}

// TestForgetResumes: a Forget interrupted after deleting events (simulated
// by deleting them by hand) completes when run again.
func TestForgetResumes(t *testing.T) {
	p := openProject(t, TypeHybrid)
	pr, _ := p.CreateKnownProfile("ann@example.com", "", nil)
	if _, err := p.Track(ctx, device.Identity{Email: "ann@example.com"}, evs("k", "a", 10)); err != nil {
		t.Fatal(err)
	}
	if n, err := p.deleteEventChunk(pr.ID); err != nil || n != 10 {
		t.Fatalf("deleteEventChunk: %d %v", n, err)
	}
	res, err := p.Forget(pr.ID)
	if err != nil || res.Events != 0 {
		t.Fatalf("resumed Forget: %+v %v", res, err)
	}
	if mustCount(t, p, "") != 0 {
		t.Fatal("profile left")
	}
}
