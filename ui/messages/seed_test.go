package messages

import (
	"context"
	"fmt"
	"testing"
	"time"

	"limen/engine"
	"limen/engine/device"
	"limen/fixtures"
	"limen/ui/uitest"
)

// seedClock is the deterministic clock of a seeded project.
type seedClock = uitest.Clock

// world is a seeded project and its devices.
type world struct {
	t    *testing.T
	p    *engine.Project
	clk  *seedClock
	devs map[string]*device.Device
	n    int // ids handed out
}

// offer is the demo's campaign.
func offer() engine.Campaign {
	return engine.Campaign{Name: "10% off what you viewed", Channel: device.ChannelInApp,
		Audience: engine.Audience{Kind: engine.AudienceUnknown}, Title: "Still thinking about the {{last.viewedProduct.name}}?",
		Body: "{{discount}}% off today: {{discounted last.viewedProduct.price}}", Button: "Shop now", Discount: 10}
}

// banner is an embedded campaign for the big-ticket browsers.
func banner() engine.Campaign {
	return engine.Campaign{Name: "Home banner for big spenders", Channel: device.ChannelEmbedded, Placement: "home",
		Audience: engine.Audience{Kind: engine.AudienceCriteria, CriteriaID: "101"},
		Title:    "Hi {{defaultIfEmpty firstName \"there\"}}", Body: "Free delivery on {{last.viewedProduct.name}}", Button: "See it"}
}

// newWorld opens an in-memory email project with the fixture criteria
// (101–104), two known customers, and three visitors who activate 101 as
// unknown users (d1, d2, d3) plus one Parisian (d4, 104). With campaigns,
// it also runs the seed's story: the banner reaches d1 and d2 and is
// stopped; the offer runs, d1 clicks it and buys the sofa, d2 dismisses
// it.
func newWorld(t *testing.T, campaigns bool) *world {
	t.Helper()
	clk := uitest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	p, err := engine.Open(engine.Options{InMemory: true, Clock: clk.Now, ProjectID: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	w := &world{t: t, p: p, clk: clk, devs: map[string]*device.Device{}}
	s := p.Settings()
	s.Type = engine.TypeEmail
	w.must(p.SetSettings(s))
	_, err = p.ReplaceCriteria(fixtures.Criteria())
	w.must(err)
	for _, k := range []struct{ email, first string }{{"ann@example.com", "Ann"}, {"bob@example.com", ""}} {
		_, err := p.CreateKnownProfile(k.email, "", map[string]any{"firstName": k.first})
		w.must(err)
		clk.Advance(time.Minute)
	}
	for _, id := range []string{"d1", "d2", "d3"} {
		d := w.device(id)
		w.view(d, "Velvet sofa", 1299)
		w.view(d, "Oak dining table", 899)
		w.view(d, "Velvet sofa", 1299)
	}
	d4 := w.device("d4")
	w.step(d4.UpdateUser(context.Background(), map[string]any{"city": "Paris"}))
	w.view(d4, "Brass floor lamp", 89)
	w.view(d4, "Rattan chair", 149)
	if !campaigns {
		return w
	}
	b := w.start(banner())
	w.session("d1")
	w.session("d2")
	_, err = p.StopCampaign(b.ID)
	w.must(err)
	clk.Advance(time.Minute)
	o := w.start(offer())
	w.session("d1")
	w.session("d2")
	w.step(w.devs["d1"].ClickMessage(context.Background(), o.ID))
	w.purchase("d1", 1169.1)
	w.must(p.RecordMessage(context.Background(), device.MessageAction{Who: w.who("d2"), CampaignID: o.ID, Action: device.ActionDismissed}))
	return w
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) step(_ any, err error) {
	w.t.Helper()
	w.must(err)
	w.clk.Advance(10 * time.Second)
}

// device makes a consenting web visitor with a session.
func (w *world) device(id string) *device.Device {
	w.t.Helper()
	d := device.New(device.Config{ID: id, Platform: "web", Backend: w.p, Journal: w.p, Clock: w.clk.Now,
		NewID:      func() string { w.n++; return fmt.Sprintf("%08x-0000-4000-8000-%012x", w.n, w.n) },
		Resolution: device.Resolution{ReplayOnVisitorToKnown: true, MergeOnUnknownToKnown: true}})
	w.devs[id] = d
	w.step(d.SetConsent(context.Background(), true))
	w.step(d.StartSession(context.Background()))
	return d
}

func (w *world) view(d *device.Device, name string, price float64) {
	w.t.Helper()
	w.step(d.Track(context.Background(), "viewedProduct", map[string]any{"name": name, "price": price, "category": "furniture"}))
}

// session starts a new session on a device: running campaigns deliver.
func (w *world) session(id string) {
	w.t.Helper()
	w.step(w.devs[id].StartSession(context.Background()))
}

func (w *world) purchase(id string, total float64) {
	w.t.Helper()
	w.step(w.devs[id].TrackPurchase(context.Background(), []device.Item{{ID: "sofa", Name: "Velvet sofa", Price: total, Quantity: 1}}, total, nil))
}

func (w *world) who(id string) device.Identity {
	st, _ := w.devs[id].Snapshot()
	return st.Who
}

// start saves and starts a campaign.
func (w *world) start(c engine.Campaign) engine.Campaign {
	w.t.Helper()
	c, err := w.p.SaveCampaign(c)
	w.must(err)
	c, err = w.p.StartCampaign(c.ID)
	w.must(err)
	w.clk.Advance(time.Minute)
	return c
}

// campaign finds a campaign by name.
func (w *world) campaign(name string) engine.Campaign {
	w.t.Helper()
	c, err := w.p.CampaignByName(name)
	w.must(err)
	return c
}
