package engine

import (
	"fmt"
	"testing"

	"limen/engine/device"
)

// benchMessages is a project with n unknown profiles (100 events each
// for the first) and a running in-app offer delivered to all of them.
func benchMessages(b *testing.B, n int) (*Project, []device.Identity, Campaign) {
	b.Helper()
	p, err := Open(Options{InMemory: true, Clock: (&fakeClock{now: t0}).Now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = p.Close() })
	if _, _, err := p.SaveDraft([]byte(setJSON("1", "viewedProduct"))); err != nil {
		b.Fatal(err)
	}
	if _, err := p.Publish("1"); err != nil {
		b.Fatal(err)
	}
	c, err := p.SaveCampaign(offer())
	if err != nil {
		b.Fatal(err)
	}
	if c, err = p.StartCampaign(c.ID); err != nil {
		b.Fatal(err)
	}
	who := make([]device.Identity, n)
	for i := range n {
		events := []device.Event{ev(fmt.Sprintf("v%d", i), "viewedProduct", 0, map[string]any{"name": "Sofa", "price": 1299.0})}
		if i == 0 {
			events = append(events, evs("e", "browse", 100)...)
		}
		req := unknownReq(p, fmt.Sprintf("dev-%d", i), events...)
		res, err := p.CreateUnknownUser(ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		who[i] = device.Identity{UserID: res.UserID}
		if _, err := p.FetchMessages(ctx, device.MessageRequest{DeviceID: req.DeviceID, Platform: "web", Who: who[i]}); err != nil {
			b.Fatal(err)
		}
	}
	return p, who, c
}

// BenchmarkFetchMessagesDelivered is a session start of a person whose
// in-app offer is delivered but not yet shown: the message is read and
// returned again.
func BenchmarkFetchMessagesDelivered(b *testing.B) {
	p, who, _ := benchMessages(b, 1)
	req := device.MessageRequest{DeviceID: "dev-0", Platform: "web", Who: who[0]}
	b.ReportAllocs()
	for b.Loop() {
		if msgs, err := p.FetchMessages(ctx, req); err != nil || len(msgs) != 1 {
			b.Fatal(msgs, err)
		}
	}
}

// BenchmarkFetchMessagesNoCampaign is a session start with no campaign
// running: it must cost next to nothing.
func BenchmarkFetchMessagesNoCampaign(b *testing.B) {
	p, who, c := benchMessages(b, 1)
	if _, err := p.StopCampaign(c.ID); err != nil {
		b.Fatal(err)
	}
	req := device.MessageRequest{DeviceID: "dev-0", Platform: "web", Who: who[0]}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.FetchMessages(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCampaignStats10k reads the figures of a campaign delivered to
// 10,000 profiles (what the Messages tab polls every second).
func BenchmarkCampaignStats10k(b *testing.B) {
	p, _, c := benchMessages(b, 10_000)
	b.ReportAllocs()
	for b.Loop() {
		all, err := p.AllCampaignStats()
		if err != nil || all[c.ID].Delivered != 10_000 {
			b.Fatal(all[c.ID], err)
		}
	}
}

// BenchmarkCampaignStatsCriteriaAudience100k reads the figures when a
// campaign's audience is a criteria set, on 100,000 profiles: who is
// eligible comes from the audience counters, not from reading profiles.
func BenchmarkCampaignStatsCriteriaAudience100k(b *testing.B) {
	p, err := Open(Options{InMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = p.Close() })
	if _, _, err := p.SaveDraft([]byte(setJSON("1", "viewedProduct"))); err != nil {
		b.Fatal(err)
	}
	if err := p.BulkLoadProfiles(ctx, 100_000, 0, 1, nil); err != nil {
		b.Fatal(err)
	}
	c := offer()
	c.Audience = Audience{Kind: AudienceCriteria, CriteriaID: "1"}
	if _, err := p.SaveCampaign(c); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.AllCampaignStats(); err != nil {
			b.Fatal(err)
		}
	}
}
