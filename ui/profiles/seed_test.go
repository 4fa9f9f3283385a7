package profiles

import (
	"context"
	"fmt"
	"time"

	"limen/engine"
	"limen/engine/device"
	"limen/fixtures"
	"limen/ui/uitest"
)

// seedClock is the deterministic clock of a seeded project.
type seedClock = uitest.Clock

// seedStart is when every seeded project starts.
func seedStart() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }

// openSeeded opens an in-memory email-based project and seeds it (see
// seed) with fixed ids and times.
func openSeeded() (*engine.Project, *seedClock, error) {
	clk := uitest.NewClock(seedStart())
	p, err := engine.Open(engine.Options{InMemory: true, Clock: clk.Now, ProjectID: "demo"})
	if err != nil {
		return nil, nil, err
	}
	if err := seed(p, clk); err != nil {
		p.Close()
		return nil, nil, err
	}
	return p, clk, nil
}

// seed makes a small, fully deterministic project: the fixture criteria
// (101–104), three known profiles (one identified by userId only, so with
// a placeholder email), and devices that activate as unknown users; one is
// then merged into ann, one converted to zoe.
func seed(p *engine.Project, clk *seedClock) error {
	ctx := context.Background()
	s := p.Settings()
	s.Type = engine.TypeEmail
	if err := p.SetSettings(s); err != nil {
		return err
	}
	if _, err := p.ReplaceCriteria(fixtures.Criteria()); err != nil {
		return err
	}
	known := []struct {
		email, userID string
		fields        map[string]any
	}{
		{"ann@example.com", "ann", map[string]any{"tier": "gold", "firstName": "Ann", "city": "Lyon"}},
		{"bob@example.com", "", map[string]any{"firstName": "Bob", "prefs": map[string]any{"newsletter": true, "topics": []any{"design", "sofas"}}}},
		{"", "dave-77", map[string]any{"firstName": "Dave"}},
	}
	for _, k := range known {
		if _, err := p.CreateKnownProfile(k.email, k.userID, k.fields); err != nil {
			return err
		}
		clk.Advance(time.Minute)
	}
	n := 0
	newID := func() string {
		n++
		return fmt.Sprintf("%08x-0000-4000-8000-%012x", n, n)
	}
	dev := func(id string) *device.Device {
		return device.New(device.Config{ID: id, Platform: "web", Backend: p, Journal: p, Clock: clk.Now, NewID: newID,
			Resolution: device.Resolution{ReplayOnVisitorToKnown: true, MergeOnUnknownToKnown: true}})
	}
	step := func(err error) error { clk.Advance(10 * time.Second); return err }
	view := func(d *device.Device, name string, price float64) error {
		_, err := d.Track(ctx, "viewedProduct", map[string]any{"name": name, "price": price, "category": "furniture"})
		return step(err)
	}
	consent := func(d *device.Device) error {
		if _, err := d.SetConsent(ctx, true); err != nil {
			return err
		}
		_, err := d.StartSession(ctx)
		return step(err)
	}
	bigTicket := func(d *device.Device) error {
		for _, pr := range []struct {
			name  string
			price float64
		}{{"Velvet sofa", 1299}, {"Oak dining table", 899}, {"Velvet sofa", 1299}} {
			if err := view(d, pr.name, pr.price); err != nil {
				return err
			}
		}
		return nil
	}
	var errs []error
	try := func(err error) { errs = append(errs, err) }

	d1 := dev("d1") // stays unknown (101)
	try(consent(d1))
	try(bigTicket(d1))
	_, err := d1.UpdateUser(ctx, map[string]any{"city": "Paris", "newsletter": true})
	try(step(err))

	d2 := dev("d2") // 101, then signs up as ann: merged into ann
	try(consent(d2))
	_, err = d2.UpdateUser(ctx, map[string]any{"tier": "silver", "favourite": map[string]any{"room": "living"}})
	try(step(err))
	try(bigTicket(d2))
	clk.Advance(time.Hour)
	_, err = d2.Identify(ctx, device.Identity{Email: "ann@example.com"}, nil)
	try(step(err))

	d3 := dev("d3") // 102 (gift in the cart), then converted to zoe
	try(consent(d3))
	_, err = d3.UpdateCart(ctx, []device.Item{{ID: "mug-1", Name: "Gift mug", Price: 12, Quantity: 2, Categories: []string{"gift", "kitchen"}}})
	try(step(err))
	_, err = d3.Identify(ctx, device.Identity{Email: "zoe@example.com"}, nil)
	try(step(err))

	d4 := dev("d4") // 104 (Paris window shopper), stays unknown
	try(consent(d4))
	_, err = d4.UpdateUser(ctx, map[string]any{"city": "Paris"})
	try(step(err))
	try(view(d4, "Brass floor lamp", 89))
	try(view(d4, "Rattan chair", 149))

	d5 := dev("d5") // 101, stays unknown
	try(consent(d5))
	try(bigTicket(d5))
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
