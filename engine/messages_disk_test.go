package engine

import (
	"fmt"
	"testing"
	"time"

	"limen/engine/device"
	"limen/storage"
)

func TestAudienceCountsKeptRebuiltAndChecked(t *testing.T) {
	dir := t.TempDir()
	p, err := Open(Options{Dir: dir, Clock: (&fakeClock{now: t0}).Now})
	if err != nil {
		t.Fatal(err)
	}
	publishSet(t, p, "1", "viewedProduct")
	w := &msgWorld{t: t, p: p, clock: &setClock{now: t0}}
	for i, email := range []string{"", "a@example.com", "b@example.com"} {
		d := w.device(fmt.Sprintf("d%d", i), "web", false)
		w.activate(d, "Lamp", 89)
		if email != "" {
			if _, err := d.Identify(ctx, device.Identity{Email: email}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	mail := Campaign{Name: "Mail", Channel: device.ChannelEmail, Audience: Audience{Kind: AudienceCriteria, CriteriaID: "1"}, Body: "x"}
	mail, _ = p.SaveCampaign(mail)
	eligible := func() int {
		t.Helper()
		all, err := p.AllCampaignStats()
		if err != nil {
			t.Fatal(err)
		}
		return all[mail.ID].Eligible
	}
	if n := eligible(); n != 2 {
		t.Fatalf("eligible %d, want the two converted profiles with a real address", n)
	}
	b, _ := p.ProfileByEmail("b@example.com")
	if _, err := p.Forget(b.ID); err != nil {
		t.Fatal(err)
	}
	if n := eligible(); n != 1 {
		t.Fatalf("eligible after forgetting one: %d", n)
	}
	// A data directory from before campaigns has no counts: they are
	// counted when it opens.
	corrupt(t, p, func(txn *storage.Txn) error { return txn.Delete(storage.MetaKey(metaAudienceCounts)) })
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if p, err = Open(Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	if n := eligible(); n != 1 {
		t.Fatalf("eligible after counting on open: %d", n)
	}
	if vs, err := p.Check(ctx); err != nil || len(vs) != 0 {
		t.Fatalf("check: %v %v", vs, err)
	}
	corrupt(t, p, func(txn *storage.Txn) error {
		return putJSON(txn, storage.MetaKey(metaAudienceCounts), audienceCounts{Version: 1, EmailKnown: 7})
	})
	if vs, _ := p.Check(ctx); len(vs) != 1 || vs[0].Kind != ViolationCounter {
		t.Fatalf("check of wrong counts: %v", vs)
	}
}

// TestMessagesSurviveARestart: a campaign, its delivered message and the
// device's inbox are on disk; after a reopen the restored device clicks
// the message it held and its purchase is credited.
func TestMessagesSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	clock := &setClock{now: t0}
	p, err := Open(Options{Dir: dir, Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	publishSet(t, p, "1", "viewedProduct")
	w := &msgWorld{t: t, p: p, clock: clock}
	d := w.device("d1", "web", false)
	w.activate(d, "Velvet sofa", 1299)
	c := w.campaign(offer())
	if out := w.session(d); len(out.Shown) != 1 {
		t.Fatalf("not shown: %+v", out)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}

	if p, err = Open(Options{Dir: dir, Clock: clock.Now}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	st, events, err := p.LoadDevice("d1")
	if err != nil || len(st.Inbox) != 1 || st.Inbox[0].CampaignID != c.ID {
		t.Fatalf("the device's inbox after the restart: %+v %v", st, err)
	}
	d = device.Restore(device.Config{ID: "d1", Platform: "web", Backend: p, Journal: p, Clock: clock.Now}, st, events, nil)
	if _, err := d.ClickMessage(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Hour)
	out := purchase(t, d, 1169.10)
	if len(out.Credited) != 1 || out.Credited[0].CampaignID != c.ID {
		t.Fatalf("purchase after the restart not credited: %+v", out)
	}
	if got, err := p.Campaign(c.ID); err != nil || got.State != CampaignRunning {
		t.Fatalf("campaign after the restart: %+v %v", got, err)
	}
	if vs, err := p.Check(ctx); err != nil || len(vs) != 0 {
		t.Fatalf("check: %v %v", vs, err)
	}
}
