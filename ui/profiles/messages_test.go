package profiles

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"limen/engine"
	"limen/engine/device"
)

// seedMessages adds a running in-app campaign to a seeded project and two
// visitors who get it: d6 activates, is shown the offer, clicks, buys the
// sofa and then signs up as bob (so the message is merged into bob's
// profile); d7 activates and dismisses it.
func seedMessages(t *testing.T, p *engine.Project, clk *seedClock) engine.Campaign {
	t.Helper()
	ctx := context.Background()
	c, err := p.SaveCampaign(engine.Campaign{Name: "10% off what you viewed", Channel: device.ChannelInApp,
		Audience: engine.Audience{Kind: engine.AudienceUnknown}, Title: "Still thinking about the {{last.viewedProduct.name}}?",
		Body: "{{discount}}% off today: {{discounted last.viewedProduct.price}}", Button: "Shop now", Discount: 10})
	if err == nil {
		c, err = p.StartCampaign(c.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	n := 100
	newID := func() string {
		n++
		return fmt.Sprintf("%08x-0000-4000-8000-%012x", n, n)
	}
	step := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(10 * time.Second)
	}
	visitor := func(id string) *device.Device {
		d := device.New(device.Config{ID: id, Platform: "web", Backend: p, Journal: p, Clock: clk.Now, NewID: newID,
			Resolution: device.Resolution{ReplayOnVisitorToKnown: true, MergeOnUnknownToKnown: true}})
		step(d.SetConsent(ctx, true))
		step(d.StartSession(ctx))
		for _, pr := range []struct {
			name  string
			price float64
		}{{"Velvet sofa", 1299}, {"Oak dining table", 899}, {"Velvet sofa", 1299}} {
			step(d.Track(ctx, "viewedProduct", map[string]any{"name": pr.name, "price": pr.price}))
		}
		step(d.StartSession(ctx)) // the offer is delivered and shown
		return d
	}
	d6 := visitor("d6")
	step(d6.ClickMessage(ctx, c.ID))
	step(d6.TrackPurchase(ctx, []device.Item{{ID: "sofa", Name: "Velvet sofa", Price: 1169.1, Quantity: 1}}, 1169.1, nil))
	step(d6.Identify(ctx, device.Identity{Email: "bob@example.com"}, nil))
	visitor("d7")
	return c
}

func TestMessageLines(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	m := engine.Message{CampaignID: 1, Channel: device.ChannelInApp, Title: "Hi", Body: "10% off", Button: "Shop",
		DeviceID: "d6", DeliveredAt: at, Shows: 1, ShownAt: at, Clicks: 2, ClickedAt: at.Add(time.Minute),
		Purchases: 1, Revenue: 1169.1, ConvertedAt: at.Add(2 * time.Minute), MergedFrom: 9}
	ledger := []engine.LedgerEntry{{Op: engine.OpMerge, FromProfileID: 9, FromUserID: "00000065-0000-4000-8000-000000000065"}}
	want := [][2]string{
		{"delivered", "2026-03-02 10:00:00 on device d6"},
		{"shown", "2026-03-02 10:00:00"},
		{"clicked", "2026-03-02 10:01:00 (the latest) · 2 clicks"},
		{"converted", "2026-03-02 10:02:00 · 1 purchase · revenue 1,169.10"},
		{"merged", "from unknown 00000065… (profile #9)"},
		{"said", "Hi · 10% off · [Shop]"},
	}
	if got := messageLines(m, ledger); !reflect.DeepEqual(got, want) {
		t.Errorf("messageLines:\n got %q\nwant %q", got, want)
	}
	email := engine.Message{Channel: device.ChannelEmail, Body: "Hi", Email: "bea@example.com", DeliveredAt: at, DismissedAt: at}
	got := messageLines(email, nil)
	if got[0][1] != "2026-03-02 10:00:00 to bea@example.com" || got[1][1] != "—" || got[4] != [2]string{"dismissed", "2026-03-02 10:00:00"} {
		t.Errorf("email message lines %q", got)
	}
	if s := mergedFromText(4, nil); s != "from profile #4" {
		t.Errorf("merged without a ledger entry: %q", s)
	}
	for f, want := range map[float64]string{0: "0.00", 1169.1: "1,169.10", 1234567.891: "1,234,567.89", -2.5: "-2.50"} {
		if got := money(f); got != want {
			t.Errorf("money(%v) = %q, want %q", f, got, want)
		}
	}
	if channelText(engine.Message{Channel: device.ChannelEmbedded, Placement: "home"}) != "embedded in home" {
		t.Error("embedded channel text")
	}
}

// TestDetailShowsMessages opens bob's detail after the seed: his message
// came with the unknown profile merged into him, with every step's time
// and the revenue; d7's unknown profile shows the dismissal.
func TestDetailShowsMessages(t *testing.T) {
	p, clk, err := openSeeded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	seedMessages(t, p, clk)
	h := newHarnessOn(t, p, clk, 120, 36)
	h.selectWhere(func(pr engine.Profile) bool { return pr.Email == "bob@example.com" })
	d := &h.m.detail
	if len(d.messages) != 1 || d.campaigns[d.messages[0].CampaignID] != "10% off what you viewed" {
		t.Fatalf("bob's messages %+v, names %v", d.messages, d.campaigns)
	}
	doc := stripStyles(strings.Join(func() []string {
		var out []string
		for _, l := range d.lines {
			out = append(out, l.text)
		}
		return out
	}(), "\n"))
	for _, want := range []string{"MESSAGES 1 message, newest first", "10% off what you viewed · in-app",
		"converted", "revenue 1,169.10", "merged    from unknown 00000068…", "Still thinking about the Velvet sofa?"} {
		if !strings.Contains(doc, want) {
			t.Errorf("bob's detail lacks %q:\n%s", want, doc)
		}
	}
}

func TestGoldenMessages(t *testing.T) {
	for _, s := range [][2]int{{120, 36}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(t *testing.T) {
			p, clk, err := openSeeded()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = p.Close() })
			seedMessages(t, p, clk)
			h := newHarnessOn(t, p, clk, s[0], s[1])
			h.selectWhere(func(pr engine.Profile) bool { return pr.Email == "bob@example.com" })
			h.keys("enter")
			d := &h.m.detail
			for !strings.Contains(d.current().text, "said") {
				if d.cursor == len(d.lines)-1 {
					t.Fatal("no message in bob's detail")
				}
				h.keys("down")
			}
			golden.RequireEqual(t, []byte(h.m.View()))
		})
	}
}
