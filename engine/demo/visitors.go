package demo

import (
	"context"
	"fmt"
	"time"

	"limen/engine/device"
	"limen/fixtures"
)

// visitor generates one visitor's few days: consent or not, sessions of
// browsing, carts, reading, profile updates, and sometimes a sign-up (into
// an existing customer's email, so merges happen, or a new one).
func (g *generator) visitor(ctx context.Context, i int, known []string, sum *Summary) error {
	platforms := []string{"web", "web", "web", "ios", "android"}
	platform := platforms[g.rng.IntN(len(platforms))]
	now := g.start.Add(time.Duration(g.rng.Int64N(int64(Span * 3 / 4))))
	s := g.p.Settings()
	d := device.New(device.Config{
		ID: fmt.Sprintf("%s-%04d", platform, i+1), Platform: platform, PushOptIn: platform != "web" && g.rng.IntN(2) == 0,
		Backend: g.p, Journal: g.p, EventLimit: s.EventLimit,
		// The device's clock also sets the project's: both live in the
		// simulated days.
		Clock:      func() time.Time { g.serverClock(now); return now },
		Resolution: device.Resolution{ReplayOnVisitorToKnown: true, MergeOnUnknownToKnown: true},
		NewID:      g.newID,
	})
	step := func(out device.Outcome, err error) error {
		now = now.Add(time.Duration(20+g.rng.IntN(160)) * time.Second)
		if err != nil {
			return fmt.Errorf("demo visitor %s: %w", d.ID(), err)
		}
		if out.Stored || out.Sent {
			sum.Events++
		}
		if out.Activated != nil {
			sum.Activated++
		}
		if out.Identified != nil {
			sum.Identified++
		}
		return nil
	}
	catalog := fixtures.Catalog()
	bigSpender := g.rng.IntN(3) == 0
	if err := step(d.StartSession(ctx)); err != nil {
		return err
	}
	if g.rng.IntN(10) < 8 {
		if err := step(d.SetConsent(ctx, true)); err != nil {
			return err
		}
	}
	sessions := 1 + g.rng.IntN(3)
	for si := range sessions {
		if si > 0 {
			now = now.Add(time.Duration(2+g.rng.IntN(20)) * time.Hour)
			if now.After(g.end) {
				break
			}
			out, err := d.StartSession(ctx)
			if err := step(out, err); err != nil {
				return err
			}
			if err := g.respond(ctx, d, out, step); err != nil {
				return err
			}
		}
		for range 2 + g.rng.IntN(7) {
			if err := step(g.action(ctx, d, catalog, bigSpender)); err != nil {
				return err
			}
		}
	}
	if g.rng.IntN(4) == 0 {
		to := device.Identity{Email: fmt.Sprintf("visitor%04d@example.net", i+1)}
		if g.rng.IntN(2) == 0 {
			to = device.Identity{Email: known[g.rng.IntN(len(known))]}
		}
		if err := step(d.Identify(ctx, to, nil)); err != nil {
			return err
		}
		if g.rng.IntN(3) == 0 {
			bought := catalog[g.rng.IntN(len(catalog))]
			return step(d.TrackPurchase(ctx, []device.Item{item(bought, 1)}, bought.Price, nil))
		}
	}
	return nil
}

// action is one thing a browsing visitor does.
func (g *generator) action(ctx context.Context, d *device.Device, catalog []fixtures.Product, bigSpender bool) (device.Outcome, error) {
	p := catalog[g.rng.IntN(len(catalog))]
	if bigSpender && p.Price < 500 && g.rng.IntN(3) > 0 {
		p = catalog[g.rng.IntN(6)] // the furniture at the top of the catalog
	}
	switch n := g.rng.IntN(20); {
	case n < 12:
		return d.Track(ctx, "viewedProduct", map[string]any{"id": p.ID, "name": p.Name, "price": p.Price, "category": p.Category})
	case n < 15:
		return d.Track(ctx, "readArticle", map[string]any{"slug": fmt.Sprintf("guide-%d", g.rng.IntN(30))})
	case n < 18:
		return d.UpdateCart(ctx, []device.Item{item(p, 1+g.rng.IntN(2))})
	default:
		people := fixtures.PeopleData()
		return d.UpdateUser(ctx, map[string]any{"city": people.Cities[g.rng.IntN(len(people.Cities))]})
	}
}

func item(p fixtures.Product, qty int) device.Item {
	return device.Item{ID: p.ID, Name: p.Name, Price: p.Price, Quantity: qty, Categories: p.Categories}
}
